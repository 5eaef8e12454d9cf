"""Benchmark (not a test): how long the case index's filters take to answer, in Chromium.

Serves a built site (gzipped, over kept-alive connections, as a host would), opens the case
index of each declared language and ticks filters one at a time. For each it reports the
filter's own work (counting every case, the counts, chips, status and the list when its cards
are at hand), timed with performance.now() around the change event the page handles, and the
time until the list shows the matching cards (the card files it loads included). `--slow`
emulates the phone of issue 20: 400 kbit/s, 400 ms round trips, the CPU four times slower
(`--cpu` alone slows the CPU only).

    # a built site of 2,000 cases: the one `bench/run.py --sizes 2000` leaves, for example
    .venv/bin/python bench/case_filter.py bench/out/n2000/full/site --slow
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import statistics
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

from commons import LANGUAGES, SOURCE_LANGUAGE
from commons.search import language_root

# Tick (or type) one filter, run its change event, and time it; then wait for the list.
TICK = """async ([selector, value]) => {
    const input = document.querySelector(selector);
    const list = document.querySelector(".commons-cards--cases");
    const start = performance.now();
    if (input.type === "checkbox") {
        input.checked = !input.checked;
        input.dispatchEvent(new Event("change", {bubbles: true}));
    } else {
        input.value = value;
        input.dispatchEvent(new Event("input", {bubbles: true}));
    }
    const work = performance.now() - start;
    while (list.hasAttribute("aria-busy")) await new Promise(r => setTimeout(r, 5));
    return {
        work,
        shown: performance.now() - start,
        cards: list.children.length,
        status: document.querySelector(".commons-facets__status").textContent,
    };
}"""
# Filters a reader would try, in turn: one value, a second facet, a year range, then clearing.
STEPS = (
    ("first country", 'input[name="country"]', None),
    ("first policy area", 'input[name="policy"]', None),
    ("from year", 'input[name="from"]', "2015"),
    ("country again (off)", 'input[name="country"]', None),
    ("policy again (off)", 'input[name="policy"]', None),
    ("no year", 'input[name="from"]', ""),
)
# Issue 20's slow link: 400 ms round trips, 400 kbit/s (in bytes per second) each way.
SLOW = {"latency": 400, "download": 400_000 / 8, "upload": 400_000 / 8}


class _Host(http.server.SimpleHTTPRequestHandler):
    """A host as a reader's would be: gzip when asked for, connections kept open."""

    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # noqa: D102 - keep the report readable
        pass

    def do_GET(self):  # noqa: N802 - the handler's name
        """The file at the path, gzipped when the browser accepts it."""
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes()
        gzipped = "gzip" in self.headers.get("Accept-Encoding", "")
        if gzipped:
            body = gzip.compress(body, 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(len(body)))
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        self.wfile.write(body)


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):  # noqa: D102 - a closed page's connection
        pass


def measure(page, url: str, slow: bool, cpu: float) -> list[tuple[str, dict]]:
    """Open the case index at `url` and time each step."""
    cdp = page.context.new_cdp_session(page)
    if slow:
        cdp.send("Network.enable")
        cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": SLOW["latency"],
                "downloadThroughput": SLOW["download"],
                "uploadThroughput": SLOW["upload"],
            },
        )
    if cpu > 1:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu})
    page.goto(url, wait_until="load")
    page.wait_for_selector("form[data-commons-facets]:not([hidden])")
    results = []
    for name, selector, value in STEPS:
        results.append((name, page.evaluate(TICK, [selector, value])))
    return results


def main() -> None:
    """Print each step's timings in every declared language."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--slow", action="store_true", help="emulate issue 20's slow phone")
    parser.add_argument("--cpu", type=float, help="CPU slowdown (4 with --slow, else 1)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    site = args.site.resolve()
    server = _Server(("127.0.0.1", 0), functools.partial(_Host, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        for lang in LANGUAGES:
            url = base + language_root(lang, SOURCE_LANGUAGE) + "cases/"
            runs = []
            for _ in range(args.runs):
                page = browser.new_page(viewport={"width": 390, "height": 800})
                runs.append(measure(page, url, args.slow, args.cpu or (4 if args.slow else 1)))
                page.close()
            print(
                f"/{language_root(lang, SOURCE_LANGUAGE)}cases/" + (" (slow)" if args.slow else "")
            )
            for i, (name, last) in enumerate(runs[-1]):
                work = statistics.median(run[i][1]["work"] for run in runs)
                shown = statistics.median(run[i][1]["shown"] for run in runs)
                print(
                    f"  {name:22} filter {work:6.1f} ms   cards shown {shown:7.1f} ms   "
                    f"{last['cards']:3} cards, {last['status']}"
                )
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
