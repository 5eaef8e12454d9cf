"""Rows grouped into Markdown blocks: paragraphs, lists, definition lists, preformatted text.

The parser marks list items but not paragraphs or lines indented with a space; MediaWiki makes
those from lines, and so does this module, from the converter's rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from commons.wikiimport.markdown import escape_line_start, fence

if TYPE_CHECKING:
    from commons.wikiimport.convert import Converter, Row

# Spans whose content a code block shows as plain text without losing anything.
_PLAIN_IN_PRE = {"text", "nowiki", "html"}
_FAMILIES = {"*": "*", "#": "#", ";": ";:", ":": ":"}


def assemble(conv: Converter, rows: list[Row], top: bool = False) -> list[str]:
    """Markdown blocks of a fragment's rows; at the top of a page, its lead and prose too."""
    blocks: list[str] = []
    kinds: list[str] = []
    paragraph: list[Row] = []

    def add(block: str, kind: str) -> None:
        """Append a non-empty block, separating two lists in a row."""
        if not block.strip():
            return
        if kind == "list" and kinds and kinds[-1] == "list":
            blocks.append("<!-- -->")  # keeps Python-Markdown from merging two lists
            kinds.append("separator")
        blocks.append(block)
        kinds.append(kind)

    def flush() -> None:
        """End the paragraph being collected."""
        if paragraph:
            add(_paragraph(conv, paragraph, top), "paragraph")
            paragraph.clear()

    i = 0
    while i < len(rows):
        row = rows[i]
        if row.block is not None:
            flush()
            add(row.block.md, row.block.kind)
            i += 1
        elif not row.prefix and not row.md.strip():
            flush()
            i += 1
        elif row.prefix:
            flush()
            block, kind, i = _list(conv, rows, i, top)
            add(block, kind)
        elif row.pre:
            flush()
            block, i = _pre(conv, rows, i)
            add(block, "pre")
        else:
            paragraph.append(row)
            i += 1
    flush()
    return blocks


def _paragraph(conv: Converter, rows: list[Row], top: bool) -> str:
    """A paragraph: each wikitext line one Markdown line."""
    plain = " ".join(row.plain for row in rows).strip()
    if top:
        if conv.lead is None and plain:
            conv.lead = plain
        conv.add_prose(plain)
    return "\n".join(escape_line_start(row.md.strip()) for row in rows)


def _pre(conv: Converter, rows: list[Row], i: int) -> tuple[str, int]:
    """Lines starting with a space: preformatted text, shown as a code block."""
    code, first, marked = [], rows[i].line, False
    while i < len(rows) and rows[i].pre and rows[i].block is None and rows[i].md.strip():
        row = rows[i]
        text = "".join(span.plain for span in row.spans)
        code.append(text[1:].rstrip())
        marked = marked or any(span.kind not in _PLAIN_IN_PRE for span in row.spans)
        i += 1
    if marked:
        conv.report(
            "inexact", first, "preformatted text", "links and formatting shown as plain text"
        )
    return fence("\n".join(code)), i


def _term(row: Row) -> tuple[str, str]:
    """(term, definition) of a `; term : definition` row, as Markdown."""
    if row.split is None:
        return row.md.strip(), ""
    term = "".join(span.md for span in row.spans[: row.split])
    definition = "".join(span.md for span in row.spans[row.split :])
    return term.strip(), definition.strip()


def _list(conv: Converter, rows: list[Row], i: int, top: bool) -> tuple[str, str, int]:
    """A run of list lines: bullets, numbers, definitions, or ':' indentation as quotes."""
    family = rows[i].prefix[0]
    accepted = _FAMILIES[family]
    out: list[str] = []
    while i < len(rows) and rows[i].block is None and rows[i].prefix[:1] in tuple(accepted):
        row = rows[i]
        prefix = row.prefix
        i += 1
        if top:
            conv.add_prose(row.plain)
        if family == ":":
            colons = len(prefix) - len(prefix.lstrip(":"))
            rest = prefix[colons:]
            text = row.md.strip()
            if rest:
                marker = "1. " if rest[-1] == "#" else "- "
                out.append("> " * colons + "    " * (len(rest) - 1) + marker + text)
            else:
                out.append("> " * colons + escape_line_start(text))
            continue
        depth = len(prefix) - 1
        indent = "    " * depth
        last = prefix[-1]
        text, definition = _term(row) if last == ";" else (row.md.strip(), "")
        if last == "*":
            out.append(f"{indent}- {text}")
        elif last == "#":
            out.append(f"{indent}1. {text}")
        elif last == ";":
            shown = f"**{text}**" if text else ""
            if definition:
                shown += ": " + definition
            out.append(f"{indent}- {shown}" if depth else shown)
        elif out:  # ':' after a term or an item: a definition or a continuation
            joiner = ": " if out[-1].rstrip().endswith("**") else "<br>"
            out[-1] = out[-1] + joiner + text
        else:
            out.append(f"{indent}{escape_line_start(text)}")
    if family == ":":
        return "\n".join(out), "quote", i
    if family == ";":
        # Definition lists become paragraphs of "**term**: definition".
        return "\n\n".join(out), "paragraph", i
    return "\n".join(out), "list", i
