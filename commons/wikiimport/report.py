"""The import report: every page accounted for, every construct not converted exactly.

Entries are streamed to temporary files as pages are converted and assembled at the end, so
a report on ten thousand pages does not have to fit in memory.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

SECTIONS = (
    "pages",
    "collisions",
    "missing_links",
    "missing_media",
    "unmapped_templates",
    "values",
    "inexact",
    "unsafe",
    "files",
)
ISSUE_SECTIONS = {
    "missing-link": "missing_links",
    "missing-media": "missing_media",
    "template": "unmapped_templates",
    "value": "values",
    "inexact": "inexact",
    "unsafe": "unsafe",
}


@dataclass
class Report:
    """What an import did, counted; the full lists are in the files it wrote."""

    out: Path
    export: str = ""
    version: str = ""
    sitename: str = ""
    lang: str = ""
    counts: Counter = field(default_factory=Counter)
    templates: Counter = field(default_factory=Counter)
    media_files: set[str] = field(default_factory=set)
    markdown_path: Path | None = None
    json_path: Path | None = None
    redirects_path: Path | None = None

    def __post_init__(self):
        """Open one temporary file per section; `close` removes them."""
        self._folder = tempfile.TemporaryDirectory(prefix="wiki-import-")
        folder = Path(self._folder.name)
        self._files = {
            name: (folder / f"{name}.jsonl").open("w+", encoding="utf-8") for name in SECTIONS
        }

    def add(self, section: str, **entry) -> None:
        """Append one entry to a section."""
        self._files[section].write(json.dumps(entry, ensure_ascii=False) + "\n")
        self.counts[section] += 1
        if section == "pages":
            self.counts[f"pages:{entry['outcome']}"] += 1
            if entry["outcome"] == "imported":
                self.counts[f"as:{entry['as']}"] += 1
        elif section == "unmapped_templates":
            self.templates[entry["template"]] += 1
        elif section == "missing_media":
            self.media_files.add(entry["file"])

    def issue(self, page: str, kind: str, line: int, construct: str, detail: str) -> None:
        """Append an issue found while converting `page`."""
        section = ISSUE_SECTIONS[kind]
        if section == "missing_links":
            self.add(section, page=page, line=line, target=construct, reason=detail)
        elif section == "missing_media":
            self.add(section, page=page, line=line, file=construct, expected=detail)
        elif section == "unmapped_templates":
            self.add(section, page=page, line=line, template=construct, call=detail)
        elif section == "values":
            self.add(section, page=page, line=line, field=construct, problem=detail)
        else:
            self.add(section, page=page, line=line, construct=construct, detail=detail)

    def entries(self, section: str):
        """The entries of a section, read back from its file."""
        handle = self._files[section]
        handle.flush()
        handle.seek(0)
        for row in handle:
            yield json.loads(row)
        handle.seek(0, 2)

    def pages(self, outcome: str):
        """Report entries of the pages imported, redirected or skipped."""
        return (entry for entry in self.entries("pages") if entry["outcome"] == outcome)

    def summary(self) -> str:
        """One paragraph: what was imported, redirected and skipped, and what needs a look."""
        c = self.counts
        imported = c["pages:imported"]
        parts = [
            f"{c['pages']} page(s) in the export: {imported} imported "
            f"({c['as:case']} case(s), {c['as:page']} page(s)), "
            f"{c['pages:redirected']} redirect(s) mapped, {c['pages:skipped']} skipped."
        ]
        parts.append(
            f"{c['missing_links']} missing link(s), {len(self.media_files)} missing media "
            f"file(s), {c['unmapped_templates']} use(s) of {len(self.templates)} unmapped "
            f"template(s), {c['values']} value(s) matching nothing, {c['inexact']} inexact "
            f"conversion(s), {c['unsafe']} unsafe construct(s) removed, "
            f"{c['collisions']} slug collision(s)."
        )
        return " ".join(parts)

    def as_dict_summary(self) -> dict:
        """The counts of the report, for the JSON file."""
        c = self.counts
        return {
            "pages": c["pages"],
            "imported": c["pages:imported"],
            "cases": c["as:case"],
            "wiki_pages": c["as:page"],
            "redirected": c["pages:redirected"],
            "skipped": c["pages:skipped"],
            "missing_links": c["missing_links"],
            "missing_media_files": len(self.media_files),
            "unmapped_template_uses": c["unmapped_templates"],
            "unmapped_templates": dict(sorted(self.templates.items())),
            "values_matching_nothing": c["values"],
            "inexact": c["inexact"],
            "unsafe": c["unsafe"],
            "collisions": c["collisions"],
        }

    def write(self) -> None:
        """Write import-report.json and import-report.md into the output folder."""
        self.json_path = self.out / "import-report.json"
        self.markdown_path = self.out / "import-report.md"
        with open(self.json_path, "w", encoding="utf-8") as out:
            header = {
                "export": self.export,
                "schema_version": self.version,
                "site": self.sitename,
                "lang": self.lang,
                "summary": self.as_dict_summary(),
            }
            out.write(json.dumps(header, ensure_ascii=False, indent=1)[:-2] + ",\n")
            for index, section in enumerate(SECTIONS):
                out.write(f' "{section}": [')
                first = True
                for entry in self.entries(section):
                    out.write(
                        ("\n  " if first else ",\n  ") + json.dumps(entry, ensure_ascii=False)
                    )
                    first = False
                out.write("\n ]" if not first else "]")
                out.write(",\n" if index < len(SECTIONS) - 1 else "\n}\n")
        with open(self.markdown_path, "w", encoding="utf-8") as out:
            self._write_markdown(out)

    def close(self) -> None:
        """Remove the temporary files."""
        for handle in self._files.values():
            handle.close()
        self._folder.cleanup()

    def _table(self, out, title: str, columns: list[str], rows) -> None:
        """A section with a Markdown table, or a line saying there is nothing."""
        rows = iter(rows)
        first = next(rows, None)
        out.write(f"\n## {title}\n\n")
        if first is None:
            out.write("None.\n")
            return
        out.write("| " + " | ".join(columns) + " |\n")
        out.write("|" + " --- |" * len(columns) + "\n")
        for row in _chain(first, rows):
            out.write("| " + " | ".join(_cell(value) for value in row) + " |\n")

    def _write_markdown(self, out) -> None:
        """The human-readable report, grouped by what happened."""
        out.write("# Wiki import report\n\n")
        out.write(
            f"Export `{self.export}` (MediaWiki export schema {self.version or 'unknown'}"
            f"{', site ' + self.sitename if self.sitename else ''}). A page's language comes from "
            f"the mapping, its title (`Title/fr`), --lang or its text; `{self.lang}` when none "
            "tells.\n\n"
        )
        out.write(self.summary() + "\n")
        self._table(
            out,
            f"Imported ({self.counts['pages:imported']})",
            ["Wiki page", "Imported as", "Language", "File", "Notes"],
            (
                (
                    e["title"],
                    e["as"] + (f" ({e['role']})" if e["role"] != "source" else ""),
                    f"{e['lang']}: {e['lang_reason']}",
                    e["path"],
                    e.get("note", ""),
                )
                for e in self.pages("imported")
            ),
        )
        self._table(
            out,
            f"Redirected ({self.counts['pages:redirected']})",
            ["Wiki page", "Now lands on"],
            ((e["title"], e["to"]) for e in self.pages("redirected")),
        )
        self._table(
            out,
            f"Skipped ({self.counts['pages:skipped']})",
            ["Wiki page", "Why"],
            ((e["title"], e["reason"]) for e in self.pages("skipped")),
        )
        self._table(
            out,
            f"Slug collisions ({self.counts['collisions']})",
            ["Wiki page", "Wanted", "Got", "Why"],
            ((e["title"], e["wanted"], e["slug"], e["reason"]) for e in self.entries("collisions")),
        )
        self._table(
            out,
            f"Missing links ({self.counts['missing_links']})",
            ["Page", "Line", "Links to", "Why"],
            (
                (e["page"], e["line"], e["target"], e["reason"])
                for e in self.entries("missing_links")
            ),
        )
        self._table(
            out,
            f"Missing media ({len(self.media_files)} file(s))",
            ["File", "Put it at", "Page", "Line"],
            (
                (e["file"], e["expected"], e["page"], e["line"])
                for e in self.entries("missing_media")
            ),
        )
        self._table(
            out,
            f"Unmapped templates ({len(self.templates)} template(s), "
            f"{self.counts['unmapped_templates']} use(s))",
            ["Template", "Page", "Line", "Call"],
            (
                (e["template"], e["page"], e["line"], e["call"])
                for e in self.entries("unmapped_templates")
            ),
        )
        self._table(
            out,
            f"Values that match nothing ({self.counts['values']})",
            ["Page", "Line", "Field", "Problem"],
            ((e["page"], e["line"], e["field"], e["problem"]) for e in self.entries("values")),
        )
        self._table(
            out,
            f"Inexact conversions ({self.counts['inexact']})",
            ["Page", "Line", "Construct", "What changed"],
            ((e["page"], e["line"], e["construct"], e["detail"]) for e in self.entries("inexact")),
        )
        self._table(
            out,
            f"Removed for safety ({self.counts['unsafe']})",
            ["Page", "Line", "Construct", "What was removed"],
            ((e["page"], e["line"], e["construct"], e["detail"]) for e in self.entries("unsafe")),
        )


def _chain(first, rest):
    """`first`, then everything in `rest`."""
    yield first
    yield from rest


def _cell(value) -> str:
    """A value shown in a Markdown table cell: one line, pipes escaped, code quoted."""
    text = " ".join(str(value).split()).replace("|", "\\|")
    return text.replace("<", "&lt;")
