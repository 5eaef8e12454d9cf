"""Wikitext to Markdown: mwparserfromhell parses, each family of nodes has its own module.

The parser gives a tree of nodes (text, links, templates, tags, headings) but no paragraphs:
the converter walks the tree into output rows, one per wikitext line, each made of inline
spans (Markdown and plain text side by side) or holding one block (a table, a heading). The
rows are then grouped into paragraphs, lists and preformatted text, as MediaWiki does.
Whatever is not converted exactly is reported with its wikitext line, never dropped silently.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Protocol

import mwparserfromhell
from mwparserfromhell.nodes import (
    Argument,
    Comment,
    ExternalLink,
    Heading,
    HTMLEntity,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.wikicode import Wikicode

from commons.wikiimport.mapping import Mapping, TemplateRule
from commons.wikiimport.markdown import FOOTNOTES_MARKER, escape
from commons.wikiimport.titles import Namespaces

# Letters right after `]]` join the link's text: [[cooperative]]s.
TRAIL = re.compile(r"[^\W\d_]+")
_SWITCH = re.compile(r"__([A-Z]{2,}|[\u0621-\u064a_]{2,})__")
SWITCHES = {"NOTOC": "NOTOC", "AUCUNSOMMAIRE": "NOTOC", "PASDESOMMAIRE": "NOTOC", "لافهرس": "NOTOC"}
KNOWN_SWITCHES = set(SWITCHES) | set(
    "FORCETOC TOC NOEDITSECTION NEWSECTIONLINK NONEWSECTIONLINK NOGALLERY HIDDENCAT INDEX "
    "NOINDEX STATICREDIRECT DISAMBIG NOTITLECONVERT NOTC NOCONTENTCONVERT NOCC SOMMAIRE "
    "FORCERSOMMAIRE EXPECTUNUSEDCATEGORY فهرس".split()
)
# What the parser leaves as text that MediaWiki would not show as typed.
_UNSAFE_BRACKET = re.compile(
    r"\[((?:javascript|vbscript|livescript|data):[^\s\]]*)(?:[ \t]+([^\]]*))?\]", re.I
)
_STRAY_QUOTES = re.compile(r"'{2,}")
_STRAY_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)\b[^<>]*>?")
PROSE_LIMIT = 4000


@dataclass(slots=True)
class Issue:
    """Something not converted exactly, or removed for safety, at a line of the wikitext."""

    kind: str
    line: int
    construct: str
    detail: str


@dataclass(slots=True)
class LinkTarget:
    """Where a wiki link now points, or why it points nowhere."""

    href: str | None
    reason: str = ""


@dataclass
class TemplateCall:
    """A mapped template used on the page, with its parameters as plain text."""

    rule: TemplateRule
    params: dict[str, tuple[str, int]]
    line: int


class Context(Protocol):
    """What the converter asks of the import about the page and the rest of the wiki."""

    title: str
    lang: str
    namespaces: Namespaces
    mapping: Mapping
    sitename: str

    def link(self, ns: int, name: str) -> LinkTarget:
        """The new location of a wiki page."""

    def media(self, file_name: str) -> tuple[str | None, str]:
        """(link to the media file if it is there, the path it is expected at)."""


@dataclass
class Converted:
    """The Markdown body of a page and what was learned while converting it."""

    body: str
    calls: list[TemplateCall]
    categories: list[tuple[str, int]]
    interlanguage: list[tuple[str, str]]
    lead: str
    switches: set[str]
    issues: list[Issue]
    prose: str = ""


@dataclass(slots=True)
class Span:
    """Inline output: its Markdown, its plain text, and what kind of node it came from."""

    md: str
    plain: str = ""
    kind: str = "text"


@dataclass
class Block:
    """Output that stands alone between paragraphs: a heading, a table, a code block..."""

    md: str
    plain: str = ""
    kind: str = "block"


@dataclass
class Row:
    """One output line: list markers, spans, or a block; with the wikitext line it starts on."""

    line: int
    spans: list[Span] = field(default_factory=list)
    prefix: str = ""
    touched: bool = False
    pre: bool = False
    split: int | None = None
    block: Block | None = None

    @property
    def md(self) -> str:
        """The row's Markdown."""
        return "".join(span.md for span in self.spans)

    @property
    def plain(self) -> str:
        """The row's plain text, spaces collapsed."""
        return " ".join("".join(span.plain for span in self.spans).split())


class Lines:
    """Rows under construction while the converter walks a tree of nodes."""

    def __init__(self, line: int):
        self.rows: list[Row] = []
        self.row = Row(line)

    def add(self, span: Span) -> None:
        """Append inline output to the current row."""
        self.row.spans.append(span)
        self.row.touched = True

    def text(self, text: str) -> None:
        """Append wiki text; a line whose first node is text starting with a space is `pre`."""
        row = self.row
        if not row.touched and not row.prefix and text[:1] in (" ", "\t"):
            row.pre = True
        self.add(Span(escape(text), text))

    def touch(self) -> None:
        """Note that a node stood on this line, even one that shows nothing."""
        self.row.touched = True

    def marker(self, char: str) -> None:
        """A list marker: at the start of a line it nests; after a `;` term it splits it."""
        row = self.row
        if not row.spans:
            row.prefix += char
        elif char == ":" and row.prefix.endswith(";") and row.split is None:
            row.split = len(row.spans)
        else:
            self.add(Span(escape(char), char))

    def newline(self, line: int) -> None:
        """End the current row; the next starts at wikitext line `line`."""
        self.rows.append(self.row)
        self.row = Row(line)

    def block(self, block: Block, line: int) -> None:
        """A block on a row of its own; what follows on the same line starts a new row."""
        if self.row.touched or self.row.prefix:
            self.rows.append(self.row)
        self.rows.append(Row(line, block=block))
        self.row = Row(line, touched=True)

    def finish(self) -> list[Row]:
        """Every row, the last one included."""
        self.rows.append(self.row)
        return self.rows


@dataclass
class Note:
    """One footnote: its wikitext and where it was defined."""

    number: int
    code: Wikicode | None = None
    at: int = 0
    line: int = 0
    defined: bool = False


def parse(text: str) -> Wikicode:
    """The parse tree of a piece of wikitext."""
    return mwparserfromhell.parse(text, skip_style_tags=False)


def inside(node, at: int, child) -> int:
    """Offset of a child's wikitext within its node's, given the node's own offset."""
    found = str(node).find(str(child), 1)
    return at + max(found, 0)


class Converter:
    """Converts one page's wikitext; create one per page."""

    def __init__(self, context: Context):
        self.context = context
        self.issues: list[Issue] = []
        self.calls: list[TemplateCall] = []
        self.categories: list[tuple[str, int]] = []
        self.interlanguage: list[tuple[str, str]] = []
        self.switches: set[str] = set()
        self.notes: dict[str, Note] = {}
        self.note_order: list[Note] = []
        self.marker: Block | None = None
        self.external_count = 0
        self.lead: str | None = None
        self.prose: list[str] = []
        self.prose_size = 0
        self.reported_groups: set[str] = set()
        self.table_depth = 0
        self.hidden = False
        self._newlines: list[int] = []

    def convert(self, wikitext: str) -> Converted:
        """The page's Markdown body and everything learned on the way."""
        text = wikitext.replace("\r\n", "\n").replace("\r", "\n")
        self._newlines = [m.start() for m in re.finditer("\n", text)]
        lines = Lines(1)
        self.flow(parse(text), 0, lines)
        rows = lines.finish()
        notes = tags.render_notes(self)
        if self.marker is not None:
            self.marker.md = FOOTNOTES_MARKER if notes else ""
        body = "\n\n".join(blocks.assemble(self, rows, top=True))
        body = re.sub(r"\n{3,}", "\n\n", body).strip()
        if notes:
            body = f"{body}\n\n{notes}" if body else notes
        return Converted(
            body + "\n" if body else "",
            self.calls,
            self.categories,
            self.interlanguage,
            self.lead or "",
            self.switches,
            self.issues,
            " ".join(self.prose),
        )

    def report(self, kind: str, line: int, construct: str, detail: str) -> None:
        """Record one issue."""
        self.issues.append(Issue(kind, line, construct, detail))

    def line_at(self, offset: int) -> int:
        """The wikitext line of a character of the page."""
        return bisect.bisect_left(self._newlines, offset) + 1

    def add_prose(self, text: str) -> None:
        """Keep the start of the page's text, for telling its language."""
        if text and self.prose_size < PROSE_LIMIT:
            self.prose.append(text)
            self.prose_size += len(text) + 1

    # ------------------------------------------------------------------ the walk

    def flow(self, code: Wikicode, at: int, out: Lines) -> None:
        """Convert a node list into `out`, row by row."""
        nodes = code.nodes
        skip = 0
        for index, node in enumerate(nodes):
            source = str(node)
            if self.hidden:
                return
            if isinstance(node, Text):
                self.text(source[skip:], at + skip, out)
                skip = 0
                at += len(source)
                continue
            out.touch()
            if isinstance(node, Wikilink):
                following = nodes[index + 1] if index + 1 < len(nodes) else None
                trail = TRAIL.match(str(following)) if isinstance(following, Text) else None
                taken = links.wikilink(self, node, at, trail.group(0) if trail else "", out)
                skip = trail.end() if taken and trail else 0
            elif isinstance(node, Tag):
                tags.tag(self, node, at, out)
            elif isinstance(node, Template):
                templates.template(self, node, at, out)
            elif isinstance(node, ExternalLink):
                out.add(links.external(self, node, at))
            elif isinstance(node, Heading):
                self.heading(node, at, out)
            elif isinstance(node, HTMLEntity):
                char = node.normalize()
                out.add(Span(escape(char), char))
            elif isinstance(node, Argument):
                templates.argument(self, node, at, out)
            elif isinstance(node, Comment):
                out.touch()
            else:  # pragma: no cover - every node type of mwparserfromhell is handled above
                out.text(source)
            at += len(source)

    def text(self, text: str, at: int, out: Lines) -> None:
        """Plain wiki text, line by line, with what the parser leaves in it handled."""
        opened = text.find("<!--")
        if opened >= 0:
            self.report(
                "inexact",
                self.line_at(at + opened),
                "<!--",
                "comment never closed: the rest of the page is hidden, as on the wiki",
            )
            text, self.hidden = text[:opened], True
        offset = at
        for number, part in enumerate(text.split("\n")):
            if number:
                out.newline(self.line_at(offset))
            if part:
                self._text_line(part, offset, out)
            offset += len(part) + 1

    def _text_line(self, part: str, at: int, out: Lines) -> None:
        """One line of plain text: behaviour switches kept, unsafe brackets and leftovers."""
        line = self.line_at(at)
        if "__" in part:
            part = _SWITCH.sub(lambda m: self._switch(m, out), part)
        if "[" in part and ":" in part:
            for found in _UNSAFE_BRACKET.finditer(part):
                url = found.group(1)
                scheme = url.split(":", 1)[0].lower()
                self.report(
                    "unsafe", line, f"[{url[:40]} ...]", f"{scheme}: link dropped, its text kept"
                )
            part = _UNSAFE_BRACKET.sub(lambda m: m.group(2) or "", part)
        if "''" in part:
            self.report(
                "inexact",
                line,
                "bold or italic",
                "apostrophes the parser could not pair are shown as typed",
            )
        if "<" in part:
            for found in _STRAY_TAG.finditer(part):
                self.report(
                    "inexact",
                    line,
                    f"<{found.group(1).lower()}>",
                    "tag never closed: shown as text",
                )
        if part:
            out.text(part)
        else:
            out.touch()

    def _switch(self, match: re.Match, out: Lines) -> str:
        """A behaviour switch such as __NOTOC__: recorded and removed; others stay as text."""
        word = match.group(1)
        if word not in KNOWN_SWITCHES:
            return match.group(0)
        self.switches.add(SWITCHES.get(word, word))
        return ""

    def heading(self, node: Heading, at: int, out: Lines) -> None:
        """A heading at its level, `#` escaped so it does not read as one."""
        line = self.line_at(at)
        title = self.inline(node.title, at + node.level)
        converted = re.sub(r"(?<!&)#", r"\\#", title.md.strip())
        self.add_prose(title.plain)
        md = "#" * node.level + " " + converted if converted else ""
        out.block(Block(md, "", "heading"), line)

    # ------------------------------------------------------------ nested content

    def rows(self, code: Wikicode, at: int) -> list[Row]:
        """The rows of a fragment (a label, a cell, a footnote, a parameter)."""
        lines = Lines(self.line_at(at))
        self.flow(code, at, lines)
        return lines.finish()

    def inline(self, code: Wikicode | None, at: int) -> Span:
        """A fragment on one line: its rows joined, blocks as their plain text."""
        if code is None:
            return Span("", "")
        md, plain = [], []
        for row in self.rows(code, at):
            if row.block is not None:
                text = " ".join(row.block.plain.split())
                md.append(escape(text))
                plain.append(text)
                continue
            if row.md.strip():
                md.append(row.md.strip())
                plain.append(row.plain)
        return Span(" ".join(md), " ".join(p for p in plain if p))

    def plain(self, code: Wikicode, at: int) -> str:
        """Plain text of a fragment: list markers dropped, one line per wikitext line."""
        out = []
        for row in self.rows(code, at):
            text = " ".join(row.block.plain.split()) if row.block is not None else row.plain
            if text:
                out.append(text)
        return "\n".join(out)


def split_code(code: Wikicode, separator: str = "|") -> list[Wikicode]:
    """A node list cut at each `separator` in its top-level text, as link options are."""
    pieces: list[list] = [[]]
    for node in code.nodes:
        if isinstance(node, Text) and separator in node.value:
            parts = node.value.split(separator)
            for number, part in enumerate(parts):
                if number:
                    pieces.append([])
                if part:
                    pieces[-1].append(Text(part))
        else:
            pieces[-1].append(node)
    return [Wikicode(nodes) for nodes in pieces]


# The node families need the types above; imported last so that each can import this module.
from commons.wikiimport import blocks, links, tags, templates  # noqa: E402
