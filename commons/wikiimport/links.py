"""Wiki links, interlanguage and category links, media, galleries and external links."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING
from urllib.parse import quote

from mwparserfromhell.nodes import ExternalLink, Tag, Wikilink

from commons.safety import URL_SCHEMES
from commons.wikiimport.convert import Block, Span, inside, parse, split_code
from commons.wikiimport.markdown import anchor, escape, markdown_url
from commons.wikiimport.titles import (
    CATEGORY,
    FILE,
    INTERLANGUAGE,
    MAIN,
    MEDIA,
    WIKIPEDIA,
    clean,
    fold,
)

if TYPE_CHECKING:
    from commons.wikiimport.convert import Converter, Lines

UNSAFE_SCHEMES = {"javascript", "vbscript", "livescript", "data"}
IMAGE_EXTENSIONS = {"png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "tif", "tiff"}
IMAGE_OPTION = re.compile(
    r"^(thumb|thumbnail|frame|framed|frameless|border|left|right|center|centre|none|upright"
    r"|baseline|sub|super|top|text-top|middle|bottom|text-bottom|vignette|miniature|cadre"
    r"|encadré|sans_cadre|gauche|droite|néant|redresse|تصغير|مصغر|يسار|يمين|مركز|إطار|بدون"
    r"|\d*x?\d+ ?px|upright=.*|redresse=.*|(?:alt|link|lien|page|lang|class|بديل|وصلة)=.*)$",
    re.I,
)
FRAMED = {"thumb", "thumbnail", "frame", "framed", "vignette", "miniature", "cadre", "encadré"}
FRAMED |= {"تصغير", "مصغر", "إطار"}


def unsafe_scheme(url: str) -> bool:
    """True for a URL whose scheme could run script."""
    decoded = re.sub(r"[\x00-\x20\x7f-\x9f]+", "", html.unescape(html.unescape(url)))
    found = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", decoded)
    return bool(found) and found.group(1).lower() in UNSAFE_SCHEMES


def wikilink(conv: Converter, node: Wikilink, at: int, trail: str, out: Lines) -> bool:
    """Convert a [[...]] link into `out`; True when it takes the letters after `]]`."""
    span, takes = _wikilink(conv, node, at, trail)
    if span is None:
        out.touch()
    else:
        out.add(span)
    return takes


def _label(conv: Converter, node: Wikilink, at: int, fallback: str, trail: str) -> Span:
    """A link's text: its label, or `fallback`, with the trailing letters it takes."""
    if node.text is not None and str(node.text):
        shown = conv.inline(node.text, inside(node, at, node.text))
    else:
        shown = conv.inline(parse(fallback), at)
    return Span(shown.md + escape(trail), shown.plain + trail)


def _wikilink(conv: Converter, node: Wikilink, at: int, trail: str) -> tuple[Span | None, bool]:
    """(output or None, whether the trail is taken) of a [[...]] link."""
    line = conv.line_at(at)
    target_text = str(node.title)
    colon_first = target_text.lstrip().startswith(":")
    target = clean(target_text.lstrip()[1:] if colon_first else target_text)
    prefix, colon, rest = target.partition(":")
    namespaces = conv.context.namespaces
    if colon and fold(prefix) in INTERLANGUAGE:
        if colon_first:
            conv.report("inexact", line, "interlanguage link", f"{node} kept as text")
            return Span(*_text(_label(conv, node, at, rest, trail))), True
        conv.interlanguage.append((fold(prefix), namespaces.page_name(rest)))
        return None, False
    if colon and fold(prefix) in WIKIPEDIA:
        lang, colon2, page = rest.partition(":")
        if not colon2 or len(lang.strip()) not in (2, 3):
            lang, page = conv.context.lang, rest
        url = f"https://{lang.strip().lower()}.wikipedia.org/wiki/" + quote(
            namespaces.page_name(page).replace(" ", "_"), safe="/:()"
        )
        text = _label(conv, node, at, page, trail)
        return Span(f"[{text.md}]({markdown_url(url)})", text.plain, "link"), True
    ns, name = namespaces.split(target)
    if ns == CATEGORY and not colon_first:
        conv.categories.append((name, line))
        return None, False
    if ns == FILE and not colon_first:
        if node.text is None:
            return file(conv, name, [], at, at), False
        return file(conv, name, split_code(node.text), at, inside(node, at, node.text)), False
    if ns in (MEDIA, FILE):
        href, expected = conv.context.media(name)
        text = _label(conv, node, at, name, trail)
        if href is None:
            conv.report("missing-media", line, name, expected)
            return Span(text.md, text.plain), True
        return Span(f"[{text.md}]({markdown_url(href)})", text.plain, "link"), True
    name, hash_, fragment = name.partition("#")
    shown = target_text.lstrip().lstrip(":")
    if node.text is not None and not str(node.text):  # the pipe trick: [[Page (x)|]] shows "Page"
        shown = re.sub(r"\s*\([^)]*\)\s*$", "", name.split(":", 1)[-1])
    text = _label(conv, node, at, shown, trail)
    if not name.strip():
        href = "#" + anchor(fragment) if fragment else None
        if href and href != "#":
            return Span(f"[{text.md}]({href})", text.plain, "link"), True
        return Span(text.md, text.plain), True
    found = conv.context.link(ns, name)
    if found.href is None:
        conv.report("missing-link", line, namespaces.full(ns, name), found.reason)
        return Span(text.md, text.plain), True
    suffix = "#" + anchor(fragment) if hash_ and anchor(fragment) else ""
    href = found.href.split("#")[0] + suffix if suffix else found.href
    return Span(f"[{text.md}]({markdown_url(href)})", text.plain, "link"), True


def _text(span: Span) -> tuple[str, str]:
    """A span's Markdown and plain text."""
    return span.md, span.plain


def file(conv: Converter, name: str, options: list, at: int, options_at: int, gallery=False):
    """An embedded image or file: the image if it is there, its caption either way."""
    line = conv.line_at(at)
    caption, alt, framed = None, "", gallery
    for option in options:
        stripped = str(option).strip()
        if IMAGE_OPTION.match(stripped):
            key, _, value = stripped.partition("=")
            if key.lower() in ("alt", "بديل"):
                alt = value
            framed = framed or stripped.lower() in FRAMED
        else:
            caption = option
    has_caption = caption is not None and str(caption).strip()
    shown = conv.inline(caption, options_at) if has_caption else Span("", "")
    href, expected = conv.context.media(name)
    extension = name.rpartition(".")[2].lower()
    if href is None:
        conv.report("missing-media", line, name, expected)
        note = f"<!-- missing media: {expected.replace('--', '- -')} -->"
        em = f" <em>{shown.md}</em>" if shown.md and framed else ""
        return Span(note + em, "", "image")
    if extension not in IMAGE_EXTENSIONS:
        text = shown.md or escape(name)
        return Span(f"[{text}]({markdown_url(href)})", shown.plain, "link")
    alt_text = escape(" ".join((alt or shown.plain or name).split()))
    image = f"![{alt_text}]({markdown_url(href)})"
    if shown.md and framed:
        image += f"<br><em>{shown.md}</em>"
    return Span(image, "", "image")


def gallery(conv: Converter, node: Tag, at: int) -> Block:
    """A gallery: each image in turn, with its caption."""
    shown = []
    start = inside(node, at, node.contents)
    offset = start
    for row in str(node.contents).split("\n"):
        if row.strip():
            parts = split_code(parse(row.strip()))
            ns, name = conv.context.namespaces.split(clean(str(parts[0])))
            if ns in (FILE, MAIN):
                shown.append(file(conv, name, parts[1:], offset, offset, gallery=True).md)
        offset += len(row) + 1
    return Block("\n\n".join(shown), "", "gallery")


def external(conv: Converter, node: ExternalLink, at: int) -> Span:
    """A bracketed or bare external link, or its text when the link is not safe to keep."""
    line = conv.line_at(at)
    url = str(node.url).strip()
    if not node.brackets:
        return Span(f"[{escape(url)}]({markdown_url(url)})", url, "link")
    label = conv.inline(node.title, inside(node, at, node.title)) if node.title else None
    scheme = url.split(":", 1)[0].lower() if not url.startswith("//") else "https"
    if scheme in UNSAFE_SCHEMES or unsafe_scheme(url):
        conv.report("unsafe", line, f"[{url[:40]} ...]", f"{scheme}: link dropped, its text kept")
        return Span(label.md if label else "", label.plain if label else "")
    if url.startswith("//"):
        url = "https:" + url
    if scheme not in URL_SCHEMES:
        conv.report(
            "inexact",
            line,
            f"{scheme}: link",
            "kept as text: the site links only to web, mail and phone",
        )
        shown = f"{label.md} ({escape(url)})" if label and label.md else escape(url)
        return Span(shown, label.plain if label and label.plain else url)
    if label is None or not label.md:
        conv.external_count += 1
        label = Span(f"\\[{conv.external_count}\\]", "")
    return Span(f"[{label.md}]({markdown_url(url)})", label.plain, "link")
