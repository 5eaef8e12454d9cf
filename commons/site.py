"""What the build needs: the validated corpus, loaded once per build and cached."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from commons.background import in_background
from commons.categories import members
from commons.corpus import Corpus, discover, load
from commons.glossary_links import GlossaryLinker, linker_for
from commons.history import FileHistory, read_history
from commons.linkgraph import related_cases
from commons.problems import Problem
from commons.schemas import Schemas, schemas_dir
from commons.validate import DATA_FILES, check, errors, read_data


@dataclass
class Site:
    """The repository's corpus, schemas and problems."""

    root: Path
    corpus: Corpus
    schemas: Schemas
    verdict: Callable[[], list[Problem]] = field(repr=False)
    data: dict
    _linkers: dict = field(default_factory=dict, repr=False)

    @cached_property
    def problems(self) -> list[Problem]:
        """Every problem the checks found; waits for them when they run in the background."""
        return self.verdict()

    @property
    def errors(self) -> list[Problem]:
        """Problems that must fail the build."""
        return errors(self.problems)

    @cached_property
    def history(self) -> dict[str, FileHistory]:
        """Git history of every content file, read once per build."""
        return read_history(self.root)

    @cached_property
    def related(self) -> dict[str, list[str]]:
        """Related case slugs by case slug."""
        return related_cases(self.corpus, self.schemas)

    @cached_property
    def categories(self) -> dict:
        """Slugs per collection under each (kind, value) in use."""
        return members(self.corpus, self.schemas)

    def linker(self, lang: str) -> GlossaryLinker:
        """The glossary linker for text in `lang`, built once per language."""
        if lang not in self._linkers:
            self._linkers[lang] = linker_for(self.corpus, lang)
        return self._linkers[lang]


_cache: dict[Path, tuple[tuple, Site]] = {}
# The fingerprint and site loaded last, which `mkdocs serve`'s preview starts from.
_last: list[tuple[tuple, Site]] = []


def fingerprint(root: Path) -> tuple:
    """Names, sizes and times of every input, so an unchanged repository is not re-read."""
    paths = discover(root) + sorted(schemas_dir(root).rglob("*.json"))
    paths += [p for p in (root / "data").glob("*.yml")] if (root / "data").is_dir() else []
    stats = []
    for path in paths:
        st = os.stat(path)
        stats.append((str(path), st.st_size, st.st_mtime_ns))
    return tuple(stats)


def load_site(root: Path, background: bool = False) -> Site:
    """Load and validate the repository at `root`, reusing the last result if nothing changed.

    static-i18n builds the site once per language in one process: this keeps validation to once.
    With `background`, the checks run in a second process and `Site.problems` waits for them,
    so the build can list files meanwhile.
    """
    root = Path(root).resolve()
    key = fingerprint(root)
    cached = _cache.get(root)
    if cached and cached[0] == key:
        return cached[1]
    corpus = load(root)
    schemas = Schemas.for_root(root)
    data = {rel: read_data(root, rel) for rel in DATA_FILES}
    verdict = in_background(check, corpus, schemas) if background else _now(check(corpus, schemas))
    site = Site(root, corpus, schemas, verdict, data)
    _cache[root] = (key, site)
    _last[:] = [(key, site)]
    return site


def last_loaded() -> tuple[tuple, Site] | None:
    """The fingerprint and site `load_site` loaded last, if any."""
    return _last[0] if _last else None


def _now(problems: list[Problem]) -> Callable[[], list[Problem]]:
    """A verdict already known."""
    return lambda: problems
