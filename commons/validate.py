"""Validation rules over the corpus. Each rule is a small unit with an id and a message."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from commons import BY_CODE, LANGUAGES, parity
from commons.background import in_background
from commons.categories import members
from commons.corpus import (
    CASES,
    GLOSSARY,
    RELATED_TARGET,
    Corpus,
    Entry,
    source_version,
)
from commons.frontmatter import Document, FrontMatterError, _record, load_yaml, normalise
from commons.links import LinkIndex
from commons.problems import Problem
from commons.registry import generated_names
from commons.safety import findings, markup_in_text
from commons.schemas import Schemas, iso_countries

if TYPE_CHECKING:
    from jsonschema import ValidationError

TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "array": "a list",
    "object": "a mapping of 'field: value' lines",
    "boolean": "true or false",
    "null": "nothing",
}


def field_name(path) -> str:
    """A JSON path as contributors write it: `policy_areas[0]`, `years.start`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "front-matter"


def shown(value) -> str:
    """A found value, short and unambiguous."""
    if isinstance(value, str):
        return repr(value) if len(value) <= 60 else repr(value[:57] + "...")
    if isinstance(value, list):
        return "an empty list" if not value else f"a list of {len(value)}"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing"
    return repr(value)


def kind_of(value) -> str:
    """The contributor-facing name of a YAML value's type."""
    for name, python in (("boolean", bool), ("integer", int), ("number", float)):
        if isinstance(value, python):
            return TYPE_NAMES[name]
    for name, python in (("string", str), ("array", list), ("object", dict)):
        if isinstance(value, python):
            return TYPE_NAMES[name]
    return type(value).__name__


def found_value(value) -> str:
    """A found value with its kind: `text 'x'`, `a whole number 12`, `a list of 2`."""
    if isinstance(value, dict):
        return kind_of(value)
    if isinstance(value, list):
        return shown(value)
    return f"{kind_of(value)} {shown(value)}"


def suggest(word: str, choices) -> str:
    """A ` did you mean 'x'?` hint, or nothing."""
    match = difflib.get_close_matches(str(word).lower(), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" did you mean {match[0]!r}?" if match else ""


class Checker:
    """Runs every rule over a corpus and collects problems."""

    def __init__(self, corpus: Corpus, schemas: Schemas):
        self.corpus = corpus
        self.schemas = schemas
        self.problems: list[Problem] = []

    def report(self, entry_or_path, position, rule: str, message: str, severity="error"):
        """Record one problem at a (line, column)."""
        rel = entry_or_path.rel if isinstance(entry_or_path, Entry) else entry_or_path
        line, column = position
        self.problems.append(Problem(rel, line, column, message, rule, severity))

    def run(self, split: bool = False) -> list[Problem]:
        """Apply every rule; return problems sorted by file and line.

        With `split`, a forked worker applies the file rules to the second half of the files
        meanwhile (`commons.background`; in this process where it cannot fork).
        """
        for _, path, _ in self.corpus.misnamed:
            self.report(
                path.relative_to(self.corpus.root).as_posix(),
                (1, 1),
                "file-name",
                f"file name {path.name!r}: expected <slug>.<lang>.md with a slug in lowercase "
                f"ASCII words joined by hyphens and lang one of {', '.join(LANGUAGES)}",
            )
        entries = self.corpus.entries
        half = _page_boundary(entries, len(entries) // 2) if split else len(entries)
        rest = in_background(_entry_problems, self, entries[half:]) if entries[half:] else list
        self.problems += _entry_problems(self, entries[:half])
        for rule in CORPUS_RULES:
            rule(self)
        self.problems += rest()
        return sorted(self.problems)


def _entry_problems(check: Checker, entries: list[Entry]) -> list[Problem]:
    """The problems the file rules find in `entries`."""
    before = len(check.problems)
    for entry in entries:
        for rule in ENTRY_RULES:
            rule(check, entry)
    found = check.problems[before:]
    del check.problems[before:]
    return found


def _page_boundary(entries: list[Entry], index: int) -> int:
    """The first index at or after `index` that starts another page than the one before.

    A page's languages then fall on one side, and each side reads its sources' facts once.
    """
    while 0 < index < len(entries) and (entries[index].source_rel == entries[index - 1].source_rel):
        index += 1
    return index


ENTRY_RULES: list[Callable[[Checker, Entry], None]] = []
CORPUS_RULES: list[Callable[[Checker], None]] = []


def entry_rule(func):
    """Register a rule applied to each file."""
    ENTRY_RULES.append(func)
    return func


def corpus_rule(func):
    """Register a rule applied once to the whole corpus."""
    CORPUS_RULES.append(func)
    return func


@entry_rule
def readable(check: Checker, entry: Entry) -> None:
    """front-matter: the file parses into front-matter and body."""
    if entry.error is not None:
        e = entry.error
        check.report(entry, (e.line, e.column), e.rule, e.message)


@entry_rule
def language_known(check: Checker, entry: Entry) -> None:
    """file-language: the language suffix is one the site is built in."""
    if entry.lang not in LANGUAGES:
        check.report(
            entry,
            (1, 1),
            "file-language",
            f"language suffix '.{entry.lang}.md': expected one of "
            f"{', '.join('.' + lang + '.md' for lang in LANGUAGES)}",
        )


@entry_rule
def no_duplicate_keys(check: Checker, entry: Entry) -> None:
    """duplicate-field: a field is written once; YAML would silently keep the last one."""
    if entry.doc is None:
        return
    for path, position in entry.doc.duplicates:
        check.report(
            entry,
            position,
            "duplicate-field",
            f"field {field_name(path)!r} is written twice: expected it once "
            "(only the last value would be kept)",
        )


@entry_rule
def matches_schema(check: Checker, entry: Entry) -> None:
    """schema: front-matter matches the collection's schema (or its translation schema)."""
    if entry.doc is None or entry.lang not in LANGUAGES:
        return
    collection = entry.collection
    translation = not entry.is_source
    if translation:
        neutral = set(check.schemas.schema(collection.schema)["properties"]) - set(
            check.schemas.translatable(collection.schema)
        )
        for key in entry.meta:
            if key in neutral:
                check.report(
                    entry,
                    entry.doc.where_key((key,)),
                    "translation-neutral-field",
                    f"field {key!r} is language-neutral: it is written once, in the English "
                    f"source {entry.source_rel}; remove it from this translation",
                )
    if check.schemas.is_valid(collection.schema, translation)(entry.meta):
        return  # jsonschema would find nothing: it is asked only for the errors
    validator = check.schemas.validator(collection.schema, translation)
    for error in validator.iter_errors(entry.meta):
        for path, rule, message in describe(error, check.schemas, entry.meta, translation):
            if rule == "unknown-field" and translation and path[-1] in neutral:
                continue
            position = (
                entry.doc.where_key(path) if rule == "unknown-field" else entry.doc.where(path)
            )
            check.report(entry, position, rule, message)


def describe(
    error: ValidationError, schemas: Schemas, meta: dict, translation: bool
) -> Iterator[tuple[tuple, str, str]]:
    """Turn a jsonschema error into (path, rule id, message) naming field, expected and found."""
    path = tuple(error.absolute_path)
    name = field_name(path)
    kind = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    if kind == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        for key in error.instance:
            if key not in allowed:
                where = path + (key,)
                yield (
                    where,
                    "unknown-field",
                    f"unknown field {field_name(where)!r}:{suggest(key, allowed) or ''} "
                    f"expected one of: {', '.join(allowed)}",
                )
    elif kind == "required":
        missing = [key for key in error.validator_value if key not in error.instance]
        for key in missing:
            what = schema.get("properties", {}).get(key, {}).get("description", "")
            hint = f" ({what.rstrip('.')})" if what else ""
            inside = f" in {name}" if path else ""
            yield (path, "missing-field", f"missing required field {key!r}{inside}{hint}")
    elif kind == "dependentRequired":
        properties = schema.get("properties", {})
        for trigger, needed in error.validator_value.items():
            if trigger not in error.instance:
                continue
            for key in needed:
                if key in error.instance:
                    continue
                what = properties.get(key, {}).get("description", "")
                hint = f" ({what.rstrip('.')})" if what else ""
                yield (
                    (*path, trigger),
                    "missing-field",
                    f"missing field {key!r}: expected with {trigger!r}{hint}",
                )
    elif kind == "format" and error.validator_value == "iso3166-alpha2":
        hint = suggest(str(error.instance).upper(), sorted(iso_countries()))
        if str(error.instance).upper() in iso_countries():
            hint = f" did you mean {str(error.instance).upper()!r}?"
        yield (
            path,
            "country-code",
            f"field {name!r}: expected an ISO 3166-1 alpha-2 country code such as 'ES', 'TN' "
            f"or 'JO'; found {shown(error.instance)}.{hint}".rstrip("."),
        )
    elif kind == "type":
        expected = error.validator_value
        expected = expected if isinstance(expected, list) else [expected]
        wanted = " or ".join(TYPE_NAMES.get(t, t) for t in expected)
        # YAML reads 0123 or 1e5 as numbers: a contributor fixes that by quoting.
        quote = (
            f"; write it in quotes: {path[-1]}: '{error.instance}'"
            if expected == ["string"] and isinstance(error.instance, int | float) and path
            else ""
        )
        yield (
            path,
            "type",
            f"field {name!r}: expected {wanted}; found {found_value(error.instance)}{quote}",
        )
    elif kind in ("minItems", "minLength"):
        yield path, "empty-field", f"field {name!r}: expected a value; found it empty"
    elif kind == "maxLength":
        yield (
            path,
            "too-long",
            f"field {name!r}: expected at most {error.validator_value} characters; "
            f"found {len(error.instance)}",
        )
    elif kind == "uniqueItems":
        yield path, "repeated-value", f"field {name!r}: expected each value once; found a repeat"
    elif kind == "pattern":
        what = schema.get("description", f"text matching {error.validator_value}")
        yield (
            path,
            "format",
            f"field {name!r}: expected {what.rstrip('.')}; found {shown(error.instance)}",
        )
    elif kind in ("minimum", "maximum"):
        bound = "at least" if kind == "minimum" else "at most"
        yield (
            path,
            "out-of-range",
            f"field {name!r}: expected {bound} {error.validator_value}; "
            f"found {shown(error.instance)}",
        )
    elif kind in ("anyOf", "oneOf") and error.context:
        # Report the alternative that got furthest: the deepest, most specific error.
        best = max(error.context, key=lambda e: (len(e.absolute_path), -len(e.schema_path)))
        yield from describe(best, schemas, meta, translation)
    elif kind == "enum" and "title" in schema and isinstance(error.instance, str):
        values = [str(v) for v in error.validator_value]
        found = error.instance
        yield (
            path,
            "vocabulary",
            f"field {name!r}: {found!r} is not a known {schema['title'].lower()};"
            f"{suggest(found, values)} expected one of: {', '.join(values)}",
        )
    elif kind == "enum" and "title" in schema:
        yield path, "type", f"field {name!r}: expected text; found {found_value(error.instance)}"
    elif kind == "enum":
        values = ", ".join(map(str, error.validator_value))
        yield (
            path,
            "vocabulary",
            f"field {name!r}: expected one of: {values}; found {shown(error.instance)}",
        )
    else:
        yield path, "schema", f"field {name!r}: {error.message}"


@entry_rule
def translation_has_source(check: Checker, entry: Entry) -> None:
    """translation-without-source: every translation has an English file of the same slug."""
    if entry.is_source or entry.lang not in LANGUAGES:
        return
    if check.corpus.source_of(entry) is None:
        check.report(
            entry,
            (1, 1),
            "translation-without-source",
            f"translation has no source: expected the English file {entry.source_rel} next to it",
        )


@entry_rule
def translation_current(check: Checker, entry: Entry) -> None:
    """translation-outdated: the source has not changed since the translation was made."""
    if entry.is_source or entry.doc is None or entry.lang not in LANGUAGES:
        return
    source = check.corpus.source_of(entry)
    recorded = entry.meta.get("source_version")
    if source is None or source.doc is None or not isinstance(recorded, str):
        return
    current = source_version(source, check.schemas.translatable(entry.collection.schema))
    if recorded != current:
        check.report(
            entry,
            entry.doc.where(("source_version",)),
            "translation-outdated",
            f"translation is outdated: {source.rel} changed since version {recorded}; "
            f"update the text, then set source_version to {current}",
            severity="warning",
        )


@entry_rule
def related_exist(check: Checker, entry: Entry) -> None:
    """related-missing: `related` names existing pages of the right collection."""
    target = RELATED_TARGET.get(entry.collection.name)
    related = entry.meta.get("related")
    if target is None or not isinstance(related, list):
        return
    known = check.corpus.sources(target)
    for index, slug in enumerate(related):
        if isinstance(slug, str) and slug not in known:
            check.report(
                entry,
                entry.doc.where(("related", index)),
                "related-missing",
                f"field 'related[{index}]': expected the slug of a page in {target.folder}/;"
                f"{suggest(slug, known)} found {slug!r}, which has no {target.folder}/{slug}.en.md",
            )


@entry_rule
def sources_resolve(check: Checker, entry: Entry) -> None:
    """bibliography-missing: `sources` entries of the form {ref: key} name a bibliography entry."""
    sources = entry.meta.get("sources")
    if not isinstance(sources, list):
        return
    keys = check.corpus_bibliography
    for index, source in enumerate(sources):
        ref = source.get("ref") if isinstance(source, dict) else None
        if isinstance(ref, str) and ref not in keys:
            check.report(
                entry,
                entry.doc.where(("sources", index, "ref")),
                "bibliography-missing",
                f"field 'sources[{index}].ref': expected a key of data/bibliography.yml;"
                f"{suggest(ref, keys)} found {ref!r}",
            )


def _translated_texts(entry: Entry, fields: list[str]) -> Iterator[tuple[tuple[int, int], str]]:
    """(position, text) of each translatable string of the front-matter, then of the body."""
    for key in fields:
        for path, value in _texts(entry.meta.get(key), (key,)):
            yield entry.doc.where(path), value


@entry_rule
def translation_in_language(check: Checker, entry: Entry) -> None:
    """untranslated-text: no paragraph or field of a translation reads as English."""
    if entry.is_source or entry.doc is None or entry.lang not in LANGUAGES:
        return
    fields = [f for f in check.schemas.translatable(entry.collection.schema) if f != "synonyms"]
    found = [(position, text, False) for position, text in _translated_texts(entry, fields)]
    # `prose` keeps offsets, so the body is cleaned once and cut into paragraphs after; a
    # paragraph's offset becomes a line and column only if it is reported.
    # Most bodies hold no English marker word and stop here: before titles are blanked (which
    # only takes words away), or after.
    if parity.may_read_as_english(parity.prose(entry.doc.body)):
        body = parity.prose(entry.doc.body, titles=True)
        if parity.may_read_as_english(body):
            found += [(offset, unit, True) for offset, unit in parity.units(body)]
    for position, text, clean in found:
        verdict = parity.reads_as_english(text, clean)
        if verdict:
            if isinstance(position, int):
                position = body_position(entry.doc, position)
            count, total, markers = verdict
            sample = ", ".join(dict.fromkeys(m.lower() for m in markers))
            check.report(
                entry,
                position,
                "untranslated-text",
                f"text reads as English, not {BY_CODE[entry.lang].english_name}: "
                f"{count} of its {total} words are common English words ({sample}); translate "
                "it, or put the title of an English work in italics",
                severity="warning",
            )


@entry_rule
def case_has_location(check: Checker, entry: Entry) -> None:
    """missing-location: a case says where it is, or the map lists it apart (warning)."""
    if entry.collection is not CASES or not entry.is_source or entry.doc is None:
        return
    if "location" in entry.meta or entry.error is not None:
        return
    check.report(
        entry,
        (1, 1),
        "missing-location",
        "case has no 'location': the map lists it apart, without a marker; add "
        "location: {lat: 41.39, lon: 2.17} (the place's latitude and longitude, in degrees)",
        severity="warning",
    )


@entry_rule
def translation_keeps_facts(check: Checker, entry: Entry) -> None:
    """translation-facts: a current translation has its source's numbers and link targets."""
    if entry.is_source or entry.doc is None or entry.lang not in LANGUAGES:
        return
    source = check.corpus.source_of(entry)
    if source is None or source.doc is None:
        return
    fields = check.schemas.translatable(entry.collection.schema)
    if entry.meta.get("source_version") != source_version(source, fields):
        return  # translation-outdated already says the two differ
    for kind, extract in (("number", parity.numbers), ("link target", parity.link_targets)):
        # The source's facts are read once, for all its translations.
        known = source.__dict__.setdefault("_facts", {})
        if kind not in known:
            known[kind] = _facts(source, fields, extract)
        theirs = known[kind]
        ours = _facts(entry, fields, extract)
        for value, where in theirs.items():
            if value not in ours:
                line = _position(source.doc, where)[0]
                check.report(
                    entry,
                    (entry.doc.body_line, 1),
                    "translation-facts",
                    f"{kind} {value!r} of {source.rel}:{line} is missing here: expected the "
                    "same facts and links as the English",
                    severity="warning",
                )
        for value, where in ours.items():
            if value not in theirs:
                check.report(
                    entry,
                    _position(entry.doc, where),
                    "translation-facts",
                    f"{kind} {value!r} is not in {source.rel}: expected the same facts and "
                    "links as the English",
                    severity="warning",
                )


def _facts(entry: Entry, fields: list[str], extract) -> dict[str, tuple[int, int] | int]:
    """What `extract` finds in an entry's translatable fields and body, with where it is first.

    A field's finding has its (line, column); a body's its offset in the body, made a line
    and column by `_position` only when it is reported.
    """
    found: dict[str, tuple[int, int] | int] = {}
    for position, text in _translated_texts(entry, fields):
        for value in extract(text):
            found.setdefault(value, position)
    for value, offset in extract(entry.doc.body).items():
        found.setdefault(value, offset)
    return found


def _position(doc: Document, where: tuple[int, int] | int) -> tuple[int, int]:
    """A finding's line and column, from a field's position or an offset in the body."""
    return body_position(doc, where) if isinstance(where, int) else where


def body_position(doc: Document, offset: int) -> tuple[int, int]:
    """File line and column of a character of the body; counted only when there is a problem."""
    line = doc.body.count("\n", 0, offset)
    column = offset - (doc.body.rfind("\n", 0, offset) + 1) + 1
    return doc.body_line + line, column


@entry_rule
def safe_content(check: Checker, entry: Entry) -> None:
    """unsafe-html, unsafe-attribute, unsafe-url, include-directive: nothing that runs script."""
    if entry.doc is None:
        return
    for finding in findings(entry.doc.body):
        check.report(entry, body_position(entry.doc, finding.offset), finding.rule, finding.message)
    for path, value in _texts(entry.meta, ()):
        if markup_in_text(value):
            check.report(
                entry,
                entry.doc.where(path),
                "html-in-field",
                f"field {field_name(path)!r}: expected plain text; found HTML markup "
                f"({value.strip()[:40]!r}), which pages show as text, not as formatting",
            )


def _texts(value, path: tuple):
    """(path, text) of every string in front-matter data."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*path, index))


def link_index(check: Checker) -> LinkIndex:
    """The pages and anchors links may point to, built once per check."""
    if getattr(check, "_link_index", None) is None:
        categories = members(check.corpus, check.schemas)
        cases = len(check.corpus.sources(CASES))
        generated = {f"{name}.md": set() for name in generated_names(categories, cases)}
        generated["bibliography.md"] = set(getattr(check, "corpus_bibliography", {}) or {})
        check._link_index = LinkIndex(check.corpus, generated)
    return check._link_index


@corpus_rule
def internal_links(check: Checker) -> None:
    """broken-link, broken-anchor: every internal link and anchor resolves, in every language."""
    index = link_index(check)
    for entry in check.corpus.entries:
        if entry.doc is None:
            continue
        for offset, rule, message in index.problems(entry):
            check.report(entry, body_position(entry.doc, offset), rule, message)


@corpus_rule
def unique_synonyms(check: Checker) -> None:
    """synonym-clash: a word links to one glossary term only, in each language."""
    for lang in LANGUAGES:
        claimed: dict[str, Entry] = {}
        for entry in check.corpus.entries:
            if entry.collection is not GLOSSARY or entry.lang != lang or entry.doc is None:
                continue
            words = [entry.meta.get("title")] + list(entry.meta.get("synonyms") or [])
            for index, word in enumerate(words):
                if not isinstance(word, str):
                    continue
                folded = word.casefold().strip()
                other = claimed.get(folded)
                if other is not None and other is not entry:
                    where = ("title",) if index == 0 else ("synonyms", index - 1)
                    check.report(
                        entry,
                        entry.doc.where(where),
                        "synonym-clash",
                        f"{word!r} is claimed by two glossary terms: {other.rel} and {entry.rel}; "
                        "expected each word to link to one term",
                    )
                else:
                    claimed[folded] = entry


DATA_FILES = {
    "data/bibliography.yml": "bibliography",
    "data/readings.yml": "reading",
    "data/redirects.yml": "redirects",
}


def read_data(root: Path, rel: str) -> object:
    """A YAML data file's data, unchecked, or None when it is missing or unreadable.

    The build uses this while `check` validates the same file beside it.
    """
    path = root / rel
    try:
        return load_yaml(normalise(path.read_bytes()))[0] if path.exists() else None
    except (FrontMatterError, UnicodeDecodeError):
        return None


def load_data_document(root: Path, rel: str, schemas: Schemas) -> tuple:
    """Load and validate a YAML data file; return data, problems and positions (or None)."""
    path = root / rel
    if not path.exists():
        return None, [], None
    try:
        data, node = load_yaml(normalise(path.read_bytes()))
    except FrontMatterError as e:
        # Positions count the front-matter's '---' line; a data file has none.
        message = e.message.replace("front-matter", "file", 1)
        return None, [Problem(rel, e.line - 1, e.column, message, e.rule)], None
    except UnicodeDecodeError as error:
        problem = Problem(rel, 1, 1, f"file is not UTF-8 text: {error.reason}", "encoding")
        return None, [problem], None
    doc = Document(meta=data, body="", body_line=0)
    if node is not None:
        _record(node, (), doc)
    problems = []
    if schemas.data_is_valid(DATA_FILES[rel])(data):
        return data, problems, doc
    for error in schemas.data_validator(DATA_FILES[rel]).iter_errors(data):
        for where, rule, message in describe(error, schemas, {}, False):
            line, column = doc.where_key(where) if rule == "unknown-field" else doc.where(where)
            problems.append(Problem(rel, line - 1, column, message, rule))
    return data, problems, doc


def check(corpus: Corpus, schemas: Schemas, split: bool = False) -> list[Problem]:
    """Every problem of a corpus and the repository's data files, errors and warnings.

    `split` shares the file rules with a forked worker: for `commons check`, not for a
    build, which checks in a worker of its own beside the build.
    """
    checker = Checker(corpus, schemas)
    problems = []
    checker.corpus_bibliography = {}
    redirects = None
    for rel in DATA_FILES:
        data, found, doc = load_data_document(corpus.root, rel, schemas)
        problems.extend(found)
        if rel == "data/bibliography.yml" and isinstance(data, dict):
            checker.corpus_bibliography = data
        if rel == "data/redirects.yml" and isinstance(data, list) and not found:
            redirects = (data, doc)
    problems += checker.run(split)
    if redirects:
        problems += redirect_problems(checker, *redirects)
    return sorted(problems)


def redirect_problems(check: Checker, redirects: list, doc: Document) -> list[Problem]:
    """missing-redirect-target, redirect-shadows-page: each old address leads somewhere real."""
    index = link_index(check)
    problems = []
    rel = "data/redirects.yml"
    for number, item in enumerate(redirects):
        target = item["to"].lstrip("/")
        for code in LANGUAGES:
            if target.startswith(f"{code}/"):
                target = target[len(code) + 1 :]
        if index.page_at(target) is None:
            line, column = doc.where((number, "to"))
            problems.append(
                Problem(
                    rel,
                    line - 1,
                    column,
                    f"redirect to {item['to']!r}: no such page; expected the new address of a "
                    "page, such as 'cases/la-borda/'",
                    "missing-redirect-target",
                )
            )
        old = item["from"]
        if not old.startswith("/") and index.page_at(old) is not None:
            line, column = doc.where((number, "from"))
            problems.append(
                Problem(
                    rel,
                    line - 1,
                    column,
                    f"redirect from {old!r}: a page already lives there; expected an address "
                    "that no longer exists",
                    "redirect-shadows-page",
                )
            )
    return problems


def errors(problems: list[Problem]) -> list[Problem]:
    """Only the problems that fail a build."""
    return [p for p in problems if p.severity == "error"]
