"""Data a page template shows besides the Markdown body: infobox, notices, roadmap phases."""

from __future__ import annotations

from commons import direction
from commons.categories import folder_url, kind_named
from commons.collation import sort_entries
from commons.corpus import (
    BY_NAME,
    CASES,
    GLOSSARY,
    ROADMAPS,
    TOOLKIT,
    Corpus,
    Entry,
    source_version,
)
from commons.schemas import Schemas, country_name
from commons.strings import t


def years_text(years, lang: str) -> str | None:
    """`2015–2018`, or `since 2012` when the end is open."""
    if not isinstance(years, dict) or "start" not in years:
        return None
    if years.get("end") and years["end"] != years["start"]:
        return f"{years['start']}–{years['end']}"
    if years.get("end"):
        return str(years["start"])
    return t("since", lang, start=years["start"])


def source_text(source, bibliography: dict | None = None) -> str:
    """One reference as a line of text; `{ref: key}` is completed from the bibliography."""
    if isinstance(source, str):
        return source
    if source.get("ref") and bibliography and source["ref"] in bibliography:
        source = {**bibliography[source["ref"]], **{k: v for k, v in source.items() if k != "ref"}}
    parts = [source.get("author"), f"({source['year']})" if source.get("year") else None]
    parts += [source.get("title") or source.get("ref"), source.get("publisher"), source.get("note")]
    return ". ".join(str(p) for p in parts if p)


def infobox(
    source: Entry, schemas: Schemas, lang: str, href=None, entry: Entry | None = None
) -> list[dict]:
    """Rows of a case infobox in `lang`: a label and values, each linked to its category.

    `href(url)` turns a URL relative to the language root into one relative to the page;
    `entry`, the translation shown, gives the fields it translates (the place's name).
    """
    meta = source.meta
    vocab = schemas.vocabularies
    rows = []

    def row(key, values, kind=None, note=None):
        shown = []
        for value, text in values:
            if not text:
                continue
            link = href(folder_url(kind_named(kind), value)) if kind and href else None
            shown.append({"text": text, "href": link})
        if shown:
            rows.append({"key": key, "label": t(key, lang), "values": shown, "note": note})

    if meta.get("country"):
        row("country", [(meta["country"], country_name(meta["country"], lang))], "country")
    row("place", [(None, translated(entry, source, "place"))])
    row("years", [(None, years_text(meta.get("years"), lang))])
    areas = meta.get("policy_areas") or []
    row("policy_areas", [(v, vocab["policy-areas"].label(v, lang)) for v in areas], "policy-area")
    if meta.get("coproduction_tier"):
        tier = meta["coproduction_tier"]
        # The guidebook gives no tier: a reader must know whose reading this is.
        row(
            "coproduction_tier",
            [(tier, vocab["tiers"].label(tier, lang))],
            "tier",
            note=t("tier_note", lang),
        )
    actors = meta.get("sse_actors") or []
    row("sse_actors", [(None, vocab["sse-actors"].label(v, lang)) for v in actors])
    if meta.get("project"):
        row(
            "project",
            [(meta["project"], vocab["projects"].label(meta["project"], lang))],
            "project",
        )
    return rows


def translated(entry: Entry | None, source: Entry, field: str):
    """A field as the translation gives it, else as the English source does."""
    return (entry.meta.get(field) if entry is not None else None) or source.meta.get(field)


def comparison(corpus: Corpus, collection_name: str, schemas: Schemas, lang: str, href=None):
    """A table of every case in `lang`: one row per case, cells as the infobox gives them.

    `href(url)` turns a URL relative to the language root into one relative to the page.
    """
    collection = BY_NAME[collection_name]
    columns = ("country", "years", "policy_areas", "coproduction_tier", "sse_actors")
    entries = sort_entries(
        corpus.in_language(collection, lang), lambda e: str(e.meta.get("title", e.slug)), lang
    )
    rows = []
    for entry in entries:
        source = corpus.source_of(entry) or entry
        cells = {row["key"]: row for row in infobox(source, schemas, lang, href, entry)}
        url = collection.url(entry.slug)
        rows.append(
            {
                "title": str(entry.meta.get("title", entry.slug)),
                "href": href(url) if href else url,
                "lang": entry.lang,
                "dir": direction(entry.lang),
                "cells": [cells[key]["values"] if key in cells else [] for key in columns],
            }
        )
    return {
        "title": t("comparison_title", lang),
        "head": [t("comparison_case", lang)] + [t(key, lang) for key in columns],
        "rows": rows,
        "note": t("tier_note", lang),
        "dir": direction(lang),
    }


def page_data(
    entry: Entry | None,
    source: Entry | None,
    schemas: Schemas,
    page_lang: str,
    bibliography: dict | None = None,
    href=None,
    corpus: Corpus | None = None,
) -> dict:
    """Everything the templates add to a page, in the page's language."""
    file_lang = entry.lang if entry else page_lang
    data = {
        "lang": page_lang,
        "file_lang": file_lang,
        "fallback": file_lang != page_lang,
        "fallback_dir": direction(file_lang),
        "dir": direction(page_lang),
        "notices": [],
        "infobox": None,
        "sources": [],
        "phases": None,
        "term": None,
        "chapter": None,
        "comparison": None,
    }
    if data["fallback"]:
        data["notices"].append({"kind": "fallback", "text": t("fallback_notice", page_lang)})
    if entry is None or source is None:
        return data
    if not entry.is_source:
        if entry.meta.get("reviewed") is not True:
            data["notices"].append(
                {"kind": "unreviewed", "text": t("unreviewed_notice", page_lang)}
            )
        current = source_version(source, schemas.translatable(entry.collection.schema))
        if entry.meta.get("source_version") != current:
            data["notices"].append({"kind": "outdated", "text": t("outdated_notice", page_lang)})
    collection = entry.collection
    data["sources"] = [source_text(s, bibliography) for s in source.meta.get("sources") or []]
    if collection is CASES:
        data["infobox"] = infobox(source, schemas, page_lang, href, entry)
    elif collection is ROADMAPS:
        data["phases"] = entry.meta.get("phases") or source.meta.get("phases") or []
    elif collection is GLOSSARY:
        data["term"] = {
            "definition": entry.meta.get("definition"),
            "synonyms": entry.meta.get("synonyms") or [],
        }
    elif source.meta.get("comparison") and corpus is not None:
        data["comparison"] = comparison(corpus, source.meta["comparison"], schemas, page_lang, href)
    elif collection is TOOLKIT:
        data["chapter"] = {
            "step": source.meta.get("step"),
            "question": entry.meta.get("question"),
            "framing": entry.meta.get("framing"),
            "learning_goals": entry.meta.get("learning_goals") or [],
        }
    return data
