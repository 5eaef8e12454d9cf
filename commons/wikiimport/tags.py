"""Tags: wiki markup the parser gives as tags (bold, lists, rules, tables), HTML and extensions.

HTML a page may keep is mapped onto the site's allow-list (commons.safety); anything that
could load or run code is dropped and reported; footnotes are numbered in order of first use.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from mwparserfromhell.definitions import PARSER_BLACKLIST
from mwparserfromhell.nodes import Tag

from commons.safety import ALLOWED_TAGS
from commons.wikiimport import links, tables
from commons.wikiimport.blocks import assemble
from commons.wikiimport.convert import Block, Lines, Note, Span, inside
from commons.wikiimport.markdown import code_span, emphasis, escape, fence
from commons.wikiimport.templates import references_marker

if TYPE_CHECKING:
    from commons.wikiimport.convert import Converter

# Raw HTML a wiki page may keep, mapped to what the site allows (commons.safety).
FORMATTING = {
    name: name
    for name in "b i u s em strong sub sup small code span abbr del ins mark kbd var samp cite "
    "q dfn bdi bdo".split()
    if name in ALLOWED_TAGS
}
FORMATTING.update({"tt": "code", "strike": "s"})
KEPT_ATTRIBUTES = {"lang", "dir", "title"}
UNWRAPPED_SILENTLY = {"div", "nobr", "onlyinclude", "noinclude"}
UNWRAPPED = set(
    "center font big h1 h2 h3 h4 h5 h6 ul ol li dl dt dd tr td th caption thead tbody "
    "tfoot col colgroup ruby rb rt rp rtc details summary figure figcaption section article "
    "header footer aside nav main marquee blink label fieldset legend address hgroup menu dir "
    "html head body".split()
)
DANGEROUS_CONTAINERS = set(
    "script style iframe object embed noscript textarea svg applet template title xmp frameset "
    "frame video audio canvas select noembed noframes plaintext".split()
)
DANGEROUS_TAGS = set(
    "img input button form link meta base area map track param keygen option optgroup "
    "datalist output progress meter portal dialog slot picture".split()
)
WIKI_STYLES = {"b": "**", "i": "*"}


def tag(conv: Converter, node: Tag, at: int, out: Lines) -> None:
    """Convert one tag node into `out`."""
    name = str(node.tag).strip().lower()
    line = conv.line_at(at)
    if node.wiki_markup:
        _wiki_markup(conv, node, name, at, out)
    elif name in DANGEROUS_CONTAINERS:
        _attributes(conv, node, name, line)
        conv.report(
            "unsafe",
            line,
            f"<{name}>",
            "element and its content dropped: it could load or run code in a reader's browser",
        )
        out.touch()
    elif name in DANGEROUS_TAGS:
        conv.report("unsafe", line, f"<{name}>", "element dropped: it could load or run code")
        _attributes(conv, node, name, line)
        out.touch()
    elif name in FORMATTING:
        _formatting(conv, node, name, at, out)
    elif name in EXTENSIONS:
        EXTENSIONS[name](conv, node, at, out)
    elif name == "table":
        _table(conv, node, at, out)
    elif name in UNWRAPPED or name in UNWRAPPED_SILENTLY or name == "p":
        _unwrap(conv, node, name, at, out)
    elif name == "a":
        _anchor(conv, node, at, out)
    else:
        _unknown(conv, node, name, at, out)


def _contents(conv: Converter, node: Tag, at: int, out: Lines) -> None:
    """Convert a tag's contents in place."""
    if node.contents is not None and not node.self_closing:
        conv.flow(node.contents, inside(node, at, node.contents), out)


def _wiki_markup(conv: Converter, node: Tag, name: str, at: int, out: Lines) -> None:
    """Bold and italic, list markers, horizontal rules and wiki tables."""
    if name in WIKI_STYLES:
        _style(conv, node, WIKI_STYLES[name], at, out)
    elif name in ("li", "dt", "dd"):
        out.marker(str(node.wiki_markup)[-1:])
    elif name == "hr":
        out.block(Block("---", "", "rule"), conv.line_at(at))
    elif name == "table":
        _table(conv, node, at, out)
    else:  # cells and rows outside a table: their content, as MediaWiki shows it
        _contents(conv, node, at, out)


def _style(conv: Converter, node: Tag, mark: str, at: int, out: Lines) -> None:
    """Bold or italic around what it holds; MediaWiki ends both at the end of a line."""
    row, start = out.row, len(out.row.spans)
    _contents(conv, node, at, out)
    inner = row.spans[start:]
    if not inner:
        return
    md = "".join(span.md for span in inner)
    plain = "".join(span.plain for span in inner)
    row.spans[start:] = [Span(emphasis(md, mark), plain, "style")]


def _table(conv: Converter, node: Tag, at: int, out: Lines) -> None:
    """A table: a block, or its text when it stands inside another table's cell."""
    converted = tables.table(conv, node, at)
    if isinstance(converted, Span):
        out.add(converted)
    else:
        out.block(converted, conv.line_at(at))


def _attributes(conv: Converter, node: Tag, name: str, line: int) -> str:
    """The attributes that are kept, as text; every other one is reported."""
    kept = []
    for attribute_node in node.attributes:
        attribute = str(attribute_node.name).strip().lower()
        raw = str(attribute_node.value) if attribute_node.value is not None else ""
        value = html.unescape(raw.strip())
        if attribute.startswith("on"):
            conv.report(
                "unsafe",
                line,
                f"<{name} {attribute}>",
                "event-handler attribute dropped: it would run script",
            )
        elif links.unsafe_scheme(value) and attribute in ("href", "src", "action", "data", "style"):
            conv.report("unsafe", line, f"<{name} {attribute}>", f"{value[:40]!r} dropped")
        elif attribute == "style" and re.search(r"url\s*\(|expression|@import", value, re.I):
            conv.report("unsafe", line, f"<{name} style>", "style that loads content dropped")
        elif attribute in KEPT_ATTRIBUTES and name in FORMATTING:
            if attribute == "dir" and value.lower() not in ("ltr", "rtl", "auto"):
                continue
            if attribute == "lang" and not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]+)*", value):
                continue
            kept.append(f' {attribute}="{html.escape(value, quote=True)}"')
        elif attribute == "style" and name in FORMATTING:
            conv.report("inexact", line, f"<{name} style>", "inline style dropped")
    return "".join(kept)


def _formatting(conv: Converter, node: Tag, name: str, at: int, out: Lines) -> None:
    """Inline HTML the site allows, with its safe attributes, around its converted content."""
    kept = _attributes(conv, node, name, conv.line_at(at))
    if node.self_closing:
        out.touch()
        return
    element = FORMATTING[name]
    out.add(Span(f"<{element}{kept}>", "", "html"))
    _contents(conv, node, at, out)
    out.add(Span(f"</{element}>", "", "html"))


def _unwrap(conv: Converter, node: Tag, name: str, at: int, out: Lines) -> None:
    """An element the site does not keep: its text stays, reported unless it changes nothing."""
    line = conv.line_at(at)
    _attributes(conv, node, name, line)
    if name in UNWRAPPED:
        conv.report("inexact", line, f"<{name}>", "HTML element removed, its text kept")
    elif node.attributes:
        conv.report("inexact", line, f"<{name}>", "attributes dropped, text kept")
    if name == "p":
        out.block(Block("", "", "html"), line)
    _contents(conv, node, at, out)
    if name == "p":
        out.block(Block("", "", "html"), line)


def _anchor(conv: Converter, node: Tag, at: int, out: Lines) -> None:
    """<a>: MediaWiki never allowed it; keep the text, drop the element."""
    line = conv.line_at(at)
    before = len(conv.issues)
    _attributes(conv, node, "a", line)
    if len(conv.issues) == before:
        conv.report("inexact", line, "<a>", "raw HTML link: its text kept, the link dropped")
    _contents(conv, node, at, out)


def _unknown(conv: Converter, node: Tag, name: str, at: int, out: Lines) -> None:
    """A tag of an extension the site does not have: reported; wikitext inside is kept."""
    line = conv.line_at(at)
    if name in PARSER_BLACKLIST:
        shown = " ".join(str(node.contents or "").split())[:80]
        conv.report(
            "inexact",
            line,
            f"<{name}>",
            f"extension tag not converted, content left out: {shown!r}",
        )
        out.touch()
        return
    conv.report("inexact", line, f"<{name}>", "unknown tag removed, its text kept")
    _contents(conv, node, at, out)


# ------------------------------------------------------------------ extension tags


def _text_of(node: Tag) -> str:
    """The raw content of a tag whose content the parser does not read."""
    return str(node.contents) if node.contents is not None and not node.self_closing else ""


def _attribute(node: Tag, name: str) -> str:
    """The value of one attribute, or ''."""
    return str(node.get(name).value).strip() if node.has(name) else ""


def _nowiki(conv: Converter, node: Tag, at: int, out: Lines) -> None:
    """Text shown exactly as written."""
    literal = _text_of(node).replace("\n", " ")
    out.add(Span(escape(literal), html.unescape(literal), "nowiki"))


def _pre(conv: Converter, node: Tag, at: int, out: Lines) -> None:
    """<pre>: a code block."""
    code = html.unescape(_text_of(node).strip("\n"))
    out.block(Block(fence(code), code, "pre"), conv.line_at(at))


def _source(conv: Converter, node: Tag, at: int, out: Lines) -> None:
    """<syntaxhighlight> and <source>: a code block with its language, or inline code."""
    inner = _text_of(node)
    if node.has("inline"):
        out.add(Span(code_span(inner.strip()), inner, "code"))
        return
    language = re.match(r"[A-Za-z0-9_+-]+", _attribute(node, "lang"))
    info = language.group(0).lower() if language else ""
    out.block(Block(fence(inner.strip("\n"), info), inner, "pre"), conv.line_at(at))


def _formula(conv: Converter, node: Tag, at: int, out: Lines) -> None:
    """<math> and <chem>: the formula's source as code."""
    conv.report("inexact", conv.line_at(at), f"<{node.tag}>", "formula shown as its source code")
    inner = _text_of(node)
    out.add(Span(code_span(inner.strip()), inner, "code"))


def _poem(conv: Converter, node: Tag, at: int, out: Lines) -> None:
    """<poem>: each line kept, with a line break."""
    rows = conv.rows(node.contents, inside(node, at, node.contents)) if node.contents else []
    while rows and not rows[0].md.strip():
        rows.pop(0)
    while rows and not rows[-1].md.strip():
        rows.pop()
    for number, row in enumerate(rows):
        if number:
            out.newline(row.line)
        if row.md.strip():
            out.add(Span(row.md.strip(), row.plain, "text"))
            out.add(Span("<br>", " ", "html"))


def _blockquote(conv: Converter, node: Tag, at: int, out: Lines) -> None:
    """<blockquote>: its content as a Markdown quote."""
    rows = conv.rows(node.contents, inside(node, at, node.contents)) if node.contents else []
    inner = "\n\n".join(assemble(conv, rows))
    quoted = "\n".join(("> " + row) if row else ">" for row in inner.split("\n"))
    out.block(Block(quoted, " ".join(r.plain for r in rows), "quote"), conv.line_at(at))


def _gallery(conv: Converter, node: Tag, at: int, out: Lines) -> None:
    """<gallery>: each image with its caption."""
    out.block(links.gallery(conv, node, at), conv.line_at(at))


def _ref(conv: Converter, node: Tag, at: int, out: Lines) -> None:
    """<ref>: a footnote mark."""
    out.add(_footnote(conv, node, at))


def _references(conv: Converter, node: Tag, at: int, out: Lines) -> None:
    """<references>: where footnotes go; references defined inside it are read."""
    if node.contents is not None and not node.self_closing:
        start = inside(node, at, node.contents)
        offset = start
        for child in node.contents.nodes:
            if isinstance(child, Tag) and str(child.tag).strip().lower() == "ref":
                _footnote(conv, child, offset, define_only=True)
            offset += len(str(child))
    references_marker(conv, out, conv.line_at(at))


def _drop(conv: Converter, node: Tag, at: int, out: Lines) -> None:
    """<includeonly>: what shows only where a page is transcluded, never on the page itself."""
    out.touch()


def _line_break(conv: Converter, node: Tag, at: int, out: Lines) -> None:
    """<br>: a line break."""
    out.add(Span("<br>", " ", "html"))


def _rule(conv: Converter, node: Tag, at: int, out: Lines) -> None:
    """<hr>: a rule."""
    out.block(Block("---", "", "rule"), conv.line_at(at))


EXTENSIONS = {
    "nowiki": _nowiki,
    "pre": _pre,
    "syntaxhighlight": _source,
    "source": _source,
    "math": _formula,
    "chem": _formula,
    "ce": _formula,
    "poem": _poem,
    "blockquote": _blockquote,
    "gallery": _gallery,
    "ref": _ref,
    "references": _references,
    "includeonly": _drop,
    "br": _line_break,
    "wbr": _line_break,
    "hr": _rule,
}


def _footnote(conv: Converter, node: Tag, at: int, define_only: bool = False) -> Span:
    """The footnote mark of a <ref>, defining or reusing a numbered footnote."""
    line = conv.line_at(at)
    name, group = _attribute(node, "name"), _attribute(node, "group")
    if group and group not in conv.reported_groups:
        conv.reported_groups.add(group)
        conv.report(
            "inexact", line, "<ref group>", f"group {group!r} numbered with the other footnotes"
        )
    key = name.strip("\"'").strip() if name else f"\x00{len(conv.note_order)}"
    note = conv.notes.get(key)
    if note is None:
        note = Note(0 if define_only else len(conv.note_order) + 1)
        conv.notes[key] = note
        if not define_only:
            conv.note_order.append(note)
    elif note.number == 0 and not define_only:
        note.number = len(conv.note_order) + 1
        conv.note_order.append(note)
    content = node.contents if not node.self_closing else None
    if content is not None and str(content).strip() and not note.defined:
        note.code, note.at, note.line, note.defined = content, inside(node, at, content), line, True
    elif not note.line:
        note.line = line
    if define_only:
        return Span("", "")
    return Span(f"[^{note.number}]", "", "ref")


def render_notes(conv: Converter) -> str:
    """The footnote definitions, in order of first use."""
    rows = []
    for note in conv.note_order:
        if not note.defined:
            conv.report("inexact", note.line, "<ref>", "footnote used but never defined")
            text = "?"
        else:
            text = " ".join(conv.inline(note.code, note.at).md.split())
            if not text:
                conv.report(
                    "inexact",
                    note.line,
                    "<ref>",
                    "footnote empty after conversion; its wikitext is shown",
                )
                text = code_span(" ".join(str(note.code).split()))
        rows.append(f"[^{note.number}]: {text}")
    return "\n".join(rows)
