"""Every kind of page, in every language, loads without a failed request or a console error."""

from __future__ import annotations

import http.server
from pathlib import Path

import pytest
from conftest import PAGE_KINDS, serving

from commons import LANGUAGES, RTL_LANGUAGES, SOURCE_LANGUAGE, direction
from commons.search import language_root

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}


class Watch:
    """What went wrong while a page loaded: failed requests, error responses, console errors."""

    def __init__(self, page):
        self.problems: list[str] = []
        self.requested: list[str] = []
        self.document: str | None = None
        self.page = page
        self.handlers = {
            "request": lambda r: self.requested.append(r.url),
            "requestfailed": lambda r: self.problems.append(f"failed {r.url}: {r.failure}"),
            "response": self._response,
            "console": self._console,
            "pageerror": lambda e: self.problems.append(f"script error: {e}"),
        }
        for event, handler in self.handlers.items():
            page.on(event, handler)

    def stop(self):
        """Stop listening: the page goes on to another address."""
        for event, handler in self.handlers.items():
            self.page.remove_listener(event, handler)

    def _response(self, response):
        if response.status >= 400 and response.url != self.document:
            self.problems.append(f"{response.status} {response.url}")

    def _console(self, message):
        if message.type != "error":
            return
        # A host answers a dead link with its 404 page, and the browser says so about it.
        if self.document and message.location.get("url") == self.document:
            if message.text.startswith("Failed to load resource"):
                return
        self.problems.append(f"console: {message.text}")


def visit(page, url: str, expected_document: str | None = None) -> Watch:
    """Open `url` until the network is idle; the document itself may be an expected 404."""
    watch = Watch(page)
    watch.document = expected_document
    page.goto(url, wait_until="networkidle")
    watch.stop()
    return watch


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_kind_of_page_loads_cleanly_over_http(browser, served, fixture_site, lang):
    """Each kind of page, on a phone and on a desktop: no failed request, no console error.

    Nor a request for a sitemap: Material would fetch one beside each language link.
    """
    root = language_root(lang, SOURCE_LANGUAGE)
    problems = {}
    for viewport in (PHONE, DESKTOP):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        for kind, path in PAGE_KINDS.items():
            built = fixture_site / root / path
            assert built.is_file() or (built / "index.html").is_file(), f"{kind}: {root}{path}"
            watch = visit(page, f"{served}/{root}{path}")
            found = watch.problems + [
                f"requested {url}" for url in watch.requested if "sitemap" in url
            ]
            assert page.evaluate("document.documentElement.lang") == lang, kind
            if found:
                problems[f"{viewport['width']}px {kind} /{root}{path}"] = found
        context.close()
    assert problems == {}


@pytest.mark.parametrize("path", ["", "cases/la-borda/", "glossary/co-production/"])
def test_pages_load_cleanly_from_file(page, fixture_site, path):
    """Opened from a folder, pages make no failed request and log no error, in each language."""
    for lang in LANGUAGES:
        file = fixture_site / language_root(lang, SOURCE_LANGUAGE) / path / "index.html"
        watch = visit(page, file.as_uri())
        sitemaps = [url for url in watch.requested if "sitemap" in url]
        assert watch.problems + sitemaps == [], (lang, path)
        # The language menu still leads to each translation of the page.
        hreflangs = page.eval_on_selector_all(
            "a.md-select__link", "links => links.map(a => a.hreflang)"
        )
        assert hreflangs == list(LANGUAGES)


class _Host(http.server.SimpleHTTPRequestHandler):
    """A static host as most are: the site's root 404.html for any missing address."""

    def send_error(self, code, message=None, explain=None):  # noqa: D102 - see the class
        if code != 404:
            return super().send_error(code, message, explain)
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # noqa: D102 - keep test output readable
        pass


@pytest.fixture(scope="module")
def host(fixture_site):
    """The fixture site behind a host that answers missing addresses with its 404 page."""
    with serving(fixture_site, _Host) as base:
        yield base


def test_a_dead_link_in_any_language_finds_its_way_back(page, host):
    """Deep under any language, the root 404 page loads whole and speaks every language.

    Each language's block is in its own language and direction, and leads to that language's
    home page and to its search.
    """
    page.set_viewport_size(PHONE)
    for lang in LANGUAGES:
        url = f"{host}/{language_root(lang, SOURCE_LANGUAGE)}cases/no-such-case/"
        watch = visit(page, url, expected_document=url)
        assert watch.problems == [], lang
        # Every block fits the phone, whichever its direction.
        assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"]
        blocks = page.eval_on_selector_all(
            ".commons-not-found",
            "els => els.map(s => [s.lang, s.dir, getComputedStyle(s).direction,"
            " [...s.querySelectorAll('a')].map(a => a.pathname + a.search)])",
        )
        assert [b[0] for b in blocks] == list(LANGUAGES)
        for code, dir_attr, computed, links in blocks:
            home = "/" + language_root(code, SOURCE_LANGUAGE)
            assert dir_attr == computed == direction(code)
            assert links == [home, home + "?q="]
    # The search link of a right-to-left language opens that language's search on its home.
    rtl = min(RTL_LANGUAGES)
    page.locator(f'.commons-not-found[lang="{rtl}"] a').nth(1).click()
    page.wait_for_selector("input.md-search__input:focus")
    assert page.evaluate("document.documentElement.lang") == rtl
