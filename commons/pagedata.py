"""Data a page template shows besides the Markdown body: infobox, notices, roadmap phases."""

from __future__ import annotations

from commons import SOURCE_LANGUAGE, direction
from commons.categories import folder_url
from commons.collation import sort_entries
from commons.corpus import (
    BY_NAME,
    CASES,
    GLOSSARY,
    PAGES,
    ROADMAPS,
    TOOLKIT,
    Corpus,
    Entry,
    source_version,
)
from commons.fields import Field, shown_in
from commons.indexes import CONTRIBUTE_PAGE
from commons.schemas import Schemas
from commons.search import language_root
from commons.strings import t

# The contribute page's section on translating, its heading given this id in every language.
TRANSLATE_SECTION = "#translate-a-page"


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
    return [
        row
        for field in shown_in(schemas, source.collection.schema, "infobox")
        if (row := _row(field, source, schemas, lang, href, entry))
    ]


def _row(field: Field, source: Entry, schemas: Schemas, lang: str, href, entry) -> dict | None:
    """One infobox row, or None when the field has no value."""
    shown = []
    for value, text in field.shown_values(source, schemas, lang, entry):
        if not text:
            continue
        link = href(folder_url(field, value)) if field.category and value and href else None
        shown.append({"text": text, "href": link})
    if not shown:
        return None
    return {
        "key": field.name,
        "label": field.label(lang),
        "values": shown,
        "note": field.note_text(lang),
    }


def comparison(corpus: Corpus, collection_name: str, schemas: Schemas, lang: str, href=None):
    """A table of every case in `lang`: one row per case, cells as the infobox gives them.

    `href(url)` turns a URL relative to the language root into one relative to the page.
    """
    collection = BY_NAME[collection_name]
    columns = shown_in(schemas, collection.schema, "comparison")
    entries = sort_entries(
        corpus.in_language(collection, lang), lambda e: str(e.meta.get("title", e.slug)), lang
    )
    rows = []
    for entry in entries:
        source = corpus.source_of(entry) or entry
        cells = [_row(field, source, schemas, lang, href, entry) for field in columns]
        url = collection.url(entry.slug)
        rows.append(
            {
                "title": str(entry.meta.get("title", entry.slug)),
                "href": href(url) if href else url,
                "lang": entry.lang,
                "dir": direction(entry.lang),
                "cells": [cell["values"] if cell else [] for cell in cells],
            }
        )
    return {
        "title": t("comparison_title", lang),
        "head": [t("comparison_case", lang)] + [field.label(lang) for field in columns],
        "rows": rows,
        "notes": [note for field in columns if (note := field.note_text(lang))],
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
        notice = {"kind": "fallback", "text": t("fallback_notice", page_lang)}
        if href is not None and corpus is not None and CONTRIBUTE_PAGE in corpus.sources(PAGES):
            # The section that says how to translate a page, under one anchor in every language.
            notice["link"] = {
                "href": href(PAGES.url(CONTRIBUTE_PAGE) + TRANSLATE_SECTION),
                "text": t("translate_help", page_lang),
            }
        data["notices"].append(notice)
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


def not_found(lang: str, shown: list[str], base: str) -> dict:
    """The 404 page of `lang`: in each language of `shown`, what happened and the ways back.

    `base` is the site's root path, which a 404 page's links start from: a host serves the page
    at whatever address was asked for.
    """
    blocks = []
    for code in shown:
        home = base + language_root(code, SOURCE_LANGUAGE)
        blocks.append(
            {
                "lang": code,
                "dir": direction(code),
                "title": t("not_found_title", code),
                "text": t("not_found_text", code),
                "home": home,
                "home_text": t("not_found_home", code),
                # Material opens its search on a page whose address asks `?q=`.
                "search": home + "?q=",
                "search_text": t("not_found_search", code),
            }
        )
    return {"title": t("not_found_title", lang), "not_found": blocks}
