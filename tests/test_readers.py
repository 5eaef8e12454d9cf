"""What a reader of each language finds around the text: titles, footer, notices, pencils, 404."""

from __future__ import annotations

import re
import shutil
from html import unescape
from urllib.parse import parse_qs, urlsplit

import yaml
from conftest import FIXTURES, REPO, run

from commons import LANGUAGES, SOURCE_LANGUAGE, direction
from commons.corpus import load
from commons.schemas import Schemas
from commons.search import language_root
from commons.strings import t
from commons.translation import start_translation_url

CONFIG = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
I18N = next(p["i18n"] for p in CONFIG["plugins"] if isinstance(p, dict) and "i18n" in p)
BY_LANG = {entry["locale"]: entry for entry in I18N["languages"]}


def built(site, lang: str, path: str) -> str:
    """The HTML of a built page of `lang`, by its path inside the language's folder."""
    target = site / language_root(lang, SOURCE_LANGUAGE) / path
    return (target if path.endswith(".html") else target / "index.html").read_text("utf-8")


def site_name(lang: str) -> str:
    """The site's name in `lang`, as mkdocs.yml gives it."""
    return BY_LANG[lang].get("site_name") or CONFIG["site_name"]


def pencil(page: str) -> tuple[str, str]:
    """The page's edit button: its link and its title."""
    found = re.search(r'<a href="([^"]+)" title="([^"]+)" class="md-content__button', page)
    assert found, "no pencil"
    return unescape(found[1]), unescape(found[2])


def test_home_pages_are_titled_by_the_site_name_once(fixture_site):
    """A home page's title is the site's name alone; other pages add theirs before it."""
    for lang in LANGUAGES:
        name = site_name(lang)
        title = re.search(r"<title>(.*?)</title>", built(fixture_site, lang, ""), re.S)[1]
        assert unescape(title) == name, lang
        case = re.search(r"<title>(.*?)</title>", built(fixture_site, lang, "cases/la-borda/"))[1]
        assert unescape(case).endswith(f" - {name}") and unescape(case) != f"{name} - {name}"


def test_footer_licence_is_in_the_page_language(fixture_site):
    """The footer's licence line is the one mkdocs.yml gives the page's language."""
    lines = set()
    for lang in LANGUAGES:
        expected = BY_LANG[lang].get("copyright") or CONFIG["copyright"]
        for path in ("", "cases/english-only/", "glossary/", "404.html"):
            footer = re.search(
                r'md-copyright__highlight">\s*(.*?)\s*</div>', built(fixture_site, lang, path), re.S
            )
            assert unescape(footer[1]) == expected, (lang, path)
        lines.add(expected)
    assert len(lines) == len(LANGUAGES)


def test_untranslated_page_says_how_to_help_and_its_pencil_starts_the_translation(
    fixture_site, tmp_path
):
    """The notice links to how to translate; the pencil opens the new file with its skeleton.

    The skeleton is the file `commons new translation` writes; a translated page's pencil edits
    the translation itself.
    """
    shutil.copytree(FIXTURES / "site", tmp_path, dirs_exist_ok=True)
    for lang in LANGUAGES[1:]:
        page = built(fixture_site, lang, "cases/english-only/")
        notice = re.search(
            r'<p class="commons-notice commons-notice--fallback"[^>]*>(.*?)</p>', page
        )
        link = re.search(r'<a href="([^"]+)">([^<]+)</a>', notice[0])
        assert link[1] == "../../contribute/#translate-a-page"
        assert link[2] == t("translate_help", lang)
        href, title = pencil(page)
        assert title == t("translate_action", lang)
        address = urlsplit(href)
        assert f"{address.scheme}://{address.netloc}{address.path}" == CONFIG["extra"]["new_base"]
        query = parse_qs(address.query)
        assert query["filename"] == [f"cases/english-only.{lang}.md"]
        made = run("commons.cli", "--root", str(tmp_path), "new", "translation",
                   "cases/english-only", lang, cwd=REPO)  # fmt: skip
        assert made.returncode == 0, made.stderr
        written = tmp_path / f"cases/english-only.{lang}.md"
        assert query["value"] == [written.read_text(encoding="utf-8")]
        written.unlink()
        translated, _ = pencil(built(fixture_site, lang, "cases/la-borda/"))
        assert translated == CONFIG["extra"]["edit_base"] + f"cases/la-borda.{lang}.md"
    # The contribute page's section on translating has that anchor in every language.
    for lang in LANGUAGES:
        text = (REPO / f"docs/contribute.{lang}.md").read_text(encoding="utf-8")
        assert "{ #translate-a-page }" in text, lang


def test_a_long_page_names_its_english_file_instead_of_carrying_it():
    """When the English text would make GitHub's address too long, the file names it instead."""
    corpus = load(FIXTURES / "site")
    source = next(e for e in corpus.entries if e.rel == "cases/english-only.en.md")
    fields = Schemas.for_root(REPO).translatable(source.collection.schema)
    lang = LANGUAGES[1]
    whole = start_translation_url("https://example.org/new/main/", source, fields, lang)
    short = start_translation_url("https://example.org/new/main/", source, fields, lang, 300)
    assert source.doc.body.strip() in parse_qs(urlsplit(whole).query)["value"][0]
    value = parse_qs(urlsplit(short).query)["value"][0]
    assert source.doc.body.strip() not in value and "source_version:" in value
    assert value.endswith(t("translation_body_hint", lang, source=source.rel) + "\n")


def test_each_language_has_its_404_page_and_the_root_one_speaks_all(fixture_site):
    """`404.html` holds every language, the source first; `fr/404.html` and the like their own.

    Each in its language and direction, with its title, its home and its search.
    """
    for lang in LANGUAGES:
        page = built(fixture_site, lang, "404.html")
        assert f'<html lang="{lang}"' in page
        assert f"<title>{t('not_found_title', lang)} - " in unescape(page)
        shown = re.findall(r'<section class="commons-not-found" lang="(\w+)" dir="(\w+)"', page)
        codes = list(LANGUAGES) if lang == SOURCE_LANGUAGE else [lang]
        assert shown == [(code, direction(code)) for code in codes]
        home = "/" + language_root(lang, SOURCE_LANGUAGE)
        assert f'<a href="{home}?q=" hreflang="{lang}">' in page
        # Its search reads the language's own index.
        assert f'"base": "{home}"' in page
