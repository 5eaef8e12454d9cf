"""Whether data is valid under a JSON Schema, answered without jsonschema.

`commons check` validates thousands of front-matters, nearly all of them valid. jsonschema's
validator builds an error object at every step of a descent to find out that there is none;
a schema compiled here into nested Python checks answers the same yes or no in a fraction of
the time, and jsonschema is asked (and imported) only for data found invalid, for its errors.
The checks follow jsonschema's Draft 2020-12 keywords to the letter (the comments say where it
matters); a schema using any other keyword is not compiled, and its data always goes to
jsonschema.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable, Mapping, Sequence

Check = Callable[[object], bool]

# Keywords that do not constrain a value (after `schemas._inlined`, which replaces `$ref`).
IGNORED = frozenset(
    {"$schema", "$comment", "$defs", "title", "description", "examples", "default", "deprecated"}
)


class Unsupported(Exception):
    """The schema uses a keyword these checks do not implement."""


def compile_schema(schema, formats: Mapping[str, Callable[[object], bool]]) -> Check | None:
    """A function telling whether data is valid under `schema`, or None if it cannot be made.

    `formats` gives the check of each format the validator knows (jsonschema ignores others;
    a format not in it is not compiled, so the answer never depends on which it ignores).
    A check that raises (as jsonschema would, on a YAML key that is not text) answers no.
    """
    try:
        check = _compile(schema, formats)
    except Unsupported:
        return None

    def valid(data) -> bool:
        """True when jsonschema would find no error in `data`."""
        try:
            return check(data)
        except Exception:  # jsonschema, asked next, reports it or raises it as before
            return False

    return valid


def _always(instance) -> bool:
    """Any value is valid (the schema `true`, or one without constraints)."""
    return True


def _never(instance) -> bool:
    """No value is valid (the schema `false`)."""
    return False


def _all(checks: list[Check]) -> Check:
    """Valid when every check is."""
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]

    def every(instance) -> bool:
        """All checks pass."""
        for check in checks:
            if not check(instance):
                return False
        return True

    return every


def _compile(schema, formats) -> Check:
    """The check of one schema (a mapping of keywords, or true or false)."""
    if schema is True:
        return _always
    if schema is False:
        return _never
    if not isinstance(schema, dict):
        raise Unsupported(repr(schema))
    handled = set(IGNORED)
    checks: list[Check] = []
    for group in (_type, _enum, _string, _number, _array, _object, _combined, _format):
        found = group(schema, formats)
        handled |= found[0]
        checks += found[1]
    unknown = [key for key in schema if key not in handled and not key.startswith("x-")]
    if unknown:
        raise Unsupported(", ".join(unknown))
    return _all(checks)


def is_integer(instance) -> bool:
    """An integer as jsonschema's Draft 2020-12 sees it: not a boolean, and 3.0 counts."""
    if isinstance(instance, bool):
        return False
    return isinstance(instance, int) or (isinstance(instance, float) and instance.is_integer())


def is_number(instance) -> bool:
    """A number that is not a boolean."""
    return isinstance(instance, numbers.Number) and not isinstance(instance, bool)


TYPES: dict[str, Check] = {
    "string": lambda instance: isinstance(instance, str),
    "integer": is_integer,
    "number": is_number,
    "array": lambda instance: isinstance(instance, list),
    "object": lambda instance: isinstance(instance, dict),
    "boolean": lambda instance: isinstance(instance, bool),
    "null": lambda instance: instance is None,
}


def _type(schema, formats):
    """`type`: one name or a list of names."""
    if "type" not in schema:
        return set(), []
    names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    if any(name not in TYPES for name in names):
        raise Unsupported(f"type {names}")
    if names == ["string"]:
        return {"type"}, [TYPES["string"]]
    tests = [TYPES[name] for name in names]
    return {"type"}, [lambda instance: any(test(instance) for test in tests)]


def equal(one, two) -> bool:
    """Equality as jsonschema's `_utils.equal` has it: True is not 1, lists compare by items."""
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return one == two
    if isinstance(one, Sequence) and isinstance(two, Sequence):
        return len(one) == len(two) and all(equal(i, j) for i, j in zip(one, two, strict=True))
    if isinstance(one, Mapping) and isinstance(two, Mapping):
        return one.keys() == two.keys() and all(equal(one[key], two[key]) for key in one)
    return _unbool(one) == _unbool(two)


_TRUE, _FALSE = object(), object()


def _unbool(value):
    """True and False as values no number equals."""
    return _TRUE if value is True else _FALSE if value is False else value


def _enum(schema, formats):
    """`enum` and `const`."""
    checks: list[Check] = []
    if "enum" in schema:
        values = list(schema["enum"])
        texts = frozenset(value for value in values if isinstance(value, str))
        if len(texts) == len(values):  # vocabularies: text is equal to text only
            checks.append(lambda instance: isinstance(instance, str) and instance in texts)
        else:
            checks.append(lambda instance: any(equal(value, instance) for value in values))
    if "const" in schema:
        wanted = schema["const"]
        checks.append(lambda instance: equal(instance, wanted))
    return {"enum", "const"}, checks


def _string(schema, formats):
    """`minLength`, `maxLength`, `pattern`: only text is constrained."""
    shortest, longest = schema.get("minLength"), schema.get("maxLength")
    pattern = re.compile(schema["pattern"]) if "pattern" in schema else None
    if shortest is None and longest is None and pattern is None:
        return {"minLength", "maxLength", "pattern"}, []

    def text(instance) -> bool:
        """Length (in code points, as jsonschema counts) and pattern (searched) of text."""
        if not isinstance(instance, str):
            return True
        if shortest is not None and len(instance) < shortest:
            return False
        if longest is not None and len(instance) > longest:
            return False
        return pattern is None or pattern.search(instance) is not None

    return {"minLength", "maxLength", "pattern"}, [text]


def _number(schema, formats):
    """`minimum`, `maximum`: only numbers are constrained."""
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is None and high is None:
        return {"minimum", "maximum"}, []

    def number(instance) -> bool:
        """Within the bounds (NaN is, as for jsonschema's comparisons)."""
        if not is_number(instance):
            return True
        if low is not None and instance < low:
            return False
        return high is None or not instance > high

    return {"minimum", "maximum"}, [number]


def unique(items: list) -> bool:
    """The `uniqueItems` test of jsonschema (`_utils.uniq`)."""
    if all(isinstance(item, str) for item in items):
        return len(set(items)) == len(items)
    try:
        ordered = sorted(_unbool(item) for item in items)
        return not any(equal(i, j) for i, j in zip(ordered, ordered[1:], strict=False))
    except (NotImplementedError, TypeError):
        seen: list = []
        for item in map(_unbool, items):
            if any(equal(other, item) for other in seen):
                return False
            seen.append(item)
        return True


def _array(schema, formats):
    """`items`, `minItems`, `maxItems`, `uniqueItems`: only lists are constrained."""
    keys = {"items", "minItems", "maxItems", "uniqueItems"}
    if "prefixItems" in schema:
        raise Unsupported("prefixItems")
    each = _compile(schema["items"], formats) if "items" in schema else None
    fewest, most = schema.get("minItems"), schema.get("maxItems")
    distinct = bool(schema.get("uniqueItems"))
    if each is None and fewest is None and most is None and not distinct:
        return keys, []

    def array(instance) -> bool:
        """Length, uniqueness and every item of a list."""
        if not isinstance(instance, list):
            return True
        if fewest is not None and len(instance) < fewest:
            return False
        if most is not None and len(instance) > most:
            return False
        if each is not None:
            for item in instance:
                if not each(item):
                    return False
        return not distinct or unique(instance)

    return keys, [array]


def _object(schema, formats):
    """The keywords of mappings: properties, required, additional and pattern properties..."""
    keys = {
        "properties",
        "required",
        "additionalProperties",
        "patternProperties",
        "propertyNames",
        "minProperties",
        "maxProperties",
        "dependentRequired",
    }
    if not keys & set(schema):
        return keys, []
    properties = {key: _compile(sub, formats) for key, sub in schema.get("properties", {}).items()}
    patterns = [
        (re.compile(pattern), _compile(sub, formats))
        for pattern, sub in schema.get("patternProperties", {}).items()
    ]
    # jsonschema finds additional properties with the patterns joined in one search.
    joined = "|".join(schema.get("patternProperties", {}))
    any_pattern = re.compile(joined) if joined else None
    additional = schema.get("additionalProperties", True)
    others = None if additional is True else _compile(additional, formats)
    names = _compile(schema["propertyNames"], formats) if "propertyNames" in schema else None
    required = list(schema.get("required", []))
    fewest, most = schema.get("minProperties"), schema.get("maxProperties")
    dependent = dict(schema.get("dependentRequired", {}))

    def mapping(instance) -> bool:
        """Every constraint on a mapping's keys and values."""
        if not isinstance(instance, dict):
            return True
        for key in required:
            if key not in instance:
                return False
        if fewest is not None and len(instance) < fewest:
            return False
        if most is not None and len(instance) > most:
            return False
        for trigger, needed in dependent.items():
            if trigger in instance and any(key not in instance for key in needed):
                return False
        for key, value in instance.items():
            check = properties.get(key)
            if check is not None and not check(value):
                return False
            for pattern, sub in patterns:
                if pattern.search(key) and not sub(value):
                    return False
            if (
                others is not None
                and key not in properties
                and not (any_pattern and any_pattern.search(key))
                and not others(value)
            ):
                return False
            if names is not None and not names(key):
                return False
        return True

    return keys, [mapping]


def _combined(schema, formats):
    """`allOf`, `anyOf`, `oneOf`."""
    checks: list[Check] = []
    if "allOf" in schema:
        checks.append(_all([_compile(sub, formats) for sub in schema["allOf"]]))
    if "anyOf" in schema:
        alternatives = [_compile(sub, formats) for sub in schema["anyOf"]]
        checks.append(lambda instance: any(check(instance) for check in alternatives))
    if "oneOf" in schema:
        choices = [_compile(sub, formats) for sub in schema["oneOf"]]
        checks.append(lambda instance: sum(1 for check in choices if check(instance)) == 1)
    return {"allOf", "anyOf", "oneOf"}, checks


def _format(schema, formats):
    """`format`, with the validator's own checks; any other format is not compiled."""
    if "format" not in schema:
        return set(), []
    test = formats.get(schema["format"])
    if test is None:
        raise Unsupported(f"format {schema['format']}")
    return {"format"}, [lambda instance: bool(test(instance))]
