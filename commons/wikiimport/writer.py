"""One wiki page written as Markdown files: its own text, and the English stub of an original."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from babel import Locale

from commons import SOURCE_LANGUAGE
from commons.safety import findings, prose
from commons.wikiimport.context import Links
from commons.wikiimport.convert import Converted, Converter
from commons.wikiimport.facts import Facts, case_meta, gather, neutral_fields, page_summary
from commons.wikiimport.facts import plain_field as text_field
from commons.wikiimport.markdown import escape
from commons.wikiimport.plan import Record

if TYPE_CHECKING:
    from commons.wikiimport import Import

try:  # libyaml writes front-matter an order of magnitude faster
    from yaml import CSafeDumper as Dumper
except ImportError:  # pragma: no cover - PyYAML wheels ship libyaml
    from yaml import SafeDumper as Dumper

PENDING_VERSION = "000000000000"
COLLECTION_FOLDERS = {"cases": "cases", "pages": "docs/wiki"}


def language_name(code: str, native: bool = False) -> str:
    """A language's name in English, or in the language itself."""
    name = Locale(code if native else SOURCE_LANGUAGE).languages.get(code, code)
    return name[:1].upper() + name[1:]


class Writer:
    """Writes the files of the pages of one import."""

    def __init__(self, job: Import):
        self.job = job

    def wiki_name(self) -> str:
        """The wiki's name as a reader would say it: 'MedRiSSE wiki'."""
        name = self.job.site.sitename or "MediaWiki"
        return name if "wiki" in name.lower() else f"{name} wiki"

    def page(self, record: Record, text: str) -> None:
        """Convert one page and write its file (and the English stub of an original)."""
        job = self.job
        converted = Converter(Links(job, record, record.folder)).convert(text)
        facts = gather(converted, job.mapping, job.fields)
        summary = page_summary(facts, converted)
        body = self.guard(record, converted.body)
        self.report_issues(record, converted, facts)
        sources = [self.provenance(record)]
        notes = []
        path = (
            job.out / COLLECTION_FOLDERS[record.collection] / f"{record.slug}.{record.file_lang}.md"
        )
        stub = None
        if facts.wants_case and record.collection != "cases":
            notes.append(self.not_a_case(record))
        if record.role == "source":
            self.write(path, self.source_meta(record, summary, facts, converted, sources), body)
        else:
            own = {"title": text_field(record.base)}
            if summary:
                own["summary"] = summary
            own["source_version"] = PENDING_VERSION
            if record.role == "translation":
                own["reviewed"] = False
                notes.extend(self.unused_neutral(record, facts))
            else:
                # The wiki's own text in its own language, not a translation awaiting review.
                own["reviewed"] = True
                stub = path.with_name(f"{record.slug}.{SOURCE_LANGUAGE}.md")
                meta = self.source_meta(
                    record, self.stub_summary(record), facts, converted, sources
                )
                self.write(stub, meta, self.stub_body(record))
                notes.append(
                    "no English version in the export: an English stub points readers to this text"
                )
            self.write(path, own, body)
        job.report.add(
            "pages",
            **job.entry(
                record,
                outcome="imported",
                role=record.role,
                slug=record.slug,
                url=record.url(),
                path=path.relative_to(job.out).as_posix(),
                stub=stub.relative_to(job.out).as_posix() if stub else None,
                categories=facts.categories,
                tags=self.tags(record, facts),
                note="; ".join(notes),
                **{"as": "case" if record.collection == "cases" else "page"},
            ),
        )

    def report_issues(self, record: Record, converted: Converted, facts: Facts) -> None:
        """Whatever the conversion and the mapping could not do exactly."""
        report = self.job.report
        for issue in converted.issues:
            report.issue(record.title, issue.kind, issue.line, issue.construct, issue.detail)
        for line, field, problem in facts.problems:
            report.issue(record.title, "value", line, field, problem)
        for line, parameter, value in facts.unused:
            report.issue(
                record.title,
                "inexact",
                line,
                f"infobox parameter '{parameter}'",
                f"not in the mapping: value {' '.join(value.split())[:80]!r} not kept",
            )

    def unused_neutral(self, record: Record, facts: Facts) -> list[str]:
        """Report the language-neutral fields a translation gives, which its source holds."""
        source = self.job.plan.records[record.counterpart]
        neutral, _ = neutral_fields(facts, self.job.fields)
        if not neutral:
            return []
        self.job.report.issue(
            record.title,
            "inexact",
            1,
            "language-neutral fields",
            f"{', '.join(neutral)} given here are not used: the English page "
            f"'{source.title}' holds them",
        )
        return [f"language-neutral fields come from '{source.title}'"]

    def tags(self, record: Record, facts: Facts) -> list[str]:
        """Tags of a page: on a case the categories no field takes, on a page every category."""
        if record.collection == "cases":
            neutral, _ = neutral_fields(facts, self.job.fields)
            return list(neutral.get("tags", []))
        tags = [str(tag) for tag in facts.values.get("tags") or []]
        for name in facts.categories:
            if text_field(name) not in tags:
                tags.append(text_field(name))
        return tags

    def source_meta(
        self, record: Record, summary: str, facts: Facts, converted: Converted, sources: list[str]
    ) -> dict:
        """Front-matter of an English file: a case with its facts, or a page."""
        if record.collection == "cases":
            meta, _ = case_meta(record.base, summary, facts, sources, self.job.fields)
            if "NOTOC" in converted.switches:
                self.job.report.issue(
                    record.title, "inexact", 1, "__NOTOC__", "cases always show their contents"
                )
            return meta
        meta: dict = {"title": text_field(record.base)}
        if summary:
            meta["summary"] = summary
        if "NOTOC" in converted.switches:
            meta["hide"] = ["toc"]
        tags = self.tags(record, facts)
        if tags:
            meta["tags"] = tags
        meta["sources"] = sources
        return meta

    def not_a_case(self, record: Record) -> str:
        """Report why a page with a case infobox was imported as a page, and say so."""
        missing = ", ".join(record.case_missing) or "its English source is not a case"
        message = (
            f"could not be a case: missing {missing}"
            if record.case_missing
            else f"could not be a case: {missing}"
        )
        self.job.report.issue(
            record.title, "inexact", 1, "case infobox", message + "; imported as a page"
        )
        return message

    def provenance(self, record: Record) -> str:
        """Where the text comes from: wiki, page, revision and date."""
        when = []
        if record.revision is not None:
            when.append(f"revision {record.revision}")
        if record.stamp:
            digits = str(record.stamp)
            when.append(f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}")
        shown = f"{self.wiki_name()}, page '{record.title}'"
        return text_field(shown + (f" ({', '.join(when)})" if when else ""))

    def stub_summary(self, record: Record) -> str:
        """The English summary of a page that exists only in another language."""
        what = "A case study" if record.collection == "cases" else "A page"
        return text_field(
            f"{what} from the {self.wiki_name()}, available in {language_name(record.lang)} only."
        )

    def stub_body(self, record: Record) -> str:
        """The English text of a page that exists only in another language."""
        return (
            escape(
                f"This page was imported from the {self.wiki_name()}, where it was written in "
                f"{language_name(record.lang)}. It has no English version yet: choose "
                f"{language_name(record.lang, native=True)} in the language menu to read it."
            )
            + "\n"
        )

    def guard(self, record: Record, body: str) -> str:
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
            self.job.report.issue(
                record.title,
                "unsafe",
                line,
                finding.rule,
                "neutralised in the Markdown: " + finding.message,
            )
        return body

    def write(self, path: Path, meta: dict, body: str) -> None:
        """Write one Markdown file with its front-matter."""
        front = yaml.dump(meta, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{front}---\n\n{body}", encoding="utf-8")
        self.job.report.add("files", path=path.relative_to(self.job.out).as_posix())
