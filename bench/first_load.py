"""Benchmark (not a test): what a reader's browser downloads on a first visit to a page.

Serves a built site, opens pages in Debian's Chromium at phone width, waits for the network to
go quiet and sums the gzip size of every file fetched (the compressed transfer a host with
gzip would send), the search index apart.

    .venv/bin/commons build && .venv/bin/python bench/first_load.py site
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

from commons import LANGUAGES, SOURCE_LANGUAGE
from commons.search import language_root

PAGES = ("", "cases/la-borda/", "cases/")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # noqa: D102 - keep the report readable
        pass


def served_file(site: Path, path: str) -> Path:
    """The file the server sends for `path`."""
    target = site / path.split("#")[0].split("?")[0]
    return target / "index.html" if target.is_dir() else target


def main() -> None:
    """Print each page's first-load transfer in every declared language."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--width", type=int, default=390)
    args = parser.parse_args()
    site = args.site.resolve()
    roots = [language_root(lang, SOURCE_LANGUAGE) for lang in LANGUAGES]
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        for root in roots:
            for page_path in PAGES:
                page = browser.new_page(viewport={"width": args.width, "height": 800})
                fetched: list[str] = []
                page.on("response", lambda r, fetched=fetched: fetched.append(r.url))
                page.goto(base + root + page_path, wait_until="networkidle")
                total = index = 0
                for url in fetched:
                    file = served_file(site, url.removeprefix(base))
                    if file.is_file():
                        size = len(gzip.compress(file.read_bytes(), 9))
                        total += size
                        index += size if "search_index" in url else 0
                print(
                    f"/{root + page_path:24} {total / 1024:7.1f} KB gzip "
                    f"(search index {index / 1024:.1f} KB), {len(fetched)} requests"
                )
                page.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
