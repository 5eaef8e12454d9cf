"""Publish the collections kept outside docs/ and their generated index pages."""

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from commons import LANGUAGES
from commons.indexes import INDEXED, bibliography_markdown, index_markdown, readings_markdown
from commons.mkdocs_glue import repo_root
from commons.site import current_site

# Pages generated from data/ files, by name: (data file, renderer).
DATA_PAGES = {
    "readings": ("data/readings.yml", readings_markdown),
    "bibliography": ("data/bibliography.yml", bibliography_markdown),
}


def _virtual(src_uri, config) -> File:
    """A file that static-i18n sees under docs_dir; its content is supplied after it sorted them."""
    return File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls)


@event_priority(50)  # before static-i18n (-100), which only accepts files under docs_dir
def on_files(files, config):
    """Register collection entries and index pages as if they lived in docs/."""
    site = current_site(repo_root(config))
    for entry in site.corpus.entries:
        if entry.collection.outside_docs and entry.doc is not None and entry.lang in LANGUAGES:
            files.append(_virtual(entry.rel, config))
    for lang in LANGUAGES:
        for collection in INDEXED:
            files.append(_virtual(f"{collection.folder}/index.{lang}.md", config))
        for name in DATA_PAGES:
            files.append(_virtual(f"{name}.{lang}.md", config))
    return files


def on_nav(nav, config, files):
    """Point registered files at their real source, or give index pages their content.

    Runs after static-i18n has replaced the File objects and before pages are read.
    """
    site = current_site(repo_root(config))
    for file in files.documentation_pages():
        stem, _, lang = file.src_uri.removesuffix(".md").rpartition(".")
        if stem in DATA_PAGES:
            rel, render = DATA_PAGES[stem]
            file._content = render(site.data.get(rel), lang)
            continue
        folder, _, name = file.src_uri.partition("/")
        collection = next((c for c in INDEXED if c.folder == folder), None)
        if collection is None:
            continue
        if name.startswith("index."):
            lang = name.split(".")[1]
            file._content = index_markdown(collection, site.corpus, site.schemas, lang)
        else:
            file.abs_src_path = str(site.root / file.src_uri)
    return nav
