"""`commons import-wiki` on fixture exports: schema 0.3, 0.10 and 0.11; English, French, Arabic."""

from __future__ import annotations

import html
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import tracemalloc
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from conftest import FIXTURES, REPO, assemble, mkdocs_build

from commons import LANGUAGES
from commons.corpus import CASES, FILE_NAME, PAGES, load_entry, source_version
from commons.frontmatter import parse
from commons.safety import findings
from commons.schemas import Schemas
from commons.searchindex import read as read_index
from commons.wikiimport import import_wiki
from commons.wikiimport.convert import Converter, LinkTarget
from commons.wikiimport.language import SCRIPTS, detect, model_languages
from commons.wikiimport.mapping import country_code
from commons.wikiimport.slugs import page_slug
from commons.wikiimport.titles import CATEGORY, FILE, TALK, Namespaces

WIKI = FIXTURES / "wiki"
EXPORTS = {"en": "export-0.3.xml", "fr": "export-0.10.xml", "ar": "export-0.11-ar.xml"}


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> dict[str, Path]:
    """Each fixture export imported once, with the fixture mapping, into its own folder."""
    folders = {}
    for lang, name in EXPORTS.items():
        out = tmp_path_factory.mktemp(f"wiki-{lang}")
        import_wiki(WIKI / name, out, None, WIKI / "mapping.yml")
        folders[lang] = out
    return folders


def read(folder: Path, rel: str):
    """(front-matter, body) of a written Markdown file."""
    doc = parse((folder / rel).read_bytes())
    return doc.meta, doc.body.lstrip("\n")


def report(folder: Path) -> dict:
    """The JSON report of an import."""
    return json.loads((folder / "import-report.json").read_text(encoding="utf-8"))


def page_entry(folder: Path, title: str) -> dict:
    """The report entry of one wiki page."""
    return next(e for e in report(folder)["pages"] if e["title"] == title)


def issues(folder: Path, section: str, page: str | None = None) -> list[dict]:
    """Entries of one report section, optionally for one page."""
    return [e for e in report(folder)[section] if page is None or e["page"] == page]


def cli(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    """Run `commons` as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "commons.cli", *args], cwd=cwd, capture_output=True, text=True
    )


# ------------------------------------------------------------------- reading the export


def test_every_schema_version_is_read(imported):
    """0.3 (no <ns>), 0.10 and 0.11 exports are read; the version is reported."""
    assert report(imported["en"])["schema_version"] == "0.3"
    assert report(imported["fr"])["schema_version"] == "0.10"
    assert report(imported["ar"])["schema_version"] == "0.11"
    # Without <ns>, the title's prefix says what a page is.
    assert page_entry(imported["en"], "Talk:La Borda")["ns"] == TALK


def test_only_the_latest_revision_is_imported(imported):
    """A page with several revisions is imported from the latest one only."""
    meta, body = read(imported["en"], "cases/la-borda.en.md")
    assert "OLD REVISION TEXT" not in body
    assert meta["sources"] == ["MedRiSSE wiki, page 'La Borda' (revision 13, 2019-05-02)"]
    _, body = read(imported["fr"], "docs/wiki/logement-cooperatif.fr.md")
    assert "ANCIENNE VERSION" not in body and "logement coopératif" in body


# ------------------------------------------------------------------ wikitext to Markdown


def test_headings_bold_and_italic(imported):
    """== and === headings, ''' bold and '' italic."""
    _, body = read(imported["en"], "cases/la-borda.en.md")
    assert "\n## History\n" in body and "\n### Figures\n" in body
    assert body.startswith("**La Borda** is a *housing cooperative* in Barcelona")


def test_nested_numbered_and_definition_lists(imported):
    """Numbered and bulleted lists keep their nesting; definition lists keep term and text."""
    _, body = read(imported["en"], "docs/wiki/sostre-civic.en.md")
    assert "1. Form a group\n1. Find land\n    1. Public land\n    1. Private land" in body
    assert "- Members\n    - Residents\n    - Supporters" in body
    assert "**Cession of use**: a right to use a dwelling for a long period" in body
    assert "**Rent**: a monthly fee" in body


def test_tables_with_caption_header_and_flattened_span(imported):
    """Caption, header row, and a rowspan flattened with a warning at its line."""
    _, body = read(imported["en"], "cases/la-borda.en.md")
    assert "**Dwellings by size**\n\n| Size | Dwellings | Rent |\n| --- | --- | --- |" in body
    assert "| Small | 8 | 450 € |\n|  | 10 | 500 € |\n| Large | 10 | 650 € |" in body
    spans = [
        e for e in issues(imported["en"], "inexact", "La Borda") if e["construct"] == "table span"
    ]
    assert spans and spans[0]["line"] == 15


def test_internal_links_point_to_new_pages_and_missing_ones_are_reported(imported):
    """Links go to the new files' relative paths, through redirects; missing ones are listed."""
    _, body = read(imported["en"], "cases/la-borda.en.md")
    assert "[Sostre Cívic](../wiki/sostre-civic.md)" in body
    _, body = read(imported["en"], "docs/wiki/sostre-civic.en.md")
    assert "[La Borda](../cases/la-borda.md) and [the redirect](../cases/la-borda.md)" in body
    _, body = read(imported["fr"], "docs/wiki/logement-cooperatif.fr.md")
    assert "[Monnaie locale de Maricá](../cases/monnaie-locale-de-marica.md)" in body
    assert "Voir aussi Page inexistante." in body
    _, body = read(imported["ar"], "docs/wiki/alaqtsad-alajtmaay.ar.md")
    assert "[تعاونية الإسكان في تونس](../cases/taawnya-aliskan-fy-twns.md)" in body
    missing = {(e["page"], e["target"], e["line"]) for e in issues(imported["en"], "missing_links")}
    assert ("La Borda", "Cooperative housing in Spain", 12) in missing
    assert ("Sostre Cívic", "User:Alice", 27) in missing
    assert any(e["target"] == "Page inexistante" for e in issues(imported["fr"], "missing_links"))
    assert any(e["target"] == "صفحة غير موجودة" for e in issues(imported["ar"], "missing_links"))


def test_external_links(imported):
    """Bracketed links with and without a label, and bare URLs."""
    _, body = read(imported["en"], "docs/wiki/sostre-civic.en.md")
    assert "[the cooperative's site](https://sostrecivic.coop)" in body
    assert "[\\[1\\]](http://example.org/numbered)" in body
    assert "[https://example.org/bare](https://example.org/bare)." in body


def test_references_become_footnotes(imported):
    """<ref> becomes a footnote, a named ref is reused, <references/> places the list."""
    _, body = read(imported["en"], "cases/la-borda.en.md")
    assert body.count("[^1]") == 3 and "[^2]" in body
    assert "## References\n\n///Footnotes Go Here///" in body
    assert (
        "[^1]: [La Borda, housing cooperative](https://www.lacol.coop/projectes/laborda/). Lacol."
        in body
    )
    assert "[^2]: Interview with residents, 2019." in body


def test_nowiki_and_preformatted_text(imported):
    """Text in nowiki is shown as written; leading-space lines become a code block."""
    _, body = read(imported["en"], "docs/wiki/sostre-civic.en.md")
    assert "\\[\\[not a link\\]\\] and ''not italic''" in body
    assert "```\npreformatted line one\npreformatted line two\n```" in body


def test_images_and_galleries_list_every_missing_file(imported):
    """The export carries no files: each image and gallery item is listed with its path."""
    expected = {
        ("en", "La Borda building.jpg", "docs/wiki/media/la-borda-building.jpg"),
        ("fr", "Marché de Maricá.jpg", "docs/wiki/media/marche-de-marica.jpg"),
        ("fr", "Carte Mumbuca.png", "docs/wiki/media/carte-mumbuca.png"),
        ("fr", "Façade.jpg", "docs/wiki/media/facade.jpg"),
        ("ar", "سوق تضامني.jpg", "docs/wiki/media/swq-tdamny.jpg"),
    }
    found = {
        (lang, e["file"], e["expected"])
        for lang, folder in imported.items()
        for e in issues(folder, "missing_media")
    }
    assert found == expected
    _, body = read(imported["en"], "cases/la-borda.en.md")
    assert "<!-- missing media: docs/wiki/media/la-borda-building.jpg -->" in body
    assert "<em>The building on Constitució street</em>" in body
    _, body = read(imported["fr"], "cases/monnaie-locale-de-marica.fr.md")
    assert "<em>Le marché</em>" in body and "<em>La carte</em>" in body


def test_images_present_in_the_output_are_referenced(tmp_path):
    """A media file put where the report said is linked as an image on the next import."""
    media = tmp_path / "docs" / "wiki" / "media"
    media.mkdir(parents=True)
    (media / "la-borda-building.jpg").write_bytes(b"\xff\xd8\xff")
    import_wiki(WIKI / "export-0.3.xml", tmp_path, None, WIKI / "mapping.yml")
    _, body = read(tmp_path, "cases/la-borda.en.md")
    assert (
        "![The building on Constitució street](../wiki/media/la-borda-building.jpg)"
        "<br><em>The building on Constitució street</em>" in body
    )
    assert not issues(tmp_path, "missing_media")


# ------------------------------------------------------------------ templates and categories


def test_infobox_parameters_become_case_fields(imported):
    """Country, city and start year become country, place and years; names become ISO codes."""
    meta, _ = read(imported["en"], "cases/la-borda.en.md")
    assert meta["country"] == "ES" and meta["place"] == "Barcelona"
    assert meta["years"] == {"start": 2014}
    assert meta["policy_areas"] == ["housing"] and meta["coproduction_tier"] == "transformation"
    meta, _ = read(imported["fr"], "cases/monnaie-locale-de-marica.en.md")
    assert (meta["country"], meta["place"], meta["years"]) == ("BR", "Maricá", {"start": 2013})
    assert meta["policy_areas"] == ["local-currency"]
    meta, _ = read(imported["ar"], "cases/taawnya-aliskan-fy-twns.en.md")
    assert (meta["country"], meta["place"], meta["years"]) == ("TN", "تونس", {"start": 2016})
    unused = issues(imported["en"], "inexact", "La Borda")
    assert any(e["construct"] == "infobox parameter 'architect'" for e in unused)


def test_country_names_in_three_languages_become_iso_codes(imported):
    """CLDR names in English, French and Arabic; a name matching nothing is reported."""
    assert country_code("Spain") == country_code("Espagne") == country_code("إسبانيا") == "ES"
    assert country_code("es") == "ES" and country_code("Atlantis") is None
    values = issues(imported["en"], "values", "Madrid housing")
    assert values and values[0]["field"] == "country" and "'Castile'" in values[0]["problem"]


def test_every_unmapped_template_is_listed(imported):
    """A template without a mapping is reported with page, line and call, never dropped silently."""
    listed = issues(imported["en"], "unmapped_templates")
    assert [(e["template"], e["page"], e["line"], e["call"]) for e in listed] == [
        ("Stub", "La Borda", 12, "{{Stub}}")
    ]
    assert report(imported["en"])["summary"]["unmapped_templates"] == {"Stub": 1}


def test_categories_become_tags_and_vocabulary_values(imported):
    """Mapped categories fill policy areas, countries, projects; the others become tags."""
    meta, _ = read(imported["en"], "cases/la-borda.en.md")
    assert meta["project"] == "medtown" and meta["tags"] == ["Cooperatives"]
    meta, _ = read(imported["fr"], "cases/monnaie-locale-de-marica.en.md")
    assert meta["project"] == "medtown"
    meta, _ = read(imported["ar"], "cases/taawnya-aliskan-fy-twns.en.md")
    assert meta["policy_areas"] == ["housing", "social-economy"]
    # A page has no field a category maps to: each of its categories becomes a tag.
    assert page_entry(imported["fr"], "Logement coopératif")["categories"] == ["Logement"]
    meta, _ = read(imported["fr"], "docs/wiki/logement-cooperatif.en.md")
    assert meta["tags"] == ["Logement"]


def test_localized_namespace_prefixes_are_recognised(imported):
    """Catégorie:, Fichier:, تصنيف:, ملف: work although siteinfo names English ones only."""
    english_only = Namespaces({14: "Category", 6: "File"})
    assert english_only.split("Catégorie:Logement") == (CATEGORY, "Logement")
    assert english_only.split("Fichier:Façade.jpg") == (FILE, "Façade.jpg")
    assert english_only.split("تصنيف:سكن") == (CATEGORY, "سكن")
    assert english_only.split("ملف:سوق.jpg") == (FILE, "سوق.jpg")
    for lang, rel in (
        ("fr", "docs/wiki/logement-cooperatif.fr.md"),
        ("ar", "docs/wiki/alaqtsad-alajtmaay.ar.md"),
    ):
        _, body = read(imported[lang], rel)
        assert "Catégorie" not in body and "Fichier" not in body
        assert "تصنيف" not in body and "ملف:" not in body


# -------------------------------------------------------------------- pages and redirects


def test_redirects_map_old_urls_to_new_pages(imported):
    """Wiki redirects and every imported page's own title land on the new page."""
    rows = yaml.safe_load((imported["en"] / "data/redirects.yml").read_text(encoding="utf-8"))
    mapped = {row["from"]: row["to"] for row in rows}
    assert mapped["/wiki/LaBorda"] == mapped["/index.php?title=LaBorda"] == "cases/la-borda/"
    assert mapped["/wiki/La_Borda"] == "cases/la-borda/"
    assert mapped["/wiki/La_Borda/fr"] == "fr/cases/la-borda/"
    assert mapped["/wiki/Sostre_C%C3%ADvic"] == "wiki/sostre-civic/"
    assert [row["from"] for row in rows] == sorted(mapped)
    rows = yaml.safe_load((imported["fr"] / "data/redirects.yml").read_text(encoding="utf-8"))
    assert {"from": "/wiki/Logement_cooperatif", "to": "fr/wiki/logement-cooperatif/"} in rows
    rows = yaml.safe_load((imported["ar"] / "data/redirects.yml").read_text(encoding="utf-8"))
    old = "/wiki/%D8%A7%D9%82%D8%AA%D8%B5%D8%A7%D8%AF_%D8%A7%D8%AC%D8%AA%D9%85%D8%A7%D8%B9%D9%8A"
    assert {"from": old, "to": "ar/wiki/alaqtsad-alajtmaay/"} in rows
    entry = page_entry(imported["en"], "LaBorda")
    assert (entry["outcome"], entry["to"]) == ("redirected", "cases/la-borda/")


def test_talk_user_template_file_and_category_pages_are_skipped_with_a_reason(imported):
    """Non-article pages are not imported; the report says why; category text is kept."""
    reasons = {e["title"]: e.get("reason") for e in report(imported["en"])["pages"]}
    assert reasons["Talk:La Borda"] == "talk page"
    assert reasons["User:Alice"] == "user page"
    assert reasons["Template:Infobox case"] == "template page"
    assert reasons["Category:Housing"].startswith("category page")
    assert page_entry(imported["en"], "Category:Housing")["description"] == (
        "Pages about **housing** policy, such as [La Borda](../cases/la-borda.md)."
    )
    reasons = {e["title"]: e.get("reason") for e in report(imported["fr"])["pages"]}
    assert reasons["Fichier:Façade.jpg"].startswith("file description page")
    assert reasons["Discussion:Logement coopératif"] == "talk page"
    assert reasons["Modèle:Infobox cas"] == "template page"
    reasons = {e["title"]: e.get("reason") for e in report(imported["ar"])["pages"]}
    assert reasons["نقاش:الاقتصاد الاجتماعي"] == "talk page"
    assert reasons["مستخدم:سارة"] == "user page"


def test_report_accounts_for_every_page(imported):
    """Every <page> of each export has exactly one entry: imported, redirected or skipped."""
    for lang, name in EXPORTS.items():
        xml = (WIKI / name).read_text(encoding="utf-8")
        titles = re.findall(r"<title>(.*?)</title>", xml)
        entries = report(imported[lang])["pages"]
        assert [e["title"] for e in entries] == titles
        assert all(e["outcome"] in ("imported", "redirected", "skipped") for e in entries)
        for entry in entries:
            if entry["outcome"] == "imported":
                assert (imported[lang] / entry["path"]).is_file()
    markdown = (imported["en"] / "import-report.md").read_text(encoding="utf-8")
    for heading in ("## Imported (6)", "## Redirected (1)", "## Skipped (4)", "## Missing media"):
        assert heading in markdown


def test_inexact_conversions_name_page_line_and_construct(imported):
    """Whatever is not converted exactly is reported with its page and wikitext line."""
    found = issues(imported["en"], "inexact")
    assert found and all(e["page"] and e["line"] >= 1 and e["construct"] for e in found)
    madrid = [e for e in found if e["page"] == "Madrid housing"]
    assert madrid[0]["detail"].startswith("could not be a case: missing country")
    assert page_entry(imported["en"], "Madrid housing")["path"] == "docs/wiki/madrid-housing.en.md"


# ------------------------------------------------------------------------ slugs and files


def test_slugs_are_lowercase_ascii_stable_and_unique(imported, tmp_path):
    """File names are valid slugs; Arabic titles get a transliterated slug; collisions reported."""
    for folder in imported.values():
        for path in [*folder.rglob("*.md")]:
            if path.name.startswith("import-report"):
                continue
            assert FILE_NAME.match(path.name) and path.name.isascii(), path
    assert (imported["ar"] / "cases" / "taawnya-aliskan-fy-twns.ar.md").is_file()
    assert page_slug("Sostre Cívic") == "sostre-civic"
    assert page_slug("Logement coopératif") == "logement-cooperatif"
    assert page_slug("Ελληνικά") == page_slug("Ελληνικά") and page_slug("Ελληνικά").startswith(
        "page-"
    )
    collisions = report(imported["en"])["collisions"]
    assert [(c["title"], c["slug"]) for c in collisions] == [("Co production", "co-production-2")]
    # The same export imported again gives the same files, byte for byte.
    again = tmp_path / "again"
    import_wiki(WIKI / "export-0.3.xml", again, None, WIKI / "mapping.yml")
    for path in (imported["en"] / "cases").glob("*.md"):
        assert (again / "cases" / path.name).read_bytes() == path.read_bytes()


def test_reimport_replaces_its_own_files_and_keeps_others(tmp_path):
    """A second import into the same folder replaces its own files; others are never overwritten."""
    (tmp_path / "cases").mkdir()
    mine = tmp_path / "cases" / "la-borda.en.md"
    mine.write_text("---\ntitle: Mine\n---\n", encoding="utf-8")
    import_wiki(WIKI / "export-0.3.xml", tmp_path, None, WIKI / "mapping.yml")
    import_wiki(WIKI / "export-0.3.xml", tmp_path, None, WIKI / "mapping.yml")
    assert mine.read_text(encoding="utf-8") == "---\ntitle: Mine\n---\n"
    assert (tmp_path / "cases" / "la-borda-2.en.md").is_file()
    assert not (tmp_path / "cases" / "la-borda-3.en.md").exists()
    reasons = [c["reason"] for c in report(tmp_path)["collisions"]]
    assert "'la-borda' is already used by a file in the output folder" in reasons


# ------------------------------------------------------------------------ languages


def test_translation_of_an_english_page_is_written_as_its_translation(imported):
    """'La Borda/fr' translates 'La Borda'; a [[en:...]] link pairs 'Guide pratique'."""
    meta, _ = read(imported["en"], "cases/la-borda.fr.md")
    assert set(meta) == {"title", "summary", "source_version", "reviewed"}
    assert meta["reviewed"] is False
    root = imported["en"].resolve()
    source = load_entry(root, root / "cases" / "la-borda.en.md", CASES)
    schemas = Schemas.for_root(root)
    assert meta["source_version"] == source_version(source, schemas.translatable("case"))
    meta, _ = read(imported["fr"], "docs/wiki/guide-pratique.fr.md")
    root = imported["fr"].resolve()
    source = load_entry(root, root / "docs" / "wiki" / "guide-pratique.en.md", PAGES)
    assert meta["source_version"] == source_version(source, schemas.translatable("page"))


def test_page_without_english_version_gets_an_english_stub(imported):
    """French and Arabic text stays in its own language; an English stub points to it."""
    meta, body = read(imported["fr"], "cases/monnaie-locale-de-marica.en.md")
    assert meta["summary"] == "A case study from the MedRiSSE wiki, available in French only."
    assert "written in French" in body and "Mumbuca" not in body
    meta, body = read(imported["fr"], "cases/monnaie-locale-de-marica.fr.md")
    assert meta["reviewed"] is True and "**Mumbuca**" in body
    assert "country" not in meta
    meta, body = read(imported["ar"], "docs/wiki/alaqtsad-alajtmaay.en.md")
    assert "written in Arabic" in body and "العربية" in body


# ------------------------------------------------------------------------ safety


def test_script_in_the_wiki_never_reaches_a_reader(imported):
    """<script>, event handlers and javascript: links are dropped, each reported with its line."""
    _, body = read(imported["en"], "docs/wiki/sostre-civic.en.md")
    for unsafe in ("<script", "alert(", "onclick", "onmouseover", "javascript:", "steal("):
        assert unsafe not in body
    assert "<span>Red text</span>" in body and "nor does this link or this one." in body
    removed = {(e["construct"], e["line"]) for e in issues(imported["en"], "unsafe")}
    assert removed == {
        ("<script>", 24),
        ("<a onclick>", 24),
        ("[javascript:alert(1) ...]", 24),
        ("<span onmouseover>", 25),
    }
    for folder in imported.values():
        for path in folder.rglob("*.md"):
            if not path.name.startswith("import-report"):
                assert findings(parse(path.read_bytes()).body) == [], path


class _Context:
    """A converter context with one known page."""

    title, lang, sitename = "Test", "en", "Test"
    namespaces = Namespaces()

    def __init__(self):
        from commons.wikiimport.mapping import Mapping

        self.mapping = Mapping()

    def link(self, ns, name):
        """Only 'Known' exists."""
        return LinkTarget("known.md") if name == "Known" else LinkTarget(None, "not in the export")

    def media(self, name):
        """No media file exists."""
        return None, "docs/wiki/media/x"


@pytest.mark.parametrize(
    ("wikitext", "markdown"),
    [
        ("l''''homme'''s", "l'**homme**s"),
        ("'''''both'''''", "***both***"),
        ("''it '''bold''' it''", "*it **bold** it*"),
        ("''' spaced '''", " **spaced** "),
        ("a * b _c_ {: .x} `d`", "a \\* b \\_c\\_ &#123;: .x&#125; \\`d\\`"),
        ("- not a list", "\\- not a list"),
        ("[[Known|a ''link'']]s", "[a *link*s](known.md)"),
        ('<a href="javascript:x()">t</a>', "t"),
        ('<div onclick="x()">t</div>', "t"),
        ("{{{{{{{{{{", "&#123;&#123;&#123;&#123;&#123;&#123;&#123;&#123;&#123;&#123;"),
    ],
)
def test_converter_constructs(wikitext, markdown):
    """Tricky quoting, escaping and unsafe HTML on one line."""
    assert Converter(_Context()).convert(wikitext).body.strip() == markdown.strip()


# ---------------------------------------------------------------------- check and build


def test_imported_pages_pass_commons_check(imported):
    """`commons check --root OUT` accepts every import as a collection of its own."""
    for folder in imported.values():
        result = cli("--root", str(folder), "check")
        assert result.returncode == 0, result.stdout + result.stderr


def test_imported_pages_build_strictly(imported, tmp_path):
    """The three imports, put in a site next to its own pages, build with --strict."""
    assemble("wiki/site", tmp_path)
    for folder in imported.values():
        for part in ("cases", "docs"):
            shutil.copytree(folder / part, tmp_path / part, dirs_exist_ok=True)
    result = mkdocs_build(tmp_path)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    page = (site / "wiki" / "sostre-civic" / "index.html").read_text(encoding="utf-8")
    assert "Red text" in page and "alert(" not in page and "onmouseover" not in page
    arabic = (site / "ar" / "wiki" / "alaqtsad-alajtmaay" / "index.html").read_text("utf-8")
    assert 'dir="rtl"' in arabic and "الاقتصاد الاجتماعي" in arabic
    case = (site / "cases" / "la-borda" / "index.html").read_text(encoding="utf-8")
    assert '<div class="footnote">' in case and 'href="../../wiki/sostre-civic/"' in case


# ------------------------------------------------------------------------------- CLI


def test_cli_prints_a_summary_and_the_report_path(tmp_path):
    """The command prints one paragraph and where the report is."""
    result = cli(
        "import-wiki",
        str(WIKI / "export-0.3.xml"),
        "--out",
        str(tmp_path),
        "--mapping",
        str(WIKI / "mapping.yml"),
    )
    assert result.returncode == 0, result.stderr
    assert "11 page(s) in the export: 6 imported" in result.stdout
    assert str(tmp_path / "import-report.md") in result.stdout


def test_cli_reports_broken_xml_with_its_position(tmp_path):
    """Not well-formed XML: `path:line:column: not well-formed XML: ...`, exit status 1."""
    broken = tmp_path / "broken.xml"
    broken.write_text("<mediawiki>\n  <page><title>A</page>\n</mediawiki>\n", encoding="utf-8")
    result = cli("import-wiki", str(broken), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert result.stderr.startswith(f"{broken}:2:19: not well-formed XML: mismatched tag")
    assert "Traceback" not in result.stderr
    result = cli("import-wiki", str(tmp_path / "missing.xml"), "--out", str(tmp_path / "out"))
    assert result.returncode == 1 and "missing.xml: no such file" in result.stderr


def test_cli_reports_mapping_errors_with_their_position(tmp_path):
    """A mapping naming an unknown policy area is refused at its line and column."""
    mapping = tmp_path / "mapping.yml"
    mapping.write_text("categories:\n  Housing: {policy_areas: housin}\n", encoding="utf-8")
    result = cli("import-wiki", str(WIKI / "export-0.3.xml"), "--mapping", str(mapping))
    assert result.returncode == 1
    assert result.stderr.startswith(f"{mapping}:2:27: category field 'policy_areas': 'housin'")


# ---------------------------------------------------------------------------- memory


def test_import_runs_in_bounded_memory(tmp_path):
    """A 2,000-page export imports with far less memory than the export's size.

    Holding the document would need at least its whole text (the file's size, more as
    Python objects); the importer keeps one page's text and a few hundred bytes per title.
    """
    spec = importlib.util.spec_from_file_location("wiki_bench", REPO / "bench" / "wiki_import.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    export = tmp_path / "export.xml"
    size = bench.write_export(export, 2000)
    mapping = tmp_path / "mapping.yml"
    mapping.write_text(bench.MAPPING, encoding="utf-8")
    bench.country_names()  # loaded once per process, whatever the export
    tracemalloc.start()
    try:
        result = import_wiki(export, tmp_path / "out", "en", mapping)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.counts["pages:imported"] == 1800
    assert peak < size / 3, f"peak {peak} bytes for a {size}-byte export"


# ------------------------------------------------------------- a multilingual wiki moved in

MULTILINGUAL = WIKI / "multilingual.xml"
WORD_JOINER = "\u2060"


@pytest.fixture(scope="module", params=["without mapping", "with mapping"])
def moved_in(request, tmp_path_factory) -> SimpleNamespace:
    """The multilingual export imported into a copy of a project, which then builds strictly."""
    root = assemble("wiki/site", tmp_path_factory.mktemp("moved-in"))
    mapping = WIKI / "multilingual-mapping.yml" if request.param == "with mapping" else None
    import_wiki(MULTILINGUAL, root, None, mapping)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return SimpleNamespace(root=root, mapped=mapping is not None)


def html_of(root: Path, url: str) -> str:
    """A built page's HTML."""
    return (root / "site" / url / "index.html").read_text(encoding="utf-8")


def test_moved_in_wiki_passes_commons_check(moved_in):
    """Whatever titles and template values hold, `commons check` accepts what was written."""
    result = cli("--root", str(moved_in.root), "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 error(s)" in " " + result.stderr


def test_pages_keep_their_language_in_their_own_tree(moved_in):
    """The French and Arabic pages are French and Arabic files, built under /fr/ and /ar/."""
    wiki = moved_in.root / "docs" / "wiki"
    meta, body = read(moved_in.root, "docs/wiki/monnaies-complementaires.fr.md")
    assert meta["reviewed"] is True and "monnaie complémentaire" in body
    _, stub = read(moved_in.root, "docs/wiki/monnaies-complementaires.en.md")
    assert "written in French" in stub and "euro" not in stub
    assert (wiki / "alintaj-almshtrk.ar.md").is_file()
    french = html_of(moved_in.root, "fr/wiki/monnaies-complementaires")
    assert '<html lang="fr"' in french and "effet multiplicateur" in french
    arabic = html_of(moved_in.root, "ar/wiki/alintaj-almshtrk")
    assert '<html lang="ar"' in arabic and 'dir="rtl"' in arabic and "الإنتاج المشترك" in arabic
    english = html_of(moved_in.root, "wiki/monnaies-complementaires")
    assert '<html lang="en"' in english and "written in French" in english
    # An English page stays English, under the site root.
    assert '<html lang="en"' in html_of(
        moved_in.root, "wiki/som-energia" if not moved_in.mapped else "cases/som-energia"
    )


def test_report_says_which_language_each_page_got_and_why(moved_in):
    """Every imported page has a language and a reason: the mapping, its title or its text."""
    reasons = {
        e["title"]: (e["lang"], e["lang_reason"])
        for e in report(moved_in.root)["pages"]
        if e["outcome"] == "imported"
    }
    assert reasons["Som Energia"][0] == "en"
    assert reasons["Monnaies complémentaires"][0] == "fr"
    assert reasons["الإنتاج المشترك"][0] == "ar"
    if moved_in.mapped:
        assert reasons["Monnaies complémentaires"][1] == (
            "the mapping names its category 'Pages en français'"
        )
        assert reasons["الإنتاج المشترك"][1] == "the mapping names this page"
        assert reasons["Guide:Démarrer une coopérative"] == (
            "fr",
            "the mapping names its namespace 'Guide'",
        )
        assert '<html lang="fr"' in html_of(moved_in.root, "fr/wiki/demarrer-une-cooperative")
    else:
        assert reasons["Monnaies complémentaires"][1].startswith("reads as French (py3langid")
        assert reasons["الإنتاج المشترك"][1].startswith("Arabic script")
        guide = page_entry(moved_in.root, "Guide:Démarrer une coopérative")
        assert (guide["outcome"], guide["reason"]) == ("skipped", "page in namespace 100")
    markdown = (moved_in.root / "import-report.md").read_text(encoding="utf-8")
    assert "| Language |" in markdown and "reads as English" in markdown


def test_categories_are_kept_with_or_without_a_mapping(moved_in):
    """Without a mapping every category is a tag; with one, mapped categories fill fields."""
    if moved_in.mapped:
        meta, _ = read(moved_in.root, "cases/som-energia.en.md")
        assert (meta["country"], meta["policy_areas"], meta["project"]) == (
            "ES",
            ["energy"],
            "medtown",
        )
        assert meta["tags"] == ["Cooperatives"] and meta["coproduction_tier"] == "support"
    else:
        meta, _ = read(moved_in.root, "docs/wiki/som-energia.en.md")
        assert meta["tags"] == ["Energy", "Spain", "Cooperatives", "MedTOWN"]
    meta, _ = read(moved_in.root, "docs/wiki/monnaies-complementaires.en.md")
    assert meta["tags"] == ["Économie sociale", "Pages en français"]
    search = read_index(moved_in.root / "site" / "search")
    assert any("Cooperatives" in page["tags"] for page in search["pages"])


def test_a_title_holding_markup_keeps_its_text_and_runs_nothing(moved_in):
    """`Participatory budgeting & <script>`: the same words everywhere, never an element."""
    folder = "cases" if moved_in.mapped else "docs/wiki"
    meta, _ = read(moved_in.root, f"{folder}/participatory-budgeting-script.en.md")
    title = "Participatory budgeting & <script>"
    assert meta["title"].replace(WORD_JOINER, "") == title
    assert meta["sources"][0].replace(WORD_JOINER, "").startswith(f"MedRiSSE wiki, page '{title}'")
    page = html_of(moved_in.root, f"{folder.removeprefix('docs/')}/participatory-budgeting-script")
    shown = html.unescape(re.sub(r"<[^>]+>", "", page)).replace(WORD_JOINER, "")
    assert title in shown
    assert "<script>alert" not in page and "onerror" not in page
    if moved_in.mapped:
        assert meta["place"] == "Porto Alegre"
        # Template values are plain text: tags go, what they hold stays, nothing runs.
        assert meta["summary"] == (
            "Residents of Porto Alegre decide part of the city budget & follow its spending."
        )


def test_summary_keeps_letters_next_to_formatting(moved_in):
    """`l'''effet multiplicateur''`: italic in the text, `l'effet` in the summary."""
    meta, body = read(moved_in.root, "docs/wiki/monnaies-complementaires.fr.md")
    assert "l'*effet multiplicateur*" in body
    assert "l'effet multiplicateur des dépenses locales" in meta["summary"]
    assert "leffet" not in meta["summary"]


def test_redirect_lands_on_the_page_in_its_language(moved_in):
    """A French redirect's old URLs land on the French page."""
    rows = yaml.safe_load((moved_in.root / "data" / "redirects.yml").read_text(encoding="utf-8"))
    mapped = {row["from"]: row["to"] for row in rows}
    assert mapped["/wiki/Monnaie_compl%C3%A9mentaire"] == "fr/wiki/monnaies-complementaires/"


def test_every_site_language_can_be_told_from_text():
    """Each declared language is told by its script or known to the detection model."""
    for code in LANGUAGES:
        assert code in SCRIPTS or code in model_languages(), code
    assert (
        detect("Les familles reçoivent chaque mois un revenu versé dans la monnaie locale.").lang
        == "fr"
    )
    assert detect("تعاونية سكنية يديرها السكان").lang == "ar"
    spanish = detect(
        "La vivienda cooperativa es una forma de acceso a la vivienda en cesión de uso."
    )
    assert spanish.lang is None and "'es'" in spanish.reason
    assert detect("Logement").reason.startswith("too little text")


def test_mapping_languages_are_checked_with_their_position(tmp_path):
    """A language the site is not built in is refused at its line and column."""
    mapping = tmp_path / "mapping.yml"
    mapping.write_text("languages:\n  pages:\n    Accueil: de\n", encoding="utf-8")
    result = cli(
        "import-wiki", str(MULTILINGUAL), "--out", str(tmp_path / "out"), "--mapping", str(mapping)
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(
        f"{mapping}:3:14: languages: pages 'Accueil': expected one of en, fr, ar; found 'de'"
    )


# ---------------------------------------------------------- exports that nobody here wrote

REAL = WIKI / "real"


@pytest.fixture(scope="module")
def real_exports(tmp_path_factory) -> dict[str, Path]:
    """Pywikibot's test dumps (English Wikipedia pages), each imported without a mapping."""
    folders = {}
    for export in sorted(REAL.glob("*.xml")):
        out = tmp_path_factory.mktemp(export.stem)
        import_wiki(export, out)
        folders[export.name] = out
    return folders


def test_real_exports_account_for_every_page(real_exports):
    """Each <page> of each dump has one report entry; each imported page has its file."""
    assert len(real_exports) == 5
    for name, folder in real_exports.items():
        xml = (REAL / name).read_text(encoding="utf-8")
        titles = [html.unescape(t) for t in re.findall(r"<title>(.*?)</title>", xml)]
        entries = report(folder)["pages"]
        assert [e["title"] for e in entries] == titles, name
        for entry in entries:
            assert entry["outcome"] in ("imported", "redirected", "skipped")
            if entry["outcome"] == "imported":
                assert (folder / entry["path"]).is_file()
                assert entry["lang"] == "en" and entry["lang_reason"]
    pear = report(real_exports["article-pear-0.10.xml"])
    assert pear["summary"]["unmapped_template_uses"] > 0 and pear["summary"]["missing_links"] > 0
    pyrus = page_entry(real_exports["article-pyrus.xml"], "Pyrus")
    assert pyrus["reason"] == "redirect to 'Pear', which is not in the export"


def test_real_exports_pass_check_and_build_strictly(real_exports, tmp_path):
    """The imported dumps pass `commons check` and build with --strict inside a project."""
    assemble("wiki/site", tmp_path)
    for folder in real_exports.values():
        result = cli("--root", str(folder), "check")
        assert result.returncode == 0, result.stdout + result.stderr
        for part in ("cases", "docs"):
            if (folder / part).is_dir():
                shutil.copytree(folder / part, tmp_path / part, dirs_exist_ok=True)
    result = mkdocs_build(tmp_path)
    assert result.returncode == 0, result.stderr
    pear = (tmp_path / "site" / "wiki" / "pear" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in pear and '<div class="footnote">' in pear
    assert "<strong><em>Pyrus</em></strong>" in pear or "<em><strong>Pyrus" in pear
    meta, body = read(real_exports["article-pear-0.10.xml"], "docs/wiki/pear.en.md")
    assert meta["tags"][:2] == ["Pears", "Flora of Asia"]
    assert "## Etymology" in body and "[^1]" in body


def test_the_projects_own_redirects_are_never_overwritten(tmp_path):
    """An import into a project with its own data/redirects.yml writes the wiki's beside it."""
    own = tmp_path / "data" / "redirects.yml"
    own.parent.mkdir()
    own.write_text("- {from: cases/old/, to: cases/la-borda/}\n", encoding="utf-8")
    import_wiki(WIKI / "export-0.3.xml", tmp_path, None, WIKI / "mapping.yml")
    assert own.read_text(encoding="utf-8") == "- {from: cases/old/, to: cases/la-borda/}\n"
    rows = yaml.safe_load((tmp_path / "data" / "wiki-redirects.yml").read_text(encoding="utf-8"))
    assert {"from": "/wiki/LaBorda", "to": "cases/la-borda/"} in rows
    assert any(e["construct"] == "redirects" for e in issues(tmp_path, "inexact"))
    # A second import replaces its own redirects, as it does its own pages.
    import_wiki(WIKI / "export-0.3.xml", tmp_path / "again", None, WIKI / "mapping.yml")
    import_wiki(WIKI / "export-0.3.xml", tmp_path / "again", None, WIKI / "mapping.yml")
    assert not (tmp_path / "again" / "data" / "wiki-redirects.yml").exists()
