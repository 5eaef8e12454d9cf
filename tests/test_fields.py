"""A case field declared in its schema alone reaches the page, the filters and the categories."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import REPO, assemble, mkdocs_build, run

from commons.fields import fields
from commons.schemas import Schemas

FUNDING = {
    "$ref": "vocabularies/funding.json",
    "description": "Where the money came from.",
    "x-labels": {"en": "Funding", "fr": "Financement", "ar": "التمويل"},
    "x-show": ["card", "infobox", "comparison"],
    "x-facet": "funding",
    "x-category": {"kind": "funding"},
}
VOCABULARY = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Funding",
    "oneOf": [
        {"const": "public-grant", "title": "Public grant", "x-labels": {"fr": "Subvention"}},
        {"const": "community-shares", "title": "Community shares"},
    ],
}


@pytest.fixture(scope="module")
def funded(tmp_path_factory) -> Path:
    """The fixture site whose schema gains a `funding` field that La Borda uses."""
    root = assemble("site", tmp_path_factory.mktemp("funded"))
    shutil.copytree(REPO / "schemas", root / "schemas")
    case = json.loads((root / "schemas" / "case.schema.json").read_text(encoding="utf-8"))
    case["properties"] = {
        key: value for key, value in case["properties"].items() if key != "sources"
    } | {"funding": FUNDING, "sources": case["properties"]["sources"]}
    (root / "schemas" / "case.schema.json").write_text(json.dumps(case), encoding="utf-8")
    (root / "schemas" / "vocabularies" / "funding.json").write_text(
        json.dumps(VOCABULARY), encoding="utf-8"
    )
    borda = root / "cases" / "la-borda.en.md"
    text = borda.read_text(encoding="utf-8")
    borda.write_text(text.replace("sources:", "funding: public-grant\nsources:", 1), "utf-8")
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root


def test_the_field_is_read_from_the_schema(funded):
    """No Python names the field: the schema of the site declares it."""
    declared = {f.name: f for f in fields(Schemas.for_root(funded), "case")}
    assert declared["funding"].facet == "funding"
    assert "funding" not in {f.name for f in fields(Schemas.for_root(REPO), "case")}


def test_a_value_outside_the_vocabulary_is_refused(funded, tmp_path):
    """`commons check` holds the new field to its vocabulary, with line and field."""
    shutil.copytree(funded, tmp_path / "site", ignore=shutil.ignore_patterns("site"))
    borda = tmp_path / "site" / "cases" / "la-borda.en.md"
    borda.write_text(
        borda.read_text(encoding="utf-8").replace("public-grant", "lottery"), encoding="utf-8"
    )
    result = run("commons.cli", "--root", str(tmp_path / "site"), "check", cwd=tmp_path)
    assert result.returncode == 1
    assert "cases/la-borda.en.md:" in result.stdout and "funding" in result.stdout
    assert "'lottery'" in result.stdout


@pytest.mark.parametrize(
    ("root", "label", "value"),
    [("", "Funding", "Public grant"), ("fr/", "Financement", "Subvention")],
)
def test_the_infobox_shows_it_linked_to_its_category(funded, root, label, value):
    """The case page has the row, in the reader's language, linking to a category page."""
    html = (funded / "site" / root / "cases" / "la-borda" / "index.html").read_text("utf-8")
    row = html.split(f"<dt>{label}</dt>", 1)[1].split("</dd>", 1)[0]
    assert value in row
    assert 'href="../../categories/funding/public-grant/"' in row
    category = funded / "site" / root / "categories" / "funding" / "public-grant" / "index.html"
    assert "La Borda" in category.read_text(encoding="utf-8")


def test_the_case_index_filters_by_it(funded, browser):
    """In Chromium, ticking the new facet's value leaves only the case that has it."""
    page = browser.new_page()
    try:
        page.goto((funded / "site" / "cases" / "index.html").as_uri())
        page.wait_for_selector("form[data-commons-facets]:not([hidden])")
        page.locator("summary", has_text="Filter").first.click()
        legend = page.locator('fieldset[data-facet="funding"] legend')
        assert legend.inner_text() == "Funding"
        page.locator('input[name="funding"][value="public-grant"]').check()
        cards = page.locator(".commons-cards--cases .commons-card").filter(visible=True)
        assert cards.locator(".commons-card__title").all_inner_texts() == [
            "La Borda housing cooperative"
        ]
        assert "funding=public-grant" in page.evaluate("location.hash")
    finally:
        page.close()
