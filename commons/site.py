"""What the build hooks need: the validated corpus, loaded once per build and cached."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from commons.corpus import Corpus, discover, load
from commons.problems import Problem
from commons.schemas import Schemas, schemas_dir
from commons.validate import DATA_FILES, check, errors, load_data


@dataclass
class Site:
    """The repository's corpus, schemas and problems."""

    root: Path
    corpus: Corpus
    schemas: Schemas
    problems: list[Problem]
    data: dict

    @property
    def errors(self) -> list[Problem]:
        """Problems that must fail the build."""
        return errors(self.problems)


_cache: dict[Path, tuple[tuple, Site]] = {}


def fingerprint(root: Path) -> tuple:
    """Names, sizes and times of every input, so an unchanged repository is not re-read."""
    paths = discover(root) + sorted(schemas_dir(root).rglob("*.json"))
    paths += [p for p in (root / "data").glob("*.yml")] if (root / "data").is_dir() else []
    stats = []
    for path in paths:
        st = os.stat(path)
        stats.append((str(path), st.st_size, st.st_mtime_ns))
    return tuple(stats)


def load_site(root: Path) -> Site:
    """Load and validate the repository at `root`, reusing the last result if nothing changed.

    static-i18n builds the site once per language in one process: this keeps validation to once.
    """
    root = Path(root).resolve()
    key = fingerprint(root)
    cached = _cache.get(root)
    if cached and cached[0] == key:
        return cached[1]
    corpus = load(root)
    schemas = Schemas.for_root(root)
    data = {rel: load_data(root, rel, schemas)[0] for rel in DATA_FILES}
    site = Site(root, corpus, schemas, check(corpus, schemas), data)
    _cache[root] = (key, site)
    return site


def current_site(root: Path) -> Site:
    """The site loaded by this build's `on_config`, without checking the files again.

    Page events run once per page: re-reading the file list there would cost O(pages²).
    """
    cached = _cache.get(Path(root).resolve())
    return cached[1] if cached else load_site(root)
