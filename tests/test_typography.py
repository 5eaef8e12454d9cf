"""Language typography applied at render time: French spaces on built pages, nothing else moved."""

from __future__ import annotations

import json
import re

import pytest

from commons.typography import apply, french_spacing

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>Tom &amp; Jerry ; oui</p>", f"<p>Tom &amp; Jerry{NNBSP}; oui</p>"),
        ("<p>26 % et 26%.</p>", f"<p>26{NNBSP}% et 26{NNBSP}%.</p>"),
        (
            "<script>if (a<b) { c: 1 }</script><p>x ?</p>",
            f"<script>if (a<b) {{ c: 1 }}</script><p>x{NNBSP}?</p>",
        ),
        ("<!-- a : b --><p>a&lt;b : c</p>", f"<!-- a : b --><p>a&lt;b{NBSP}: c</p>"),
        (
            '<p>Voir <span lang="en">Why? Now: yes</span> !</p>',
            f'<p>Voir <span lang="en">Why? Now: yes</span>{NNBSP}!</p>',
        ),
        ("<p><em>mot</em>?</p>", f"<p><em>mot</em>{NNBSP}?</p>"),
        (
            "<p>MedUP! et IESS! y sont ; vraiment!</p>",
            f"<p>MedUP! et IESS! y sont{NNBSP}; vraiment{NNBSP}!</p>",
        ),
        ('<p title="a : b">«x»</p>', f'<p title="a : b">«{NBSP}x{NBSP}»</p>'),
        ("<pre><code>a ; b</code></pre><p>10:30</p>", "<pre><code>a ; b</code></pre><p>10:30</p>"),
    ],
)
def test_french_spacing_touches_french_prose_only(html, expected):
    """Spaces go into French text nodes; scripts, comments, code, attributes stay as they were."""
    assert french_spacing(html) == expected
    assert french_spacing(expected) == expected


def test_languages_without_rules_are_left_alone():
    """English pages come out byte for byte as they went in."""
    html = "<p>Why? Because: 26 %</p>"
    assert apply(html, "en") == html


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            "<p>كتب ARCO (Action Research for CO-development) الخرائط.</p>",
            "<p>كتب <bdi>ARCO (Action Research for CO-development)</bdi> الخرائط.</p>",
        ),
        (
            "<p>برشلونة (Barcelona), وCoop57; هل MedUP! هنا?</p>",
            "<p>برشلونة <bdi>(Barcelona)</bdi>، و<bdi>Coop57</bdi>؛ هل <bdi>MedUP!</bdi> هنا؟</p>",
        ),
        (
            "<p>البرنامج\n(ENI CBC Med 2014-2020). ووثائق MedTOWN. وU.S. هنا</p>",
            "<p>البرنامج\n<bdi>(ENI CBC Med 2014-2020)</bdi>. ووثائق <bdi>MedTOWN</bdi>."
            " و<bdi>U.S.</bdi> هنا</p>",
        ),
        ("<p>في عام ٢٠١٨ و 26%.</p>", "<p>في عام 2018 و 26%.</p>"),
        (
            "<p>الرابط https://example.org/a, هنا.</p>",
            "<p>الرابط <bdi>https://example.org/a</bdi>، هنا.</p>",
        ),
        (
            '<title>La Borda</title><p lang="en" dir="ltr">English, (text).</p><code>a, b</code>',
            '<title>La Borda</title><p lang="en" dir="ltr">English, (text).</p><code>a, b</code>',
        ),
        ('<p>نص <bdi>Latin</bdi> و<span dir="ltr">Latin</span></p>', None),
    ],
)
def test_arabic_text_isolates_latin_runs_and_uses_arabic_punctuation(html, expected):
    """Latin runs are isolated whole, brackets included; Arabic punctuation and Western digits."""
    expected = html if expected is None else expected
    assert apply(html, "ar") == expected
    assert apply(expected, "ar") == expected


def test_the_handbook_isolates_with_characters_its_engine_knows():
    """In print, a Latin run sits between FSI and PDI rather than inside an element."""
    assert apply("<p>كتب ARCO هنا</p>", "ar", printed=True) == "<p>كتب \u2068ARCO\u2069 هنا</p>"


def test_latin_inside_arabic_reads_left_to_right_in_chromium(page, served):
    """On a built Arabic page, the brackets of a Latin name open and close the right way."""
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{served}/ar/")
    sides = page.evaluate(
        """() => {
            const bdi = [...document.querySelectorAll('article bdi')]
                .find(b => b.textContent.startsWith('ARCO ('));
            const at = (ch) => {
                const node = bdi.firstChild, range = document.createRange();
                const i = node.textContent.indexOf(ch);
                range.setStart(node, i); range.setEnd(node, i + 1);
                return range.getBoundingClientRect().left;
            };
            return {open: at('('), close: at(')'), a: at('A')};
        }"""
    )
    assert sides["a"] < sides["open"] < sides["close"], sides
    html = page.content()
    assert "<bdi>MedUP!</bdi>" in html
    assert "الطريق، ومنها" in html


def test_french_pages_are_spaced_and_other_languages_are_not(fixture_site):
    """A built French page has French spaces in its text and interface; its scripts still parse."""
    page = (fixture_site / "fr" / "synthesis" / "index.html").read_text(encoding="utf-8")
    assert f"même chose{NBSP}: «{NBSP}partager le pouvoir{NBSP}»{NNBSP};" in page
    assert f"26{NNBSP}% des propositions" in page and f"Pourquoi{NNBSP}?" in page
    assert "<code>a: b</code>" in page and "https://example.org/?a=1;b=2" in page
    # The tier note comes from the interface strings, not the Markdown: spaced all the same.
    assert f"chaque cas{NNBSP}; le guide" in page
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', page, re.S)
    json.loads(config.group(1))
    english = (fixture_site / "synthesis" / "index.html").read_text(encoding="utf-8")
    assert NNBSP not in english
