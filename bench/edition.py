"""Measure (not a test): how whole a language's edition is, on a strict build of the repository.

Prints, for one language: the share of pages translated and current in each collection; the
pages its search index still serves in English; the glossary's A–Z letters (and how many terms
fall under "#"); and how many glossary terms each translated page links against its English
page (a translation that keeps to the term base links about as many), with the median and the
lowest pages. Builds the site unless given one.

    .venv/bin/python bench/edition.py --lang fr [--site site] [--lowest 10]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from commons import SOURCE_LANGUAGE  # noqa: E402
from commons.corpus import load  # noqa: E402
from commons.indexes import translation_state  # noqa: E402
from commons.schemas import Schemas  # noqa: E402
from commons.search import language_root  # noqa: E402
from commons.searchindex import read as read_index  # noqa: E402

_TEXT = re.compile(
    r'class="commons-text".*?(?=class="commons-(?:related|backlinks)"|</article>)', re.S
)
_GLOSSARY_HREF = re.compile(r'href="(?:\.\./)*(?:[a-z]{2}/)?glossary/([a-z0-9-]+)/"')


def terms_linked(html: str) -> set[str]:
    """Slugs of the glossary terms the text of a page links to (its own slug aside)."""
    text = _TEXT.search(html)
    return set(_GLOSSARY_HREF.findall(text.group())) if text else set()


def page_file(site: Path, lang: str, url: str) -> Path:
    """The built HTML file of a page URL (relative to a language root) in `lang`."""
    return site / language_root(lang, SOURCE_LANGUAGE) / url / "index.html"


def measure(site: Path, lang: str) -> list[tuple[float, int, int, str]]:
    """(ratio, terms in lang, terms in English, url) for each page translated into `lang`."""
    corpus = load(REPO)
    rows = []
    for entry in corpus.entries:
        if entry.lang != lang or entry.doc is None:
            continue
        url = re.sub(r"(^|/)index/$", r"\1", entry.collection.url(entry.slug))
        own = {entry.slug}
        english = terms_linked(page_file(site, SOURCE_LANGUAGE, url).read_text("utf-8")) - own
        translated = terms_linked(page_file(site, lang, url).read_text("utf-8")) - own
        ratio = len(translated) / len(english) if english else 1.0
        rows.append((ratio, len(translated), len(english), url or "/"))
    return sorted(rows, key=lambda row: (row[0], -row[2]))


def status(lang: str) -> list[str]:
    """Per collection: pages translated and current in `lang`, outdated, missing."""
    corpus, schemas = load(REPO), Schemas.for_root(REPO)
    lines = []
    for collection in sorted({e.collection for e in corpus.entries}, key=lambda c: c.name):
        sources = corpus.sources(collection).values()
        states = [translation_state(corpus, schemas, source, lang) for source in sources]
        done = states.count("translated")
        lines.append(
            f"  {collection.name:<9} {done}/{len(states)} translated "
            f"({100 * done // max(len(states), 1)} %), {states.count('outdated')} outdated, "
            f"{states.count('missing')} missing"
        )
    return lines


def english_in_search(site: Path, lang: str) -> list[str]:
    """Pages of `lang`'s search index whose text is shown in English (a fallback)."""
    root = site / language_root(lang, SOURCE_LANGUAGE)
    pages = sorted(page["location"] for page in read_index(root / "search")["pages"])
    fallback = []
    for url in pages:
        html = (root / url / "index.html").read_text("utf-8")
        if f'class="commons-text" lang="{SOURCE_LANGUAGE}"' in html:
            fallback.append(url or "/")
    return fallback


def glossary_letters(site: Path, lang: str) -> tuple[list[str], int]:
    """The A–Z letters of `lang`'s glossary index, and how many terms stand under "#"."""
    index = site / language_root(lang, SOURCE_LANGUAGE) / "glossary" / "index.html"
    html = index.read_text("utf-8")
    letters = re.findall(r'class="commons-letter">([^<]*)<', html)
    hash_section = re.search(r'class="commons-letter">#<.*?</ul>', html, re.S)
    return letters, hash_section.group().count("commons-card__title") if hash_section else 0


def main() -> int:
    """Print the state of one language's edition."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", required=True)
    parser.add_argument("--site", type=Path, help="a built site (default: build one)")
    parser.add_argument("--lowest", type=int, default=10)
    args = parser.parse_args()
    site = args.site
    if site is None:
        site = Path(tempfile.mkdtemp()) / "site"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)]
        subprocess.run(command, cwd=REPO, env=env, check=True)
    print(f"{args.lang}: translation status")
    print("\n".join(status(args.lang)))
    fallback = english_in_search(site, args.lang)
    print(f"search index: {len(fallback)} page(s) shown in English {fallback[:10]}")
    letters, under_hash = glossary_letters(site, args.lang)
    print(f"glossary A–Z: {' '.join(letters)} ({under_hash} term(s) under #)")
    rows = measure(site, args.lang)
    if not rows:
        print(f"no page translated into {args.lang}")
        return 1
    ratios = [row[0] for row in rows]
    below = [row for row in rows if row[0] < 0.8]
    print(
        f"glossary links against English: {len(rows)} pages, median "
        f"{statistics.median(ratios):.2f}, lowest {ratios[0]:.2f}, {len(below)} below 0.80"
    )
    for ratio, ours, theirs, url in rows[: args.lowest]:
        print(f"  {ratio:.2f}  {ours:>3} / {theirs:<3} {url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
