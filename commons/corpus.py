"""The content model: collections, their entries in each language, and how they are found."""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from commons import SOURCE_LANGUAGE
from commons.frontmatter import Document, FrontMatterError, parse

FILE_NAME = re.compile(r"^(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?P<lang>[A-Za-z_-]+)\.md$")


@dataclass(frozen=True)
class Collection:
    """A folder of structured content validated against one schema."""

    name: str
    schema: str
    folder: str
    outside_docs: bool
    label: str

    def url(self, slug: str) -> str:
        """Site path of an entry, relative to a language root."""
        prefix = self.folder.removeprefix("docs/").removeprefix("docs")
        if slug == "index":
            return f"{prefix}/" if prefix else ""
        if slug.endswith("/index"):  # a page's folder index: docs/toolkit/index.en.md
            slug = slug.removesuffix("/index")
        return f"{prefix}/{slug}/" if prefix else f"{slug}/"


CASES = Collection("cases", "case", "cases", True, "Case studies")
ROADMAPS = Collection("roadmaps", "roadmap", "roadmaps", True, "Roadmaps")
GLOSSARY = Collection("glossary", "term", "glossary", True, "Glossary")
TOOLKIT = Collection("toolkit", "chapter", "docs/toolkit", False, "Toolkit")
PAGES = Collection("pages", "page", "docs", False, "Pages")
COLLECTIONS = (CASES, ROADMAPS, GLOSSARY, TOOLKIT, PAGES)
BY_NAME = {c.name: c for c in COLLECTIONS}

# Which collection an entry's `related` slugs point into.
RELATED_TARGET = {"cases": CASES, "roadmaps": CASES, "glossary": GLOSSARY}


@dataclass
class Entry:
    """One Markdown file of a collection, in one language."""

    collection: Collection
    slug: str
    lang: str
    path: Path
    rel: str
    doc: Document | None = None
    error: FrontMatterError | None = None

    @property
    def is_source(self) -> bool:
        """True for the English file that holds the language-neutral fields."""
        return self.lang == SOURCE_LANGUAGE

    @property
    def source_rel(self) -> str:
        """Repository path of the English file this entry translates (or is)."""
        return self.rel.rsplit(".", 2)[0] + f".{SOURCE_LANGUAGE}.md"

    @property
    def meta(self) -> dict:
        """Front-matter data, empty when it could not be read."""
        return self.doc.meta if self.doc else {}


@dataclass
class Corpus:
    """Every content file of a repository, parsed once."""

    root: Path
    entries: list[Entry] = field(default_factory=list)
    misnamed: list[tuple[Collection, Path, str]] = field(default_factory=list)
    _sources: dict = field(default_factory=dict, repr=False)
    _paths: dict = field(default_factory=dict, repr=False)

    def sources(self, collection: Collection) -> dict[str, Entry]:
        """English entries of a collection by slug."""
        if collection.name not in self._sources:
            self._sources[collection.name] = {
                e.slug: e
                for e in self.entries
                if e.collection is collection and e.is_source and e.doc is not None
            }
        return self._sources[collection.name]

    def by_path(self, path: Path | str) -> Entry | None:
        """The entry read from `path` (absolute), if any.

        Keys are normalised strings: page events ask once per page, and resolving a `Path`
        each time cost more than the lookup itself.
        """
        if len(self._paths) != len(self.entries):
            self._paths = {os.path.normpath(e.path): e for e in self.entries}
        return self._paths.get(os.path.normpath(path))

    def get(self, collection: Collection, slug: str, lang: str) -> Entry | None:
        """The entry of one page in one language, if that file exists."""
        return self._index.get((collection.name, slug, lang))

    def source_of(self, entry: Entry) -> Entry | None:
        """The English source of a translation (or the entry itself)."""
        return self.get(entry.collection, entry.slug, SOURCE_LANGUAGE)

    def in_language(self, collection: Collection, lang: str) -> list[Entry]:
        """One entry per page of a collection: its `lang` file, else the English source."""
        chosen = []
        for slug, source in sorted(self.sources(collection).items()):
            chosen.append(self.get(collection, slug, lang) or source)
        return chosen

    @property
    def _index(self) -> dict[tuple[str, str, str], Entry]:
        if getattr(self, "_cached_index", None) is None or len(self._cached_index) != len(
            self.entries
        ):
            self._cached_index = {(e.collection.name, e.slug, e.lang): e for e in self.entries}
        return self._cached_index


def collection_of(root: Path, path: Path) -> Collection | None:
    """The collection a Markdown file belongs to, by its folder."""
    rel = path.relative_to(root).as_posix()
    for collection in (CASES, ROADMAPS, GLOSSARY):
        if rel.startswith(collection.folder + "/"):
            return collection
    if rel.startswith("docs/toolkit/") and not path.name.startswith("index."):
        return TOOLKIT
    if rel.startswith("docs/"):
        return PAGES
    return None


def discover(root: Path) -> list[Path]:
    """Every Markdown file of every collection under `root`, sorted as paths sort."""
    found: list[str] = []
    for folder in ("cases", "roadmaps", "glossary", "docs"):
        base = os.path.join(root, folder)
        if os.path.isdir(base):
            _markdown_files(base, found)
    # Sorted by their parts, as `Path`s sort, without making 6,000 `Path`s compare: under
    # `mkdocs serve` this runs at every edit.
    found.sort(key=lambda path: path.split(os.sep))
    return [Path(path) for path in found]


def _markdown_files(folder: str, found: list[str]) -> None:
    """Add the Markdown files in `folder` and below to `found`."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir():
                _markdown_files(entry.path, found)
            elif entry.name.endswith(".md") and entry.is_file():
                found.append(entry.path)


def load_entry(root: Path, path: Path, collection: Collection) -> Entry | str:
    """Parse one file into an Entry, or return why its name is not a valid entry name."""
    match = FILE_NAME.match(path.name)
    if not match:
        return "file name"
    slug, lang = match.group("slug"), match.group("lang")
    rel = path.relative_to(root).as_posix()
    if collection is PAGES or collection is TOOLKIT:
        folder = path.parent.relative_to(root / "docs").as_posix()
        slug = slug if folder == "." else f"{folder}/{slug}"
        if collection is TOOLKIT:
            slug = path.name.split(".")[0]
    entry = Entry(collection, slug, lang, path, rel)
    try:
        entry.doc = parse(path.read_bytes())
    except FrontMatterError as error:
        entry.error = error
    return entry


def load(root: Path, paths: list[Path] | None = None) -> Corpus:
    """Load the corpus of the repository at `root` (or only `paths` within it)."""
    root = Path(root).resolve()
    corpus = Corpus(root)
    # Discovered paths already lie under the resolved root; only given paths need resolving.
    for path in [Path(p).resolve() for p in paths] if paths is not None else discover(root):
        collection = collection_of(root, path)
        if collection is None:
            continue
        loaded = load_entry(root, path, collection)
        if isinstance(loaded, str):
            corpus.misnamed.append((collection, path, loaded))
        else:
            corpus.entries.append(loaded)
    return corpus


def source_version(entry: Entry, translatable: list[str]) -> str:
    """Fingerprint of what a translation renders from its source: translatable fields and body.

    Kept on the entry: the checks, each translation's page and each status page ask for it.
    """
    fields = tuple(translatable)
    known = entry.__dict__.get("_source_version")
    if known is None or known[0] != fields:
        known = entry.__dict__["_source_version"] = (fields, _fingerprint(entry, fields))
    return known[1]


def _fingerprint(entry: Entry, translatable: tuple[str, ...]) -> str:
    """The hash behind `source_version`."""
    meta = entry.meta
    payload = json.dumps(
        {key: meta.get(key) for key in translatable}, sort_keys=True, default=str
    ) + (entry.doc.body.strip() if entry.doc else "")
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:12]
