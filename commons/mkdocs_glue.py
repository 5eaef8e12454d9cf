"""Small helpers shared by the hooks to read MkDocs and static-i18n state."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from commons import SOURCE_LANGUAGE


def repo_root(config) -> Path:
    """The repository root: the folder of mkdocs.yml."""
    return _folder_of(config.config_file_path)


@lru_cache(maxsize=8)
def _folder_of(config_file: str) -> Path:
    """The resolved folder of a file; page events ask thousands of times."""
    return Path(config_file).resolve().parent


def page_language(config) -> str:
    """The language static-i18n is building now."""
    i18n = config.plugins.get("i18n")
    return getattr(i18n, "current_language", None) or SOURCE_LANGUAGE
