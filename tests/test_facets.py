"""Case-study facets in headless Chromium, on the case index MkDocs builds, opened from file://."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

# The six cases of tests/fixtures/facets-site, in the index's order (by slug).
ALL = [
    "Bologna co-housing",
    "Ex Asilo Filangieri",
    "Barcelona home care",
    "La Borda",
    "Marrakesh waste pickers",
    "Tunis women's cooperatives",
]
COUNTS = """facet => Object.fromEntries(
    [...document.querySelectorAll(`input[name="${facet}"]`)].map(box => {
        const span = box.closest("label").querySelector("[data-count]");
        return [box.value, [span.textContent, span.getAttribute("data-count")]];
    })
)"""
# Whether the focused element shows where the keyboard is.
FOCUS_RING = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return el.matches(":focus-visible") && style.outlineStyle !== "none"
        && parseFloat(style.outlineWidth) >= 2;
}"""


@pytest.fixture
def pages(facets_site) -> Path:
    """The built fixture site (read-only: tests only open its pages)."""
    return facets_site


def index_of(lang: str) -> str:
    """The case index of a language, relative to site/."""
    return "cases/index.html" if lang == "en" else f"{lang}/cases/index.html"


def open_page(page, pages: Path, fragment: str = "", lang: str = "en", panel: bool = True) -> None:
    """Open a case index from file:// (with `fragment`), wait for the script, open the panel."""
    page.goto((pages / index_of(lang)).as_uri() + fragment)
    page.wait_for_selector("form[data-commons-facets]:not([hidden])")
    if panel:
        page.locator(".commons-facets__panel > summary").click()


def shown(page) -> list[str]:
    """Titles of the cards a reader can see, in page order."""
    cards = page.locator(".commons-cards--cases .commons-card").filter(visible=True)
    return cards.locator(".commons-card__title").all_inner_texts()


def counts(page, facet: str) -> dict[str, int]:
    """Each value's count in a facet, checking that the text and data-count attribute agree."""
    result = {}
    for value, (text, attribute) in page.evaluate(COUNTS, facet).items():
        assert text == attribute, (value, text, attribute)
        result[value] = int(text)
    return result


def fragment(page) -> str:
    """The current URL fragment, without its `#`."""
    return page.evaluate("location.hash").removeprefix("#")


def status(page) -> str:
    """The live status above the cards."""
    return page.locator(".commons-facets__status").inner_text()


def chips(page) -> list[str]:
    """The visible text of the active-filter chips, without their remove mark."""
    chip = page.locator(".commons-facets__chip").filter(visible=True)
    return chip.locator("span:not(.commons-facets__chip-remove)").all_inner_texts()


def box(page, facet: str, value: str):
    """The checkbox of one value of a facet."""
    return page.locator(f'input[name="{facet}"][value="{value}"]')


def is_empty(page, facet: str, value: str) -> bool:
    """Whether a value's label is dimmed as matching nothing."""
    label = box(page, facet, value).locator("xpath=..")
    return "commons-facets__value--empty" in (label.get_attribute("class") or "")


def test_without_javascript_everything_shows_and_form_stays_hidden(browser, pages):
    """Without JavaScript all cards are visible and the filter form is not."""
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto((pages / index_of("en")).as_uri() + "#country=ES")
        assert shown(page) == ALL
        assert not page.locator("form[data-commons-facets]").is_visible()
        # The count shows without the script, once.
        assert page.locator(".commons-count").all_inner_texts() == ["6 case studies shown"]
    finally:
        context.close()


def test_form_shows_with_initial_counts_and_status(page, pages):
    """With JavaScript the form appears and each count is the number of cards with that value."""
    open_page(page, pages)
    assert page.locator("form[data-commons-facets]").is_visible()
    assert shown(page) == ALL
    assert counts(page, "country") == {"ES": 2, "IT": 2, "TN": 1, "MA": 1}
    assert counts(page, "policy") == {"housing": 2, "health": 3, "commons": 1, "employment": 2}
    assert counts(page, "tier") == {"compliance": 2, "support": 2, "transformation": 1}
    assert counts(page, "actor") == {"cooperative": 3, "association": 2, "social-enterprise": 1}
    assert counts(page, "project") == {"medtown": 2, "medup": 3}
    assert not page.locator(".commons-facets__value--empty").count()
    assert status(page) == "6 case studies shown"
    assert chips(page) == []
    assert not page.get_by_role("button", name="Clear filters").is_visible()
    assert fragment(page) == ""
    assert "#" not in page.url
    assert page.outside_requests == []


def test_country_narrows_list_updates_other_counts_and_fragment(page, pages):
    """Checking Spain shows only Spanish cases, recounts the other facets and writes the hash."""
    open_page(page, pages)
    box(page, "country", "ES").check()
    assert shown(page) == ["Barcelona home care", "La Borda"]
    assert fragment(page) == "country=ES"
    assert page.url.endswith("index.html#country=ES")
    # A facet's own counts ignore its own choice: they say what checking that value would give.
    assert counts(page, "country") == {"ES": 2, "IT": 2, "TN": 1, "MA": 1}
    assert counts(page, "policy") == {"housing": 1, "health": 2, "commons": 0, "employment": 0}
    assert counts(page, "project") == {"medtown": 2, "medup": 0}
    assert is_empty(page, "policy", "commons")
    assert is_empty(page, "project", "medup")
    assert box(page, "project", "medup").is_enabled()
    assert status(page) == "2 case studies shown"


def test_facets_combine_with_and_values_with_or(page, pages):
    """A second facet narrows (AND); a second value in the same facet widens (OR)."""
    open_page(page, pages)
    box(page, "country", "ES").check()
    box(page, "policy", "housing").check()
    assert shown(page) == ["La Borda"]
    assert status(page) == "1 case study shown"
    box(page, "country", "IT").check()
    assert shown(page) == ["Bologna co-housing", "La Borda"]
    # Values are written in the order the panel lists them (Italy before Spain).
    assert fragment(page) == "country=IT,ES&policy=housing"
    assert counts(page, "country") == {"ES": 1, "IT": 1, "TN": 0, "MA": 0}
    assert counts(page, "policy") == {"housing": 2, "health": 3, "commons": 1, "employment": 0}
    # A checked value stays undimmed even when it would add nothing.
    box(page, "country", "MA").check()
    assert not is_empty(page, "country", "MA")
    assert shown(page) == ["Bologna co-housing", "La Borda"]


def test_year_range_overlaps_and_keeps_ongoing_cases(page, pages):
    """Years keep cases whose span overlaps the range; a case without an end is ongoing."""
    open_page(page, pages)
    page.locator('input[name="from"]').fill("2021")
    assert shown(page) == [
        "Ex Asilo Filangieri",
        "Marrakesh waste pickers",
        "Tunis women's cooperatives",
    ]
    assert fragment(page) == "from=2021"
    page.locator('input[name="from"]').fill("2023")
    assert shown(page) == ["Ex Asilo Filangieri", "Marrakesh waste pickers"]
    assert counts(page, "country") == {"ES": 0, "IT": 1, "TN": 0, "MA": 1}
    page.locator('input[name="from"]').fill("2006")
    page.locator('input[name="to"]').fill("2011")
    assert shown(page) == ["Bologna co-housing"]
    assert fragment(page) == "from=2006&to=2011"
    page.locator('input[name="from"]').fill("")
    page.locator('input[name="to"]').fill("2013")
    assert shown(page) == ["Bologna co-housing", "Ex Asilo Filangieri"]
    assert fragment(page) == "to=2013"
    assert status(page) == "2 case studies shown"


def test_fragment_restores_selection_on_open_reload_and_hashchange(page, pages):
    """A shared fragment checks its boxes and filters; unknown keys and values are dropped."""
    open_page(page, pages, "#country=ES,XX&policy=health&bogus=1&to=2015")
    assert box(page, "country", "ES").is_checked()
    assert box(page, "policy", "health").is_checked()
    assert page.locator('input[name="to"]').input_value() == "2015"
    assert shown(page) == ["La Borda"]
    assert fragment(page) == "country=ES&policy=health&to=2015"
    page.reload()
    page.wait_for_selector("form[data-commons-facets]:not([hidden])")
    assert box(page, "country", "ES").is_checked()
    assert shown(page) == ["La Borda"]
    page.evaluate("location.hash = '#tier=compliance&actor=cooperative%2Cassociation'")
    page.wait_for_function("!document.querySelector('input[name=country][value=ES]').checked")
    assert box(page, "tier", "compliance").is_checked()
    assert page.locator('input[name="to"]').input_value() == ""
    assert shown(page) == ["Barcelona home care", "Marrakesh waste pickers"]
    assert fragment(page) == "tier=compliance&actor=association,cooperative"


def test_heading_anchor_is_left_alone(page, pages):
    """An in-page anchor is not a filter: everything shows and the anchor stays in the URL."""
    open_page(page, pages, "#about-the-cases")
    assert shown(page) == ALL
    assert fragment(page) == "about-the-cases"


def test_reset_clears_boxes_years_and_fragment(page, pages):
    """Clear filters unchecks everything, empties the years and removes the fragment."""
    open_page(page, pages, "#country=IT&from=2000")
    assert shown(page) == ["Bologna co-housing", "Ex Asilo Filangieri"]
    page.get_by_role("button", name="Clear filters").click()
    page.wait_for_function("location.hash === ''")
    assert shown(page) == ALL
    assert not box(page, "country", "IT").is_checked()
    assert page.locator('input[name="from"]').input_value() == ""
    assert "#" not in page.url
    assert status(page) == "6 case studies shown"
    assert counts(page, "country")["ES"] == 2
    assert chips(page) == []


def test_status_follows_count_and_enter_does_not_submit(page, pages):
    """The status uses the one/other templates, and Enter in a year field keeps the page."""
    open_page(page, pages)
    box(page, "country", "MA").check()
    assert status(page) == "1 case study shown"
    page.locator('input[name="from"]').fill("1950")
    page.locator('input[name="to"]').fill("1960")
    assert status(page) == "0 case studies shown"
    page.locator('input[name="to"]').press("Enter")
    assert page.url.endswith("#country=MA&from=1950&to=1960")
    assert status(page) == "0 case studies shown"


def test_arabic_page_is_rtl_and_picks_its_plural_templates(page, pages):
    """The Arabic form is right-to-left; plural categories (two, few, many) use `other`."""
    page.set_viewport_size({"width": 1200, "height": 800})
    open_page(page, pages, lang="ar")
    assert page.evaluate("getComputedStyle(document.forms[0]).direction") == "rtl"
    checkbox = box(page, "country", "MA").bounding_box()
    count = box(page, "country", "MA").locator("xpath=..").locator("[data-count]").bounding_box()
    assert checkbox["x"] > count["x"], (checkbox, count)
    assert status(page) == "عدد دراسات الحالة المعروضة: 6"
    box(page, "country", "ES").check()
    assert status(page) == "عدد دراسات الحالة المعروضة: 2"
    assert fragment(page) == "country=ES"
    assert chips(page) == ["البلد: إسبانيا"]
    box(page, "country", "ES").uncheck()
    box(page, "country", "MA").check()
    assert status(page) == "عدد دراسات الحالة المعروضة: 1"
    page.locator('input[name="to"]').fill("2000")
    assert status(page) == "عدد دراسات الحالة المعروضة: 0"
    assert chips(page) == ["البلد: المغرب", "السنوات: حتى 2000"]


def test_french_zero_is_not_the_literal_one_template(page, pages):
    """French files 0 under "one", whose text is literal: zero cases still read as a number."""
    open_page(page, pages, lang="fr")
    box(page, "country", "MA").check()
    assert status(page) == "1 étude de cas affichée"
    page.locator('input[name="to"]').fill("1960")
    assert status(page) == "0 études de cas affichées"


def test_hash_fallback_when_replace_state_is_refused(page, pages):
    """Where replaceState throws (some file:// pages), the fragment is still written and cleared."""
    page.add_init_script(
        "history.replaceState = () => { throw new DOMException('no', 'SecurityError'); }"
    )
    open_page(page, pages)
    box(page, "country", "TN").check()
    page.wait_for_function("location.hash === '#country=TN'")
    assert shown(page) == ["Tunis women's cooperatives"]
    page.get_by_role("button", name="Clear filters").click()
    page.wait_for_function("location.hash === ''")
    assert shown(page) == ALL
    assert status(page) == "6 case studies shown"


@pytest.mark.parametrize("width", [390, 1366])
def test_a_shared_filtered_link_shows_its_filters_as_chips(browser, pages, width):
    """A shared link's filters show as removable chips by the folded panel; the count, once."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        open_page(page, pages, "#country=IT&tier=support&from=2000", panel=False)
        assert not page.locator(".commons-facets__panel").evaluate("d => d.open")
        assert shown(page) == ["Bologna co-housing"]
        assert chips(page) == ["Country: Italy", "Co-production tier: Support", "Years: from 2000"]
        remove = page.get_by_role("button", name="Remove the filter Co-production tier: Support")
        assert remove.is_visible()
        assert page.locator(".commons-count").all_inner_texts() == ["1 case study shown"]
        body = page.locator("article").inner_text()
        assert len(re.findall(r"\b\d+ (?:entries|case stud(?:y|ies))\b", body)) == 1, body
        remove.click()
        assert fragment(page) == "country=IT&from=2000"
        assert shown(page) == ["Bologna co-housing", "Ex Asilo Filangieri"]
        assert chips(page) == ["Country: Italy", "Years: from 2000"]
        # Focus moves to the chip that took the removed one's place.
        assert page.evaluate("document.activeElement.textContent").startswith("Years: from 2000")
    finally:
        context.close()


def test_the_panel_has_its_own_filter_icon(page, pages):
    """The panel's summary shows a filter icon, not the pencil Material gives a details block."""
    open_page(page, pages, panel=False)
    icon = page.evaluate(
        "getComputedStyle(document.querySelector('.commons-facets__panel > summary'),"
        " '::before').maskImage"
    )
    assert "M6 13h12v-2H6M3 6v2h18V6M10 18h4v-2h-4z" in icon
    pencil = page.evaluate(
        "getComputedStyle(document.documentElement).getPropertyValue('--md-admonition-icon--note')"
    )
    assert pencil and icon != pencil


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching `selector` has focus (a reader's keyboard path)."""
    for _ in range(limit):
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.parametrize(
    ("lang", "chip"),
    [("en", "Country: Italy"), ("fr", "Pays\u00a0: Italie"), ("ar", "البلد: إيطاليا")],
)
def test_keyboard_alone_opens_the_panel_ticks_and_removes_a_filter(page, pages, lang, chip):
    """By keyboard alone: open the panel, tick a value, remove its chip; focus always shows."""
    open_page(page, pages, lang=lang, panel=False)
    tab_to(page, ".commons-facets__panel > summary")
    assert page.evaluate(FOCUS_RING)
    page.keyboard.press("Enter")
    assert page.locator(".commons-facets__panel").evaluate("d => d.open")
    tab_to(page, 'input[name="country"][value="IT"]')
    assert page.evaluate(FOCUS_RING)
    page.keyboard.press("Space")
    assert box(page, "country", "IT").is_checked()
    assert fragment(page) == "country=IT"
    assert chips(page) == [chip]
    tab_to(page, ".commons-facets__chip")
    assert page.evaluate(FOCUS_RING)
    page.keyboard.press("Enter")
    assert fragment(page) == ""
    assert len(shown(page)) == len(ALL)
    assert chips(page) == []
    # With no chip left, focus returns to the panel rather than to the top of the page.
    assert page.evaluate("document.activeElement.matches('.commons-facets__panel > summary')")
