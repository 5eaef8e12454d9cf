"""Index pages of the collections, one per language, generated as Markdown with escaped HTML."""

from __future__ import annotations

import json
from html import escape

from commons.corpus import CASES, GLOSSARY, ROADMAPS, Collection, Corpus
from commons.pagedata import years_text
from commons.schemas import Schemas, country_name
from commons.strings import t

INDEXED = (CASES, ROADMAPS, GLOSSARY)


def _card(href: str, title: str, summary: str, facts: list[str], lang: str, file_lang: str) -> str:
    """One entry of an index as an escaped HTML card."""
    attrs = f' lang="{file_lang}" dir="ltr"' if file_lang != lang and file_lang != "ar" else ""
    facts_html = "".join(f"<li>{escape(f)}</li>" for f in facts if f)
    return (
        f'<li class="commons-card"{attrs}>'
        f'<a class="commons-card__title" href="{escape(href)}">{escape(title)}</a>'
        f'<p class="commons-card__summary">{escape(summary)}</p>'
        + (f'<ul class="commons-card__facts">{facts_html}</ul>' if facts_html else "")
        + "</li>"
    )


def index_markdown(collection: Collection, corpus: Corpus, schemas: Schemas, lang: str) -> str:
    """The Markdown source of a collection's index page in `lang`."""
    title = t(f"{collection.name}_title", lang)
    cards = []
    entries = corpus.in_language(collection, lang)
    if collection is GLOSSARY:
        entries.sort(key=lambda e: str(e.meta.get("title", e.slug)).casefold())
    for entry in entries:
        source = corpus.source_of(entry) or entry
        meta, neutral = entry.meta, source.meta
        facts: list[str] = []
        if collection is CASES:
            facts = [
                country_name(neutral["country"], lang) if neutral.get("country") else "",
                neutral.get("place", ""),
                years_text(neutral.get("years"), lang) or "",
            ] + [
                schemas.vocabularies["policy-areas"].label(v, lang)
                for v in neutral.get("policy_areas") or []
            ]
            summary = meta.get("summary", "")
        elif collection is ROADMAPS:
            facts = [t("phase_count", lang, count=len(meta.get("phases") or []))]
            summary = meta.get("summary", "")
        else:
            summary = meta.get("definition", "")
        cards.append(
            _card(
                f"{entry.slug}/",
                str(meta.get("title", entry.slug)),
                str(summary),
                facts,
                lang,
                entry.lang,
            )
        )
    front = f"---\ntitle: {title!r}\n---\n" if "'" not in title else f'---\ntitle: "{title}"\n---\n'
    intro = escape(t(f"{collection.name}_intro", lang))
    count = escape(t("entries", lang, count=len(cards)))
    return (
        f'{front}\n# {escape(title)}\n\n<p class="commons-intro">{intro}</p>\n\n'
        f'<p class="commons-count">{count}</p>\n\n'
        f'<ul class="commons-cards commons-cards--{collection.name}">\n'
        + "\n".join(cards)
        + "\n</ul>\n"
    )


def _front(title: str) -> str:
    """Front-matter with a safely quoted title."""
    return "---\ntitle: " + json.dumps(title, ensure_ascii=False) + "\n---\n"


def readings_markdown(readings: list | None, lang: str) -> str:
    """The readings and videos page in `lang`: titles, kind, duration; links only if printed."""
    title = t("readings_title", lang)
    items = []
    for item in readings or []:
        name = escape(item["title"])
        if item.get("url"):
            name = f'<a href="{escape(item["url"])}">{name}</a>'
        facts = [
            t(f"kind_{item['kind']}", lang),
            item.get("author"),
            item.get("year"),
            item.get("duration"),
            item.get("language"),
            item.get("topic"),
        ]
        facts_html = "".join(f"<li>{escape(str(f))}</li>" for f in facts if f)
        items.append(
            f'<li class="commons-card" lang="en" dir="ltr"><span class="commons-card__title">{name}'
            f'</span><ul class="commons-card__facts">{facts_html}</ul></li>'
        )
    return (
        f"{_front(title)}\n# {escape(title)}\n\n"
        f'<p class="commons-intro">{escape(t("readings_intro", lang))} '
        f'<a href="../bibliography/">{escape(t("see_bibliography", lang))}</a></p>\n\n'
        '<ul class="commons-cards">\n' + "\n".join(items) + "\n</ul>\n"
    )


def bibliography_markdown(bibliography: dict | None, lang: str) -> str:
    """The bibliography page in `lang`, sorted by author, each entry with an anchor."""
    title = t("bibliography_title", lang)
    entries = sorted(
        (bibliography or {}).items(),
        key=lambda kv: (str(kv[1].get("author", kv[1]["title"])).casefold(), kv[0]),
    )
    items = []
    for key, ref in entries:
        parts = [
            ref.get("author"),
            f"({ref['year']})" if ref.get("year") else None,
            f"<em>{escape(ref['title'])}</em>",
            ref.get("publisher"),
            f"DOI {ref['doi']}" if ref.get("doi") else None,
            ref.get("note"),
        ]
        text = ". ".join(p if p and p.startswith("<em>") else escape(str(p)) for p in parts if p)
        if ref.get("url"):
            text += f' <a href="{escape(ref["url"])}">{escape(ref["url"])}</a>'
        items.append(f'<li id="{escape(key)}" lang="en" dir="ltr">{text}</li>')
    return (
        f"{_front(title)}\n# {escape(title)}\n\n"
        f'<p class="commons-intro">{escape(t("bibliography_intro", lang))}</p>\n\n'
        '<ol class="commons-bibliography">\n' + "\n".join(items) + "\n</ol>\n"
    )
