"""Reading on a phone, a desktop and with a keyboard: glossary tooltips and index cards."""

from __future__ import annotations

import pytest

WIDTHS = [320, 390, 1366]
LANGS = ["en", "fr", "ar"]
# Where a definition sits against the viewport, and how far the script shifted it.
TIP_BOX = """tip => {
    const r = tip.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom,
            width: document.documentElement.clientWidth, height: innerHeight,
            shift: tip.style.getPropertyValue("--commons-tip-shift")};
}"""


def case_page(site, lang: str):
    """The file:// address of the fixture case with several glossary terms."""
    prefix = "" if lang == "en" else f"{lang}/"
    return (site / f"{prefix}cases/la-borda/index.html").as_uri()


def assert_inside(tip) -> str:
    """Check that a shown definition lies wholly inside the viewport; return its shift."""
    assert tip.is_visible()
    box = tip.evaluate(TIP_BOX)
    assert box["left"] >= 0 and box["right"] <= box["width"], box
    assert box["top"] >= 0 and box["bottom"] <= box["height"], box
    return box["shift"]


def terms_of(page):
    """Each glossary link of the page with its definition."""
    refs = page.locator(".commons-termref")
    return [
        (refs.nth(i).locator("a.commons-term"), refs.nth(i).locator(".commons-tip"))
        for i in range(refs.count())
    ]


def centre(link) -> None:
    """Scroll a term to the middle of the viewport, clear of Material's sticky header."""
    link.evaluate("el => el.scrollIntoView({block: 'center', inline: 'nearest'})")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", WIDTHS)
def test_definitions_stay_in_the_viewport_on_hover_and_focus(browser, facets_site, width, lang):
    """Hovered or focused, each definition is in view; on a phone some had to be shifted."""
    context = browser.new_context(viewport={"width": width, "height": 700})
    try:
        page = context.new_page()
        page.goto(case_page(facets_site, lang))
        terms = terms_of(page)
        assert len(terms) >= 3
        shifts = []
        for link, tip in terms:
            centre(link)
            link.hover()
            shifts.append(assert_inside(tip))
            page.mouse.move(0, 0)
            assert not tip.is_visible()
            link.focus()
            assert_inside(tip)
            page.keyboard.press("Escape")
            assert not tip.is_visible()
            assert page.evaluate("document.activeElement.classList.contains('commons-term')")
            link.blur()
        if width < 1000:
            assert any(shifts), shifts
    finally:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", [320, 390])
def test_a_first_tap_opens_the_definition_and_a_second_follows_the_link(
    browser, facets_site, width, lang
):
    """On a touch screen a tap shows the definition in view; tapping the term again opens it."""
    context = browser.new_context(viewport={"width": width, "height": 700}, has_touch=True)
    try:
        page = context.new_page()
        address = case_page(facets_site, lang)
        page.goto(address)
        for link, tip in terms_of(page):
            centre(link)
            link.tap()
            assert page.url == address
            assert_inside(tip)
            page.locator("h1").tap()
            assert not tip.is_visible()
        link, tip = terms_of(page)[0]
        centre(link)
        link.tap()
        link.tap()
        page.wait_for_url("**/glossary/**")
    finally:
        context.close()


def test_without_javascript_the_definition_still_shows_and_the_term_links(browser, facets_site):
    """Without the script, CSS shows the definition on hover and the term leads to its page."""
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1366, "height": 700}
    )
    try:
        page = context.new_page()
        page.goto(case_page(facets_site, "en"))
        link, tip = terms_of(page)[0]
        centre(link)
        link.hover()
        assert tip.is_visible()
        assert link.get_attribute("href").endswith("/glossary/co-production/")
    finally:
        context.close()


# Computed styles of each card and list: no marker, no indent, in either direction.
CARD_STYLES = """() => [...document.querySelectorAll("ul.commons-cards")].map(list => {
    const style = getComputedStyle(list);
    const parent = list.parentElement.getBoundingClientRect();
    const parentStyle = getComputedStyle(list.parentElement);
    return {
        list: [style.listStyleType, style.paddingInlineStart, style.marginInlineStart],
        items: [...list.children].map(card => {
            const s = getComputedStyle(card);
            const r = card.getBoundingClientRect();
            const start = getComputedStyle(document.documentElement).direction === "rtl"
                ? parent.right - parseFloat(parentStyle.paddingRight) - r.right
                : r.left - parent.left - parseFloat(parentStyle.paddingLeft);
            return [s.listStyleType, s.marginInlineStart, Math.round(start)];
        }),
    };
})"""


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("index", ["cases", "glossary"])
def test_cards_have_no_bullets_and_no_indent(page, facets_site, index, lang):
    """Case and glossary cards sit flush with the text, without list markers, LTR and RTL."""
    prefix = "" if lang == "en" else f"{lang}/"
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto((facets_site / f"{prefix}{index}/index.html").as_uri())
    lists = page.evaluate(CARD_STYLES)
    assert lists
    for found in lists:
        assert found["list"] == ["none", "0px", "0px"], found
        assert found["items"]
        for item in found["items"]:
            assert item == ["none", "0px", 0], found


@pytest.mark.parametrize(
    ("lang", "facts"),
    [
        (
            "en",
            [
                ("Country", "Spain"),
                ("Place", "Barcelona"),
                ("Years", "2014–2020"),
                ("Policy areas", "Housing, Health"),
            ],
        ),
        (
            "ar",
            [
                ("البلد", "إسبانيا"),
                ("المكان", "Barcelona"),
                ("السنوات", "2014–2020"),
                ("مجالات السياسات العامة", "السكن، الصحة"),
            ],
        ),
    ],
)
def test_card_facts_say_what_each_is(page, facets_site, lang, facts):
    """A case card's facts are a description list: each value is labelled with its field."""
    prefix = "" if lang == "en" else f"{lang}/"
    page.goto((facets_site / f"{prefix}cases/index.html").as_uri())
    card = page.locator(".commons-card", has=page.locator('a[href="la-borda/"]'))
    rows = card.locator("dl.commons-card__facts > div")
    found = [(row.locator("dt").inner_text(), row.locator("dd").inner_text()) for row in rows.all()]
    assert found == facts
    assert card.locator("dl.commons-card__facts dt").first.is_visible()


@pytest.mark.parametrize("lang", LANGS)
def test_tab_reaches_a_term_shows_focus_and_its_definition(page, facets_site, lang):
    """Tab gives a term a visible ring and shows its definition; Escape hides it, focus stays."""
    page.set_viewport_size({"width": 390, "height": 700})
    page.goto(case_page(facets_site, lang))
    for _ in range(80):
        if page.evaluate("document.activeElement.classList.contains('commons-term')"):
            break
        page.keyboard.press("Tab")
    focused = page.locator("a.commons-term:focus")
    assert focused.count() == 1
    ring = focused.evaluate(
        "el => el.matches(':focus-visible') && getComputedStyle(el).outlineStyle !== 'none'"
        " && parseFloat(getComputedStyle(el).outlineWidth) >= 2"
    )
    assert ring
    tip = page.locator(".commons-termref", has=focused).locator(".commons-tip")
    assert_inside(tip)
    page.keyboard.press("Escape")
    assert not tip.is_visible()
    assert focused.count() == 1
