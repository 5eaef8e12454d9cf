"""Benchmark (not a test): import a synthetic MediaWiki export and measure memory and time.

Writes an export of N pages (default 10,000) to a temporary file, imports it, and prints one
line: pages, export size, time, tracemalloc peak (Python allocations during the import) and
the process's maximum resident set size. A streaming import keeps the peak far below the
size of the export; an import that held the document would not.

    .venv/bin/python bench/wiki_import.py --pages 10000
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from commons.wikiimport import import_wiki  # noqa: E402
from commons.wikiimport.mapping import country_names  # noqa: E402

# The pseudo-prose of the synthetic pages.
WORDS = (
    "cooperative municipality service residents housing energy care currency council network "
    "participation commons budget training community public social solidarity economy local "
    "policy design delivery evaluation partnership neighbourhood workers families assembly"
).split()
COUNTRIES = ["Spain", "Italy", "Tunisia", "Jordan", "Greece", "Portugal", "Lebanon", "Morocco"]
AREAS = ["Housing", "Energy", "Health", "Employment", "Culture"]
MAPPING = """templates:
  Infobox case:
    collection: cases
    fields: {country: country, city: place, start_year: years.start, policy: policy_areas}
categories:
  Housing: {policy_areas: housing}
  Energy: {policy_areas: energy}
"""


def sentence(rng: random.Random, n: int) -> str:
    """Pseudo-text with some wikitext formatting."""
    words = [rng.choice(WORDS) for _ in range(n)]
    words[rng.randrange(n)] = f"'''{words[0]}'''"
    words[rng.randrange(n)] = f"''{words[1]}''"
    return " ".join(words).capitalize() + "."


def page_text(rng: random.Random, number: int, pages: int) -> str:
    """About 4 kB of wikitext: headings, links, references, a list, a table, categories."""
    parts = []
    if number % 7 == 0:
        parts.append(
            "{{Infobox case\n"
            f"| country = {rng.choice(COUNTRIES)}\n| city = City {number}\n"
            f"| start_year = {rng.randint(1995, 2022)}\n| policy = {rng.choice(AREAS)}\n}}}}"
        )
    for section in range(4):
        parts.append(f"== Section {section} ==")
        link = f"[[Page {rng.randrange(pages * 11 // 10)}|a related page]]"
        parts.append(
            sentence(rng, 40)
            + f" See {link}.<ref>Source {number}-{section}.</ref> "
            + sentence(rng, 40)
        )
        parts.append(
            "* " + sentence(rng, 8) + "\n** " + sentence(rng, 6) + "\n# " + sentence(rng, 6)
        )
    parts.append('{| class="wikitable"\n! Year !! Value\n|-\n| 2019 || 12\n|-\n| 2020 || 15\n|}')
    parts.append("== References ==\n<references />")
    parts.append(f"[[Category:{rng.choice(AREAS)}]]\n{{{{Navbox}}}}")
    return "\n\n".join(parts)


def revision(number: int, stamp: str, text: str) -> str:
    """One <revision> element."""
    return (
        f"<revision><id>{number}</id><timestamp>{stamp}</timestamp>"
        "<contributor><username>Bench</username><id>1</id></contributor>"
        f'<model>wikitext</model><format>text/x-wiki</format><text xml:space="preserve">'
        f"{escape(text)}</text></revision>"
    )


def write_export(path: Path, pages: int, seed: int = 0) -> int:
    """Write a synthetic export-0.10 file of `pages` pages; return its size in bytes."""
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.10/" version="0.10" '
            'xml:lang="en"><siteinfo><sitename>Bench</sitename><case>first-letter</case>'
            '<namespaces><namespace key="0" /><namespace key="1">Talk</namespace>'
            '<namespace key="14">Category</namespace></namespaces></siteinfo>\n'
        )
        for number in range(pages):
            if number % 20 == 19:
                title, ns, text = f"Talk:Page {number - 1}", 1, sentence(rng, 20)
            elif number % 10 == 9:
                title, ns, text = f"Page {number}", 0, f"#REDIRECT [[Page {number - 1}]]"
            else:
                title, ns, text = f"Page {number}", 0, page_text(rng, number, pages)
            revisions = ""
            if number % 5 == 0:
                revisions += revision(number * 10, "2018-01-01T00:00:00Z", sentence(rng, 30))
            revisions += revision(number * 10 + 1, "2020-01-01T00:00:00Z", text)
            out.write(
                f"<page><title>{escape(title)}</title><ns>{ns}</ns><id>{number + 1}</id>"
                f"{revisions}</page>\n"
            )
        out.write("</mediawiki>\n")
    return path.stat().st_size


def measure(pages: int, folder: Path, trace: bool = True, detect: bool = False) -> dict:
    """Write an export of `pages` pages in `folder`, import it, and return the measurements."""
    export = folder / "export.xml"
    size = write_export(export, pages)
    mapping = folder / "mapping.yml"
    mapping.write_text(MAPPING, encoding="utf-8")
    country_names()  # CLDR tables are loaded once per process, whatever the export's size
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    report = import_wiki(export, folder / "out", None if detect else "en", mapping)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "pages": pages,
        "export_bytes": size,
        "seconds": seconds,
        "peak_bytes": peak,
        "max_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "imported": report.counts["pages:imported"],
    }


def main() -> None:
    """Print one line of measurements."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument(
        "--no-tracemalloc", action="store_true", help="time the import without tracing it"
    )
    parser.add_argument(
        "--detect", action="store_true", help="tell each page's language from its text"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wiki-bench-") as folder:
        result = measure(args.pages, Path(folder), not args.no_tracemalloc, args.detect)
    mb = 1024 * 1024
    peak = (
        "not traced"
        if args.no_tracemalloc
        else f"tracemalloc peak {result['peak_bytes'] / mb:.1f} MB "
        f"({result['peak_bytes'] / result['export_bytes']:.2f} of the export)"
    )
    print(
        f"wiki import: {result['pages']} pages ({result['imported']} imported), export "
        f"{result['export_bytes'] / mb:.1f} MB, {result['seconds']:.1f} s "
        f"({result['pages'] / result['seconds']:.0f} pages/s)"
        f"{'' if args.no_tracemalloc else ' with tracemalloc on'}, {peak}, "
        f"max RSS {result['max_rss_kb'] / 1024:.0f} MB"
    )


if __name__ == "__main__":
    main()
