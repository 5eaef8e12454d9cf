"""Benchmark corpus as heavy as the real one, made from the real case studies themselves.

The repository's content (pages, toolkit, roadmaps, glossary, data, the real cases) is copied
as it is; the cases are then brought up to N by generated ones. A generated case takes a real
case's front-matter, with its own slug and a title of real title words drawn for it alone, and
for each of the seven sections every case has (Context, Policies, ..., Learn more) the same
section of a real case drawn at random, so its words, paragraphs, tables, glossary and toolkit
links are real text in their real proportions. Links to other cases point to other generated
cases. Its French and Arabic translations are the same sections of the real translations, with
the same link targets, so the translation checks hold as they hold for the real pages.

    .venv/bin/python bench/corpus.py /tmp/corpus 2000 && .venv/bin/commons --root /tmp/corpus check
"""

from __future__ import annotations

import argparse
import html
import random
import re
import shutil
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import yaml  # noqa: E402

from commons import LANGUAGES, SOURCE_LANGUAGE  # noqa: E402
from commons.corpus import CASES, Entry, source_version  # noqa: E402
from commons.frontmatter import parse  # noqa: E402
from commons.schemas import Schemas  # noqa: E402

# What a build reads from the repository besides the cases.
CONTENT = ("docs", "glossary", "roadmaps", "data", "schemas", "mkdocs.yml", "overrides")
HEADING = re.compile(r"^## ", re.M)
# A link from a case to another case sits in the same folder: `](la-borda.md)` or with `#anchor`.
CASE_LINK = re.compile(r"\]\((?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.md(?P<anchor>#[^)\s]*)?\)")


@dataclass
class RealCase:
    """A real case: its front-matter and its sections, in each language it exists in."""

    slug: str
    meta: dict[str, dict] = field(default_factory=dict)
    sections: dict[str, list[str]] = field(default_factory=dict)


def sections_of(body: str) -> list[str]:
    """The body cut before each `## ` heading (text before the first one stays with it)."""
    starts = [m.start() for m in HEADING.finditer(body)] or [0]
    starts[0] = 0
    return [body[a:b].strip() + "\n" for a, b in zip(starts, [*starts[1:], len(body)], strict=True)]


def real_cases(repo: Path = REPO) -> list[RealCase]:
    """Every real case whose translations have the source's sections, one for one."""
    cases = []
    for source in sorted((repo / "cases").glob(f"*.{SOURCE_LANGUAGE}.md")):
        case = RealCase(source.name.split(".")[0])
        for lang in LANGUAGES:
            path = source.with_name(f"{case.slug}.{lang}.md")
            if path.is_file():
                doc = parse(path.read_text(encoding="utf-8"))
                case.meta[lang] = doc.meta
                case.sections[lang] = sections_of(doc.body)
        count = len(case.sections[SOURCE_LANGUAGE])
        if all(len(s) == count for s in case.sections.values()):
            cases.append(case)
    return cases


def front_matter(meta: dict, body: str) -> str:
    """A Markdown file's text."""
    dumped = yaml.dump(
        meta, Dumper=yaml.CSafeDumper, allow_unicode=True, sort_keys=False, width=100
    )
    return f"---\n{dumped}---\n\n{body}"


def relinked(text: str, targets: dict[str, str]) -> str:
    """`text` with each link to a real case sent to the generated case standing for it."""
    return CASE_LINK.sub(
        lambda m: f"]({targets.get(m['slug'], m['slug'])}.md{m['anchor'] or ''})", text
    )


def vocabulary(repo: Path = REPO) -> dict[str, list[str]]:
    """Per language, every word of the real titles, as often as it occurs: what titles are made of.

    Real titles differ from one another; a base title with a number repeats itself, and its
    file of titles (what a reader's first search loads) would compress to half of a real one's.
    """
    words: dict[str, list[str]] = {lang: [] for lang in LANGUAGES}
    for folder in ("cases", "glossary", "roadmaps", "docs"):
        for lang in LANGUAGES:
            for path in sorted((repo / folder).rglob(f"*.{lang}.md")):
                title = parse(path.read_text(encoding="utf-8")).meta.get("title")
                # Numbers are facts a translation repeats: titles drawn per language keep none.
                words[lang] += [w for w in WORD.findall(str(title or "")) if w.isalpha()]
    return words


def generated_title(words: dict[str, list[str]], i: int, lang: str, length: int) -> str:
    """The i-th generated case's title in `lang`: `length` real words drawn for it alone."""
    rng = random.Random(f"{i}-{lang}")
    title = " ".join(rng.choice(words[lang]) for _ in range(max(2, length)))
    return title[:1].upper() + title[1:]


def generated_slug(real: list[RealCase], words: dict[str, list[str]], i: int) -> str:
    """Slug of the i-th generated case: from its English title, and its number."""
    length = len(real[i % len(real)].meta[SOURCE_LANGUAGE]["title"].split())
    title = generated_title(words, i, SOURCE_LANGUAGE, length)
    ascii_words = re.findall(r"[a-z0-9]+", title.lower())[:4]
    return "-".join([*ascii_words, f"{i:04d}"])


def write_case(
    root: Path,
    real: list[RealCase],
    words: dict[str, list[str]],
    i: int,
    count: int,
    rng: random.Random,
    translatable: list,
) -> None:
    """Write the i-th generated case (of `count`) in every language its base case has."""
    base = real[i % len(real)]
    # Each real case a page links to stands for a generated case made on it (the real case
    # itself when the corpus is too small to have one).
    targets = {}
    for k, case in enumerate(real):
        made = range(k, count, len(real))
        targets[case.slug] = generated_slug(real, words, rng.choice(made)) if made else case.slug
    donors = [base] + [rng.choice(real) for _ in base.sections[SOURCE_LANGUAGE][1:]]
    slug = generated_slug(real, words, i)
    version = ""
    for lang in (SOURCE_LANGUAGE, *(lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE)):
        if lang not in base.meta or any(lang not in d.sections for d in donors):
            continue
        meta = dict(base.meta[lang])
        meta["title"] = generated_title(words, i, lang, len(meta["title"].split()))
        if "related" in meta:
            meta["related"] = [targets.get(s, s) for s in meta["related"]]
        if lang != SOURCE_LANGUAGE:
            meta["source_version"] = version
        body = "\n".join(relinked(d.sections[lang][j], targets) for j, d in enumerate(donors))
        text = front_matter(meta, body)
        path = root / f"cases/{slug}.{lang}.md"
        path.write_text(text, encoding="utf-8")
        if lang == SOURCE_LANGUAGE:
            rel = f"cases/{slug}.{lang}.md"
            entry = Entry(CASES, slug, lang, path, rel, doc=parse(text))
            version = source_version(entry, translatable)


def generate(root: Path, n: int, repo: Path = REPO) -> None:
    """Write a corpus of n cases (the real ones included) in every language under root."""
    root.mkdir(parents=True, exist_ok=True)
    for part in CONTENT:
        src = repo / part
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, root / part)
    shutil.copytree(repo / "cases", root / "cases")
    # npm's files (the map's boundaries) as `make install` put them in the repository.
    if (repo / "node_modules").is_dir():
        (root / "node_modules").symlink_to(repo / "node_modules")
    real = real_cases(repo)
    count = max(0, n - len(real))
    rng = random.Random(n)
    translatable = Schemas.for_root(root).translatable("case")
    words = vocabulary(repo)
    for i in range(count):
        write_case(root, real, words, i, count, rng, translatable)


# Weight of a case: from its Markdown source and, once built, from its page.
WORD = re.compile(r"\w+")
MD_LINK = re.compile(r"\]\(([^)\s]+)\)")
TERM_LINK = re.compile(r'class="commons-term" href="([^"]+)"')
ARTICLE = re.compile(r"<article.*?</article>", re.S)
TAG = re.compile(r"<[^>]+>")


def page_of(site: Path, slug: str, lang: str) -> Path:
    """The built page of a case in a language."""
    prefix = "" if lang == SOURCE_LANGUAGE else f"{lang}/"
    return site / f"{prefix}cases/{slug}/index.html"


def weigh(root: Path, slugs: list[str], lang: str, site: Path | None) -> dict[str, float]:
    """Mean weight of the cases `slugs` in `lang`: words, links, glossary links, page size."""
    rows: dict[str, list[float]] = {
        "words": [],
        "links": [],
        "glossary links": [],
    }
    if site:
        rows |= {"page KB": [], "article words": [], "terms linked": []}
    for slug in slugs:
        path = root / f"cases/{slug}.{lang}.md"
        if not path.is_file():
            continue
        body = parse(path.read_text(encoding="utf-8")).body
        links = MD_LINK.findall(body)
        rows["words"].append(len(WORD.findall(re.sub(r"\]\([^)]*\)", "]", body))))
        rows["links"].append(len(links))
        rows["glossary links"].append(sum("glossary/" in link for link in links))
        if site:
            page = page_of(site, slug, lang).read_text(encoding="utf-8")
            article = ARTICLE.search(page)
            text = html.unescape(TAG.sub(" ", article.group() if article else ""))
            rows["page KB"].append(len(page.encode("utf-8")) / 1024)
            rows["article words"].append(len(WORD.findall(text)))
            rows["terms linked"].append(len(set(TERM_LINK.findall(page))))
    return {key: statistics.mean(values) if values else 0.0 for key, values in rows.items()}


def weight_table(root: Path, site: Path | None = None) -> list[str]:
    """Markdown table: mean weight of a real case and of a generated case, in each language."""
    real = {c.slug for c in real_cases(REPO)}
    generated = sorted(
        p.name.split(".")[0]
        for p in (root / "cases").glob(f"*.{SOURCE_LANGUAGE}.md")
        if p.name.split(".")[0] not in real
    )
    keys = list(weigh(root, sorted(real), SOURCE_LANGUAGE, site))
    lines = [
        "| language | cases | " + " | ".join(keys) + " |",
        "|---|---|" + "---|" * len(keys),
    ]
    for lang in LANGUAGES:
        for label, slugs in (("real", sorted(real)), ("generated", generated)):
            values = weigh(root, slugs, lang, site)
            cells = " | ".join(f"{values[k]:.1f}" for k in keys)
            lines.append(f"| {lang} | {label} ({len(slugs)}) | {cells} |")
    return lines


def main() -> None:
    """Write a corpus and print its weight beside the real cases'."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("n", type=int)
    args = parser.parse_args()
    if args.root.exists():
        sys.exit(f"{args.root} exists: give a new folder")
    generate(args.root, args.n)
    print("\n".join(weight_table(args.root)))


if __name__ == "__main__":
    main()
