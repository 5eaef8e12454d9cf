"""Alphabetical order and A–Z letters for each language of the site.

ICU is not a dependency, so these keys encode what readers expect of a printed index:
French accents sort with their base letter, and Arabic sorts by its alphabet, ignoring the
article ال and the spelling variants of hamza, alef maksura and taa marbuta.
"""

from __future__ import annotations

import re
import unicodedata

# Ligatures sort as the letters they join, as in a French dictionary.
_LATIN_EXPANSIONS = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ł": "l", "ø": "o", "đ": "d"})

_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u0640]")
# Variants that a dictionary files under one letter.
_ARABIC_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ئ": "ي",
        "ؤ": "و",
        "ة": "ه",
    }
)
_ARABIC_ARTICLE = re.compile("^ال(?=..)")
# The Arabic block lists the 28 letters in dictionary order, except that ة and ى sit inside
# it; once those are folded away, code point order is alphabetical order.
ARABIC_ALPHABET = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def _fold_latin(text: str) -> str:
    """Lowercase without accents: the primary level of French and English order."""
    text = text.casefold().translate(_LATIN_EXPANSIONS)
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold_arabic(text: str) -> str:
    """Arabic without diacritics, tatweel or letter variants, and without a leading ال."""
    words = _ARABIC_MARKS.sub("", text).translate(_ARABIC_LETTERS).split()
    if words:
        words[0] = _ARABIC_ARTICLE.sub("", words[0])
    return " ".join(words)


def sort_key(text: str, lang: str) -> tuple:
    """A key that orders `text` as a dictionary in `lang` would."""
    text = text.strip()
    if lang == "ar":
        primary = fold_arabic(text)
    else:
        primary = _fold_latin(text)
    # Punctuation and spacing do not decide order; accents and case only break ties.
    letters = "".join(ch for ch in primary if ch.isalnum() or ch == " ")
    return (letters, primary, text.casefold(), text)


def initial(text: str, lang: str) -> str:
    """The letter under which `text` is filed in an A–Z list, or `#` for digits and symbols."""
    letters = sort_key(text, lang)[0].replace(" ", "")
    if not letters:
        return "#"
    first = letters[0]
    if lang == "ar":
        return first if first in ARABIC_ALPHABET else "#"
    return first.upper() if "a" <= first <= "z" else "#"


def sort_entries(items, title_of, lang: str) -> list:
    """`items` sorted by the title `title_of(item)` in the order of `lang`."""
    return sorted(items, key=lambda item: sort_key(title_of(item), lang))
