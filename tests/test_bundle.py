"""The workshop kit: reproducible zips that work from file:// with the network blocked."""

from __future__ import annotations

import json
import zipfile

import pytest
from conftest import assemble, search_results

from commons import LANGUAGES, SOURCE_LANGUAGE
from commons.bundle import bundle
from commons.search import language_root


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    """The fixture site bundled twice into two folders; returns both dist folders."""
    root = assemble("site", tmp_path_factory.mktemp("kit-site"))
    first, second = root / "dist1", root / "dist2"
    bundle(root, first)
    bundle(root, second)
    return first, second


def test_four_zips_three_handbooks_and_a_manifest(kit):
    """One zip per language and one for all, a handbook per language, each with a checksum."""
    dist, _ = kit
    manifest = json.loads((dist / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == [
        "commons-all.zip",
        "commons-ar.zip",
        "commons-en.zip",
        "commons-fr.zip",
        "handbook-ar.pdf",
        "handbook-en.pdf",
        "handbook-fr.pdf",
    ]
    assert (dist / "handbook-ar.pdf").read_bytes().startswith(b"%PDF")
    assert {"commit", "build_date", "search_index_bytes"} <= set(manifest)


def test_two_bundles_are_byte_identical(kit):
    """The same commit gives the same bytes: fixed times, sorted entries."""
    first, second = kit
    for name in ("commons-all.zip", "commons-fr.zip", "handbook-ar.pdf", "manifest.json"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    names = zipfile.ZipFile(first / "commons-all.zip").namelist()
    assert names == sorted(names)


def test_each_language_kit_carries_only_its_own_pages_and_index(kit):
    """The French kit has the French pages and index, and opens on the French home."""
    dist, _ = kit
    names = set(zipfile.ZipFile(dist / "commons-fr.zip").namelist())
    assert "commons-fr/fr/search/search_index.js" in names
    assert "commons-fr/fr/cases/la-borda.html" in names
    assert not any(n.startswith(("commons-fr/ar/", "commons-fr/search/")) for n in names)
    assert not any(n.startswith("commons-fr/cases/") for n in names)
    home = zipfile.ZipFile(dist / "commons-fr.zip").read("commons-fr/index.html").decode()
    assert "fr/index.html" in home
    english = set(zipfile.ZipFile(dist / "commons-en.zip").namelist())
    assert "commons-en/search/search_index.js" in english
    assert not any(n.startswith(("commons-en/fr/", "commons-en/ar/")) for n in english)


def offline_search(page, query: str) -> list[str]:
    """Search from the current page; return the result links."""
    return search_results(page, query)


def offline_context(browser, viewport: dict):
    """A browser context that serves only file:// and lists every other request it blocks."""
    context = browser.new_context(viewport=viewport)
    outside: list[str] = []

    def gate(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", gate)
    return context, outside


def test_kit_works_from_file_with_the_network_blocked(kit, browser, tmp_path):
    """Unzipped, the kit navigates, switches to Arabic and searches in Arabic and French."""
    dist, _ = kit
    zipfile.ZipFile(dist / "commons-all.zip").extractall(tmp_path)
    home = tmp_path / "commons-all/index.html"
    context, outside = offline_context(browser, {"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(home.as_uri())
    page.locator(".md-nav__link", has_text="Case studies").first.click()
    page.wait_for_url("**/cases/index.html")
    page.locator("a.commons-card__title", has_text="La Borda").click()
    page.wait_for_url("**/cases/la-borda.html")
    page.locator(".md-header .md-select").hover()
    page.locator('a.md-select__link[hreflang="ar"]').click()
    page.wait_for_url("**/ar/cases/la-borda.html")
    assert page.evaluate("document.documentElement.lang") == "ar"
    arabic = offline_search(page, "انتاج")
    assert any(h.endswith("/ar/cases/marica-currency.html") for h in arabic), arabic
    page.goto((tmp_path / "commons-all/fr/index.html").as_uri())
    french = offline_search(page, "economie")
    assert any(h.endswith("/fr/cases/marica-currency.html") for h in french), french
    assert all("/fr/" in h for h in french)
    context.close()
    assert outside == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_kit_map_works_from_file(kit, browser, tmp_path, lang):
    """Unzipped, each language's map shows its markers and leads to a case, with no request out."""
    dist, _ = kit
    zipfile.ZipFile(dist / f"commons-{lang}.zip").extractall(tmp_path)
    root = language_root(lang, SOURCE_LANGUAGE)
    context, outside = offline_context(browser, {"width": 1366, "height": 900})
    page = context.new_page()
    page.goto((tmp_path / f"commons-{lang}/{root}map/index.html").as_uri() + "#country=ES")
    # The map script runs from file://: the fragment filters the markers.
    page.wait_for_selector("[data-commons-map-status]:not([hidden])")
    markers = page.locator("a.commons-map__marker")
    assert markers.count() == 3
    assert markers.filter(visible=True).count() == 1
    page.locator('a.commons-map__marker[data-case="la-borda"] .commons-map__dot').click()
    page.wait_for_url(f"**/{root}cases/la-borda.html")
    context.close()
    assert outside == []
