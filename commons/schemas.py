"""Load the JSON Schemas and controlled vocabularies in `schemas/`: the single source of truth."""

from __future__ import annotations

import copy
import json
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from babel import Locale

if TYPE_CHECKING:  # imported where a validator is made: a build checks in a worker process
    from jsonschema import Draft202012Validator, FormatChecker

# CLDR also lists reserved and user-assigned codes (EU, UN, XK, ZZ...) that ISO 3166-1 lacks.
NOT_ISO_3166 = frozenset(
    {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"}
)
_ALPHA2 = re.compile(r"^[A-Z]{2}$")


@lru_cache(maxsize=1)
def iso_countries() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes known to CLDR."""
    return frozenset(
        code
        for code in Locale("en").territories
        if _ALPHA2.match(code) and code not in NOT_ISO_3166
    )


@lru_cache(maxsize=512)
def country_name(code: str, lang: str) -> str:
    """Country name in `lang` from CLDR, or the code itself when unknown."""
    return Locale.parse(lang).territories.get(code, code)


@lru_cache(maxsize=1)
def formats() -> FormatChecker:
    """The format checker of every validator, with `iso3166-alpha2` for countries."""
    from jsonschema import FormatChecker

    checker = FormatChecker()
    checker.checks("iso3166-alpha2")(_is_country)
    return checker


def _is_country(value) -> bool:
    """Accept only assigned ISO 3166-1 alpha-2 codes."""
    return not isinstance(value, str) or value in iso_countries()


@dataclass(frozen=True)
class Vocabulary:
    """A controlled vocabulary: allowed values with a label per language."""

    name: str
    title: str
    labels: dict[str, dict[str, str]]

    @property
    def values(self) -> list[str]:
        """Allowed values in file order."""
        return list(self.labels)

    def label(self, value: str, lang: str) -> str:
        """Label of `value` in `lang`, falling back to English, then to the value itself."""
        labels = self.labels.get(value, {})
        return labels.get(lang) or labels.get("en") or value


def _vocabulary(name: str, data: dict) -> Vocabulary:
    """Read a vocabulary file written as `oneOf` of `const` entries with `x-labels`."""
    labels = {
        entry["const"]: {"en": entry.get("title", entry["const"]), **entry.get("x-labels", {})}
        for entry in data["oneOf"]
    }
    return Vocabulary(name=name, title=data.get("title", name), labels=labels)


def _for_validation(uri: str, doc: dict) -> dict:
    """What the validator sees of a schema file: vocabularies as a plain `enum`.

    Editors read the `oneOf` form for its titles; checking a value against `oneOf` builds an
    error for every value it is not, which made vocabularies the slowest part of validation.
    """
    if not uri.startswith("vocabularies/") or "oneOf" not in doc:
        return doc
    rest = {key: value for key, value in doc.items() if key != "oneOf"}
    return {**rest, "enum": [entry["const"] for entry in doc["oneOf"]]}


# Keywords that only describe a value: beside a `$ref` they can be merged into its target.
ANNOTATIONS = {"title", "description", "$comment", "examples", "default", "deprecated"}


def _inlined(node, look_up):
    """`node` with every `$ref` replaced by the schema it points to (the schemas have no cycles).

    `look_up(ref)` gives the part a reference points to and the look-up to use inside it. The
    validator then never looks a reference up while checking, which was most of its time.
    """
    if isinstance(node, list):
        return [_inlined(item, look_up) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _inlined(value, look_up) for key, value in node.items() if key != "$ref"}
    if "$ref" not in node:
        return out
    contents, inner = look_up(node["$ref"])
    target = _inlined(contents, inner)
    if all(key in ANNOTATIONS or key.startswith("x-") for key in out):
        return {**out, **target}
    return {**out, "allOf": [*out.get("allOf", []), target]}


def _resolving(resolver):
    """A look-up by the `referencing` library's resolver, as jsonschema follows references."""

    def look_up(ref: str):
        resolved = resolver.lookup(ref)
        return resolved.contents, _resolving(resolved.resolver)

    return look_up


def _in_files(base: str, documents: dict[str, dict]):
    """A look-up of the relative references the schema files use among themselves, from `base`.

    Without the `referencing` library, which `commons check` then never imports for valid
    files; a reference it cannot follow raises LookupError.
    """

    def look_up(ref: str):
        uri, node = _look_up(ref, base, documents)
        if _moves_base(node):
            raise LookupError(ref)
        return node, _in_files(uri, documents)

    return look_up


def _moves_base(node) -> bool:
    """Whether a schema part names itself (`$id`, `$anchor`, `$dynamicRef`), past `_in_files`."""
    if isinstance(node, list):
        return any(_moves_base(item) for item in node)
    if not isinstance(node, dict):
        return False
    if "$id" in node or "$dynamicRef" in node or "$anchor" in node:
        return True
    return any(_moves_base(value) for value in node.values())


def _look_up(ref: str, base: str, documents: dict[str, dict]) -> tuple[str, object]:
    """The schema file a relative `$ref` names from `base`, and the part of it it points to."""
    file, _, pointer = ref.partition("#")
    if ":" in file or file.startswith("/"):
        raise LookupError(ref)
    uri = posixpath.normpath(posixpath.join(posixpath.dirname(base), file)) if file else base
    if uri not in documents:
        raise LookupError(ref)
    node = _for_validation(uri, documents[uri])
    for part in pointer.split("/")[1:] if pointer else []:
        part = unquote(part).replace("~1", "/").replace("~0", "~")
        if isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            raise LookupError(ref)
    return uri, node


def _not_known(data) -> bool:
    """The answer for a schema fastjsonschema cannot compile: ask jsonschema."""
    return False


# Draft 2020-12 keywords our schemas use, as draft 7 (fastjsonschema's latest) spells them.
DRAFT_7 = {"dependentRequired": "dependencies"}


def _as_draft_7(node):
    """A schema (inlined, without `$schema`) in draft 7's words, for fastjsonschema."""
    if isinstance(node, list):
        return [_as_draft_7(item) for item in node]
    if not isinstance(node, dict):
        return node
    return {DRAFT_7.get(k, k): _as_draft_7(v) for k, v in node.items() if k != "$schema"}


def _compiled(schema: dict) -> Callable[[object], bool] | None:
    """Whether data is valid under `schema`, by code fastjsonschema generates; None if it cannot.

    jsonschema builds an error object at every step of its descent to find there is none,
    the slowest part of `commons check`; it is asked (and imported) only for invalid data,
    for the errors it reports. `tests/test_validation.py` holds both to the same answers.
    """
    import fastjsonschema

    try:
        validate = fastjsonschema.compile(
            _as_draft_7(schema), formats={"iso3166-alpha2": _is_country}, use_default=False
        )
    except fastjsonschema.JsonSchemaDefinitionException:
        return None

    def valid(data) -> bool:
        """True when the data holds no error (a value the code cannot compare is an error)."""
        try:
            validate(data)
        except Exception:  # jsonschema, asked next, reports it or raises it as before
            return False
        return True

    return valid


PROJECT_SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


def schemas_dir(root: Path) -> Path:
    """The repository's `schemas/`, or this project's own when a site has none (fixtures)."""
    own = Path(root) / "schemas"
    return own if (own / "case.schema.json").is_file() else PROJECT_SCHEMAS


class Schemas:
    """All schemas of a repository, with validators ready to use."""

    @classmethod
    def for_root(cls, root: Path) -> Schemas:
        """Schemas that apply to the repository at `root`."""
        return cls(schemas_dir(root))

    def __init__(self, root: Path):
        self.root = Path(root)
        self.documents: dict[str, dict] = {}
        for path in sorted(self.root.rglob("*.json")):
            uri = path.relative_to(self.root).as_posix()
            self.documents[uri] = json.loads(path.read_text(encoding="utf-8"))

    @cached_property
    def registry(self):
        """Every schema file by its relative URI, as the validators resolve `$ref`s."""
        from referencing import Registry, Resource

        return Registry().with_resources(
            (uri, Resource.from_contents(_for_validation(uri, doc)))
            for uri, doc in self.documents.items()
        )

    @cached_property
    def vocabularies(self) -> dict[str, Vocabulary]:
        """Vocabularies by file stem: policy-areas, sse-actors, projects, tiers."""
        return {
            Path(uri).stem: _vocabulary(Path(uri).stem, doc)
            for uri, doc in self.documents.items()
            if uri.startswith("vocabularies/")
        }

    def vocabulary_for(self, subschema: dict) -> Vocabulary | None:
        """The vocabulary a property's schema points to, if any."""
        ref = subschema.get("$ref", "") if isinstance(subschema, dict) else ""
        if ref.startswith("vocabularies/"):
            return self.vocabularies[Path(ref).stem]
        return None

    def schema(self, name: str) -> dict:
        """A collection schema by name: case, roadmap, term, chapter, page."""
        return self.documents[f"{name}.schema.json"]

    def translatable(self, name: str) -> list[str]:
        """Fields of a collection that a translation carries."""
        props = self.schema(name)["properties"]
        return [key for key, sub in props.items() if sub.get("x-translatable")]

    def translation_schema(self, name: str) -> dict:
        """Schema of a translation: the translatable fields plus the translation fields."""
        source = self.schema(name)
        extra = self.documents["translation.json"]
        keep = set(self.translatable(name))
        schema = copy.deepcopy(source)
        schema["title"] = f"{source['title']} (translation)"
        schema["properties"] = {
            **{k: v for k, v in source["properties"].items() if k in keep},
            **extra["properties"],
        }
        # A field marked `x-falls-back` may be left out: the page shows the English value.
        falls_back = {k for k, sub in source["properties"].items() if sub.get("x-falls-back")}
        schema["required"] = [
            k for k in source.get("required", []) if k in keep and k not in falls_back
        ] + extra["required"]
        return schema

    def is_valid(self, name: str, translation: bool = False) -> Callable[[object], bool]:
        """Whether data is valid for a collection's sources or translations, without jsonschema.

        A no from it says to ask `validator` for the errors; made once per schema.
        """
        cache = self.__dict__.setdefault("_valid", {})
        if (name, translation) not in cache:
            schema = self.translation_schema(name) if translation else self.schema(name)
            cache[name, translation] = self._predicate(f"{name}.schema.json", schema)
        return cache[name, translation]

    def data_is_valid(self, name: str) -> Callable[[object], bool]:
        """Whether a data file such as `reading` or `bibliography` is valid, without jsonschema."""
        return self._predicate(f"{name}.schema.json", self.schema(name))

    def _predicate(self, uri: str, schema: dict) -> Callable[[object], bool]:
        """`schema` compiled by fastjsonschema, or (if it cannot be) one that always says no."""
        if _moves_base(schema):
            return _not_known
        try:
            inlined = _inlined(schema, _in_files(uri, self.documents))
        except LookupError:
            return _not_known
        return _compiled(inlined) or _not_known

    def validator(self, name: str, translation: bool = False) -> Draft202012Validator:
        """A validator for a collection's sources or its translations, built once."""
        cache = self.__dict__.setdefault("_validators", {})
        if (name, translation) not in cache:
            schema = self.translation_schema(name) if translation else self.schema(name)
            from jsonschema import Draft202012Validator

            cache[name, translation] = Draft202012Validator(
                _inlined(schema, _resolving(self.registry.resolver())), format_checker=formats()
            )
        return cache[name, translation]

    def data_validator(self, name: str) -> Draft202012Validator:
        """A validator for a data file schema such as `reading` or `bibliography`."""
        from jsonschema import Draft202012Validator

        return Draft202012Validator(
            self.schema(name), registry=self.registry, format_checker=formats()
        )
