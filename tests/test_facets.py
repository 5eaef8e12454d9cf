"""Case-study facets in headless Chromium, on a static page opened from file://."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO

ASSETS = REPO / "overrides" / "assets"
ALL = [
    "La Borda",
    "Ex Asilo Filangieri",
    "Barcelona home care",
    "Tunis women's cooperatives",
    "Bologna co-housing",
    "Marrakesh waste pickers",
]
COUNTS = """facet => Object.fromEntries(
    [...document.querySelectorAll(`input[name="${facet}"]`)].map(box => {
        const span = box.closest("label").querySelector("[data-count]");
        return [box.value, [span.textContent, span.getAttribute("data-count")]];
    })
)"""


@pytest.fixture
def pages(tmp_path) -> Path:
    """The fixture pages next to copies of the real script and stylesheet."""
    shutil.copytree(FIXTURES / "facets", tmp_path, dirs_exist_ok=True)
    for name in ("commons-facets.js", "commons-facets.css"):
        shutil.copy2(ASSETS / name, tmp_path / name)
    return tmp_path


def open_page(page, pages: Path, fragment: str = "", name: str = "index.html") -> None:
    """Open a fixture page from file://, optionally with a fragment, and wait for the script."""
    page.goto((pages / name).as_uri() + fragment)
    page.wait_for_selector("form[data-commons-facets]:not([hidden])")


def shown(page) -> list[str]:
    """Titles of the cards a reader can see, in page order."""
    cards = page.locator(".commons-card").filter(visible=True)
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
    """The live status text under the filters."""
    return page.locator(".commons-facets__status").inner_text()


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
        page.goto((pages / "index.html").as_uri() + "#country=ES")
        assert shown(page) == ALL
        assert not page.locator("form[data-commons-facets]").is_visible()
    finally:
        context.close()


def test_form_shows_with_initial_counts_and_status(page, pages):
    """With JavaScript the form appears and each count is the number of cards with that value."""
    open_page(page, pages)
    assert page.locator("form[data-commons-facets]").is_visible()
    assert shown(page) == ALL
    assert counts(page, "country") == {"ES": 2, "IT": 2, "TN": 1, "MA": 1, "GR": 0}
    assert counts(page, "policy") == {"housing": 2, "care": 3, "commons": 1, "employment": 2}
    assert counts(page, "tier") == {"consultation": 2, "co-delivery": 2, "transformation": 1}
    assert counts(page, "actor") == {"cooperatives": 3, "associations": 2, "social-enterprises": 1}
    assert counts(page, "project") == {"medrisse": 3, "esmed": 3}
    assert is_empty(page, "country", "GR")
    assert not is_empty(page, "country", "ES")
    assert status(page) == "6 cases shown"
    assert fragment(page) == ""
    assert "#" not in page.url
    assert page.outside_requests == []


def test_country_narrows_list_updates_other_counts_and_fragment(page, pages):
    """Checking Spain shows only Spanish cases, recounts the other facets and writes the hash."""
    open_page(page, pages)
    box(page, "country", "ES").check()
    assert shown(page) == ["La Borda", "Barcelona home care"]
    assert fragment(page) == "country=ES"
    assert page.url.endswith("index.html#country=ES")
    # A facet's own counts ignore its own choice: they say what checking that value would give.
    assert counts(page, "country") == {"ES": 2, "IT": 2, "TN": 1, "MA": 1, "GR": 0}
    assert counts(page, "policy") == {"housing": 1, "care": 2, "commons": 0, "employment": 0}
    assert counts(page, "project") == {"medrisse": 2, "esmed": 0}
    assert is_empty(page, "policy", "commons")
    assert is_empty(page, "project", "esmed")
    assert box(page, "project", "esmed").is_enabled()
    assert status(page) == "2 cases shown"


def test_facets_combine_with_and_values_with_or(page, pages):
    """A second facet narrows (AND); a second value in the same facet widens (OR)."""
    open_page(page, pages)
    box(page, "country", "ES").check()
    box(page, "policy", "housing").check()
    assert shown(page) == ["La Borda"]
    assert status(page) == "1 case shown"
    box(page, "country", "IT").check()
    assert shown(page) == ["La Borda", "Bologna co-housing"]
    assert fragment(page) == "country=ES,IT&policy=housing"
    assert counts(page, "country") == {"ES": 1, "IT": 1, "TN": 0, "MA": 0, "GR": 0}
    assert counts(page, "policy") == {"housing": 2, "care": 3, "commons": 1, "employment": 0}
    # A checked value stays undimmed even when it would add nothing.
    box(page, "country", "GR").check()
    assert not is_empty(page, "country", "GR")
    assert shown(page) == ["La Borda", "Bologna co-housing"]


def test_year_range_overlaps_and_keeps_ongoing_cases(page, pages):
    """Years keep cases whose span overlaps the range; a case without an end is ongoing."""
    open_page(page, pages)
    page.locator('input[name="from"]').fill("2021")
    assert shown(page) == [
        "Ex Asilo Filangieri",
        "Tunis women's cooperatives",
        "Marrakesh waste pickers",
    ]
    assert fragment(page) == "from=2021"
    page.locator('input[name="from"]').fill("2023")
    assert shown(page) == ["Ex Asilo Filangieri", "Marrakesh waste pickers"]
    assert counts(page, "country") == {"ES": 0, "IT": 1, "TN": 0, "MA": 1, "GR": 0}
    page.locator('input[name="from"]').fill("2006")
    page.locator('input[name="to"]').fill("2011")
    assert shown(page) == ["Bologna co-housing"]
    assert fragment(page) == "from=2006&to=2011"
    page.locator('input[name="from"]').fill("")
    page.locator('input[name="to"]').fill("2013")
    assert shown(page) == ["Ex Asilo Filangieri", "Bologna co-housing"]
    assert fragment(page) == "to=2013"
    assert status(page) == "2 cases shown"


def test_fragment_restores_selection_on_open_reload_and_hashchange(page, pages):
    """A shared fragment checks its boxes and filters; unknown keys and values are dropped."""
    open_page(page, pages, "#country=ES,XX&policy=care&bogus=1&to=2015")
    assert box(page, "country", "ES").is_checked()
    assert box(page, "policy", "care").is_checked()
    assert page.locator('input[name="to"]').input_value() == "2015"
    assert shown(page) == ["La Borda"]
    assert fragment(page) == "country=ES&policy=care&to=2015"
    page.reload()
    page.wait_for_selector("form[data-commons-facets]:not([hidden])")
    assert box(page, "country", "ES").is_checked()
    assert shown(page) == ["La Borda"]
    page.evaluate("location.hash = '#tier=consultation&actor=associations%2Ccooperatives'")
    page.wait_for_function("!document.querySelector('input[name=country][value=ES]').checked")
    assert box(page, "tier", "consultation").is_checked()
    assert page.locator('input[name="to"]').input_value() == ""
    assert shown(page) == ["Barcelona home care", "Marrakesh waste pickers"]
    assert fragment(page) == "tier=consultation&actor=cooperatives,associations"


def test_heading_anchor_is_left_alone(page, pages):
    """An in-page anchor is not a filter: everything shows and the anchor stays in the URL."""
    open_page(page, pages, "#about-the-cases")
    assert shown(page) == ALL
    assert fragment(page) == "about-the-cases"


def test_reset_clears_boxes_years_and_fragment(page, pages):
    """Clear filters unchecks everything, empties the years and removes the fragment."""
    open_page(page, pages, "#country=IT&from=2000")
    assert shown(page) == ["Ex Asilo Filangieri", "Bologna co-housing"]
    page.get_by_role("button", name="Clear filters").click()
    page.wait_for_function("location.hash === ''")
    assert shown(page) == ALL
    assert not box(page, "country", "IT").is_checked()
    assert page.locator('input[name="from"]').input_value() == ""
    assert "#" not in page.url
    assert status(page) == "6 cases shown"
    assert counts(page, "country")["ES"] == 2


def test_status_follows_count_and_enter_does_not_submit(page, pages):
    """The status uses the one/other templates, and Enter in a year field keeps the page."""
    open_page(page, pages)
    box(page, "country", "MA").check()
    assert status(page) == "1 case shown"
    page.locator('input[name="from"]').fill("1950")
    page.locator('input[name="to"]').fill("1960")
    assert status(page) == "0 cases shown"
    page.locator('input[name="to"]').press("Enter")
    assert page.url.endswith("#country=MA&from=1950&to=1960")
    assert status(page) == "0 cases shown"


def test_arabic_page_is_rtl_and_uses_arabic_plural_templates(page, pages):
    """On an Arabic page the form lays out right-to-left and the status picks Arabic plurals."""
    page.set_viewport_size({"width": 1200, "height": 800})
    open_page(page, pages, name="ar.html")
    assert page.evaluate("getComputedStyle(document.forms[0]).direction") == "rtl"
    checkbox = box(page, "country", "MA").bounding_box()
    count = box(page, "country", "MA").locator("xpath=..").locator("[data-count]").bounding_box()
    assert checkbox["x"] > count["x"], (checkbox, count)
    assert status(page) == "4 حالات معروضة"
    box(page, "country", "MA").check()
    assert status(page) == "حالتان معروضتان"
    assert fragment(page) == "country=MA"
    box(page, "country", "MA").uncheck()
    box(page, "country", "ES").check()
    assert status(page) == "حالة واحدة معروضة"
    page.locator('input[name="from"]').fill("2021")
    assert status(page) == "لا توجد حالات معروضة"


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
    assert status(page) == "6 cases shown"
