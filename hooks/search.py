"""Write one search index per language, after static-i18n has written its merged one."""

from pathlib import Path

from mkdocs.plugins import event_priority

from commons import LANGUAGES, SOURCE_LANGUAGE
from commons.mkdocs_glue import page_language, repo_root
from commons.search import install_analyzers, language_docs, language_root, write_index
from commons.site import current_site

# static-i18n builds the other languages inside the default language's post-build step and
# leaves its current language on the last one, so each build remembers its own language.
building: list[str] = []


def on_pre_build(config):
    """Remember which language this build is for."""
    building.append(page_language(config))


@event_priority(-110)  # static-i18n (-100) writes its merged index last in the default build
def on_post_build(config):
    """Replace the index of the language just built with its own pages only."""
    lang = building.pop() if building else page_language(config)
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    if plugin is None or not hasattr(plugin, "search_index"):
        return
    site = current_site(repo_root(config))
    roots = {code: language_root(code, SOURCE_LANGUAGE) for code in LANGUAGES}
    docs = language_docs(plugin.search_index.entries, lang, roots, site.corpus)
    write_index(Path(config.site_dir), lang, roots[lang], docs)
    install_analyzers(Path(config.theme.custom_dir), Path(config.site_dir), [lang])
