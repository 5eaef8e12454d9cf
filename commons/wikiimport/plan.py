"""What the first pass learns about every page, and the decisions taken from it.

Only small facts are kept per page (title, namespace, language, role, slug), so the plan of
an export grows with its number of titles, never with its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from commons import LANGUAGES, SOURCE_LANGUAGE
from commons.wikiimport.slugs import SlugAllocator, page_slug
from commons.wikiimport.titles import MAIN, Namespaces, clean

REDIRECT = re.compile(
    r"^\s*#\s*(?:REDIRECT|REDIRECTION|REDIRECCIÓN|تحويل|تحويلة)\s*:?\s*\[\[([^\]|]+)",
    re.I,
)
LANGUAGE_SUBPAGE = re.compile(r"^(.*\S)\s*/\s*(" + "|".join(LANGUAGES) + ")$")
FOLDERS = {"cases": "cases", "pages": "wiki"}
RESERVED_SLUGS = {"index"}


@dataclass(slots=True)
class Record:
    """One page of the export, as the plan sees it."""

    ordinal: int
    id: int | None
    ns: int
    name: str
    title: str
    lang: str
    base: str
    stamp: int
    revision: int | None
    redirect: str | None = None
    empty: bool = False
    article: bool = False
    lang_reason: str = ""
    winner: bool = True
    wants_case: bool = False
    case_missing: tuple[str, ...] = ()
    has_summary: bool = False
    interlanguage: tuple[tuple[str, str], ...] = ()
    role: str = ""
    collection: str = ""
    slug: str = ""
    counterpart: int | None = None

    @property
    def content(self) -> bool:
        """True for an article (a page of a content namespace) with text, not a redirect."""
        return self.article and self.winner and not self.redirect and not self.empty

    @property
    def folder(self) -> str:
        """Its folder relative to the docs root as MkDocs sees it: cases or wiki."""
        return FOLDERS[self.collection]

    @property
    def file_lang(self) -> str:
        """Language suffix of the file the page's own text is written to."""
        return SOURCE_LANGUAGE if self.role == "source" else self.lang

    def url(self) -> str:
        """Site path of the page's own text, relative to the site root."""
        prefix = "" if self.file_lang == SOURCE_LANGUAGE else f"{self.file_lang}/"
        return f"{prefix}{self.folder}/{self.slug}/"


def redirect_target(text: str | None, declared: str | None) -> str | None:
    """The target of a redirect page: the export's <redirect title>, else the #REDIRECT line."""
    if declared:
        return clean(declared)
    found = REDIRECT.match(text or "")
    return clean(found.group(1)) if found else None


def split_language(name: str) -> tuple[str, str]:
    """(base title, language or "") of a title: "Title/fr" is the French version of "Title"."""
    found = LANGUAGE_SUBPAGE.match(name)
    return (found.group(1), found.group(2)) if found else (name, "")


OLD_URL_PREFIXES = ("/index.php?title=", "/wiki/")


def encoded_title(title: str) -> str:
    """A title as it appears in the wiki's URLs, percent-encoded as MediaWiki writes it."""
    return quote(title.replace(" ", "_"), safe=";@$!*(),/~:")


class Plan:
    """Every page of the export, indexed by title, with roles and slugs decided."""

    def __init__(self, namespaces: Namespaces):
        self.namespaces = namespaces
        # Namespaces whose pages are articles: the main one, and those the mapping names.
        self.articles: set[int] = {MAIN}
        self.records: list[Record] = []
        self.index: dict[tuple[int, str], int] = {}
        self.claims: dict[tuple[str, str], int] = {}
        self.collisions: list[tuple[Record, str, str]] = []
        self.superseded: dict[int, int] = {}

    def add(self, record: Record) -> None:
        """Add a page; of two copies of one title, the later revision wins."""
        self.records.append(record)
        key = (record.ns, record.name)
        earlier = self.index.get(key)
        if earlier is not None:
            other = self.records[earlier]
            if (record.stamp, record.revision or 0) >= (other.stamp, other.revision or 0):
                other.winner = False
                self.superseded[earlier] = record.ordinal
            else:
                record.winner = False
                self.superseded[record.ordinal] = earlier
                return
        self.index[key] = record.ordinal

    def lookup(self, text: str) -> tuple[Record | None, str]:
        """(record, fragment) of a link target's text."""
        text = clean(text.lstrip(":"))
        ns, name = self.namespaces.split(text)
        name, _, fragment = name.partition("#")
        ordinal = self.index.get((ns, self.namespaces.page_name(name)))
        return (self.records[ordinal] if ordinal is not None else None), fragment

    def resolve(self, record: Record) -> tuple[Record | None, str, str]:
        """(final page, fragment, why not) after following redirects."""
        fragment, seen = "", set()
        while record.redirect:
            if record.ordinal in seen or len(seen) > 10:
                return None, "", "redirect loop"
            seen.add(record.ordinal)
            target, frag = self.lookup(record.redirect)
            fragment = frag or fragment
            if target is None:
                return None, "", f"redirect to '{record.redirect}', which is not in the export"
            record = target
        if not record.article:
            return None, "", f"redirect to '{record.title}', which is not imported"
        if not record.role:
            return None, "", f"'{record.title}' is not imported"
        return record, fragment, ""

    def pair(self) -> None:
        """Decide each page's role: English source, translation of one, or original text."""
        for record in self.records:
            if not record.content:
                continue
            if record.lang == SOURCE_LANGUAGE:
                record.role = "source"
                record.collection = (
                    "cases" if record.wants_case and not record.case_missing else "pages"
                )
        reverse: dict[tuple[str, str], int] = {}
        for record in self.records:
            if record.role == "source":
                for lang, title in record.interlanguage:
                    reverse.setdefault((lang, title), record.ordinal)
        for record in self.records:
            if not record.content or record.role:
                continue
            source = self._counterpart(record, reverse)
            if source is not None and (source.collection != "cases" or record.has_summary):
                claim = (record.lang, str(source.ordinal))
                if claim not in self.claims:
                    self.claims[claim] = record.ordinal
                    record.role, record.counterpart = "translation", source.ordinal
                    record.collection = source.collection
                    continue
            record.role = "original"
            record.collection = (
                "cases" if record.wants_case and not record.case_missing else "pages"
            )

    def _counterpart(self, record: Record, reverse: dict) -> Record | None:
        """The English page this page translates, if the export names one."""
        candidates = []
        if record.base != record.name or record.ns != MAIN:
            candidates.append(self.lookup(record.base)[0])
        for lang, title in record.interlanguage:
            if lang == SOURCE_LANGUAGE:
                found = self.lookup(title)[0]
                candidates.append(self.resolve(found)[0] if found and found.redirect else found)
        ordinal = reverse.get((record.lang, record.name))
        if ordinal is not None:
            candidates.append(self.records[ordinal])
        for candidate in candidates:
            if candidate is not None and candidate.role == "source":
                return candidate
        return None

    def assign_slugs(self, taken: set[str]) -> None:
        """Slugs for English sources and originals, in order of page id; translations share."""
        allocator = SlugAllocator(taken | RESERVED_SLUGS)
        owners = sorted(
            (r for r in self.records if r.role in ("source", "original")),
            key=lambda r: (r.id if r.id is not None else 1 << 62, r.ordinal),
        )
        first_claimant: dict[str, str] = {}
        for record in owners:
            wanted = page_slug(record.base)
            record.slug = allocator.claim(wanted)
            if record.slug != wanted:
                holder = first_claimant.get(wanted)
                reason = (
                    f"'{wanted}' is the slug of '{holder}' (lower page id)"
                    if holder
                    else f"'{wanted}' is already used by a file in the output folder"
                )
                self.collisions.append((record, wanted, reason))
            first_claimant.setdefault(wanted, record.title)
            first_claimant.setdefault(record.slug, record.title)
        for record in self.records:
            if record.role == "translation":
                record.slug = self.records[record.counterpart].slug
