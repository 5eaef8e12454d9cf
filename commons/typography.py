"""Typography that belongs to a language, applied to rendered HTML rather than typed by hand.

French puts a no-break space before `:` and a narrow one before `; ! ?` and `%`, and inside
« ». Translators type ordinary spaces (or none); the site and the handbook add the right ones.
"""

from __future__ import annotations

import re
from html import escape, unescape

_FR_SPACES = " \u00a0\u202f\u2009"
_URL = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.|mailto:)\S+", re.IGNORECASE)
# A mark that ends a clause: followed by a space, the end of the text or more punctuation,
# so that `10:30`, `a;b` and `http:` are left alone.
_FR_MARK = re.compile(rf"(?P<space>[{_FR_SPACES}]*)(?P<mark>[;:!?])(?=[\s!?.,;:»)\]…]|$)")
_FR_OPEN = re.compile(rf"«[{_FR_SPACES}]*")
_FR_CLOSE = re.compile(rf"[{_FR_SPACES}]*»")
# "26 %" and "26%" alike: the sign never starts a line on its own.
_FR_PERCENT = re.compile(rf"(?<=\d)[{_FR_SPACES}]?%")
# A word with two capitals or more, glued to the mark that follows it, is a name.
_NAME_BEFORE = re.compile(r"\b[A-Z][A-Za-z]*[A-Z][A-Za-z]*$")
_FR_NO_SPACE_AFTER = set(_FR_SPACES + "\n\t;:!?(«[")


def french_text(text: str, before: str = "") -> str:
    """`text` with French spaces before `; : ! ? %` and inside « », URLs left alone.

    `before` is the character that precedes `text` in its paragraph, from an earlier node.
    """
    out = []
    last = 0
    for url in _URL.finditer(text):
        out.append(_french_piece(text[last : url.start()], before))
        out.append(url.group())
        last, before = url.end(), url.group()[-1]
    out.append(_french_piece(text[last:], before))
    return "".join(out)


def _french_piece(text: str, before: str) -> str:
    """French spacing in a run of text without URLs."""

    def mark(match: re.Match) -> str:
        start = match.start()
        previous = text[start - 1] if start else before
        if not previous or previous in _FR_NO_SPACE_AFTER:
            # Start of a paragraph, or `?!`: nothing to separate it from.
            return match.group()
        if not match["space"] and _NAME_BEFORE.search(text, 0, start):
            # `MedUP!`, `IESS!`: the mark belongs to a name, which keeps its own spelling.
            return match.group()
        space = "\u00a0" if match["mark"] == ":" else "\u202f"
        return space + match["mark"]

    text = _FR_MARK.sub(mark, text)
    text = _FR_PERCENT.sub("\u202f%", text)
    text = _FR_OPEN.sub("«\u00a0", text)
    return _FR_CLOSE.sub(lambda m: m.group() if m.start() == 0 and not before else "\u00a0»", text)


# Markup whose content is code or data, skipped whole; then any other tag; text lies between.
_SKIPPED = re.compile(
    r"<(script|style|pre|textarea)\b.*?</\1\s*>|<!--.*?-->|<![^>]*>|<[^>]*>", re.S | re.I
)
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)([^>]*?)(/?)\s*>")
_LANG = re.compile(r"""\slang\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
# Elements whose text is code, not French prose (pre, script and style are skipped whole).
_VERBATIM = {"code", "kbd", "samp", "var"}
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
_INLINE = frozenset(
    "a abbr b bdi bdo cite code del dfn em i ins kbd mark q s samp small span strong sub sup"
    " time u var".split()
)
_MARKS = re.compile(r"[;:!?%«»]")


def french_spacing(html: str, lang: str = "fr") -> str:
    """`html` with French spacing in the text nodes whose language is French.

    Code, preformatted text, scripts, URLs and attributes are left alone, and so is text another
    `lang` attribute marks as not French (an English page shown where no translation exists).
    A scan of tags with regular expressions, since every French page of the site passes here.
    """
    out: list[str] = []
    stack: list[tuple[str, str, bool]] = [("", lang, False)]
    before = ""
    last = 0
    for match in _SKIPPED.finditer(html):
        if match.start() > last:
            before = _text(html[last : match.start()], stack[-1], before, out)
        last = match.end()
        token = match.group()
        out.append(token)
        tag = _TAG.match(token)
        if match.group(1) or not tag:
            before = "" if match.group(1) else before
            continue
        closing, name, attrs, self_closing = tag.groups()
        name = name.lower()
        if name not in _INLINE:
            before = ""
        if closing:
            for depth in range(len(stack) - 1, 0, -1):
                if stack[depth][0] == name:
                    del stack[depth:]
                    break
        elif name not in _VOID and not self_closing:
            found = _LANG.search(attrs)
            element_lang = next(g for g in found.groups() if g is not None) if found else None
            _, parent_lang, verbatim = stack[-1]
            stack.append((name, element_lang or parent_lang, verbatim or name in _VERBATIM))
    if last < len(html):
        _text(html[last:], stack[-1], before, out)
    return "".join(out)


def _text(raw: str, where: tuple[str, str, bool], before: str, out: list[str]) -> str:
    """Append one text node, spaced if it is French prose; return its last character."""
    _, lang, verbatim = where
    text = unescape(raw)
    if not verbatim and lang.split("-")[0] == "fr" and _MARKS.search(text):
        spaced = french_text(text, before)
        if spaced != text:
            raw, text = escape(spaced, quote=False), spaced
    out.append(raw)
    return text[-1] if text else before


# The typography each language needs on its rendered pages; a language without rules is absent.
RULES = {"fr": french_spacing}


def apply(html: str, lang: str) -> str:
    """`html` with the typography of `lang`, when that language has rules."""
    rule = RULES.get(lang.split("-")[0])
    return rule(html, lang) if rule else html
