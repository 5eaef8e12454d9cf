"""Which language a wiki page is written in: from the mapping, its title, or its text.

The text is read by py3langid (a naive Bayes model over 97 languages, deterministic, no
network): it can say a page reads as Spanish, which the site is not built in, rather than
force it into one of the site's languages. A script that only one of the site's languages
writes (Arabic letters) decides before the model is asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from commons import BY_CODE, LANGUAGES

# Letters that only one language of the site writes, keyed by its code. Every language the
# site is built in is told either by its script here or by the model (a test checks both).
SCRIPTS = {
    "ar": re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]"),
}
# Below this many letters the model guesses more than it reads; a script tells sooner.
MIN_LETTERS = 40
MIN_SCRIPT_LETTERS = 10
MIN_PROBABILITY = 0.9
SAMPLE = 4000


@dataclass(frozen=True)
class Guess:
    """A language read from a text, or None, and why."""

    lang: str | None
    reason: str


@lru_cache(maxsize=1)
def identifier():
    """py3langid's model, loaded once per process (about a second)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def model_languages() -> set[str]:
    """The languages the model knows."""
    return set(identifier().nb_classes)


def name(code: str) -> str:
    """A language's English name, or its code when the site does not declare it."""
    return BY_CODE[code].english_name if code in BY_CODE else code


def detect(text: str) -> Guess:
    """The site language `text` is written in, or None with the reason it cannot tell."""
    text = text[:SAMPLE]
    letters = sum(1 for char in text if char.isalpha())
    if letters >= MIN_SCRIPT_LETTERS:
        for code, pattern in SCRIPTS.items():
            share = len(pattern.findall(text)) / letters
            if share > 0.5:
                return Guess(code, f"{name(code)} script ({share:.0%} of the letters)")
    if letters < MIN_LETTERS:
        return Guess(None, f"too little text to tell ({letters} letters)")
    found, probability = identifier().classify(text)
    if found in LANGUAGES and probability >= MIN_PROBABILITY:
        return Guess(found, f"reads as {name(found)} (py3langid, {probability:.2f})")
    if found in LANGUAGES:
        return Guess(None, f"probably {name(found)}, but not sure enough ({probability:.2f})")
    return Guess(None, f"reads as '{found}', a language the site is not built in")
