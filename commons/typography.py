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


# Markup whose content is code or data, skipped whole; comments and declarations; any other
# tag, with its closing slash, name and attributes. Text lies between.
# Navigation is skipped too: its labels are page titles and interface words, and it holds half
# the tags of a page, which every page of a language would walk again.
_MARKUP = re.compile(
    r"<(script|style|pre|textarea|title|svg|nav)\b.*?</\1\s*>|<!--.*?-->|<![^>]*>"
    r"|<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>|<[^>]*>",
    re.S | re.I,
)
_DIR = re.compile(r"""\sdir\s*=\s*["']?(\w+)""", re.I)
# Elements that already isolate their text from the direction around it.
_ISOLATING = {"bdi", "bdo"}
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
    """
    return _walk(html, lang, _french_node, _MARKS)


def _french_node(raw: str, node: _Node, before: str) -> tuple[str, str]:
    """One text node, spaced if it is French prose, and its last character."""
    if not _MARKS.search(raw):
        return raw, raw[-1]
    text = unescape(raw)
    if not node[2] and node[1].split("-")[0] == "fr" and _MARKS.search(text):
        spaced = french_text(text, before)
        if spaced != text:
            raw, text = escape(spaced, quote=False), spaced
    return raw, text[-1] if text else before


_ARABIC_LETTER = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff"
_ARABIC_PUNCTUATION = {",": "\u060c", ";": "\u061b", "?": "\u061f"}
# A Latin comma, semicolon or question mark that ends an Arabic word, or that leads back into
# Arabic after a Latin name.
_LATIN_PUNCTUATION_IN_ARABIC = re.compile(
    rf"(?<=[{_ARABIC_LETTER}])\s?([,;?])(?=\s|$)|(?<=[^\s])([,;])(?=\s+[{_ARABIC_LETTER}])"
)
_EASTERN_DIGITS = str.maketrans(
    "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"
    "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9",
    "01234567890123456789",
)
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
# Latin words joined by spaces and the punctuation names carry, starting with a letter:
# "ARCO (Action Research for CO-development", "ENI CBC Med 2014-2020", "MedUP!".
_ANY_LATIN = re.compile(f"[{_LATIN}]")
# What Arabic text may need changed: Latin letters, Latin punctuation, Eastern digits.
_ARABIC_WORK = re.compile(f"[{_LATIN},;?\u0660-\u0669\u06f0-\u06f9]")
_LATIN_WORD = rf"[{_LATIN}0-9'’&./+-]*"
_LATIN_RUN = re.compile(
    r"(?:https?://|www\.)[^\s<]*[^\s<.,;:!?)\u060c\u061b\u061f]"
    rf"|[{_LATIN}]{_LATIN_WORD}(?:[ ,:()]+[{_LATIN}0-9]{_LATIN_WORD})*(?:[!?](?![{_LATIN}]))?"
)


def arabic_text(html: str, lang: str = "ar", isolate: tuple[str, str] = ("<bdi>", "</bdi>")) -> str:
    """`html` with Arabic punctuation, Western digits and every Latin run isolated.

    A Latin run inside Arabic text is wrapped in `isolate` (an element for browsers, FSI and PDI
    for the handbook's engine), so "ARCO (Action Research for CO-development)" keeps its
    brackets the right way round and its words in order. Text already in another language or
    direction, code and attributes are left alone.
    """
    return _walk(
        html, lang, lambda raw, node, before: _arabic_node(raw, node, before, isolate), _ARABIC_WORK
    )


def _arabic_node(raw: str, node: _Node, before: str, isolate: tuple[str, str]) -> tuple[str, str]:
    """One text node in Arabic form, and its last character."""
    if node[2] or not _ARABIC_WORK.search(raw) or node[1].split("-")[0] != "ar":
        return raw, raw[-1]
    text = unescape(raw)
    text = text.translate(_EASTERN_DIGITS)
    text = _LATIN_PUNCTUATION_IN_ARABIC.sub(lambda m: _ARABIC_PUNCTUATION[m[1] or m[2]], text)
    if node[3] or not _ANY_LATIN.search(text):
        return escape(text, quote=False), text[-1]
    out, last = [], 0
    for run in _LATIN_RUN.finditer(text):
        start, end = run.start(), run.end()
        # A closing bracket belongs to the run when the run opened it.
        while text.count("(", start, end) > text.count(")", start, end) and (
            end < len(text) and text[end] == ")"
        ):
            end += 1
        if start < last:
            continue
        piece = text[start:end].rstrip(" ,:(")
        # A full stop after the last word ends the Arabic sentence, unless it closes an
        # abbreviation ("U.S."): inside the run it would show between the name and the Arabic.
        if piece.endswith(".") and "." not in piece.rsplit(" ", 1)[-1][:-1]:
            piece = piece[:-1]
        end = start + len(piece)
        # Brackets around a whole run go with it: broken over two lines, "(ENI CBC Med
        # 2014-2020)" still opens before ENI rather than after the line's last Latin word.
        if start > last and text[start - 1] == "(" and text[end : end + 1] == ")":
            start, end = start - 1, end + 1
            piece = text[start:end]
        out.append(escape(text[last:start], quote=False))
        out.append(isolate[0] + escape(piece, quote=False) + isolate[1])
        last = end
    out.append(escape(text[last:], quote=False))
    return "".join(out), text[-1]


# Where a text node sits: (element, language, inside code, isolated from the direction around).
_Node = tuple[str, str, bool, bool]


def _walk(html: str, lang: str, handle, work: re.Pattern) -> str:
    """`html` with each text node replaced by what `handle(raw, node, before)` makes of it.

    A scan of tags with one regular expression rather than a parser, since every page of a
    language passes here; `before` is the last character of the text before, in the same block.
    `handle` is called only for text in which `work` finds something: other text stays as it is.
    """
    out: list[str] = []
    stack: list[_Node] = [("", lang, False, False)]
    before = ""
    # On a site page the reader's text is the article (the header, navigation and footer hold
    # titles and interface words): the walk covers it alone, since every page passes here.
    start, end = html.find("<article"), html.rfind("</article>")
    last, stop = (start, end) if 0 <= start < end else (0, len(html))
    # Most text is left as it is: `html` is copied in pieces only around the text that changes.
    copied = 0
    for match in _MARKUP.finditer(html, last, stop):
        start = match.start()
        if start > last:
            raw = html[last:start]
            if work.search(raw) is None:
                before = raw[-1]
            else:
                piece, before = handle(raw, stack[-1], before)
                if piece != raw:
                    out += (html[copied:last], piece)
                    copied = start
        last = match.end()
        skipped, closing, name, attrs = match.groups()
        if name is None:
            before = "" if skipped else before
            continue
        name = name.lower()
        if name not in _INLINE:
            before = ""
        if closing:
            if stack[-1][0] == name and len(stack) > 1:
                stack.pop()
                continue
            for depth in range(len(stack) - 1, 0, -1):
                if stack[depth][0] == name:
                    del stack[depth:]
                    break
            continue
        if name in _VOID or attrs.endswith("/"):
            continue
        parent = stack[-1]
        if "lang" not in attrs and "dir" not in attrs:
            stack.append(
                (name, parent[1], parent[2] or name in _VERBATIM, parent[3] or name in _ISOLATING)
            )
            continue
        found = _LANG.search(attrs)
        element_lang = next(g for g in found.groups() if g is not None) if found else parent[1]
        direction = _DIR.search(attrs)
        # Text set left to right (or by its own content) is isolated from the Arabic around it
        # already; a right-to-left element starts Arabic text again.
        isolated = (
            direction.group(1).lower() != "rtl" if direction else parent[3] or name in _ISOLATING
        )
        stack.append((name, element_lang, parent[2] or name in _VERBATIM, isolated))
    if last < stop and work.search(html, last, stop) is not None:
        raw = html[last:stop]
        piece = handle(raw, stack[-1], before)[0]
        if piece != raw:
            out += (html[copied:last], piece)
            copied = stop
    out.append(html[copied:])
    return "".join(out)


# How a Latin run is isolated: browsers know `<bdi>`; the handbook's engine (WeasyPrint, no
# `unicode-bidi`) honours the isolate characters through Pango.
ISOLATE_ON_SCREEN = ("<bdi>", "</bdi>")
ISOLATE_IN_PRINT = ("\u2068", "\u2069")

# The typography each language needs on its rendered pages; a language without rules is absent.
RULES = {
    "fr": lambda html, lang, printed: french_spacing(html, lang),
    "ar": lambda html, lang, printed: arabic_text(
        html, lang, ISOLATE_IN_PRINT if printed else ISOLATE_ON_SCREEN
    ),
}


def apply(html: str, lang: str, printed: bool = False) -> str:
    """`html` with the typography of `lang`, when that language has rules."""
    rule = RULES.get(lang.split("-")[0])
    return rule(html, lang, printed) if rule else html


def apply_each(html: str, lang: str, languages) -> str:
    """`html` in `lang` holding passages marked in `languages`, each in its own typography."""
    for code in languages:
        rule = RULES.get(code.split("-")[0])
        html = rule(html, lang, False) if rule else html
    return html
