"""Stream the pages of a MediaWiki XML export (schema 0.3 to 0.11) in bounded memory."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_VERSION = re.compile(r"export-(\d+\.\d+)")
KNOWN_VERSIONS = ("0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "0.10", "0.11")


@dataclass
class ExportError(Exception):
    """A fatal problem with the export file, with its position when there is one."""

    path: str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass
class SiteInfo:
    """What the export says about the wiki it comes from."""

    version: str = ""
    lang: str = ""
    sitename: str = ""
    base: str = ""
    case: str = "first-letter"
    namespaces: dict[int, str] = field(default_factory=dict)


@dataclass(slots=True)
class Revision:
    """One revision of a page: only the latest is kept while streaming."""

    id: int | None
    timestamp: str
    text: str | None


@dataclass(slots=True)
class Page:
    """A page of the export with its latest revision."""

    title: str
    ns: int | None
    id: int | None
    redirect: str | None
    revision: Revision | None
    revisions: int


def _local(tag: str) -> str:
    """An element's name without the export namespace, which changes with every version."""
    return tag.rsplit("}", 1)[-1]


def _int(text: str | None) -> int | None:
    """A whole number from an element's text, or None."""
    try:
        return int((text or "").strip())
    except ValueError:
        return None


def _child(element: ET.Element, name: str) -> ET.Element | None:
    """The first direct child called `name`, whatever its namespace."""
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def _newer(candidate: Revision, best: Revision | None) -> bool:
    """True when `candidate` is later than `best`: by timestamp, then by revision id."""
    if best is None:
        return True
    return (candidate.timestamp, candidate.id or 0) >= (best.timestamp, best.id or 0)


def _parse_error(path: Path, error: ET.ParseError) -> ExportError:
    """An ExportError at the position expat reports."""
    line, column = getattr(error, "position", (1, 0))
    detail = re.sub(r": line \d+, column \d+$", "", str(error))
    detail = re.sub(r"^not well-formed \((.*)\)$", r"\1", detail)
    return ExportError(str(path), f"not well-formed XML: {detail}", line, column + 1)


def read_export(path: Path) -> Iterator[SiteInfo | Page]:
    """Yield the export's SiteInfo, then each page with its latest revision only.

    Elements are cleared as soon as they are read, so memory holds one revision's text and
    the best one seen so far, never the document.
    """
    path = Path(path)
    if not path.is_file():
        raise ExportError(str(path), "no such file")
    try:
        yield from _read(path)
    except ET.ParseError as error:
        raise _parse_error(path, error) from None
    except OSError as error:
        raise ExportError(str(path), f"cannot read: {error.strerror or error}") from None


def _read(path: Path) -> Iterator[SiteInfo | Page]:
    """The body of read_export, without error translation."""
    root = None
    site = SiteInfo()
    site_sent = False
    stack: list[str] = []
    title, ns, page_id, redirect = "", None, None, None
    best: Revision | None = None
    revisions = 0
    for event, element in ET.iterparse(path, events=("start", "end")):
        name = _local(element.tag)
        if event == "start":
            if root is None:
                root = element
                if name != "mediawiki":
                    raise ExportError(
                        str(path), f"not a MediaWiki export: the root element is <{name}>", 1, 1
                    )
                found = _VERSION.search(element.tag)
                site.version = element.get("version") or (found.group(1) if found else "")
                site.lang = (element.get(XML_LANG) or "").split("-")[0].lower()
            elif name == "page":
                title, ns, page_id, redirect, best, revisions = "", None, None, None, None, 0
            stack.append(name)
            continue
        stack.pop()
        parent = stack[-1] if stack else ""
        if name == "siteinfo":
            _read_siteinfo(element, site)
            site_sent = True
            yield site
            element.clear()
        elif parent == "page":
            if name == "title":
                title = (element.text or "").strip()
            elif name == "ns":
                ns = _int(element.text)
            elif name == "id":
                page_id = _int(element.text)
            elif name == "redirect":
                redirect = element.get("title") or ""
            elif name == "revision":
                revisions += 1
                revision = _revision(element)
                if _newer(revision, best):
                    best = revision
                element.clear()
        elif name == "page":
            if not site_sent:
                site_sent = True
                yield site
            yield Page(title, ns, page_id, redirect, best, revisions)
            best = None
            # Drop the finished page and everything before it from the tree being built.
            if root is not None:
                root.clear()
        elif parent == "mediawiki" and root is not None:
            root.clear()
    if root is None:
        raise ExportError(str(path), "empty file: expected a MediaWiki XML export", 1, 1)
    if not site_sent:
        yield site


def _revision(element: ET.Element) -> Revision:
    """The id, timestamp and text of a <revision> element."""
    text_element = _child(element, "text")
    text = None
    if text_element is not None and text_element.get("deleted") is None:
        text = text_element.text or ""
    timestamp = _child(element, "timestamp")
    rev_id = _child(element, "id")
    return Revision(
        _int(rev_id.text) if rev_id is not None else None,
        (timestamp.text or "").strip() if timestamp is not None else "",
        text,
    )


def _read_siteinfo(element: ET.Element, site: SiteInfo) -> None:
    """Fill `site` from a <siteinfo> element."""
    for child in element:
        name = _local(child.tag)
        if name == "sitename":
            site.sitename = (child.text or "").strip()
        elif name == "base":
            site.base = (child.text or "").strip()
        elif name == "case":
            site.case = (child.text or "").strip() or site.case
        elif name == "namespaces":
            for namespace in child:
                key = _int(namespace.get("key"))
                if key is not None:
                    site.namespaces[key] = (namespace.text or "").strip()
