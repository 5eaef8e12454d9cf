"""The printed handbook: one PDF per language, built from the corpus with WeasyPrint."""

from __future__ import annotations

import argparse
import logging
import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from html import escape, unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import markdown
import nh3
import yaml
from babel import Locale

from commons import LANGUAGES, SOURCE_LANGUAGE, direction
from commons.casemap import AtlasMissing
from commons.collation import initial, sort_entries
from commons.corpus import CASES, GLOSSARY, PAGES, ROADMAPS, TOOLKIT, Collection, Entry
from commons.history import localized_date
from commons.mappage import figure
from commons.pagedata import page_data
from commons.problems import render
from commons.safety import ALLOWED_TAGS, URL_SCHEMES, allowed_attributes
from commons.site import Site, load_site
from commons.strings import t
from commons.typography import apply

LOG = logging.getLogger(__name__)
STYLESHEET = Path(__file__).with_name("handbook.css")
PROJECT_CONFIG = Path(__file__).resolve().parent.parent / "mkdocs.yml"

# The Markdown of mkdocs.yml, so a page reads the same printed as online; permalinks are
# dropped because a pilcrow after every heading means nothing on paper.
EXTENSIONS = [
    "toc",
    "tables",
    "admonition",
    "attr_list",
    "footnotes",
    "pymdownx.details",
    "pymdownx.superfences",
]
EXTENSION_CONFIGS = {"toc": {"permalink": False}, "tables": {"use_align_attribute": True}}


DEFAULT_SITE_NAME = "Co-production Commons"

# CLDR numbering systems and the CSS counter styles WeasyPrint predefines for them.
COUNTER_STYLES = {
    "latn": "decimal",
    "arab": "arabic-indic",
    "arabext": "persian",
    "beng": "bengali",
    "deva": "devanagari",
    "gujr": "gujarati",
    "guru": "gurmukhi",
    "khmr": "khmer",
    "knda": "kannada",
    "laoo": "lao",
    "mlym": "malayalam",
    "mong": "mongolian",
    "mymr": "myanmar",
    "orya": "oriya",
    "telu": "telugu",
    "thai": "thai",
    "tibt": "tibetan",
}


class HandbookError(Exception):
    """The corpus has problems that would make the handbook wrong or incomplete."""


def page_number_style(lang: str) -> str:
    """The CSS counter style for page numbers in `lang`, from its CLDR numbering system."""
    system = Locale.parse(lang).default_numbering_system
    return COUNTER_STYLES.get(system, "decimal")


def isolate(text: str) -> str:
    """`text` between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE.

    WeasyPrint has no `unicode-bidi`, but Pango honours these characters, so the punctuation
    of a title in one direction stays with it inside a line running the other way.
    """
    return f"\u2068{text}\u2069"


def direction_of(text: str, default: str) -> str:
    """`ltr` or `rtl` from the first letter of `text` with a strong direction (UAX #9)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return default


class _ConfigLoader(yaml.SafeLoader):
    """Safe YAML that reads MkDocs' `!!python/name:` tags as nothing instead of failing."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def site_name(root: Path, lang: str) -> str:
    """The site's name in `lang` as mkdocs.yml gives it (the project's file for fixtures)."""
    path = root / "mkdocs.yml"
    path = path if path.is_file() else PROJECT_CONFIG
    if not path.is_file():
        return DEFAULT_SITE_NAME
    config = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    name = config.get("site_name") or DEFAULT_SITE_NAME
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("i18n"), dict):
            for language in plugin["i18n"].get("languages") or []:
                if language.get("locale") == lang and language.get("site_name"):
                    return str(language["site_name"])
    return str(name)


# ---------------------------------------------------------------------------------------------
# Links, anchors and resources


def anchor(collection: Collection, slug: str) -> str:
    """The id of an entry in the handbook."""
    if collection is PAGES and "/" not in slug:
        return f"page-{slug}"
    folder = "toolkit" if collection in (TOOLKIT, PAGES) else collection.name
    return f"{folder}-{slug.removeprefix('toolkit/')}"


_LANGUAGE_SUFFIX = re.compile(r"\.(?:" + "|".join(LANGUAGES) + r")$")


def link_target(entry_rel: str, href: str) -> str | None:
    """The handbook id a relative Markdown link of the file `entry_rel` points to, if any.

    Links are resolved as MkDocs does, from where the page sits under docs/ (collections
    outside docs/ are mounted there), so `../glossary/x.md` from a chapter is the term `x`.
    """
    parts = urlsplit(href)
    path = unquote(parts.path)
    if parts.scheme or parts.netloc or not path.endswith(".md"):
        return None
    here = posixpath.dirname(entry_rel.removeprefix("docs/"))
    target = posixpath.normpath(posixpath.join(here, path))
    pieces = _LANGUAGE_SUFFIX.sub("", target.removesuffix(".md")).split("/")
    if len(pieces) == 1 and not pieces[0].startswith("."):
        # A page at the top of docs/, such as the synthesis of the cases.
        return anchor(PAGES, pieces[0])
    if len(pieces) != 2 or pieces[0].startswith("."):
        return None
    folder, slug = pieces
    if folder in ("cases", "roadmaps", "glossary", "toolkit"):
        return f"{folder}-{slug}"
    return None


def anchor_of_url(url: str) -> str:
    """The handbook id of a site URL relative to a language root (`cases/la-borda/`), or ''."""
    pieces = url.strip("/").split("/")
    if len(pieces) == 2 and pieces[0] in ("cases", "roadmaps", "glossary", "toolkit"):
        return f"{pieces[0]}-{pieces[1]}"
    return ""


def clean_html(html: str, attribute_filter=None) -> str:
    """Contributed HTML cut down to the allow-list of tags, attributes and URL schemes.

    `attribute_filter(tag, name, value)` may then rewrite each attribute that survives, or
    drop it by returning None.
    """
    # The site's allow-list, without `style`: in print it could hold url() the engine fetches.
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes=allowed_attributes(styled=False),
        attribute_filter=attribute_filter,
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


_BARE_LINK = re.compile(r'<a href="(?P<href>[^"]*)">(?P<text>[^<]*)</a>')


def _mark_bare_link(match: re.Match) -> str:
    """`<a class="url">` when a link's text is its address (give or take the scheme)."""
    href, text = unescape(match["href"]), unescape(match["text"]).strip()
    if text and text in (href, href.split("://", 1)[-1], href.removeprefix("mailto:")):
        return f'<a class="url" href="{match["href"]}">{match["text"]}</a>'
    return match.group()


class LocalFetcher:
    """A WeasyPrint URL fetcher that reads files under the given folders and nothing else.

    Every other URL (another host, a file outside the repository, data:) is refused, logged
    and kept in `refused`, so a test can tell that building the handbook asked for nothing.
    """

    def __init__(self, *folders: Path):
        from weasyprint.urls import URLFetcher

        self.folders = [Path(f).resolve() for f in folders]
        self.refused: list[str] = []
        self.fetched: list[str] = []
        self._files = URLFetcher(allowed_protocols={"file"}, allow_redirects=False)
        # weasyprint.urls.fetch reads this on the fetcher it is given.
        self._fail_on_errors = False

    def allows(self, url: str) -> bool:
        """True for a file: URL inside one of the folders."""
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return False
        path = Path(url2pathname(parts.path)).resolve()
        return path.is_file() and any(path.is_relative_to(f) for f in self.folders)

    def __call__(self, url: str):
        """The resource at `url`, or ValueError when it is not a local file we allow."""
        if not self.allows(url):
            self.refused.append(url)
            LOG.warning("handbook: refused to fetch %s", url)
            raise ValueError(f"the handbook reads local files only; refused {url}")
        self.fetched.append(url)
        return self._files.fetch(url)

    fetch = __call__


# ---------------------------------------------------------------------------------------------
# The document


@dataclass
class _Part:
    """One part of the handbook: its id, title, TOC entries and HTML."""

    key: str
    title: str
    toc: list[tuple[str, str, str]] = field(default_factory=list)
    html: list[str] = field(default_factory=list)


class _Entries:
    """Each kind of entry as HTML in the handbook's language, links kept inside the book."""

    def __init__(self, site: Site, lang: str):
        self.site = site
        self.lang = lang
        self.dir = direction(lang)
        self.md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
        # Anchors of every entry in the book: links to others are dropped.
        self.anchors: set[str] = set()

    def lang_attrs(self, lang: str) -> str:
        """`lang` and `dir` attributes when `lang` is not the handbook's language."""
        if lang == self.lang:
            return ""
        return f' lang="{lang}" dir="{direction(lang)}"'

    def body(self, entry: Entry) -> str:
        """An entry's Markdown body as sanitised HTML with ids and links made handbook-wide."""
        if entry.doc is None or not entry.doc.body.strip():
            return ""
        self.md.reset()
        html = self.md.convert(entry.doc.body)
        prefix = anchor(entry.collection, entry.slug)

        def attribute(element: str, name: str, value: str) -> str | None:
            if name == "id":
                return f"{prefix}--{value}"
            if name == "href":
                return self.href(entry, prefix, value)
            if name == "src":
                return self.src(entry, value)
            return value

        clean = clean_html(html, attribute)
        # A link whose text is its own address need not print the address twice.
        clean = _BARE_LINK.sub(_mark_bare_link, clean)
        return f'<div class="entry-body">{clean}</div>'

    def href(self, entry: Entry, prefix: str, value: str) -> str | None:
        """A link made printable: external stays, internal points into the handbook or goes."""
        if value.startswith("#"):
            return f"#{prefix}--{value[1:]}" if len(value) > 1 else None
        scheme = urlsplit(value).scheme.lower()
        if scheme in URL_SCHEMES:
            return value
        target = link_target(entry.rel, value)
        # A page the handbook leaves out (about, contribute) is printed as plain text.
        return f"#{target}" if target in self.anchors else None

    def src(self, entry: Entry, value: str) -> str | None:
        """An image as a file: URL inside the repository; remote images are not loaded."""
        parts = urlsplit(value)
        if parts.scheme or parts.netloc or not parts.path:
            return None
        path = (entry.path.parent / unquote(parts.path)).resolve()
        if not path.is_file() or not path.is_relative_to(self.site.root):
            return None
        return path.as_uri()

    def notices(self, entry: Entry, data: dict, compact: bool = False) -> str:
        """Fallback, unreviewed and outdated notices, in the reader's language."""
        if not data["notices"]:
            return ""
        attrs = f' lang="{self.lang}" dir="{self.dir}"'
        if compact:
            text = " ".join(escape(n["text"]) for n in data["notices"])
            return f'<p class="notice notice--compact"{attrs}>{text}</p>'
        return "".join(
            f'<p class="notice notice--{escape(n["kind"])}"{attrs}>{escape(n["text"])}</p>'
            for n in data["notices"]
        )

    def data(self, entry: Entry) -> dict:
        """What the site's templates show besides the body, in the handbook's language."""
        source = self.site.corpus.source_of(entry) or entry
        bibliography = self.site.data.get("data/bibliography.yml")
        return page_data(
            entry,
            source,
            self.site.schemas,
            self.lang,
            bibliography,
            href=lambda url: "#" + anchor_of_url(url),
            corpus=self.site.corpus,
        )

    def sources(self, entry: Entry, data: dict) -> str:
        """The references a page is written from."""
        if not data["sources"]:
            return ""
        # References run the way their own script does, whichever way the page runs.
        items = "".join(
            f'<li dir="{direction_of(s, self.dir)}">{escape(s)}</li>' for s in data["sources"]
        )
        return (
            f'<h3 class="sources-title">{self.ui(entry, t("sources", self.lang))}</h3>'
            f'<ul class="sources">{items}</ul>'
        )

    def ui(self, entry: Entry | None, text: str) -> str:
        """Interface text, escaped, marked as the reader's language inside a fallback page."""
        if entry is None or entry.lang == self.lang:
            return escape(text)
        return f'<span lang="{self.lang}" dir="{self.dir}">{escape(text)}</span>'

    def label(self, entry: Entry | None, key: str) -> str:
        """An interface string followed by a colon, as `ui` gives it."""
        return self.ui(entry, t(key, self.lang) + ":")

    def entry_open(self, entry: Entry, kind: str, kicker: str = "") -> str:
        """The start of an entry: its anchor, language and title."""
        title = str(entry.meta.get("title", entry.slug))
        # Step chapters are titled "Step 1: ..." already.
        if kicker and not title.casefold().startswith(kicker.casefold()):
            kicker_html = f'<p class="kicker">{self.ui(entry, kicker)}</p>'
        else:
            kicker_html = ""
        return (
            f'<article class="entry entry--{kind}" id="{anchor(entry.collection, entry.slug)}"'
            f"{self.lang_attrs(entry.lang)}>{kicker_html}"
            f'<h2 class="entry-title">{escape(title)}</h2>'
        )

    def summary(self, entry: Entry) -> str:
        """The entry's summary as a lead paragraph."""
        summary = entry.meta.get("summary")
        return f'<p class="summary">{escape(str(summary))}</p>' if summary else ""

    def chapter(self, entry: Entry) -> str:
        """A toolkit chapter: guiding question, framing, learning goals, text, sources."""
        data = self.data(entry)
        chapter = data["chapter"] or {}
        kicker = t("step", self.lang, number=chapter["step"]) if chapter.get("step") else ""
        parts = [self.entry_open(entry, "chapter", kicker), self.notices(entry, data)]
        parts.append(self.summary(entry))
        if chapter.get("question"):
            parts.append(
                f'<p class="question"><strong>{self.label(entry, "question")}</strong> '
                f"{escape(str(chapter['question']))}</p>"
            )
        if chapter.get("framing"):
            parts.append(f'<p class="framing">{escape(str(chapter["framing"]))}</p>')
        if chapter.get("learning_goals"):
            goals = "".join(f"<li>{escape(str(g))}</li>" for g in chapter["learning_goals"])
            heading = self.ui(entry, t("learning_goals", self.lang))
            parts.append(f'<div class="learning-goals"><h3>{heading}</h3><ul>{goals}</ul></div>')
        parts += [self.body(entry), self.sources(entry, data), "</article>"]
        return "".join(parts)

    def page(self, entry: Entry) -> str:
        """A hand-written page such as the toolkit's introduction."""
        data = self.data(entry)
        return "".join(
            [self.entry_open(entry, "page"), self.notices(entry, data), self.body(entry)]
            + [self.comparison(entry, data), self.sources(entry, data), "</article>"]
        )

    def comparison(self, entry: Entry, data: dict) -> str:
        """The table of cases a page asks for, with the same cells as the site shows."""
        table = data["comparison"]
        if not table:
            return ""
        separator = escape(t("list_separator", self.lang))
        head = "".join(f'<th scope="col">{escape(label)}</th>' for label in table["head"])
        rows = []
        for row in table["rows"]:
            target = row["href"] if row["href"].lstrip("#") in self.anchors else None
            title = escape(row["title"])
            title = f'<a href="{escape(target)}">{title}</a>' if target else title
            cells = "".join(
                "<td>" + separator.join(escape(str(v["text"])) for v in values) + "</td>"
                for values in row["cells"]
            )
            rows.append(
                f'<tr><th scope="row"{self.lang_attrs(row["lang"])}>{title}</th>{cells}</tr>'
            )
        return (
            f'<table class="comparison" lang="{self.lang}" dir="{self.dir}">'
            f"<caption>{escape(table['title'])}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
            + "".join(
                f'<p class="comparison-note" lang="{self.lang}" dir="{self.dir}">{escape(note)}</p>'
                for note in table["notes"]
            )
        )

    def roadmap(self, entry: Entry) -> str:
        """A roadmap as a checklist: each phase with its goal, steps to tick, actors, risks."""
        data = self.data(entry)
        parts = [self.entry_open(entry, "roadmap"), self.notices(entry, data)]
        parts += [self.summary(entry), self.body(entry)]
        phases = []
        for number, phase in enumerate(data["phases"] or [], start=1):
            items = [
                f'<li class="phase"><p class="kicker">'
                f"{self.ui(entry, t('phase', self.lang, number=number))}</p>"
                f"<h3>{escape(str(phase.get('title', '')))}</h3>"
            ]
            if phase.get("goal"):
                items.append(
                    f'<p class="goal"><strong>{self.label(entry, "goal")}</strong> '
                    f"{escape(str(phase['goal']))}</p>"
                )
            steps = "".join(f"<li>{escape(str(s))}</li>" for s in phase.get("steps") or [])
            items.append(
                f"<h4>{self.ui(entry, t('steps', self.lang))}</h4>"
                f'<ul class="checklist">{steps}</ul>'
            )
            for key in ("actors", "resources", "risks"):
                if phase.get(key):
                    listed = "".join(f"<li>{escape(str(v))}</li>" for v in phase[key])
                    items.append(
                        f"<h4>{self.ui(entry, t(key, self.lang))}</h4>"
                        f'<ul class="phase-{key}">{listed}</ul>'
                    )
            items.append("</li>")
            phases.append("".join(items))
        if phases:
            parts.append(
                f'<h3 class="phases-title">{self.ui(entry, t("phases", self.lang))}</h3>'
                f'<ol class="phases">{"".join(phases)}</ol>'
            )
        parts += [self.sources(entry, data), "</article>"]
        return "".join(parts)

    def case(self, entry: Entry) -> str:
        """A case study with its infobox, in the reader's language even when the text is not."""
        data = self.data(entry)
        parts = [self.entry_open(entry, "case"), self.notices(entry, data), self.summary(entry)]
        rows = []
        separator = escape(t("list_separator", self.lang))
        for row in data["infobox"] or []:
            values = separator.join(escape(str(v["text"])) for v in row["values"])
            if row.get("note"):
                values += f'<br><small class="infobox-note">{escape(row["note"])}</small>'
            rows.append(f"<tr><th>{escape(row['label'])}</th><td>{values}</td></tr>")
        if rows:
            parts.append(
                f'<table class="infobox" lang="{self.lang}" dir="{self.dir}">'
                f"<caption>{escape(t('infobox_title', self.lang))}</caption>"
                f"<tbody>{''.join(rows)}</tbody></table>"
            )
        parts += [self.body(entry), self.sources(entry, data), "</article>"]
        return "".join(parts)

    def term(self, entry: Entry) -> str:
        """A glossary term: definition, other names, text."""
        data = self.data(entry)
        term = data["term"] or {}
        parts = [
            f'<article class="term" id="{anchor(entry.collection, entry.slug)}"'
            f"{self.lang_attrs(entry.lang)}>"
            f'<h3 class="term-title">{escape(str(entry.meta.get("title", entry.slug)))}</h3>',
            self.notices(entry, data, compact=True),
        ]
        if term.get("definition"):
            parts.append(f'<p class="definition">{escape(str(term["definition"]))}</p>')
        if term.get("synonyms"):
            separator = t("list_separator", self.lang)
            names = escape(separator.join(str(s) for s in term["synonyms"]))
            label = self.label(entry, "synonyms")
            parts.append(f'<p class="synonyms"><em>{label}</em> {names}</p>')
        parts += [self.body(entry), "</article>"]
        return "".join(parts)


class _Builder:
    """Builds the HTML of the handbook in one language."""

    def __init__(self, site: Site, lang: str):
        self.site = site
        self.lang = lang
        self.dir = direction(lang)
        self.entries = _Entries(site, lang)

    # Entries -----------------------------------------------------------------------------

    def chapters(self) -> list[Entry]:
        """Toolkit chapters in programme order: by step, then by order within the step."""
        corpus = self.site.corpus

        def position(entry: Entry):
            meta = (corpus.source_of(entry) or entry).meta
            return (meta.get("step", 99), meta.get("order", 99), entry.slug)

        return sorted(corpus.in_language(TOOLKIT, self.lang), key=position)

    def by_title(self, collection: Collection) -> list[Entry]:
        """Entries of a collection sorted by title in this language's collation."""
        entries = self.site.corpus.in_language(collection, self.lang)
        return sort_entries(entries, lambda e: str(e.meta.get("title", e.slug)), self.lang)

    def listed_pages(self) -> dict[str, list[Entry]]:
        """Hand-written pages by the collection index that lists them (`listed_on`)."""
        corpus = self.site.corpus
        found: dict[str, list[Entry]] = {}
        for entry in self.by_title(PAGES):
            listed_on = (corpus.source_of(entry) or entry).meta.get("listed_on")
            if listed_on:
                found.setdefault(str(listed_on), []).append(entry)
        return found

    def toolkit_intro(self) -> Entry | None:
        """The toolkit's own index page, in this language or English."""
        corpus = self.site.corpus
        return corpus.get(PAGES, "toolkit/index", self.lang) or corpus.get(
            PAGES, "toolkit/index", SOURCE_LANGUAGE
        )

    # Whole document --------------------------------------------------------------------

    def parts(self) -> list[_Part]:
        """The toolkit, roadmaps, case studies and glossary, each when it has entries."""
        intro = self.toolkit_intro()
        chapters = self.chapters()
        roadmaps = self.by_title(ROADMAPS)
        cases = self.by_title(CASES)
        terms = self.by_title(GLOSSARY)
        pages = self.listed_pages()
        listed = ([intro] if intro else []) + chapters + roadmaps + cases + terms
        listed += [page for group in pages.values() for page in group]
        self.entries.anchors = {anchor(e.collection, e.slug) for e in listed}

        built = []
        if chapters or intro:
            part = _Part("toolkit", t("toolkit_title", self.lang))
            for entry in ([intro] if intro else []) + chapters:
                html = self.entries.page(entry) if entry is intro else self.entries.chapter(entry)
                part.html.append(html)
                part.toc.append(self.toc_item(entry))
            built.append(part)
        for key, entries, render_entry in (
            ("roadmaps", roadmaps, self.entries.roadmap),
            ("cases", cases, self.entries.case),
        ):
            if entries:
                # Pages listed on a collection's index open its part, as their cards do online.
                opening = pages.get(key, [])
                part = _Part(key, t(f"{key}_title", self.lang))
                part.html = [self.entries.page(p) for p in opening]
                if key == "cases":
                    part.html.append(self.case_map())
                part.html += [render_entry(e) for e in entries]
                part.toc = [self.toc_item(e) for e in opening + entries]
                built.append(part)
        if terms:
            part = _Part("glossary", t("glossary_title", self.lang))
            letter = None
            for entry in terms:
                first = initial(str(entry.meta.get("title", entry.slug)), self.lang)
                if first != letter:
                    if letter is not None:
                        part.html.append("</section>")
                    letter = first
                    part.html.append(
                        f'<section class="letter"><h2 class="letter-title">{escape(first)}</h2>'
                    )
                part.html.append(self.entries.term(entry))
            part.html.append("</section>")
            built.append(part)
        return built

    def case_map(self) -> str:
        """The map of the cases as a figure, its markers leading to the cases in the book."""
        try:
            return figure(self.site, self.lang, lambda slug: anchor(CASES, slug))
        except AtlasMissing as error:
            raise HandbookError(str(error)) from None

    def title_in(self, lang: str, title: str) -> str:
        """A title inside a line of the handbook's language, isolated when it is not in it."""
        if lang == self.lang:
            return escape(title)
        return f"<span{self.entries.lang_attrs(lang)}>{isolate(escape(title))}</span>"

    def toc_item(self, entry: Entry) -> tuple[str, str, str]:
        """(id, title, language) of an entry listed in the table of contents."""
        return (
            anchor(entry.collection, entry.slug),
            str(entry.meta.get("title", entry.slug)),
            entry.lang,
        )

    def cover(self, name: str) -> str:
        """The first page: the site's name, what the handbook is, and when it last changed."""
        updated = self.latest_change()
        label = self.entries.label(None, "last_updated")
        date = f'<p class="cover-date">{label} {escape(updated)}</p>' if updated else ""
        return (
            f'<section class="cover"><h1 class="cover-title">{escape(name)}</h1>'
            f'<p class="cover-subtitle">{escape(t("handbook_subtitle", self.lang))}</p>'
            f"{date}</section>"
        )

    def latest_change(self) -> str | None:
        """The date of the newest commit to any content file, when git history is at hand."""
        history = self.site.history
        if not history:
            return None
        newest = max(h.updated for h in history.values())
        return localized_date(newest, self.lang)

    def toc(self, parts: list[_Part]) -> str:
        """The table of contents; page numbers are filled in by the stylesheet."""
        items = []
        for part in parts:
            entries = "".join(
                f'<li><a href="#{ident}">{self.title_in(lang, title)}</a></li>'
                for ident, title, lang in part.toc
            )
            items.append(
                f'<li class="toc-part"><a href="#part-{part.key}">{escape(part.title)}</a>'
                + (f"<ol>{entries}</ol>" if entries else "")
                + "</li>"
            )
        return (
            f'<nav class="toc"><h1 class="toc-title">{escape(t("handbook_contents", self.lang))}'
            "</h1>"
            f"<ol>{''.join(items)}</ol></nav>"
        )

    def document(self, name: str) -> str:
        """The whole handbook as one HTML document."""
        parts = self.parts()
        sections = [
            f'<section class="part part--{part.key}" id="part-{part.key}">'
            f'<h1 class="part-title">{escape(part.title)}</h1>{"".join(part.html)}</section>'
            for part in parts
        ]
        html = (
            f'<!DOCTYPE html><html lang="{self.lang}" dir="{self.dir}"><head>'
            f'<meta charset="utf-8"><title>{escape(name)}</title>'
            f'<meta name="description" content="{escape(t("handbook_subtitle", self.lang))}">'
            f"</head><body>{self.cover(name)}{self.toc(parts)}{''.join(sections)}</body></html>"
        )
        return apply(html, self.lang, printed=True)


def language_css(lang: str) -> str:
    """What handbook.css cannot know: the side headers sit on, and how pages are numbered."""
    style = page_number_style(lang)
    rules = []
    if direction(lang) == "rtl":
        rules.append(
            "@page { @top-left { content: string(part); } @top-right { content: string(site); } }"
        )
    rules.append(f"@page {{ @bottom-center {{ content: counter(page, {style}); }} }}")
    rules.append(
        f'.toc a::after {{ content: leader(". ") target-counter(attr(href), page, {style}); }}'
    )
    # "(p. 12)" after a cross-reference, in the language of the text around it.
    for text_lang in LANGUAGES:
        page_ref = t("handbook_page_ref", text_lang).replace('"', "")
        rules.append(
            f".entry-body a[href^='#']:lang({text_lang}):not(.footnote-ref)"
            ":not(.footnote-backref)::after "
            f'{{ content: " ({page_ref}\\a0" target-counter(attr(href), page, {style}) ")"; }}'
        )
    return "\n".join(rules)


def handbook_html(root: Path, lang: str) -> str:
    """The handbook in `lang` as one HTML document, from the repository at `root`."""
    site = load_site(Path(root))
    if site.errors:
        raise HandbookError("the content has errors:\n" + render(site.errors))
    return _Builder(site, lang).document(site_name(site.root, lang))


def build_handbook(
    root: Path, lang: str, out: Path, *, fetcher: LocalFetcher | None = None
) -> Path:
    """Write the printed handbook in `lang` of the repository at `root` to the PDF `out`."""
    from weasyprint import CSS, HTML

    if lang not in LANGUAGES:
        raise HandbookError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    root = Path(root).resolve()
    fetcher = fetcher or LocalFetcher(root)
    html = handbook_html(root, lang)
    stylesheets = [
        CSS(string=STYLESHEET.read_text(encoding="utf-8"), url_fetcher=fetcher),
        CSS(string=language_css(lang), url_fetcher=fetcher),
    ]
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    document = HTML(string=html, base_url=root.as_uri() + "/", url_fetcher=fetcher)
    document.write_pdf(out, stylesheets=stylesheets, presentational_hints=True)
    return out


def main(argv: list[str] | None = None) -> int:
    """`python -m commons.handbook LANG OUT.pdf [--root ROOT]`."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("lang", choices=LANGUAGES)
    parser.add_argument("out", type=Path)
    parser.add_argument("--root", type=Path, default=Path.cwd())
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    try:
        print(build_handbook(args.root, args.lang, args.out))
    except HandbookError as error:
        print(error)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
