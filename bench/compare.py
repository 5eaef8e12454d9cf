"""Benchmark (not a test): the same corpus built by two commits, interleaved.

Each commit's tree is exported with `git archive`; both build the corpus `bench/corpus.py`
generates, in turn, with their own code (PYTHONPATH), configuration and templates. Prints
each median and the median of the pairs' ratios (after / before).

    .venv/bin/python bench/compare.py f4a01fd HEAD --size 300 --runs 8
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.corpus import generate  # noqa: E402

# What a build takes from the repository besides the content (hooks/ before the plugin).
PARTS = ("mkdocs.yml", "overrides", "hooks")


def export(commit: str, target: Path) -> Path:
    """The tree of `commit` written out under `target`."""
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", commit], capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def build(tree: Path, site: Path) -> float:
    """Seconds `mkdocs build --strict` takes on `site` with the code of `tree`."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(tree)}
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        sys.exit(f"build with {tree} failed:\n{result.stderr[-3000:]}")
    return time.perf_counter() - start


def main() -> None:
    """Build one corpus with both commits, alternating which goes first."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--size", type=int, default=300)
    parser.add_argument("--runs", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        corpus = work / "corpus"
        generate(corpus, args.size)
        sites, times = {}, {"before": [], "after": []}
        for name in times:
            tree = export(getattr(args, name), work / f"{name}-code")
            site = work / f"{name}-site"
            shutil.copytree(corpus, site, symlinks=True)
            for part in PARTS:
                src, dst = tree / part, site / part
                if dst.is_dir():
                    shutil.rmtree(dst)
                if src.exists():
                    (shutil.copytree if src.is_dir() else shutil.copy2)(src, dst)
            sites[name] = (tree, site)
        for run in range(args.runs):
            for name in ("before", "after") if run % 2 == 0 else ("after", "before"):
                times[name].append(build(*sites[name]))
    ratios = [a / b for a, b in zip(times["after"], times["before"], strict=True)]
    print(
        f"N={args.size}: before {statistics.median(times['before']):.2f} s, "
        f"after {statistics.median(times['after']):.2f} s (medians); after/before per pair: "
        f"median {statistics.median(ratios):.3f} ({', '.join(f'{r:.2f}' for r in ratios)})"
    )


if __name__ == "__main__":
    main()
