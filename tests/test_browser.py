"""What a reader sees, in headless Chromium: right-to-left layout and language switching."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from conftest import search_results


def test_arabic_home_lays_out_right_to_left(page, served):
    """The Arabic home page computes rtl and puts the navigation on the right."""
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{served}/ar/")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    nav = page.locator(".md-sidebar--primary").bounding_box()
    content = page.locator(".md-content").bounding_box()
    assert nav["x"] > content["x"], (nav, content)
    assert page.outside_requests == []


def test_english_fallback_text_is_left_to_right_inside_arabic(page, served):
    """An untranslated case keeps ltr for its English text inside the Arabic layout."""
    page.goto(f"{served}/ar/cases/english-only/")
    direction = page.evaluate(
        "getComputedStyle(document.querySelector('.commons-text p')).direction"
    )
    assert direction == "ltr"
    assert page.locator(".commons-notice--fallback").is_visible()


def test_switching_from_french_case_to_arabic_lands_on_same_case(page, served):
    """The language menu on a French case leads to the Arabic version of that case."""
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{served}/fr/cases/la-borda/")
    page.locator(".md-header .md-select").hover()
    page.locator('a.md-select__link[hreflang="ar"]').click()
    page.wait_for_url("**/ar/cases/la-borda/")
    assert page.locator("h1").inner_text() == "تعاونية السكن لا بوردا"
    assert page.evaluate("document.documentElement.lang") == "ar"
    assert page.outside_requests == []


def search(page, url: str, query: str) -> list[str]:
    """Type `query` into Material's search on `url`; return the result links' paths."""
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(url)
    return [urlparse(href).path for href in search_results(page, query)]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_search_index_waits_for_a_reader_who_searches(page, served, lang):
    """A page loads none of its search index; a search fetches its manifest, titles and shards.

    What Material asks for first (`search_index.json`) is answered from the page itself.
    """
    root = "" if lang == "en" else f"{lang}/"
    index = f"{served}/{root}search/"
    fetched = []
    page.on("request", lambda r: r.url.startswith(index) and fetched.append(r.url))
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{served}/{root}cases/la-borda/", wait_until="networkidle")
    assert fetched == []
    page.keyboard.press("/")  # Material's shortcut opens search
    page.locator("input.md-search__input").press_sequentially("borda")
    page.locator("input.md-search__input").press("End")
    page.wait_for_selector(".md-search-result__item")
    assert f"{index}search_index.json" not in fetched
    assert fetched.count(f"{index}manifest.js") == 1
    assert fetched.count(f"{index}titles.js") == 1
    shards = [url for url in fetched if "/keys/" in url]
    assert shards and len(shards) == len(set(shards))  # each shard fetched once
    # A few files, not the whole index: every shard of the language would be far more.
    assert len(fetched) < 30, fetched


def test_french_search_finds_french_pages_and_fallbacks_only(page, served):
    """A French query finds French pages and English pages with no French version, nothing else."""
    indexes = []
    page.on("request", lambda r: "manifest.js" in r.url and indexes.append(r.url))
    hrefs = search(page, f"{served}/fr/", "coopérative")
    assert indexes == [f"{served}/fr/search/manifest.js"]
    assert "/fr/cases/la-borda/" in hrefs
    assert all(h.startswith("/fr/") for h in hrefs), hrefs
    fallback = search(page, f"{served}/fr/", "exists")
    assert "/fr/cases/english-only/" in fallback
    assert all(h.startswith("/fr/") for h in fallback), fallback
    assert page.outside_requests == []


def test_french_search_folds_accents_and_stems(page, served):
    """`economie` finds `économie`; `coopératives` finds a page that says `coopérative`."""
    assert "/fr/cases/marica-currency/" in search(page, f"{served}/fr/", "economie")
    assert "/fr/cases/la-borda/" in search(page, f"{served}/fr/", "coopératives")


def test_arabic_search_without_hamza_finds_the_page(page, served):
    """A query typed without hamza or article finds `الإنتاج المشترك` in Arabic pages only."""
    hrefs = search(page, f"{served}/ar/", "انتاج")
    assert "/ar/cases/marica-currency/" in hrefs
    assert all(h.startswith("/ar/") for h in hrefs), hrefs
    assert "/ar/cases/marica-currency/" in search(page, f"{served}/ar/", "ما هو الانتاج المشترك؟")


def test_english_search_stays_in_english_and_folds_accents(page, served):
    """`marica` finds Maricá from an English page, and no French or Arabic page is offered."""
    hrefs = search(page, f"{served}/", "marica")
    assert "/cases/marica-currency/" in hrefs
    assert not any(h.startswith(("/fr/", "/ar/")) for h in hrefs), hrefs


def test_search_shows_the_page_summary(page, served):
    """The result for a page shows its summary."""
    search(page, f"{served}/fr/", "Mumbuca")
    teaser = page.locator(".md-search-result__item").first.inner_text()
    assert "revenu de base" in teaser


def test_glossary_tooltip_shows_on_keyboard_focus(page, served):
    """Tabbing to a term shows its definition, which is also the link's accessible description."""
    page.goto(f"{served}/fr/cases/marica-currency/")
    link = page.locator("a.commons-term", has_text="coproduction")
    tip = page.locator("#commons-tip-co-production")
    assert not tip.is_visible()
    link.focus()
    assert tip.is_visible()
    assert tip.inner_text().startswith("Les pouvoirs publics")
    from playwright.sync_api import expect

    expect(link).to_have_accessible_description(re.compile("^Les pouvoirs publics"))


def test_case_facets_narrow_the_list_and_keep_it_in_the_url(page, served):
    """On the French case index, ticking Brazil leaves Maricá; the URL keeps the filter."""
    page.goto(f"{served}/fr/cases/")
    cards = page.locator(".commons-cards--cases > li:not([hidden]) .commons-card__title")
    assert cards.count() == 3
    page.locator(".commons-facets summary").click()
    page.get_by_role("checkbox", name="Brésil").check()
    assert cards.all_inner_texts() == ["La monnaie sociale Mumbuca à Maricá"]
    assert page.evaluate("location.hash") == "#country=BR"
    page.reload()
    page.locator(".commons-facets summary").click()
    assert page.get_by_role("checkbox", name="Brésil").is_checked()
    assert cards.all_inner_texts() == ["La monnaie sociale Mumbuca à Maricá"]
    page.get_by_role("checkbox", name="Logement").check()
    assert cards.count() == 0
    assert page.outside_requests == []


def test_case_facets_are_labelled_in_arabic(page, served):
    """The Arabic case index labels facet values in Arabic and filters by policy area."""
    page.goto(f"{served}/ar/cases/")
    page.locator(".commons-facets summary").click()
    page.get_by_role("checkbox", name="السكن").check()
    titles = page.locator(".commons-cards--cases > li:not([hidden]) .commons-card__title")
    assert titles.all_inner_texts() == ["تعاونية السكن لا بوردا"]


def test_printed_page_is_content_with_visible_link_targets(page, served):
    """Printing shows the text without navigation or search, and each link's address."""
    page.goto(f"{served}/cases/marica-currency/")
    page.emulate_media(media="print")
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert not page.locator(".md-header").is_visible()
    assert page.locator(".md-content h1").is_visible()
    after = page.evaluate(
        "getComputedStyle(document.querySelector('.md-content p a[href*=\"la-borda\"]'),"
        " '::after').content"
    )
    assert "la-borda" in after
