"""Real MkDocs builds of fixture sites: languages, direction, infobox, fallback, switcher."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import REPO, assemble, mkdocs_build, run

from commons import DECLARED, SOURCE_LANGUAGE
from commons.indexes import generate, generate_all
from commons.site import load_site
from commons.typography import apply


def html(site, path: str) -> str:
    """A built page's HTML."""
    return (site / path / "index.html").read_text(encoding="utf-8")


def switcher(page: str) -> dict[str, str]:
    """Language switcher targets by language."""
    return dict(
        (lang, href)
        for href, lang in re.findall(
            r'<a href="([^"]+)" hreflang="(\w+)" class="md-select__link"', page
        )
    )


@pytest.mark.parametrize(
    ("path", "lang", "direction"),
    [
        ("", "en", "ltr"),
        ("fr", "fr", "ltr"),
        ("ar", "ar", "rtl"),
        ("ar/cases/la-borda", "ar", "rtl"),
    ],
)
def test_language_and_direction(fixture_site, path, lang, direction):
    """Each language root carries its `lang`; Arabic lays out right to left."""
    page = html(fixture_site, path)
    assert f'<html lang="{lang}"' in page
    assert f'<body dir="{direction}"' in page


def test_every_collection_page_exists_in_every_language(fixture_site):
    """Collections outside docs/ publish at /cases/<slug>/, /fr/cases/<slug>/, /ar/cases/<slug>/."""
    for prefix in ("", "fr/", "ar/"):
        for path in (
            "cases/la-borda",
            "cases/english-only",
            "glossary/cession-of-use",
            "cases",
            "glossary",
        ):
            assert (fixture_site / prefix / path / "index.html").exists(), prefix + path


def test_infobox_labels_and_country_in_page_language(fixture_site):
    """The infobox names the country and vocabulary labels in the reader's language."""
    fr = html(fixture_site, "fr/cases/la-borda")
    ar = html(fixture_site, "ar/cases/la-borda")
    en = html(fixture_site, "cases/la-borda")
    assert "commons-infobox" in en and ">Spain<" in en and ">Transformation<" in en
    assert ">Espagne<" in fr and "Logement" in fr and ">En bref<" in fr
    assert ">إسبانيا<" in ar and "السكن" in ar and "التحويل" in ar


def test_fallback_notice_and_english_direction_inside_arabic(fixture_site):
    """An untranslated page shows a notice in Arabic and keeps its English text ltr."""
    page = html(fixture_site, "ar/cases/english-only")
    assert "لم تُترجم هذه الصفحة بعد" in page
    assert '<div class="commons-text" lang="en" dir="ltr">' in page
    assert "This text exists only in English." in page
    translated = html(fixture_site, "ar/cases/la-borda")
    assert "commons-notice--fallback" not in translated


def test_unreviewed_translation_says_so(fixture_site):
    """A translation not reviewed by a native speaker carries a notice."""
    assert "commons-notice--unreviewed" in html(fixture_site, "fr/cases/la-borda")
    assert "commons-notice" not in html(fixture_site, "cases/la-borda")


def test_switcher_lands_on_the_same_page(fixture_site):
    """The language switcher of a case page points to that case in each language."""
    targets = switcher(html(fixture_site, "fr/cases/la-borda"))
    assert targets == {
        "en": "../../../cases/la-borda/",
        "fr": "./",
        "ar": "../../../ar/cases/la-borda/",
    }
    fallback = switcher(html(fixture_site, "fr/cases/english-only"))
    assert fallback["ar"] == "../../../ar/cases/english-only/"


def test_index_pages_list_entries_with_key_fields(fixture_site):
    """Each collection index lists its entries with title, summary and localized facts."""
    page = html(fixture_site, "fr/cases")
    assert "La coopérative d&#x27;habitation La Borda" in page
    assert "Tunisie" in page and "An English-only case" in page
    assert 'href="la-borda/"' in page


def test_collections_stay_out_of_global_navigation(fixture_site):
    """Entries are reached from index pages, so page size does not grow with the corpus."""
    page = html(fixture_site, "cases/english-only")
    nav = page[page.find('<nav class="md-nav md-nav--primary"') : page.find("</nav>")]
    assert "la-borda" not in nav


def test_edit_link_opens_the_page_own_source(fixture_site):
    """The edit button of the French case opens cases/<slug>.fr.md."""
    assert "/edit/main/cases/la-borda.fr.md" in html(fixture_site, "fr/cases/la-borda")


def test_no_asset_from_another_host(fixture_site):
    """No stylesheet, script or font is loaded from another host."""
    for page in fixture_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r'<(?:script|link)[^>]+(?:src|href)="(?:https?:)?//', text), page


def test_strict_build_refuses_broken_content(tmp_path):
    """`mkdocs build --strict` fails with one error listing every broken file, no traceback."""
    root = assemble("site", tmp_path)
    assemble("broken", tmp_path)
    result = mkdocs_build(root)
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    for name in (
        "missing-country",
        "unknown-country",
        "misspelt-key",
        "unknown-policy-area",
        "broken-yaml",
        "no-front-matter",
        "empty-file",
        "python-tag",
        "wrong-types",
    ):
        assert f"cases/{name}.en.md:" in output, name
    # The checks run beside the build; their verdict comes before any page is rendered.
    assert not any((root / "site").rglob("*.html"))


def test_html_in_a_title_shows_as_text(tmp_path):
    """Front-matter shown on cards and infoboxes is escaped."""
    root = assemble("site", tmp_path)
    case = root / "cases/english-only.en.md"
    case.write_text(
        case.read_text(encoding="utf-8").replace(
            "title: An English-only case", 'title: "<img src=x onerror=alert(1)> case"'
        ),
        encoding="utf-8",
    )
    refused = mkdocs_build(root)
    assert refused.returncode == 1 and "[html-in-field]" in refused.stdout + refused.stderr
    assert mkdocs_build(root, checks=False).returncode == 0
    index = (root / "site/cases/index.html").read_text(encoding="utf-8")
    assert "<img src=x" not in index and "&lt;img src=x onerror=alert(1)&gt; case" in index


def test_pages_made_ahead_are_the_pages_made_in_place(fixture_site):
    """French and Arabic generated pages, made in a second process, are those `generate` makes."""
    site = load_site(fixture_site.parent)
    made = generate_all(site, ["fr", "ar"])
    assert {lang for _, lang in made} == {"fr", "ar"}
    for (name, lang), page in made.items():
        assert page == generate(site, name, lang), (name, lang)
    for lang in ("fr", "ar"):
        # The built page also has the language's typography, applied to all it shows.
        assert apply(made["cases/index", lang].html, lang) in html(fixture_site, f"{lang}/cases")


def test_builds_are_byte_identical_whatever_the_hash_seed(tmp_path):
    """Pages that share a title are listed in one order, so builds never depend on set order."""
    root = assemble("site", tmp_path / "src")
    for slug in ("shared-a", "shared-b", "shared-c"):
        (root / f"docs/toolkit/{slug}.en.md").write_text(
            "---\ntitle: Co-production\nsummary: One of several pages with the same title.\n---\n"
            "\nSee [La Borda](../cases/la-borda.md).\n",
            encoding="utf-8",
        )
    trees = []
    for seed in ("1", "2", "3"):
        out = tmp_path / f"site-{seed}"
        result = run(
            "mkdocs", "build", "--strict", "-d", str(out), cwd=root, env={"PYTHONHASHSEED": seed}
        )
        assert result.returncode == 0, result.stderr
        trees.append({p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    assert trees[0].keys() == trees[1].keys() == trees[2].keys()
    differing = [str(p) for p in trees[0] if not trees[0][p] == trees[1][p] == trees[2][p]]
    assert differing == []


def test_mkdocs_yml_builds_the_declared_languages():
    """static-i18n builds the languages `commons` declares, source first, by the same names."""
    config = yaml.safe_load(
        (REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python/name:", "")
    )
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    declared = [(lang.code, lang.name) for lang in DECLARED]
    assert [(entry["locale"], entry["name"]) for entry in i18n["languages"]] == declared
    assert [e["locale"] for e in i18n["languages"] if e.get("default")] == [SOURCE_LANGUAGE]
    assert config["theme"]["language"] == SOURCE_LANGUAGE


def test_without_workers_the_build_writes_the_same_site(tmp_path):
    """Without forked workers (`COMMONS_WORKERS=off`), the build writes the same files."""
    root = assemble("site", tmp_path / "src")
    trees = []
    for value in ("on", "off"):
        out = tmp_path / f"site-{value}"
        result = run(
            "mkdocs", "build", "--strict", "-d", str(out), cwd=root, env={"COMMONS_WORKERS": value}
        )
        assert result.returncode == 0, result.stderr
        trees.append({p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    assert trees[0].keys() == trees[1].keys()
    assert len([p for p in trees[0] if p.suffix == ".html"]) > 100
    assert [str(p) for p in trees[0] if trees[0][p] != trees[1][p]] == []


# A test-only MkDocs hook: each language's build notes its process; one page of the last
# language (the one a forked process builds) logs a warning when WARN is in the environment.
LANGUAGE_HOOK = """
import logging, os
from pathlib import Path
log = logging.getLogger("mkdocs.plugins.test")
def on_page_markdown(markdown, page, config, files):
    lang = config.plugins["i18n"].current_language
    if os.environ.get("WARN") == lang and page.file.src_uri.startswith("about."):
        log.warning("a warning from %s/about", lang)
    return markdown
def on_post_build(config):
    lang = config.plugins["i18n"].current_language
    with open(Path(config.config_file_path).parent / "built-by.txt", "a") as out:
        out.write(f"{lang} {os.getpid()}\\n")
"""


def _with_language_hook(tmp_path) -> Path:
    """The fixture site with `LANGUAGE_HOOK` among its MkDocs hooks."""
    root = assemble("site", tmp_path)
    (root / "language_hook.py").write_text(LANGUAGE_HOOK, encoding="utf-8")
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("\nhooks:\n  - language_hook.py\n")
    return root


def test_the_languages_after_the_source_are_built_two_at_a_time(tmp_path):
    """Once the source language is built, one other is built in a second process."""
    root = _with_language_hook(tmp_path)
    for workers, processes in (("on", 2), ("off", 1)):
        result = run("mkdocs", "build", "--strict", cwd=root, env={"COMMONS_WORKERS": workers})
        assert result.returncode == 0, result.stderr
        built_by = dict(line.split() for line in (root / "built-by.txt").read_text().splitlines())
        (root / "built-by.txt").unlink()
        assert sorted(built_by) == sorted(lang.code for lang in DECLARED)
        assert len(set(built_by.values())) == processes, (workers, built_by)


def test_a_warning_in_a_language_built_apart_fails_a_strict_build(tmp_path):
    """A warning in the language the second process builds fails `--strict`, as in one process."""
    root = _with_language_hook(tmp_path)
    last = DECLARED[-1].code
    for workers in ("on", "off"):
        env = {"COMMONS_WORKERS": workers, "WARN": last}
        result = run("mkdocs", "build", "--strict", cwd=root, env=env)
        output = result.stdout + result.stderr
        assert result.returncode == 1, (workers, output[-2000:])
        assert f"a warning from {last}/about" in output
        assert "Aborted with 1 warnings in strict mode!" in output
        assert "Traceback" not in output
