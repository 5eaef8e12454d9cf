"""Glossary links in the text, "what links here", related cases and the recent-changes feed."""

from pathlib import Path

from mkdocs.plugins import event_priority

from commons import SOURCE_LANGUAGE, direction
from commons.corpus import CASES, GLOSSARY
from commons.feeds import atom_feed
from commons.indexes import recent_changes, relative
from commons.linkgraph import LinkLedger
from commons.mkdocs_glue import page_language, repo_root
from commons.search import language_root
from commons.site import current_site
from commons.strings import t

# Links of the language being built; static-i18n builds languages one after another.
ledger = LinkLedger()
# Each page's body as search indexes it, and with its glossary links, by source file.
linked: dict[str, tuple[str, str]] = {}


def on_pre_build(config):
    """Start the language build with an empty ledger."""
    global ledger
    ledger = LinkLedger()
    linked.clear()


def _entry(site, page):
    """The content entry a page is rendered from, or None for generated pages."""
    if not page.file.abs_src_path:
        return None
    return site.corpus.by_path(page.file.abs_src_path)


def on_page_content(html, page, config, files):
    """Link glossary terms on first use, then note every link the page makes."""
    site = current_site(repo_root(config))
    entry = _entry(site, page)
    if entry is None:
        return html
    root = language_root(page_language(config), SOURCE_LANGUAGE)
    with_terms, terms = _link_terms(site, entry, page, root, html)
    # The glossary links are known by their slugs: only the page's own links need reading.
    ledger.record(page.url, page.title or "", html, [root + GLOSSARY.url(s) for s in terms])
    # Search indexes the text without the term links, which add nothing to it but parsing
    # time; on_page_context puts them in.
    linked[page.file.src_uri] = (html, with_terms)
    return html


def _link_terms(site, entry, page, root: str, html: str) -> tuple[str, list[str]]:
    """The body with the first use of each glossary term linked, and the terms' slugs."""
    own = entry.slug if entry.collection is GLOSSARY else None
    return site.linker(entry.lang).link(
        html, lambda slug: relative(page.url, f"{root}{GLOSSARY.url(slug)}"), own
    )


@event_priority(-10)  # after pages.py made context["commons"] and search indexed the page
def on_page_context(context, page, config, nav):
    """Give the page its glossary links and backlinks, and a case its related cases."""
    site = current_site(repo_root(config))
    entry = _entry(site, page)
    lang = page_language(config)
    root = language_root(lang, SOURCE_LANGUAGE)
    if entry is not None:
        indexed, body = linked.pop(page.file.src_uri, (None, None))
        if indexed is not page.content:  # another hook changed the body since: link it again
            body = _link_terms(site, entry, page, root, page.content)[0]
        page.content = body
    data = context.get("commons")
    if data is None:
        return context
    listed, more = ledger.backlinks(page.url)
    data["backlinks"] = [{"href": relative(page.url, url), "title": title} for url, title in listed]
    data["backlinks_more"] = t("backlinks_more", lang, count=more) if more else ""
    if entry is not None and entry.collection is CASES:
        data["related"] = []
        for slug in site.related.get(entry.slug, []):
            shown = site.corpus.get(CASES, slug, lang) or site.corpus.sources(CASES)[slug]
            data["related"].append(
                {
                    "href": relative(page.url, root + CASES.url(slug)),
                    "title": str(shown.meta.get("title", slug)),
                    "lang": shown.lang,
                    "dir": direction(shown.lang),
                }
            )
    return context


def on_post_build(config):
    """Write the Atom feed of the language just built next to its pages."""
    site = current_site(repo_root(config))
    lang = page_language(config)
    root = language_root(lang, SOURCE_LANGUAGE)
    rows = [
        (entry, changed, entry.collection.url(entry.slug) or "./")
        for entry, changed in recent_changes(site.corpus, site.history, lang, 50)
    ]
    feed = atom_feed(rows, lang, f"{t('changes_title', lang)} · {config.site_name}", "changes/")
    path = Path(config.site_dir) / root / "feed.xml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(feed, encoding="utf-8")
