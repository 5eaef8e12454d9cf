"""Interface strings in each language, from strings.yml."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from commons import LANGUAGES, SOURCE_LANGUAGE

STRINGS_FILE = Path(__file__).with_name("strings.yml")


@lru_cache(maxsize=1)
def table() -> dict[str, dict[str, str]]:
    """Every string by key, then language."""
    return yaml.safe_load(STRINGS_FILE.read_text(encoding="utf-8"))


def t(key: str, lang: str, **values) -> str:
    """The string `key` in `lang` (English when missing), with `{placeholders}` filled."""
    entry = table()[key]
    text = entry.get(lang) or entry[SOURCE_LANGUAGE]
    return text.format(**values) if values else text


@lru_cache(maxsize=8)
def for_language(lang: str) -> dict[str, str]:
    """All strings of one language, for templates."""
    return {key: t(key, lang) for key in table()}


def missing() -> list[tuple[str, str]]:
    """(key, language) pairs with no translation."""
    return [
        (key, lang) for key, entry in table().items() for lang in LANGUAGES if not entry.get(lang)
    ]


def localized(value, lang: str):
    """A data value in `lang`: a mapping by language gives that language's text, else English."""
    if isinstance(value, dict):
        return value.get(lang) or value.get(SOURCE_LANGUAGE)
    return value
