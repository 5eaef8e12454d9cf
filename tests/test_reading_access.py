"""Readers on phones, in Arabic and with assistive technology, in headless Chromium.

axe-core (pinned in package.json, installed by `npm ci`) checks every kind of page in every
language at a phone's and a laptop's width; the layout never scrolls sideways; the language
menu and the search dialog work from the keyboard alone, with the focus drawn; results in
another language than the page's run in their own direction.
"""

from __future__ import annotations

import pytest
from conftest import PAGE_KINDS as ALL_KINDS
from conftest import REPO, search_results

from commons import LANGUAGES, SOURCE_LANGUAGE
from commons.search import language_root
from commons.searchindex import read as read_index

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
# The pages axe-core reads: every kind a reader browses (a 404 page is checked for requests).
PAGE_KINDS = {
    kind: path for kind, path in ALL_KINDS.items() if kind not in ("category page", "404 page")
}
PHONE, LAPTOP = 390, 1366
# Material shows the navigation as a drawer below this width (76.25em).
DRAWER_BELOW = 1220
# A word each language's search finds, among them La Borda in that language.
QUERIES = {"en": "Borda", "fr": "Borda", "ar": "بوردا"}
BLOCKING = ("critical", "serious")
# Moderate rules that held once and must keep holding: results' tags as unnamed landmarks.
KEPT = ("landmark-unique",)


def url(served: str, lang: str, path: str = "") -> str:
    """The address of `path` in `lang` on the served fixture site."""
    return f"{served}/{language_root(lang, SOURCE_LANGUAGE)}{path}"


def open_search(page, query: str) -> None:
    """Open Material's search on the current page, type `query` and wait for its results."""
    if page.evaluate("document.getElementById('__search').checked"):
        pass  # open already: a new query replaces the last
    elif page.viewport_size["width"] < DRAWER_BELOW:
        page.locator("label.md-header__button[for=__search]").click()
    else:
        page.locator(".md-search__input").click()
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")  # Material listens to keyup; filling alone sends none
    page.wait_for_function("document.querySelectorAll('.md-search-result__item').length > 0")
    # The dialog fades in, and a result under the pointer is highlighted: colours measured
    # mid-transition or under the pointer are not those a reader reads the results in.
    page.mouse.move(0, 0)
    page.wait_for_function(
        "document.getAnimations().every(a => a.playState === 'finished' || a.playState === 'idle')"
    )


def axe_violations(page) -> list[dict]:
    """axe-core's violations on the page as it stands: rule, impact and where."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .map(v => ({id: v.id, impact: v.impact, help: v.help,
                        targets: v.nodes.map(n => n.target.join(' '))}))"""
    )


@pytest.mark.parametrize("width", [PHONE, LAPTOP])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_axe_finds_nothing_serious_on_any_kind_of_page(page, served, lang, width):
    """No critical or serious axe-core violation on each kind of page, nor with search open."""
    assert AXE.is_file(), "axe-core is missing: `npm ci` installs it (make install does)"
    page.set_viewport_size({"width": width, "height": 800})
    found = []
    for kind, path in PAGE_KINDS.items():
        page.goto(url(served, lang, path))
        found += [(kind, path, v) for v in axe_violations(page)]
    page.goto(url(served, lang))
    open_search(page, QUERIES[lang])
    found += [("search open with results", "", v) for v in axe_violations(page)]
    blocking = [
        f"{v['impact']} {v['id']} ({v['help']}) on {kind} /{language_root(lang, SOURCE_LANGUAGE)}"
        f"{path} at {width}px: {', '.join(v['targets'][:5])}"
        for kind, path, v in found
        if v["impact"] in BLOCKING or v["id"] in KEPT
    ]
    assert not blocking, "\n".join(blocking)
    assert page.outside_requests == []


# How far the page scrolls sideways, and whether the closed drawer shows inside the screen.
SIDEWAYS = """() => {
    const drawer = document.querySelector('.md-sidebar--primary').getBoundingClientRect();
    return {
        scrollWidth: document.documentElement.scrollWidth,
        width: innerWidth,
        drawer: [drawer.left, drawer.right],
    };
}"""


@pytest.mark.parametrize("width", [320, PHONE, LAPTOP])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_page_scrolls_sideways(page, served, lang, width):
    """Every kind of page fits the screen's width, and the closed drawer stays off it."""
    page.set_viewport_size({"width": width, "height": 800})
    wide = []
    for kind, path in PAGE_KINDS.items():
        page.goto(url(served, lang, path))
        seen = page.evaluate(SIDEWAYS)
        if seen["scrollWidth"] > seen["width"]:
            wide.append(f"{kind} /{path}: {seen['scrollWidth']}px wide on a {width}px screen")
        left, right = seen["drawer"]
        if width < DRAWER_BELOW and right > 0 and left < width:
            wide.append(f"{kind} /{path}: the closed drawer shows from {left} to {right}px")
    assert not wide, f"{lang}:\n" + "\n".join(wide)


def test_english_results_on_an_arabic_page_run_left_to_right(page, served):
    """An English page found from Arabic search is laid out and read as English; Arabic stays."""
    page.set_viewport_size({"width": PHONE, "height": 800})
    page.goto(url(served, "ar"))
    open_search(page, "English")
    english = page.locator(".md-search-result__article", has_text="An English-only case").first
    assert english.get_attribute("lang") == "en"
    assert english.evaluate("a => getComputedStyle(a).direction") == "ltr"
    # The summary's full stop ends the line on the right, after the last word.
    sides = english.evaluate(
        """a => {
            const p = [...a.querySelectorAll('p')].find(p => p.textContent.trim().endsWith('.'));
            const text = p.lastChild, range = document.createRange();
            const at = (i) => { range.setStart(text, i); range.setEnd(text, i + 1);
                                return range.getBoundingClientRect().left; };
            const end = text.textContent.trimEnd().length - 1;
            return {stop: at(end), letter: at(end - 1)};
        }"""
    )
    assert sides["stop"] > sides["letter"], sides
    open_search(page, QUERIES["ar"])
    arabic = page.locator(".md-search-result__article", has_text="لا بوردا").first
    assert arabic.get_attribute("lang") is None  # the page's own language
    assert arabic.evaluate("a => getComputedStyle(a).direction") == "rtl"


def test_interface_words_in_a_page_shown_in_english_stay_arabic(page, served):
    """On an Arabic page shown in English, its Arabic headings run right to left, as Arabic."""
    page.goto(url(served, "ar", "roadmaps/shared-space/"))
    where = "h => [h.closest('[lang]').lang, getComputedStyle(h).direction]"
    for heading in ("#step-by-step", "#sources", ".commons-phase h4"):
        assert page.locator(heading).first.evaluate(where) == ["ar", "rtl"], heading
    assert page.locator(".commons-phase h3").evaluate("h => getComputedStyle(h).direction") == "ltr"


def test_search_indexes_mark_pages_shown_in_another_language(fixture_site):
    """Each index marks the English pages it falls back to, and only those."""
    pages = read_index(fixture_site / "ar" / "search")["pages"]
    langs = {page["location"]: page["lang"] for page in pages}
    assert langs["cases/english-only/"] == "en"
    assert langs["toolkit/"] == "en"  # a folder's index page, docs/toolkit/index
    assert langs["cases/la-borda/"] is None
    assert langs["toolkit/listening/"] is None


def test_a_page_shown_in_english_is_marked_in_arabic_results(page, served):
    """In Arabic search results an English page's title and teaser are read as English."""
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(url(served, "ar", ""))
    search_results(page, "english")
    title = page.locator(".md-search-result__item h1 [lang]").first
    assert title.get_attribute("lang") == "en"
    assert title.evaluate("e => getComputedStyle(e).direction") == "ltr"


# The focused element, whether it is on screen and whether its focus is drawn.
FOCUSED = """() => {
    const e = document.activeElement, box = e.getBoundingClientRect(), s = getComputedStyle(e);
    return {
        element: e.className.toString() || e.tagName,
        lang: e.getAttribute('lang'),
        onScreen: box.width > 0 && box.height > 0 && box.left >= 0 && box.right <= innerWidth
            && box.top >= 0 && box.bottom <= innerHeight && s.visibility === 'visible',
        drawn: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
    };
}"""


def focused_on_screen(page) -> dict:
    """What FOCUSED says of the focused element once it is on screen (menus slide in)."""
    page.wait_for_function(f"({FOCUSED})().onScreen")
    return page.evaluate(FOCUSED)


def tab_to(page, selector: str, limit: int = 20) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.parametrize("width", [PHONE, LAPTOP])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_language_menu_works_from_the_keyboard(page, served, lang, width):
    """Tab opens the language menu on screen, each language is focused visibly, Enter switches."""
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(url(served, lang, "cases/la-borda/"))
    assert page.locator('.md-select__link[aria-current="page"]').get_attribute("lang") == lang
    tab_to(page, ".md-select > button")
    button = focused_on_screen(page)
    assert button["drawn"], button
    target = next(code for code in LANGUAGES if code != lang)
    seen = []
    for _ in LANGUAGES:
        page.keyboard.press("Tab")
        page.wait_for_function("document.activeElement.matches('.md-select__link')")
        focused = focused_on_screen(page)  # the menu opens as it takes the focus
        seen.append(focused)
        assert focused["drawn"], focused
        if focused["lang"] == target:
            break
    assert seen[-1]["lang"] == target, seen
    page.keyboard.press("Enter")
    page.wait_for_url(url(served, target, "cases/la-borda/"))
    assert page.evaluate("document.documentElement.lang") == target


@pytest.mark.parametrize("width", [PHONE, LAPTOP])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_works_from_the_keyboard(page, served, lang, width):
    """Tab reaches search and opens it; arrows reach a visibly focused result; Enter opens it."""
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(url(served, lang))
    tab_to(page, ".md-search__input")
    page.wait_for_function("document.getElementById('__search').checked")
    focused_on_screen(page)  # the dialog opens as its field takes the focus
    # Typed at once, not key by key: each keystroke's results would replace the list while
    # the arrow key moves into it.
    page.keyboard.insert_text(QUERIES[lang])
    page.keyboard.press("End")  # Material searches on keyup
    page.wait_for_function("document.querySelectorAll('.md-search-result__link').length > 0")
    page.keyboard.press("ArrowDown")
    page.wait_for_function("document.activeElement.matches('.md-search-result__link')")
    result = focused_on_screen(page)
    assert result["drawn"], result
    href = page.evaluate("document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(href)
    assert page.evaluate("document.documentElement.lang") == lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_second_answer_leaves_the_keyboard_where_it_was(page, served, lang):
    """A search answers twice (first results, then every result); the redraw keeps the focus."""
    held = []
    page.route("**/search/titles.js", lambda route: held.append(route))
    page.goto(url(served, lang))
    tab_to(page, ".md-search__input")
    page.wait_for_function("document.getElementById('__search').checked")
    page.keyboard.insert_text(QUERIES[lang])
    page.keyboard.press("End")
    page.wait_for_function("document.querySelectorAll('.md-search-result__link').length > 0")
    page.keyboard.press("ArrowDown")
    page.wait_for_function("document.activeElement.matches('.md-search-result__link')")
    href = page.evaluate("document.activeElement.href")
    # The list drawn now is replaced when the titles come: marked, it is seen to go.
    page.evaluate("document.activeElement.dataset.drawnBefore = 'yes'")
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the first answer waited for the titles"
    for route in held:
        route.continue_()
    page.wait_for_function("!document.querySelector('[data-drawn-before]')")
    page.wait_for_function("document.activeElement.matches('.md-search-result__link')")
    assert page.evaluate("document.activeElement.href") == href
    page.keyboard.press("Enter")
    page.wait_for_url(href)
