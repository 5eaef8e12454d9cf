"""Give each page's template its infobox, notices, dates, edit link and interface strings."""

from commons import SOURCE_LANGUAGE
from commons.history import localized_date
from commons.indexes import relative
from commons.mkdocs_glue import page_language, repo_root
from commons.pagedata import page_data
from commons.search import language_root
from commons.site import current_site
from commons.strings import for_language
from commons.typography import apply


def on_page_context(context, page, config, nav):
    """Add `commons` to the template context of a content page."""
    site = current_site(repo_root(config))
    lang = page_language(config)
    root = language_root(lang, SOURCE_LANGUAGE)
    entry = site.corpus.by_path(page.file.abs_src_path) if page.file.abs_src_path else None
    source = site.corpus.source_of(entry) if entry else None
    data = page_data(
        entry,
        source,
        site.schemas,
        lang,
        site.data.get("data/bibliography.yml"),
        href=lambda url: relative(page.url, root + url),
        corpus=site.corpus,
    )
    if entry is None and page.file.src_uri.split(".")[-2:-1] != [lang]:
        # Generated pages (index pages) are always written in the page's language.
        data.update(fallback=False, notices=[])
    data["ui"] = for_language(lang)
    data["language_root"] = root
    data["feed"] = relative(page.url, root) + "feed.xml"
    changed = site.history.get(entry.rel) if entry else None
    if changed is not None:
        data["updated"] = {
            "iso": changed.updated.date().isoformat(),
            "text": localized_date(changed.updated, lang),
            "authors": changed.authors,
        }
    edit_base = config.extra.get("edit_base")
    if entry is not None and edit_base:
        page.edit_url = edit_base + entry.rel
    context["commons"] = data
    return context


def on_post_page(output, page, config):
    """Apply the page language's typography to the page's article (`commons.typography`)."""
    return apply(output, page_language(config))
