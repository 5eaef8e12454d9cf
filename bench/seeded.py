"""Benchmark helper (not a test): a copy of a bench corpus with problems of every rule seeded in.

A change meant to make `commons check` faster must not change what it says: run the check of
the seeded copy before and after, and compare the two outputs byte for byte. The seeds are the
broken fixtures of the tests, then edits of real-sized files drawn at random (seeded, so every
run writes the same copy): front-matter fields, YAML, links and anchors, unsafe HTML, English
left in translations, changed facts, outdated and orphaned translations, misnamed files,
glossary synonyms, bibliography, readings and redirects.

    .venv/bin/python bench/corpus.py /tmp/c500 500
    .venv/bin/python bench/seeded.py /tmp/c500 /tmp/c500-seeded
    .venv/bin/commons --root /tmp/c500-seeded check > before.txt; ...; cmp before.txt after.txt
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BROKEN = REPO / "tests" / "fixtures" / "broken" / "cases"
ROUNDS = 6  # each round seeds every kind of problem once, in other files

# (pattern in a case's English front-matter, replacement): one problem (or more) each.
SOURCE_EDITS = [
    (r"^country: ..$", "country: es"),
    (r"^country: ..$", "country: XQ"),
    (r"^place: ", "plaec: "),
    (r"^- (waste|health|housing|participation|employment|education|care)$", r"- \1s"),
    (r"^  start: \d+", "  start: 1850"),
    (r"^  start: \d+", "  start: '2001'"),
    (r"^title: .*$", "title: ''"),
    (r"^title: .*$", "title: Dup\ntitle: Again"),
    (r"^tags:\n", "tags:\n- same\n- same\n"),
    (r"^related:\n", "related:\n- no-such-case-here\n- Bad Slug\n"),
    (
        r"^sources:\n",
        "sources:\n- ref: no-such-book\n- {ref: medtown-guidebook-2022, title: both}\n"
        "- {note: alone}\n- year: 1700\n  title: x\n- ''\n",
    ),
    (r"^location:\n  lat: .*\n  lon: .*\n", ""),
    (r"^location:\n  lat: .*\n", "location:\n  lat: 123\n  lng: 2\n"),
    (r"^summary: ", "summary: <b>bold</b> "),
    (r"^---\n", "---\nfoo: [unclosed\n"),
    (r"\A---\n", ""),
    (r"^project: .*$", "project: !!python/object:os.system x"),
    (r"^years:\n", "years: 2019\n_old_years:\n"),
]
# (pattern in a case's body, replacement).
BODY_EDITS = [
    (
        r"\n## ",
        '\n<script>alert(1)</script>\n<a href="javascript:x()" onclick="y">z</a>\n'
        '--8<-- "x.md"\n\n## ',
    ),
    (
        r"\n## ",
        "\nSee [a](../glossary/no-such-term.md) and [b](../glossary/commons.md#no-anchor) "
        "and [c](no-case.md).\n\n## ",
    ),
]
# (language, pattern in a translation, replacement).
TRANSLATION_EDITS = [
    ("fr", r"^source_version: .*$", "source_version: 000000000000"),
    ("ar", r"^source_version: ", "country: ES\nsource_version: "),
    ("fr", r"^reviewed: .*$", "reviewed: maybe"),
    (
        "fr",
        r"\n## ",
        "\nThe project was one of the most important of the region, and it has been cited by "
        "many of those who work with the cooperatives.\n\n## ",
    ),
    (
        "fr",
        r"\n## ",
        "\nEn 1234, 5 678 personnes et 3,5 % de plus ; voir [x](../glossary/commons.md).\n\n## ",
    ),
    ("ar", r"1", ""),
]
# Whole files, each wrong in its own way.
FILES = {
    "cases/xx-bad.de.md": b"---\ntitle: x\n---\n",
    "cases/empty-front-matter.en.md": b"---\n---\nbody\n",
    "cases/list-front-matter.en.md": b"---\n- a\n---\nbody\n",
    "cases/unclosed-front-matter.en.md": b"---\ntitle: x\n",
    "cases/crlf-case.en.md": b"---\r\ntitle: a\r\ncountry: ES\r\n---\r\nbody [x](nowhere.md)\r\n",
    "cases/latin1.en.md": "---\ntitle: caf\u00e9\n---\n".encode("latin-1"),
    "cases/odd-types.en.md": (
        b"---\ntitle: 2020-01-01\nsummary: 1.5\ncountry: 12\nplace: [a]\npolicy_areas: housing\n"
        b"sources: {a: 1}\nyears: {start: 2001.0, end: true}\nlocation: {lat: 1, lon: .nan}\n---\n"
    ),
    "data/redirects.yml": (
        b"- from: old/page/\n  to: cases/nowhere/\n- from: about/\n  to: /cases/\n"
    ),
}


def edit(path: Path, pattern: str, replacement: str) -> None:
    """Replace the first match of `pattern` in a file, if it has one."""
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(pattern, replacement, text, count=1, flags=re.M), encoding="utf-8")


def append(path: Path, text: str) -> None:
    """Add `text` at the end of a file."""
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def seed(corpus: Path, out: Path) -> None:
    """Copy `corpus` to `out` and seed its problems."""
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(corpus, out, symlinks=True)
    for fixture in BROKEN.iterdir():
        shutil.copy(fixture, out / "cases" / fixture.name)
    rng = random.Random(20)
    sources = sorted((out / "cases").glob("*-0*.en.md"))
    rng.shuffle(sources)
    pool = iter(sources)
    for _ in range(ROUNDS):
        for pattern, replacement in SOURCE_EDITS + BODY_EDITS:
            edit(next(pool), pattern, replacement)
        for lang, pattern, replacement in TRANSLATION_EDITS:
            source = next(pool)
            translation = source.with_name(f"{source.name[: -len('.en.md')]}.{lang}.md")
            if translation.exists():
                edit(translation, pattern, replacement)
        next(pool).unlink()  # its translations lose their source
        misnamed = next(pool).with_suffix("").with_suffix(".fr.md")
        if misnamed.exists():
            misnamed.rename(misnamed.with_name(misnamed.name.replace("-", "_", 1)))
    terms = sorted((out / "glossary").glob("*.en.md"))
    title = re.search(r"^title: (.*)$", terms[4].read_text(encoding="utf-8"), re.M)[1]
    edit(terms[3], r"^title: .*$", f"title: {title}")
    edit(terms[5], r"^definition: ", "definition: " + "very long " * 40)
    edit(terms[6], r"^title: ", "title: [a, b]\nx_title: ")
    edit(out / "docs/toolkit/agents-and-roles.en.md", r"^question: .*\n", "")
    append(out / "data/bibliography.yml", "\nBad_Key:\n  title: x\n  year: twenty\n  isbn: 1\n")
    append(out / "data/readings.yml", "\n- title: t\n  kind: podcast\n  topic: {fr: x}\n")
    for rel, content in FILES.items():
        (out / rel).write_bytes(content)


def main() -> None:
    """Command line: corpus folder, output folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, help="a corpus written by bench/corpus.py")
    parser.add_argument("out", type=Path, help="where the seeded copy goes (replaced)")
    args = parser.parse_args()
    seed(args.corpus, args.out)


if __name__ == "__main__":
    main()
