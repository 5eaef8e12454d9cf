"""What a reader sees, in headless Chromium: right-to-left layout and language switching."""

from __future__ import annotations


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
