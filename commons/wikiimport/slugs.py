"""Lowercase ASCII slugs for wiki titles: stable, unique, and readable for Latin and Arabic."""

from __future__ import annotations

import hashlib
import re
import unicodedata

# A small, deterministic Arabic-to-Latin table: enough to make a recognisable slug, not a
# scholarly transliteration. Short vowels and shadda are combining marks and simply vanish.
ARABIC = {
    "ء": "",
    "آ": "a",
    "أ": "a",
    "إ": "i",
    "ؤ": "u",
    "ئ": "i",
    "ا": "a",
    "ب": "b",
    "ة": "a",
    "ت": "t",
    "ث": "th",
    "ج": "j",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ذ": "dh",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "z",
    "ع": "a",
    "غ": "gh",
    "ف": "f",
    "ق": "q",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "و": "w",
    "ى": "a",
    "ي": "y",
    "ـ": "",
    "پ": "p",
    "چ": "ch",
    "ژ": "zh",
    "ڤ": "v",
    "گ": "g",
    "ک": "k",
    "ی": "y",
}
# Latin letters that do not decompose into a base letter and a mark.
LATIN = {
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ø": "o",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "ł": "l",
    "ı": "i",
}
MAX_LENGTH = 80
_HYPHENS = re.compile(r"-+")


def transliterate(text: str) -> str:
    """Lowercase ASCII letters and digits of `text`, everything else turned into hyphens."""
    out = []
    for char in text.lower():
        if char in ARABIC:
            out.append(ARABIC[char])
        elif char in LATIN:
            out.append(LATIN[char])
        elif char.isascii():
            out.append(char if char.isalnum() else "-")
        elif unicodedata.category(char).startswith("M"):
            continue
        elif unicodedata.category(char) == "Nd":
            out.append(str(unicodedata.digit(char)))
        else:
            base = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
            base = "".join(c for c in base.lower() if c.isalnum())
            out.append(base or "-")
    return _HYPHENS.sub("-", "".join(out)).strip("-")


def slugify(text: str) -> str:
    """A slug for `text`: transliterated, at most MAX_LENGTH characters, cut between words."""
    slug = transliterate(text)
    if len(slug) > MAX_LENGTH:
        slug = (
            slug[:MAX_LENGTH].rsplit("-", 1)[0] if "-" in slug[:MAX_LENGTH] else slug[:MAX_LENGTH]
        )
    return slug.strip("-")


def page_slug(title: str) -> str:
    """The slug of a page title; a hash of the title when no letter survives transliteration."""
    return slugify(title) or "page-" + hashlib.sha1(title.encode("utf-8")).hexdigest()[:8]


def media_name(file_name: str) -> str:
    """The file name a wiki file is expected under: slugified stem, lowercase extension."""
    stem, dot, extension = file_name.rpartition(".")
    if not dot:
        stem, extension = file_name, ""
    extension = re.sub(r"[^a-z0-9]", "", extension.lower())
    base = page_slug(stem)
    return f"{base}.{extension}" if extension else base


class SlugAllocator:
    """Hands out unique slugs: the first claimant keeps the slug, later ones get -2, -3..."""

    def __init__(self, taken: set[str] | None = None):
        self.taken = set(taken or ())

    def claim(self, wanted: str) -> str:
        """A free slug as close to `wanted` as possible, now taken."""
        slug, number = wanted, 1
        while slug in self.taken:
            number += 1
            suffix = f"-{number}"
            slug = wanted[: MAX_LENGTH - len(suffix)].rstrip("-") + suffix
        self.taken.add(slug)
        return slug
