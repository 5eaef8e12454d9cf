"""A collection's fields as its schema declares them: how each reads and where a reader meets it.

Besides the values it accepts, a property of a collection schema may say:

| annotation         | meaning                                                              |
|--------------------|----------------------------------------------------------------------|
| `x-labels`         | the field's name in each language                                    |
| `x-show`           | where it is shown: `card`, `infobox`, `comparison`                   |
| `x-facet`          | the name it filters the collection's index by, as in `#country=ES`   |
| `x-category`       | `{kind, labels}`: each value gets a category page of that kind       |
| `x-related`        | weight of a shared value when relating two entries                   |
| `x-note`           | an interface string shown beside it (whose reading a tier is)        |
| `x-translatable`   | a translation carries its own value (see `commons.schemas`)          |

How a value reads follows from what it is: a vocabulary's label, a country's CLDR name, a
year range, or the text itself. Every consumer (infobox, cards, filters, category pages,
related cases, the comparison table, `commons new`) reads this, so a new field is declared once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from commons import SOURCE_LANGUAGE
from commons.schemas import Schemas, country_name
from commons.strings import t

YEARS_REF = "common.json#/$defs/years"


@dataclass(frozen=True)
class Field:
    """One front-matter field of a collection and how it is shown."""

    name: str
    labels: dict[str, str]
    shown: frozenset[str] = frozenset()
    facet: str | None = None
    category: str | None = None
    category_labels: dict[str, str] = field(default_factory=dict)
    related: int = 0
    note: str | None = None
    vocabulary: str | None = None
    country: bool = False
    years: bool = False
    multiple: bool = False
    translatable: bool = False

    def label(self, lang: str) -> str:
        """The field's name in `lang`, else in English, else its key."""
        return self.labels.get(lang) or self.labels.get(SOURCE_LANGUAGE) or self.name

    def kind_label(self, lang: str) -> str:
        """The name of one of its categories' kind in `lang` (`Policy area`)."""
        return (
            self.category_labels.get(lang)
            or self.category_labels.get(SOURCE_LANGUAGE)
            or self.label(lang)
        )

    def note_text(self, lang: str) -> str | None:
        """The note shown beside the field in `lang`, if it has one."""
        return t(self.note, lang) if self.note else None

    def values(self, meta: dict) -> list:
        """The field's values in `meta`, as a list."""
        raw = meta.get(self.name)
        if raw is None or raw == "" or raw == []:
            return []
        return list(raw) if isinstance(raw, list) else [raw]

    def keys(self, meta: dict) -> list[str]:
        """The values as strings, for filters, categories and relations."""
        if self.years:
            return []
        return [str(value) for value in self.values(meta)]

    def value_label(self, value, schemas: Schemas, lang: str) -> str:
        """How one value reads in `lang`."""
        if self.vocabulary:
            return schemas.vocabularies[self.vocabulary].label(str(value), lang)
        if self.country:
            return country_name(str(value), lang)
        if self.years:
            return years_text(value, lang) or ""
        return str(value)

    def shown_values(self, source, schemas: Schemas, lang: str, entry=None) -> list[tuple]:
        """(value, text) pairs as a reader of `lang` sees them; value is None when not a key.

        A translatable field is read from the translation `entry`, else from the `source`.
        """
        values = self.values(entry.meta) if self.translatable and entry is not None else []
        values = values or self.values(source.meta)
        keyed = not self.years and not self.translatable
        return [
            (str(value) if keyed else None, self.value_label(value, schemas, lang))
            for value in values
        ]


def years_text(years, lang: str) -> str | None:
    """`2015–2018`, or `since 2012` when the end is open."""
    if not isinstance(years, dict) or "start" not in years:
        return None
    if years.get("end") and years["end"] != years["start"]:
        return f"{years['start']}–{years['end']}"
    if years.get("end"):
        return str(years["start"])
    return t("since", lang, start=years["start"])


def fields(schemas: Schemas, collection: str) -> tuple[Field, ...]:
    """The fields of `collection` (`case`, `roadmap`...) in schema order, read once."""
    cache = schemas.__dict__.setdefault("_fields", {})
    if collection not in cache:
        properties = schemas.schema(collection).get("properties", {})
        cache[collection] = tuple(_field(name, sub) for name, sub in properties.items())
    return cache[collection]


def shown_in(schemas: Schemas, collection: str, place: str) -> tuple[Field, ...]:
    """The fields shown in `place` (`card`, `infobox`, `comparison`), in schema order."""
    return tuple(f for f in fields(schemas, collection) if place in f.shown)


def facets(schemas: Schemas, collection: str) -> tuple[Field, ...]:
    """The fields an index can be filtered by."""
    return tuple(f for f in fields(schemas, collection) if f.facet)


def _field(name: str, sub: dict) -> Field:
    """A field from its property schema."""
    items = sub.get("items") if isinstance(sub.get("items"), dict) else {}
    ref = sub.get("$ref") or items.get("$ref") or ""
    category = sub.get("x-category") or {}
    return Field(
        name=name,
        labels=dict(sub.get("x-labels") or {SOURCE_LANGUAGE: sub.get("title", name)}),
        shown=frozenset(sub.get("x-show") or ()),
        facet=sub.get("x-facet"),
        category=category.get("kind"),
        category_labels=dict(category.get("labels") or {}),
        related=int(sub.get("x-related") or 0),
        note=sub.get("x-note"),
        vocabulary=Path(ref).stem if ref.startswith("vocabularies/") else None,
        country=(sub.get("format") or items.get("format")) == "iso3166-alpha2",
        years=ref == YEARS_REF,
        multiple=sub.get("type") == "array",
        translatable=bool(sub.get("x-translatable")),
    )
