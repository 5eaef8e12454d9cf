"""Templates: infoboxes to front-matter, citations written out, magic words, the rest reported."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mwparserfromhell.nodes import Argument, Template, Text
from mwparserfromhell.wikicode import Wikicode

from commons.wikiimport.convert import Block, Span, TemplateCall, inside
from commons.wikiimport.links import unsafe_scheme
from commons.wikiimport.markdown import escape, markdown_url
from commons.wikiimport.titles import MAIN, TEMPLATE, clean, fold

if TYPE_CHECKING:
    from commons.wikiimport.convert import Converter, Lines

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
PREFIXES = ("subst:", "safesubst:", "msgnw:", "raw:", "msg:")
CITATION_PARAMETERS = {
    "author": ("author", "authors", "auteur", "auteurs", "مؤلف", "المؤلف"),
    "first": ("first", "prénom"),
    "last": ("last", "nom"),
    "title": ("title", "titre", "عنوان", "العنوان"),
    "url": ("url", "lien", "مسار"),
    "where": (
        "publisher",
        "éditeur",
        "website",
        "site",
        "journal",
        "périodique",
        "work",
        "ناشر",
        "الناشر",
    ),
    "year": ("year", "date", "année", "سنة", "تاريخ"),
}


def argument(conv: Converter, node: Argument, at: int, out: Lines) -> None:
    """A template parameter on a page: its default if it has one, else shown as written."""
    if node.default is not None:
        conv.flow(node.default, inside(node, at, node.default), out)
    else:
        out.add(Span(escape(str(node)), str(node)))


def _split_name(name: Wikicode) -> tuple[str, bool, Wikicode]:
    """(text before the first colon, whether there is one, the nodes after it) of a name."""
    head, rest = [], []
    found = False
    for node in name.nodes:
        if found:
            rest.append(node)
        elif isinstance(node, Text) and ":" in node.value:
            before, _, after = node.value.partition(":")
            head.append(before)
            rest.append(Text(after))
            found = True
        else:
            head.append(str(node))
    return "".join(head).strip(), found, Wikicode(rest)


def template(conv: Converter, node: Template, at: int, out: Lines) -> None:
    """What a template call becomes in the text (often nothing), reporting what is lost."""
    line = conv.line_at(at)
    name = str(node.name).strip()
    call = str(node)
    out.touch()
    if not name:
        return
    if name in ("!", "="):
        out.add(Span(escape(name), name))
        return
    magic, colon, argument_code = _split_name(node.name)
    context = conv.context
    if magic.upper() in PAGE_VARIABLES and not colon:
        title = context.title
        value = {"BASEPAGENAME": title.rsplit("/", 1)[0], "SUBPAGENAME": title.rsplit("/")[-1]}
        text = value.get(magic.upper(), title)
        out.add(Span(escape(text), text))
        return
    if magic.upper() == "SITENAME" and not colon:
        out.add(Span(escape(context.sitename), context.sitename))
        return
    if colon and (magic.upper() in SILENT_MAGIC or magic in SILENT_MAGIC):
        return
    if colon and magic.upper() == "DISPLAYTITLE":
        shown = str(argument_code).strip()
        conv.report("inexact", line, "DISPLAYTITLE", f"display title {shown!r} ignored")
        return
    if colon and magic.lower() in STRING_FUNCTIONS:
        text = STRING_FUNCTIONS[magic.lower()](conv.plain(argument_code, at))
        out.add(Span(escape(text), text))
        return
    if magic.startswith("#") or (colon and magic.lower() in PARSER_FUNCTIONS):
        conv.report("inexact", line, "parser function", f"{call[:120]} not evaluated")
        return
    if magic.upper() in DYNAMIC_MAGIC and not colon:
        conv.report("inexact", line, "magic word", f"{{{{{magic}}}}} has no static value")
        return
    _call(conv, node, name, at, out)


def _call(conv: Converter, node: Template, name: str, at: int, out: Lines) -> None:
    """A call of a real template: mapped, a list of references, or reported as unmapped."""
    line = conv.line_at(at)
    call = str(node)
    for prefix in PREFIXES:
        if name.lower().startswith(prefix):
            name = name[len(prefix) :].strip()
    namespaces = conv.context.namespaces
    if name.startswith(":"):
        conv.report("template", line, clean(name[1:]), call[:300])
        return
    ns, bare = namespaces.split(clean(name))
    if ns not in (MAIN, TEMPLATE):
        conv.report("template", line, namespaces.full(ns, bare), call[:300])
        return
    rule = conv.context.mapping.template(bare)
    if rule is None and fold(bare) in REFERENCE_LISTS:
        references_marker(conv, out, line)
        return
    if rule is None:
        conv.report("template", line, bare, call[:300])
        return
    params = _params(conv, node, at)
    if rule.render == "references":
        references_marker(conv, out, line)
    elif rule.render == "citation":
        out.add(_citation(conv, params, line))
    else:
        conv.calls.append(TemplateCall(rule, params, line))


def references_marker(conv: Converter, out: Lines, line: int) -> None:
    """Where footnotes go; only the first list of references on a page counts."""
    if conv.marker is None:
        conv.marker = Block("", "", "references")
        out.block(conv.marker, line)


def _params(conv: Converter, node: Template, at: int) -> dict[str, tuple[str, int]]:
    """Parameters by folded name (positional ones by number), as plain text, with their line."""
    params: dict[str, tuple[str, int]] = {}
    source = str(node)
    cursor = len(str(node.name)) + 2
    for param in node.params:
        found = source.find(str(param), cursor)
        offset = at + (found if found >= 0 else cursor)
        cursor = max(cursor, found + len(str(param))) if found >= 0 else cursor
        value_at = offset + (len(str(param.name)) + 1 if param.showkey else 0)
        key = fold(str(param.name)) if param.showkey else str(param.name).strip()
        params[key] = (conv.plain(param.value, value_at), conv.line_at(offset))
    return params


def _citation(conv: Converter, params: dict[str, tuple[str, int]], line: int) -> Span:
    """A citation template written out as a sentence, its URL linked."""

    def first(kind: str) -> str:
        """The first of the parameters of this kind that has a value."""
        names = CITATION_PARAMETERS[kind]
        return next((params[n][0] for n in names if params.get(n, ("", 0))[0]), "")

    author = first("author") or " ".join(p for p in (first("first"), first("last")) if p)
    title, url, where, year = first("title"), first("url"), first("where"), first("year")
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
        kind = "unsafe" if unsafe_scheme(url) else "inexact"
        conv.report(kind, line, "citation URL", f"{url[:60]!r} dropped: not a web address")
    text = ". ".join(pieces)
    plain = ". ".join(p for p in (author, title, where, year) if p)
    return Span(text + "." if text else "", plain, "citation")
