"""What a translation is compared on: its numbers, its link targets, its share of English words."""

from __future__ import annotations

import pytest

from commons.parity import (
    english_share,
    link_targets,
    may_read_as_english,
    numbers,
    reads_as_english,
    units,
)


@pytest.mark.parametrize(
    ("english", "translated"),
    [
        ("20,627 people", "20 627 personnes"),
        ("1.5 h and 26%", "1,5 h et 26 %"),
        ("from 9.30am to 3.30pm", "de 9 h 30 à 15 h 30"),
        ("€3.1 million in 2018", "3,1 millions d'euros en 2018"),
        ("in 2018, 20,627 people and 1.5 hours", "في عام ٢٠١٨، ٢٠٬٦٢٧ شخصًا و١٫٥ ساعة"),
    ],
)
def test_numbers_are_compared_as_values_not_as_written(english, translated):
    """Thousands, decimals, clock times and digits are read the way each language writes them."""
    assert set(numbers(english)) == set(numbers(translated))


def test_numbers_in_code_and_urls_do_not_count():
    """A number inside code or an address is not a fact of the text."""
    assert numbers("see `page 42` at https://example.org/7 or [x](../cases/a-9.md)") == {}


def test_link_targets_ignore_anchors_and_language_suffixes():
    """A French page links `la-borda.md#contexte` where English links `la-borda.md#context`."""
    assert set(link_targets("[a](la-borda.fr.md#contexte) [b](x.md)")) == {"la-borda.md", "x.md"}


def test_english_is_recognised_and_french_with_an_english_title_is_not():
    """Common English words give English away; a title in italics is not counted."""
    assert reads_as_english("The city and its residents run the service together with the bank.")
    assert not reads_as_english(
        "La ville gère le service avec ses habitants, comme le décrit *The Future of the Commons*."
    )
    assert not reads_as_english("Trop court, and the.")
    # A title in italics may run over a line break.
    assert not reads_as_english(
        "La ville gère le service, comme le décrit *The Future of the\nCommons and the Public*."
    )


def test_units_split_paragraphs_list_items_and_table_rows():
    """Each paragraph, list item and table row is judged on its own, at its own offset."""
    text = "One para\nstill\n\n- item\n- other\n\n| a | b |\n"
    assert [offset for offset, _ in units(text)] == [0, 16, 23, 32]


@pytest.mark.parametrize(
    "text",
    [
        "The2 and_the (the) «the» the’s forêt the\u00a0The",
        "المدينةthe والسكانand of",
        "Ce qui était THE vrai, For et Of.",
        "x'the a’b'to, it's l'and",
    ],
)
def test_first_look_for_english_misses_no_english_word(text):
    """A text `may_read_as_english` turns away has no English marker word counted in it."""
    found, total, _ = english_share(text, clean=True)
    assert may_read_as_english(text) == (found > 0)
    assert not may_read_as_english("Les habitants gèrent le service avec la ville, الخدمة 2024.")
