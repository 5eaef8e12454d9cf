"""Category pages, as in the wiki: one per policy area, country, source project and tier."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from commons.corpus import CASES, ROADMAPS, TOOLKIT, Corpus
from commons.schemas import Schemas, country_name
from commons.strings import t


@dataclass(frozen=True)
class Kind:
    """A way of grouping pages: the front-matter field and where its labels come from."""

    name: str
    field: str
    vocabulary: str | None


KINDS = (
    Kind("policy-area", "policy_areas", "policy-areas"),
    Kind("country", "country", None),
    Kind("project", "project", "projects"),
    Kind("tier", "coproduction_tier", "tiers"),
)
# Collections listed on a category page, in this order.
LISTED = (CASES, ROADMAPS, TOOLKIT)


def folder_url(kind: Kind, value: str) -> str:
    """URL of a category page relative to a language root."""
    return f"categories/{kind.name}/{value.lower()}/"


def members(corpus: Corpus) -> dict[tuple[str, str], dict[str, list[str]]]:
    """For each (kind, value) in use, the slugs of each listed collection under it."""
    found: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for collection in LISTED:
        for slug, entry in sorted(corpus.sources(collection).items()):
            for kind in KINDS:
                raw = entry.meta.get(kind.field)
                for value in raw if isinstance(raw, list) else [raw] if raw else []:
                    found[(kind.name, str(value))][collection.name].append(slug)
    return {key: dict(value) for key, value in found.items()}


def label(kind: Kind, value: str, schemas: Schemas, lang: str) -> str:
    """A category's name in `lang`."""
    if kind.vocabulary:
        return schemas.vocabularies[kind.vocabulary].label(value, lang)
    return country_name(value, lang)


def kind_named(name: str) -> Kind:
    """The kind called `name`."""
    return next(k for k in KINDS if k.name == name)


def category_title(kind: Kind, value: str, schemas: Schemas, lang: str) -> str:
    """`Policy area: Housing`, in `lang`."""
    return t(
        "category_title",
        lang,
        kind=t(f"kind_{kind.name}", lang),
        name=label(kind, value, schemas, lang),
    )
