"""Each validation rule, on fixture files kept as real files, with exact location and message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, run

from commons.corpus import load
from commons.frontmatter import parse
from commons.schemas import Schemas
from commons.validate import check

BROKEN = FIXTURES / "broken"
GOLDEN = FIXTURES / "broken.expected.txt"


def problems_of(root: Path) -> list[str]:
    """Every problem of a fixture folder as printed lines."""
    return [str(p) for p in check(load(root), Schemas.for_root(root))]


def test_broken_cases_match_golden_file(update):
    """All problems of the broken fixtures, in one run, exactly as recorded."""
    result = run("commons.cli", "--root", str(BROKEN), "check", cwd=REPO)
    if update:
        GOLDEN.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == GOLDEN.read_text(encoding="utf-8")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("name", "line", "column", "needle"),
    [
        ("missing-country", 1, 1, "missing required field 'country'"),
        ("unknown-country", 4, 10, "found 'XX'"),
        ("misspelt-key", 6, 1, "unknown field 'policy_aera': did you mean 'policy_areas'?"),
        (
            "unknown-policy-area",
            6,
            25,
            "'housng' is not a known policy area; did you mean 'housing'?",
        ),
        ("broken-yaml", 4, 8, "front-matter is not valid YAML"),
        ("no-front-matter", 1, 1, "no front-matter: expected the file to start with a '---' line"),
        ("empty-file", 1, 1, "file is empty"),
        ("python-tag", 2, 8, "YAML tag '!!python/object/apply:os.system' is not allowed"),
        ("duplicate-key", 6, 1, "field 'place' is written twice"),
        ("no-source", 1, 1, "translation has no source: expected the English file"),
    ],
)
def test_rule_names_file_line_column_and_field(name, line, column, needle):
    """Every broken file is reported at its line and column with a message naming the field."""
    lines = [p for p in problems_of(BROKEN) if p.startswith(f"cases/{name}.")]
    assert any(
        p.startswith(f"cases/{name}.") and f":{line}:{column}: " in p and needle in p for p in lines
    ), lines


def test_translation_may_not_restate_neutral_fields():
    """A translation repeating `country` is told where the field belongs."""
    found = [p for p in problems_of(BROKEN) if p.startswith("cases/valid-source.fr.md:4:1:")]
    assert found and "language-neutral" in found[0] and "cases/valid-source.en.md" in found[0]


def test_bom_and_crlf_are_valid_input():
    """A file saved on Windows with a byte-order mark validates cleanly."""
    assert (BROKEN / "cases/bom-crlf.en.md").read_bytes().startswith(b"\xef\xbb\xbf---\r\n")
    assert not [p for p in problems_of(BROKEN) if p.startswith("cases/bom-crlf")]


def test_python_tag_is_never_executed(tmp_path):
    """Loading a `!!python/object/apply` tag raises a clear error and runs nothing."""
    marker = tmp_path / "pwned"
    text = f'---\ntitle: !!python/object/apply:os.system ["touch {marker}"]\n---\n'
    with pytest.raises(Exception) as raised:
        parse(text)
    assert raised.value.rule == "unsafe-yaml-tag"
    assert not marker.exists()


def test_outdated_translation_is_a_warning_not_an_error():
    """A stale translation warns; it does not fail the check on its own."""
    found = [p for p in problems_of(BROKEN) if "translation-outdated" in p]
    assert found == [p for p in found if ": warning: " in p] and found


def test_valid_fixture_site_has_no_problems():
    """The trilingual fixture is clean, so the build tests test the machinery, not typos."""
    assert problems_of(FIXTURES / "site") == []


def test_check_exits_zero_when_clean():
    """Exit status 0 when there is nothing to report."""
    result = run("commons.cli", "--root", str(FIXTURES / "site"), "check", cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr


def test_github_format_prints_annotations():
    """`--format github` prints workflow commands that annotate the right line."""
    result = run("commons.cli", "--root", str(BROKEN), "check", "--format", "github", cwd=REPO)
    assert "::error file=cases/unknown-country.en.md,line=4,col=10," in result.stdout


def test_synonym_claimed_by_two_terms_names_both_files(tmp_path):
    """The same synonym on two terms is an error naming both files."""
    shutil.copytree(FIXTURES / "site", tmp_path, dirs_exist_ok=True)
    (tmp_path / "glossary/right-of-use.en.md").write_text(
        "---\ntitle: Right to use\ndefinition: A clash.\nsynonyms: [right of use]\n---\nText.\n",
        encoding="utf-8",
    )
    found = [p for p in problems_of(tmp_path) if "synonym-clash" in p]
    assert found and "glossary/cession-of-use.en.md" in found[0]
    assert "glossary/right-of-use.en.md" in found[0]


@pytest.mark.parametrize("kind", ["case", "roadmap", "chapter", "term"])
def test_new_skeleton_passes_check(tmp_path, kind):
    """`commons new <kind> <slug>` writes a page that `commons check` accepts."""
    shutil.copytree(FIXTURES / "site", tmp_path, dirs_exist_ok=True)
    made = run("commons.cli", "--root", str(tmp_path), "new", kind, "fresh-page", cwd=REPO)
    assert made.returncode == 0, made.stderr
    assert (tmp_path / made.stdout.strip()).exists()
    assert problems_of(tmp_path) == []


def test_new_translation_carries_source_version(tmp_path):
    """`commons new translation cases/<slug> fr` writes a translation that checks clean."""
    shutil.copytree(FIXTURES / "site", tmp_path, dirs_exist_ok=True)
    made = run(
        "commons.cli",
        "--root",
        str(tmp_path),
        "new",
        "translation",
        "cases/english-only",
        "fr",
        cwd=REPO,
    )
    assert made.returncode == 0, made.stderr
    text = (tmp_path / "cases/english-only.fr.md").read_text(encoding="utf-8")
    assert "source_version:" in text and "country" not in text
    assert problems_of(tmp_path) == []


def test_chapter_with_a_step_needs_its_guiding_question(tmp_path):
    """A step chapter must have its question; one outside the five steps needs neither."""
    shutil.copytree(FIXTURES / "site", tmp_path, dirs_exist_ok=True)
    (tmp_path / "docs/toolkit/no-question.en.md").write_text(
        "---\ntitle: A step chapter\nsummary: It forgot its question.\nstep: 2\n---\nText.\n",
        encoding="utf-8",
    )
    (tmp_path / "docs/toolkit/after-the-steps.en.md").write_text(
        "---\ntitle: Training of trainers\nsummary: After the five steps.\norder: 0\n---\nText.\n",
        encoding="utf-8",
    )
    found = problems_of(tmp_path)
    assert found == [
        "docs/toolkit/no-question.en.md:4:7: missing field 'question': expected with 'step' "
        "(The guiding question the chapter answers; required with step) [missing-field]"
    ]


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [("listed_on", "toolkit", "cases, roadmaps, glossary"), ("comparison", "glossary", "cases")],
)
def test_page_placement_fields_name_their_values(tmp_path, field, value, expected):
    """`listed_on` and `comparison` accept only the indexes and tables the build makes."""
    shutil.copytree(FIXTURES / "site", tmp_path, dirs_exist_ok=True)
    (tmp_path / "docs/extra.en.md").write_text(
        f"---\ntitle: Extra\n{field}: {value}\n---\nText.\n", encoding="utf-8"
    )
    found = problems_of(tmp_path)
    assert found == [
        f"docs/extra.en.md:3:{len(field) + 3}: field {field!r}: expected one of: {expected}; "
        f"found {value!r} [vocabulary]"
    ]
