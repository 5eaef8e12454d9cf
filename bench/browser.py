"""Benchmark (not a test): what a reader's browser downloads and waits for, in Chromium.

A built site is served by a small static server that compresses as real hosts do (gzip) and
counts the bytes it sends, so the figures are compressed transfer, the search index and any
worker's requests included. Two measurements:

- first load: a page opened at phone width in a fresh browser, until the network is quiet;
- first search, on a slow phone (400 kbit/s, 400 ms round trip, CPU 4x slower, Chromium's own
  emulation): a case page is loaded, 6 s later the reader taps search and types a query; the
  time from the first keystroke to the first result drawn, and the bytes sent since the tap.
  Both ends are read in the page's own clock by a script that runs before the page's own
  (`DRAWN`): the first keystroke is the time stamp of the field's first keydown, the first result
  drawn the first animation frame after an `.md-search-result__item` is in the page. Playwright's
  wait for that item only says when to read them: it polls at growing intervals (up to 500 ms),
  a delay no reader waits. Pagefind, run on the bare build, is timed through its JS API
  (`search()`, then `data()` of the first 5 results), from the call to its answer.

    .venv/bin/commons build && .venv/bin/python bench/browser.py site --search
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import mimetypes
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import sync_playwright

from commons import LANGUAGES, SOURCE_LANGUAGE
from commons.search import language_root

# Page kinds a first visit lands on, as paths under a language's root.
PAGE_KINDS = {
    "home": "",
    "case": "cases/la-borda/",
    "case index": "cases/",
    "term": "glossary/co-production/",
}
# A query per language from the corpus's own words (the declared languages without one are
# searched in English).
QUERIES = {"en": "cooperative housing", "fr": "logement coopératif", "ar": "السكن التعاوني"}
SLOW_PHONE = {"kbit_s": 400, "latency_ms": 400, "cpu": 4}
# Run in the page before its own scripts: when the reader first pressed a key in the search
# field (the keydown's time stamp), and the first animation frame after the first result is in
# the page (`performance.now()` in that frame's callback), both in the page's clock (ms).
DRAWN = """(() => {
  const marks = window.__firstSearch = {};
  addEventListener("keydown", event => {
    if (marks.typed === undefined && event.target.matches?.("input.md-search__input"))
      marks.typed = event.timeStamp;
  }, true);
  const watch = () => {
    const list = document.querySelector(".md-search-result__list") || document.body;
    const seen = new MutationObserver(() => {
      if (!list.querySelector(".md-search-result__item")) return;
      seen.disconnect();
      requestAnimationFrame(() => { marks.drawn = performance.now(); });
    });
    seen.observe(list, { childList: true, subtree: true });
  };
  if (document.readyState === "loading") addEventListener("DOMContentLoaded", watch);
  else watch();
})();"""
COMPRESSIBLE = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "image/svg",
)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed when the browser accepts it, each response counted."""

    protocol_version = "HTTP/1.1"
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "application/javascript",
        ".mjs": "application/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
        ".xml": "application/xml",
    }

    def log_message(self, *args):  # noqa: D102 - the counts are the log
        pass

    def do_GET(self):  # noqa: D102, N802
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return self._send(301, b"", "text/plain", {"Location": self.path + "/"})
            path = path / "index.html"
        if not path.is_file():
            return self._send(404, b"Not found", "text/plain")
        kind = self.extensions_map.get(path.suffix) or mimetypes.guess_type(path.name)[0]
        self._send(200, self.server.body(path), kind or "application/octet-stream")

    def _send(self, status: int, body: bytes, kind: str, headers: dict | None = None):
        """Send a response, compressed when it is text and the browser takes gzip."""
        extra = dict(headers or {})
        if "gzip" in self.headers.get("Accept-Encoding", "") and kind.startswith(COMPRESSIBLE):
            body = self.server.compressed(body)
            extra["Content-Encoding"] = "gzip"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        for key, value in extra.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)
        self.server.record(self.path, len(body))


class CountingServer(http.server.ThreadingHTTPServer):
    """A static server on 127.0.0.1 that remembers what it sent: (time, path, bytes)."""

    daemon_threads = True

    def __init__(self, site: Path):
        self.site = site.resolve()
        self.sent: list[tuple[float, str, int]] = []
        self._lock = threading.Lock()
        self._gzip: dict[bytes, bytes] = {}
        super().__init__(("127.0.0.1", 0), self._handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def handle_error(self, request, client_address):
        """A browser closing a connection early is no error of the site's."""

    def _handler(self, *args):
        return _Handler(*args, directory=str(self.site))

    @property
    def url(self) -> str:
        """The site's address."""
        return f"http://127.0.0.1:{self.server_port}/"

    def body(self, path: Path) -> bytes:
        """A file's bytes."""
        return path.read_bytes()

    def compressed(self, body: bytes) -> bytes:
        """At gzip level 6 (nginx's and Apache's usual), kept for the next request."""
        with self._lock:
            if body not in self._gzip:
                self._gzip[body] = gzip.compress(body, 6, mtime=0)
            return self._gzip[body]

    def record(self, path: str, size: int) -> None:
        """Note one response."""
        with self._lock:
            self.sent.append((time.monotonic(), path, size))

    def since(self, mark: int) -> tuple[int, int]:
        """Bytes and responses sent since `mark` (a length of `sent`)."""
        with self._lock:
            recent = self.sent[mark:]
        return sum(size for _, _, size in recent), len(recent)


@dataclass
class Search:
    """One first search: seconds to the first result, compressed bytes, responses, results."""

    seconds: float
    kb: float
    requests: int
    results: int


def _root(lang: str) -> str:
    return language_root(lang, SOURCE_LANGUAGE)


def first_load(server: CountingServer, browser, width: int = 390) -> dict[tuple[str, str], tuple]:
    """(kind, lang) -> (KB sent, responses) for a first visit to each page kind."""
    out = {}
    for lang in LANGUAGES:
        for kind, path in PAGE_KINDS.items():
            context = browser.new_context(viewport={"width": width, "height": 800})
            page = context.new_page()
            mark = len(server.sent)
            page.goto(server.url + _root(lang) + path, wait_until="networkidle")
            # A request a script makes later (a worker's, on a busy machine) counts as well:
            # wait until the server has sent nothing for 2 s (at most 20 s).
            for _ in range(10):
                seen = len(server.sent)
                page.wait_for_timeout(2000)
                if len(server.sent) == seen:
                    break
            size, count = server.since(mark)
            out[kind, lang] = (size / 1024, count)
            context.close()
    return out


def _slow_page(browser, width: int = 390):
    """A fresh page on the slow-phone profile (Chromium's network and CPU emulation)."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": SLOW_PHONE["latency_ms"],
            "downloadThroughput": SLOW_PHONE["kbit_s"] * 1000 / 8,
            "uploadThroughput": SLOW_PHONE["kbit_s"] * 1000 / 8,
        },
    )
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": SLOW_PHONE["cpu"]})
    return context, page


def first_search(server: CountingServer, browser, lang: str, case: str, wait: float = 6) -> Search:
    """The site's own search, as a reader on a slow phone first uses it."""
    context, page = _slow_page(browser)
    page.add_init_script(DRAWN)
    page.goto(server.url + _root(lang) + case, wait_until="load", timeout=180_000)
    page.wait_for_timeout(wait * 1000)
    mark = len(server.sent)
    # At phone width the field sits behind the header's search button.
    button = page.locator("label.md-header__button[for=__search]")
    (button if button.is_visible() else page.locator("input.md-search__input")).click()
    box = page.locator("input.md-search__input")
    box.wait_for(state="visible")
    box.press_sequentially(QUERIES.get(lang, QUERIES[SOURCE_LANGUAGE]))
    box.press("End")  # Material reads keyup; Arabic typed through CDP sends none
    # Only when to read the page's figures: Playwright polls, the page's clock does not.
    page.wait_for_selector(".md-search-result__item", state="visible", timeout=180_000)
    page.wait_for_function("window.__firstSearch.drawn !== undefined", timeout=180_000)
    marks = page.evaluate("window.__firstSearch")
    seconds = (marks["drawn"] - marks["typed"]) / 1000
    size, count = server.since(mark)
    results = page.locator(".md-search-result__item").count()
    context.close()
    return Search(seconds, size / 1024, count, results)


PAGEFIND = """async (query) => {
    const pagefind = await import('/pagefind/pagefind.js');
    const found = await pagefind.search(query);
    const data = await Promise.all(found.results.slice(0, 5).map((r) => r.data()));
    return data.length;
}"""


def pagefind_search(
    server: CountingServer, browser, lang: str, case: str, wait: float = 6
) -> Search:
    """Pagefind on the bare build, through its JS API, as `first_search` measures ours."""
    context, page = _slow_page(browser)
    page.goto(server.url + _root(lang) + case, wait_until="load", timeout=180_000)
    page.wait_for_timeout(wait * 1000)
    mark = len(server.sent)
    start = time.perf_counter()
    results = page.evaluate(PAGEFIND, QUERIES.get(lang, QUERIES[SOURCE_LANGUAGE]))
    seconds = time.perf_counter() - start
    size, count = server.since(mark)
    context.close()
    return Search(seconds, size / 1024, count, results)


def launch(playwright):
    """Debian's Chromium, headless."""
    return playwright.chromium.launch(executable_path="/usr/bin/chromium")


def main() -> None:
    """Print first-load transfer per page kind and language, and optionally first search."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--search", action="store_true", help="also time a first search")
    parser.add_argument("--pagefind", action="store_true", help="search with Pagefind instead")
    parser.add_argument("--case", default=PAGE_KINDS["case"], help="page searched from")
    args = parser.parse_args()
    server = CountingServer(args.site)
    with sync_playwright() as playwright:
        browser = launch(playwright)
        for (kind, lang), (kb, count) in first_load(server, browser).items():
            print(f"first load  {lang:3} {kind:11} {kb:7.1f} KB gzip, {count} responses")
        if args.search or args.pagefind:
            measure = pagefind_search if args.pagefind else first_search
            for lang in LANGUAGES:
                s = measure(server, browser, lang, args.case)
                print(
                    f"first search {lang:3} {s.seconds:6.2f} s  {s.kb:7.1f} KB gzip, "
                    f"{s.requests} responses, {s.results} results"
                )
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
