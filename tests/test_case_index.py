"""The case index past its first view: numbered pages without JavaScript, card files with it.

A fixture site with more cases than the index renders (the facets site plus generated cases)
is built once; its index is read with JavaScript off (following links from page to page), with
it on over HTTP and from file://, and as the offline kit builds it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import assemble, mkdocs_build, serving
from test_bundle import offline_context

from commons.bundle import build_offline
from commons.corpus import CASES, load, source_version
from commons.registry import CASES_PER_PAGE
from commons.schemas import Schemas

# Generated cases, beside the facets site's six: the index holds three pages of cards.
GENERATED = 2 * CASES_PER_PAGE + 7
COUNTRIES = ["IT", "TN", "MA", "GR", "PT"]
AREAS = ["housing", "health", "energy", "employment"]
# Sorted last, so beyond the first view: a country no other case has, and in each language.
LATE = "zz-beirut"
LATE_TITLE = {"en": "Beirut kitchens", "fr": "Les cuisines de Beyrouth", "ar": "مطابخ بيروت"}
# A summary that French and Arabic typography change: a colon, a question mark, a Latin run.
LATE_SUMMARY = {
    "en": "Shared kitchens run by ARCO: who cooks?",
    "fr": "Des cuisines partagées menées par ARCO: qui cuisine?",
    "ar": "مطابخ مشتركة تديرها ARCO, من يطبخ?",
}
# A title that holds markup: `commons check` refuses it, so the site is built without checks;
# the card file must still give it as text.
MARKUP = "zz-markup"
MARKUP_TITLE = 'Kitchens <img src=x onerror="window.__ran=1"> & <b>co</b>'


def write_cases(root: Path) -> None:
    """Add the generated cases, and the late one in French and Arabic."""
    for i in range(GENERATED):
        (root / f"cases/case-{i:03d}.en.md").write_text(
            f"---\ntitle: Generated case {i:03d}\nsummary: Case number {i} of the fixture.\n"
            # Spain for one case in two: a filter on it matches more than the first view.
            f"country: {'ES' if i % 2 == 0 else COUNTRIES[i % len(COUNTRIES)]}\nplace: Town {i}\n"
            f"years: {{start: {1990 + i % 30}}}\npolicy_areas: [{AREAS[i % len(AREAS)]}]\n"
            "sources: [Fixture source]\n---\n\nText.\n",
            encoding="utf-8",
        )
    (root / f"cases/{LATE}.en.md").write_text(
        f"---\ntitle: {LATE_TITLE['en']}\nsummary: '{LATE_SUMMARY['en']}'\ncountry: LB\n"
        "place: Beirut\nyears: {start: 2019}\npolicy_areas: [health]\n"
        "sources: [Fixture source]\n---\n\nText.\n",
        encoding="utf-8",
    )
    (root / f"cases/{MARKUP}.en.md").write_text(
        f"---\ntitle: '{MARKUP_TITLE}'\nsummary: Markup in a title.\ncountry: ES\n"
        "place: Madrid\npolicy_areas: [housing]\nsources: [Fixture source]\n---\n\nText.\n",
        encoding="utf-8",
    )
    source = next(e for e in load(root).entries if e.slug == LATE and e.is_source)
    version = source_version(source, Schemas.for_root(root).translatable(CASES.schema))
    for lang in ("fr", "ar"):
        (root / f"cases/{LATE}.{lang}.md").write_text(
            f"---\ntitle: {LATE_TITLE[lang]}\nsummary: '{LATE_SUMMARY[lang]}'\n"
            f"source_version: '{version}'\nreviewed: false\n---\n\nTexte.\n",
            encoding="utf-8",
        )


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> Path:
    """The facets site with the generated cases, built: its root (the site is `site/`)."""
    root = assemble("facets-site", tmp_path_factory.mktemp("many-cases"))
    write_cases(root)
    result = mkdocs_build(root, checks=False)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def many_served(many):
    """The built site over HTTP on a free loopback port; yields its base URL."""
    with serving(many / "site") as base:
        yield f"{base}/"


def all_slugs(root: Path) -> list[str]:
    """Every case's slug, in the index's order."""
    return sorted(path.name.split(".")[0] for path in (root / "cases").glob("*.en.md"))


def titles(page) -> list[str]:
    """The titles of the case cards in the list, in order."""
    return page.locator(".commons-cards--cases .commons-card__title").all_inner_texts()


def card_slugs(page) -> list[str]:
    """The case each card of the list links to, in order."""
    hrefs = page.eval_on_selector_all(
        ".commons-cards--cases a.commons-card__title", "links => links.map(a => a.href)"
    )
    return [re.search(r"/cases/([a-z0-9-]+)(?:/|\.html)", href)[1] for href in hrefs]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_without_javascript_every_case_is_reached_from_the_index(browser, many, many_served, lang):
    """Following the numbered pages from the index reaches every case, each link to its page."""
    root = "" if lang == "en" else f"{lang}/"
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{many_served}{root}cases/")
        assert not page.locator("form[data-commons-facets]").is_visible()
        assert not page.locator(".commons-more").is_visible()
        total = len(all_slugs(many))
        status = page.locator(".commons-count").all_inner_texts()
        expected = {
            "en": f"Case studies 1–{CASES_PER_PAGE} of {total}",
            "ar": f"دراسات الحالة من 1 إلى {CASES_PER_PAGE} من أصل {total}",
        }[lang]
        assert status == [expected]
        reached, visited = [], []
        while True:
            visited.append(page.url)
            reached += card_slugs(page)
            following = page.locator('.commons-pager a[rel="next"]')
            if not following.count():
                break
            following.click()
        assert reached == all_slugs(many)
        assert len(visited) == -(-total // CASES_PER_PAGE)
        # Every page lists every number, the current one marked, and leads to the categories.
        numbers = page.locator(".commons-pager__pages a")
        assert numbers.all_inner_texts() == [str(n) for n in range(1, len(visited) + 1)]
        assert page.locator('.commons-pager a[aria-current="page"]').inner_text() == "3"
        if lang == "ar":
            # Right to left, page 1 comes first on the right.
            first, second = (numbers.nth(n).bounding_box() for n in (0, 1))
            assert first["x"] > second["x"]
        page.locator(".commons-pager a", has_text=re.compile("categor|التصنيف")).click()
        assert page.url == f"{many_served}{root}categories/"
        page.goto(visited[-1])
        page.locator(f'a.commons-card__title[href*="{LATE}"]').click()
        assert page.url == f"{many_served}{root}cases/{LATE}/"
        assert page.locator("h1").inner_text() == LATE_TITLE[lang]
    finally:
        context.close()


# A card's elements, in order, less the isolation of Latin runs the page's HTML adds.
STRUCTURE = """li => [li, ...li.querySelectorAll('*')]
    .filter(e => e.tagName !== 'BDI')
    .map(e => e.tagName + (e.className ? '.' + e.className : '') + (e.lang ? ':' + e.lang : ''))"""


def settled(page) -> None:
    """Wait until the list holds every card it is to show (their files read)."""
    page.wait_for_function("!document.querySelector('.commons-cards--cases[aria-busy]')")


def open_index(page, url: str) -> None:
    """Open a case index and wait for its filters."""
    page.goto(url)
    page.wait_for_selector("form[data-commons-facets]:not([hidden])")


def test_filters_find_a_case_beyond_the_first_view(page, many, many_served):
    """Lebanon's one case is not in the page as built: ticking Lebanon shows it, counted."""
    open_index(page, f"{many_served}cases/")
    assert LATE not in card_slugs(page)
    assert page.locator(".commons-facets__status").inner_text() == (
        f"{len(all_slugs(many))} case studies shown"
    )
    page.locator(".commons-facets__panel > summary").click()
    lebanon = page.locator('input[name="country"][value="LB"]')
    assert lebanon.locator("xpath=..").locator("[data-count]").inner_text() == "1"
    lebanon.check()
    page.wait_for_function("document.querySelectorAll('.commons-cards--cases > li').length === 1")
    assert titles(page) == [LATE_TITLE["en"]]
    assert page.locator(".commons-facets__status").inner_text() == "1 case study shown"
    assert page.evaluate("location.hash") == "#country=LB"
    assert not page.locator(".commons-more").is_visible()
    page.locator("a.commons-card__title").click()
    page.wait_for_url(f"**/cases/{LATE}/")
    assert page.outside_requests == []


def matching(root: Path, country: str, area: str = "") -> list[str]:
    """The slugs of the cases in `country` (and with policy area `area`), in the index's order."""
    found = []
    for slug in all_slugs(root):
        text = (root / f"cases/{slug}.en.md").read_text(encoding="utf-8")
        if re.search(rf"^country: {country}$", text, re.M) and (
            not area or re.search(rf"^policy_areas: \[.*\b{area}\b", text, re.M)
        ):
            found.append(slug)
    return found


def test_a_shared_filter_counts_every_case_and_shows_more_on_demand(page, many, many_served):
    """`#country=ES` counts Spain's cases past the first view; Show more adds the rest by keys."""
    spain = matching(many, "ES")
    assert len(spain) > CASES_PER_PAGE
    open_index(page, f"{many_served}cases/#country=ES")
    page.wait_for_function("!document.querySelector('.commons-cards--cases[aria-busy]')")
    assert (
        page.locator(".commons-facets__status").inner_text() == f"{len(spain)} case studies shown"
    )
    assert card_slugs(page) == spain[:CASES_PER_PAGE]
    more = page.locator(".commons-more")
    assert more.inner_text() == f"Show more ({len(spain) - CASES_PER_PAGE} left)"
    assert not page.locator(".commons-pager").is_visible()
    more.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"document.querySelectorAll('.commons-cards--cases > li').length === {len(spain)}"
    )
    assert card_slugs(page) == spain
    # The keyboard goes on from the first card added.
    assert page.evaluate("document.activeElement.textContent") == titles(page)[CASES_PER_PAGE]
    assert not more.is_visible()
    # Another filter starts again from the first cards.
    page.evaluate("location.hash = '#country=ES&policy=housing'")
    page.wait_for_function("document.querySelector('input[name=policy][value=housing]').checked")
    page.wait_for_function("!document.querySelector('.commons-cards--cases[aria-busy]')")
    assert card_slugs(page) == matching(many, "ES", "housing")[:CASES_PER_PAGE]


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_cards_from_files_read_as_the_pages_print_them(browser, many, many_served, lang):
    """A card the script makes reads as on a numbered page, in the language's typography."""
    context = browser.new_context()
    try:
        page = context.new_page()
        pages = -(-len(all_slugs(many)) // CASES_PER_PAGE)
        page.goto(f"{many_served}{lang}/cases/page/{pages}/")
        printed = page.locator(f'.commons-card:has(a[href*="{LATE}"])')
        text = printed.inner_text()
        assert LATE_TITLE[lang] in text
        open_index(page, f"{many_served}{lang}/cases/#country=LB")
        page.wait_for_function("document.querySelectorAll('.commons-cards--cases > li').length")
        made = page.locator(".commons-cards--cases > li").first
        # On screen a Latin run in Arabic is isolated by <bdi>; in text, by FSI and PDI marks.
        assert made.inner_text().replace("\u2068", "").replace("\u2069", "") == text
        assert made.evaluate(STRUCTURE) == printed.evaluate(STRUCTURE)
        if lang == "fr":
            assert "qui cuisine\u202f?" in text
        else:
            assert "\u2068ARCO\u2069" in made.inner_text()
            assert "\u061f" in text
    finally:
        context.close()


def test_a_title_holding_markup_is_shown_as_text_from_file(browser, many):
    """From file://, the card file's title reads as typed: no element made, nothing run."""
    context = browser.new_context()
    try:
        page = context.new_page()
        open_index(page, (many / "site/cases/index.html").as_uri() + "#country=ES")
        more = page.locator(".commons-more")
        settled(page)
        while MARKUP not in card_slugs(page):
            more.click()
            settled(page)
        card = page.locator(f'.commons-card:has(a[href*="{MARKUP}"])')
        assert card.locator(".commons-card__title").inner_text() == MARKUP_TITLE
        assert card.locator("img, b").count() == 0
        assert page.evaluate("window.__ran") is None
        assert page.url.startswith("file:")
    finally:
        context.close()


@pytest.fixture(scope="module")
def offline(many, tmp_path_factory) -> Path:
    """The site as the offline kit builds it: links name files, search reads a script."""
    site = tmp_path_factory.mktemp("many-offline") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COMMONS_CHECKS", "off")  # the title holding markup
        build_offline(many, site, 0)
    return site


def test_the_offline_kit_shows_and_links_every_card_from_file(browser, offline):
    """In the kit, from file:// and offline, Show more lists every case, each card a link."""
    context, outside = offline_context(browser, {"width": 390, "height": 800})
    try:
        page = context.new_page()
        open_index(page, (offline / "ar/cases/index.html").as_uri())
        more = page.locator(".commons-more")
        settled(page)
        while more.is_visible():
            more.click()
            settled(page)
        slugs = card_slugs(page)
        assert slugs == sorted(slugs) and LATE in slugs and len(slugs) == GENERATED + 8
        page.locator(f'a.commons-card__title[href*="{LATE}"]').click()
        page.wait_for_url(f"**/ar/cases/{LATE}.html")
        assert page.locator("h1").inner_text() == LATE_TITLE["ar"]
    finally:
        context.close()
    assert outside == []
