"""Shared fixtures: fixture sites built with the real mkdocs.yml, and headless Chromium."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# One page of each kind the fixture site has, by its path inside a language's folder.
PAGE_KINDS = {
    "home": "",
    "translated case": "cases/la-borda/",
    "untranslated case": "cases/english-only/",
    "case index": "cases/",
    "glossary index": "glossary/",
    "glossary term": "glossary/co-production/",
    "roadmap": "roadmaps/shared-space/",
    "toolkit chapter": "toolkit/listening/",
    "category page": "categories/policy-area/housing/",
    "404 page": "404.html",
}
# What a fixture site borrows from the project so that it builds exactly like the real one.
PROJECT_PARTS = ("mkdocs.yml", "overrides")


def pytest_addoption(parser):
    """`--update` rewrites golden files from the current output."""
    parser.addoption("--update", action="store_true", help="regenerate golden files")


@pytest.fixture
def update(request) -> bool:
    """True when golden files are to be regenerated."""
    return request.config.getoption("--update")


def assemble(fixture: str, target: Path) -> Path:
    """Copy a fixture's content and the project's configuration into `target`."""
    shutil.copytree(FIXTURES / fixture, target, dirs_exist_ok=True)
    for part in PROJECT_PARTS:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, target / part, dirs_exist_ok=True)
        else:
            shutil.copy2(src, target / part)
    return target


def run(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run a command of this environment and capture its output."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=cwd, env=env, capture_output=True, text=True
    )


def mkdocs_build(root: Path, checks: bool = True) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` in `root`; `checks=False` tests the layers behind validation."""
    return run(
        "mkdocs", "build", "--strict", cwd=root, env={} if checks else {"COMMONS_CHECKS": "off"}
    )


def built(fixture: str, tmp_path_factory) -> Path:
    """A fixture site assembled and built strictly: its site/ folder."""
    root = assemble(fixture, tmp_path_factory.mktemp(fixture))
    result = mkdocs_build(root)
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """The trilingual fixture site, built once: returns its site/ folder."""
    return built("site", tmp_path_factory)


@pytest.fixture(scope="session")
def facets_site(tmp_path_factory) -> Path:
    """The six-case, four-term trilingual site of filters, cards and tooltips: its site/."""
    # Built once, so the tests check the HTML MkDocs really writes, not a hand-made copy.
    return built("facets-site", tmp_path_factory)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # noqa: D102 - keep test output readable
        pass


@contextlib.contextmanager
def serving(directory: Path, handler=_QuietHandler):
    """`directory` over HTTP on a free loopback port, while the block runs: its base URL."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(directory))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def served(fixture_site):
    """Serve the built fixture site on a free loopback port; yields its base URL."""
    with serving(fixture_site) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; never a downloaded browser."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (`.ci/run` does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page that records every request leaving the loopback host."""
    context = browser.new_context()
    page = context.new_page()
    page.outside_requests = []

    def note(request):
        url = request.url
        if not url.startswith(("http://127.0.0.1", "data:", "blob:", "about:", "file:")):
            page.outside_requests.append(url)

    page.on("request", note)
    yield page
    context.close()


# Settled: the count line says something other than its first words ("Initializing…") and the
# prompt ("Type to start…") in the page's language, and what it counts is drawn.
_SEARCH_ANSWERED = """(initial) => {
    const prompt = JSON.parse(document.getElementById('__config').textContent)
        .translations['search.result.placeholder'];
    const meta = document.querySelector('.md-search-result__meta').textContent.trim();
    if (!meta || meta === initial || meta === prompt) return false;
    const drawn = document.querySelectorAll('.md-search-result__item').length;
    return !/[0-9٠-٩]/.test(meta) || drawn > 0;
}"""


def search_results(page, query: str) -> list[str]:
    """Type `query` into the search box of the open page; return the result links, in order."""
    initial = page.locator(".md-search-result__meta").text_content().strip()
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.press("End")  # Material listens to keyup; filling alone sends none
    page.wait_for_function(_SEARCH_ANSWERED, arg=initial)
    # The answer to the whole query, not to a prefix typed before it: the list holds still.
    shown, still = None, 0
    while still < 3:
        page.wait_for_timeout(150)
        links = page.eval_on_selector_all(
            ".md-search-result__item > a", "els => els.map(e => e.href)"
        )
        still = still + 1 if links == shown else 0
        shown = links
    return shown
