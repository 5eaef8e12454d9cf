"""The map of the cases: drawn at build time, a marker per located case, in every language."""

from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import FIXTURES, REPO, assemble

from commons import LANGUAGES, RTL_LANGUAGES, SOURCE_LANGUAGE, casemap
from commons.casemap import AtlasMissing, atlas_path, clip, countries, simplify, spread
from commons.corpus import CASES
from commons.handbook import handbook_html
from commons.mappage import map_page
from commons.schemas import Schemas, country_name
from commons.search import language_root
from commons.site import load_site
from commons.validate import check

WIDE, NARROW = {"width": 1366, "height": 900}, {"width": 390, "height": 844}


def located(root: Path) -> dict[str, dict]:
    """Slug and front-matter of every case of a content folder that has a location."""
    site = load_site(root)
    return {s: e.meta for s, e in site.corpus.sources(CASES).items() if "location" in e.meta}


# What is drawn --------------------------------------------------------------------------


def test_real_cases_are_located_inside_their_country():
    """Each located case's point lies in the box of its country's Natural Earth outline.

    A sign dropped from a longitude or a latitude put in the wrong field lands elsewhere.
    """
    site = load_site(REPO)
    shapes = {c.code: c for c in countries(str(atlas_path(REPO)))}
    cases = site.corpus.sources(CASES)
    assert cases
    for slug, case in cases.items():
        where = case.meta.get("location")
        if not where:
            continue  # listed apart on the map, and warned about by `commons check`
        points = [p for polygon in shapes[case.meta["country"]].polygons for p in polygon[0]]
        lons, lats = [p[0] for p in points], [p[1] for p in points]
        assert min(lons) <= where["lon"] <= max(lons), slug
        assert min(lats) <= where["lat"] <= max(lats), slug
    # Grasshoppers in the Park is in Hackney, north-east London, not in the City.
    hackney = cases["london-grasshoppers-nursery"].meta["location"]
    assert abs(hackney["lat"] - 51.545) <= 0.01 and abs(hackney["lon"] + 0.055) <= 0.01


def test_clipping_and_simplifying_keep_a_shape_inside_the_frame():
    """A square across the frame's edge is cut at the edge; a closed ring keeps its corners."""
    ring = [(-50, 10), (50, 10), (50, 90), (-50, 90)]
    clipped = clip(ring, 100, 100)
    assert all(0 <= x <= 100 and 0 <= y <= 100 for x, y in clipped)
    assert {(0.0, 10), (50, 10), (50, 90), (0.0, 90)} == set(clipped)
    dense = [(x, 0) for x in range(11)] + [(10, y) for y in range(1, 11)] + [(0, 10), (0, 0)]
    assert simplify(dense, 0.5) == [(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]


def test_markers_at_one_place_are_spread_apart():
    """Three cases in one city get three markers, each clear of the others."""
    places = [(name, 100.0 + i, 100.0) for i, name in enumerate("abc")]
    placed = spread(places)
    assert [p[0] for p in placed] == ["a", "b", "c"] and all(p[3] for p in placed)
    for i, one in enumerate(placed):
        for other in placed[i + 1 :]:
            assert ((one[1] - other[1]) ** 2 + (one[2] - other[2]) ** 2) ** 0.5 > 2 * 7


def test_missing_boundaries_say_what_to_run(tmp_path, monkeypatch):
    """Without `npm ci`, the build is told which file is missing and what to run."""
    monkeypatch.setattr(casemap, "PROJECT", tmp_path)
    with pytest.raises(AtlasMissing) as caught:
        atlas_path(tmp_path)
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / casemap.ATLAS}: ")
    assert "make install" in message and "npm ci" in message


def test_a_case_without_location_is_listed_and_warned(tmp_path):
    """The map page lists a case it cannot place, and `commons check` warns about it."""
    shutil.copytree(FIXTURES / "site", tmp_path, dirs_exist_ok=True)
    source = tmp_path / "cases/la-borda.en.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(re.sub(r"location: .*\n", "", text), encoding="utf-8")
    site = load_site(tmp_path)
    for lang in LANGUAGES:
        html = map_page(site, lang).html
        unplaced = html.split('<h2 id="unplaced">')[1]
        assert 'href="../cases/la-borda/"' in unplaced
        assert 'data-case="la-borda"' not in html
    warnings = [
        p for p in check(site.corpus, Schemas.for_root(tmp_path)) if p.rule == "missing-location"
    ]
    assert [(w.path, w.severity) for w in warnings] == [("cases/la-borda.en.md", "warning")]


def test_the_real_map_stays_small():
    """The real site's map body, style and script weigh far less than 100 KB compressed."""
    site = load_site(REPO)
    assets = REPO / "overrides/assets"
    for lang in LANGUAGES:
        body = map_page(site, lang).html.encode()
        extra = (assets / "commons-map.css").read_bytes() + (assets / "commons-map.js").read_bytes()
        # Material's header, navigation and footer add about 15 KB to the page.
        assert len(gzip.compress(body)) + len(gzip.compress(extra)) < 60_000, lang


def test_handbook_carries_the_map_in_each_language(tmp_path):
    """Each handbook opens its case studies with the map, its markers leading to the cases."""
    root = assemble("site", tmp_path)
    slugs = located(root)
    for lang in LANGUAGES:
        html = handbook_html(root, lang)
        figure = html.split('<figure class="map-figure">')[1].split("</figure></section>")[0]
        targets = re.findall(r'class="commons-map__marker" href="#([^"]+)"', figure)
        assert sorted(targets) == sorted(f"cases-{slug}" for slug in slugs), lang
        assert all(f'id="{target}"' in html for target in targets)
        # Names are HTML over the drawing in print, where Arabic is shaped.
        assert f">{country_name('ES', lang)}</span>" in figure


# In the browser -------------------------------------------------------------------------


def map_url(served: str, site: Path, lang: str, how: str) -> str:
    """The map page of `lang`, over http or from file://."""
    root = language_root(lang, SOURCE_LANGUAGE)
    if how == "http":
        return f"{served}/{root}map/"
    return (site / root / "map" / "index.html").as_uri()


def resolves_to_case(url: str, slug: str, site: Path, served: str) -> bool:
    """Whether a marker's link leads to the case's page in the built site."""
    parts = urlsplit(url)
    path = unquote(parts.path)
    if parts.scheme == "http":
        assert url.startswith(served)
        target = site / path.lstrip("/")
    else:
        target = Path(path)
    page = target / "index.html" if path.endswith("/") else target
    return page.is_file() and f"/cases/{slug}/" in path


def tab_to_markers(page, count: int) -> list[str]:
    """Press Tab until every marker has had the focus once; the cases, in focus order."""
    seen: list[str] = []
    for _ in range(200):
        page.keyboard.press("Tab")
        slug = page.evaluate(
            "document.activeElement.matches('.commons-map__marker')"
            " ? document.activeElement.dataset.case : null"
        )
        if slug:
            seen.append(slug)
            if len(seen) == count:
                break
    return seen


@pytest.mark.parametrize("how", ["http", "file"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_map_has_a_linked_marker_per_case_and_works_by_keyboard(
    page, served, fixture_site, lang, how
):
    """Every located case has a marker leading to its page, reachable by Tab, focus visible."""
    page.set_viewport_size(WIDE)
    page.goto(map_url(served, fixture_site, lang, how))
    cases = located(fixture_site.parent)
    site = load_site(fixture_site.parent)
    markers = page.locator("a.commons-map__marker")
    slugs = markers.evaluate_all("els => els.map(e => e.dataset.case)")
    assert sorted(slugs) == sorted(cases)
    for slug in slugs:
        marker = page.locator(f'a.commons-map__marker[data-case="{slug}"]')
        href = marker.evaluate("e => new URL(e.getAttribute('href'), location.href).href")
        assert resolves_to_case(href, slug, fixture_site, served), href
        shown = site.corpus.get(CASES, slug, lang) or site.corpus.sources(CASES)[slug]
        assert marker.get_attribute("aria-label") == shown.meta["title"]
        assert marker.get_attribute("lang") == (None if shown.lang == lang else shown.lang)
    # Each marker takes the focus in turn, and shows it: a larger dot and the case's name.
    assert sorted(tab_to_markers(page, len(slugs))) == sorted(slugs)
    focused = page.evaluate(
        """(() => { const a = document.activeElement, dot = a.querySelector('.commons-map__dot');
        return [getComputedStyle(dot).r, getComputedStyle(dot).strokeWidth,
                getComputedStyle(a.querySelector('.commons-map__label')).visibility]; })()"""
    )
    assert focused == ["11px", "3px", "visible"]
    # Screen readers have the list by country beside the map, names from CLDR.
    listing = page.locator(".commons-map__list")
    for slug, meta in cases.items():
        assert listing.locator(f'li[data-case="{slug}"] a').count() == 1
        assert listing.get_by_text(country_name(meta["country"], lang), exact=True).count() == 1
    assert page.outside_requests == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_map_lays_out_in_the_page_direction(page, served, fixture_site, lang):
    """The list sits at the map's inline end: left of it in Arabic; names in the language."""
    page.set_viewport_size(WIDE)
    page.goto(map_url(served, fixture_site, lang, "http"))
    rtl = lang in RTL_LANGUAGES
    assert page.evaluate("getComputedStyle(document.body).direction") == ("rtl" if rtl else "ltr")
    figures = page.locator(".commons-map__figures").bounding_box()
    listing = page.locator(".commons-map__list").bounding_box()
    assert (listing["x"] < figures["x"]) == rtl, (figures, listing)
    names = page.locator(".commons-map__names text").all_text_contents()
    assert country_name("ES", lang) in names
    assert page.evaluate(
        "getComputedStyle(document.querySelector('.commons-map__names text')).direction"
    ) == ("rtl" if rtl else "ltr")
    # Cases far from the Mediterranean (Maricá) are drawn in an inset of their country.
    inset = page.locator(".commons-map__inset")
    assert inset.locator("figcaption").inner_text() == country_name("BR", lang)
    assert inset.locator('a[data-case="marica-currency"]').count() == 1


def visible_markers(page) -> list[str]:
    """The cases whose markers a reader can see."""
    return sorted(
        page.locator("a.commons-map__marker")
        .filter(visible=True)
        .evaluate_all("els => els.map(e => e.dataset.case)")
    )


def test_filters_drive_the_map(page, served, fixture_site):
    """A filter fragment shows only its markers; the case index's link carries its filter."""
    page.set_viewport_size(WIDE)
    page.goto(f"{served}/fr/map/#country=ES")
    assert visible_markers(page) == ["la-borda"]
    status = page.locator("[data-commons-map-status]")
    assert status.is_visible() and "1 sur 3" in status.inner_text()
    assert page.locator('.commons-map__list li[data-case="marica-currency"]').is_hidden()
    page.evaluate("location.hash = 'country=BR,TN'")
    page.wait_for_function("!document.querySelector('[data-case=\"la-borda\"]').checkVisibility()")
    assert visible_markers(page) == ["english-only", "marica-currency"]
    status.get_by_role("link").click()
    assert visible_markers(page) == sorted(located(fixture_site.parent))
    assert status.is_hidden()
    # From the case index, filtered, to the map showing the same cases.
    page.goto(f"{served}/fr/cases/#country=ES")
    page.locator("a[data-commons-map-link]").click()
    page.wait_for_url("**/fr/map/#country=ES")
    assert visible_markers(page) == ["la-borda"]
    assert page.outside_requests == []


def test_without_javascript_the_whole_map_shows(browser, served, fixture_site):
    """No script: every marker shows, even with a filter in the address, and no status."""
    context = browser.new_context(java_script_enabled=False, viewport=NARROW)
    page = context.new_page()
    page.goto(f"{served}/ar/map/#country=ES")
    assert visible_markers(page) == sorted(located(fixture_site.parent))
    assert page.locator("[data-commons-map-status]").is_hidden()
    context.close()


def test_home_and_case_index_lead_to_the_map(page, served):
    """The map is reached from home and from the case index, in each language."""
    for lang in LANGUAGES:
        root = language_root(lang, SOURCE_LANGUAGE)
        for start in ("", "cases/"):
            page.goto(f"{served}/{root}{start}")
            link = page.locator("article a[href$='map/']").first
            link.click()
            page.wait_for_url(f"{served}/{root}map/")
    assert page.outside_requests == []


def test_map_page_weighs_under_100_kb_compressed(fixture_site):
    """The built map page, with what only it loads, is under 100 KB gzipped."""
    total = 0
    for name in ("map/index.html", "assets/commons-map.css", "assets/commons-map.js"):
        total += len(gzip.compress((fixture_site / name).read_bytes()))
    assert total < 100_000
