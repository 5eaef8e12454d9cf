"""Small helpers shared by the hooks to read MkDocs and static-i18n state."""

from __future__ import annotations

from pathlib import Path

from commons import SOURCE_LANGUAGE


def repo_root(config) -> Path:
    """The repository root: the folder of mkdocs.yml."""
    return Path(config.config_file_path).resolve().parent


def page_language(config) -> str:
    """The language static-i18n is building now."""
    i18n = config.plugins.get("i18n")
    return getattr(i18n, "current_language", None) or SOURCE_LANGUAGE
