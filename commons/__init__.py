"""The knowledge commons: content model, validation, indexes and CLI."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    """A language the site is built in; everything else about languages derives from these."""

    code: str
    name: str  # in the language itself, as the language switcher and status pages show it
    english_name: str  # as messages to contributors name it
    direction: str = "ltr"


# The source language first. mkdocs.yml's i18n languages must agree (a test says so).
DECLARED = (
    Language("en", "English", "English"),
    Language("fr", "Français", "French"),
    Language("ar", "العربية", "Arabic", "rtl"),
)
LANGUAGES = tuple(language.code for language in DECLARED)
SOURCE_LANGUAGE = LANGUAGES[0]
RTL_LANGUAGES = frozenset(language.code for language in DECLARED if language.direction == "rtl")
BY_CODE = {language.code: language for language in DECLARED}


def direction(lang: str) -> str:
    """`rtl` or `ltr`: which way text in `lang` runs."""
    return "rtl" if lang in RTL_LANGUAGES else "ltr"
