"""Markdown that shows wiki text exactly as written: escapes, safe URLs, fences, emphasis."""

from __future__ import annotations

import re

from markdown.extensions.toc import slugify as toc_slugify

from commons.wikiimport.titles import clean

# Python-Markdown's footnotes extension puts the footnotes where this paragraph stands.
FOOTNOTES_MARKER = "///Footnotes Go Here///"

# Entities rather than backslashes for braces: `\{% include` still reads as an include directive.
_ESCAPES = str.maketrans(
    {**{char: "\\" + char for char in "\\`*_[]|"}, "<": "&lt;", "{": "&#123;", "}": "&#125;"}
)


def escape(text: str) -> str:
    """Text that Markdown shows exactly as written, never as markup or HTML."""
    return text.translate(_ESCAPES)


def escape_line_start(line: str) -> str:
    """Keep a paragraph line from starting a heading, list, quote or admonition."""
    if re.match(r"^[=-]+\s*$", line):
        return ("&#61;" if line[0] == "=" else "\\-") + line[1:]
    if re.match(r"^(#|>|[-+] |[-+]$|!!!)", line):
        return "\\" + line
    if line.startswith("???"):
        return "&#63;" + line[1:]
    if line.startswith("///"):
        return "&#47;" + line[1:]
    found = re.match(r"^(\d+)\.(\s|$)", line)
    if found:
        return found.group(1) + "\\" + line[len(found.group(1)) :]
    return line


def markdown_url(url: str) -> str:
    """A URL that cannot end a Markdown link early."""
    for char, code in ((" ", "%20"), ("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E")):
        url = url.replace(char, code)
    return url


def anchor(fragment: str) -> str:
    """The id Python-Markdown's toc gives a heading with this text."""
    return toc_slugify(clean(fragment), "-")


def fence(text: str, info: str = "") -> str:
    """A fenced code block that its own content cannot close."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{info}\n{text}\n{ticks}"


def code_span(text: str) -> str:
    """An inline code span that its own content cannot close."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    ticks = "`" * (longest + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{ticks}{padded}{ticks}"


def emphasis(inner: str, mark: str) -> str:
    """`inner` between `mark`s that hug its text: Markdown ignores `** spaced **`."""
    core = inner.strip()
    if not core:
        return inner
    lead = inner[: len(inner) - len(inner.lstrip())]
    tail = inner[len(inner.rstrip()) :]
    return f"{lead}{mark}{core}{mark}{tail}"
