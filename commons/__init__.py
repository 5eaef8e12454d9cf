"""The knowledge commons: content model, validation, indexes and CLI."""

LANGUAGES = ("en", "fr", "ar")
SOURCE_LANGUAGE = "en"
RTL_LANGUAGES = frozenset({"ar"})


def direction(lang: str) -> str:
    """`rtl` or `ltr`: which way text in `lang` runs."""
    return "rtl" if lang in RTL_LANGUAGES else "ltr"
