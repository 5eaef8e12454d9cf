"""A translation's first draft: what `commons new translation` writes and GitHub's editor opens."""

from __future__ import annotations

from urllib.parse import quote

import yaml

from commons import SOURCE_LANGUAGE
from commons.corpus import Entry, source_version
from commons.strings import t

# GitHub refuses longer addresses (414); its documentation gives 8,192 characters.
GITHUB_URL_LIMIT = 8000


def translation_name(source_name: str, lang: str) -> str:
    """The file name (or path) of the `lang` translation of a source file."""
    suffix = f".{SOURCE_LANGUAGE}.md"
    return source_name.removesuffix(suffix) + f".{lang}.md"


def translation_skeleton(source: Entry, fields: list[str], body: str | None = None) -> str:
    """The translatable fields of `source` to translate, its version, `reviewed: false`, `body`.

    `body` defaults to the English text, which the translator replaces paragraph by paragraph.
    """
    meta = {key: source.meta[key] for key in fields if key in source.meta}
    meta["source_version"] = source_version(source, fields)
    meta["reviewed"] = False
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=100)
    text = source.doc.body if body is None and source.doc else body or ""
    return f"---\n{front}---\n{text}"


def start_translation_url(
    new_base: str, source: Entry, fields: list[str], lang: str, limit: int = GITHUB_URL_LIMIT
) -> str:
    """GitHub's new-file editor on the `lang` translation of `source`, holding its skeleton.

    When the English text would make the address longer than GitHub takes, the file holds the
    translated fields and a line, in `lang`, naming the English file to translate from.
    """
    name = translation_name(source.rel, lang)
    start = f"{new_base}?filename={quote(name)}&value="
    url = start + quote(translation_skeleton(source, fields), safe="")
    if len(url) <= limit:
        return url
    hint = t("translation_body_hint", lang, source=source.rel)
    return start + quote(translation_skeleton(source, fields, f"\n{hint}\n"), safe="")
