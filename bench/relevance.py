"""Benchmark (not a test): how well search ranks the page a reader looks for, per language.

Serves a built site, types each query of `tests/fixtures/search-queries.yml` into the search
field in Chromium, and prints the rank of the expected page and the mean reciprocal rank.

    .venv/bin/python bench/relevance.py site
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlparse

import yaml

REPO = Path(__file__).resolve().parent.parent
QUERIES = REPO / "tests" / "fixtures" / "search-queries.yml"
sys.path.insert(0, str(REPO))

sys.path.insert(0, str(REPO / "tests"))

from conftest import search_results, serving  # noqa: E402

from commons import SOURCE_LANGUAGE  # noqa: E402


def ranked_pages(page, url: str, query: str) -> list[str]:
    """The pages search lists for `query` typed on `url`, best first, as paths."""
    page.goto(url)
    hrefs = search_results(page, query)
    return list(dict.fromkeys(urlparse(href).path for href in hrefs))


def ranks(base: str, browser) -> dict[str, dict[str, int | None]]:
    """Rank of the expected page for each query, by language (None: not found)."""
    found: dict[str, dict[str, int | None]] = {}
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    for lang, queries in yaml.safe_load(QUERIES.read_text(encoding="utf-8")).items():
        root = "/" if lang == SOURCE_LANGUAGE else f"/{lang}/"
        found[lang] = {}
        for query, expected in queries.items():
            pages = ranked_pages(page, base + root, query)
            target = root + expected
            found[lang][query] = pages.index(target) + 1 if target in pages else None
    page.close()
    return found


def mrr(ranks_of: dict[str, int | None]) -> float:
    """Mean reciprocal rank, a query whose page is not found counting 0."""
    return sum(1 / r for r in ranks_of.values() if r) / len(ranks_of)


def main() -> int:
    """Serve the site, run the queries, print the ranks."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="a built site folder")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with serving(args.site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        found = ranks(base, browser)
        browser.close()
    for lang, ranks_of in found.items():
        print(f"{lang}: MRR {mrr(ranks_of):.3f} over {len(ranks_of)} queries")
        for query, rank in ranks_of.items():
            print(f"  {rank or '-':>3}  {query}")
    every = {f"{lang}:{q}": r for lang, d in found.items() for q, r in d.items()}
    print(f"all: MRR {mrr(every):.3f} over {len(every)} queries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
