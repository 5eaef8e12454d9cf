"""Internal links and anchors between pages, checked in every language before the build.

A link is written as in MkDocs, to a Markdown file (`../glossary/commons.md#history`). It
is valid when the page exists in any language (a translation links to an English-only page
through the fallback) and, with an anchor, when the page shown in the linking file's
language has that heading.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from functools import cached_property

from commons import SOURCE_LANGUAGE
from commons.corpus import PAGES, TOOLKIT, Corpus, Entry
from commons.markdown_syntax import MD_LINK, MD_REFERENCE
from commons.safety import prose, scan

_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.+?)[ \t#]*$", re.M)
_HEADING_ID = re.compile(r"\{[^}]*#([\w-]+)[^}]*\}\s*$")
_ATTR_LIST_TAIL = re.compile(r"\s*\{[^}]*\}\s*$")
_INLINE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)|[*_`]")
_EXTERNAL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_LANGUAGE_SUFFIX = re.compile(r"(.+)\.([a-z]{2})$")
# Ids the page templates add around the Markdown body.
TEMPLATE_IDS = frozenset(
    {
        "sources",
        "learning-goals",
        "commons-infobox-title",
        "commons-related-title",
        "commons-backlinks-title",
        "__comments",
    }
)


@dataclass(frozen=True)
class Link:
    """One link of a page: its target as written and where it starts in the body."""

    target: str
    offset: int


def page_path(entry: Entry) -> str:
    """Where MkDocs sees an entry, without language: `cases/la-borda.md`, `toolkit/x.md`."""
    if entry.collection in (TOOLKIT, PAGES):
        folder = entry.collection.folder.removeprefix("docs").lstrip("/")
        return posixpath.join(folder, f"{entry.slug}.md")
    return f"{entry.collection.folder}/{entry.slug}.md"


def links_of(body: str) -> list[Link]:
    """Inline and reference links of a Markdown body; code is skipped."""
    text = prose(body)
    # Images match too, so that the scan starts at a literal `[` or `!`; they are dropped here.
    found = [Link(m[1], m.start(1)) for m in scan(MD_LINK, text, "](") if m[0][0] != "!" and m[1]]
    found += [Link(m[1], m.start(1)) for m in scan(MD_REFERENCE, text, "]:")]
    return sorted(found, key=lambda link: link.offset)


def external_links(body: str) -> list[Link]:
    """Links to other sites, for `commons links --external`."""
    return [link for link in links_of(body) if link.target.startswith(("http://", "https://"))]


def heading_ids(body: str) -> set[str]:
    """The ids MkDocs' toc extension gives the headings of a Markdown body."""
    # Imported here: only pages linked to with an anchor need it, and Markdown takes a while.
    from markdown.extensions.toc import slugify, unique

    ids: set[str] = set()
    for match in _HEADING.finditer(prose(body)):
        text = match[2]
        explicit = _HEADING_ID.search(text)
        if explicit:
            ids.add(explicit[1])
            continue
        plain = _INLINE.sub(lambda m: m[1] or "", _ATTR_LIST_TAIL.sub("", text))
        ids.add(unique(slugify(plain, "-"), ids))
    footnotes = re.findall(r"^\[\^([^\]]+)\]:", body, re.M)
    return ids | {f"fn:{name}" for name in footnotes} | {f"fnref:{n}" for n in footnotes}


class LinkIndex:
    """What links may point to: every page by path, and the anchors of each language."""

    def __init__(self, corpus: Corpus, generated: dict[str, set[str]]):
        """`generated` maps generated pages' paths (`cases/index.md`) to their anchors."""
        self.corpus = corpus
        self.generated = generated

    @cached_property
    def pages(self) -> dict[str, dict[str, Entry]]:
        """Entries by page path, then language."""
        found: dict[str, dict[str, Entry]] = {}
        for entry in self.corpus.entries:
            if entry.doc is not None:
                found.setdefault(page_path(entry), {})[entry.lang] = entry
        return found

    def anchors(self, path: str, lang: str) -> set[str] | None:
        """Anchors of the page at `path` as shown in `lang`; None if there is no such page."""
        if path in self.generated:
            return self.generated[path]
        variants = self.pages.get(path)
        if not variants:
            return None
        entry = variants.get(lang) or variants.get(SOURCE_LANGUAGE) or next(iter(variants.values()))
        return self._anchors_of(entry)

    def _anchors_of(self, entry: Entry) -> set[str]:
        """Heading ids of one file, computed once."""
        cache = self.__dict__.setdefault("_anchor_cache", {})
        if entry.rel not in cache:
            cache[entry.rel] = heading_ids(entry.doc.body) | TEMPLATE_IDS
        return cache[entry.rel]

    def problems(self, entry: Entry) -> list[tuple[int, str, str]]:
        """(offset, rule, message) for each broken internal link or anchor of `entry`."""
        here = page_path(entry)
        folder = posixpath.dirname(here)
        # Pages of a folder link to the same few pages: each target is resolved once.
        known = self.__dict__.setdefault("_resolved", {})
        found = []
        for link in links_of(entry.doc.body):
            target = link.target
            if _EXTERNAL.match(target) or target.startswith("//"):
                continue
            path, _, anchor = target.partition("#")
            path = path.split("?", 1)[0]
            if not path:
                resolved = here
            elif (folder, path) in known:
                resolved = known[folder, path]
            else:
                resolved = posixpath.normpath(posixpath.join(folder, path))
                resolved = known[folder, path] = self._page_for(resolved, path)
            if resolved is None:
                found.append(
                    (
                        link.offset,
                        "broken-link",
                        f"link {target!r}: no page {path!r} from {here!r}; expected a path to "
                        "a Markdown file of the site, such as '../glossary/commons.md'",
                    )
                )
                continue
            if not anchor:
                continue
            anchors = self.anchors(resolved, entry.lang)
            if anchors is not None and anchor not in anchors:
                close = sorted(a for a in anchors - TEMPLATE_IDS if not a.startswith("fn"))[:8]
                found.append(
                    (
                        link.offset,
                        "broken-anchor",
                        f"link {target!r}: {resolved!r} has no heading with id {anchor!r} in "
                        f"{entry.lang}; expected one of: {', '.join(close) or 'none'}",
                    )
                )
        return found

    def page_at(self, url: str) -> str | None:
        """The page path served at a site URL such as `cases/la-borda/`, or None."""
        url = url.split("#", 1)[0].split("?", 1)[0].strip("/")
        for path in (f"{url}/index.md" if url else "index.md", f"{url}.md"):
            if path in self.pages or path in self.generated:
                return path
        return None

    def _page_for(self, resolved: str, written: str) -> str | None:
        """The page path a resolved link target names, or None if there is none."""
        if resolved.endswith(".md"):
            stem = resolved[:-3]
            lang_suffix = _LANGUAGE_SUFFIX.match(stem)
            if lang_suffix:
                resolved = f"{lang_suffix[1]}.md"
            return resolved if resolved in self.pages or resolved in self.generated else None
        if written.endswith("/") or resolved in ("", "."):
            index = posixpath.join(resolved if resolved != "." else "", "index.md")
            if index in self.pages or index in self.generated:
                return index
            as_page = resolved.rstrip("/") + ".md"
            return as_page if as_page in self.pages or as_page in self.generated else None
        return resolved if posixpath.splitext(resolved)[1] else None
