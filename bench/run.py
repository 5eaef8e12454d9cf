"""Benchmark (not a test): issue 20's figures on corpora of real-weight cases; writes results.md.

For each size, a corpus made from the real cases (`bench/corpus.py`), then: `commons check`
time per 1,500 files; our strict build and a bare Material + static-i18n build of the same pages
and navigation, run in turn (interleaved) `--runs` times, with wall and CPU time and peak memory
(the build and its workers together), and our build again without forked workers
(`COMMONS_WORKERS=off`); Pagefind indexing the bare build; then in Chromium (`bench/browser.py`)
the first-load transfer of each page kind in each language and the first search on a slow
phone, ours and Pagefind's. The results go to `bench/results.md` (rewritten after each size).

    .venv/bin/python bench/run.py --sizes 500 2000 --runs 2
"""

from __future__ import annotations

import argparse
import datetime
import os
import pickle
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import yaml  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from bench import browser as chromium  # noqa: E402
from bench.corpus import generate, weight_table  # noqa: E402
from commons import LANGUAGES  # noqa: E402
from commons.corpus import CASES, discover  # noqa: E402
from commons.indexes import generate as generate_page  # noqa: E402
from commons.registry import generated_names  # noqa: E402
from commons.site import load_site  # noqa: E402

# Our build as shipped, and with each of its speed-ups switched off (the switches are read by
# `commons/`; a commit that does not have them builds the same way under each name).
VARIANTS = {
    "ours": {},
    "workers off": {"COMMONS_WORKERS": "off"},
}
BARE = "bare"


@dataclass
class Run:
    """One process: wall and CPU seconds, peak memory (MB) of it and its workers together."""

    wall: float
    cpu: float
    peak_mb: float


def _tree_memory_mb(root: int) -> float:
    """Memory of `root` and every process under it, in MB (PSS: shared pages count once)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    tree, grew = {root}, True
    while grew:
        below = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= below
        grew = bool(below)
    total = 0
    for pid in tree:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        pss = [line for line in rollup.splitlines() if line.startswith("Pss:")]
        total += sum(int(line.split()[1]) for line in pss)
    return total / 1024


def _sample_memory(pid: int, peak: list[float], done: threading.Event) -> None:
    """Keep in `peak` the most memory the process tree of `pid` held, every 0.2 s."""
    while not done.wait(0.2):
        peak[0] = max(peak[0], _tree_memory_mb(pid))


def timed(command: list[str], cwd: Path, env: dict | None = None) -> Run:
    """Run `command`; exit with its output if it fails."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    with tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=output, stderr=output)
        # The build's workers run beside it: their memory adds up.
        peak, done = [0.0], threading.Event()
        sampler = threading.Thread(target=_sample_memory, args=(process.pid, peak, done))
        sampler.start()
        # wait4 gives this child's own resource use, its waited-for workers included.
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            output.seek(0)
            text = output.read().decode("utf-8", "replace")
            sys.exit(f"{' '.join(command)} failed in {cwd}:\n{text[-5000:]}")
    # The largest single process, should it outgrow the samples.
    return Run(wall, usage.ru_utime + usage.ru_stime, max(peak[0], usage.ru_maxrss / 1024))


def bare_copy(full: Path, bare: Path) -> None:
    """The same pages under docs/, built by Material + static-i18n without the commons plugin.

    Generated pages (indexes, categories, changes) are written out as Markdown files with
    the same HTML, so both builds render the same pages and the ratio measures our pipeline.
    """
    shutil.copytree(full / "docs", bare / "docs")
    for collection in ("cases", "glossary", "roadmaps"):
        shutil.copytree(full / collection, bare / f"docs/{collection}")
    site = load_site(full)
    for name in generated_names(site.categories, len(site.corpus.sources(CASES))):
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


@dataclass
class Size:
    """Every figure for one corpus size."""

    n: int
    files: int = 0
    check: list[float] = field(default_factory=list)
    builds: dict[str, list[Run]] = field(default_factory=dict)
    pagefind: Run | None = None
    pagefind_kb: float = 0.0
    weights: list[str] = field(default_factory=list)
    first_load: dict[str, dict] = field(default_factory=dict)
    searches: dict[str, dict[str, list[chromium.Search]]] = field(default_factory=dict)

    def median(self, variant: str, what: str = "wall") -> float:
        """Median of one variant's runs."""
        return statistics.median(getattr(r, what) for r in self.builds[variant])

    def ratio(self, variant: str) -> float:
        """Median of the interleaved pairs' wall-time ratios, variant / bare."""
        pairs = zip(self.builds[variant], self.builds[BARE], strict=True)
        return statistics.median(o.wall / b.wall for o, b in pairs)


def build_all(s: Size, full: Path, bare: Path, runs: int, variants: dict) -> None:
    """Our build in each variant and the bare build, interleaved, order alternating per run."""
    python = sys.executable
    order = [*variants, BARE]
    s.builds = {name: [] for name in order}
    for run in range(runs):
        for name in order if run % 2 == 0 else order[::-1]:
            if name == BARE:
                r = timed([python, "-m", "mkdocs", "build"], bare)
            else:
                r = timed([python, "-m", "mkdocs", "build", "--strict"], full, variants[name])
            s.builds[name].append(r)
            print(f"  N={s.n} run {run + 1} {name:14} {r.wall:7.1f} s  {r.peak_mb:6.0f} MB")


def measure_browser(s: Size, full: Path, bare: Path, runs: int, pagefind: bool) -> None:
    """First load per page kind and language (ours and bare), first search (ours, Pagefind)."""
    sites = {
        name: chromium.CountingServer(root / "site")
        for name, root in (("ours", full), (BARE, bare))
    }
    case = chromium.PAGE_KINDS["case"]
    with sync_playwright() as playwright:
        browser = chromium.launch(playwright)
        for name in ("ours", BARE):
            s.first_load[name] = chromium.first_load(sites[name], browser)
        engines = {"ours": lambda lang: chromium.first_search(sites["ours"], browser, lang, case)}
        if pagefind:
            engines["Pagefind"] = lambda lang: chromium.pagefind_search(
                sites[BARE], browser, lang, case
            )
        for engine in engines:
            s.searches[engine] = {lang: [] for lang in LANGUAGES}
        for _ in range(runs):
            for engine, search in engines.items():
                for lang in LANGUAGES:
                    found = search(lang)
                    s.searches[engine][lang].append(found)
                    print(
                        f"  N={s.n} search {engine:8} {lang} {found.seconds:6.2f} s "
                        f"{found.kb:.1f} KB"
                    )
        browser.close()
    for server in sites.values():
        server.shutdown()


def measure(n: int, out: Path, args) -> Size:
    """Every figure for a corpus of n cases."""
    work = out / f"n{n}"
    shutil.rmtree(work, ignore_errors=True)
    full, bare = work / "full", work / "bare"
    s = Size(n)
    generate(full, n)
    bare_copy(full, bare)
    s.files = len(discover(full))
    python = sys.executable
    for _ in range(args.runs):
        s.check.append(
            timed([python, "-m", "commons.cli", "--root", str(full), "check"], REPO).wall
        )
    variants = VARIANTS if args.variants else {"ours": {}}
    build_all(s, full, bare, args.runs, variants)
    s.weights = weight_table(full, full / "site")
    if args.pagefind:
        command = [python, "-m", "pagefind", "--site", "site", "--root-selector", "article"]
        s.pagefind = timed(command, bare)
        index = bare / "site/pagefind"
        s.pagefind_kb = sum(p.stat().st_size for p in index.rglob("*") if p.is_file()) / 1024
    if args.browser:
        measure_browser(s, full, bare, args.runs, args.pagefind)
    return s


def switches_present() -> dict[str, bool]:
    """Whether this commit's code reads each variant's switch."""
    code = "".join(p.read_text(encoding="utf-8") for p in (REPO / "commons").rglob("*.py"))
    return {name: all(key in code for key in env) for name, env in VARIANTS.items()}


def git(*command: str) -> str:
    """Output of a git command in the repository."""
    result = subprocess.run(["git", "-C", str(REPO), *command], capture_output=True, text=True)
    return result.stdout.strip()


def cpu_model() -> str:
    """The processor's name."""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def _table(head: list[str], rows: list[list]) -> list[str]:
    """A Markdown table."""
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return lines + [""]


def report(sizes: list[Size], header: list[str]) -> str:
    """results.md: every table, with how it was measured."""
    out = list(header)
    out += [
        "## Build",
        "",
        "Median of the runs; ratio: median of the interleaved pairs' ratios.",
        "",
    ]
    out += _table(
        [
            "cases",
            "files",
            "ours s",
            "bare s",
            "ratio",
            "ours CPU s",
            "bare CPU s",
            "ours peak MB",
            "bare peak MB",
        ],
        [
            [
                s.n,
                s.files,
                f"{s.median('ours'):.1f}",
                f"{s.median(BARE):.1f}",
                f"{s.ratio('ours'):.2f}",
                f"{s.median('ours', 'cpu'):.1f}",
                f"{s.median(BARE, 'cpu'):.1f}",
                f"{s.median('ours', 'peak_mb'):.0f}",
                f"{s.median(BARE, 'peak_mb'):.0f}",
            ]
            for s in sizes
        ],
    )
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        out += ["## Linearity", ""]
        out += _table(
            [
                "build",
                f"s at {small.n}",
                f"s at {large.n}",
                "time ratio",
                "cases ratio",
                "files ratio",
            ],
            [
                [
                    name,
                    f"{small.median(name):.1f}",
                    f"{large.median(name):.1f}",
                    f"{large.median(name) / small.median(name):.2f}",
                    f"{large.n / small.n:.2f}",
                    f"{large.files / small.files:.2f}",
                ]
                for name in ("ours", BARE)
            ],
        )
    present = switches_present()
    out += ["## Forked workers", ""]
    if not all(present.values()):
        missing = [name for name, here in present.items() if not here]
        out += [f"This commit does not read the switch of: {', '.join(missing)} (same build).", ""]
    out += _table(
        ["cases", "build", "wall s", "/ ours", "ratio to bare", "CPU s", "peak MB"],
        [
            [
                s.n,
                name,
                f"{s.median(name):.1f}",
                f"{s.median(name) / s.median('ours'):.2f}",
                f"{s.ratio(name):.2f}",
                f"{s.median(name, 'cpu'):.1f}",
                f"{s.median(name, 'peak_mb'):.0f}",
            ]
            for s in sizes
            for name in s.builds
            if name != BARE
        ],
    )
    out += ["## `commons check`", ""]
    out += _table(
        ["cases", "files", "s (median)", "s per 1,500 files"],
        [
            [
                s.n,
                s.files,
                f"{statistics.median(s.check):.2f}",
                f"{statistics.median(s.check) * 1500 / s.files:.2f}",
            ]
            for s in sizes
        ],
    )
    for s in sizes:
        out += [f"## Weight of a case, {s.n} cases (means; page KB: the built HTML)", ""]
        out += s.weights + [""]
    if any(s.first_load for s in sizes):
        out += ["## First load (KB compressed, responses)", ""]
        out += ["Bare: Material as it comes fetches its whole search index on every load.", ""]
        out += _table(
            ["cases", "build", "page", *LANGUAGES],
            [
                [s.n, name, kind]
                + [f"{loads[kind, lang][0]:.1f} ({loads[kind, lang][1]})" for lang in LANGUAGES]
                for s in sizes
                for name, loads in s.first_load.items()
                for kind in chromium.PAGE_KINDS
            ],
        )
        out += ["## First search on a slow phone", ""]
        out += _table(
            [
                "cases",
                "engine",
                "language",
                "query",
                "s to first result",
                "KB compressed",
                "responses",
                "results",
            ],
            [
                [
                    s.n,
                    engine,
                    lang,
                    chromium.QUERIES.get(lang, ""),
                    " / ".join(f"{r.seconds:.2f}" for r in runs),
                    " / ".join(f"{r.kb:.1f}" for r in runs),
                    runs[0].requests,
                    runs[0].results,
                ]
                for s in sizes
                for engine, by_lang in s.searches.items()
                for lang, runs in by_lang.items()
            ],
        )
    pagefind = [s for s in sizes if s.pagefind]
    if pagefind:
        out += ["## Pagefind indexing the bare build", ""]
        out += _table(
            ["cases", "s", "peak MB", "index on disk MB"],
            [
                [
                    s.n,
                    f"{s.pagefind.wall:.1f}",
                    f"{s.pagefind.peak_mb:.0f}",
                    f"{s.pagefind_kb / 1024:.1f}",
                ]
                for s in pagefind
            ],
        )
    return "\n".join(out) + NOTES


NOTES = """
## How this is measured

- Corpus: `bench/corpus.py`, the repository's content with cases brought up to N by cases made
  of real sections of the real cases (and of their real translations); see the weight table.
- Builds: `mkdocs build --strict` of the corpus (ours) and `mkdocs build` of the bare copy
  (Material + static-i18n, same pages and navigation, generated pages written out as Markdown),
  run in turn; the order alternates per run. Peak MB: the build's processes together (the
  build and its forked workers; PSS from `/proc/*/smaps_rollup`, so pages a fork shares count
  once), sampled every 0.2 s, or the largest single process (`ru_maxrss`) if more. Up to commit
  e579819 it was the largest single process alone.
- Browser: Debian's Chromium through Playwright; the site served from 127.0.0.1 by
  `bench/browser.py`'s server, gzip level 6, counting the bytes it sends (headers aside).
  First load: a fresh browser context at 390 px, until the network is quiet. First search: a
  fresh context on the slow-phone profile (CDP `Network.emulateNetworkConditions` 400 kbit/s,
  400 ms; `Emulation.setCPUThrottlingRate` 4), the case page loaded, 6 s, a tap on search, the
  query typed (End pressed: Material reads keyup); seconds from the first keystroke (its keydown's
  time stamp) to the first animation frame after the first `.md-search-result__item` is in the
  page, both in the page's clock; bytes from the tap. Pagefind: the same page of the bare
  build, `pagefind.js` imported, `search()` then `data()` of the first 5 results (no typing).
- Up to commit cc05198 the build froze the heap (`gc.freeze`) as the corpus was loaded, and the
  bench built ours without it as well (`COMMONS_FREEZE=off`): at cc05198, 15.5 s against 15.3 s
  at 500 cases and 53.9 s against 54.2 s at 2,000, the same CPU time. It paid no more, and went.
- Up to commit e579819 the first search was timed in Python until Playwright saw the first
  result; Playwright polls at growing intervals (up to 500 ms), which added 0 to 0.5 s.
- Before commit cb1ee5d a first load was counted until the network first went quiet: a bare
  page whose search index request came later (busy machine) shows about 90 KB in 3 responses.
- The machine was shared with other builds and test runs (see the load averages): times are
  those of a busy 2-core machine; ratios come from interleaved runs.
"""


def main() -> None:
    """Measure each size and write the results file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=REPO / "bench/out")
    parser.add_argument("--results", type=Path, default=REPO / "bench/results.md")
    parser.add_argument(
        "--no-variants",
        dest="variants",
        action="store_false",
        help="build ours as shipped only, not without workers",
    )
    parser.add_argument("--no-pagefind", dest="pagefind", action="store_false")
    parser.add_argument("--no-browser", dest="browser", action="store_false")
    parser.add_argument(
        "--report-only",
        action="store_true",
        help="write the results file again from the last run's figures",
    )
    parser.add_argument(
        "--add-to",
        type=Path,
        help="an earlier run's figures (bench/out/figures.pickle) to report beside this run's",
    )
    args = parser.parse_args()
    figures = args.out / "figures.pickle"
    earlier = pickle.loads(args.add_to.read_bytes()) if args.add_to else {"sizes": []}
    kept = [s for s in earlier["sizes"] if s.n not in args.sizes]
    if args.report_only:
        saved = pickle.loads(figures.read_bytes())
        args.results.write_text(report(saved["sizes"], saved["header"]), encoding="utf-8")
        return
    started = datetime.datetime.now(datetime.UTC)
    load = os.getloadavg()
    dirty = " (with uncommitted changes)" if git("status", "--porcelain", "-uno") else ""
    argv = " ".join(sys.argv[1:])
    sizes: list[Size] = []
    for n in sorted(args.sizes):
        print(f"N={n}")
        sizes.append(measure(n, args.out, args))
        every = sorted(kept + sizes, key=lambda s: s.n)
        header = [
            "# Bench results (issue 20)",
            "",
            f"- command: `.venv/bin/python bench/run.py {argv}`",
            f"- date: {started:%Y-%m-%d %H:%M} UTC, {len(sizes)} of {len(args.sizes)} sizes "
            f"done at {datetime.datetime.now(datetime.UTC):%H:%M}",
            f"- commit: {git('rev-parse', '--short', 'HEAD')}{dirty}",
            f"- machine: {os.cpu_count()} cores ({cpu_model()}), Python "
            f"{platform.python_version()}, load average {load[0]:.2f} {load[1]:.2f} "
            f"{load[2]:.2f} at the start, {' '.join(f'{x:.2f}' for x in os.getloadavg())} now",
            "",
        ]
        if kept:
            header += [
                f"Figures at {', '.join(str(s.n) for s in kept)} cases: from an earlier run,",
                "",
                *(line for line in earlier["header"][2:] if line),
                "",
            ]
        args.results.write_text(report(every, header), encoding="utf-8")
        # The raw figures, so that the file can be written again without measuring again.
        figures.write_bytes(pickle.dumps({"sizes": every, "header": header}))
        print(f"wrote {args.results}")


if __name__ == "__main__":
    main()
