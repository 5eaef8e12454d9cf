"""Write one search index per language, after static-i18n has written its merged one."""

from pathlib import Path

from mkdocs.plugins import event_priority

from commons import LANGUAGES, SOURCE_LANGUAGE
from commons.background import in_background
from commons.mkdocs_glue import page_language, repo_root
from commons.search import install_analyzers, language_docs, language_root, write_index
from commons.site import current_site

# static-i18n builds the other languages inside the default language's post-build step and
# leaves its current language on the last one, so each build remembers its own language.
building: list[str] = []
# Other languages' indexes still being written; the default language's build waits for them.
writing: list = []


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
    job = (list(plugin.search_index.entries), lang, roots, site.corpus, Path(config.site_dir))
    if lang == SOURCE_LANGUAGE:  # the default language's build ends after all the others
        _write(*job)
        for wait in writing:
            wait()
        writing.clear()
    else:
        # Written by a second process while the next language builds.
        writing.append(in_background(_write, *job))
    install_analyzers(Path(config.theme.custom_dir), Path(config.site_dir), [lang])


def _write(entries: list, lang: str, roots: dict, corpus, site_dir: Path) -> list[Path]:
    """Write the index of `lang` from Material's entries."""
    return write_index(site_dir, lang, roots[lang], language_docs(entries, lang, roots, corpus))
