"""What a pull request is checked for: unsafe content, links, redirects, translation status."""

from __future__ import annotations

import re

import pytest
from conftest import REPO, assemble, mkdocs_build, run

from commons.safety import findings, sanitize, unsafe_url


def check_output(root) -> str:
    """`commons check` on `root`: its printed problems."""
    result = run("commons.cli", "--root", str(root), "check", cwd=REPO)
    return result.stdout + result.stderr


@pytest.mark.parametrize(
    ("markdown", "rule"),
    [
        ("<script>alert(1)</script>", "unsafe-html"),
        ('<img src=x onerror="alert(1)">', "unsafe-attribute"),
        ("<svg><script>alert(1)</script></svg>", "unsafe-html"),
        ('<iframe src="x"></iframe>', "unsafe-html"),
        ('<form action="x"><button>go</button></form>', "unsafe-html"),
        ('<base href="x">', "unsafe-html"),
        ('<meta http-equiv="refresh" content="0;url=javascript:alert(1)">', "unsafe-html"),
        ('<span style="background:url(javascript:alert(1))">x</span>', "unsafe-attribute"),
        ('Paragraph\n{: onclick="alert(1)" }', "unsafe-attribute"),
        ("[x](javascript:alert(1))", "unsafe-url"),
        ("[x](JaVaScRiPt:alert(1))", "unsafe-url"),
        ("[x](&#106;avascript:alert(1))", "unsafe-url"),
        ("[x](java&#x09;script:alert(1))", "unsafe-url"),
        ("![x](vbscript:msgbox(1))", "unsafe-url"),
        ('<a href="data:text/html,<script>alert(1)</script>">x</a>', "unsafe-url"),
        ("[x]: javascript:alert(1)", "unsafe-url"),
        ("<javascript:alert(1)>", "unsafe-url"),
        ('--8<-- "../../etc/passwd"', "include-directive"),
        ('<span id="__config">x</span>', "unsafe-attribute"),
    ],
)
def test_unsafe_constructs_are_found(markdown, rule):
    """Each route to script in a page body is named by its rule."""
    assert rule in {f.rule for f in findings(markdown)}


def test_code_and_plain_links_are_fine():
    """Code shows markup without running it; ordinary links and HTML are allowed."""
    text = (
        "Use `<script>` with care.\n\n```html\n<script>alert(1)</script>\n```\n\n"
        "[site](https://example.org) [page](../cases/la-borda.md) <b>bold</b> "
        '<span class="x">y</span> <https://www.ilo.org/> <mailto:a@example.org>'
    )
    assert findings(text) == []
    assert not unsafe_url("mailto:someone@example.org") and not unsafe_url("../x.md")


def test_sanitizer_keeps_markdown_output_and_drops_the_rest():
    """The allow-list keeps what Markdown produces and removes anything live."""
    rendered = (
        '<h2 id="a">A<a class="headerlink" href="#a" title="Permanent link">¶</a></h2>'
        '<table><tr><th style="text-align: left;">x</th></tr></table>'
        '<div class="admonition note"><p class="admonition-title">N</p></div>'
        '<p onclick="alert(1)">t<script>alert(1)</script><a href="javascript:alert(1)">j</a>'
        '<img src="x" onerror="alert(1)"><iframe src="x"></iframe></p>'
        '<p id="__comments">c</p><td style="color: red; text-align: right" name="__x" id="__y">'
        '<span title="a>b" id="__z">s</span>'
    )
    clean = sanitize(rendered)
    assert '<h2 id="a">' in clean and 'class="headerlink"' in clean
    assert 'style="text-align:left"' in clean and 'class="admonition-title"' in clean
    assert '="__' not in clean and "color" not in clean and 'title="a&gt;b"' in clean
    for live in ("onclick", "<script", "javascript:", "onerror", "<iframe"):
        assert live not in clean, live


def test_check_names_file_line_and_column_of_a_payload(tmp_path):
    """A script in a case is reported at its line and column, and the build refuses it."""
    root = assemble("site", tmp_path)
    case = root / "cases/english-only.en.md"
    case.write_text(case.read_text(encoding="utf-8") + "\nSee <img src=x onerror=alert(1)>.\n")
    lines = case.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "onerror" in text)
    column = lines[line - 1].index("onerror") + 1
    assert f"cases/english-only.en.md:{line}:{column}: " in check_output(root)
    result = mkdocs_build(root)
    assert result.returncode == 1 and "[unsafe-attribute]" in result.stdout + result.stderr


def test_broken_links_and_anchors_are_reported_in_every_language(tmp_path):
    """A broken link or anchor in a translation names its file, line and column."""
    root = assemble("site", tmp_path)
    page = root / "cases/marica-currency.fr.md"
    page.write_text(
        page.read_text(encoding="utf-8")
        + "\nVoir [rien](../glossary/nope.md) et [ancre](la-borda.md#nulle-part).\n"
        + "Et [ok](english-only.md), [ancre ok](la-borda.md#contexte).\n",
        encoding="utf-8",
    )
    out = check_output(root)
    assert re.search(r"cases/marica-currency\.fr\.md:\d+:\d+: link '\.\./glossary/nope\.md'", out)
    assert "'la-borda.md#nulle-part'" in out and "[broken-anchor]" in out
    # The two good links raise no link problem (the facts check may note them as additions).
    broken = [line for line in out.splitlines() if "[broken-" in line]
    assert not [line for line in broken if "english-only.md" in line or "#contexte" in line]
    links = run("commons.cli", "--root", str(root), "links", cwd=REPO)
    assert links.returncode == 1 and "[broken-link]" in links.stdout


def test_external_links_are_listed_not_fetched(tmp_path):
    """`commons links --external` lists links to other sites with their position."""
    root = assemble("site", tmp_path)
    page = root / "cases/english-only.en.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[ILO](https://www.ilo.org/)\n")
    result = run("commons.cli", "--root", str(root), "links", "--external", cwd=REPO)
    assert re.search(r"cases/english-only\.en\.md:\d+:7: https://www\.ilo\.org/", result.stdout)


@pytest.fixture(scope="module")
def site_with_redirects(tmp_path_factory):
    """The fixture site with moved pages recorded in data/redirects.yml, built."""
    root = assemble("site", tmp_path_factory.mktemp("redirects"))
    (root / "data").mkdir(exist_ok=True)
    (root / "data/redirects.yml").write_text(
        "- {from: cases/borda/, to: cases/la-borda/}\n"
        "- {from: /wiki/La_Borda, to: cases/la-borda/}\n"
        "- {from: /index.php?title=La_Borda, to: cases/la-borda/}\n",
        encoding="utf-8",
    )
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("cases/borda", "../la-borda/"),
        ("fr/cases/borda", "../la-borda/"),
        ("ar/cases/borda", "../la-borda/"),
        ("wiki/La_Borda", "../../cases/la-borda/"),
    ],
)
def test_moved_pages_redirect(site_with_redirects, path, target):
    """Old addresses lead to the page in the same language, offline too (relative links)."""
    page = (site_with_redirects / path / "index.html").read_text(encoding="utf-8")
    assert f'<meta http-equiv="refresh" content="0; url={target}">' in page


def test_query_string_addresses_go_to_the_server_map(site_with_redirects):
    """Addresses a file cannot serve are listed for the web server's configuration."""
    table = (site_with_redirects / "redirects.map").read_text(encoding="utf-8")
    assert "/index.php?title=La_Borda /cases/la-borda/" in table
    assert "/fr/cases/borda/ /fr/cases/la-borda/" in table


def test_redirect_to_a_missing_page_is_an_error(tmp_path):
    """A redirect that leads nowhere, or hides a live page, is reported with its line."""
    root = assemble("site", tmp_path)
    (root / "data").mkdir(exist_ok=True)
    (root / "data/redirects.yml").write_text(
        "- {from: cases/old/, to: cases/nowhere/}\n- {from: cases/la-borda/, to: cases/}\n",
        encoding="utf-8",
    )
    out = check_output(root)
    assert "data/redirects.yml:1:" in out and "[missing-redirect-target]" in out
    assert "data/redirects.yml:2:" in out and "[redirect-shadows-page]" in out


def test_translation_status_page(tmp_path):
    """Each language's status page shows translated, missing and outdated pages with shares."""
    root = assemble("site", tmp_path)
    source = root / "cases/marica-currency.en.md"
    source.write_text(source.read_text(encoding="utf-8").replace("basic income", "income"))
    assert mkdocs_build(root).returncode == 0
    page = (root / "site/fr/status/index.html").read_text(encoding="utf-8")
    page = page.replace("\u202f", " ").replace("\u00a0", " ")  # French spaces, typeset
    rows = dict(
        re.findall(
            r'<a href="\.\./cases/([a-z-]+)/">.*?</a></td><td class="commons-'
            r'status--(\w+)">',
            page,
        )
    )
    assert rows == {
        "english-only": "missing",
        "la-borda": "translated",
        "marica-currency": "outdated",
    }
    assert '<bdi lang="fr">Français</bdi> : 33 % traduit (1 sur 3), 1 obsolète(s)' in page
    arabic = (root / "site/ar/status/index.html").read_text(encoding="utf-8")
    assert "حالة الترجمة" in arabic and "commons-status--outdated" in arabic
