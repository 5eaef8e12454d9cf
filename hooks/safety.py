"""Second layer of safety: rendered Markdown passes an allow-list before anything else sees it."""

from mkdocs.plugins import event_priority

from commons.safety import sanitize


@event_priority(100)  # first: generated pages and glossary links are added to clean HTML
def on_page_content(html, page, config, files):
    """Strip every element, attribute and URL outside the allow-list from the page body."""
    return sanitize(html)
