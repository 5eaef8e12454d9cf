"""Wikitext to Markdown: each construct a MediaWiki page uses is converted, or reported as not."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol
from urllib.parse import quote

from markdown.extensions.toc import slugify as toc_slugify

from commons.safety import ALLOWED_TAGS, URL_SCHEMES
from commons.wikiimport.mapping import Mapping, TemplateRule
from commons.wikiimport.titles import (
    CATEGORY,
    FILE,
    INTERLANGUAGE,
    MAIN,
    MEDIA,
    TEMPLATE,
    WIKIPEDIA,
    Namespaces,
    clean,
    fold,
)

OPEN, CLOSE = "\ue000", "\ue001"
TOKEN = re.compile(OPEN + r"(\d+)" + CLOSE)
# Python-Markdown's footnotes extension puts the footnotes where this paragraph stands.
FOOTNOTES_MARKER = "///Footnotes Go Here///"

_START = re.compile(
    r"<!--|\{\{|\[\[|__([A-Z]{2,}|[\u0621-\u064a_]{2,})__"
    r"|<(/?)([A-Za-z][A-Za-z0-9]*)((?:\s+[^<>]*?)?)\s*(/?)>"
)
_BRACES = re.compile(r"\{\{|\}\}")
_BRACKETS = re.compile(r"\[\[|\]\]")
_TRAIL = re.compile(r"[^\W\d_]+")
_ATTRIBUTE = re.compile(r"([^\s\"'>/=]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?")
_HEADING = re.compile(r"^(=+)(.*?)(=+)\s*$")
_QUOTES = re.compile(r"('{2,})")
_PROTOCOLS = (
    "https?|ftps?|mailto|tel|irc|ircs|news|gopher|sftp|ssh|git|svn|telnet|nntp|xmpp|sips?|sms"
    "|geo|magnet|javascript|vbscript|livescript|data"
)
_EXTERNAL = re.compile(
    r"\[((?:" + _PROTOCOLS + r"):[^\s\]" + OPEN + r"]*|//[^\s\]" + OPEN + r"]+)"
    r"(?:[ \t]+([^\]]*))?\]",
    re.I,
)
_BARE = re.compile(
    r"(?<![\w/\"'=\[])(?:https?|ftp)://[^\s<>\[\]\"{}|\\^`" + OPEN + CLOSE + r"]+", re.I
)
_UNSAFE_SCHEMES = {"javascript", "vbscript", "livescript", "data"}
_IMAGE_EXTENSIONS = {"png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "tif", "tiff"}
_IMAGE_OPTION = re.compile(
    r"^(thumb|thumbnail|frame|framed|frameless|border|left|right|center|centre|none|upright"
    r"|baseline|sub|super|top|text-top|middle|bottom|text-bottom|vignette|miniature|cadre"
    r"|encadré|sans_cadre|gauche|droite|néant|redresse|تصغير|مصغر|يسار|يمين|مركز|إطار|بدون"
    r"|\d*x?\d+ ?px|upright=.*|redresse=.*|(?:alt|link|lien|page|lang|class|بديل|وصلة)=.*)$",
    re.I,
)
_FRAMED = {"thumb", "thumbnail", "frame", "framed", "vignette", "miniature", "cadre", "encadré"}
_FRAMED |= {"تصغير", "مصغر", "إطار"}

# Raw HTML a wiki page may keep, mapped to what the site allows (commons.safety).
FORMATTING = {
    name: name
    for name in "b i u s em strong sub sup small code span abbr del ins mark kbd var samp cite "
    "q dfn bdi bdo".split()
    if name in ALLOWED_TAGS
}
FORMATTING.update({"tt": "code", "strike": "s"})
KEPT_ATTRIBUTES = {"lang", "dir", "title"}
UNWRAPPED_SILENTLY = {"div", "p", "nobr", "onlyinclude", "noinclude"}
UNWRAPPED = set(
    "center font big h1 h2 h3 h4 h5 h6 ul ol li dl dt dd table tr td th caption thead tbody "
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
REGIONS = {"nowiki", "pre", "ref", "references", "gallery", "math", "chem", "syntaxhighlight"}
REGIONS |= {"source", "poem", "includeonly", "blockquote", "a"} | DANGEROUS_CONTAINERS

SWITCHES = {
    "NOTOC": "NOTOC",
    "AUCUNSOMMAIRE": "NOTOC",
    "PASDESOMMAIRE": "NOTOC",
    "لافهرس": "NOTOC",
}
KNOWN_SWITCHES = set(SWITCHES) | set(
    "FORCETOC TOC NOEDITSECTION NEWSECTIONLINK NONEWSECTIONLINK NOGALLERY HIDDENCAT INDEX "
    "NOINDEX STATICREDIRECT DISAMBIG NOTITLECONVERT NOTC NOCONTENTCONVERT NOCC SOMMAIRE "
    "FORCERSOMMAIRE EXPECTUNUSEDCATEGORY فهرس".split()
)
PAGE_VARIABLES = {"PAGENAME", "PAGENAMEE", "FULLPAGENAME", "FULLPAGENAMEE", "BASEPAGENAME"}
PAGE_VARIABLES |= {"ROOTPAGENAME", "SUBPAGENAME", "ARTICLEPAGENAME"}
SILENT_MAGIC = {"DEFAULTSORT", "DEFAULTSORTKEY", "DEFAULTCATEGORYSORT", "CLEFDETRI", "ترتيب"}
STRING_FUNCTIONS = {
    "lc": str.lower,
    "uc": str.upper,
    "lcfirst": lambda s: s[:1].lower() + s[1:],
    "ucfirst": lambda s: s[:1].upper() + s[1:],
    "formatnum": lambda s: s,
}
PARSER_FUNCTIONS = set(
    "int ns nse fullurl localurl canonicalurl urlencode anchorencode padleft padright plural "
    "grammar gender tag filepath server".split()
)
DYNAMIC_MAGIC = set(
    "CURRENTYEAR CURRENTMONTH CURRENTMONTHNAME CURRENTDAY CURRENTDAYNAME CURRENTTIME "
    "CURRENTTIMESTAMP LOCALYEAR LOCALMONTH LOCALDAY LOCALTIME LOCALTIMESTAMP NUMBEROFARTICLES "
    "NUMBEROFPAGES NUMBEROFFILES NUMBEROFUSERS NUMBEROFEDITS NUMBEROFADMINS REVISIONID "
    "REVISIONUSER REVISIONTIMESTAMP REVISIONDAY REVISIONMONTH REVISIONYEAR SERVER SERVERNAME "
    "SCRIPTPATH CONTENTLANGUAGE NAMESPACE TALKPAGENAME TALKSPACE SUBJECTSPACE PAGEID "
    "CURRENTVERSION DIRMARK".split()
)
# Built-in equivalents of <references />: converting them is exact, so they are not "unmapped".
REFERENCE_LISTS = {"reflist", "references", "références", "notes", "refs", "مراجع", "reflist-talk"}


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


@dataclass(slots=True)
class _Held:
    """Converted output kept out of the way of later stages, behind a placeholder."""

    markdown: str
    plain: str
    block: bool
    kind: str


@dataclass
class _Note:
    """One footnote: its wikitext and where it was defined."""

    number: int
    text: str = ""
    line: int = 0
    defined: bool = False


class _Out:
    """Output text under construction, with the wikitext line each output line came from."""

    def __init__(self, first_line: int):
        self.parts: list[str] = []
        self.line = first_line
        self.lines = [first_line]

    def verbatim(self, text: str) -> None:
        """Copy wikitext through: its line breaks advance the wikitext line."""
        self.parts.append(text)
        count = text.count("\n")
        if count:
            self.lines.extend(range(self.line + 1, self.line + count + 1))
            self.line += count

    def synthetic(self, text: str) -> None:
        """Add generated text: its line breaks stay on the current wikitext line."""
        self.parts.append(text)
        self.lines.extend([self.line] * text.count("\n"))

    def embed(self, text: str, lines: list[int]) -> None:
        """Add text converted separately, keeping its own line numbers."""
        self.parts.append(text)
        self.lines.extend(lines[1:])

    def text(self) -> str:
        """The text built so far."""
        return "".join(self.parts)


@lru_cache(maxsize=64)
def _closing_tag(name: str) -> re.Pattern:
    """The closing tag of an element, any case."""
    return re.compile(rf"</{name}\s*>", re.I)


def _matching(text: str, start: int, pattern: re.Pattern, opener: str) -> int | None:
    """End offset of the bracket pair opened at `start`, counting nested pairs."""
    depth = 0
    for match in pattern.finditer(text, start):
        depth += 1 if match.group(0) == opener else -1
        if depth == 0:
            return match.end()
    return None


def split_top(text: str, separator: str = "|") -> list[str]:
    """Split on `separator` outside nested {{...}} and [[...]]."""
    parts, depth, current, i = [], 0, [], 0
    while i < len(text):
        pair = text[i : i + 2]
        if pair in ("{{", "[["):
            depth += 1
            current.append(pair)
            i += 2
            continue
        if pair in ("}}", "]]") and depth:
            depth -= 1
            current.append(pair)
            i += 2
            continue
        if text[i] == separator and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(text[i])
        i += 1
    parts.append("".join(current))
    return parts


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


def _fence(text: str, info: str = "") -> str:
    """A fenced code block that its own content cannot close."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{text}\n{fence}"


def _code_span(text: str) -> str:
    """An inline code span that its own content cannot close."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    ticks = "`" * (longest + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{ticks}{padded}{ticks}"


class Converter:
    """Converts one page's wikitext; create one per page."""

    def __init__(self, context: Context):
        self.context = context
        self.held: list[_Held] = []
        self.issues: list[Issue] = []
        self.calls: list[TemplateCall] = []
        self.categories: list[tuple[str, int]] = []
        self.interlanguage: list[tuple[str, str]] = []
        self.switches: set[str] = set()
        self.notes: dict[str, _Note] = {}
        self.note_order: list[_Note] = []
        self.marker: int | None = None
        self.external_count = 0
        self.lead: str | None = None
        self.reported_groups: set[str] = set()
        self.source_lines: list[str] = []

    # ----------------------------------------------------------------- entry point

    def convert(self, wikitext: str) -> Converted:
        """The page's Markdown body and everything learned on the way."""
        text = wikitext.replace("\r\n", "\n").replace("\r", "\n")
        text = text.replace(OPEN, "").replace(CLOSE, "")
        self.source_lines = text.split("\n")
        blocks = self._convert_blocks(text, 1)
        body = "\n\n".join(blocks)
        notes = self._render_notes()
        if self.marker is not None:
            self.held[self.marker].markdown = FOOTNOTES_MARKER if notes else ""
        body = self._restore(body)
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
        )

    def report(self, kind: str, line: int, construct: str, detail: str) -> None:
        """Record one issue."""
        self.issues.append(Issue(kind, line, construct, detail))

    def _hold(self, markdown: str, plain: str | None = None, block=False, kind="") -> str:
        """Keep converted output behind a placeholder; return the placeholder."""
        self.held.append(_Held(markdown, markdown if plain is None else plain, block, kind))
        return f"{OPEN}{len(self.held) - 1}{CLOSE}"

    def _restore(self, text: str, plain: bool = False) -> str:
        """Put held output back in place of its placeholders, nested ones included."""
        for _ in range(20):
            if OPEN not in text:
                break
            text = TOKEN.sub(
                lambda m: (
                    self.held[int(m.group(1))].plain
                    if plain
                    else self.held[int(m.group(1))].markdown
                ),
                text,
            )
        return text

    # ----------------------------------------------------- stage 1: constructs

    def _extract(self, text: str, first_line: int) -> tuple[str, list[int]]:
        """Replace comments, templates, links, tags and references by placeholders."""
        out = _Out(first_line)
        pos = 0
        while pos < len(text):
            match = _START.search(text, pos)
            if match is None:
                out.verbatim(text[pos:])
                break
            out.verbatim(text[pos : match.start()])
            line, start = out.line, match.start()
            end, kind, value = self._construct(text, match, line)
            if end is None:
                out.verbatim(text[start])
                pos = start + 1
                continue
            if kind == "inline":
                out.synthetic(value)
            elif kind == "block":
                out.synthetic("\n" + value)
            elif kind == "embed":
                out.embed(*value)
            out.line = line + text.count("\n", start, end)
            if kind == "block":
                out.synthetic("\n")
            pos = end
        return out.text(), out.lines

    def _construct(self, text: str, match: re.Match, line: int):
        """(end, kind, value) of the construct at `match`; end None when there is none."""
        start, found = match.start(), match.group(0)
        if found == "<!--":
            end = text.find("-->", start + 4)
            return (len(text) if end < 0 else end + 3), "", None
        if found == "{{":
            if text.startswith("{{{", start):
                end = text.find("}}}", start + 3)
                if end < 0:
                    return None, "", None
                inner = text[start + 3 : end]
                _, bar, default = inner.partition("|")
                if not bar:
                    return end + 3, "inline", "{{{" + inner + "}}}"
                return end + 3, "embed", self._extract(default, line)
            end = _matching(text, start, _BRACES, "{{")
            if end is None:
                return None, "", None
            return end, "inline", self._template(text[start + 2 : end - 2], line)
        if found == "[[":
            end = _matching(text, start, _BRACKETS, "[[")
            if end is None:
                return None, "", None
            trail = _TRAIL.match(text, end)
            inner = text[start + 2 : end - 2]
            held, takes_trail = self._link(inner, trail.group(0) if trail else "", line)
            if takes_trail and trail:
                end = trail.end()
            return end, "inline", held
        if found.startswith("__"):
            word = match.group(1)
            if word not in KNOWN_SWITCHES:
                return None, "", None
            self.switches.add(SWITCHES.get(word, word))
            return match.end(), "", None
        return self._tag(text, match, line)

    # ------------------------------------------------------------------ templates

    def _template(self, inner: str, line: int) -> str:
        """What a template call becomes in the text (often nothing), reporting what is lost."""
        parts = split_top(inner)
        name = parts[0].strip()
        call = "{{" + inner + "}}"
        if not name:
            return ""
        if name in ("!", "="):
            return "|" if name == "!" else "="
        head, colon, argument = name.partition(":")
        magic = head.strip()
        if magic.upper() in PAGE_VARIABLES and not colon:
            title = self.context.title
            return {
                "BASEPAGENAME": title.rsplit("/", 1)[0],
                "SUBPAGENAME": title.rsplit("/")[-1],
            }.get(magic.upper(), title)
        if magic.upper() == "SITENAME" and not colon:
            return self.context.sitename
        if colon and (magic.upper() in SILENT_MAGIC or magic in SILENT_MAGIC):
            return ""
        if colon and magic.upper() == "DISPLAYTITLE":
            self.report(
                "inexact", line, "DISPLAYTITLE", f"display title {argument.strip()!r} ignored"
            )
            return ""
        if colon and magic.lower() in STRING_FUNCTIONS:
            return STRING_FUNCTIONS[magic.lower()](self._plain_fragment(argument, line))
        if magic.startswith("#") or (colon and magic.lower() in PARSER_FUNCTIONS):
            self.report("inexact", line, "parser function", f"{call[:120]} not evaluated")
            return ""
        if magic.upper() in DYNAMIC_MAGIC and not colon:
            self.report("inexact", line, "magic word", f"{{{{{magic}}}}} has no static value")
            return ""
        for prefix in ("subst:", "safesubst:", "msgnw:", "raw:", "msg:"):
            if name.lower().startswith(prefix):
                name = name[len(prefix) :].strip()
        if name.startswith(":"):
            self.report("template", line, clean(name[1:]), call[:300])
            return ""
        ns, bare = self.context.namespaces.split(clean(name))
        if ns not in (MAIN, TEMPLATE):
            self.report("template", line, self.context.namespaces.full(ns, bare), call[:300])
            return ""
        if fold(bare) in REFERENCE_LISTS and self.context.mapping.template(bare) is None:
            return self._references_marker()
        rule = self.context.mapping.template(bare)
        if rule is None:
            self.report("template", line, bare, call[:300])
            return ""
        params = self._params(parts[1:], inner, line)
        if rule.render == "references":
            return self._references_marker()
        if rule.render == "citation":
            return self._citation(params, line)
        self.calls.append(TemplateCall(rule, params, line))
        return ""

    def _params(self, parts: list[str], inner: str, line: int) -> dict[str, tuple[str, int]]:
        """Template parameters by folded name (positional ones by number), as plain text."""
        params, position, offset = {}, 0, len(inner.split("|", 1)[0]) + 1
        for part in parts:
            part_line = line + inner.count("\n", 0, offset)
            offset += len(part) + 1
            key, equals, value = part.partition("=")
            if equals and "[[" not in key and "{{" not in key:
                params[fold(key)] = (value, part_line)
            else:
                position += 1
                params[str(position)] = (part, part_line)
        return {key: (self._plain_fragment(value, at), at) for key, (value, at) in params.items()}

    def _citation(self, params: dict[str, tuple[str, int]], line: int) -> str:
        """A citation template written out as a sentence, its URL linked."""

        def first(*names: str) -> str:
            """The first of these parameters that has a value."""
            return next((params[n][0] for n in names if params.get(n, ("", 0))[0]), "")

        author = first("author", "authors", "auteur", "auteurs", "مؤلف", "المؤلف") or " ".join(
            p for p in (first("first", "prénom"), first("last", "nom")) if p
        )
        title = first("title", "titre", "عنوان", "العنوان")
        url = first("url", "lien", "مسار")
        where = first(
            "publisher",
            "éditeur",
            "website",
            "site",
            "journal",
            "périodique",
            "work",
            "ناشر",
            "الناشر",
        )
        year = first("year", "date", "année", "سنة", "تاريخ")
        pieces = []
        if author:
            pieces.append(escape(author) + (f" ({escape(year)})" if year else ""))
        elif year:
            pieces.append(f"({escape(year)})")
        web = bool(re.fullmatch(r"(?:https?|mailto):[^\s<>\"]+", url.strip()))
        if title and web:
            pieces.append(f"[{escape(title)}]({markdown_url(url.strip())})")
        elif title:
            pieces.append(f"*{escape(title)}*")
        elif web:
            pieces.append(f"[{escape(url.strip())}]({markdown_url(url.strip())})")
        if where:
            pieces.append(escape(where))
        if url and not web:
            kind = "unsafe" if _unsafe_scheme(url) else "inexact"
            self.report(kind, line, "citation URL", f"{url[:60]!r} dropped: not a web address")
        text = ". ".join(pieces)
        return self._hold(
            text + "." if text else "",
            plain=". ".join(p for p in (author, title, where, year) if p),
            kind="citation",
        )

    def _references_marker(self) -> str:
        """Where footnotes go; only the first list of references on a page counts."""
        if self.marker is not None:
            return ""
        token = self._hold("", plain="", block=True, kind="references")
        self.marker = int(TOKEN.match(token).group(1))
        return "\n" + token + "\n"

    # ---------------------------------------------------------------------- links

    def _link(self, inner: str, trail: str, line: int) -> tuple[str, bool]:
        """(replacement, whether it takes the letters after ]]) of a [[...]] link."""
        target_text, bar, label = inner.partition("|")
        colon_first = target_text.lstrip().startswith(":")
        target = clean(target_text.lstrip()[1:] if colon_first else target_text)
        prefix, colon, rest = target.partition(":")
        namespaces = self.context.namespaces
        if colon and fold(prefix) in INTERLANGUAGE:
            if colon_first:
                self.report("inexact", line, "interlanguage link", f"[[{inner}]] kept as text")
                return self._hold(self._inline_fragment(label or rest, line), kind="text"), True
            self.interlanguage.append((fold(prefix), namespaces.page_name(rest)))
            return "", False
        if colon and fold(prefix) in WIKIPEDIA:
            lang, colon2, page = rest.partition(":")
            if not colon2 or len(lang.strip()) not in (2, 3):
                lang, page = self.context.lang, rest
            url = f"https://{lang.strip().lower()}.wikipedia.org/wiki/" + quote(
                namespaces.page_name(page).replace(" ", "_"), safe="/:()"
            )
            text = self._inline_fragment(label if bar else page, line) + escape(trail)
            return self._hold(f"[{text}]({markdown_url(url)})", plain=text, kind="link"), True
        ns, name = namespaces.split(target)
        if ns == CATEGORY and not colon_first:
            self.categories.append((name, line))
            return "", False
        if ns == FILE and not colon_first:
            return self._file(name, split_top(inner)[1:], line), False
        if ns in (MEDIA, FILE):
            href, expected = self.context.media(name)
            text = self._inline_fragment(label if bar and label else name, line) + escape(trail)
            if href is None:
                self.report("missing-media", line, name, expected)
                return self._hold(text, kind="text"), True
            return self._hold(f"[{text}]({markdown_url(href)})", plain=text, kind="link"), True
        name, hash_, fragment = name.partition("#")
        shown = label if bar else target_text.lstrip().lstrip(":")
        if bar and not label:  # the pipe trick: [[Page (thing)|]] shows "Page"
            shown = re.sub(r"\s*\([^)]*\)\s*$", "", name.split(":", 1)[-1])
        text = self._inline_fragment(shown, line) + escape(trail)
        if not name.strip():
            href = "#" + anchor(fragment) if fragment else None
            if href and href != "#":
                return self._hold(f"[{text}]({href})", plain=text, kind="link"), True
            return self._hold(text, kind="text"), True
        found = self.context.link(ns, name)
        if found.href is None:
            self.report("missing-link", line, namespaces.full(ns, name), found.reason)
            return self._hold(text, kind="text"), True
        suffix = "#" + anchor(fragment) if hash_ and anchor(fragment) else ""
        href = found.href.split("#")[0] + suffix if suffix else found.href
        return self._hold(f"[{text}]({markdown_url(href)})", plain=text, kind="link"), True

    def _file(self, name: str, options: list[str], line: int, gallery: bool = False) -> str:
        """An embedded image or file: the image if it is there, its caption either way."""
        caption, alt, framed = "", "", gallery
        for option in options:
            stripped = option.strip()
            if _IMAGE_OPTION.match(stripped):
                key, _, value = stripped.partition("=")
                if key.lower() in ("alt", "بديل"):
                    alt = value
                framed = framed or stripped.lower() in _FRAMED
            else:
                caption = option
        caption_md = self._inline_fragment(caption, line) if caption.strip() else ""
        caption_plain = self._plain_fragment(caption, line) if caption.strip() else ""
        href, expected = self.context.media(name)
        extension = name.rpartition(".")[2].lower()
        if href is None:
            self.report("missing-media", line, name, expected)
            note = f"<!-- missing media: {expected.replace('--', '- -')} -->"
            shown = f" <em>{caption_md}</em>" if caption_md and framed else ""
            return self._hold(note + shown, plain=caption_plain, kind="image")
        if extension not in _IMAGE_EXTENSIONS:
            text = caption_md or escape(name)
            return self._hold(f"[{text}]({markdown_url(href)})", plain=caption_plain, kind="link")
        alt_text = escape(" ".join((alt or caption_plain or name).split()))
        image = f"![{alt_text}]({markdown_url(href)})"
        if caption_md and framed:
            image += f"<br><em>{caption_md}</em>"
        return self._hold(image, plain=caption_plain, kind="image")

    # ----------------------------------------------------------------------- tags

    def _tag(self, text: str, match: re.Match, line: int):
        """(end, kind, value) for an HTML-like tag at `match`."""
        closing, raw_name, attributes, self_closing = match.group(2, 3, 4, 5)
        name = raw_name.lower()
        end = match.end()
        if closing:
            if name in FORMATTING:
                return end, "inline", self._hold(f"</{FORMATTING[name]}>", plain="", kind="html")
            if name in REGIONS or name in UNWRAPPED or name in UNWRAPPED_SILENTLY:
                return end, "", None
            if name in DANGEROUS_TAGS:
                return end, "", None
            return None, "", None
        if name in REGIONS and not self_closing:
            close = _closing_tag(name).search(text, end)
            inner_end, after = (close.start(), close.end()) if close else (len(text), len(text))
            if name in DANGEROUS_CONTAINERS and close is None:
                inner_end = after = end
            return self._region(name, attributes, text[end:inner_end], after, line)
        if name == "ref" and self_closing:
            return end, "inline", self._ref(attributes, None, line)
        if name == "references" and self_closing:
            return end, "inline", self._references_marker()
        if name in ("nowiki", "gallery", "pre", "poem", "includeonly", "blockquote", "a"):
            return end, "", None
        if name in DANGEROUS_CONTAINERS or name in DANGEROUS_TAGS:
            self.report("unsafe", line, f"<{name}>", "element dropped: it could load or run code")
            self._check_attributes(name, attributes, line)
            return end, "", None
        if name in ("br", "wbr"):
            return end, "inline", self._hold("<br>", plain=" ", kind="html")
        if name == "hr":
            return end, "block", self._hold("---", plain="", block=True, kind="html")
        if name in FORMATTING:
            kept = self._check_attributes(name, attributes, line)
            tag = FORMATTING[name]
            if self_closing:
                return end, "", None
            return end, "inline", self._hold(f"<{tag}{kept}>", plain="", kind="html")
        if name in UNWRAPPED or name in UNWRAPPED_SILENTLY:
            self._check_attributes(name, attributes, line)
            if name in UNWRAPPED:
                self.report("inexact", line, f"<{name}>", "HTML element removed, its text kept")
            elif attributes.strip():
                self.report("inexact", line, f"<{name}>", "attributes dropped, text kept")
            return (
                end,
                "inline" if name != "p" else "block",
                "" if name != "p" else self._hold("", plain="", block=True, kind="html"),
            )
        return None, "", None

    def _check_attributes(self, name: str, attributes: str, line: int) -> str:
        """The attributes that are kept, as text; every other one is reported."""
        kept = []
        for match in _ATTRIBUTE.finditer(attributes or ""):
            attribute = match.group(1).lower()
            value = html.unescape((match.group(2) or "").strip("\"'"))
            if attribute.startswith("on"):
                self.report(
                    "unsafe",
                    line,
                    f"<{name} {attribute}>",
                    "event-handler attribute dropped: it would run script",
                )
            elif _unsafe_scheme(value) and attribute in ("href", "src", "action", "data", "style"):
                self.report("unsafe", line, f"<{name} {attribute}>", f"{value[:40]!r} dropped")
            elif attribute == "style" and re.search(r"url\s*\(|expression|@import", value, re.I):
                self.report("unsafe", line, f"<{name} style>", "style that loads content dropped")
            elif attribute in KEPT_ATTRIBUTES and name in FORMATTING:
                if attribute == "dir" and value.lower() not in ("ltr", "rtl", "auto"):
                    continue
                if attribute == "lang" and not re.fullmatch(
                    r"[A-Za-z]{2,3}(-[A-Za-z0-9]+)*", value
                ):
                    continue
                kept.append(f' {attribute}="{html.escape(value, quote=True)}"')
            elif attribute == "style" and name in FORMATTING:
                self.report("inexact", line, f"<{name} style>", "inline style dropped")
        return "".join(kept)

    def _region(self, name: str, attributes: str, inner: str, end: int, line: int):
        """(end, kind, value) of an element whose content is read as a whole."""
        if name in DANGEROUS_CONTAINERS:
            self.report(
                "unsafe",
                line,
                f"<{name}>",
                "element and its content dropped: it could load or run code in a reader's browser",
            )
            return end, "", None
        if name == "nowiki":
            literal = inner.replace("\n", " ")
            return (
                end,
                "inline",
                self._hold(escape(literal), plain=html.unescape(literal), kind="nowiki"),
            )
        if name == "pre":
            code = html.unescape(inner.strip("\n"))
            return end, "block", self._hold(_fence(code), plain=code, block=True, kind="pre")
        if name in ("syntaxhighlight", "source"):
            language = re.search(r"lang\s*=\s*[\"']?([A-Za-z0-9_+-]+)", attributes or "")
            if re.search(r"\binline\b", attributes or ""):
                return (
                    end,
                    "inline",
                    self._hold(_code_span(inner.strip()), plain=inner, kind="code"),
                )
            info = language.group(1).lower() if language else ""
            return (
                end,
                "block",
                self._hold(_fence(inner.strip("\n"), info), plain=inner, block=True, kind="pre"),
            )
        if name in ("math", "chem"):
            self.report("inexact", line, f"<{name}>", "formula shown as its source code")
            return end, "inline", self._hold(_code_span(inner.strip()), plain=inner, kind="code")
        if name == "ref":
            return end, "inline", self._ref(attributes, inner, line)
        if name == "references":
            for found in re.finditer(r"<ref\b([^>]*?)>(.*?)</ref\s*>", inner, re.S | re.I):
                self._ref(found.group(1), found.group(2), line, define_only=True)
            return end, "inline", self._references_marker()
        if name == "gallery":
            return end, "block", self._gallery(inner, line)
        if name == "poem":
            br = self._hold("<br>", plain=" ", kind="html")
            lines = inner.strip("\n").split("\n")
            joined = "\n".join(part.strip() + (br if part.strip() else "") for part in lines)
            return end, "embed", self._extract(joined, line)
        if name == "includeonly":
            return end, "", None
        if name == "blockquote":
            blocks = self._convert_blocks(inner, line)
            quoted = "\n".join(
                ("> " + row) if row else ">" for row in "\n\n".join(blocks).split("\n")
            )
            return end, "block", self._hold(quoted, plain=inner, block=True, kind="quote")
        # <a>: MediaWiki never allowed it; keep the text, drop the element.
        before = len(self.issues)
        self._check_attributes("a", attributes, line)
        if len(self.issues) == before:
            self.report("inexact", line, "<a>", "raw HTML link: its text kept, the link dropped")
        return end, "embed", self._extract(inner, line)

    def _ref(self, attributes: str, content: str | None, line: int, define_only=False) -> str:
        """The footnote mark of a <ref>, defining or reusing a numbered footnote."""
        named = re.search(r"name\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'/>]+)", attributes or "")
        group = re.search(r"group\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'/>]+)", attributes or "")
        if group:
            label = group.group(1).strip("\"'")
            if label not in self.reported_groups:
                self.reported_groups.add(label)
                self.report(
                    "inexact",
                    line,
                    "<ref group>",
                    f"group {label!r} numbered with the other footnotes",
                )
        key = named.group(1).strip("\"'").strip() if named else f"\x00{len(self.note_order)}"
        note = self.notes.get(key)
        if note is None:
            if define_only:
                note = _Note(0)
                self.notes[key] = note
            else:
                note = _Note(len(self.note_order) + 1)
                self.notes[key] = note
                self.note_order.append(note)
        elif note.number == 0 and not define_only:
            note.number = len(self.note_order) + 1
            self.note_order.append(note)
        if content is not None and content.strip() and not note.defined:
            note.text, note.line, note.defined = content, line, True
        elif not note.line:
            note.line = line
        if define_only:
            return ""
        return self._hold(f"[^{note.number}]", plain="", kind="ref")

    def _render_notes(self) -> str:
        """The footnote definitions, in order of first use."""
        rows = []
        for note in self.note_order:
            if not note.defined:
                self.report("inexact", note.line, "<ref>", "footnote used but never defined")
                text = "?"
            else:
                text = self._restore(self._inline_fragment(note.text, note.line)).strip()
                text = re.sub(r"\s*\n\s*", " ", text)
                if not text:
                    self.report(
                        "inexact",
                        note.line,
                        "<ref>",
                        "footnote empty after conversion; its wikitext is shown",
                    )
                    text = _code_span(" ".join(note.text.split()))
            rows.append(f"[^{note.number}]: {text}")
        return "\n".join(rows)

    def _gallery(self, inner: str, line: int) -> str:
        """A gallery: each image in turn, with its caption."""
        shown = []
        for offset, row in enumerate(inner.split("\n")):
            row = row.strip()
            if not row:
                continue
            parts = split_top(row)
            ns, name = self.context.namespaces.split(clean(parts[0]))
            if ns not in (FILE, MAIN):
                continue
            shown.append(self._file(name, parts[1:], line + offset, gallery=True))
        return self._hold("\n\n".join(shown), plain="", block=True, kind="gallery")

    # -------------------------------------------------------------- stage 2: blocks

    def _convert_blocks(self, text: str, first_line: int) -> list[str]:
        """Markdown blocks of a wikitext fragment."""
        extracted, lines = self._extract(text, first_line)
        return self._blocks(extracted.split("\n"), lines)

    def _blocks(self, rows: list[str], lines: list[int]) -> list[str]:
        """Markdown blocks from extracted lines: headings, lists, tables, pre, paragraphs."""
        blocks: list[str] = []
        kinds: list[str] = []
        paragraph: list[tuple[str, int]] = []

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
                add(self._paragraph(paragraph), "paragraph")
                paragraph.clear()

        i = 0
        while i < len(rows):
            row, line = rows[i], lines[i] if i < len(lines) else lines[-1]
            stripped = row.strip()
            if not stripped:
                flush()
                i += 1
                continue
            held = TOKEN.fullmatch(stripped)
            if held and self.held[int(held.group(1))].block:
                flush()
                add(stripped, "block")
                i += 1
                continue
            if stripped.lstrip(":").lstrip().startswith("{|"):
                flush()
                if row.lstrip().startswith(":"):
                    self.report("inexact", line, "indented table", "indentation dropped")
                block, i = self._table(rows, lines, i)
                add(block, "table")
                continue
            heading = _HEADING.match(row) if row.startswith("=") else None
            if heading and len(row.strip()) > 2:
                flush()
                add(self._heading(heading, line), "heading")
                i += 1
                continue
            if re.match(r"^-{4,}", row):
                flush()
                add("---", "rule")
                rest = row.lstrip("-").strip()
                if rest:
                    paragraph.append((rest, line))
                i += 1
                continue
            if row[0] in "*#:;":
                flush()
                block, kind, i = self._list(rows, lines, i)
                add(block, kind)
                continue
            if row[0] in " \t" and self._indented(line):
                flush()
                block, i = self._pre(rows, lines, i)
                add(block, "pre")
                continue
            paragraph.append((row, line))
            i += 1
        flush()
        return blocks

    def _indented(self, line: int) -> bool:
        """True when the wikitext line itself starts with a space: preformatted text.

        A line that only starts with a space because a template or tag before it was removed
        is a paragraph line, as it was on the wiki page.
        """
        source = self.source_lines[line - 1] if 0 < line <= len(self.source_lines) else ""
        return source[:1] in (" ", "\t")

    def _paragraph(self, rows: list[tuple[str, int]]) -> str:
        """A paragraph: each wikitext line one Markdown line."""
        if self.lead is None:
            self.lead = " ".join(self._plain(row, line) for row, line in rows).strip() or None
        return "\n".join(escape_line_start(self._inline(row.strip(), line)) for row, line in rows)

    def _heading(self, match: re.Match, line: int) -> str:
        """A heading at the level of its shorter run of '='."""
        left, text, right = match.groups()
        level = min(len(left), len(right), 6)
        text = "=" * (len(left) - level) + text + "=" * (len(right) - level)
        converted = re.sub(r"(?<!&)#", r"\\#", self._inline(text.strip(), line))
        return "#" * level + " " + converted if converted.strip() else ""

    def _pre(self, rows: list[str], lines: list[int], i: int) -> tuple[str, int]:
        """Lines starting with a space: preformatted text, shown as a code block."""
        code, first, marked = [], lines[min(i, len(lines) - 1)], False
        while (
            i < len(rows)
            and rows[i][:1] in (" ", "\t")
            and rows[i].strip()
            and self._indented(lines[min(i, len(lines) - 1)])
        ):
            row = rows[i][1:]
            if _QUOTES.search(row) or any(
                self.held[int(t)].kind not in ("nowiki", "html") for t in TOKEN.findall(row)
            ):
                marked = True
            code.append(self._plain(row, first, keep_space=True))
            i += 1
        if marked:
            self.report(
                "inexact", first, "preformatted text", "links and formatting shown as plain text"
            )
        return _fence("\n".join(code)), i

    def _list(self, rows: list[str], lines: list[int], i: int) -> tuple[str, str, int]:
        """A run of list lines: bullets, numbers, definitions, or ':' indentation as quotes."""
        family = rows[i][0]
        accepted = {"*": "*", "#": "#", ";": ";:", ":": ":"}[family]
        out: list[str] = []
        while i < len(rows) and rows[i][:1] and rows[i][0] in accepted:
            row, line = rows[i], lines[min(i, len(lines) - 1)]
            prefix = re.match(r"[*#:;]+", row).group(0)
            content = row[len(prefix) :].strip()
            i += 1
            if family == ":":
                colons = len(prefix) - len(prefix.lstrip(":"))
                rest = prefix[colons:]
                text = self._inline(content, line)
                if rest:
                    marker = "1. " if rest[-1] == "#" else "- "
                    out.append("> " * colons + "    " * (len(rest) - 1) + marker + text)
                else:
                    out.append("> " * colons + escape_line_start(text))
                continue
            depth = len(prefix) - 1
            indent = "    " * depth
            last = prefix[-1]
            definition = ""
            if last == ";":
                content, _, definition = self._split_term(content)
            text = self._inline(content, line)
            if last == "*":
                out.append(f"{indent}- {text}")
            elif last == "#":
                out.append(f"{indent}1. {text}")
            elif last == ";":
                shown = f"**{text.strip()}**" if text.strip() else ""
                if definition:
                    shown += ": " + self._inline(definition, line)
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

    @staticmethod
    def _split_term(content: str) -> tuple[str, str, str]:
        """Split '; term : definition' at the first colon that is not part of a URL."""
        for found in re.finditer(":", content):
            if not content[found.end() : found.end() + 2] == "//":
                return content[: found.start()].strip(), ":", content[found.end() :].strip()
        return content, "", ""

    # ---------------------------------------------------------------------- tables

    def _table(self, rows: list[str], lines: list[int], i: int) -> tuple[str, int]:
        """A wiki table as a Markdown table; spans flattened, nested tables as text."""
        first = lines[min(i, len(lines) - 1)]
        caption: list[str] = []
        table: list[list[dict]] = []
        row: list[dict] | None = None
        cell: dict | None = None
        nested_depth, nested_reported = 0, False
        i += 1
        while i < len(rows):
            raw, line = rows[i].strip(), lines[min(i, len(lines) - 1)]
            i += 1
            if nested_depth:
                if raw.startswith("{|"):
                    nested_depth += 1
                elif raw.startswith("|}"):
                    nested_depth -= 1
                else:
                    piece = (
                        re.sub(r"^(\|\+|\|-|!|\|)", "", raw).replace("||", " ").replace("!!", " ")
                    )
                    if cell is not None and piece.strip() and not raw.startswith("|-"):
                        cell["rows"].append((piece, line))
                continue
            if raw.startswith("{|"):
                nested_depth = 1
                if not nested_reported:
                    self.report(
                        "inexact", line, "nested table", "inner table flattened into its cell"
                    )
                    nested_reported = True
                continue
            if raw.startswith("|}"):
                break
            if raw.startswith("|+"):
                caption.append(self._cell_content(raw[2:])[1])
                continue
            if raw.startswith("|-"):
                row = None
                continue
            if raw.startswith(("|", "!")):
                header = raw[0] == "!"
                body = raw[1:]
                separators = r"\|\||!!" if header else r"\|\|"
                if row is None:
                    row = []
                    table.append(row)
                for piece in re.split(separators, body):
                    attributes, content = self._cell_content(piece)
                    cell = {
                        "header": header,
                        "rows": [(content, line)],
                        "rowspan": _span(attributes, "rowspan"),
                        "colspan": _span(attributes, "colspan"),
                        "line": line,
                    }
                    row.append(cell)
                continue
            if cell is not None:
                cell["rows"].append((rows[i - 1], line))
            elif raw:
                caption.append(raw)
        return self._render_table(table, caption, first), i

    @staticmethod
    def _cell_content(piece: str) -> tuple[str, str]:
        """(attributes, content) of a cell written 'attributes | content' or 'content'."""
        attributes, bar, content = piece.partition("|")
        if bar and re.fullmatch(
            r"\s*(?:[\w-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"']+)\s*)+", attributes
        ):
            return attributes, content
        return "", piece

    def _render_table(self, table: list[list[dict]], caption: list[str], line: int) -> str:
        """Cells laid out on a grid, spans flattened, then written as a Markdown table."""
        if not table:
            return ""
        grid: list[list[dict | None]] = []
        pending: dict[int, int] = {}
        spanned = False
        for source_row in table:
            out: list[dict | None] = []
            column = 0
            for cell in source_row:
                while pending.get(column):
                    out.append(None)
                    pending[column] -= 1
                    column += 1
                out.append(cell)
                spanned = spanned or cell["rowspan"] > 1 or cell["colspan"] > 1
                for offset in range(cell["colspan"]):
                    if offset:
                        out.append(None)
                    if cell["rowspan"] > 1:
                        pending[column + offset] = cell["rowspan"] - 1
                column += cell["colspan"]
            while any(pending.get(c) for c in range(column, max(pending, default=-1) + 1)):
                if pending.get(column):
                    pending[column] -= 1
                out.append(None)
                column += 1
            grid.append(out)
        if spanned:
            self.report(
                "inexact", line, "table span", "rowspan/colspan flattened: spanned cells left empty"
            )
        width = max(len(r) for r in grid)
        for r in grid:
            r.extend([None] * (width - len(r)))
        has_header = all(c is None or c["header"] for c in grid[0]) and any(grid[0])
        body = grid[1:] if has_header else grid
        header = [self._cell_text(c) for c in grid[0]] if has_header else [""] * width
        bold_cells = False
        lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * width]
        for r in body:
            cells = []
            for c in r:
                text = self._cell_text(c)
                if c is not None and c["header"] and text:
                    text, bold_cells = f"**{text}**", True
                cells.append(text)
            lines.append("| " + " | ".join(cells) + " |")
        if bold_cells:
            self.report(
                "inexact",
                line,
                "table header cell",
                "header cells outside the first row shown in bold",
            )
        table_md = "\n".join(lines)
        if caption:
            shown = " ".join(self._inline(c.strip(), line) for c in caption if c.strip())
            table_md = f"**{shown.strip()}**\n\n{table_md}" if shown.strip() else table_md
        return table_md

    def _cell_text(self, cell: dict | None) -> str:
        """A cell's content on one line, block content joined with line breaks."""
        if cell is None:
            return ""
        parts, block = [], False
        for text, line in cell["rows"]:
            stripped = text.strip()
            if not stripped:
                block = block or bool(parts)
                continue
            for token in TOKEN.findall(stripped):
                if self.held[int(token)].block:
                    block = True
            stripped = TOKEN.sub(
                lambda m: (
                    self._hold(escape(" ".join(self.held[int(m.group(1))].plain.split())))
                    if self.held[int(m.group(1))].block
                    else m.group(0)
                ),
                stripped,
            )
            if stripped[0] in "*#:;":
                block = True
                stripped = stripped.lstrip("*#:; ")
            parts.append(self._inline(stripped, line))
        if block:
            self.report(
                "inexact",
                cell["line"],
                "table cell",
                "lists or paragraphs in a cell joined with line breaks",
            )
        return ("<br>" if block else " ").join(p for p in parts if p.strip()).strip()

    # ---------------------------------------------------------------- stage 3: inline

    def _inline_fragment(self, wikitext: str, line: int) -> str:
        """Inline Markdown of a fragment (a label, caption or footnote), on one line."""
        extracted, lines = self._extract(wikitext, line)
        rows = extracted.split("\n")
        return " ".join(
            self._inline(row.strip(), lines[min(n, len(lines) - 1)])
            for n, row in enumerate(rows)
            if row.strip()
        )

    def _plain_fragment(self, wikitext: str, line: int) -> str:
        """Plain text of a fragment, list markers removed, one line per wikitext line."""
        extracted, _ = self._extract(wikitext, line)
        rows = []
        for row in extracted.split("\n"):
            row = re.sub(r"^[*#:;]+\s*", "", row.strip())
            text = self._plain(row, line)
            if text:
                rows.append(text)
        return "\n".join(rows)

    def _plain(self, row: str, line: int, keep_space: bool = False) -> str:
        """Plain text of an extracted line: labels of links, no quote marks, no markup."""

        def external(match: re.Match) -> str:
            """An external link's label, without its URL."""
            return match.group(2) or ""

        text = _EXTERNAL.sub(external, row)
        text = re.sub(r"'{2,}", "", text)
        text = html.unescape(self._restore(text, plain=True))
        return text.rstrip() if keep_space else " ".join(text.split())

    def _inline(self, row: str, line: int) -> str:
        """Inline Markdown of one extracted line: external links, bold and italic, escapes."""
        row = _EXTERNAL.sub(lambda m: self._external(m, line), row)
        row = _BARE.sub(lambda m: self._bare(m), row)
        return self._quotes(row)

    def _external(self, match: re.Match, line: int) -> str:
        """A bracketed external link, or its text when the link is not safe to keep."""
        url, label = match.group(1), (match.group(2) or "").strip()
        scheme = url.split(":", 1)[0].lower() if not url.startswith("//") else "https"
        text = self._quotes(label) if label else ""
        if scheme in _UNSAFE_SCHEMES or _unsafe_scheme(url):
            self.report(
                "unsafe", line, f"[{url[:40]} ...]", f"{scheme}: link dropped, its text kept"
            )
            return self._hold(text, plain=label, kind="text")
        if url.startswith("//"):
            url = "https:" + url
        if scheme not in URL_SCHEMES:
            self.report(
                "inexact",
                line,
                f"{scheme}: link",
                "kept as text: the site links only to web, mail and phone",
            )
            shown = f"{text} ({escape(url)})" if text else escape(url)
            return self._hold(shown, plain=label or url, kind="text")
        if not text:
            self.external_count += 1
            text = f"\\[{self.external_count}\\]"
        return self._hold(f"[{text}]({markdown_url(url)})", plain=label, kind="link")

    def _bare(self, match: re.Match) -> str:
        """A bare URL in the text: linked, without the punctuation that ends a sentence."""
        url = match.group(0)
        trail = ""
        while url and (url[-1] in ".,;:!?'" or (url[-1] == ")" and "(" not in url)):
            trail, url = url[-1] + trail, url[:-1]
        # Not an autolink (<https://...>): the contributors' rules read that as a raw tag.
        return self._hold(f"[{escape(url)}]({markdown_url(url)})", plain=url, kind="link") + trail

    def _quotes(self, row: str) -> str:
        """Bold and italic from runs of apostrophes, as MediaWiki pairs them on one line."""
        parts = _QUOTES.split(row)
        if len(parts) == 1:
            return escape(row)
        runs = range(1, len(parts), 2)
        for i in runs:
            size = len(parts[i])
            if size == 4:
                parts[i - 1] += "'"
                parts[i] = "'''"
            elif size > 5:
                parts[i - 1] += "'" * (size - 5)
                parts[i] = "'''''"
        italics = sum(1 for i in runs if len(parts[i]) in (2, 5))
        bolds = sum(1 for i in runs if len(parts[i]) in (3, 5))
        if italics % 2 and bolds % 2:
            single = multi = space = None
            for i in runs:
                if len(parts[i]) != 3:
                    continue
                before = parts[i - 1]
                if before[-1:] == " ":
                    space = space or i
                elif before[-2:-1] == " " or len(before) == 1:
                    single = i
                    break
                else:
                    multi = multi or i
            chosen = single or multi or space
            if chosen:
                parts[chosen - 1] += "'"
                parts[chosen] = "''"
        return _render_spans(_quote_tokens(parts))


def _span(attributes: str, name: str) -> int:
    """A rowspan or colspan from cell attributes; 1 when absent or invalid."""
    found = re.search(rf"{name}\s*=\s*[\"']?(\d+)", attributes or "", re.I)
    return max(1, min(int(found.group(1)), 100)) if found else 1


def _unsafe_scheme(url: str) -> bool:
    """True for a URL whose scheme could run script."""
    decoded = re.sub(r"[\x00-\x20\x7f-\x9f]+", "", html.unescape(html.unescape(url)))
    found = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", decoded)
    return bool(found) and found.group(1).lower() in _UNSAFE_SCHEMES


def _quote_tokens(parts: list[str]) -> list[tuple[str, str]]:
    """MediaWiki's bold/italic state machine, as open/close/text tokens properly nested."""
    tokens: list[tuple[str, str]] = []
    state, buffer = "", ""

    def add(*items: str) -> None:
        """Append open/close tokens written as 'ob', 'ci'..."""
        for item in items:
            tokens.append((item[0], item[1:]))

    for index, part in enumerate(parts):
        if index % 2 == 0:
            if state == "both":
                buffer += part
            else:
                tokens.append(("t", part))
            continue
        size = len(part)
        if size == 2:
            if state == "i":
                add("ci")
                state = ""
            elif state == "bi":
                add("ci")
                state = "b"
            elif state == "ib":
                add("cb", "ci", "ob")
                state = "b"
            elif state == "both":
                add("ob", "oi")
                tokens.append(("t", buffer))
                add("ci")
                state = "b"
            else:
                add("oi")
                state += "i"
        elif size == 3:
            if state == "b":
                add("cb")
                state = ""
            elif state == "bi":
                add("ci", "cb", "oi")
                state = "i"
            elif state == "ib":
                add("cb")
                state = "i"
            elif state == "both":
                add("oi", "ob")
                tokens.append(("t", buffer))
                add("cb")
                state = "i"
            else:
                add("ob")
                state += "b"
        else:
            if state == "b":
                add("cb", "oi")
                state = "i"
            elif state == "i":
                add("ci", "ob")
                state = "b"
            elif state == "bi":
                add("ci", "cb")
                state = ""
            elif state == "ib":
                add("cb", "ci")
                state = ""
            elif state == "both":
                add("oi", "ob")
                tokens.append(("t", buffer))
                add("cb", "ci")
                state = ""
            else:
                buffer, state = "", "both"
    if state == "both" and buffer:
        add("ob", "oi")
        tokens.append(("t", buffer))
        add("ci", "cb")
    else:
        if state in ("b", "ib"):
            add("cb")
        if state in ("i", "bi", "ib"):
            add("ci")
        if state == "bi":
            add("cb")
    return tokens


def _render_spans(tokens: list[tuple[str, str]]) -> str:
    """Markdown of quote tokens: `**`/`*` hugging their text, empty spans dropped."""
    root: list = []
    stack: list[tuple[str, list]] = [("", root)]
    for kind, value in tokens:
        if kind == "t":
            stack[-1][1].append(escape(value))
        elif kind == "o":
            children: list = []
            stack[-1][1].append((value, children))
            stack.append((value, children))
        elif len(stack) > 1:
            stack.pop()

    return _render_nodes(root)


def _render_nodes(nodes: list) -> str:
    """Markdown of a tree of text and (style, children) spans."""
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
            continue
        style, children = node
        inner = _render_nodes(children)
        core = inner.strip()
        if not core:
            out.append(inner)
            continue
        mark = "**" if style == "b" else "*"
        lead = inner[: len(inner) - len(inner.lstrip())]
        tail = inner[len(inner.rstrip()) :]
        out.append(f"{lead}{mark}{core}{mark}{tail}")
    return "".join(out)
