"""What an import writes once every page is written: versions, the wiki index, redirects."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from commons import SOURCE_LANGUAGE
from commons.corpus import CASES, PAGES, load_entry, source_version
from commons.wikiimport.markdown import anchor, escape
from commons.wikiimport.plan import OLD_URL_PREFIXES, Record, encoded_title
from commons.wikiimport.writer import COLLECTION_FOLDERS, PENDING_VERSION

if TYPE_CHECKING:
    from commons.wikiimport import Import


def finish_translations(job: Import) -> None:
    """Record in each translation the version of the English file it goes with."""
    root = job.out.resolve()
    for record in job.plan.records:
        if record.role not in ("translation", "original"):
            continue
        collection = CASES if record.collection == "cases" else PAGES
        folder = root / COLLECTION_FOLDERS[record.collection]
        path = folder / f"{record.slug}.{record.lang}.md"
        source = folder / f"{record.slug}.{SOURCE_LANGUAGE}.md"
        entry = load_entry(root, source, collection)
        version = source_version(entry, job.schemas.translatable(collection.schema))
        text = path.read_text(encoding="utf-8")
        path.write_text(
            text.replace(f"source_version: '{PENDING_VERSION}'", f"source_version: '{version}'", 1),
            encoding="utf-8",
        )


def write_index(job: Import, ours: set[str]) -> None:
    """docs/wiki/index.en.md: every imported wiki page, so readers can find them."""
    rows = sorted(
        (r.base.casefold(), r.base, r.slug)
        for r in job.plan.records
        if r.collection == "pages" and r.role in ("source", "original")
    )
    if not rows:
        return
    path = job.out / "docs" / "wiki" / "index.en.md"
    rel = path.relative_to(job.out).as_posix()
    if path.exists() and rel not in ours:
        job.report.issue(
            "docs/wiki/index.en.md",
            "inexact",
            1,
            "wiki index",
            "not written: the output folder already has this file",
        )
        return
    lines = "\n".join(f"- [{escape(title)}]({slug}.md)" for _, title, slug in rows)
    name = job.writer.wiki_name()
    meta = {"title": "Pages from the wiki", "summary": f"Pages imported from the {name}."}
    body = f"Pages imported from the {escape(name)}, by title.\n\n{lines}\n"
    job.writer.write(path, meta, body)


def landing(job: Import, record: Record) -> str | None:
    """Where a page's old URLs now land: its own new page, or its redirect's target."""
    if not record.article or not record.winner:
        return None
    if record.role:
        return record.url()
    if not record.redirect:
        return None
    target, fragment, _ = job.plan.resolve(record)
    if target is None:
        return None
    return target.url() + (f"#{anchor(fragment)}" if fragment and anchor(fragment) else "")


REDIRECTS_HEADER = "# Old wiki URLs and the page each now lands on, relative to the site root.\n"


def write_redirects(job: Import) -> None:
    """data/redirects.yml: every old wiki URL and the page it now lands on, sorted.

    It is the site's own redirect file, so the output folder builds with its redirects.
    Written row by row: only the order of pages is held, not every pair of URLs.
    """
    records = job.plan.records
    order = sorted(
        (r.ordinal for r in records if landing(job, r) is not None),
        key=lambda ordinal: encoded_title(records[ordinal].title),
    )
    path = job.out / "data" / "redirects.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and not path.read_text(encoding="utf-8").startswith(REDIRECTS_HEADER):
        # The project's own redirects are never overwritten.
        path = path.with_name("wiki-redirects.yml")
        job.report.issue(
            "data/redirects.yml",
            "inexact",
            1,
            "redirects",
            "not written: the output folder has its own; the wiki's are in "
            "data/wiki-redirects.yml, to append to it",
        )
    with open(path, "w", encoding="utf-8") as out:
        out.write(REDIRECTS_HEADER)
        if not order:
            out.write("[]\n")
        # "/index.php?title=..." sorts before "/wiki/...", and within each by title.
        for prefix in OLD_URL_PREFIXES:
            for ordinal in order:
                old = prefix + encoded_title(records[ordinal].title)
                to = landing(job, records[ordinal])
                out.write(f"- from: {json.dumps(old)}\n  to: {json.dumps(to)}\n")
    job.report.redirects_path = path
