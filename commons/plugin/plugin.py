"""The `commons` plugin: collections, generated pages, checks, links and search in one build.

static-i18n builds the default language, then each other language by running MkDocs' whole
build again inside its own `on_post_build` (priority −100), with the same config object; this
plugin runs those builds for it, two at a time where it can fork (−90). Every event below
therefore runs once per language; what one language's pages need lives in a
`LanguageBuild`, what the whole build shares (the corpus, background work) on the plugin.

event            priority  what it does; why at this priority
---------------  --------  -------------------------------------------------------------------
on_config             100  load the corpus, start checking it in a worker, refuse the build
                           if the map's boundaries are not installed;
                           first, so the checks run while MkDocs lists the files. Under
                           `mkdocs serve`, build into the folder that replaces the served one
on_pre_build            0  open the `LanguageBuild` of the language static-i18n builds now;
                           give Material's search plugin our cheaper page entries
on_serve                0  wrap MkDocs' builder: an edit shows in its pages first, in every
                           language, then in the whole site (`commons.preview`)
on_files               50  register collections and generated pages as files under docs/;
                           before static-i18n (-100), which keeps only files under docs_dir
on_nav                100  refuse the build on content errors, all of them listed; first, so
                           no page is read or generated before the verdict
on_nav                  0  point registered files at their sources, stubs for generated
                           pages; static-i18n's on_files (-100) has replaced the File objects.
                           A preview excludes every page but the edited ones
on_env                  0  templates compiled once per process, for every language and rebuild
on_page_content       100  sanitize the rendered Markdown; first, so what is added is clean
on_page_content        50  append a generated page's ready-made HTML, before links are read;
                           write the files it loads (the case index's cards) beside it
on_page_content         0  link glossary terms, record the page's links for "what links here"
on_template_context     0  a 404 page's words and ways back, in its language (the root one
                           in every language), and its language menu to each home
on_post_template        0  a translated 404 page written in its language's folder; MkDocs
                           writes every build's to the root, where the source language's stays.
                           A forked build's sitemap is held, not written
on_page_context         0  infobox, notices, dates, edit link (or the translation it lacks),
                           interface strings
on_page_context       -10  the glossary-linked body, backlinks, related cases; after search
                           (0, listed earlier) indexed the body without the term links
on_page_context      -200  titles made inert where Material prints them raw; last, since
                           the others read titles as plain text
on_post_page            0  the language's typography on the page's article; a preview notes
                           the files it wrote
on_post_build           0  the language's Atom feed and redirect pages, before the next
                           language builds (-90); its links kept for previews
on_post_build         -50  start writing the language's search index in a second process,
                           before the next languages build (-90) meanwhile
on_post_build         -90  after the default language, build the others two at a time, one
                           in a forked process (`commons.plugin.languages`); before
                           static-i18n (-100), which then has none left to build
on_post_build        -110  close the language; after the last, wait for the search indexes
                           and write the source language's search setup again
on_post_build        -200  under `mkdocs serve`, the whole build, once over, replaces the
                           served folder; last, when every language is written

A switch in the environment, for the bench to measure what it pays: `COMMONS_WORKERS=off` runs
the forked workers' work (checks, other languages' generated pages, search indexes, a language
built beside another) in this process (`commons.background`). The site is the same either way.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import BytecodeCache
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel

from commons import LANGUAGES, SOURCE_LANGUAGE, direction, preview
from commons.background import in_background
from commons.casemap import AtlasMissing, atlas_path
from commons.corpus import CASES, GLOSSARY
from commons.feeds import atom_feed
from commons.history import localized_date
from commons.indexes import Generated, generate, generate_all, recent_changes, relative
from commons.linkgraph import LinkLedger
from commons.links import page_path
from commons.pagedata import not_found, page_data
from commons.plugin import languages
from commons.plugin.config import CommonsConfig
from commons.problems import render
from commons.redirects import write_redirects
from commons.registry import INDEXED, generated_names, page_assets
from commons.safety import inert, sanitize
from commons.search import language_root, pages, setup, write_index, write_setup
from commons.searchindex import SearchEntries
from commons.site import Site, load_site
from commons.strings import for_language, t
from commons.translation import start_translation_url
from commons.typography import apply, apply_each

log = get_plugin_logger("commons")
# Folders whose changes `mkdocs serve` rebuilds for, besides docs/.
WATCHED = ("cases", "roadmaps", "glossary", "schemas", "data")
# The page hosts serve for a missing address; MkDocs renders it from the theme in every build.
NOT_FOUND = "404.html"


class CompiledTemplates(BytecodeCache):
    """Compiled templates kept in memory, by name and source (Jinja checks the source)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        """Fill the bucket from an earlier compilation, if any."""
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        """Keep a compilation for the next language and the next rebuild."""
        self.code[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = CompiledTemplates()


@dataclass
class LanguageBuild:
    """What the pages of one language need from each other while they are built."""

    lang: str
    root: str
    # Every link the language's pages make, for "what links here".
    ledger: LinkLedger = field(default_factory=LinkLedger)
    # Each page's body as search indexes it, and with its glossary links, by source file.
    linked: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Generated pages, whose HTML is added after Markdown has run on their stub and whose files
    # are written beside them, by source file.
    generated: dict[str, Generated] = field(default_factory=dict)


class CommonsPlugin(BasePlugin[CommonsConfig]):
    """The build of the commons; see the module's table of events."""

    def __init__(self):
        self.site: Site | None = None
        self._config = None
        self.language: LanguageBuild | None = None
        # The languages being built, innermost last: static-i18n nests the other languages'
        # builds in the default language's post-build and leaves its own language on the last.
        self.building: list[LanguageBuild] = []
        # The other languages' generated pages, made in a second process, with their site.
        self.ahead: tuple[Site, object] | None = None
        # Other languages' search indexes still being written in second processes.
        self.writing: list = []
        self.warned = False

    # Corpus and checks

    @event_priority(100)
    def on_config(self, config):
        """Load the corpus once per build and start checking it while MkDocs lists the files."""
        if not self.config.enabled:
            return config
        # static-i18n runs each language's build with the same config: the corpus is loaded
        # for the first one. `mkdocs serve` loads a new config for each rebuild.
        previewing = _previewing()
        if previewing:
            # `mkdocs serve`'s first pass: the edited pages only (`commons.preview`).
            self.site, self._config = previewing.site, config
        elif self.site is None or self._config is not config:
            self.site = load_site(Path(config.config_file_path).resolve().parent, background=True)
            self._config = config
            self.warned = False
            _require_atlas(self.site.root)
            preview.staging_for(config)
        for folder in WATCHED:
            path = self.site.root / folder
            if path.is_dir() and str(path) not in config.watch:
                config.watch.append(str(path))
        return config

    def on_pre_build(self, config):
        """Open the build of the language static-i18n is building now."""
        if not self.config.enabled:
            return
        lang = page_language(config)
        root = language_root(lang, SOURCE_LANGUAGE)
        self.language = LanguageBuild(lang, root, preview.ledger_for(lang))
        self.building.append(self.language)
        _give_search_our_entries(config)

    @event_priority(100)
    def _refuse_broken_content(self, nav, config, files):
        """Refuse the build when the content has errors, listing them all."""
        if self.config.enabled:
            checks = self.config.checks and os.environ.get("COMMONS_CHECKS") != "off"
            self.warned = _refuse_broken(self.site, checks, self.warned)
        return nav

    # Collections and generated pages

    @event_priority(50)
    def on_files(self, files, config):
        """Register collection entries and generated pages as if they lived in docs/."""
        if not self.config.enabled:
            return files
        site = self.site
        # A preview registers the pages it renders and those they link to: static-i18n's
        # work on files grows with their number, and the others' links are not read.
        known = _previewing().linked if _previewing() else None
        for entry in site.corpus.entries:
            if entry.collection.outside_docs and entry.doc is not None and entry.lang in LANGUAGES:
                if known is None or page_path(entry) in known:
                    files.append(_virtual(entry.rel, config))
        for name in generated_names(site.categories, len(site.corpus.sources(CASES))):
            for lang in LANGUAGES:
                files.append(_virtual(f"{name}.{lang}.md", config))
        if self.language.lang == SOURCE_LANGUAGE and not _previewing():
            # The other languages' pages are made in a second process meanwhile.
            others = [lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE]
            self.ahead = (site, in_background(generate_all, site, others))
        return files

    def _point_files_at_sources(self, nav, config, files):
        """Point registered files at their real source, or give generated pages a stub."""
        if not self.config.enabled:
            return nav
        site, generated = self.site, self.language.generated
        folders = {c.folder for c in INDEXED}
        previewing = _previewing()
        for file in files.documentation_pages():
            stem, _, lang = file.src_uri.removesuffix(".md").rpartition(".")
            if previewing and stem not in previewing.pages:
                # Not rendered, nor generated: the served folder keeps the last build's page.
                file.inclusion = InclusionLevel.EXCLUDED
                continue
            page = self._generated(stem, lang) if lang in LANGUAGES else None
            if page is not None:
                file._content = page.stub()
                generated[file.src_uri] = page
            elif file.src_uri.split("/")[0] in folders:
                file.abs_src_path = str(site.root / file.src_uri)
        return nav

    def _generated(self, stem: str, lang: str):
        """A generated page, from those made ahead when they were made from this site."""
        if self.ahead and self.ahead[0] is self.site and lang != SOURCE_LANGUAGE:
            made = self.ahead[1]()
            if (stem, lang) in made:
                return made[stem, lang]
        return generate(self.site, stem, lang)

    on_nav = CombinedEvent(_refuse_broken_content, _point_files_at_sources)

    # Page bodies

    @event_priority(100)
    def _sanitize(self, html, page, config, files):
        """Strip every element, attribute and URL outside the allow-list from the page body."""
        return sanitize(html) if self.config.enabled else html

    @event_priority(50)
    def _add_generated_body(self, html, page, config, files):
        """Add a generated page's ready-made HTML after its Markdown stub."""
        if not self.config.enabled:
            return html
        generated = self.language.generated.get(page.file.src_uri)
        return html + _with_files(page, generated) if generated is not None else html

    def _record_links(self, html, page, config, files):
        """Link glossary terms on first use, then note every link the page makes."""
        entry = self._entry(page) if self.config.enabled else None
        if entry is None:
            return html
        language = self.language
        with_terms, terms = self._link_terms(entry, page, html)
        # The glossary links are known by their slugs: only the page's own links need reading.
        urls = [language.root + GLOSSARY.url(slug) for slug in terms]
        language.ledger.record(page.url, page.title or "", html, urls)
        # Search indexes the text without the term links, which add nothing to it but parsing
        # time; `_add_links_and_neighbours` puts them in.
        language.linked[page.file.src_uri] = (html, with_terms)
        return html

    on_page_content = CombinedEvent(_sanitize, _add_generated_body, _record_links)

    def _entry(self, page):
        """The content entry a page is rendered from, or None for generated pages."""
        if not page.file.abs_src_path:
            return None
        return self.site.corpus.by_path(page.file.abs_src_path)

    def _link_terms(self, entry, page, html: str) -> tuple[str, list[str]]:
        """The body with the first use of each glossary term linked, and the terms' slugs."""
        own = entry.slug if entry.collection is GLOSSARY else None
        root = self.language.root
        return self.site.linker(entry.lang).link(
            html, lambda slug: relative(page.url, f"{root}{GLOSSARY.url(slug)}"), own
        )

    # Template context

    def _page_data(self, context, page, config, nav):
        """Give the template `commons`: infobox, notices, dates, edit link, interface strings."""
        if not self.config.enabled:
            return context
        entry = self._entry(page)
        context["commons"] = _template_data(self.site, entry, page, config, self.language)
        return context

    @event_priority(-10)
    def _add_links_and_neighbours(self, context, page, config, nav):
        """Give the page its glossary links and backlinks, and a case its related cases."""
        if not self.config.enabled:
            return context
        language = self.language
        entry = self._entry(page)
        if entry is not None:
            indexed, body = language.linked.pop(page.file.src_uri, (None, None))
            if indexed is not page.content:  # a plugin changed the body since: link it again
                body = self._link_terms(entry, page, page.content)[0]
            page.content = body
        data = context.get("commons")
        if data is None:
            return context
        listed, more = language.ledger.backlinks(page.url)
        data["backlinks"] = [
            {"href": relative(page.url, url), "title": title} for url, title in listed
        ]
        data["backlinks_more"] = t("backlinks_more", language.lang, count=more) if more else ""
        if entry is not None and entry.collection is CASES:
            data["related"] = _related(self.site, entry, page.url, language)
        return context

    @event_priority(-200)
    def _inert_titles(self, context, page, config, nav):
        """Make the page and table-of-contents titles inert where Material prints them raw."""
        if not self.config.enabled:
            return context
        page.title = inert(page.title or "")
        if "title" in page.meta:
            page.meta["title"] = inert(page.meta["title"])
        _inert_toc(page.toc)
        return context

    on_page_context = CombinedEvent(_page_data, _add_links_and_neighbours, _inert_titles)

    def on_post_page(self, output, page, config):
        """Apply the page language's typography to the page's article (`commons.typography`)."""
        preview.note_written(page.file.dest_uri)
        return apply(output, self.language.lang) if self.config.enabled else output

    def on_env(self, env, config, files):
        """Compile each template once per process, not once per language and rebuild."""
        if self.config.enabled:
            env.bytecode_cache = COMPILED_TEMPLATES
        return env

    def on_serve(self, server, config, builder):
        """Under `mkdocs serve`, show an edit in its pages first, then build the whole site."""
        return preview.start(server, config, builder) if self.config.enabled else server

    # The 404 pages

    def on_template_context(self, context, template_name, config):
        """Give a 404 page its language's words and ways back, and a language menu to each home."""
        if not self.config.enabled or template_name != NOT_FOUND:
            return context
        return _not_found_context(context, config, self.language)

    def on_post_template(self, output, template_name, config):
        """404 pages in their language, translated ones in their folder; hold forks' sitemaps."""
        if self.config.enabled and template_name == NOT_FOUND:
            return _not_found_output(output, config, self.language)
        if self.config.enabled and template_name == languages.SITEMAP:
            return languages.sitemap_output(output)
        return output

    # After the pages

    def _write_feed_and_redirects(self, config):
        """Write the language's Atom feed and redirect pages; keep its links for previews."""
        if self.config.enabled and not _previewing():
            preview.remember_links(self.language.lang, self.language.ledger)
            _write_feed(self.site, self.language, config)
            _write_redirects(self.site, self.language, config)

    @event_priority(-50)
    def _start_search_index(self, config):
        """Start writing the index of the language just built, with its own pages only."""
        search = config.plugins.get("material/search") or config.plugins.get("search")
        if self.config.enabled and search is not None and hasattr(search, "search_index"):
            # Written by a second process while the next languages build.
            job = _index_job(search.search_index.entries, self.language.lang, self.site, config)
            self.writing.append(in_background(_write_index, *job))

    @event_priority(-90)
    def _build_other_languages(self, config):
        """Once the default language is built, build the others two at a time."""
        i18n = config.plugins.get("i18n")
        if self.config.enabled and not _previewing() and i18n and not i18n.building:
            if self.ahead:  # read here, before a forked build shares the pipe it comes by
                self.ahead[1]()
            languages.build_other_languages(config, i18n)

    @event_priority(-110)
    def _finish_language(self, config):
        """Close the language just built; once the last is built, wait for the indexes."""
        if not self.config.enabled:
            return
        language = self.building.pop()
        # static-i18n's nested builds are over: the outer language's state is current again.
        self.language = self.building[-1] if self.building else language
        if language.lang == SOURCE_LANGUAGE:  # the default language's build ends last
            _finish_indexes(self.writing, Path(config.site_dir))
            languages.done(config)

    @event_priority(-200)
    def _serve_the_new_site(self, config):
        """Under `mkdocs serve`, the whole build, once over, replaces the served folder."""
        if self.config.enabled and not self.building:
            preview.swap_in(config)

    on_post_build = CombinedEvent(
        _write_feed_and_redirects,
        _start_search_index,
        _build_other_languages,
        _finish_language,
        _serve_the_new_site,
    )


def _previewing() -> preview.Serving | None:
    """What `mkdocs serve` previews now, if this build is its first pass."""
    serving = preview.SERVING
    return serving if serving is not None and serving.pages else None


def _give_search_our_entries(config) -> None:
    """Material's search plugin records pages into our `SearchEntries`, not its parser."""
    search = config.plugins.get("material/search")
    if search is not None and hasattr(search, "search_index"):
        # Material 9.8.1 (the last release) makes its index in on_config; it is replaced for
        # each language's build, after that.
        search.search_index = SearchEntries()


def page_language(config) -> str:
    """The language static-i18n is building now."""
    i18n = config.plugins.get("i18n")
    return getattr(i18n, "current_language", None) or SOURCE_LANGUAGE


def _with_files(page, generated: Generated) -> str:
    """A generated page's HTML, once the files it loads (the case index's cards) are beside it."""
    folder = Path(page.file.abs_dest_path).parent
    for name, text in generated.assets:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return generated.html


def _virtual(src_uri: str, config) -> File:
    """A file static-i18n sees under docs_dir; its content is supplied after it sorted them."""
    return File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls)


def _not_found_context(context, config, language: LanguageBuild):
    """A 404 page's context: its words and ways back, and a language menu to each home."""
    lang = language.lang
    # The root 404 page is the one most hosts serve for every missing address, in whatever
    # language: it speaks every language; `fr/404.html` and the like speak their own.
    shown = list(LANGUAGES) if lang == SOURCE_LANGUAGE else [lang]
    # A 404 page's links start from the site's root path: it is served at any address.
    base = context["base_url"].rstrip("/") + "/"
    data = not_found(lang, shown, base)
    data.update(
        ui=for_language(lang), language_root=language.root, search_setup=setup(lang, language.root)
    )
    context["commons"] = data
    # static-i18n leaves the menu on the translations of the last page built, in an attribute
    # that templates read before the key (its `config.extra.alternate = ...` on each page).
    config.extra.alternate = [
        {**alt, "link": base + language_root(alt["lang"], SOURCE_LANGUAGE)}
        for alt in config.extra.get("alternate") or []
    ]
    return context


def _not_found_output(output: str, config, language: LanguageBuild) -> str:
    """The root 404 page in every language's typography; a translated one in its folder."""
    if language.lang == SOURCE_LANGUAGE:
        return apply_each(output, language.lang, LANGUAGES)
    path = Path(config.site_dir) / language.root / NOT_FOUND
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(apply(output, language.lang), encoding="utf-8")
    # MkDocs writes no template that renders empty: the root one stays the source language's.
    return ""


def _require_atlas(root: Path) -> None:
    """The map is drawn from boundaries `npm ci` installs: say so, not a traceback."""
    try:
        atlas_path(root)
    except AtlasMissing as error:
        raise PluginError(str(error)) from None


def _refuse_broken(site: Site, checks: bool, warned: bool) -> bool:
    """Raise on content errors, listing them all; log the warnings once. Whether they were."""
    if not checks:
        log.info("content checks are off: %d problem(s) not enforced", len(site.errors))
        return warned
    if site.errors:
        raise PluginError(
            f"{len(site.errors)} content problem(s); run `commons check` for the same list:\n"
            + render(site.errors)
        )
    warnings = [p for p in site.problems if p.severity != "error"]
    if warnings and not warned:
        # Warnings inform, they do not fail `--strict`: an outdated translation publishes.
        log.info("content warnings:\n%s", render(warnings))
    return warned or bool(warnings)


def _write_redirects(site: Site, language: LanguageBuild, config) -> None:
    """The language's redirect pages, from `data/redirects.yml`."""
    redirects = site.data.get("data/redirects.yml")
    lang, root = language.lang, language.root
    write_redirects(Path(config.site_dir), redirects, root, first=lang == SOURCE_LANGUAGE)


def _write_feed(site: Site, language: LanguageBuild, config) -> None:
    """The language's Atom feed of recent changes, at its root."""
    lang = language.lang
    rows = [
        (entry, changed, entry.collection.url(entry.slug) or "./")
        for entry, changed in recent_changes(site.corpus, site.history, lang, 50)
    ]
    title = f"{t('changes_title', lang)} · {config.site_name}"
    path = Path(config.site_dir) / language.root / "feed.xml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(atom_feed(rows, lang, title, "changes/"), encoding="utf-8")


def _template_data(site: Site, entry, page, config, language: LanguageBuild) -> dict:
    """A page's `commons` for its template: infobox, notices, dates, edit link, strings."""
    lang, root = language.lang, language.root
    data = page_data(
        entry,
        site.corpus.source_of(entry) if entry else None,
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
    data.update(page_assets(page.file.src_uri.rsplit(".", 2)[0]))
    data["language_root"] = root
    data["search_setup"] = setup(lang, root)
    data["feed"] = relative(page.url, root) + "feed.xml"
    changed = site.history.get(entry.rel) if entry else None
    if changed is not None:
        data["updated"] = {
            "iso": changed.updated.date().isoformat(),
            "text": localized_date(changed.updated, lang),
            "authors": changed.authors,
        }
    if entry is not None:
        _edit_link(page, entry, data, site, config)
    return data


def _edit_link(page, entry, data: dict, site: Site, config) -> None:
    """The pencil edits the page's own file, or starts the translation the reader lacks."""
    edit_base, new_base = config.extra.get("edit_base"), config.extra.get("new_base")
    if data["fallback"] and new_base:
        fields = site.schemas.translatable(entry.collection.schema)
        page.edit_url = data["translate_url"] = start_translation_url(
            new_base, entry, fields, data["lang"]
        )
    elif edit_base:
        page.edit_url = edit_base + entry.rel


def _related(site: Site, entry, page_url: str, language: LanguageBuild) -> list[dict]:
    """The cases related to a case, each in the page's language when translated."""
    related = []
    for slug in site.related.get(entry.slug, []):
        shown = site.corpus.get(CASES, slug, language.lang) or site.corpus.sources(CASES)[slug]
        related.append(
            {
                "href": relative(page_url, language.root + CASES.url(slug)),
                "title": str(shown.meta.get("title", slug)),
                "lang": shown.lang,
                "dir": direction(shown.lang),
            }
        )
    return related


def _inert_toc(items) -> None:
    """Headings' titles, at every depth of the table of contents."""
    for item in items:
        item.title = inert(item.title)
        _inert_toc(item.children)


def _index_job(entries: list, lang: str, site: Site, config) -> tuple:
    """The arguments of `_write_index` for the language just built."""
    roots = {code: language_root(code, SOURCE_LANGUAGE) for code in LANGUAGES}
    return list(entries), lang, roots, site.corpus, Path(config.site_dir)


def _finish_indexes(writing: list, site_dir: Path) -> None:
    """Wait for every language's index, then write the source language's setup again."""
    for wait in writing:
        wait()
    writing.clear()
    # Material's search plugin writes its own index to the site's root in every language's
    # build, over the source language's setup, which lives there.
    write_setup(site_dir, SOURCE_LANGUAGE, language_root(SOURCE_LANGUAGE, SOURCE_LANGUAGE))


def _write_index(entries: list, lang: str, roots: dict, corpus, site_dir: Path) -> None:
    """Write the index of `lang` from Material's entries."""
    write_index(site_dir, lang, roots[lang], pages(entries, lang, roots, corpus))
