"""`commons import-wiki`: a MediaWiki XML export to Markdown pages, a redirect map and a report.

Two streaming passes over the export. The first learns every title, what each page is (a
case, a page, a translation, a redirect), which language it is written in, and gives it a
slug; the second converts each page's latest revision, with every link pointing at its new
place, and writes it. Neither pass holds more than one page's text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from commons import LANGUAGES, SOURCE_LANGUAGE
from commons.corpus import FILE_NAME
from commons.schemas import Schemas
from commons.wikiimport import finish
from commons.wikiimport.context import Links, Probe
from commons.wikiimport.convert import Converted, Converter
from commons.wikiimport.facts import case_meta, gather, page_summary
from commons.wikiimport.language import detect
from commons.wikiimport.mapping import FieldConverter, Mapping, MappingError, load_mapping
from commons.wikiimport.markdown import anchor
from commons.wikiimport.plan import Plan, Record, redirect_target, split_language
from commons.wikiimport.reader import ExportError, Page, SiteInfo, read_export
from commons.wikiimport.report import Report
from commons.wikiimport.titles import CATEGORY, MAIN, Namespaces, clean, fold, skip_reason
from commons.wikiimport.writer import COLLECTION_FOLDERS, Writer

__all__ = ["ExportError", "MappingError", "Report", "import_wiki"]


def import_wiki(
    export: Path, out: Path = Path("imported"), lang: str | None = None, mapping: Path | None = None
) -> Report:
    """Import a MediaWiki XML export into `out`; raise ExportError or MappingError if fatal."""
    if lang is not None and lang not in LANGUAGES:
        raise ExportError(str(export), f"language {lang!r}: expected one of {', '.join(LANGUAGES)}")
    out = Path(out)
    schemas = Schemas.for_root(out)
    fields = FieldConverter(schemas, "case")
    rules = load_mapping(Path(mapping), fields) if mapping else Mapping()
    return Import(Path(export), out, lang, rules, fields, schemas).run()


class Import:
    """One run of the importer."""

    def __init__(
        self,
        export: Path,
        out: Path,
        lang: str | None,
        mapping: Mapping,
        fields: FieldConverter,
        schemas: Schemas,
    ):
        self.export, self.out, self.lang = export, out, lang
        self.mapping, self.fields, self.schemas = mapping, fields, schemas
        self.site = SiteInfo()
        self.namespaces = Namespaces()
        self.plan = Plan(self.namespaces)
        self.report: Report | None = None
        self.writer = Writer(self)
        # Languages the mapping gives to namespaces, by number; and names matching none.
        self.namespace_langs: dict[int, tuple[str, str]] = {}
        self.unknown_namespaces: list[str] = []

    # ------------------------------------------------------------------ the run

    def run(self) -> Report:
        """Both passes, then the files that need every page: versions, index, redirects."""
        self._first_pass()
        self.out.mkdir(parents=True, exist_ok=True)
        ours = self._forget_previous_run()
        self.plan.pair()
        self.plan.assign_slugs(self._slugs_in_use())
        report = Report(
            self.out, str(self.export), self.site.version, self.site.sitename, self.default_lang
        )
        self.report = report
        try:
            for record, wanted, reason in self.plan.collisions:
                report.add(
                    "collisions", title=record.title, wanted=wanted, slug=record.slug, reason=reason
                )
            for name in self.unknown_namespaces:
                report.issue(
                    "mapping",
                    "value",
                    1,
                    "languages.namespaces",
                    f"no namespace {name!r} in export",
                )
            self._second_pass()
            # Lists of pages are derived from the plan now rather than kept during the pass.
            finish.finish_translations(self)
            finish.write_index(self, ours)
            finish.write_redirects(self)
            report.write()
        finally:
            report.close()
        return report

    @property
    def default_lang(self) -> str:
        """Language of pages nothing else places: --lang, else the export's, else English."""
        if self.lang:
            return self.lang
        return self.site.lang if self.site.lang in LANGUAGES else SOURCE_LANGUAGE

    def _identify(self, page: Page) -> tuple[int, str, str]:
        """(namespace, name without prefix, full title) of an exported page."""
        title = clean(page.title)
        ns, name = self.namespaces.split(title)
        if page.ns is None or page.ns == ns:
            return ns, name, title
        if page.ns == MAIN:
            return MAIN, self.namespaces.page_name(title), title
        prefix, colon, rest = title.partition(":")
        return page.ns, self.namespaces.page_name(rest if colon else title), title

    def _pages(self):
        """Pages of the export, after its SiteInfo has set up namespaces."""
        for item in read_export(self.export):
            if isinstance(item, SiteInfo):
                self.site = item
                self.namespaces = Namespaces(item.namespaces, item.case)
                self.plan.namespaces = self.namespaces
                self._namespace_languages()
                continue
            yield item

    # ------------------------------------------------------------ first pass

    def _namespace_languages(self) -> None:
        """Namespaces the mapping gives a language: their pages are articles in it."""
        self.namespace_langs.clear()
        self.unknown_namespaces.clear()
        for key, lang in self.mapping.namespace_languages.items():
            number = int(key) if key.lstrip("-").isdigit() else self.namespaces.by_name.get(key)
            if number is None:
                self.unknown_namespaces.append(key)
                continue
            self.namespace_langs[number] = (lang, self.namespaces.names.get(number) or str(number))
            self.plan.articles.add(number)

    def _first_pass(self) -> None:
        """Learn every page's title, namespace, language, redirect and what it could be."""
        for page in self._pages():
            ns, name, title = self._identify(page)
            name = title if name == title else name  # one string object, not two
            revision = page.revision
            text = revision.text if revision else None
            article = ns in self.plan.articles
            base, suffix = split_language(name) if article else (name, "")
            record = Record(
                ordinal=len(self.plan.records),
                id=page.id,
                ns=ns,
                name=name,
                title=title,
                lang=suffix or (self.default_lang if article else ""),
                base=base,
                stamp=_stamp(revision.timestamp) if revision else 0,
                revision=revision.id if revision else None,
                redirect=redirect_target(text, page.redirect) if article else None,
                empty=not (text or "").strip(),
                article=article,
            )
            self.plan.add(record)
            if article and not record.redirect and not record.empty:
                context = Probe(record, self.namespaces, self.mapping, self.site.sitename)
                converted = Converter(context).convert(text)
                record.lang, record.lang_reason = self._language(record, suffix, converted)
                facts = gather(converted, self.mapping, self.fields)
                summary = page_summary(facts, converted)
                _, missing = case_meta(record.base, summary, facts, ["-"], self.fields)
                record.wants_case = facts.wants_case
                record.case_missing = tuple(missing) if facts.wants_case else ()
                record.has_summary = bool(summary)
                record.interlanguage = tuple(converted.interlanguage)

    def _language(self, record: Record, suffix: str, converted: Converted) -> tuple[str, str]:
        """(language, why) of an article: the mapping, its title, --lang, else its text."""
        rules = self.mapping
        lang = rules.page_languages.get(fold(record.title))
        if lang:
            return lang, "the mapping names this page"
        if suffix:
            return suffix, f"its title ends in /{suffix}"
        for category, _ in converted.categories:
            lang = rules.category_languages.get(fold(category))
            if lang:
                return lang, f"the mapping names its category '{category}'"
        if record.ns in self.namespace_langs:
            lang, namespace = self.namespace_langs[record.ns]
            return lang, f"the mapping names its namespace '{namespace}'"
        if self.lang:
            return self.lang, f"--lang {self.lang}"
        guess = detect(converted.prose or converted.lead)
        if guess.lang:
            return guess.lang, guess.reason
        whose = "the export's language" if self.site.lang in LANGUAGES else "the source language"
        return self.default_lang, f"{guess.reason}: {whose}, {self.default_lang}"

    def _forget_previous_run(self) -> set[str]:
        """Delete the files the last import into this folder wrote; return their paths."""
        previous = self.out / "import-report.json"
        if not previous.is_file():
            return set()
        try:
            files = json.loads(previous.read_text(encoding="utf-8")).get("files", [])
        except (ValueError, OSError):
            return set()
        root = self.out.resolve()
        forgotten = set()
        for entry in files:
            rel = entry.get("path", "") if isinstance(entry, dict) else ""
            path = (self.out / rel).resolve()
            if rel and path.is_relative_to(root) and path.is_file():
                path.unlink()
                forgotten.add(rel)
        return forgotten

    def _slugs_in_use(self) -> set[str]:
        """Slugs of files already in the output folder that this import did not write."""
        taken = set()
        for folder in COLLECTION_FOLDERS.values():
            base = self.out / folder
            if base.is_dir():
                for path in base.glob("*.md"):
                    found = FILE_NAME.match(path.name)
                    if found:
                        taken.add(found.group("slug"))
        return taken

    # ----------------------------------------------------------- second pass

    def _second_pass(self) -> None:
        """Convert and write every page, and account for it in the report."""
        records = iter(self.plan.records)
        for page in self._pages():
            record = next(records, None)
            if record is None or record.title != clean(page.title):
                raise ExportError(str(self.export), "the export changed while it was imported")
            text = page.revision.text if page.revision else None
            if not record.article:
                self._skip_other_namespace(record, text)
            elif not record.winner:
                self._skipped(record, "an older copy of a page that appears twice in the export")
            elif record.redirect:
                self._redirect(record)
            elif record.empty:
                why = "no text in the export" if text is None else "empty page"
                self._skipped(record, why)
            else:
                self.writer.page(record, text)

    def entry(self, record: Record, **extra) -> dict:
        """The common part of a page's report entry."""
        return {
            "title": record.title,
            "id": record.id,
            "ns": record.ns,
            "lang": record.lang or None,
            "lang_reason": record.lang_reason or None,
            "revision": record.revision,
            **extra,
        }

    def _skipped(self, record: Record, reason: str, **extra) -> None:
        """Report a page that is not imported."""
        self.report.add("pages", **self.entry(record, outcome="skipped", reason=reason, **extra))

    def _skip_other_namespace(self, record: Record, text: str | None) -> None:
        """Talk, user, template, file and category pages are reported, not imported."""
        extra = {}
        if record.ns == CATEGORY and text and text.strip():
            record.lang = record.lang or self.default_lang
            converted = Converter(Links(self, record, "categories")).convert(text)
            extra["description"] = converted.body.strip()
        reason = skip_reason(record.ns)
        if record.ns == CATEGORY:
            reason += ": categories become tags or vocabulary values of the pages in them"
        self._skipped(record, reason, **extra)

    def _redirect(self, record: Record) -> None:
        """A redirect page: its old URLs land on the page it pointed to."""
        target, fragment, why = self.plan.resolve(record)
        if target is None:
            self._skipped(record, why)
            return
        to = target.url() + (f"#{anchor(fragment)}" if fragment and anchor(fragment) else "")
        self.report.add(
            "pages", **self.entry(record, outcome="redirected", to=to, target=target.title)
        )


def _stamp(timestamp: str) -> int:
    """A timestamp as a number that sorts like it: 2019-05-02T09:30:00Z is 20190502093000."""
    digits = re.sub(r"\D", "", timestamp)[:14]
    return int(digits) if digits else 0
