"""What contributed Markdown may not contain: anything that could run script in a browser.

Two layers. `findings` reads a page's source and names every unsafe construct with its line
and column, so a contributor learns what to change before merge. `sanitize` runs on the
rendered HTML with an allow-list, so even a build with the checks off emits nothing live.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache, lru_cache

import nh3
from markupsafe import Markup

from commons.markdown_syntax import MD_LINK, MD_REFERENCE

# Raw HTML a page may use: formatting and structure, nothing that loads, submits or runs.
ALLOWED_TAGS = frozenset(
    "a abbr b bdi bdo blockquote br caption cite code col colgroup dd del details dfn div dl "
    "dt em figcaption figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s samp "
    "small span strong sub summary sup table tbody td tfoot th thead time tr u ul var wbr".split()
)
# Per-tag attributes; `class`, `id`, `title`, `lang`, `dir` and `aria-*` are allowed anywhere.
TAG_ATTRIBUTES = {
    "a": {"href", "rel", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "style", "scope"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime"},
    "details": {"open"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "abbr": set(),
}
GENERIC_ATTRIBUTES = {"class", "id", "title", "lang", "dir", "role"}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})[^\n]*\n.*?(?:^\1\2[`~]*[ \t]*$|\Z)", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>?")
_ATTRIBUTE = re.compile(r"([^\s\"'>/=]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?", re.S)
_ATTR_LIST = re.compile(r"\{:?\s*([^{}\n]*?)\s*\}")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>")
_INCLUDE = re.compile(r"--8<--|\{%\s*include\b|\{\{\s*include\b|^!!!include", re.M)
_HEADING_LINE = re.compile(r"^ {0,3}#{1,6}[ \t][^\n]*`[^\n]*$", re.M)
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "cite"}
_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f]+")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_MARKUP = re.compile(r"<[A-Za-z/!?]")


@dataclass(frozen=True)
class Finding:
    """One unsafe construct in a text: where it starts, a rule id and what to do."""

    offset: int
    rule: str
    message: str


def _blank(match: re.Match) -> str:
    """The matched text with everything but line breaks turned into spaces."""
    return re.sub(r"[^\n]", " ", match[0])


def scan(pattern: re.Pattern, text: str, *needles: str):
    """`pattern.finditer(text)`, or nothing when no `needle` (which every match holds) is in it.

    Most pages have no code, raw HTML or attribute lists, and a scan for where a pattern
    cannot start costs more than the matching itself.
    """
    return pattern.finditer(text) if any(needle in text for needle in needles) else iter(())


@lru_cache(maxsize=4096)  # the safety and link rules both read every body
def prose(markdown: str) -> str:
    """The Markdown with code blocks and code spans blanked: code is shown, never run."""
    if "```" in markdown or "~~~" in markdown:
        markdown = _FENCE.sub(_blank, markdown)
    return _CODE_SPAN.sub(_blank, markdown) if "`" in markdown else markdown


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see in `url`, after entities and hidden characters go."""
    decoded = _CONTROL.sub("", html.unescape(html.unescape(url)))
    found = _SCHEME.match(decoded)
    return found[1].lower() if found else None


def unsafe_url(url: str) -> bool:
    """True for a URL with a scheme other than http(s), mailto and tel."""
    if ":" not in url and "&" not in url:  # most links: no scheme, nor an entity to write one
        return False
    scheme = url_scheme(url)
    return scheme is not None and scheme not in URL_SCHEMES


def _attributes(text: str):
    """(name, value, offset) of each attribute in a tag's attribute text."""
    for match in _ATTRIBUTE.finditer(text):
        value = match[2] or ""
        if value[:1] in "\"'":
            value = value[1:-1]
        yield match[1].lower(), value, match.start()


def _check_attribute(name: str, value: str, offset: int, where: str) -> Finding | None:
    """A finding for an attribute that could run script, or None."""
    if name.startswith("on"):
        return Finding(
            offset,
            "unsafe-attribute",
            f"event-handler attribute {name!r} {where} would run script; remove it",
        )
    if name in _URL_ATTRIBUTES and unsafe_url(value):
        return Finding(
            offset,
            "unsafe-url",
            f"{name}={value.strip()[:40]!r} {where}: expected an http(s), mailto or tel "
            f"link or a relative path; found the {url_scheme(value)!r} scheme",
        )
    if name == "style" and re.search(r"url\s*\(|expression\s*\(|javascript:|@import", value, re.I):
        return Finding(
            offset,
            "unsafe-attribute",
            f"style {where} loads or runs something ({value.strip()[:40]!r}); use plain text",
        )
    if name in ("id", "name") and value.startswith("__"):
        return Finding(
            offset,
            "unsafe-attribute",
            f"{name}={value!r} {where} could hide the site's own elements; choose another name",
        )
    return None


def findings(markdown: str) -> list[Finding]:
    """Every unsafe construct of a Markdown body, in order of appearance."""
    text = prose(markdown)
    found: list[Finding] = []
    for match in scan(_INCLUDE, text, "include", "--8<--"):
        found.append(
            Finding(
                match.start(),
                "include-directive",
                f"{match[0].strip()!r} would pull another file into the page; paste the text "
                "or link to the page instead",
            )
        )
    for heading in scan(_HEADING_LINE, markdown, "`"):
        if not text[heading.start() : heading.end()].lstrip().startswith("#"):
            continue  # inside a code block
        # The table of contents drops code tags and joins what was around them.
        joined = heading[0].replace("`", "")
        if _TAG.search(joined) and any(f.rule.startswith("unsafe") for f in findings(joined)):
            found.append(
                Finding(
                    heading.start(),
                    "unsafe-html",
                    "heading holds HTML split by code spans, which the table of contents "
                    "joins back together; write the heading as plain text",
                )
            )
    if "<!--" in text:
        text = _COMMENT.sub(_blank, text)
    autolinks = {m.start() for m in scan(_AUTOLINK, text, "<")}
    for match in scan(_TAG, text, "<"):
        if match.start() in autolinks:
            continue  # <https://example.org> is a Markdown link; its URL is checked below
        closing, name, rest = match[1], match[2].lower(), match[3] or ""
        if name not in ALLOWED_TAGS:
            if not closing:
                found.append(
                    Finding(
                        match.start(),
                        "unsafe-html",
                        f"raw HTML element <{name}> is not allowed in content: it can load or "
                        "run code; expected Markdown, or simple HTML such as <b>, <span>, "
                        "<table> or <details>",
                    )
                )
            continue
        for attr, value, offset in _attributes(rest):
            problem = _check_attribute(attr, value, match.start(3) + offset, f"on <{name}>")
            if problem:
                found.append(problem)
    for match in scan(_ATTR_LIST, text, "{"):
        for attr, value, offset in _attributes(match[1]):
            if attr.startswith(("#", ".")):
                continue
            problem = _check_attribute(attr, value, match.start(1) + offset, "in an attribute list")
            if problem:
                found.append(problem)
    for pattern, needs in ((MD_LINK, "]("), (MD_REFERENCE, "]:"), (_AUTOLINK, "<")):
        for match in scan(pattern, text, needs):
            if unsafe_url(match[1]):
                found.append(
                    Finding(
                        match.start(1),
                        "unsafe-url",
                        f"link {match[1][:40]!r}: expected an http(s), mailto or tel link or a "
                        f"relative path; found the {url_scheme(match[1])!r} scheme",
                    )
                )
    return sorted(found, key=lambda f: f.offset)


def markup_in_text(value: str) -> bool:
    """True when a front-matter text looks like HTML: `<` opening a tag, closed or not.

    `a < b` and `x<3` are plain text; `<svg/onload=…` without its `>` is not.
    """
    # Most values have no `<` at all: the pattern runs only on those that do.
    return "<" in value and _MARKUP.search(value) is not None


def inert(text) -> Markup:
    """Text that prints as itself wherever a template puts it, escaped once and marked safe.

    Material prints page and heading titles unescaped; `Markup` keeps our own `| e` from
    escaping them twice.
    """
    text = str(text)
    if not _ESCAPED.search(text):  # most titles: nothing to decode or escape
        return Markup(text)
    return Markup(html.escape(html.unescape(text), quote=True))


_ESCAPED = re.compile(r"[&<>\"']")


# nh3 writes `>` in attribute values as `&gt;`, so in its output a tag runs from `<` to `>`.
_RESERVED_NAME = re.compile(r'(<[^<>]*?)\s(?:id|name)="__[^"]*"')


def allowed_attributes(styled: bool = True) -> dict[str, set[str]]:
    """The attribute allow-list by tag, for nh3; without `style` where nothing may be styled."""
    attributes = {
        tag: {name for name in extra if styled or name != "style"}
        for tag, extra in TAG_ATTRIBUTES.items()
    }
    attributes["*"] = set(GENERIC_ATTRIBUTES)
    return attributes


@cache
def _page_cleaner() -> nh3.Cleaner:
    """nh3 set up with the allow-lists once, rather than again for each page."""
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        attributes=allowed_attributes(),
        generic_attribute_prefixes={"aria-"},
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
        # Tables align their cells with `style`; nothing else may be styled.
        filter_style_properties={"text-align"},
    )


def sanitize(rendered: str) -> str:
    """Rendered page HTML with every element, attribute and URL outside the allow-list gone."""
    clean = _page_cleaner().clean(rendered)
    # An id or name starting with `__` could stand in for the theme's own elements. Checked
    # on the output rather than with nh3's per-attribute callback, which costs a Python call
    # for every attribute of every page.
    while '="__' in clean:
        clean, count = _RESERVED_NAME.subn(r"\1", clean)
        if not count:
            break
    return clean
