"""Benchmark (not a test): our build against a bare Material + static-i18n build of the same pages.

Generates N synthetic cases in three languages, then times `commons check`, the full build and
a bare build without the commons plugin, run in turn `--runs` times. Prints the wall-clock ratio
(the median of the pairs' ratios), the ratio of the best times, the CPU-time ratio (worker
processes included) and a case page's HTML size.

    .venv/bin/python bench/run.py --sizes 100 500
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import yaml  # noqa: E402

from commons import LANGUAGES  # noqa: E402
from commons.corpus import load, source_version  # noqa: E402
from commons.indexes import generate as generate_page  # noqa: E402
from commons.registry import generated_names  # noqa: E402
from commons.schemas import Schemas  # noqa: E402
from commons.site import load_site  # noqa: E402

WORDS = (
    "cooperative municipality service residents housing energy care currency council network "
    "participation commons budget training community public social solidarity economy local "
    "policy design delivery evaluation partnership neighbourhood workers families assembly"
).split()
# The same words in the translations' languages, so that a synthetic translation is written in
# its language (and is checked and typeset as the real ones are), with its source's structure.
TRANSLATED_WORDS = {
    "fr": (
        "coopérative municipalité service habitants logement énergie soin monnaie conseil réseau "
        "participation communs budget formation communauté public social solidarité économie "
        "local politique conception prestation évaluation partenariat quartier travailleurs "
        "familles assemblée"
    ).split(),
    "ar": (
        "تعاونية بلدية خدمة سكان سكن طاقة رعاية عملة مجلس شبكة مشاركة مشاعات ميزانية تدريب مجتمع "
        "عام اجتماعي تضامن اقتصاد محلي سياسة تصميم تقديم تقييم شراكة حي عمال أسر جمعية"
    ).split(),
}
COUNTRIES = ["ES", "IT", "TN", "JO", "PS", "GR", "PT", "LB", "MA", "EG", "FR", "PL"]
AREAS = ["housing", "energy", "climate", "health", "employment", "waste", "culture", "commons"]


def prose(rng: random.Random, words: int) -> str:
    """Paragraphs of pseudo-text."""
    out = []
    while words > 0:
        n = min(words, 80)
        out.append(" ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + ".")
        words -= n
    return "\n\n".join(out)


# Glossary of the synthetic corpus: a dozen single-word terms occur on every page (the real
# corpus links 5 to 15 terms a page), the others are word pairs that occur now and then.
TERMS = 40
COMMON_TERMS = 12


def body(rng: random.Random, n: int) -> str:
    """A 400-word body with headings, a list, a table and links to two other cases."""
    links = " ".join(f"See [case {j}](case-{j:04d}.md)." for j in rng.sample(range(n), 2))
    return (
        f"## Context\n\n{prose(rng, 150)} {links}\n\n## Co-production\n\n"
        + "\n".join(f"- {prose(rng, 8)}" for _ in range(5))
        + f"\n\n{prose(rng, 200)}\n\n## Key figures\n\n| figure | value |\n|---|---|\n"
        + "\n".join(f"| {rng.choice(WORDS)} | {rng.randint(1, 9999)} |" for _ in range(6))
        + "\n"
    )


def hand_written_pages() -> dict[str, dict]:
    """The navigation's own pages, with the front-matter that makes the build add to them."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    pages = {"toolkit/index": {"title": "Toolkit"}}
    for item in config["nav"]:
        ((_, path),) = item.items()
        stem = path.removesuffix(".md")
        real = REPO / f"docs/{stem}.en.md"
        if not real.is_file():
            continue  # an index, changes or status: generated
        meta = yaml.safe_load(real.read_text(encoding="utf-8").split("---")[1])
        kept = ("title", "listed_on", "comparison")
        pages[stem] = {key: meta[key] for key in kept if key in meta}
    return pages


# The few fixed words of a synthetic body besides WORDS: headings, table head, link text.
FIXED_WORDS = {
    "fr": {
        "context": "contexte",
        "co": "co",
        "production": "production",
        "key": "chiffres",
        "figures": "clés",
        "figure": "chiffre",
        "value": "valeur",
        "see": "voir",
        "case": "cas",
    },
    "ar": {
        "context": "السياق",
        "co": "إنتاج",
        "production": "مشترك",
        "key": "أرقام",
        "figures": "رئيسية",
        "figure": "رقم",
        "value": "قيمة",
        "see": "انظر",
        "case": "حالة",
    },
}
_LINK_TARGET = re.compile(r"(\]\([^)]*\))")


def translated(text: str, lang: str) -> str:
    """`text` with each synthetic word in `lang`, links, numbers and markup as they were."""
    # A language declared without word lists is written in English words: its pages are
    # still built and weighed, and flagged as untranslated as real ones would be.
    words = dict(zip(WORDS, TRANSLATED_WORDS.get(lang, WORDS), strict=True))
    words |= FIXED_WORDS.get(lang, {})
    pieces = _LINK_TARGET.split(text)
    for i in range(0, len(pieces), 2):
        pieces[i] = re.sub(
            r"[A-Za-z]+", lambda m: words.get(m.group().lower(), m.group()), pieces[i]
        )
    return "".join(pieces)


def generate(root: Path, n: int) -> None:
    """Write n cases in en, fr and ar under root/cases plus a minimal docs/."""
    rng = random.Random(n)
    (root / "cases").mkdir(parents=True)
    (root / "docs/toolkit").mkdir(parents=True)
    for page, meta in hand_written_pages().items():
        (root / f"docs/{page}.en.md").write_text(
            "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n\nText.\n"
        )
    for i in range(n):
        slug = f"case-{i:04d}"
        source = root / f"cases/{slug}.en.md"
        source.write_text(
            f"---\ntitle: Case {i}\nsummary: {prose(rng, 20)}\ncountry: {rng.choice(COUNTRIES)}\n"
            f"place: City {i}\nyears: {{start: {rng.randint(1990, 2020)}}}\n"
            f"policy_areas: [{rng.choice(AREAS)}]\ncoproduction_tier: support\n"
            f"sources: [Synthetic source {i}]\n---\n\n{body(rng, n)}",
            encoding="utf-8",
        )
    (root / "glossary").mkdir()
    for i in range(TERMS):
        word = WORDS[i % len(WORDS)]
        title = word if i < COMMON_TERMS else f"{word} {WORDS[(i * 7 + 3) % len(WORDS)]}"
        (root / f"glossary/term-{i:02d}.en.md").write_text(
            f"---\ntitle: {title}\ndefinition: {prose(rng, 25)}\nsynonyms: [syn{i}]\n"
            f"sources: [Synthetic source]\n---\n\n{prose(rng, 60)}\n",
            encoding="utf-8",
        )
    schemas = Schemas.for_root(root)
    translatable = schemas.translatable("case")
    for entry in load(root).entries:
        if entry.collection.name != "cases":
            continue
        version = source_version(entry, translatable)
        for lang in LANGUAGES[1:]:
            entry.path.with_name(f"{entry.slug}.{lang}.md").write_text(
                f"---\ntitle: Case {entry.slug} {lang}\nsummary: {prose(rng, 20)}\n"
                # The same links and figures as the source, as a faithful translation has.
                f"source_version: '{version}'\nreviewed: false\n---\n\n"
                + translated(entry.doc.body, lang),
                encoding="utf-8",
            )


def bare_copy(full: Path, bare: Path) -> None:
    """The same pages under docs/, built by Material + static-i18n without the commons plugin.

    Generated pages (indexes, categories, changes) are written out as Markdown files with
    the same HTML, so both builds render the same pages and the ratio measures our pipeline.
    """
    shutil.copytree(full / "docs", bare / "docs")
    shutil.copytree(full / "cases", bare / "docs/cases")
    shutil.copytree(full / "glossary", bare / "docs/glossary")
    site = load_site(full)
    for name in generated_names(site.categories):
        for lang in LANGUAGES:
            page = generate_page(site, name, lang)
            target = bare / f"docs/{name}.{lang}.md"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.stub() + "\n" + page.html, encoding="utf-8")
    # The same configuration and navigation without what this repository adds: the commons
    # plugin, the template overrides and their stylesheet and script.
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    for key in ("extra_css", "extra_javascript"):
        config.pop(key, None)
    config["plugins"] = [p for p in config["plugins"] if p != "commons"]
    config["theme"].pop("custom_dir")
    (bare / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds a command takes (its worker processes included)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode:
        sys.exit(f"{' '.join(command)} failed in {cwd}:\n{result.stdout}\n{result.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def measure(n: int, out: Path, runs: int) -> dict:
    """Time one corpus size."""
    work = out / f"n{n}"
    shutil.rmtree(work, ignore_errors=True)
    full, bare = work / "full", work / "bare"
    generate(full, n)
    for part in ("mkdocs.yml", "overrides"):
        src = REPO / part
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, full / part)
    # npm's files (the map's boundaries) as `make install` put them in the repository.
    (full / "node_modules").symlink_to(REPO / "node_modules")
    bare_copy(full, bare)
    python = sys.executable
    check = min(
        timed([python, "-m", "commons.cli", "--root", str(full), "check"], REPO)[0]
        for _ in range(runs)
    )
    # Interleaved, so that drift in the machine's speed hits both builds of a pair alike: the
    # ratio is the median of the pairs' ratios, which one slow moment cannot move.
    ours_runs, plain_runs = [], []
    for _ in range(runs):
        ours_runs.append(timed([python, "-m", "mkdocs", "build", "--strict"], full))
        plain_runs.append(timed([python, "-m", "mkdocs", "build"], bare))
    ratios = [o[0] / p[0] for o, p in zip(ours_runs, plain_runs, strict=True)]
    cpu_ratios = [o[1] / p[1] for o, p in zip(ours_runs, plain_runs, strict=True)]
    ours, plain = min(o[0] for o in ours_runs), min(p[0] for p in plain_runs)
    page = full / "site/ar/cases/case-0000/index.html"
    bare_page = bare / "site/ar/cases/case-0000/index.html"
    return {
        "n": n,
        "files": n * 3,
        "check_s": check,
        "build_s": ours,
        "bare_s": plain,
        "ratio": statistics.median(ratios),
        "ratio_best": ours / plain,
        "cpu_ratio": statistics.median(cpu_ratios),
        "page_kb": page.stat().st_size / 1024,
        "bare_page_kb": bare_page.stat().st_size / 1024,
        # A term every case uses: its "What links here" must not grow with the corpus.
        "term_kb": (full / "site/glossary/term-00/index.html").stat().st_size / 1024,
    }


def main() -> None:
    """Run the benchmark for each size and print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 500])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=REPO / "bench/out")
    args = parser.parse_args()
    print(
        "N     files  check(s)  build(s)  bare(s)  ratio  best/best  cpu ratio  "
        "case page KB (bare)  term page KB"
    )
    for n in args.sizes:
        r = measure(n, args.out, args.runs)
        print(
            f"{r['n']:<5} {r['files']:<6} {r['check_s']:<9.2f} {r['build_s']:<9.2f} "
            f"{r['bare_s']:<8.2f} {r['ratio']:<6.2f} {r['ratio_best']:<10.2f} "
            f"{r['cpu_ratio']:<10.2f} {r['page_kb']:.1f} ({r['bare_page_kb']:.1f})"
            f"          {r['term_kb']:.1f}"
        )


if __name__ == "__main__":
    main()
