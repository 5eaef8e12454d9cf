"""Pages generated from the corpus, one per language: indexes, categories, changes, data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape

from commons import BY_CODE, LANGUAGES, SOURCE_LANGUAGE, direction
from commons.categories import LISTED, category_title, folder_url, kind_named, kinds
from commons.collation import initial, sort_entries, sort_key
from commons.corpus import (
    CASES,
    GLOSSARY,
    PAGES,
    ROADMAPS,
    TOOLKIT,
    Collection,
    Corpus,
    Entry,
    source_version,
)
from commons.fields import Field, facets, shown_in
from commons.history import localized_date
from commons.registry import (
    CASE_PAGES,
    DATA_PAGES,
    INDEXED,
    MAP_PAGE,
    case_page_name,
    generated_names,
)
from commons.schemas import Schemas
from commons.strings import localized, t


@dataclass(frozen=True)
class Generated:
    """A page made from the corpus: its title and its body as escaped HTML.

    The body is added after Markdown has run on a stub holding only the front-matter, since
    parsing thousands of lines of ready-made HTML as Markdown would cost more than building it.
    """

    title: str
    html: str
    searchable: bool = True
    # Material's `hide`: sidebars a page needs the width of (the map).
    hide: tuple[str, ...] = ()
    # Files written beside the page, (name, text): the case index's cards beyond its first.
    assets: tuple[tuple[str, str], ...] = ()

    def stub(self) -> str:
        """The Markdown source MkDocs reads: front-matter only."""
        exclude = "" if self.searchable else "search:\n  exclude: true\n"
        hide = "".join(f"\n  - {part}" for part in self.hide)
        return (
            "---\ntitle: "
            + json.dumps(self.title, ensure_ascii=False)
            + "\n"
            + exclude
            + (f"hide:{hide}\n" if hide else "")
            + "---\n"
        )


@dataclass(frozen=True)
class Card:
    """What an index card shows, for the page's HTML and for the case index's card files.

    `facts` are (label, text) pairs: a description list, so each fact says what it is, to the
    eye and to a screen reader; a fact without a label reads by itself (`3 phases`). `lang` is
    the language the card's file is written in, which may not be the page's.
    """

    href: str
    title: str
    summary: str
    facts: tuple[tuple[str, str], ...]
    lang: str


def _card(card: Card, lang: str) -> str:
    """One entry of an index as an escaped HTML card."""
    labelled = "".join(
        f"<div><dt>{escape(label)}</dt><dd>{escape(text)}</dd></div>"
        for label, text in card.facts
        if label and text
    )
    plain = "".join(
        f'<p class="commons-card__fact">{escape(text)}</p>'
        for label, text in card.facts
        if not label
    )
    return (
        f'<li class="commons-card"{_lang_attrs(card.lang, lang)}>'
        f'<a class="commons-card__title" href="{escape(card.href)}">{escape(card.title)}</a>'
        f'<p class="commons-card__summary">{escape(card.summary)}</p>'
        + (f'<dl class="commons-card__facts">{labelled}</dl>' if labelled else "")
        + plain
        + "</li>"
    )


def relative(from_url: str, to_url: str) -> str:
    """The link from the page at `from_url` to `to_url` (both relative to one root, `/`-ended).

    Written out rather than with `posixpath.relpath`, which costs more than the rest of a
    page's links put together.
    """
    here = from_url.split("/")[:-1]
    there = to_url.split("/")
    shared = 0
    while shared < len(here) and shared < len(there) - 1 and here[shared] == there[shared]:
        shared += 1
    return ("../" * (len(here) - shared) + "/".join(there[shared:])) or "./"


def entry_card(entry: Entry, corpus: Corpus, schemas: Schemas, lang: str, from_url: str) -> str:
    """The card of one entry as HTML, linked from the page at `from_url`.

    A case is listed on its index and on three or more category pages; those pages sit at the
    same depth, so the card is made once per language and link.
    """
    href = relative(from_url, entry.collection.url(entry.slug))
    cards = entry.__dict__.setdefault("_cards", {})
    if (lang, href) not in cards:
        cards[lang, href] = _card(card_of(entry, corpus, schemas, lang, href), lang)
    return cards[lang, href]


def card_of(entry: Entry, corpus: Corpus, schemas: Schemas, lang: str, href: str) -> Card:
    """What the card of one entry shows in `lang`, linking to it with `href`."""
    source = corpus.source_of(entry) or entry
    meta = entry.meta
    facts: list[tuple[str, str]] = []
    summary = meta.get("summary", "")
    if entry.collection is CASES:
        separator = t("list_separator", lang)
        for field in shown_in(schemas, CASES.schema, "card"):
            texts = [text for _, text in field.shown_values(source, schemas, lang, entry)]
            if texts:
                facts.append((field.label(lang), separator.join(texts)))
    elif entry.collection is ROADMAPS:
        facts = [("", t("phase_count", lang, count=len(meta.get("phases") or [])))]
    elif entry.collection is GLOSSARY:
        summary = meta.get("definition", "")
    return Card(href, str(meta.get("title", entry.slug)), str(summary), tuple(facts), entry.lang)


def index_page(collection: Collection, corpus: Corpus, schemas: Schemas, lang: str) -> Generated:
    """A collection's index page in `lang`; listings stay out of search, their entries are in.

    The case index, with its filters and numbered pages, is `commons.caseindex`'s.
    """
    title = t(f"{collection.name}_title", lang)
    here = collection.url("index")
    entries = corpus.in_language(collection, lang)
    if collection is GLOSSARY:
        listing = glossary_listing(entries, corpus, schemas, lang, here)
    else:
        cards = [entry_card(e, corpus, schemas, lang, here) for e in entries]
        listing = (
            f'<ul class="commons-cards commons-cards--{collection.name}">\n'
            + "\n".join(cards)
            + "\n</ul>\n"
        )
    if collection is ROADMAPS:
        listing += project_roadmaps(corpus, schemas, lang, here)
    intro = escape(t(f"{collection.name}_intro", lang))
    count = f'<p class="commons-count">{escape(t("entries", lang, count=len(entries)))}</p>\n'
    return Generated(
        title,
        f'<p class="commons-intro">{intro}</p>\n{count}'
        f"{listed_pages(collection, corpus, schemas, lang, here)}{listing}",
        searchable=False,
    )


def listed_pages(
    collection: Collection, corpus: Corpus, schemas: Schemas, lang: str, here: str
) -> str:
    """Cards of the hand-written pages whose `listed_on` names this collection's index."""
    pages = [
        entry
        for entry in corpus.in_language(PAGES, lang)
        if (corpus.source_of(entry) or entry).meta.get("listed_on") == collection.name
    ]
    if not pages:
        return ""
    cards = "\n".join(entry_card(e, corpus, schemas, lang, here) for e in pages)
    return f'<ul class="commons-cards commons-cards--pages">\n{cards}\n</ul>\n'


# The hand-written page that tells readers how to contribute what is missing.
CONTRIBUTE_PAGE = "contribute"


def project_roadmaps(corpus: Corpus, schemas: Schemas, lang: str, here: str) -> str:
    """Each source project with its roadmaps in the commons, or marked as not contributed yet."""
    projects = schemas.vocabularies["projects"]
    by_project: dict[str, list[Entry]] = {}
    for entry in corpus.in_language(ROADMAPS, lang):
        project = (corpus.source_of(entry) or entry).meta.get("project")
        if project:
            by_project.setdefault(str(project), []).append(entry)
    contribute = (
        relative(here, PAGES.url(CONTRIBUTE_PAGE))
        if CONTRIBUTE_PAGE in corpus.sources(PAGES)
        else None
    )
    items = []
    for project in projects.values:
        # Project names are Latin inside Arabic text: isolated, "MedUP!" keeps its "!" after it.
        name = f"<bdi>{escape(projects.label(project, lang))}</bdi>"
        roadmaps = by_project.get(project)
        if roadmaps:
            links = "".join(
                f'<li{_lang_attrs(e.lang, lang)}><a href="'
                f'{escape(relative(here, ROADMAPS.url(e.slug)))}">'
                f"{escape(str(e.meta.get('title', e.slug)))}</a></li>"
                for e in roadmaps
            )
            body = f'<ul class="commons-project__roadmaps">{links}</ul>'
            state = "contributed"
        else:
            missing = escape(t("roadmap_missing", lang, project="\x00")).replace("\x00", name)
            body = f"<p>{missing}"
            if contribute:
                invite = escape(t("roadmap_contribute", lang))
                body += f' <a href="{escape(contribute)}">{invite}</a>'
            body += "</p>"
            state = "missing"
        items.append(
            f'<li class="commons-card commons-project commons-project--{state}" '
            f'data-project="{escape(project)}"><span class="commons-card__title">{name}</span>'
            f"{body}</li>"
        )
    return (
        f'<h2 id="projects">{escape(t("project_roadmaps_title", lang))}</h2>\n'
        f"<p>{escape(t('project_roadmaps_intro', lang))}</p>\n"
        f'<ul class="commons-cards commons-cards--projects">\n' + "\n".join(items) + "\n</ul>\n"
    )


def _lang_attrs(file_lang: str, lang: str) -> str:
    """`lang` and `dir` for text shown in another language than the page's."""
    if file_lang == lang:
        return ""
    return f' lang="{file_lang}" dir="{direction(file_lang)}"'


def glossary_listing(
    entries: list[Entry], corpus: Corpus, schemas: Schemas, lang: str, here: str
) -> str:
    """Glossary cards under A–Z letters, in the collation of `lang`."""

    def title_of(entry: Entry) -> str:
        return str(entry.meta.get("title", entry.slug))

    groups: dict[str, list[Entry]] = {}
    for entry in sort_entries(entries, title_of, lang):
        groups.setdefault(initial(title_of(entry), lang), []).append(entry)
    nav = "".join(
        f'<li><a href="#letter-{ord(letter[0]):04x}">{escape(letter)}</a></li>' for letter in groups
    )
    sections = []
    for letter, members in groups.items():
        cards = "\n".join(entry_card(e, corpus, schemas, lang, here) for e in members)
        sections.append(
            f'<h2 id="letter-{ord(letter[0]):04x}" class="commons-letter">{escape(letter)}</h2>\n'
            f'<ul class="commons-cards commons-cards--glossary">\n{cards}\n</ul>\n'
        )
    label = escape(t("alphabet_nav", lang))
    return f'<nav class="commons-az" aria-label="{label}"><ul>{nav}</ul></nav>\n\n' + "\n".join(
        sections
    )


def facet_data(meta: dict, schemas: Schemas) -> dict[str, str]:
    """The `data-*` values a case card carries for the filters: keys, or a year range."""
    data = {}
    for field in facets(schemas, CASES.schema):
        if field.years:
            years = meta.get(field.name) if isinstance(meta.get(field.name), dict) else {}
            data["start"] = str(years.get("start", ""))
            data["end"] = str(years.get("end", ""))
        else:
            data[field.facet] = " ".join(field.keys(meta))
    return data


def field_note(field: Field, lang: str) -> str:
    """A field's note as a paragraph: whoever filters by a tier learns whose reading it is."""
    text = field.note_text(lang)
    return f'<p class="commons-facets__note">{escape(text)}</p>' if text else ""


def category_page(
    kind: Field,
    value: str,
    listed: dict[str, list[str]],
    corpus: Corpus,
    schemas: Schemas,
    lang: str,
) -> Generated:
    """The page of one category in `lang`: its cases, roadmaps and chapters."""
    title = category_title(kind, value, schemas, lang)
    here = folder_url(kind, value)
    sections = []
    for collection in LISTED:
        slugs = listed.get(collection.name) or []
        if not slugs:
            continue
        entries = [
            corpus.get(collection, slug, lang) or corpus.sources(collection)[slug] for slug in slugs
        ]
        cards = "\n".join(entry_card(e, corpus, schemas, lang, here) for e in entries)
        heading = escape(t(f"{collection.name}_title", lang))
        sections.append(
            f"<h2>{heading} ({len(entries)})</h2>\n"
            f'<ul class="commons-cards commons-cards--{collection.name}">\n{cards}\n</ul>\n'
        )
    note = field_note(kind, lang) + "\n" if kind.note else ""
    return Generated(
        title,
        f'<p class="commons-intro">{escape(t("category_intro", lang))} '
        f'<a href="{relative(here, "categories/")}">{escape(t("categories_title", lang))}</a></p>'
        "\n" + note + "\n".join(sections),
        searchable=False,
    )


def categories_page(categories: dict, schemas: Schemas, lang: str) -> Generated:
    """The index of all categories in `lang`, grouped by kind, with their sizes."""
    title = t("categories_title", lang)
    parts = []
    for kind in kinds(schemas):
        values = [value for (name, value) in categories if name == kind.category]
        if not values:
            continue
        items = []
        labels = {value: kind.value_label(value, schemas, lang) for value in values}
        for value in sorted(values, key=lambda v: sort_key(labels[v], lang)):
            size = sum(len(v) for v in categories[(kind.category, value)].values())
            href = relative("categories/", folder_url(kind, value))
            items.append(
                f'<li><a href="{escape(href)}">{escape(labels[value])}</a> '
                f'<span class="commons-count">({size})</span></li>'
            )
        parts.append(
            f"<h2>{escape(kind.kind_label(lang))}</h2>\n"
            f'<ul class="commons-categories">{"".join(items)}</ul>\n'
        )
    return Generated(
        title,
        f'<p class="commons-intro">{escape(t("categories_intro", lang))}</p>\n' + "\n".join(parts),
    )


def changes_page(
    corpus: Corpus, history: dict, schemas: Schemas, lang: str, limit: int = 50
) -> Generated:
    """The recent changes page in `lang`: pages by the date their shown file last changed."""
    title = t("changes_title", lang)
    rows = recent_changes(corpus, history, lang, limit)
    items = []
    for entry, changed in rows:
        href = relative("changes/", entry.collection.url(entry.slug))
        authors = ", ".join(changed.authors)
        items.append(
            f'<li><time datetime="{changed.updated.date().isoformat()}">'
            f"{escape(localized_date(changed.updated, lang))}</time> "
            f'<a href="{escape(href)}">{escape(str(entry.meta.get("title", entry.slug)))}</a>'
            + (f' <span class="commons-authors">({escape(authors)})</span>' if authors else "")
            + "</li>"
        )
    listing = (
        '<ol class="commons-changes">' + "".join(items) + "</ol>"
        if items
        else f"<p>{escape(t('changes_none', lang))}</p>"
    )
    return Generated(
        title,
        f'<p class="commons-intro">{escape(t("changes_intro", lang))} '
        f'<a href="{relative("changes/", "")}feed.xml" type="application/atom+xml">'
        f"{escape(t('feed_link', lang))}</a></p>\n{listing}\n",
        searchable=False,
    )


def recent_changes(corpus: Corpus, history: dict, lang: str, limit: int) -> list:
    """(entry, history) of the pages shown in `lang`, most recently changed first."""
    rows = []
    for collection in {e.collection for e in corpus.entries}:
        for entry in corpus.in_language(collection, lang):
            changed = history.get(entry.rel)
            if changed is not None:
                rows.append((entry, changed))
    rows.sort(key=lambda row: (row[1].updated, row[0].rel), reverse=True)
    return rows[:limit]


def readings_page(readings: list | None, lang: str) -> Generated:
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
        ]
        facts_html = "".join(f"<li>{escape(str(f))}</li>" for f in facts if f)
        topic = item.get("topic")
        if topic:
            # A topic not yet given in the reader's language is shown, and marked, in English.
            shown = localized(topic, lang)
            same = isinstance(topic, dict) and lang in topic or lang == SOURCE_LANGUAGE
            facts_html += f"<li{'' if same else _lang_attrs(SOURCE_LANGUAGE, lang)}>"
            facts_html += f"{escape(str(shown))}</li>"
        # The title of a work is written in the work's own language.
        title_lang = _lang_attrs(str(item.get("language") or SOURCE_LANGUAGE), lang)
        items.append(
            f'<li class="commons-card"><span class="commons-card__title"{title_lang}>{name}'
            f'</span><ul class="commons-card__facts">{facts_html}</ul></li>'
        )
    return Generated(
        title,
        f'<p class="commons-intro">{escape(t("readings_intro", lang))} '
        f'<a href="../bibliography/">{escape(t("see_bibliography", lang))}</a></p>\n'
        '<ul class="commons-cards">\n' + "\n".join(items) + "\n</ul>\n",
    )


def bibliography_page(bibliography: dict | None, lang: str) -> Generated:
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
    return Generated(
        title,
        f'<p class="commons-intro">{escape(t("bibliography_intro", lang))}</p>\n'
        '<ol class="commons-bibliography">\n' + "\n".join(items) + "\n</ol>\n",
    )


def translation_state(corpus: Corpus, schemas: Schemas, source: Entry, lang: str) -> str:
    """`translated`, `outdated` or `missing`: where the `lang` version of `source` stands."""
    entry = corpus.get(source.collection, source.slug, lang)
    if entry is None or entry.doc is None:
        return "missing"
    current = source_version(source, schemas.translatable(source.collection.schema))
    return "translated" if entry.meta.get("source_version") == current else "outdated"


def status_page(corpus: Corpus, schemas: Schemas, lang: str) -> Generated:
    """Translation status in `lang`: every page and its state in each translation language."""
    title = t("status_title", lang)
    targets = [code for code in LANGUAGES if code != SOURCE_LANGUAGE]
    sections = []
    for collection in (CASES, ROADMAPS, GLOSSARY, TOOLKIT, PAGES):
        sources = sorted(corpus.sources(collection).values(), key=lambda e: e.slug)
        if not sources:
            continue
        states = {
            e.slug: {code: translation_state(corpus, schemas, e, code) for code in targets}
            for e in sources
        }
        shares = []
        for code in targets:
            done = sum(1 for s in states.values() if s[code] == "translated")
            outdated = sum(1 for s in states.values() if s[code] == "outdated")
            percent = round(100 * done / len(sources))
            share = t(
                "status_share",
                lang,
                language="\x00",
                percent=percent,
                done=done,
                total=len(sources),
                outdated=outdated,
            )
            # An Arabic name inside a French sentence would pull the numbers around it.
            name = f'<bdi lang="{code}">{escape(BY_CODE[code].name)}</bdi>'
            shares.append(escape(share).replace("\x00", name))
        rows = []
        for entry in sources:
            cells = []
            for code in targets:
                state = states[entry.slug][code]
                label = t(f"status_{state}", lang)
                version = corpus.get(collection, entry.slug, code)
                if state != "missing" and version.meta.get("reviewed") is not True:
                    label += f" · {t('status_unreviewed', lang)}"
                cells.append(f'<td class="commons-status--{state}">{escape(label)}</td>')
            href = relative("status/", collection.url(entry.slug))
            rows.append(
                f'<tr><td lang="en" dir="ltr"><a href="{escape(href)}">'
                f"{escape(str(entry.meta.get('title', entry.slug)))}</a></td>{''.join(cells)}</tr>"
            )
        head = f"<th>{escape(t('status_page_column', lang))}</th>" + "".join(
            f"<th>{escape(BY_CODE[code].name)}</th>" for code in targets
        )
        sections.append(
            f"<h2>{escape(t(f'{collection.name}_title', lang))}</h2>\n"
            + "".join(f'<p class="commons-status-share">{x}</p>' for x in shares)
            + f'<table class="commons-status"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>\n"
        )
    return Generated(
        title,
        f'<p class="commons-intro">{escape(t("status_intro", lang))}</p>\n' + "\n".join(sections),
        searchable=False,
    )


# How each page of the registry's DATA_PAGES is drawn from its data file.
DATA_RENDERERS = {"readings": readings_page, "bibliography": bibliography_page}


def generate_all(site, languages: list[str]) -> dict[tuple[str, str], Generated]:
    """Every generated page in each of `languages`, by (source name, language)."""
    names = generated_names(site.categories, len(site.corpus.sources(CASES)))
    return {(name, lang): generate(site, name, lang) for lang in languages for name in names}


def generate(site, stem: str, lang: str) -> Generated | None:
    """The generated page `stem` in `lang`, or None for a real file."""
    if stem in DATA_PAGES:
        return DATA_RENDERERS[stem](site.data.get(DATA_PAGES[stem]), lang)
    if stem == "changes":
        return changes_page(site.corpus, site.history, site.schemas, lang)
    if stem == "status":
        return status_page(site.corpus, site.schemas, lang)
    if stem == "categories/index":
        return categories_page(site.categories, site.schemas, lang)
    if stem == MAP_PAGE:
        # Imported here: the map page is made of this module's cards' data and links.
        from commons.mappage import map_page

        return map_page(site, lang)
    if stem.startswith("categories/"):
        _, kind_name, value = stem.split("/")
        key = next(k for k in site.categories if k[0] == kind_name and k[1].lower() == value)
        return category_page(
            kind_named(site.schemas, kind_name),
            key[1],
            site.categories[key],
            site.corpus,
            site.schemas,
            lang,
        )
    if stem == case_page_name(1) or stem.startswith(f"{CASE_PAGES}/"):
        # Imported here: the case index is made of this module's cards.
        from commons.caseindex import case_index_page, case_list_page

        if stem == case_page_name(1):
            return case_index_page(site.corpus, site.schemas, lang)
        return case_list_page(site.corpus, site.schemas, lang, int(stem.split("/")[-2]))
    for collection in INDEXED:
        if stem == f"{collection.folder}/index":
            return index_page(collection, site.corpus, site.schemas, lang)
    return None
