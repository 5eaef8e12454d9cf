"""Category pages, as in the wiki: one per value of each case field marked `x-category`."""

from __future__ import annotations

from collections import defaultdict

from commons.corpus import CASES, ROADMAPS, TOOLKIT, Corpus
from commons.fields import Field, fields
from commons.schemas import Schemas
from commons.strings import t

# Collections listed on a category page, in this order.
LISTED = (CASES, ROADMAPS, TOOLKIT)


def kinds(schemas: Schemas) -> tuple[Field, ...]:
    """The fields that group pages into categories, in schema order."""
    return tuple(f for f in fields(schemas, CASES.schema) if f.category)


def kind_named(schemas: Schemas, name: str) -> Field:
    """The category field of kind `name` (`policy-area`)."""
    return next(k for k in kinds(schemas) if k.category == name)


def folder_url(kind: Field, value: str) -> str:
    """URL of a category page relative to a language root."""
    return f"categories/{kind.category}/{value.lower()}/"


def members(corpus: Corpus, schemas: Schemas) -> dict[tuple[str, str], dict[str, list[str]]]:
    """For each (kind, value) in use, the slugs of each listed collection under it."""
    found: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    grouping = kinds(schemas)
    for collection in LISTED:
        for slug, entry in sorted(corpus.sources(collection).items()):
            for kind in grouping:
                for value in kind.keys(entry.meta):
                    found[(kind.category, value)][collection.name].append(slug)
    return {key: dict(value) for key, value in found.items()}


def category_title(kind: Field, value: str, schemas: Schemas, lang: str) -> str:
    """`Policy area: Housing`, in `lang`."""
    return t(
        "category_title",
        lang,
        kind=kind.kind_label(lang),
        name=kind.value_label(value, schemas, lang),
    )
