"""The case index: its first cards and filters, its numbered pages, and its cards' data files.

A page holding every card would weigh 110 KB compressed at 2,000 cases, before its stylesheets
and scripts. So the index renders its first `CASES_PER_PAGE` cards, and inlines a compact table
of every case's filter values: the filters count and match all the cases at once, and load the
cards they show beyond the first ones from script files beside the page, `CASES_PER_PAGE` cards
each, named by their content (a `<script>` element, since fetch() cannot read file:// in the
offline kit). The cards' text is data there, set as text by the script, never as HTML.

Without JavaScript, numbered pages (`cases/page/2/`...) list the same cards in the same order,
and the category pages list them by country, policy area, project and tier.
"""

from __future__ import annotations

import hashlib
import json
from html import escape, unescape

from commons import direction
from commons.collation import sort_key
from commons.corpus import CASES, Corpus, Entry
from commons.fields import Field, facets
from commons.indexes import (
    Card,
    Generated,
    card_of,
    entry_card,
    field_note,
    listed_pages,
    relative,
)
from commons.registry import CASE_PAGES, CASES_PER_PAGE, case_page_count
from commons.schemas import Schemas
from commons.strings import t
from commons.typography import apply

# The script the card files call, queued until the filters' script takes the queue over.
CARDS_QUEUE = "commonsCards"


def case_index_page(corpus: Corpus, schemas: Schemas, lang: str) -> Generated:
    """The case index in `lang`: filters over every case, the first cards, the other pages."""
    here = CASES.url("index")
    entries = corpus.in_language(CASES, lang)
    first = entries[:CASES_PER_PAGE]
    pages = case_page_count(len(entries))
    later = entries[CASES_PER_PAGE:]
    files = card_files(
        [card_of(e, corpus, schemas, lang, relative(here, CASES.url(e.slug))) for e in later], lang
    )
    table = filter_table(entries, corpus, schemas, [name for name, _ in files])
    # The filters' live status is the count, said once, just above the cards it counts.
    # The map script carries the chosen filters over to the map when the link is followed.
    map_link = (
        f'<p class="commons-map-link"><a href="{relative(here, "map/")}" '
        f"data-commons-map-link>{escape(t('map_link', lang))}</a></p>\n"
    )
    more = ""
    if pages > 1:
        # Shown by the script in place of the numbered pages, which lose the filters.
        more = (
            f'<button type="button" class="commons-more" data-commons-more hidden '
            f'data-template="{escape(t("cases_more", lang, left="{left}"))}"></button>\n'
        )
    return Generated(
        t("cases_title", lang),
        f'<p class="commons-intro">{escape(t("cases_intro", lang))}</p>\n'
        + listed_pages(CASES, corpus, schemas, lang, here)
        + map_link
        + facets_form(corpus, schemas, lang, table)
        + cases_status(len(entries), len(first), lang)
        + card_list(first, corpus, schemas, lang, here)
        + more
        + pager(1, pages, lang),
        searchable=False,
        assets=tuple(files),
    )


def page_url(number: int) -> str:
    """Where page `number` of the case index is, `cases/` being the first."""
    return CASES.url("index") if number == 1 else f"{CASE_PAGES}/{number}/"


def case_list_page(corpus: Corpus, schemas: Schemas, lang: str, number: int) -> Generated:
    """Page `number` (2 and on) of the case index, for readers without JavaScript."""
    here = page_url(number)
    entries = corpus.in_language(CASES, lang)
    pages = case_page_count(len(entries))
    start = (number - 1) * CASES_PER_PAGE
    shown = entries[start : start + CASES_PER_PAGE]
    status = t("cases_range", lang, first=start + 1, last=start + len(shown), count=len(entries))
    return Generated(
        t("cases_page_title", lang, page=number, pages=pages),
        f'<p class="commons-count">{escape(status)}</p>\n'
        + card_list(shown, corpus, schemas, lang, here)
        + pager(number, pages, lang),
        searchable=False,
    )


def card_list(entries: list[Entry], corpus: Corpus, schemas: Schemas, lang: str, here: str) -> str:
    """The cards of `entries` as the list the filters fill."""
    cards = "\n".join(entry_card(e, corpus, schemas, lang, here) for e in entries)
    return f'<ul class="commons-cards commons-cards--cases">\n{cards}\n</ul>\n'


def pager(number: int, pages: int, lang: str) -> str:
    """Links to every page of the case index from page `number`, and to the categories.

    Every number is listed: forty links wrap into a few lines on a phone, and any page is one
    tap away. Links are relative to the page, which is `cases/` or `cases/page/<n>/`.
    """
    if pages < 2:
        return ""
    up = "" if number == 1 else "../../"

    def href(target: int) -> str:
        if target == number:
            return "./"
        return up + ("" if target == 1 else f"page/{target}/")

    items = "".join(
        f'<li><a href="{href(n)}" aria-label="{escape(t("page_number", lang, page=n))}"'
        + (' aria-current="page"' if n == number else "")
        + f">{n}</a></li>"
        for n in range(1, pages + 1)
    )
    steps = ""
    if number > 1:
        steps += f'<a rel="prev" href="{href(number - 1)}">{escape(t("page_previous", lang))}</a>'
    if number < pages:
        steps += f'<a rel="next" href="{href(number + 1)}">{escape(t("page_next", lang))}</a>'
    categories = relative(page_url(number), "categories/")
    return (
        f'<nav class="commons-pager" aria-label="{escape(t("cases_pages", lang))}" '
        f'data-commons-pager><ol class="commons-pager__pages">{items}</ol>'
        f'<p class="commons-pager__steps">{steps}</p>'
        f'<p><a href="{categories}">{escape(t("cases_by_category", lang))}</a></p></nav>\n'
    )


def filter_table(entries: list[Entry], corpus: Corpus, schemas: Schemas, files: list) -> dict:
    """Every case's filter values, in the index's order, as the filters' script reads them.

    Of `total` cases, `facets.<name>.of` holds, per case, the index of its value in `values`
    (a list when it has several, `[]` when none); `start` and `end` its years (null when not
    given). `files[k]` holds the cards of cases `k * per` to `(k + 1) * per - 1`, null for
    those in the page.
    """
    table: dict = {
        "total": len(entries),
        "per": CASES_PER_PAGE,
        "files": [None, *files],
        "facets": {},
    }
    sources = [corpus.source_of(entry) or entry for entry in entries]
    for field in facets(schemas, CASES.schema):
        if field.years:
            spans = [s.meta.get(field.name) for s in sources]
            spans = [span if isinstance(span, dict) else {} for span in spans]
            table["start"] = [_year(span.get("start")) for span in spans]
            table["end"] = [_year(span.get("end")) for span in spans]
            continue
        keys = [field.keys(source.meta) for source in sources]
        values = sorted({key for case in keys for key in case})
        position = {value: i for i, value in enumerate(values)}
        table["facets"][field.facet] = {
            "values": values,
            "of": [
                position[case[0]] if len(case) == 1 else [position[k] for k in case]
                for case in keys
            ],
        }
    return table


def _year(value) -> int | None:
    """A year as the filters compare it, or None."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def card_files(cards: list[Card], lang: str) -> list[tuple[str, str]]:
    """(file name, script) of the cards after the first page's, `CASES_PER_PAGE` a file.

    Each file is named by its content, so that a browser's cached copy from an earlier build
    is never read for another. A card is an array: link, title, summary, facts as (label, text)
    pairs, then the language and direction of its text when they are not the page's.
    """
    files = []
    for start in range(0, len(cards), CASES_PER_PAGE):
        records = [_record(card, lang) for card in cards[start : start + CASES_PER_PAGE]]
        script = (
            f"(window.{CARDS_QUEUE} = window.{CARDS_QUEUE} || []).push("
            f"[{CASES_PER_PAGE + start}, {_json(records)}]);\n"
        )
        digest = hashlib.sha256(script.encode("utf-8")).hexdigest()[:12]
        files.append((f"cards-{digest}.js", script))
    return files


def _record(card: Card, lang: str) -> list:
    """One card as data, its text in the typography the page's cards get."""
    # The page's typography reaches the card's text when the card is in the page's language.
    typeset_lang = lang if card.lang == lang else None
    facts = [
        [_typeset(label, typeset_lang), _typeset(text, typeset_lang)] for label, text in card.facts
    ]
    record = [
        card.href,
        _typeset(card.title, typeset_lang),
        _typeset(card.summary, typeset_lang),
        facts,
    ]
    if card.lang != lang:
        record += [card.lang, direction(card.lang)]
    return record


def _typeset(text: str, lang: str | None) -> str:
    """Plain text in the typography of `lang`: Latin runs in Arabic isolated by FSI/PDI marks."""
    if lang is None:
        return text
    return unescape(apply(escape(text, quote=False), lang, printed=True))


def _json(value) -> str:
    """Compact JSON; line and paragraph separators escaped for older script engines."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def facets_form(corpus: Corpus, schemas: Schemas, lang: str, table: dict) -> str:
    """The filter form of the case index: hidden until its script runs, so no JS shows all.

    Under the folded panel, the active filters show as chips that remove them (the script
    writes them from the `data-*` templates here), so a shared filtered link says why it
    shows fewer cases. The form holds the `filter_table` its script reads: inline, so the
    filters need no request of their own, and as JSON, which never runs.
    """
    cases = list(corpus.sources(CASES).values())
    groups, ranges = [], []
    for field in facets(schemas, CASES.schema):
        if field.years:
            ranges.append(_years_group(field, lang))
            continue
        counts: dict[str, int] = {}
        for case in cases:
            for value in field.keys(case.meta):
                counts[value] = counts.get(value, 0) + 1
        if not counts:
            continue
        labels = {value: field.value_label(value, schemas, lang) for value in counts}
        options = "".join(
            f'<label><input type="checkbox" name="{escape(field.facet)}" value="{escape(value)}"> '
            f'<span class="commons-facets__value">{escape(labels[value])}</span> '
            f'<span class="commons-facets__count" data-count>{counts[value]}</span></label>'
            for value in sorted(counts, key=lambda v: sort_key(labels[v], lang))
        )
        groups.append(
            f'<fieldset class="commons-facets__group" data-facet="{escape(field.facet)}">'
            f"<legend>{escape(field.label(lang))}</legend>{field_note(field, lang)}{options}"
            "</fieldset>"
        )
    active = (
        '<div class="commons-facets__active">'
        f'<ul class="commons-facets__chips" aria-label="{escape(t("active_filters", lang))}" '
        f'data-template-chip="{escape(t("filter_chip", lang, facet="{facet}", value="{value}"))}" '
        f'data-template-remove="{escape(t("remove_filter", lang, filter="{filter}"))}" hidden>'
        "</ul>"
        f'<button type="reset" class="commons-facets__clear" hidden>'
        f"{escape(t('clear_filters', lang))}</button></div>"
    )
    # Folded by default: on a phone the values would push every case below the fold.
    return (
        f'<form class="commons-facets" data-commons-facets hidden '
        f'aria-label="{escape(t("filter_cases", lang))}">'
        f'<details class="commons-facets__panel"><summary>{escape(t("filter_cases", lang))}'
        "</summary>"
        + "".join(groups + ranges)
        + "</details>"
        + active
        # `<` escaped, so that no value can close the element.
        + '<script type="application/json" data-commons-cases>'
        + _json(table).replace("<", "\\u003c")
        + "</script></form>\n\n"
    )


def cases_status(count: int, shown: int, lang: str) -> str:
    """How many cases show: all, or the first page's range; the script counts every match."""
    if shown < count:
        text = t("cases_range", lang, first=1, last=shown, count=count)
    else:
        text = t("cases_shown_one" if count == 1 else "cases_shown_other", lang, count=count)
    return (
        '<p class="commons-count commons-facets__status" role="status" aria-live="polite" '
        f'data-template-one="{escape(t("cases_shown_one", lang))}" '
        f'data-template-other="{escape(t("cases_shown_other", lang, count="{count}"))}">'
        f"{escape(text)}</p>\n"
    )


def _years_group(field: Field, lang: str) -> str:
    """A from–to filter on a year range; the script reads the cases' start and end years."""
    return (
        '<fieldset class="commons-facets__group" data-facet-range="years" '
        f'data-template-from="{escape(t("years_from_chip", lang, year="{year}"))}" '
        f'data-template-to="{escape(t("years_to_chip", lang, year="{year}"))}">'
        f"<legend>{escape(field.label(lang))}</legend>"
        f'<label>{escape(t("year_from", lang))} <input type="number" name="from" '
        'inputmode="numeric" min="1900" max="2100"></label> '
        f'<label>{escape(t("year_to", lang))} <input type="number" name="to" '
        'inputmode="numeric" min="1900" max="2100"></label></fieldset>'
    )
