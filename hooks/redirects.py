"""Keep old addresses working: write a redirect page for each entry of data/redirects.yml."""

from pathlib import Path

from commons import SOURCE_LANGUAGE
from commons.mkdocs_glue import page_language, repo_root
from commons.redirects import write_redirects
from commons.search import language_root
from commons.site import current_site


def on_post_build(config):
    """Write this language's redirect pages; the default language also writes root addresses."""
    site = current_site(repo_root(config))
    lang = page_language(config)
    redirects = site.data.get("data/redirects.yml")
    root = language_root(lang, SOURCE_LANGUAGE)
    write_redirects(Path(config.site_dir), redirects, root, first=lang == SOURCE_LANGUAGE)
