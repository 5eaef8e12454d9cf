"""What a translation must keep from its source, and what gives away a passage left untranslated.

Both work on the Markdown text of a page and its translatable fields, and return offsets into
that text, so a rule can report each finding at its file, line and column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from commons.markdown_syntax import MD_LINK

# Code spans and fenced blocks, link targets and bare URLs hold no prose and no facts to compare.
_CODE = re.compile(r"```.*?```|~~~.*?~~~|`[^`\n]*`", re.S)
_URL = re.compile(r"(?:https?|mailto|ftp):\S+|www\.\S+", re.I)
# A number as English or French writes it: 20,627 / 20 627 / 1.5 / 1,5 / 26 % / 2018.
# Group 1 is the number; group 2 an `am`/`pm` right after it, which makes it an hour (the
# pattern matches the number alone, then the hour's letters if they follow). `\d\d*` is `\d+`
# written so that the regex engine skips to each digit instead of trying every character.
_NUMBER = re.compile(
    r"(\d\d*(?:[.,\u066c\u00a0\u202f ]\d{3}(?!\d))*(?:[.,\u066b]\d+)?)(\s?(?i:[ap]\.?m)\b)?"
)


def _blank(match: re.Match) -> str:
    """The same number of characters, so offsets stay true."""
    return re.sub(r"[^\n]", " ", match.group())


def prose(text: str, titles: bool = False) -> str:
    """`text` with code, link targets and URLs blanked out, offsets unchanged.

    With `titles`, emphasis is blanked too: it marks the titles of works, which keep their own
    language.
    """
    text = _cleaned(text)
    return _EMPHASIS.sub(_blank, text) if titles and ("*" in text or "_" in text) else text


@lru_cache(maxsize=256)  # a translation's body is read for its words, numbers and links
def _links(text: str) -> tuple[str, list[tuple[int, int]]]:
    """`text` with its code blanked, and where each link's target is in it."""
    # Each pattern runs only where its marker occurs: most fields and paragraphs have none.
    if "`" in text or "~~~" in text:
        text = _CODE.sub(_blank, text)
    return text, [match.span(1) for match in MD_LINK.finditer(text)] if "](" in text else []


@lru_cache(maxsize=256)
def _cleaned(text: str) -> str:
    """`prose` without the emphasis step."""
    text, targets = _links(text)
    if targets:  # the link text is prose, the address is not
        pieces, done = [], 0
        for start, end in targets:
            pieces += (text[done:start], " " * (end - start))
            done = end
        text = "".join(pieces) + text[done:]
    if "//" in text or "www." in text or "mailto:" in text:
        text = _URL.sub(_blank, text)
    return text


# Arabic-Indic and Eastern Arabic-Indic digits, the ones the site's languages may write.
_DIGITS = str.maketrans({chr(base + i): str(i) for base in (0x0660, 0x06F0) for i in range(10)})


_EASTERN_DIGIT = re.compile("[\u0660-\u0669\u06f0-\u06f9]")


def _digits(text: str) -> str:
    """Arabic-Indic digits as ASCII digits."""
    if text.isascii() or not _EASTERN_DIGIT.search(text):
        return text
    return text.translate(_DIGITS)


def numbers(text: str) -> dict[str, int]:
    """Each number of the prose, written one way (`20627`, `1.5`), with its first offset."""
    found: dict[str, int] = {}
    text = _digits(prose(text))
    for match in _NUMBER.finditer(text):
        raw, clock = match.groups()
        if clock:
            # `3.30pm` is an hour and minutes, as a 24-hour clock writes them: `15 h 30`.
            hour, _, minutes = _SEPARATOR.sub(".", raw).partition(".")
            hour = str(int(hour) % 12 + (12 if "p" in clock.lower() else 0))
            for part in (hour, minutes):
                if part:
                    found.setdefault(part.lstrip("0") or "0", match.start())
            continue
        if raw.isdecimal():  # digits only, as most are: nothing to group or to point
            value = raw.lstrip("0") or "0"
            if value not in found:
                found[value] = match.start()
            continue
        # A separator followed by exactly three digits groups thousands; any other is decimal.
        value = _THOUSANDS.sub("", raw)
        value = value.replace(",", ".").replace("\u066b", ".")
        if "." in value:
            value = value.rstrip("0").rstrip(".")
        found.setdefault(value.lstrip("0") or "0", match.start())
    return found


_SEPARATOR = re.compile(r"[.,]")
_THOUSANDS = re.compile(r"[.,\u066c\u00a0\u202f ](?=\d{3}(?:\D|$))")
_LANGUAGE_SUFFIX = re.compile(r"\.(?:en|fr|ar)\.md$")


def link_targets(text: str) -> dict[str, int]:
    """Each link target of the Markdown, without anchor or language suffix, with its offset."""
    found: dict[str, int] = {}
    if "](" not in text:
        return found
    text, targets = _links(text)
    for start, end in targets:
        target = text[start:end].split("#")[0]
        if target.endswith(".md"):
            target = _LANGUAGE_SUFFIX.sub(".md", target)
        if target:
            found.setdefault(target, start)
    return found


# Words English uses in every sentence and French or Arabic never write: a passage where they
# make up a good share of the words was left in English.
ENGLISH_MARKERS = frozenset(
    "the and of to is are was were with which that this these those from for by their its it be"
    " been has have had not they we you he she will would can could should at into than then"
    " there what when where who how also more most such only other each between about after"
    " before through while because within".split()
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# Emphasis marks the titles of works, which stay in their own language.
# The marker comes first and the character before it is looked at after: the search then skips
# to each `*` or `_` instead of trying the look-behind at every character.
_EMPHASIS = re.compile(
    r"([*_])(?<![*_\w][*_])(?!\s)(?:(?!\1)[^\n]|\n(?!\s*\n))+?(?<!\s)\1(?![*_\w])"
)
_UNIT_START = re.compile(r"^\s*(?:[-*+]|\d+[.)]|\|)\s", re.M)
_ENGLISH_LETTERS = re.compile(r"[A-Za-z][A-Za-z]")  # not `{2}`: the engine skips to a letter
_BLANK_LINE = re.compile(r"(\n\s*\n)")
MIN_WORDS = 8
SHARE = 0.15


def units(text: str) -> Iterator[tuple[int, str]]:
    """Paragraphs, list items and table rows of Markdown, each with its offset."""
    offset = 0
    for index, block in enumerate(_BLANK_LINE.split(text)):
        if index % 2:  # the blank lines between blocks
            offset += len(block)
            continue
        starts = [m.start() for m in _UNIT_START.finditer(block)]
        if not starts or starts == [0]:  # a paragraph: one unit, as most blocks are
            if block.strip():
                yield offset, block
        else:
            cuts = sorted({0, *starts})
            for begin, end in zip(cuts, cuts[1:] + [len(block)], strict=True):
                if block[begin:end].strip():
                    yield offset + begin, block[begin:end]
        offset += len(block)


def english_share(text: str, clean: bool = False) -> tuple[int, int, list[str]]:
    """(English marker words, all words, the markers found) in `text`, titles in italics aside.

    `clean` says `text` has been through `prose(text, titles=True)` already.
    """
    words = _WORD.findall(text if clean else prose(text, titles=True))
    markers = [w for w in words if w.lower() in ENGLISH_MARKERS]
    return len(markers), len(words), markers


# Letters as lowercase ASCII and every other byte a space: in a text encoded so (other scripts
# become '?'), each English marker word the text holds is one of the chunks `split` cuts.
_ASCII_WORDS = bytes(
    byte + 32 if 65 <= byte <= 90 else byte if 97 <= byte <= 122 else 32 for byte in range(256)
)
_MARKER_BYTES = frozenset(word.encode("ascii") for word in ENGLISH_MARKERS)


def may_read_as_english(text: str) -> bool:
    """False when no word of `text` is an English marker word, so it cannot read as English.

    A marker is a whole word of ASCII letters, so it stands between non-letters in any script:
    this look needs no word pattern, and most paragraphs of a translation stop at it.
    """
    chunks = text.encode("ascii", "replace").translate(_ASCII_WORDS).split()
    return not _MARKER_BYTES.isdisjoint(chunks)


def reads_as_english(text: str, clean: bool = False) -> tuple[int, int, list[str]] | None:
    """The counts behind the verdict when `text` reads as English, else None."""
    if not _ENGLISH_LETTERS.search(text):
        return None
    text = text if clean else prose(text, titles=True)
    if not may_read_as_english(text):
        return None  # no marker word: none counted, whatever the number of words
    words = _WORD.findall(text)
    total = len(words)
    if total < MIN_WORDS:
        return None
    # Counted without a list first: most passages of a translation are not English.
    found = sum(map(ENGLISH_MARKERS.__contains__, map(str.lower, words)))
    if found / total >= SHARE:
        return found, total, [w for w in words if w.lower() in ENGLISH_MARKERS]
    return None
