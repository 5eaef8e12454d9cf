"""Measure (not a test): how many glossary terms each translated page links, against its English.

A translation that uses the term base links about as many glossary terms as its source; one that
drifts from it links fewer. Builds the site (or reads one already built) and prints, for a
language, the ratio per page, the median and the lowest pages.

    .venv/bin/python bench/term_links.py --lang fr [--site site] [--lowest 10]
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

from commons.corpus import load  # noqa: E402
from commons.search import language_root  # noqa: E402

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
    return site / language_root(lang, "en") / url / "index.html"


def measure(site: Path, lang: str) -> list[tuple[float, int, int, str]]:
    """(ratio, terms in lang, terms in English, url) for each page translated into `lang`."""
    corpus = load(REPO)
    rows = []
    for entry in corpus.entries:
        if entry.lang != lang or entry.doc is None:
            continue
        url = re.sub(r"(^|/)index/$", r"\1", entry.collection.url(entry.slug))
        own = {entry.slug}
        english = terms_linked(page_file(site, "en", url).read_text("utf-8")) - own
        translated = terms_linked(page_file(site, lang, url).read_text("utf-8")) - own
        ratio = len(translated) / len(english) if english else 1.0
        rows.append((ratio, len(translated), len(english), url or "/"))
    return sorted(rows)


def main() -> int:
    """Print the glossary-link ratio of each translated page, its median and the lowest."""
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
    rows = measure(site, args.lang)
    if not rows:
        print(f"no page translated into {args.lang}")
        return 1
    ratios = [row[0] for row in rows]
    below = [row for row in rows if row[0] < 0.8]
    print(
        f"{args.lang}: {len(rows)} pages, median {statistics.median(ratios):.2f}, "
        f"lowest {ratios[0]:.2f}, {len(below)} below 0.80"
    )
    for ratio, ours, theirs, url in rows[: args.lowest]:
        print(f"  {ratio:.2f}  {ours:>3} / {theirs:<3} {url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
