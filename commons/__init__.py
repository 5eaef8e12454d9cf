"""The knowledge commons: content model, validation, indexes and CLI."""

LANGUAGES = ("en", "fr", "ar")
SOURCE_LANGUAGE = "en"
RTL_LANGUAGES = frozenset({"ar"})
