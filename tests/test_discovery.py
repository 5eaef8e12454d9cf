"""Finding things in the built fixture site: indexes, links, categories, A–Z, dates, feeds."""

from __future__ import annotations

import json
import os
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest
from conftest import FIXTURES, assemble, mkdocs_build

from commons.collation import initial, sort_key
from commons.glossary_links import GlossaryLinker, Term
from commons.history import parse_log
from commons.linkgraph import BACKLINKS_SHOWN, LinkLedger
from commons.searchindex import Analyzer, words
from commons.searchindex import read as read_index
from commons.strings import t

ATOM = "{http://www.w3.org/2005/Atom}"


def html(site, path: str) -> str:
    """The text of one built page."""
    return (site / path / "index.html").read_text(encoding="utf-8")


def index(site, lang_root: str) -> dict:
    """A language's search index, as data."""
    return read_index(site / lang_root / "search")


@pytest.mark.parametrize(
    ("root", "lang", "own_title", "fallback_title"),
    [
        ("", "en", "La Borda housing cooperative", "An English-only case"),
        ("fr", "fr", "La coopérative d'habitation La Borda", "An English-only case"),
        ("ar", "ar", "تعاونية السكن لا بوردا", "An English-only case"),
    ],
)
def test_each_language_has_its_own_search_index(
    fixture_site, root, lang, own_title, fallback_title
):
    """A language's index holds its pages and English fallbacks, at that language's URLs."""
    data = index(fixture_site, root)
    assert data["config"]["lang"] == [lang]
    titles = {d["location"]: d["title"] for d in data["pages"]}
    assert titles["cases/la-borda/"] == own_title
    assert titles["cases/english-only/"] == fallback_title
    assert not any(loc.startswith(("fr/", "ar/")) for loc in titles)
    others = {"en": "تعاونية", "fr": "تعاونية", "ar": "coopérative d'habitation"}
    assert others[lang] not in json.dumps(data, ensure_ascii=False)


def test_search_results_start_with_the_summary(fixture_site):
    """The article entry of a page leads with its summary, the teaser readers choose by."""
    pages = index(fixture_site, "fr")["pages"]
    borda = next(d for d in pages if d["location"] == "cases/la-borda/")
    assert borda["summary"].startswith("À Barcelone, des habitants")


def test_pages_load_the_index_of_their_language(fixture_site):
    """Material's `base` points at the language root, and its search box at our worker."""
    assert '"base": "../../../fr/"' in html(fixture_site, "fr/cases/la-borda")
    assert '"base": "../../../ar/"' in html(fixture_site, "ar/cases/la-borda")
    assert '"base": "../../"' in html(fixture_site, "cases/la-borda")
    assert '"search": "../../../assets/search/worker.js"' in html(fixture_site, "fr/cases/la-borda")
    assert "workers/search." not in html(fixture_site, "cases/la-borda")
    assert "CommonsSearch" in (fixture_site / "assets/search/analyzers.js").read_text("utf-8")


def test_glossary_terms_are_linked_once_with_a_tooltip(fixture_site):
    """The first use of a term links to it in the page's language, with its definition."""
    page = html(fixture_site, "fr/cases/marica-currency")
    links = re.findall(r'<a class="commons-term" href="([^"]+)" aria-describedby="([^"]+)">', page)
    assert ("../../glossary/co-production/", "commons-tip-co-production") in links
    assert len([h for h, _ in links if "co-production" in h]) == 1
    tip = re.search(
        r'<span class="commons-tip" id="commons-tip-co-production" role="tooltip">'
        r"([^<]+)</span>",
        page,
    )
    assert tip and tip[1].startswith("Les pouvoirs publics")
    arabic = html(fixture_site, "ar/cases/marica-currency")
    assert 'aria-describedby="commons-tip-co-production">الإنتاج المشترك</a>' in arabic


def test_glossary_links_skip_headings_and_own_page(fixture_site):
    """No term is linked inside a heading, nor on the term's own page."""
    page = html(fixture_site, "glossary/co-production")
    assert "commons-tip-co-production" not in page
    for heading in re.findall(r"<h[1-6][^>]*>.*?</h[1-6]>", html(fixture_site, "cases/la-borda")):
        assert "commons-term" not in heading


def test_tooltip_text_stays_out_of_search(fixture_site):
    """Definitions shown as tooltips are not indexed as the text of the pages using them."""
    data = index(fixture_site, "")
    (marica,) = [n for n, d in enumerate(data["pages"]) if d["location"].startswith("cases/marica")]
    analyzer = Analyzer()
    source = (FIXTURES / "site/cases/marica-currency.en.md").read_text(encoding="utf-8")
    on_the_page = set(analyzer.keys(words(source), "en"))
    tooltip = set(analyzer.keys(words("design and deliver a public service together"), "en"))
    assert tooltip - on_the_page - {""}, "the test needs words only the tooltip holds"
    for key in tooltip - on_the_page - {""}:
        assert marica not in data["keys"].get(key, []), key


@pytest.mark.parametrize(
    ("path", "source"),
    [
        ("cases/la-borda", "Mumbuca social currency in Maricá"),
        ("fr/cases/la-borda", "La monnaie sociale Mumbuca à Maricá"),
        ("ar/cases/la-borda", "عملة مومبوكا الاجتماعية في ماريكا"),
        ("fr/glossary/co-production", "La monnaie sociale Mumbuca à Maricá"),
    ],
)
def test_what_links_here_in_each_language(fixture_site, path, source):
    """Every page lists the pages of its language that link to it."""
    page = html(fixture_site, path)
    section = page[page.index('class="commons-backlinks"') :]
    assert f">{source}</a>" in section.split("</section>")[0]


def test_cases_list_related_cases(fixture_site):
    """A case lists related cases: its explicit `related` ones first."""
    page = html(fixture_site, "fr/cases/la-borda")
    section = page[page.index('class="commons-related"') :].split("</section>")[0]
    assert 'href="../english-only/"' in section


@pytest.mark.parametrize(
    ("path", "title", "member"),
    [
        ("categories/policy-area/housing", "Policy area: Housing", "La Borda housing cooperative"),
        ("fr/categories/country/br", "Pays : Brésil", "La monnaie sociale Mumbuca à Maricá"),
        (
            "ar/categories/tier/support",
            "مستوى الإنتاج المشترك",
            "عملة مومبوكا الاجتماعية في ماريكا",
        ),
        ("fr/categories/project/medtown", "Projet source", "La coopérative d'habitation La Borda"),
    ],
)
def test_category_pages_list_their_members(fixture_site, path, title, member):
    """Each policy area, country, project and tier has a page per language listing its pages."""
    page = html(fixture_site, path)
    assert title in page
    assert member.replace("'", "&#x27;") in page


def test_infobox_values_link_to_their_category(fixture_site):
    """The infobox of a case links its country and policy areas to their category pages."""
    page = html(fixture_site, "ar/cases/la-borda")
    assert 'href="../../categories/country/es/"' in page
    assert 'href="../../categories/policy-area/housing/"' in page
    assert "categories/" in html(fixture_site, "fr/categories")


@pytest.mark.parametrize(
    ("root", "expected", "letters"),
    [
        (
            "fr",
            [
                "Cession d&#x27;usage",
                "Coproduction",
                "Économie sociale et solidaire",
                "Entreprise sociale",
            ],
            ["C", "E"],
        ),
        (
            "ar",
            [
                "الاقتصاد الاجتماعي والتضامني",
                "الإنتاج المشترك",
                "التنازل عن حق الانتفاع",
                "مؤسسة اجتماعية",
            ],
            ["ا", "ت", "م"],
        ),
    ],
)
def test_glossary_index_is_in_the_language_collation(fixture_site, root, expected, letters):
    """French accents sort with their base letter; Arabic ignores ال and hamza forms."""
    page = html(fixture_site, f"{root}/glossary")
    titles = re.findall(r'class="commons-card__title" href="[^"]*">([^<]*)<', page)
    assert titles == expected
    assert re.findall(r'class="commons-letter">([^<]*)<', page) == letters


def test_collation_keys():
    """The keys behind the A–Z: base letters first, article and variants ignored."""
    french = ["zone", "Économie", "ecole", "Eau", "cœur", "Coopérative"]
    assert sorted(french, key=lambda w: sort_key(w, "fr")) == [
        "cœur",
        "Coopérative",
        "Eau",
        "ecole",
        "Économie",
        "zone",
    ]
    arabic = ["مدينة", "الإنتاج", "بلدية", "الاقتصاد", "أمن"]
    assert sorted(arabic, key=lambda w: sort_key(w, "ar")) == [
        "الاقتصاد",
        "أمن",
        "الإنتاج",
        "بلدية",
        "مدينة",
    ]
    assert initial("Économie", "fr") == "E" and initial("الإنتاج", "ar") == "ا"
    assert initial("2030 Agenda", "en") == "#"


def test_linker_never_touches_code_links_or_headings():
    """Terms inside code, links and headings stay as written; the first plain use is linked."""
    linker = GlossaryLinker({"commons": Term("commons", "Commons", "Shared <resources>")}, "en")
    source = (
        "<h2>Commons</h2><p><code>commons</code> <a href='x'>commons</a> "
        "the Commons and commons</p>"
    )
    out, linked = linker.link(source, lambda slug: f"../{slug}/")
    assert linked == ["commons"]
    assert out.count('class="commons-term"') == 1
    assert "<h2>Commons</h2>" in out and "<code>commons</code>" in out
    assert 'the <span class="commons-termref"><a class="commons-term" href="../commons/"' in out
    assert 'role="tooltip">Shared &lt;resources&gt;</span>' in out


def test_acronyms_match_only_in_capitals():
    """LETS links the term; the verb `lets` does not."""
    linker = GlossaryLinker({"LETS": Term("lets", "LETS", "A local exchange system")}, "en")
    out, linked = linker.link("<p>This lets people trade in a LETS.</p>", lambda s: s)
    assert linked == ["lets"] and "This lets people" in out and ">LETS</a>" in out


def test_linker_handles_plurals_and_arabic_proclitics():
    """A French plural and an Arabic word with a joined conjunction still find their term."""
    fr = GlossaryLinker({"coopérative": Term("coop", "Coopérative", "d")}, "fr")
    out, linked = fr.link("<p>Des coopératives locales.</p>", lambda s: s)
    assert linked == ["coop"] and ">coopératives</a>" in out
    ar = GlossaryLinker({"الإنتاج المشترك": Term("co", "الإنتاج المشترك", "د")}, "ar")
    out, linked = ar.link("<p>وبالإنتاج المشترك تتحسن الخدمة</p>", lambda s: s)
    assert linked == [] or ">الإنتاج المشترك</a>" in out
    out, linked = ar.link("<p>والإنتاج المشترك يحسّن الخدمة</p>", lambda s: s)
    assert linked == ["co"] and "<p>و<span" in out


def test_git_log_is_folded_per_file():
    """Newest commit gives the date; every author is counted once per commit."""
    log = (
        "\x012024-03-05T10:00:00+01:00\x02Amal\x02Fix\ncases/a.en.md\n\n"
        "\x012023-01-02T09:00:00+00:00\x02Jordi\x02Add\ncases/a.en.md\ncases/b.en.md\n"
    )
    history = parse_log(log)
    assert history["cases/a.en.md"].updated.isoformat() == "2024-03-05T10:00:00+01:00"
    assert history["cases/a.en.md"].created.year == 2023
    assert history["cases/a.en.md"].authors == ["Amal", "Jordi"]
    assert history["cases/b.en.md"].authors == ["Jordi"]


@pytest.fixture(scope="module")
def site_in_git(tmp_path_factory):
    """The fixture site committed to git with a fixed date and author, then built."""
    root = assemble("site", tmp_path_factory.mktemp("git-site"))
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Amal Haddad",
        "GIT_AUTHOR_EMAIL": "amal@example.org",
        "GIT_COMMITTER_NAME": "Amal Haddad",
        "GIT_COMMITTER_EMAIL": "amal@example.org",
        "GIT_AUTHOR_DATE": "2024-03-05T10:00:00+00:00",
        "GIT_COMMITTER_DATE": "2024-03-05T10:00:00+00:00",
    }
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "Import"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True)
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("cases/la-borda", "March 5, 2024"),
        ("fr/cases/la-borda", "5 mars 2024"),
        ("ar/cases/la-borda", "5 مارس 2024"),
    ],
)
def test_last_updated_is_localized_from_git(site_in_git, path, text):
    """Every content page shows its last change and contributors, in the reader's language."""
    page = html(site_in_git, path)
    assert f'<time datetime="2024-03-05">{text}</time>' in page
    assert "Amal Haddad" in page


@pytest.mark.parametrize(("root", "lang"), [("", "en"), ("fr", "fr"), ("ar", "ar")])
def test_recent_changes_and_atom_feed_per_language(site_in_git, root, lang):
    """Each language has a recent-changes page and a valid Atom feed with its own titles."""
    feed = ET.parse(site_in_git / root / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    expected = {
        "en": "La Borda housing cooperative",
        "fr": "La coopérative d'habitation La Borda",
        "ar": "تعاونية السكن لا بوردا",
    }[lang]
    assert expected in titles
    links = [e.find(f"{ATOM}link").get("href") for e in feed.iter(f"{ATOM}entry")]
    assert "cases/la-borda/" in links
    changes = html(site_in_git, f"{root}/changes".lstrip("/"))
    assert expected.replace("'", "&#x27;") in changes
    assert 'type="application/atom+xml"' in html(site_in_git, f"{root}/cases/la-borda".lstrip("/"))


def test_titles_with_markup_stay_text_everywhere(tmp_path):
    """HTML and a closing script tag in front-matter show as text on every generated page."""
    root = assemble("site", tmp_path)
    payload = "</script><script>alert(1)</script><img src=x onerror=alert(2)>"
    case = root / "cases/marica-currency.en.md"
    case.write_text(
        case.read_text(encoding="utf-8").replace(
            "title: Mumbuca social currency in Maricá", f"title: {json.dumps(payload)}"
        ),
        encoding="utf-8",
    )
    term = root / "glossary/social-enterprise.en.md"
    term.write_text(
        re.sub(
            r"definition: (.*)",
            lambda m: "definition: " + json.dumps(payload + " " + m[1]),
            term.read_text(encoding="utf-8"),
        ),
        encoding="utf-8",
    )
    page = root / "docs/about.en.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA social enterprise is here.\n")
    assert mkdocs_build(root).returncode == 1  # the checks refuse it; the layers behind them:
    assert mkdocs_build(root, checks=False).returncode == 0
    site = root / "site"
    for path in ("cases", "categories/country/br", "changes", "cases/la-borda", "about"):
        text = html(site, path)
        assert "<script>alert(1)" not in text and "<img src=x" not in text, path
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in html(site, "cases")
    assert "&lt;img src=x onerror=alert(2)&gt; A business" in html(site, "about")
    for path in (site / "search").rglob("*.js"):
        assert "</script>" not in path.read_text(encoding="utf-8"), path


def test_what_links_here_lists_fifty_pages_and_counts_the_rest():
    """A term used on every page keeps a page of steady size: 50 links, then a count."""
    ledger = LinkLedger()
    for i in range(BACKLINKS_SHOWN + 12):
        ledger.record(f"cases/case-{i:03d}/", f"Case {i:03d}", '<a href="../../glossary/x/">x</a>')
    shown, more = ledger.backlinks("glossary/x/")
    assert len(shown) == BACKLINKS_SHOWN and more == 12
    assert shown[0] == ("cases/case-000/", "Case 000")
    assert ledger.backlinks("cases/case-000/") == ([], 0)
    assert t("backlinks_more", "fr", count=12) == "… et 12 autres pages"


@pytest.mark.parametrize(
    "text",
    [
        "<p>دعم للاقتصاد الاجتماعي والتضامني في المدينة</p>",
        "<p>وللاقتصاد الاجتماعي والتضامني دور</p>",
        "<p>الاقتصادُ الاجتماعيُّ والتضامنيُّ ينمو</p>",
        "<p>الاقتصـاد الاجتماعي والتضامني ينمو</p>",
    ],
)
def test_arabic_terms_link_after_li_and_with_vowel_signs(text):
    """لِـ before the article, short vowels, shadda and tatweel do not hide a term."""
    title = "الاقتصاد الاجتماعي والتضامني"
    ar = GlossaryLinker({title: Term("sse", title, "تعريف")}, "ar")
    out, linked = ar.link(text, lambda s: s)
    assert linked == ["sse"], out
    assert out.count("</a>") == 1
