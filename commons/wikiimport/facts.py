"""Front-matter of imported pages, from infobox parameters, categories and the page's own text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from commons.safety import markup_in_text
from commons.wikiimport.convert import Converted
from commons.wikiimport.mapping import FieldConverter, Mapping

SUMMARY_LIMIT = 300


@dataclass
class Facts:
    """What the wiki says about a page, in front-matter terms."""

    values: dict[str, object] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    problems: list[tuple[int, str, str]] = field(default_factory=list)
    unused: list[tuple[int, str, str]] = field(default_factory=list)
    wants_case: bool = False


# Invisible, and not a space: words around it stay one word for search and line breaking.
WORD_JOINER = "\u2060"


def plain_field(text: str) -> str:
    """Front-matter text: one line, the wiki's own characters, none that reads as an HTML tag.

    A `<` that would open a tag (`<script>` in a title) is followed by a word joiner: readers
    see the text as the wiki wrote it, and `commons check` (rule html-in-field) and the
    templates never take it for markup.
    """
    text = " ".join(str(text).split())
    if markup_in_text(text):
        text = re.sub(r"<(?=[A-Za-z/!?])", "<" + WORD_JOINER, text)
    return text


def summarize(lead: str) -> str:
    """One or two sentences of the page's own first paragraph, at most SUMMARY_LIMIT long."""
    lead = plain_field(lead)
    if not lead:
        return ""
    sentences = re.split(r"(?<=[.!?؟])\s+", lead)
    summary = sentences[0]
    if len(summary) < 80 and len(sentences) > 1 and len(summary + sentences[1]) < SUMMARY_LIMIT:
        summary += " " + sentences[1]
    if len(summary) > SUMMARY_LIMIT:
        summary = summary[: SUMMARY_LIMIT - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return summary


def _merge(facts: Facts, path: str, value, list_field: bool, line: int) -> None:
    """Add a value to the facts: lists grow, a second different scalar is reported."""
    values = facts.values
    if list_field:
        current = values.setdefault(path, [])
        for item in value if isinstance(value, list) else [value]:
            if item not in current:
                current.append(item)
    elif path not in values:
        values[path] = value
    elif values[path] != value:
        facts.problems.append(
            (line, path, f"{value!r} ignored: the page already gives {values[path]!r}")
        )


def gather(converted: Converted, mapping: Mapping, fields: FieldConverter) -> Facts:
    """Facts from the page's mapped templates and its categories."""
    facts = Facts()
    for call in converted.calls:
        if call.rule.collection == "cases":
            facts.wants_case = True
        for parameter, (text, line) in call.params.items():
            target = call.rule.fields.get(parameter)
            if target is None:
                if text.strip():
                    facts.unused.append((line, parameter, text))
                continue
            value, problems = fields.convert(target, text)
            facts.problems.extend((line, target, problem) for problem in problems)
            if value is not None:
                if isinstance(value, str):
                    value = plain_field(value)
                _merge(facts, target, value, fields.is_list(target), line)
    for name, line in converted.categories:
        if name not in facts.categories:
            facts.categories.append(name)
        meaning = mapping.category(name)
        if meaning is None:
            if plain_field(name) not in facts.tags:
                facts.tags.append(plain_field(name))
            continue
        for target, value in meaning.items():
            _merge(facts, target, value, fields.is_list(target), line)
    return facts


# Fields the importer writes itself, whatever the wiki says.
OWN_FIELDS = ("title", "summary", "sources", "related")


def neutral_fields(facts: Facts, fields: FieldConverter) -> tuple[dict, list[tuple[int, str, str]]]:
    """Case fields from the facts that the English source holds, nested as the schema wants."""
    values = facts.values
    meta: dict[str, object] = {}
    problems = []
    for name in fields.fields():
        if name in OWN_FIELDS:
            continue
        parts, required = fields.parts(name)
        if parts:
            given = {part: values[f"{name}.{part}"] for part in parts if f"{name}.{part}" in values}
            missing = [part for part in required if part not in given]
            if given and not missing:
                meta[name] = given
            elif given:
                problems.append(
                    (0, name, f"{', '.join(given)} ignored: the page gives no {missing[0]}")
                )
        elif name == "tags":
            tags = list(values.get("tags") or [])
            tags += [t for t in facts.tags if t not in tags]
            if tags:
                meta[name] = tags
        elif values.get(name):
            meta[name] = values[name]
    return meta, problems


def case_meta(
    title: str, summary: str, facts: Facts, sources: list[str], fields: FieldConverter
) -> tuple[dict, list]:
    """(case front-matter in the schema's order, names of required fields the wiki lacks)."""
    neutral, _ = neutral_fields(facts, fields)
    meta = {"title": plain_field(facts.values.get("title") or title), "summary": summary}
    meta.update(neutral)
    meta["sources"] = sources
    ordered = {key: meta[key] for key in fields.fields() if meta.get(key)}
    missing = [key for key in fields.required() if key not in OWN_FIELDS and not ordered.get(key)]
    if not summary:
        missing.insert(0, "summary")
    return ordered, missing


def page_summary(facts: Facts, converted: Converted) -> str:
    """The summary the infobox gives, else the first sentences of the page."""
    given = facts.values.get("summary")
    return plain_field(given) if given else summarize(converted.lead)
