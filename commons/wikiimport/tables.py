"""Wiki and HTML tables as Markdown tables: caption, header row, spans flattened on a grid."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mwparserfromhell.nodes import Tag, Text

from commons.wikiimport.convert import Block, Span, inside
from commons.wikiimport.markdown import escape

if TYPE_CHECKING:
    from commons.wikiimport.convert import Converter


@dataclass
class Cell:
    """One cell of a table, converted."""

    header: bool
    text: str
    rowspan: int
    colspan: int


def _span(node: Tag, name: str) -> int:
    """A rowspan or colspan; 1 when absent or invalid."""
    if not node.has(name):
        return 1
    found = re.match(r"\s*[\"']?(\d+)", str(node.get(name).value))
    return max(1, min(int(found.group(1)), 100)) if found else 1


def _name(node) -> str:
    """A tag's lowercase name, or '' for any other node."""
    return str(node.tag).strip().lower() if isinstance(node, Tag) else ""


def table(conv: Converter, node: Tag, at: int) -> Block | Span:
    """A table as a Markdown block; inside another table, its cells' text on one line."""
    line = conv.line_at(at)
    if conv.table_depth:
        conv.report("inexact", line, "nested table", "inner table flattened into its cell")
        return Span(escape(" ".join(conv.plain(node.contents, at).split())), "", "text")
    conv.table_depth += 1
    try:
        rows, caption = _read(conv, node, at)
    finally:
        conv.table_depth -= 1
    return Block(_render(conv, rows, caption, line), "", "table")


def _read(conv: Converter, node: Tag, at: int) -> tuple[list[list[Cell]], list[str]]:
    """The rows of cells and the caption of a table node."""
    rows: list[list[Cell]] = []
    caption: list[str] = []
    current: list[Cell] | None = None
    offset = inside(node, at, node.contents)
    for child in node.contents.nodes:
        name = _name(child)
        if name == "tr":
            current = []
            rows.append(current)
            cell_offset = inside(child, offset, child.contents)
            for cell in child.contents.nodes:
                if _name(cell) in ("td", "th"):
                    current.append(_cell(conv, cell, cell_offset))
                elif str(cell).strip():
                    caption.append(conv.inline(_wrap(cell), cell_offset).md)
                cell_offset += len(str(cell))
        elif name in ("td", "th") and child.wiki_markup == "|" and str(child.contents)[:1] == "+":
            shown = conv.inline(child.contents, inside(child, offset, child.contents)).md
            caption.append(shown.lstrip("+ ").strip())
        elif name in ("td", "th"):
            if current is None:
                current = []
                rows.append(current)
            current.append(_cell(conv, child, offset))
        elif name == "caption":
            caption.append(conv.inline(child.contents, inside(child, offset, child.contents)).md)
        elif str(child).strip():
            caption.append(conv.inline(_wrap(child), offset).md)
        offset += len(str(child))
    return rows, [c for c in caption if c.strip()]


def _wrap(node):
    """A single node as a node list."""
    from mwparserfromhell.wikicode import Wikicode

    return Wikicode([node] if not isinstance(node, Text) else [Text(node.value)])


def _cell(conv: Converter, node: Tag, at: int) -> Cell:
    """A cell's content on one line, block content joined with line breaks."""
    contents_at = inside(node, at, node.contents)
    parts, block, gap = [], False, False
    for row in conv.rows(node.contents, contents_at):
        if row.block is not None:
            text = " ".join(row.block.plain.split())
            if text:
                parts.append(escape(text))
            block = True
            continue
        md = " ".join(row.md.split())
        if not md:
            gap = gap or bool(parts)
            continue
        block = block or gap or bool(row.prefix)
        parts.append(md)
    if block:
        conv.report(
            "inexact",
            conv.line_at(at),
            "table cell",
            "lists or paragraphs in a cell joined with line breaks",
        )
    text = ("<br>" if block else " ").join(parts).strip()
    return Cell(_name(node) == "th", text, _span(node, "rowspan"), _span(node, "colspan"))


def _grid(rows: list[list[Cell]]) -> tuple[list[list[Cell | None]], bool]:
    """Cells laid out on a grid, spanned places left empty; and whether any cell spans."""
    grid: list[list[Cell | None]] = []
    pending: dict[int, int] = {}
    spanned = False
    for source_row in rows:
        out: list[Cell | None] = []
        column = 0
        for cell in source_row:
            while pending.get(column):
                out.append(None)
                pending[column] -= 1
                column += 1
            out.append(cell)
            spanned = spanned or cell.rowspan > 1 or cell.colspan > 1
            for offset in range(cell.colspan):
                if offset:
                    out.append(None)
                if cell.rowspan > 1:
                    pending[column + offset] = cell.rowspan - 1
            column += cell.colspan
        while any(pending.get(c) for c in range(column, max(pending, default=-1) + 1)):
            if pending.get(column):
                pending[column] -= 1
            out.append(None)
            column += 1
        grid.append(out)
    width = max(len(r) for r in grid)
    for r in grid:
        r.extend([None] * (width - len(r)))
    return grid, spanned


def _render(conv: Converter, rows: list[list[Cell]], caption: list[str], line: int) -> str:
    """The Markdown of a table: header row, rows, caption above in bold."""
    rows = [r for r in rows if r]
    if not rows:
        return ""
    grid, spanned = _grid(rows)
    if spanned:
        conv.report(
            "inexact", line, "table span", "rowspan/colspan flattened: spanned cells left empty"
        )
    width = len(grid[0])
    has_header = all(c is None or c.header for c in grid[0]) and any(grid[0])
    body = grid[1:] if has_header else grid
    header = [c.text if c else "" for c in grid[0]] if has_header else [""] * width
    bold_cells = False
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * width]
    for r in body:
        cells = []
        for c in r:
            text = c.text if c else ""
            if c is not None and c.header and text:
                text, bold_cells = f"**{text}**", True
            cells.append(text)
        lines.append("| " + " | ".join(cells) + " |")
    if bold_cells:
        conv.report(
            "inexact", line, "table header cell", "header cells outside the first row shown in bold"
        )
    table_md = "\n".join(lines)
    shown = " ".join(c.strip() for c in caption).strip()
    return f"**{shown}**\n\n{table_md}" if shown else table_md
