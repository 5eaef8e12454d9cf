"""The printed handbook: PDFs built from fixture content in English, French and Arabic."""

from __future__ import annotations

import io
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, REPO
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from commons.handbook import (
    EXTENSIONS,
    HandbookError,
    LocalFetcher,
    build_handbook,
    clean_html,
    handbook_html,
    link_target,
    page_number_style,
)
from commons.typography import french_spacing, french_text

NNBSP, NBSP = "\u202f", "\u00a0"

# What each handbook must show: cover, part titles, a case, a chapter, a glossary term.
EXPECTED = {
    "en": {
        "cover": "Co-production Commons",
        "contents": "Contents",
        "parts": ["Toolkit chapters", "Roadmaps", "Case studies", "Glossary"],
        "case": "La Borda housing cooperative",
        "chapter": "Mapping the needs of a territory",
        "roadmap": "Opening a shared community space",
        "term": "Cession of use",
    },
    "fr": {
        "cover": "Communs de la coproduction",
        "contents": "Sommaire",
        "parts": ["Chapitres de la boîte à outils", "Feuilles de route", "Études de cas"],
        "case": "La coopérative d'habitation La Borda",
        "chapter": "Cartographier les besoins d'un territoire",
        "roadmap": "Ouvrir un espace communautaire partagé",
        "term": "Cession d'usage",
    },
    "ar": {
        "cover": "مشاعات الإنتاج المشترك",
        "contents": "المحتويات",
        "parts": ["فصول الحقيبة التدريبية", "خرائط الطريق", "دراسات الحالة", "المسرد"],
        "case": "تعاونية السكن لا بوردا",
        "chapter": "رسم خريطة احتياجات الإقليم",
        "roadmap": "افتتاح فضاء مجتمعي مشترك",
        "term": "التنازل عن حق الانتفاع",
    },
}


class Book:
    """One built handbook: its file, the fetcher that served it, and its text page by page."""

    def __init__(self, path: Path, fetcher: LocalFetcher):
        self.path = path
        self.fetcher = fetcher
        self.reader = PdfReader(path)
        self.pages = [page.extract_text() or "" for page in self.reader.pages]

    @property
    def text(self) -> str:
        """All text, with line breaks and soft hyphens folded so words can be searched."""
        return flat("\n".join(self.pages))

    def page_of(self, heading: str, after: int = 2) -> int:
        """Number (from 1) of the first page past the contents that shows `heading`."""
        for number, text in enumerate(self.pages, start=1):
            if number > after and heading in flat(text):
                return number
        raise AssertionError(f"{heading!r} is on no page")


def flat(text: str) -> str:
    """Text with hyphenated line ends joined and every other line break made a space."""
    text = re.sub("[\u2010-]\n", "", text)
    return unicodedata.normalize("NFC", text.replace("\n", " "))


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    """A copy of the handbook fixture: cases, glossary, a roadmap and two toolkit chapters."""
    root = tmp_path_factory.mktemp("handbook-content")
    shutil.copytree(FIXTURES / "handbook", root, dirs_exist_ok=True)
    return root


@pytest.fixture(scope="module")
def books(content, tmp_path_factory) -> dict[str, Book]:
    """The handbook in each language, built once for the module."""
    out = tmp_path_factory.mktemp("handbooks")
    built = {}
    for lang in EXPECTED:
        fetcher = LocalFetcher(content)
        path = build_handbook(content, lang, out / f"handbook-{lang}.pdf", fetcher=fetcher)
        built[lang] = Book(path, fetcher)
    return built


# Units ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "style"),
    [
        ("en", "decimal"),
        ("fr", "decimal"),
        # CLDR gives Arabic Latin digits by default; Egypt and Saudi Arabia use Arabic-Indic.
        ("ar", "decimal"),
        ("ar_EG", "arabic-indic"),
        ("ar_SA", "arabic-indic"),
        ("fa", "persian"),
    ],
)
def test_page_numbers_follow_the_cldr_numbering_system(lang, style):
    """Page numbers are counted in the digits CLDR says the language uses by default."""
    assert page_number_style(lang) == style


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quoi?", f"Quoi{NNBSP}?"),
        ("Quoi ?", f"Quoi{NNBSP}?"),
        ("Vraiment!", f"Vraiment{NNBSP}!"),
        ("manquer; pas", f"manquer{NNBSP}; pas"),
        ("Note : voir", f"Note{NBSP}: voir"),
        ("Note: voir", f"Note{NBSP}: voir"),
        ("«écouter»", f"«{NBSP}écouter{NBSP}»"),
        ("« écouter »", f"«{NBSP}écouter{NBSP}»"),
        ("Quoi?!", f"Quoi{NNBSP}?!"),
        ("à 10:30", "à 10:30"),
        ("voir https://example.org/?a=1;b=2 ou www.example.org/x?y", None),
        (f"Quoi{NNBSP}?", f"Quoi{NNBSP}?"),
    ],
)
def test_french_text_spacing(text, expected):
    """Narrow no-break space before ; ! ?, no-break space before : and inside « »."""
    assert french_text(text) == (text if expected is None else expected)


def test_french_spacing_leaves_code_urls_attributes_and_other_languages_alone():
    """Only French prose changes: not code, not attributes, not an English page inside."""
    html = (
        '<p>Pourquoi? <code>a;b</code> <a href="https://x.org/?a=1;b=2">lien</a></p>'
        "<pre>x: y</pre>"
        '<div lang="en"><p>Why? Because: it is.</p></div>'
        "<p><em>mot</em>?</p><p>?</p>"
    )
    assert french_spacing(html) == (
        f'<p>Pourquoi{NNBSP}? <code>a;b</code> <a href="https://x.org/?a=1;b=2">lien</a></p>'
        "<pre>x: y</pre>"
        '<div lang="en"><p>Why? Because: it is.</p></div>'
        f"<p><em>mot</em>{NNBSP}?</p><p>?</p>"
    )
    assert french_spacing(french_spacing(html)) == french_spacing(html)


@pytest.mark.parametrize(
    ("rel", "href", "target"),
    [
        ("cases/marica-currency.en.md", "la-borda.md", "cases-la-borda"),
        ("cases/marica-currency.fr.md", "la-borda.fr.md#context", "cases-la-borda"),
        ("docs/toolkit/index.en.md", "../glossary/co-production.md", "glossary-co-production"),
        ("docs/toolkit/index.en.md", "governance.md", "toolkit-governance"),
        ("roadmaps/x.en.md", "../cases/la-borda.md", "cases-la-borda"),
        ("docs/toolkit/index.en.md", "../about.md", "page-about"),
        ("cases/x.en.md", "../synthesis.md#lessons", "page-synthesis"),
        ("cases/x.en.md", "../../outside.md", None),
        ("cases/x.en.md", "https://example.org/a.md", None),
        ("cases/x.en.md", "la-borda/", None),
    ],
)
def test_link_targets(rel, href, target):
    """Relative Markdown links resolve, as MkDocs resolves them, to handbook anchors."""
    assert link_target(rel, href) == target


def test_contributed_html_is_cleaned():
    """Scripts, event handlers, inline styles and javascript: links never reach the engine."""
    html = clean_html(
        '<p onclick="x()" style="background:url(https://t.example/x)">a'
        '<script>alert(1)</script><a href="javascript:alert(1)">b</a>'
        '<iframe src="https://t.example"></iframe><img src="x.png" onerror="y()"></p>'
    )
    assert "script" not in html and "alert" not in html
    assert "onclick" not in html and "onerror" not in html
    assert "style" not in html and "iframe" not in html and "javascript" not in html


def test_fetcher_reads_local_files_only(tmp_path):
    """Other hosts, data: and files outside the folder are refused and recorded."""
    inside = tmp_path / "inside"
    inside.mkdir()
    (inside / "a.png").write_bytes(b"\x89PNG")
    (tmp_path / "secret.txt").write_text("no")
    fetcher = LocalFetcher(inside)
    assert fetcher((inside / "a.png").as_uri()).read() == b"\x89PNG"
    refused = [
        "https://example.org/font.woff2",
        "http://127.0.0.1/x.css",
        "data:text/plain,hello",
        (tmp_path / "secret.txt").as_uri(),
        (inside / ".." / "secret.txt").as_uri(),
    ]
    for url in refused:
        with pytest.raises(ValueError):
            fetcher(url)
    assert fetcher.refused == refused


def test_remote_resources_in_a_document_are_refused(tmp_path):
    """WeasyPrint asks the fetcher for a remote image and stylesheet and gets nothing."""
    from weasyprint import HTML

    fetcher = LocalFetcher(tmp_path)
    HTML(
        string='<link rel="stylesheet" href="https://cdn.example/x.css">'
        '<p><img src="https://cdn.example/x.png" alt="x"></p>',
        base_url=tmp_path.as_uri() + "/",
        url_fetcher=fetcher,
    ).write_pdf(tmp_path / "x.pdf")
    assert sorted(fetcher.refused) == ["https://cdn.example/x.css", "https://cdn.example/x.png"]


def test_markdown_extensions_match_the_site():
    """The handbook renders Markdown with the extensions mkdocs.yml lists."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    names = [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]
    assert EXTENSIONS == names


def test_content_with_errors_is_not_printed(tmp_path):
    """A handbook is not built from content that fails validation."""
    shutil.copytree(FIXTURES / "handbook", tmp_path, dirs_exist_ok=True)
    (tmp_path / "cases" / "broken.en.md").write_text("---\ntitle: Broken\n---\n", "utf-8")
    with pytest.raises(HandbookError, match="broken.en.md"):
        handbook_html(tmp_path, "en")


def test_html_document_language_and_direction(content):
    """The Arabic handbook is right to left; English fallback text inside it is left to right."""
    html = handbook_html(content, "ar")
    assert html.startswith('<!DOCTYPE html><html lang="ar" dir="rtl">')
    assert '<article class="entry entry--case" id="cases-english-only" lang="en" dir="ltr">' in html
    assert 'id="cases-la-borda">' in html
    # Ids are prefixed by their entry, so headings and footnotes of two pages cannot collide.
    ids = re.findall(r' id="([^"]*)"', html)
    assert len(ids) == len(set(ids))
    assert {"cases-la-borda--_1", "cases-marica-currency--_1"} <= set(ids)
    assert 'href="#toolkit-mapping-needs--fn:ilo"' in html


# The built PDFs ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", EXPECTED)
def test_a_pdf_is_written(books, lang):
    """Each language gets a PDF of several pages."""
    book = books[lang]
    assert book.path.read_bytes().startswith(b"%PDF-")
    assert len(book.pages) >= 8


@pytest.mark.parametrize("lang", EXPECTED)
def test_headings_are_in_the_reader_language(books, lang):
    """Cover, contents, parts, a case, a chapter, a roadmap and a term, all translated."""
    book, expected = books[lang], EXPECTED[lang]
    assert expected["cover"] in flat(book.pages[0])
    assert expected["contents"] in flat(book.pages[1])
    for key in ("case", "chapter", "roadmap", "term", "parts"):
        for heading in expected[key] if key == "parts" else [expected[key]]:
            assert heading in book.text, heading


@pytest.mark.parametrize("lang", EXPECTED)
def test_contents_give_the_page_of_each_entry(books, lang):
    """Every contents entry ends in the number of the page where that entry starts."""
    book, expected = books[lang], EXPECTED[lang]
    contents = flat(book.pages[1])
    for heading in expected["parts"][:3] + [expected["case"], expected["chapter"]]:
        match = re.search(re.escape(heading) + r"[ .]*?(\d+)(?!\d)", contents)
        assert match, f"{heading!r} has no page number in the contents"
        assert int(match[1]) == book.page_of(heading), heading


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_untranslated_pages_fall_back_to_english_with_a_notice(books, lang):
    """The English-only case is printed in English under a notice in the reader's language."""
    text = books[lang].text
    notice = {"fr": "Cette page n'est pas encore traduite.", "ar": "لم تُترجم هذه الصفحة بعد"}
    assert "An English-only case" in text and "This text exists only in English." in text
    assert notice[lang] in text


def _arabic_fonts(book: Book) -> dict[str, set[int]]:
    """Code points mapped by each embedded font that maps Arabic letters."""
    found = {}
    for page in book.reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", []):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                program = descriptor.get("/FontFile2")
                if program is None:
                    continue
                cmap = TTFont(io.BytesIO(program.get_object().get_data())).getBestCmap() or {}
                if any(0x0621 <= code <= 0x064A for code in cmap):
                    found[str(font["/BaseFont"])] = set(cmap)
    return found


def test_arabic_is_set_in_a_font_with_arabic_glyphs_and_joined(books):
    """Arabic text is drawn with a font that has Arabic letters, in their joined forms."""
    fonts = _arabic_fonts(books["ar"])
    assert fonts, "no embedded font maps Arabic letters"
    # A slanted Arabic fallback once printed the wrong glyphs: Arabic is never oblique.
    assert not [name for name in fonts if "Oblique" in name or "Italic" in name]
    for name, codes in fonts.items():
        if "DejaVu" in name:
            # DejaVu maps its initial, medial and final forms to Presentation Forms-B: the
            # subset keeping them shows HarfBuzz chose joined forms.
            assert any(0xFE70 <= code <= 0xFEFF for code in codes), name


def test_arabic_words_read_in_order(books):
    """An Arabic phrase comes out whole, in logical or visual order."""
    text = unicodedata.normalize("NFKC", books["ar"].text)
    phrase = "الإنتاج المشترك"
    assert phrase in text or phrase[::-1] in text
    assert "المحتويات" in text or "المحتويات"[::-1] in text


def test_french_typography(books):
    """French text has its narrow and ordinary no-break spaces; code does not."""
    text = books["fr"].text
    assert f"en premier{NNBSP}?" in text
    assert f"disent manquer{NNBSP}; pas" in text
    assert f"Question directrice{NBSP}:" in text
    assert f"«{NBSP}écouter avant de proposer{NBSP}»{NNBSP}!" in text
    assert "Le code a;b reste tel quel." in text
    # Inside an English page shown in the French handbook, English stays English.
    assert "How small can a useful pilot be?" in text


def test_links_print_as_text_a_reader_can_follow(books):
    """External links show their address; links to other entries show their page."""
    en = books["en"]
    address = "https://www.ilo.org/global/topics/cooperatives/publications/WCMS_175515"
    assert address in en.text.replace(" ", "")
    case_page = en.page_of(EXPECTED["en"]["case"])
    assert f"La Borda (p.{NBSP}{case_page})" in en.text
    # A link whose text is its address prints it once.
    assert books["fr"].text.replace(" ", "").count("index.htm?a=1;b=2") == 1


def test_roadmaps_print_as_checklists(books):
    """Each step of a roadmap phase has a box to tick."""
    text = books["en"].text
    assert "☐" in text
    assert "Draft a cession-of-use agreement with the city." in text
    assert "Who takes part" in text and "Risks to watch" in text


def test_glossary_follows_each_language_order(books):
    """Terms are A–Z in the reader's collation: É with E in French, ال ignored in Arabic."""
    fr = books["fr"].text
    order = ["Cession d'usage", "Coproduction", "Économie sociale et solidaire"]
    positions = [fr.rindex(term) for term in order]
    assert positions == sorted(positions)
    ar = books["ar"].text
    order = ["الاقتصاد الاجتماعي والتضامني", "التنازل عن حق الانتفاع", "مؤسسة اجتماعية"]
    positions = [ar.rindex(term) for term in order]
    assert positions == sorted(positions)


def test_nothing_was_fetched_from_the_network(books, content):
    """Building asked for no URL but local files inside the content folder."""
    for book in books.values():
        assert book.fetcher.refused == []
        for url in book.fetcher.fetched:
            assert url.startswith(content.resolve().as_uri() + "/"), url
    # The remote picture of the fixture was dropped before rendering; the local one is in.
    assert books["en"].fetcher.fetched == [
        (content / "docs" / "toolkit" / "needs-map.png").resolve().as_uri()
    ]
