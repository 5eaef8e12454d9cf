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
    """English and Arabic pages come out byte for byte as they went in."""
    html = "<p>Why? Because: 26 %</p>"
    assert apply(html, "en") == html and apply(html, "ar") == html


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
