"""The bench's corpus (`bench/corpus.py`): cases made of real ones pass every check (not timed)."""

from __future__ import annotations

import importlib.util
import re
import sys

from conftest import REPO

from commons import LANGUAGES, SOURCE_LANGUAGE
from commons.corpus import load
from commons.frontmatter import parse
from commons.schemas import Schemas
from commons.validate import check


def _bench_corpus():
    """bench/corpus.py as a module (bench/ is no package)."""
    spec = importlib.util.spec_from_file_location("bench_corpus", REPO / "bench" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_generated_cases_pass_check_and_link_to_generated_cases(tmp_path):
    """A small corpus: every file passes `commons check`; generated cases link among themselves."""
    bench = _bench_corpus()
    real = bench.real_cases()
    root = tmp_path / "corpus"
    bench.generate(root, len(real) + 2 * len(real))  # two generated cases per real one
    assert [str(p) for p in check(load(root), Schemas.for_root(root))] == []
    generated = sorted((root / "cases").glob(f"*-00*.{SOURCE_LANGUAGE}.md"))
    assert len(generated) == 2 * len(real)
    titles = {parse(p.read_text(encoding="utf-8")).meta["title"] for p in generated}
    assert len(titles) == len(generated)
    for source in generated:
        for lang in LANGUAGES:
            assert source.with_name(source.name.replace(".en.", f".{lang}.")).is_file()
        body = parse(source.read_text(encoding="utf-8")).body
        case_links = re.findall(r"\]\(([a-z0-9-]+)\.md", body)
        assert case_links, source.name
        assert all(re.search(r"-\d{4}$", slug) for slug in case_links), case_links
    # As heavy as the real cases: within a fifth of their mean words and glossary links.
    weights = {
        label: bench.weigh(root, slugs, SOURCE_LANGUAGE, None)
        for label, slugs in (
            ("real", [c.slug for c in real]),
            ("generated", [p.name.split(".")[0] for p in generated]),
        )
    }
    for key in ("words", "glossary links"):
        assert abs(weights["generated"][key] / weights["real"][key] - 1) < 0.2, weights
