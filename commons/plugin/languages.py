"""The other languages' builds, shared between this process and a forked one.

static-i18n builds the default language, then runs MkDocs' whole build again for each other
language, one after the other, inside its own `on_post_build`. Each language writes only its
own folder, so once the default language is built, two of them can be built at once: one in a
forked process (`commons.background`), the others here, on the machine's second core.

One file is not a language's own: static-i18n's `sitemap.xml`, at the root, which each build
writes again with the pages of every language built so far. The forked builds keep theirs,
and their pages are added to the one written here once both are done.
"""

from __future__ import annotations

import gzip
import logging
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from mkdocs import utils
from mkdocs.commands.build import build
from mkdocs.exceptions import Abort
from mkdocs_static_i18n.utils import I18nLoggingFilter

from commons.background import in_background, workers_can_fork

# What MkDocs logs at each build's start and end: once is enough, as static-i18n judges.
QUIET = ("Documentation built in", "Building documentation to directory")
SITEMAP = "sitemap.xml"
# A sitemap's entries, each with the address it is for.
ENTRY = re.compile(r"\n    <url>\n        <loc>([^<]*)</loc>.*?\n    </url>", re.S)


@dataclass
class SitemapHold:
    """While `on` (a forked build), the sitemap MkDocs would write is kept in `text`."""

    on: bool = False
    text: str | None = None


HOLD = SitemapHold()


def sitemap_output(output: str) -> str:
    """What MkDocs writes for the sitemap: nothing while a forked build holds it."""
    if not HOLD.on:
        return output
    HOLD.text = output
    # MkDocs writes no template that renders empty.
    return ""


def build_languages(config, i18n, langs: list[str], hold: bool = False) -> tuple:
    """Build `langs` as static-i18n would: (a strict build's refusal, the sitemap `hold` kept)."""
    logger = logging.getLogger("mkdocs.commands.build")
    quiet = I18nLoggingFilter()
    quiet.filtered_prefixes.update(QUIET)
    if hold:  # the sitemap MkDocs does not write, as it says
        quiet.filtered_prefixes.add(f"Template skipped: '{SITEMAP}'")
    clean, building = utils.clean_directory, i18n.building
    HOLD.on, HOLD.text = hold, None
    # Each build would empty the site folder the default language has filled.
    utils.clean_directory = lambda path: path
    logger.addFilter(quiet)
    i18n.building = True  # static-i18n's own post-build then builds nothing more
    try:
        dirty = "--dirty" in sys.argv or "--dirtyreload" in sys.argv
        for lang in langs:
            i18n.current_language = lang
            build(config, dirty=dirty)
    except Abort as refused:  # `--strict` and warnings: the message goes back to the caller
        return str(refused), None
    finally:
        utils.clean_directory = clean
        logger.removeFilter(quiet)
        i18n.building, HOLD.on = building, False
    return None, HOLD.text


def build_other_languages(config, i18n) -> bool:
    """Build the languages after the default one, two at a time; False if it cannot fork."""
    others = [lang for lang in i18n.build_languages if lang != i18n.current_language]
    if len(others) < 2 or not workers_can_fork():
        return False
    half = len(others) // 2
    forked = in_background(build_languages, config, i18n, others[half:], True)
    here, _ = build_languages(config, i18n, others[:half])
    there, sitemap = forked()
    refused = [message for message in (here, there) if message]
    if refused:
        raise Abort("\n".join(refused))
    if sitemap:
        add_to_sitemap(Path(config.site_dir) / SITEMAP, sitemap)
    # static-i18n's post-build (-100) then has nothing left to build.
    i18n.building = True
    return True


def done(config) -> None:
    """The whole build is over: static-i18n's state as its own post-build leaves it."""
    i18n = config.plugins.get("i18n")
    if i18n is not None:
        i18n.building = False


def add_to_sitemap(path: Path, other: str) -> None:
    """Add to the sitemap at `path` (and its gzipped copy) the entries `other` adds to it."""
    written = path.read_text(encoding="utf-8")
    known = {m.group(1) for m in ENTRY.finditer(written)}
    added = "".join(m.group(0) for m in ENTRY.finditer(other) if m.group(1) not in known)
    end = written.rindex("\n</urlset>")
    text = written[:end] + added + written[end:]
    path.write_text(text, encoding="utf-8")
    zipped = path.with_name(path.name + ".gz")
    # The same date inside as MkDocs gave it (bytes 4-7 of a gzip header).
    mtime = int.from_bytes(zipped.read_bytes()[4:8], "little")
    with zipped.open("wb") as out, gzip.GzipFile(zipped.name, "wb", fileobj=out, mtime=mtime) as gz:
        gz.write(text.encode("utf-8"))
