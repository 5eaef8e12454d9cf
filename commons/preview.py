"""`mkdocs serve` in two passes: the edited pages first, in every language, then the whole site.

A full build renders every page of every language: at 2,000 cases, a minute or more before an
edit shows. Under `mkdocs serve`, the plugin's `on_serve` wraps MkDocs' builder so that an edit
to content files is handled in two passes:

1. **Preview.** A build into a scratch folder that renders only the edited pages, in every
   language, from the last full build's corpus with the edited files read again (and their
   file rules checked: a page with errors waits for the full pass, which reports them). What
   is made from the whole corpus is not made again: index and category pages stay as the
   last full build made them, and the edited page shows that build's "what links here" and
   related cases. Its HTML is copied into the served folder and browsers reload.
2. **Full build**, as `mkdocs build` makes it, into a folder beside the served one that
   replaces it when the build is over; meanwhile the served folder answers every request
   (stock `mkdocs serve` holds every request until the rebuild is over). Browsers reload
   again.

An edit to anything else (schemas, data, templates, mkdocs.yml) goes straight to the full
build. `MkDocs 1.6`'s `LiveReloadServer` keeps its epochs in private attributes; the preview
reads them only where present, and otherwise leaves reloading to the full build.
"""

from __future__ import annotations

import atexit
import logging
import os
import posixpath
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.plugins import get_plugin_logger

from commons.corpus import Corpus, collection_of, load_entry
from commons.linkgraph import LinkLedger
from commons.links import links_of, page_path
from commons.problems import Problem
from commons.site import Site, fingerprint, last_loaded
from commons.validate import ENTRY_RULES, Checker, errors

log = get_plugin_logger("commons")


@dataclass
class Serving:
    """What the plugins of every rebuild share while `mkdocs serve` runs."""

    served: Path
    # The pages of the pass under way, as `page_path` names them without `.md`; empty for a
    # full build.
    pages: set[str] = field(default_factory=set)
    site: Site | None = None
    # The pages of the pass and those they link to, as `page_path` names them.
    linked: set[str] = field(default_factory=set)
    # Files the preview wrote, relative to its folder.
    written: list[str] = field(default_factory=list)
    server: object = None
    # Each language's links as the last full build recorded them: a preview shows their
    # "what links here", with the previewed pages' own links added.
    ledgers: dict[str, LinkLedger] = field(default_factory=dict)

    @property
    def staging(self) -> Path:
        """Where a full build goes before it replaces the served folder."""
        return self.served.with_name(self.served.name + ".next")

    @property
    def scratch(self) -> Path:
        """Where a preview is built."""
        return self.served.with_name(self.served.name + ".preview")


# Set by `start` when `mkdocs serve` hands the plugin its server.
SERVING: Serving | None = None


def start(server, config, builder):
    """Wrap the server's builder in the two passes; called from the plugin's `on_serve`."""
    global SERVING
    serving = SERVING = Serving(Path(server.root), server=server)
    atexit.register(_remove, serving.staging, serving.scratch)
    config_file = config.config_file_path
    site_url = config.site_url

    def two_passes():
        """Preview the edited pages, then build the whole site."""
        started, cpu = time.monotonic(), time.process_time()
        try:
            previewed = preview(serving, config_file, site_url)
        except Exception as error:  # noqa: BLE001 - a preview never stands in the way
            log.info("no preview (%s); building the whole site", error)
            previewed = []
        if previewed:
            log.info(
                "previewed %d page(s) in %.1f s (%.1f s of CPU); now the whole site",
                len(previewed),
                time.monotonic() - started,
                time.process_time() - cpu,
            )
            _reload(server)
        builder()

    server.builder = two_passes
    return server


def preview(serving: Serving, config_file: str, site_url: str) -> list[str]:
    """Build the edited pages into the scratch folder and copy them into the served one."""
    site = _edited_site(serving.served)
    if site is None:
        return []
    updated, pages = site
    serving.site, serving.pages, serving.written = updated, pages, []
    serving.linked = _linked(updated.corpus, pages)
    # Each link to a page the preview does not render would be logged as one to a page left
    # out of the site.
    pages_log = logging.getLogger("mkdocs.structure.pages")
    level = pages_log.level
    pages_log.setLevel(logging.WARNING)
    try:
        config = load_config(config_file=config_file, site_dir=str(serving.scratch))
        config.site_url = site_url
        build(config)
    except Exception as error:  # noqa: BLE001 - the full build that follows reports it
        log.info("no preview (%s); building the whole site", str(error).splitlines()[0])
        return []
    finally:
        serving.pages, serving.site = set(), None
        pages_log.setLevel(level)
    for rel in serving.written:
        target = serving.served / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        # Written beside, then renamed: a request never reads half a page.
        partial = target.with_name(target.name + ".part")
        shutil.copyfile(serving.scratch / rel, partial)
        os.replace(partial, target)
    return serving.written


def _edited_site(served: Path) -> tuple[Site, set[str]] | None:
    """The last full build's site with the edited content files read again, and their pages.

    None when there is nothing to preview: no full build yet, an edit outside the content
    files (or a file removed), or an edited file with errors.
    """
    last = last_loaded()
    if last is None:
        return None
    key, site = last
    before, now = _stats(key), _stats(fingerprint(site.root))
    edited = [Path(path) for path, stat in now.items() if before.get(path) != stat]
    if not edited or set(before) - set(now):
        return None
    root = site.root
    entries = {entry.path: entry for entry in site.corpus.entries}
    fresh = []
    for path in edited:
        collection = collection_of(root, path)
        loaded = load_entry(root, path, collection) if collection else "not content"
        if isinstance(loaded, str):
            return None
        entries[path] = loaded
        fresh.append(loaded)
    corpus = Corpus(root, sorted(entries.values(), key=lambda e: str(e.path)))
    problems = _file_problems(corpus, site, fresh)
    if errors(problems):
        return None
    updated = Site(root, corpus, site.schemas, lambda: problems, site.data)
    # What the whole corpus makes waits for the full build: the last one's serves meanwhile.
    for name in ("history", "related", "categories"):
        if name in site.__dict__:
            updated.__dict__[name] = site.__dict__[name]
    if not any(entry.collection.name == "glossary" for entry in fresh):
        updated._linkers = site._linkers
    return updated, {page_path(entry).removesuffix(".md") for entry in fresh}


def _linked(corpus: Corpus, pages: set[str]) -> set[str]:
    """The paths of `pages` and of every page their files in any language link to."""
    found = {f"{page}.md" for page in pages}
    for entry in corpus.entries:
        here = page_path(entry)
        if entry.doc is None or here not in found:
            continue
        for link in links_of(entry.doc.body):
            target = link.target.split("#", 1)[0].split("?", 1)[0]
            if target and not _EXTERNAL.match(target):
                target = posixpath.normpath(posixpath.join(posixpath.dirname(here), target))
                found.add(_LANGUAGE_SUFFIX.sub(".md", target))
    return found


_EXTERNAL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:|^//")
_LANGUAGE_SUFFIX = re.compile(r"\.[A-Za-z_-]+\.md$")


def _stats(key: tuple) -> dict[str, tuple[int, int]]:
    """A fingerprint as size and time by path."""
    return {path: (size, mtime) for path, size, mtime in key}


def _file_problems(corpus: Corpus, site: Site, entries) -> list[Problem]:
    """What the file rules find in the edited files."""
    checker = Checker(corpus, site.schemas)
    bibliography = site.data.get("data/bibliography.yml")
    checker.corpus_bibliography = bibliography if isinstance(bibliography, dict) else {}
    for entry in entries:
        for rule in ENTRY_RULES:
            rule(checker, entry)
    return checker.problems


def _reload(server) -> None:
    """Tell browsers to reload now, and make the full build's end reload them again."""
    condition = getattr(server, "_epoch_cond", None)
    if condition is None or not hasattr(server, "_wanted_epoch"):
        return
    with condition:
        server._visible_epoch = server._wanted_epoch
        condition.notify_all()


def note_written(dest_uri: str) -> None:
    """Note a page a preview wrote, to be copied into the served folder."""
    if SERVING is not None and SERVING.pages:
        SERVING.written.append(dest_uri)


def ledger_for(lang: str) -> LinkLedger:
    """The links a build of `lang` records into: the last full build's, when previewing."""
    serving = SERVING
    if serving is not None and serving.pages and lang in serving.ledgers:
        return serving.ledgers[lang]
    return LinkLedger()


def remember_links(lang: str, ledger: LinkLedger) -> None:
    """Keep a full build's links of `lang` for the previews that follow it."""
    if SERVING is not None and not SERVING.pages:
        SERVING.ledgers[lang] = ledger


def staging_for(config) -> None:
    """Send a full build under `mkdocs serve` to the folder that replaces the served one."""
    if SERVING is not None and not SERVING.pages:
        config.site_dir = str(SERVING.staging)


def swap_in(config) -> None:
    """Serve the full build just finished: its folder replaces the served one."""
    serving = SERVING
    if serving is None or serving.pages or Path(config.site_dir) != serving.staging:
        return
    server, old = serving.server, serving.served.with_name(serving.served.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    condition = getattr(server, "_epoch_cond", None)
    if condition is not None and hasattr(server, "_wanted_epoch"):
        with condition:
            # Requests wait from here until MkDocs marks the build visible, which also
            # reloads the browsers that reloaded for the preview.
            server._wanted_epoch = max(server._wanted_epoch, server._visible_epoch) + 1
    os.replace(serving.served, old)
    os.replace(serving.staging, serving.served)
    shutil.rmtree(old, ignore_errors=True)


def _remove(*folders: Path) -> None:
    """Remove what the two passes left beside the served folder."""
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
