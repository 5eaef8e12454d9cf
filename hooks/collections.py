"""Publish the collections kept outside docs/ and the pages generated from them."""

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from commons import LANGUAGES, SOURCE_LANGUAGE
from commons.background import in_background
from commons.indexes import generate, generate_all
from commons.mkdocs_glue import page_language, repo_root
from commons.registry import INDEXED, generated_names
from commons.site import current_site

# Bodies of the generated pages of the language being built, by source name.
bodies: dict[str, str] = {}
# The other languages' generated pages, made in a second process while the first language
# builds, with the site they were made from.
ahead: list = []


def _virtual(src_uri, config) -> File:
    """A file that static-i18n sees under docs_dir; its content is supplied after it sorted them."""
    return File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls)


@event_priority(50)  # before static-i18n (-100), which only accepts files under docs_dir
def on_files(files, config):
    """Register collection entries and generated pages as if they lived in docs/."""
    site = current_site(repo_root(config))
    for entry in site.corpus.entries:
        if entry.collection.outside_docs and entry.doc is not None and entry.lang in LANGUAGES:
            files.append(_virtual(entry.rel, config))
    for name in generated_names(site.categories):
        for lang in LANGUAGES:
            files.append(_virtual(f"{name}.{lang}.md", config))
    if page_language(config) == SOURCE_LANGUAGE:
        # static-i18n builds the default language first, then the others.
        others = [lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE]
        ahead[:] = [site, in_background(generate_all, site, others)]
    return files


def _generated(site, stem: str, lang: str):
    """A generated page, from the pages made ahead when they were made from this site."""
    if ahead and ahead[0] is site and lang != SOURCE_LANGUAGE:
        made = ahead[1]()
        if (stem, lang) in made:
            return made[stem, lang]
    return generate(site, stem, lang)


def on_nav(nav, config, files):
    """Point registered files at their real source, or give generated pages a stub.

    Runs after static-i18n has replaced the File objects and before pages are read.
    """
    site = current_site(repo_root(config))
    bodies.clear()
    for file in files.documentation_pages():
        stem, _, lang = file.src_uri.removesuffix(".md").rpartition(".")
        page = _generated(site, stem, lang) if lang in LANGUAGES else None
        if page is not None:
            file._content = page.stub()
            bodies[file.src_uri] = page.html
        elif file.src_uri.split("/")[0] in {c.folder for c in INDEXED}:
            file.abs_src_path = str(site.root / file.src_uri)
    return nav


@event_priority(50)  # before links.py reads the page's links
def on_page_content(html, page, config, files):
    """Add a generated page's ready-made HTML after its Markdown stub."""
    body = bodies.get(page.file.src_uri)
    return html + body if body is not None else html
