"""Overviews of the corpus: the case comparison, page cards, project roadmaps, tier notes."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import FIXTURES, assemble, mkdocs_build

from commons.fields import fields
from commons.handbook import handbook_html
from commons.schemas import Schemas
from commons.strings import t

LANGUAGE_ROOTS = {"en": "", "fr": "fr/", "ar": "ar/"}
FIXTURE_CASES = {"english-only", "la-borda", "marica-currency"}


class _Table(HTMLParser):
    """The comparison table of a page: its header cells and, per row, the case link and cells."""

    def __init__(self):
        super().__init__()
        self.inside = False
        self.head: list[str] = []
        self.rows: list[dict] = []
        self.cell: list[str] | None = None
        self.attrs: dict = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div" and attrs.get("class") == "commons-comparison":
            self.inside, self.attrs = True, attrs
        elif self.inside and tag == "tr":
            self.rows.append({"cells": [], "href": None, "lang": None})
        elif self.inside and tag in ("th", "td"):
            self.cell = []
            if attrs.get("scope") == "row":
                self.rows[-1]["lang"] = attrs.get("lang")
        elif self.inside and tag == "a" and self.rows and self.rows[-1]["href"] is None:
            self.rows[-1]["href"] = attrs["href"]

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif self.inside and tag in ("th", "td") and self.cell is not None:
            self.rows[-1]["cells"].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def comparison_of(html: str) -> _Table:
    """The parsed comparison table of a built page."""
    table = _Table()
    table.feed(html)
    assert table.rows, "no comparison table on the page"
    header, *rows = table.rows
    table.head, table.rows = header["cells"], rows
    return table


def read(site: Path, lang: str, path: str) -> str:
    """A built page of `site` in `lang`, its French spaces read as plain ones."""
    html = (site / LANGUAGE_ROOTS[lang] / path / "index.html").read_text(encoding="utf-8")
    return html.replace("\u202f", " ").replace("\u00a0", " ")


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_comparison_lists_every_case_with_labels_in_the_readers_language(fixture_site, lang):
    """One row per case linking to it, headed and filled in the page's language."""
    html = read(fixture_site, lang, "synthesis")
    table = comparison_of(html)
    assert table.head[0] == t("comparison_case", lang)
    schemas = Schemas.for_root(FIXTURES / "site")
    tier = next(f for f in fields(schemas, "case") if f.name == "coproduction_tier")
    assert table.head[4] == tier.label(lang)
    assert {row["href"].split("/")[-2] for row in table.rows} == FIXTURE_CASES
    borda = next(row for row in table.rows if "la-borda" in row["href"])
    tiers = schemas.vocabularies["tiers"]
    assert borda["cells"][4] == tiers.label("transformation", lang)
    assert t("tier_note", lang) in html.replace("&#39;", "'").replace("&#x27;", "'")
    assert table.attrs["dir"] == ("rtl" if lang == "ar" else "ltr")
    # A case shown in English inside a French or Arabic table keeps its own language.
    english = next(row for row in table.rows if "english-only" in row["href"])
    assert english["lang"] == (None if lang == "en" else "en")


def test_a_new_case_joins_the_comparison_without_editing_the_page(tmp_path):
    """The table is made from front-matter: adding a case file is enough."""
    root = assemble("site", tmp_path)
    (root / "cases/tunis-canteens.en.md").write_text(
        "---\ntitle: Tunis school canteens\nsummary: Canteens run with parents.\ncountry: TN\n"
        "place: Tunis\npolicy_areas: [childcare]\ncoproduction_tier: support\n"
        "sources: [Fixture guidebook]\n---\n\nText.\n",
        encoding="utf-8",
    )
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    table = comparison_of(read(root / "site", "fr", "synthesis"))
    row = next(row for row in table.rows if row["href"] == "../cases/tunis-canteens/")
    assert row["cells"][1:] == ["Tunisie", "", "Éducation et petite enfance", "Soutien", ""]


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_pages_listed_on_an_index_have_a_card_there(fixture_site, lang):
    """`listed_on: cases` puts the synthesis on the case index, the projects on the roadmaps."""

    def cards(index: str) -> list[str]:
        html = read(fixture_site, lang, index)
        listed = re.search(r'commons-cards--pages">(.*?)</ul>', html, re.S).group(1)
        return re.findall(r'class="commons-card__title" href="([^"]+)"', listed)

    assert cards("cases") == ["../synthesis/"]
    assert cards("roadmaps") == ["../projects/"]


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_roadmaps_index_names_each_project_and_what_is_missing(fixture_site, lang):
    """Each project is named: its roadmap linked, or marked missing with a way to contribute."""
    html = read(fixture_site, lang, "roadmaps")
    projects = Schemas.for_root(FIXTURES / "site").vocabularies["projects"]
    cards = dict(re.findall(r'data-project="([a-z]+)">(.*?)</li>\n?(?=<li|</ul>)', html, re.S))
    assert list(cards) == projects.values
    assert 'href="shared-space/"' in cards["medtown"]
    for project in projects.values[1:]:
        name = f"<bdi>{projects.label(project, lang)}</bdi>"
        missing = t("roadmap_missing", lang, project="\x00").replace("\x00", name)
        assert missing in cards[project].replace("&#x27;", "'"), cards[project]
        assert 'href="../contribute/"' in cards[project]
    assert (fixture_site / LANGUAGE_ROOTS[lang] / "contribute/index.html").is_file()


@pytest.mark.parametrize("lang", ["en", "fr", "ar"])
def test_tier_is_said_to_be_the_editors_reading_where_shown_or_filtered(fixture_site, lang):
    """The infobox, the tier filter and the tier's category page say so, in each language."""
    note = t("tier_note", lang)
    case = read(fixture_site, lang, "cases/la-borda").replace("&#39;", "'").replace("&#x27;", "'")
    assert f'<small class="commons-infobox__note">{note}</small>' in case
    index = read(fixture_site, lang, "cases").replace("&#39;", "'").replace("&#x27;", "'")
    facet = re.search(r'data-facet="tier">(.*?)</fieldset>', index, re.S).group(1)
    assert note in facet
    category = read(fixture_site, lang, "categories/tier/support").replace("&#x27;", "'")
    assert f'<p class="commons-facets__note">{note}</p>' in category


def test_handbook_opens_the_cases_with_the_synthesis_and_its_table(tmp_path):
    """A page listed on the case index is printed before the cases, with the same table."""
    shutil.copytree(FIXTURES / "handbook", tmp_path, dirs_exist_ok=True)
    shutil.copy(FIXTURES / "site/docs/synthesis.en.md", tmp_path / "docs/synthesis.en.md")
    html = handbook_html(tmp_path, "ar")
    part = html[html.index('id="part-cases"') :]
    assert part.index('id="page-synthesis"') < part.index('id="cases-la-borda"')
    table = re.search(r'<table class="comparison".*?</table>', part, re.S).group(0)
    assert 'href="#cases-la-borda"' in table and t("comparison_case", "ar") in table
    assert t("tier_note", "ar") in part


def test_comparison_scrolls_inside_the_arabic_page_on_a_phone(page, served):
    """At 390 px the table scrolls in its own box, right to left, and adds no width to the page."""
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{served}/ar/synthesis/")
    sizes = page.evaluate(
        """() => {
            const box = document.querySelector('.commons-comparison');
            const cells = box.querySelectorAll('thead th');
            const sizes = {
                page: document.documentElement.scrollWidth,
                box: box.getBoundingClientRect(),
                table: box.scrollWidth,
                inside: box.clientWidth,
                first: cells[0].getBoundingClientRect().left,
                last: cells[cells.length - 1].getBoundingClientRect().left,
            };
            box.remove();
            sizes.without = document.documentElement.scrollWidth;
            return sizes;
        }"""
    )
    assert sizes["box"]["left"] >= 0 and sizes["box"]["right"] <= 390, sizes
    assert sizes["page"] == sizes["without"], sizes
    assert sizes["table"] > sizes["inside"], sizes
    assert sizes["first"] > sizes["last"], sizes
    assert page.outside_requests == []


@pytest.mark.parametrize(
    ("lang", "first", "second"),
    [
        ("en", "Definitions of co-production", "Levels of co-production"),
        ("fr", "Définitions de la coproduction", "Levels of co-production"),
        ("ar", "تعريفات الإنتاج المشترك", "Levels of co-production"),
    ],
)
def test_reading_topics_show_in_the_readers_language(fixture_site, lang, first, second):
    """A topic given per language shows in the reader's; one given in English only, in English."""
    html = read(fixture_site, lang, "readings")
    facts = re.findall(r'<ul class="commons-card__facts">(.*?)</ul>', html)
    assert f"<li>{first}</li>" in facts[0]
    # Shown in English on a French or Arabic page, the topic says it is English.
    marked = "" if lang == "en" else ' lang="en" dir="ltr"'
    assert f"<li{marked}>{second}</li>" in facts[1]


@pytest.mark.parametrize(
    ("lang", "place"), [("en", "Barcelona"), ("fr", "Barcelone"), ("ar", "Barcelona")]
)
def test_a_translation_names_the_place_its_own_way_or_shows_the_english(fixture_site, lang, place):
    """`place` is translatable: the French file gives Barcelone; the Arabic one, none yet."""
    case = read(fixture_site, lang, "cases/la-borda")
    cell = re.search(r'<dd class="commons-infobox__place">(.*?)</dd>', case, re.S).group(1)
    assert re.sub(r"</?bdi>", "", cell).strip() == place
    index = read(fixture_site, lang, "cases")
    card = re.search(r'href="la-borda/".*?</dl>', index, re.S).group()
    assert f"<dd>{place}</dd>" in re.sub(r"</?bdi>", "", card)
