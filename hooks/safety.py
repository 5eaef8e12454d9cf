"""Second layer of safety: rendered Markdown passes an allow-list, titles print as text."""

from mkdocs.plugins import event_priority

from commons.safety import inert, sanitize


@event_priority(100)  # first: generated pages and glossary links are added to clean HTML
def on_page_content(html, page, config, files):
    """Strip every element, attribute and URL outside the allow-list from the page body."""
    return sanitize(html)


@event_priority(-200)  # last: other hooks have read the titles as plain text
def on_page_context(context, page, config, nav):
    """Make the page title and table-of-contents titles inert where Material prints them raw."""
    page.title = inert(page.title or "")
    if "title" in page.meta:
        page.meta["title"] = inert(page.meta["title"])
    _inert_toc(page.toc)
    return context


def _inert_toc(items) -> None:
    """Headings' titles, at every depth of the table of contents."""
    for item in items:
        item.title = inert(item.title)
        _inert_toc(item.children)
