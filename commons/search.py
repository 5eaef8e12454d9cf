"""One search index per language, analysed by the reader's language.

static-i18n merges every language into one index processed as English. Here each language
build keeps its own pages (translations and English fallbacks at that language's URLs), and
its index (`commons/searchindex.py`) is made with our analyzer
(`overrides/assets/search/analyzers.js`), which folds accents, normalises Arabic letters and
strips affixes, on the index side at build time and on the query side in the reader's browser.
"""

from __future__ import annotations

import json
from pathlib import Path

from commons import LANGUAGES, direction
from commons.corpus import GLOSSARY, Corpus

# Splits words on spaces, dashes, apostrophes and Latin and Arabic punctuation.
SEPARATOR = r"[\s\-,:;!?.()\[\]{}\"'’«»“”/،؛؟…]+"


def config(lang: str) -> dict:
    """The `config` part of an index Material hands to the search worker."""
    return {"lang": [lang], "separator": SEPARATOR}


def setup(lang: str, root: str) -> dict:
    """What Material hands the worker for `lang` (its `search_index.json`): the same every build.

    Pages carry it, so search starts without a round trip; the worker then loads the
    language's manifest and titles (`searchindex.write`).
    """
    where = {"lang": lang, "root": root, "directions": {c: direction(c) for c in LANGUAGES}}
    return {"config": dict(config(lang), commons=where), "docs": []}


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


def language_docs(entries: list[dict], lang: str, roots: dict[str, str]) -> list[dict]:
    """The entries of `lang` among Material's, with locations relative to the language root.

    Other languages' pages are left out, so a French reader only finds French pages and the
    English pages that have no French version (built at French URLs by static-i18n).
    """
    own = roots[lang]
    others = tuple(root for code, root in roots.items() if root and code != lang)
    docs = []
    for entry in entries:
        location = entry["location"]
        if own and not location.startswith(own):
            continue
        if not own and others and location.startswith(others):
            continue
        docs.append(dict(entry, location=location[len(own) :]))
    return docs


def pages(entries: list[dict], lang: str, roots: dict[str, str], corpus: Corpus) -> list:
    """The pages of `lang` as search shows them, from Material's entries and the corpus."""
    from commons.searchindex import pages_of

    docs = language_docs(entries, lang, roots)
    return pages_of(docs, summaries(corpus, lang), foreign_pages(corpus, lang))


def write_index(site_dir: Path, lang: str, root: str, found: list) -> None:
    """Write the sharded index of `lang` under `<root>search/`, and the setup that names it."""
    from commons.searchindex import Analyzer, write

    write(site_dir / root / "search", lang, found, Analyzer())
    write_setup(site_dir, lang, root)


def write_setup(site_dir: Path, lang: str, root: str) -> None:
    """Write the setup of `lang`'s search under `<root>search/`, the same every build.

    The setup keeps Material's file names: `search_index.json`, and over file:// the
    `search_index.js` twin Material loads as a script. It carries no documents: the worker
    (`overrides/assets/search/worker.js`) loads the manifest, titles and shards.
    """
    folder = site_dir / root / "search"
    data = json.dumps(setup(lang, root), ensure_ascii=False, separators=(",", ":"))
    json_path, js_path = folder / "search_index.json", folder / "search_index.js"
    json_path.write_text(data, encoding="utf-8")
    # `</` cannot occur in JSON output outside strings; escaping it keeps a title containing
    # `</script>` from closing the script element when the file is inlined by a bundler.
    js_path.write_text("var __index = " + data.replace("</", "<\\/") + ";\n", encoding="utf-8")
