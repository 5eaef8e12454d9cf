"""`commons import-wiki`: a MediaWiki XML export to Markdown pages, a redirect map and a report.

Two streaming passes over the export. The first learns every title, what each page is (a
case, a page, a translation, a redirect) and gives it a slug; the second converts each page's
latest revision, with every link pointing at its new place, and writes it. Neither pass holds
more than one page's text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from babel import Locale

from commons import LANGUAGES, SOURCE_LANGUAGE
from commons.corpus import CASES, FILE_NAME, PAGES, load_entry, source_version
from commons.safety import findings, prose
from commons.schemas import Schemas
from commons.wikiimport.convert import Converted, Converter, LinkTarget
from commons.wikiimport.facts import (
    Facts,
    case_meta,
    gather,
    neutral_fields,
    page_summary,
    plain_field,
)
from commons.wikiimport.mapping import FieldConverter, Mapping, MappingError, load_mapping
from commons.wikiimport.markdown import anchor, escape
from commons.wikiimport.plan import (
    OLD_URL_PREFIXES,
    Plan,
    Record,
    encoded_title,
    redirect_target,
    split_language,
)
from commons.wikiimport.reader import ExportError, Page, SiteInfo, read_export
from commons.wikiimport.report import Report
from commons.wikiimport.slugs import media_name
from commons.wikiimport.titles import CATEGORY, MAIN, Namespaces, clean, skip_reason

try:  # libyaml writes front-matter an order of magnitude faster
    from yaml import CSafeDumper as Dumper
except ImportError:  # pragma: no cover - PyYAML wheels ship libyaml
    from yaml import SafeDumper as Dumper

__all__ = ["ExportError", "MappingError", "Report", "import_wiki"]

PENDING_VERSION = "000000000000"
MEDIA_FOLDER = "docs/wiki/media"
COLLECTION_FOLDERS = {"cases": "cases", "pages": "docs/wiki"}


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
    return _Import(Path(export), out, lang, rules, fields, schemas).run()


def relative(folder: str, target: str) -> str:
    """A link from a page in `folder` (cases or wiki) to `target` (relative to the docs root)."""
    target_folder, _, name = target.rpartition("/")
    return name if target_folder == folder else f"../{target}"


class _Probe:
    """The converter's context during the first pass, when no page has a place yet."""

    def __init__(self, record: Record, namespaces: Namespaces, mapping: Mapping, sitename: str):
        self.title, self.lang = record.title, record.lang
        self.namespaces, self.mapping, self.sitename = namespaces, mapping, sitename

    def link(self, ns: int, name: str) -> LinkTarget:
        """No link is known yet."""
        return LinkTarget(None, "")

    def media(self, file_name: str) -> tuple[str | None, str]:
        """No media is looked up yet."""
        return None, ""


class _Links(_Probe):
    """The converter's context during the second pass: every page has its place."""

    def __init__(self, job: _Import, record: Record, folder: str):
        super().__init__(record, job.namespaces, job.mapping, job.site.sitename)
        self.job, self.folder = job, folder

    def link(self, ns: int, name: str) -> LinkTarget:
        """The relative link to a page's new file, or why there is none."""
        plan = self.job.plan
        ordinal = plan.index.get((ns, name))
        if ordinal is None:
            return LinkTarget(None, "not in the export")
        if ns != MAIN:
            return LinkTarget(None, f"not imported: {skip_reason(ns)}")
        final, fragment, why = plan.resolve(plan.records[ordinal])
        if final is None:
            return LinkTarget(None, why)
        href = relative(self.folder, f"{final.folder}/{final.slug}.md")
        return LinkTarget(href + (f"#{anchor(fragment)}" if fragment and anchor(fragment) else ""))

    def media(self, file_name: str) -> tuple[str | None, str]:
        """The link to a media file placed in docs/wiki/media/, and where it is expected."""
        name = media_name(file_name)
        expected = f"{MEDIA_FOLDER}/{name}"
        if (self.job.out / expected).is_file():
            return relative(self.folder, f"wiki/media/{name}"), expected
        return None, expected


class _Import:
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
            self._second_pass()
            # Lists of pages are derived from the plan now rather than kept during the pass.
            self._finish_translations()
            self._write_index(ours)
            self._write_redirects()
            report.write()
        finally:
            report.close()
        return report

    @property
    def default_lang(self) -> str:
        """Language of the export's pages: --lang, else the export's xml:lang, else English."""
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
                continue
            yield item

    # ------------------------------------------------------------ first pass

    def _first_pass(self) -> None:
        """Learn every page's title, namespace, language, redirect and what it could be."""
        for page in self._pages():
            ns, name, title = self._identify(page)
            name = title if name == title else name  # one string object, not two
            revision = page.revision
            text = revision.text if revision else None
            base, lang = split_language(name, self.default_lang) if ns == MAIN else (name, "")
            record = Record(
                ordinal=len(self.plan.records),
                id=page.id,
                ns=ns,
                name=name,
                title=title,
                lang=lang,
                base=base,
                stamp=_stamp(revision.timestamp) if revision else 0,
                revision=revision.id if revision else None,
                redirect=redirect_target(text, page.redirect) if ns == MAIN else None,
                empty=not (text or "").strip(),
            )
            self.plan.add(record)
            if record.ns == MAIN and not record.redirect and not record.empty:
                context = _Probe(record, self.namespaces, self.mapping, self.site.sitename)
                converted = Converter(context).convert(text)
                facts = gather(converted, self.mapping, self.fields)
                summary = page_summary(facts, converted)
                _, missing = case_meta(record.base, summary, facts, ["-"])
                record.wants_case = facts.wants_case
                record.case_missing = tuple(missing) if facts.wants_case else ()
                record.has_summary = bool(summary)
                record.interlanguage = tuple(converted.interlanguage)

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
            if record.ns != MAIN:
                self._skip_other_namespace(record, text)
            elif not record.winner:
                self._skipped(record, "an older copy of a page that appears twice in the export")
            elif record.redirect:
                self._redirect(record)
            elif record.empty:
                why = "no text in the export" if text is None else "empty page"
                self._skipped(record, why)
            else:
                self._import(record, text)

    def _entry(self, record: Record, **extra) -> dict:
        """The common part of a page's report entry."""
        return {
            "title": record.title,
            "id": record.id,
            "ns": record.ns,
            "lang": record.lang or None,
            "revision": record.revision,
            **extra,
        }

    def _skipped(self, record: Record, reason: str, **extra) -> None:
        """Report a page that is not imported."""
        self.report.add("pages", **self._entry(record, outcome="skipped", reason=reason, **extra))

    def _skip_other_namespace(self, record: Record, text: str | None) -> None:
        """Talk, user, template, file and category pages are reported, not imported."""
        extra = {}
        if record.ns == CATEGORY and text and text.strip():
            record.lang = record.lang or self.default_lang
            converted = Converter(_Links(self, record, "categories")).convert(text)
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
            "pages", **self._entry(record, outcome="redirected", to=to, target=target.title)
        )

    def _import(self, record: Record, text: str) -> None:
        """Convert one page and write its file (and the English stub of an original)."""
        folder = COLLECTION_FOLDERS[record.collection]
        converted = Converter(_Links(self, record, record.folder)).convert(text)
        facts = gather(converted, self.mapping, self.fields)
        summary = page_summary(facts, converted)
        body = self._guard(record, converted.body)
        for issue in converted.issues:
            self.report.issue(record.title, issue.kind, issue.line, issue.construct, issue.detail)
        for line, field, problem in facts.problems:
            self.report.issue(record.title, "value", line, field, problem)
        for line, parameter, value in facts.unused:
            self.report.issue(
                record.title,
                "inexact",
                line,
                f"infobox parameter '{parameter}'",
                f"not in the mapping: value {' '.join(value.split())[:80]!r} not kept",
            )
        sources = [self._provenance(record)]
        notes = []
        path = self.out / folder / f"{record.slug}.{record.file_lang}.md"
        stub = None
        if facts.wants_case and record.collection != "cases":
            notes.append(self._not_a_case(record))
        if record.role == "source":
            meta = self._source_meta(record, record.base, summary, facts, converted, sources, notes)
            self._write(path, meta, body)
        else:
            own = {"title": plain_field(record.base)}
            if summary:
                own["summary"] = summary
            own["source_version"] = PENDING_VERSION
            if record.role == "translation":
                source = self.plan.records[record.counterpart]
                own["reviewed"] = False
                neutral, _ = neutral_fields(facts)
                if neutral:
                    notes.append(f"language-neutral fields come from '{source.title}'")
                    self.report.issue(
                        record.title,
                        "inexact",
                        1,
                        "language-neutral fields",
                        f"{', '.join(neutral)} given here are not used: the English page "
                        f"'{source.title}' holds them",
                    )
            else:
                # The wiki's own text in its own language, not a translation awaiting review.
                own["reviewed"] = True
                stub = path.with_name(f"{record.slug}.{SOURCE_LANGUAGE}.md")
                meta = self._source_meta(
                    record,
                    record.base,
                    self._stub_summary(record),
                    facts,
                    converted,
                    sources,
                    notes,
                )
                self._write(stub, meta, self._stub_body(record))
                notes.append(
                    "no English version in the export: an English stub points readers to this text"
                )
            self._write(path, own, body)
        self.report.add(
            "pages",
            **self._entry(
                record,
                outcome="imported",
                role=record.role,
                slug=record.slug,
                url=record.url(),
                path=path.relative_to(self.out).as_posix(),
                stub=stub.relative_to(self.out).as_posix() if stub else None,
                categories=facts.categories,
                tags=facts.tags if record.collection == "cases" else [],
                note="; ".join(notes),
                **{"as": "case" if record.collection == "cases" else "page"},
            ),
        )

    def _source_meta(
        self,
        record: Record,
        title: str,
        summary: str,
        facts: Facts,
        converted: Converted,
        sources: list[str],
        notes: list[str],
    ) -> dict:
        """Front-matter of an English file: a case with its facts, or a page."""
        if record.collection == "cases":
            meta, _ = case_meta(title, summary, facts, sources)
            if "NOTOC" in converted.switches:
                self.report.issue(
                    record.title, "inexact", 1, "__NOTOC__", "cases always show their contents"
                )
            return meta
        meta: dict = {"title": plain_field(title)}
        if summary:
            meta["summary"] = summary
        if "NOTOC" in converted.switches:
            meta["hide"] = ["toc"]
        meta["sources"] = sources
        return meta

    def _not_a_case(self, record: Record) -> str:
        """Report why a page with a case infobox was imported as a page, and say so."""
        missing = ", ".join(record.case_missing) or "its English source is not a case"
        message = (
            f"could not be a case: missing {missing}"
            if record.case_missing
            else f"could not be a case: {missing}"
        )
        self.report.issue(
            record.title, "inexact", 1, "case infobox", message + "; imported as a page"
        )
        return message

    def _provenance(self, record: Record) -> str:
        """Where the text comes from: wiki, page, revision and date."""
        when = []
        if record.revision is not None:
            when.append(f"revision {record.revision}")
        if record.stamp:
            digits = str(record.stamp)
            when.append(f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}")
        return f"{self._wiki_name()}, page '{record.title}'" + (
            f" ({', '.join(when)})" if when else ""
        )

    def _wiki_name(self) -> str:
        """The wiki's name as a reader would say it: 'MedRiSSE wiki'."""
        name = self.site.sitename or "MediaWiki"
        return name if "wiki" in name.lower() else f"{name} wiki"

    def _stub_summary(self, record: Record) -> str:
        """The English summary of a page that exists only in another language."""
        what = "A case study" if record.collection == "cases" else "A page"
        return f"{what} from the {self._wiki_name()}, available in {_language(record.lang)} only."

    def _stub_body(self, record: Record) -> str:
        """The English text of a page that exists only in another language."""
        return (
            f"This page was imported from the {self._wiki_name()}, where it was written in "
            f"{_language(record.lang)}. It has no English version yet: choose "
            f"{_language(record.lang, native=True)} in the language menu to read it.\n"
        )

    def _guard(self, record: Record, body: str) -> str:
        """Last check with the contributors' safety rules: neutralise anything they flag."""
        found = findings(body)
        # commons.safety caches the prose of the bodies it reads (thousands of them, for the
        # build); an import reads each body once, and keeping them would undo the streaming.
        if hasattr(prose, "cache_clear"):
            prose.cache_clear()
        for finding in reversed(found):
            at = finding.offset
            if body[at] == "<":
                body = body[:at] + "&lt;" + body[at + 1 :]
            else:
                end = re.search(r"[\s)>\]]|$", body[at:]).start() + at
                body = body[:at] + "#" + body[end:]
            line = body.count("\n", 0, at) + 1
            self.report.issue(
                record.title,
                "unsafe",
                line,
                finding.rule,
                "neutralised in the Markdown: " + finding.message,
            )
        return body

    def _write(self, path: Path, meta: dict, body: str) -> None:
        """Write one Markdown file with its front-matter."""
        front = yaml.dump(meta, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")
        self.report.add("files", path=path.relative_to(self.out).as_posix())

    # ---------------------------------------------------------- after the passes

    def _finish_translations(self) -> None:
        """Record in each translation the version of the English file it goes with."""
        root = self.out.resolve()
        for record in self.plan.records:
            if record.role not in ("translation", "original"):
                continue
            collection = CASES if record.collection == "cases" else PAGES
            folder = root / COLLECTION_FOLDERS[record.collection]
            path = folder / f"{record.slug}.{record.lang}.md"
            source = folder / f"{record.slug}.{SOURCE_LANGUAGE}.md"
            entry = load_entry(root, source, collection)
            version = source_version(entry, self.schemas.translatable(collection.schema))
            text = path.read_text(encoding="utf-8")
            path.write_text(
                text.replace(
                    f"source_version: '{PENDING_VERSION}'", f"source_version: '{version}'", 1
                ),
                encoding="utf-8",
            )

    def _write_index(self, ours: set[str]) -> None:
        """docs/wiki/index.en.md: every imported wiki page, so readers can find them."""
        rows = sorted(
            (r.base.casefold(), r.base, r.slug)
            for r in self.plan.records
            if r.collection == "pages" and r.role in ("source", "original")
        )
        if not rows:
            return
        path = self.out / "docs" / "wiki" / "index.en.md"
        rel = path.relative_to(self.out).as_posix()
        if path.exists() and rel not in ours:
            self.report.issue(
                "docs/wiki/index.en.md",
                "inexact",
                1,
                "wiki index",
                "not written: the output folder already has this file",
            )
            return
        lines = "\n".join(f"- [{escape(title)}]({slug}.md)" for _, title, slug in rows)
        meta = {
            "title": "Pages from the wiki",
            "summary": f"Pages imported from the {self._wiki_name()}.",
        }
        body = f"Pages imported from the {escape(self._wiki_name())}, by title.\n\n{lines}\n"
        self._write(path, meta, body)

    def _landing(self, record: Record) -> str | None:
        """Where a page's old URLs now land: its own new page, or its redirect's target."""
        if record.ns != MAIN or not record.winner:
            return None
        if record.role:
            return record.url()
        if not record.redirect:
            return None
        target, fragment, _ = self.plan.resolve(record)
        if target is None:
            return None
        return target.url() + (f"#{anchor(fragment)}" if fragment and anchor(fragment) else "")

    def _write_redirects(self) -> None:
        """data/redirects.yml: every old wiki URL and the page it now lands on, sorted.

        It is the site's own redirect file, so the output folder builds with its redirects.

        Written row by row: only the order of pages is held, not every pair of URLs.
        """
        records = self.plan.records
        order = sorted(
            (r.ordinal for r in records if self._landing(r) is not None),
            key=lambda ordinal: encoded_title(records[ordinal].title),
        )
        path = self.out / "data" / "redirects.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8") as out:
            out.write(
                "# Old wiki URLs and the page each now lands on, relative to the site root.\n"
            )
            if not order:
                out.write("[]\n")
            # "/index.php?title=..." sorts before "/wiki/...", and within each by title.
            for prefix in OLD_URL_PREFIXES:
                for ordinal in order:
                    old = prefix + encoded_title(records[ordinal].title)
                    to = self._landing(records[ordinal])
                    out.write(f"- from: {json.dumps(old)}\n  to: {json.dumps(to)}\n")
        self.report.redirects_path = path


def _stamp(timestamp: str) -> int:
    """A timestamp as a number that sorts like it: 2019-05-02T09:30:00Z is 20190502093000."""
    digits = re.sub(r"\D", "", timestamp)[:14]
    return int(digits) if digits else 0


def _language(code: str, native: bool = False) -> str:
    """A language's name in English, or in the language itself."""
    name = Locale(code if native else "en").languages.get(code, code)
    return name[:1].upper() + name[1:]
