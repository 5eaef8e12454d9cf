"""Link glossary terms on their first occurrence in a page, with the definition as a tooltip.

Works on the HTML of a page body: text inside headings, code, links and a few interactive
elements is never touched. One trie-shaped regular expression per language finds every
title and synonym in a single pass over each text run, so the cost is linear in the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from commons.corpus import GLOSSARY, Corpus

# Elements whose text must stay as written: linking there would nest links or alter code.
SKIPPED = frozenset(
    "a h1 h2 h3 h4 h5 h6 code pre kbd samp var script style textarea button label select "
    "option summary abbr svg math sup".split()
)
_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"^</?\s*([a-zA-Z][a-zA-Z0-9]*)")
# Arabic writes conjunctions and prepositions joined to the next word (و، ف، ب، ك، ل).
_PROCLITICS = {"ar": "[وفبكل]?"}
# A plural `s` or `x` still names the term in English and French.
_PLURALS = {"en": "(?:s|es)?", "fr": "[sx]?"}
# Arabic writes short vowels, shadda and tatweel or leaves them out: a term matches either way.
_ARABIC_MARKS = "\u064b-\u065f\u0670\u0640"
_STRIP_MARKS = re.compile(f"[{_ARABIC_MARKS}]")
_OPTIONAL_MARKS = {"ar": f"[{_ARABIC_MARKS}]*"}


@dataclass(frozen=True)
class Term:
    """What a link to one glossary entry shows."""

    slug: str
    title: str
    definition: str


def _trie_pattern(phrases: list[str], marks: str = "") -> str:
    """A regular expression matching any of `phrases`, shaped as a trie for speed.

    `marks` is a pattern allowed after each letter (the vowel signs a text may add).
    """
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [
            (r"\s+" if ch == " " else re.escape(ch) + marks) + emit(child)
            for ch, child in sorted(node.items())
            if ch
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


def _key(text: str) -> str:
    """How a phrase is looked up: lowercase with single spaces, without Arabic vowel signs."""
    return " ".join(_STRIP_MARKS.sub("", text).casefold().split())


def _spellings(phrase: str, lang: str) -> list[str]:
    """A phrase and the other ways a language writes it in running text.

    After the preposition لِـ, Arabic drops the alef of the article: الاقتصاد is written
    للاقتصاد ("for the economy").
    """
    if lang == "ar" and phrase.startswith("ال") and len(phrase) > 3:
        return [phrase, "لل" + phrase[2:]]
    return [phrase]


class GlossaryLinker:
    """Finds the terms of one language in HTML and links the first occurrence of each."""

    def __init__(self, terms: dict[str, Term], lang: str):
        """`terms` maps each title and synonym (any case) to its term."""
        self.lang = lang
        self.terms = {}
        for phrase, term in terms.items():
            for spelling in _spellings(phrase, lang):
                if _key(spelling):
                    self.terms.setdefault(_key(spelling), term)
        # Acronyms (LETS, SSE) name the term only in capitals: "lets" is an English verb.
        self.acronyms = {
            _key(phrase): phrase for phrase in terms if phrase.isupper() and len(phrase) > 1
        }
        # Each spelling met in the text, with the term it names: most pages repeat a few.
        self._found: dict[str, Term | bool] = {}
        phrases = sorted(self.terms, key=len, reverse=True)
        self.pattern = None
        if phrases:
            self.pattern = re.compile(
                r"(?<!\w)(?P<pre>" + _PROCLITICS.get(lang, "") + ")"
                r"(?P<term>" + _trie_pattern(phrases, _OPTIONAL_MARKS.get(lang, "")) + ")"
                r"(?P<post>" + _PLURALS.get(lang, "") + r")(?!\w)",
                re.IGNORECASE,
            )

    def _term_written(self, written: str) -> Term | bool:
        """The term a matched spelling names, or False (an acronym in lowercase)."""
        key = _key(written)
        term = self.terms.get(key)
        if term is None or (key in self.acronyms and written != self.acronyms[key]):
            return False
        return term

    def link(self, html: str, href_of, skip_slug: str | None = None) -> tuple[str, list[str]]:
        """Return `html` with first occurrences linked, and the slugs linked, in order.

        `href_of(slug)` gives the URL of a term's page relative to the current page.
        """
        if self.pattern is None:
            return html, []
        linked: list[str] = []
        done = {skip_slug} if skip_slug else set()
        parts = _TAG.split(html)
        open_skipped: list[str] = []
        for i, part in enumerate(parts):
            if i % 2:
                _track(part, open_skipped)
                continue
            if open_skipped or not part.strip():
                continue
            parts[i] = self._link_text(part, href_of, done, linked)
        return "".join(parts), linked

    def _link_text(self, text: str, href_of, done: set, linked: list) -> str:
        """Link the terms not linked yet in one run of text (already HTML-escaped)."""
        out = []
        last = 0
        for match in self.pattern.finditer(text):
            written = match["term"]
            term = self._found.get(written)
            if term is None:
                term = self._found[written] = self._term_written(written)
            if term is False or term.slug in done:
                continue
            done.add(term.slug)
            linked.append(term.slug)
            start = match.start("term")
            out.append(text[last:start])
            out.append(_anchor(term, match["term"] + match["post"], href_of(term.slug)))
            last = match.end("post")
        if not out:
            return text
        out.append(text[last:])
        return "".join(out)


def _track(tag: str, open_skipped: list[str]) -> None:
    """Keep the stack of open elements whose text is left alone."""
    found = _TAG_NAME.match(tag)
    if not found:
        return
    name = found[1].lower()
    if name not in SKIPPED:
        return
    if tag.startswith("</"):
        if name in open_skipped:
            while open_skipped and open_skipped.pop() != name:
                pass
    elif not tag.endswith("/>"):
        open_skipped.append(name)


def _anchor(term: Term, text: str, href: str) -> str:
    """The link with the term's definition beside it as its tooltip.

    The tooltip shows on hover and keyboard focus and is read as the link's description.
    The hook adds these links after search has indexed the page, so definitions are not
    indexed as its text.
    """
    return (
        f'<span class="commons-termref"><a class="commons-term" href="{escape(href)}" '
        f'aria-describedby="commons-tip-{term.slug}">{text}</a>'
        f'<span class="commons-tip" id="commons-tip-{term.slug}" role="tooltip">'
        f"{escape(term.definition)}</span></span>"
    )


def linker_for(corpus: Corpus, lang: str) -> GlossaryLinker:
    """The linker for text written in `lang`: that language's titles, synonyms, definitions."""
    terms: dict[str, Term] = {}
    for slug in sorted(corpus.sources(GLOSSARY)):
        entry = corpus.get(GLOSSARY, slug, lang)
        if entry is None or entry.doc is None:
            continue
        meta = entry.meta
        term = Term(slug, str(meta.get("title", slug)), str(meta.get("definition", "")))
        for phrase in [meta.get("title", "")] + list(meta.get("synonyms") or []):
            if phrase:
                terms.setdefault(str(phrase), term)
    return GlossaryLinker(terms, lang)
