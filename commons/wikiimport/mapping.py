"""The mapping file: which templates are infoboxes, and what categories mean in the schemas."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from babel import Locale

from commons import LANGUAGES
from commons.schemas import Schemas, iso_countries
from commons.wikiimport.titles import fold

try:  # libyaml is faster and keeps the same marks
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - PyYAML wheels ship libyaml
    from yaml import SafeLoader

RENDERINGS = ("citation", "references")
# Fields a mapping may not fill: provenance is written by the importer, never by the wiki.
NOT_MAPPABLE = {"sources", "related"}
COUNTRY_FORMAT = "iso3166-alpha2"
_SPLIT = re.compile(r"\s*(?:[,;/\n•·]|<br\s*/?>)\s*")
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d|2100)(?!\d)")
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")


@dataclass
class MappingError(Exception):
    """A problem in the mapping file, at a line and column."""

    path: str
    message: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


@dataclass(frozen=True)
class TemplateRule:
    """What the importer does with one template."""

    name: str
    collection: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    render: str | None = None


@dataclass
class Mapping:
    """Template rules and category meanings, keyed by folded name."""

    templates: dict[str, TemplateRule] = field(default_factory=dict)
    categories: dict[str, dict[str, object]] = field(default_factory=dict)
    page_languages: dict[str, str] = field(default_factory=dict)
    category_languages: dict[str, str] = field(default_factory=dict)
    namespace_languages: dict[str, str] = field(default_factory=dict)

    def template(self, name: str) -> TemplateRule | None:
        """The rule of a template, compared as MediaWiki compares names."""
        return self.templates.get(fold(name))

    def category(self, name: str) -> dict[str, object] | None:
        """The fields a category sets, if it is mapped."""
        return self.categories.get(fold(name))


def fold_value(text: str) -> str:
    """A value as compared with names: case, accents, Arabic letter variants and punctuation."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.category(c).startswith("M"))
    text = text.casefold().replace("ة", "ه").replace("ى", "ي").replace("ـ", "")
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Folded country names in English, French and Arabic (CLDR via Babel) to ISO codes."""
    table: dict[str, str] = {}
    for lang in LANGUAGES:
        for code, name in Locale(lang).territories.items():
            if code in iso_countries():
                table.setdefault(fold_value(name), code)
    return table


def country_code(text: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of a country name or code, or None."""
    stripped = text.strip()
    if len(stripped) == 2 and stripped.upper() in iso_countries():
        return stripped.upper()
    return country_names().get(fold_value(stripped))


class FieldConverter:
    """Turns plain text from the wiki into a front-matter value that the schema accepts."""

    def __init__(self, schemas: Schemas, schema_name: str = "case"):
        self.schemas = schemas
        self.schema = schemas.schema(schema_name)
        self._vocabulary_index: dict[str, dict[str, str]] = {}

    def property(self, path: str) -> dict | None:
        """The schema of a dotted field path such as `years.start`, or None when unknown."""
        node: dict | None = self.schema
        for part in path.split("."):
            node = self._resolve(node)
            props = node.get("properties", {}) if isinstance(node, dict) else {}
            if part not in props:
                return None
            node = props[part]
        return node

    def _resolve(self, node: dict) -> dict:
        """Follow a `$ref` into common.json; vocabularies stay references."""
        ref = node.get("$ref", "") if isinstance(node, dict) else ""
        if ref.startswith("common.json#/"):
            target = self.schemas.documents["common.json"]
            for part in ref.split("#/", 1)[1].split("/"):
                target = target[part]
            return {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        return node

    def fields(self) -> list[str]:
        """The schema's fields in the order it lists them, as a written file orders them."""
        return list(self.schema["properties"])

    def required(self) -> list[str]:
        """The fields the schema requires."""
        return list(self.schema.get("required", []))

    def translatable(self) -> list[str]:
        """The fields a translation carries."""
        return [k for k, sub in self.schema["properties"].items() if sub.get("x-translatable")]

    def parts(self, name: str) -> tuple[list[str], list[str]]:
        """(sub-fields, required sub-fields) of an object field such as `years`; else empty."""
        node = self._resolve(self.property(name) or {})
        return list(node.get("properties", {})), list(node.get("required", []))

    def category_fields(self) -> list[str]:
        """Fields a category can fill: vocabularies, the country, free tags."""
        found = []
        for name, node in self.schema["properties"].items():
            if name in NOT_MAPPABLE:
                continue
            items = node.get("items", {}) if isinstance(node, dict) else {}
            resolved = self._resolve(node)
            if (
                self._vocabulary(node) is not None
                or self._vocabulary(items) is not None
                or resolved.get("format") == COUNTRY_FORMAT
                or node.get("$ref", "").endswith("/tags")
            ):
                found.append(name)
        return found

    def is_list(self, path: str) -> bool:
        """True when the field holds a list of values."""
        node = self.property(path)
        return node is not None and self._resolve(node).get("type") == "array"

    def _vocabulary(self, node: dict):
        """The vocabulary a property (or its items) draws from, if any."""
        return self.schemas.vocabulary_for(node) if isinstance(node, dict) else None

    def _match(self, vocabulary, text: str) -> str | None:
        """The vocabulary value whose code or label in any language matches `text`."""
        index = self._vocabulary_index.get(vocabulary.name)
        if index is None:
            index = {}
            for value, labels in vocabulary.labels.items():
                for label in (value, *labels.values()):
                    index.setdefault(fold_value(label), value)
            self._vocabulary_index[vocabulary.name] = index
        return index.get(fold_value(text))

    def convert(self, path: str, text: str) -> tuple[object, list[str]]:
        """(value or None, problems) for the plain text `text` given to the field `path`."""
        node = self.property(path)
        if node is None:
            return None, [f"field {path!r} is not in the schema"]
        node = self._resolve(node)
        text = text.strip()
        if not text:
            return None, []
        if node.get("format") == COUNTRY_FORMAT:
            code = country_code(text)
            if code is None:
                return None, [
                    f"country {text!r} matches no country name in English, French or Arabic"
                ]
            return code, []
        vocabulary = self._vocabulary(node)
        if vocabulary is not None:
            value = self._match(vocabulary, text)
            if value is None:
                return None, [f"{text!r} is not a known {vocabulary.title.lower()}"]
            return value, []
        if node.get("type") == "array":
            items = self._resolve(node.get("items", {}))
            values, problems = [], []
            for part in (p for p in _SPLIT.split(text) if p.strip(" *")):
                part = part.strip(" *")
                item_vocabulary = self._vocabulary(items)
                if item_vocabulary is not None:
                    value = self._match(item_vocabulary, part)
                    if value is None:
                        problems.append(f"{part!r} is not a known {item_vocabulary.title.lower()}")
                        continue
                else:
                    value = part
                if value not in values:
                    values.append(value)
            return values or None, problems
        if node.get("type") == "integer":
            digits = text.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))
            found = _YEAR.search(digits) if path.startswith("years.") else _NUMBER.search(digits)
            if not found:
                return None, [
                    f"{text!r} is not a {'year' if path.startswith('years.') else 'number'}"
                ]
            return int(float(found.group(0).replace(",", "."))), []
        if node.get("type") == "number":
            found = _NUMBER.search(text)
            if not found:
                return None, [f"{text!r} is not a number"]
            return float(found.group(0).replace(",", ".")), []
        return text, []


def _position(node: yaml.Node) -> tuple[int, int]:
    """1-based line and column of a YAML node."""
    return node.start_mark.line + 1, node.start_mark.column + 1


def _pairs(node: yaml.Node, path: str, what: str):
    """(key text, key node, value node) of a YAML mapping, or a MappingError."""
    if not isinstance(node, yaml.MappingNode):
        raise MappingError(path, f"expected {what} as 'name: value' lines", *_position(node))
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            raise MappingError(path, "expected a plain name as key", *_position(key))
        yield str(key.value), key, value


def _scalars(node: yaml.Node, path: str) -> list[tuple[str, yaml.Node]]:
    """A scalar or a list of scalars, with their nodes."""
    if isinstance(node, yaml.ScalarNode):
        return [(str(node.value), node)]
    if isinstance(node, yaml.SequenceNode) and all(
        isinstance(item, yaml.ScalarNode) for item in node.value
    ):
        return [(str(item.value), item) for item in node.value]
    raise MappingError(path, "expected a value or a list of values", *_position(node))


def load_mapping(path: Path, converter: FieldConverter) -> Mapping:
    """Read and check a mapping file; raise MappingError naming the line of any problem."""
    shown = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise MappingError(shown, f"cannot read the mapping file: {error.strerror}") from None
    try:
        loader = SafeLoader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise MappingError(shown, f"not valid YAML: {error.problem}", line, column) from None
    mapping = Mapping()
    if root is None:
        return mapping
    for section, key, value in _pairs(root, shown, "the sections templates, categories, languages"):
        if section == "templates":
            for name, name_node, rule in _pairs(value, shown, "templates"):
                mapping.templates[fold(name)] = _template_rule(
                    name, name_node, rule, shown, converter
                )
        elif section == "categories":
            for name, _, meaning in _pairs(value, shown, "categories"):
                mapping.categories[fold(name)] = _category(meaning, shown, converter)
        elif section == "languages":
            _languages(value, shown, mapping)
        else:
            raise MappingError(
                shown,
                f"unknown section {section!r}: expected templates, categories or languages",
                *_position(key),
            )
    return mapping


LANGUAGE_RULES = {
    "pages": "page_languages",
    "categories": "category_languages",
    "namespaces": "namespace_languages",
}


def _languages(node: yaml.Node, shown: str, mapping: Mapping) -> None:
    """The `languages` section: the language of pages, by title, category or namespace."""
    for kind, kind_node, rules in _pairs(node, shown, "languages by pages, categories, namespaces"):
        if kind not in LANGUAGE_RULES:
            raise MappingError(
                shown,
                f"languages: unknown key {kind!r}: expected pages, categories or namespaces",
                *_position(kind_node),
            )
        table = getattr(mapping, LANGUAGE_RULES[kind])
        for name, _, value in _pairs(rules, shown, f"languages of {kind}"):
            lang = str(getattr(value, "value", ""))
            if not isinstance(value, yaml.ScalarNode) or lang not in LANGUAGES:
                raise MappingError(
                    shown,
                    f"languages: {kind} {name!r}: expected one of {', '.join(LANGUAGES)}; "
                    f"found {lang!r}",
                    *_position(value),
                )
            table[fold(name)] = lang


def _template_rule(
    name: str, name_node: yaml.Node, node: yaml.Node, shown: str, converter: FieldConverter
) -> TemplateRule:
    """One checked template rule."""
    collection, render, fields = None, None, {}
    for key, key_node, value in _pairs(node, shown, f"the rule of template {name!r}"):
        if key == "collection":
            collection = str(getattr(value, "value", ""))
            if collection != "cases":
                raise MappingError(
                    shown,
                    f"template {name!r}: collection {collection!r}: expected 'cases' (infobox "
                    "fields become case front-matter; other pages keep the page schema)",
                    *_position(value),
                )
        elif key == "render":
            render = str(getattr(value, "value", ""))
            if render not in RENDERINGS:
                raise MappingError(
                    shown,
                    f"template {name!r}: render {render!r}: expected "
                    f"one of {', '.join(RENDERINGS)}",
                    *_position(value),
                )
        elif key == "fields":
            for parameter, _, target_node in _pairs(value, shown, f"fields of {name!r}"):
                target = str(getattr(target_node, "value", ""))
                head = target.split(".")[0]
                if head in NOT_MAPPABLE or converter.property(target) is None:
                    raise MappingError(
                        shown,
                        f"template {name!r}: parameter {parameter!r} maps to {target!r}, which "
                        "is not a case field the wiki can fill",
                        *_position(target_node),
                    )
                fields[fold(parameter)] = target
        else:
            raise MappingError(
                shown,
                f"template {name!r}: unknown key {key!r}: expected collection, fields or render",
                *_position(key_node),
            )
    if render is None and collection is None and not fields:
        raise MappingError(
            shown,
            f"template {name!r}: expected 'collection: cases' with 'fields', or 'render'",
            *_position(name_node),
        )
    return TemplateRule(name, collection, fields, render)


def _category(node: yaml.Node, shown: str, converter: FieldConverter) -> dict[str, object]:
    """The checked fields one category sets."""
    meaning: dict[str, object] = {}
    allowed = converter.category_fields()
    for key, key_node, value in _pairs(node, shown, "category fields"):
        if key not in allowed:
            raise MappingError(
                shown,
                f"category field {key!r}: expected one of {', '.join(allowed)}",
                *_position(key_node),
            )
        converted = []
        for text, item in _scalars(value, shown):
            result, problems = converter.convert(key, text)
            if problems or result is None:
                message = problems[0] if problems else "expected a value"
                raise MappingError(shown, f"category field {key!r}: {message}", *_position(item))
            converted.extend(result if isinstance(result, list) else [result])
        meaning[key] = converted if converter.is_list(key) else converted[0]
    return meaning
