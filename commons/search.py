"""One search index per language, analysed in the browser by the reader's language.

static-i18n merges every language into one index processed as English. Here each language
build keeps its own pages (translations and English fallbacks at that language's URLs), and
names a lunr language plugin of ours (`overrides/assets/search/analyzers.js`) that folds
accents, normalises Arabic letters and strips affixes on both the index and the query side.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from commons import direction
from commons.corpus import GLOSSARY, Corpus
from commons.safety import inert

# Splits words on spaces, dashes, apostrophes and Latin and Arabic punctuation.
SEPARATOR = r"[\s\-,:;!?.()\[\]{}\"'’«»“”/،؛؟…]+"
FIELDS = {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1000000.0}}
# Where the analyzer lives in the theme folder (`custom_dir`).
ANALYZER_SOURCE = "assets/search/analyzers.js"
# Material's worker loads `../lunr/min/lunr.<lang>.min.js` for each entry of `config.lang`.
ANALYZER_TARGET = "assets/javascripts/lunr/min/lunr.commons_{lang}.min.js"


def config(lang: str) -> dict:
    """The `config` part of an index: our analyzer for `lang` and the shared separator."""
    return {
        "lang": [f"commons_{lang}"],
        "separator": SEPARATOR,
        "pipeline": ["trimmer", "stopWordFilter", "stemmer"],
        "fields": FIELDS,
    }


def language_root(lang: str, default: str) -> str:
    """The folder of a language's pages inside the site: `` for the default, `fr/` otherwise."""
    return "" if lang == default else f"{lang}/"


def summaries(corpus: Corpus, lang: str) -> dict[str, str]:
    """Page summaries in `lang` (falling back to English) by URL relative to the language root."""
    found: dict[str, str] = {}
    for collection in {e.collection for e in corpus.entries}:
        for entry in corpus.in_language(collection, lang):
            text = entry.meta.get("definition" if collection is GLOSSARY else "summary")
            if not text:
                continue
            found[collection.url(entry.slug)] = str(text)
    return found


def foreign_pages(corpus: Corpus, lang: str) -> dict[str, str]:
    """The language of each page shown in another language than `lang` (English fallbacks)."""
    return {
        entry.collection.url(entry.slug): entry.lang
        for collection in {e.collection for e in corpus.entries}
        for entry in corpus.in_language(collection, lang)
        if entry.lang != lang
    }


def language_docs(entries: list[dict], lang: str, roots: dict[str, str], corpus: Corpus) -> list:
    """The documents of `lang` among Material's entries, relative to the language root.

    Other languages' pages are left out, so a French reader only finds French pages and the
    English pages that have no French version (built at French URLs by static-i18n).
    """
    own = roots[lang]
    others = tuple(root for code, root in roots.items() if root and code != lang)
    found = summaries(corpus, lang)
    foreign = foreign_pages(corpus, lang)
    docs = []
    for entry in entries:
        location = entry["location"]
        if own and not location.startswith(own):
            continue
        if not own and others and location.startswith(others):
            continue
        doc = dict(entry, location=location[len(own) :])
        # Material's result list inserts titles as HTML; front-matter titles arrive raw.
        doc["title"] = str(inert(doc.get("title", "")))
        if "tags" in doc:
            doc["tags"] = [str(inert(tag)) for tag in doc["tags"]]
        page = doc["location"].removesuffix("index.html")
        if "#" not in page and page in found:
            # Results show the page's summary first: the teaser readers decide on.
            doc["text"] = f"<p>{escape(found[page])}</p>{doc['text']}"
        shown = foreign.get(page.split("#")[0])
        if shown:
            # An English page in Arabic results is laid out and read as English: Material
            # prints the title as HTML, and the search partial gives its language to the
            # whole result.
            doc["title"] = f'<span lang="{shown}" dir="{direction(shown)}">{doc["title"]}</span>'
        docs.append(doc)
    return docs


def write_index(site_dir: Path, lang: str, root: str, docs: list) -> list[Path]:
    """Write `<root>search/search_index.json` and the `.js` twin Material loads from file://."""
    data = json.dumps(
        {"config": config(lang), "docs": docs},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    folder = site_dir / root / "search"
    folder.mkdir(parents=True, exist_ok=True)
    json_path, js_path = folder / "search_index.json", folder / "search_index.js"
    json_path.write_text(data, encoding="utf-8")
    # `</` cannot occur in JSON output outside strings; escaping it keeps a title containing
    # `</script>` from closing the script element when the file is inlined by a bundler.
    js_path.write_text("var __index = " + data.replace("</", "<\\/") + ";\n", encoding="utf-8")
    return [json_path, js_path]


def install_analyzers(theme_dir: Path, site_dir: Path, languages: list[str]) -> None:
    """Copy the analyzer script under the name Material's worker asks for, per language."""
    source = (theme_dir / ANALYZER_SOURCE).read_text(encoding="utf-8")
    for lang in languages:
        target = site_dir / ANALYZER_TARGET.format(lang=lang)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source, encoding="utf-8")
