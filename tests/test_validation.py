"""Each validation rule, on fixture files kept as real files, with exact location and message."""

from __future__ import annotations

import copy
import itertools
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, run

from commons import LANGUAGES
from commons.corpus import load
from commons.fields import fields
from commons.frontmatter import FrontMatterError, parse
from commons.schemas import Schemas
from commons.strings import missing
from commons.validate import DATA_FILES, check, read_data

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


def test_files_checked_half_in_a_worker_give_the_same_problems():
    """`commons check` shares the file rules with a forked worker: nothing is lost or doubled."""
    schemas = Schemas.for_root(BROKEN)
    alone = check(load(BROKEN), schemas)
    assert len({p.path for p in alone}) > 10
    assert check(load(BROKEN), schemas, split=True) == alone


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
        ("yaml-alias", 3, 17, "YAML alias '*loop' is not allowed"),
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


def test_nested_aliases_are_refused_before_they_grow():
    """A few nested aliases (billions of values once expanded) are refused at the first one."""
    levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    names = "abcdefghi"
    levels += [f"{b}: &{b} [{', '.join([f'*{a}'] * 10)}]" for a, b in itertools.pairwise(names)]
    with pytest.raises(FrontMatterError) as raised:
        parse("---\n" + "\n".join(levels) + "\n---\n")
    assert (raised.value.rule, raised.value.line, raised.value.column) == ("yaml-alias", 3, 8)


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
    found = problems_of(tmp_path)
    # A new case cannot know where it is: check warns until its author adds a location.
    assert bool(found) == (kind == "case")
    assert all(": warning: " in p and p.endswith("[missing-location]") for p in found)


def new_translation(root: Path, target: str, lang: str):
    """`commons new translation <target> <lang>` run on the repository at `root`."""
    return run("commons.cli", "--root", str(root), "new", "translation", target, lang, cwd=REPO)


def test_new_translation_carries_source_version(tmp_path):
    """`commons new translation` writes a skeleton with no error, its English text pointed out."""
    shutil.copytree(FIXTURES / "site", tmp_path, dirs_exist_ok=True)
    made = new_translation(tmp_path, "cases/english-only", "fr")
    assert made.returncode == 0, made.stderr
    text = (tmp_path / "cases/english-only.fr.md").read_text(encoding="utf-8")
    assert "source_version:" in text and "country" not in text
    found = problems_of(tmp_path)
    assert found and all(p.startswith("cases/english-only.fr.md:") for p in found)
    assert all(p.endswith("[untranslated-text]") and ": warning: " in p for p in found)


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


def _translated(tmp_path: Path, body: str) -> list[str]:
    """Problems of the fixture site once the French Maricá case has `body` as its text."""
    shutil.copytree(FIXTURES / "site", tmp_path, dirs_exist_ok=True)
    path = tmp_path / "cases/marica-currency.fr.md"
    head = path.read_text(encoding="utf-8").split("---\n")[1]
    path.write_text(f"---\n{head}---\n\n{body}", encoding="utf-8")
    return problems_of(tmp_path)


def test_paragraph_left_in_english_is_named_at_its_line(tmp_path):
    """An English paragraph warns at its line; French around an English title in italics, not."""
    found = _translated(
        tmp_path,
        "## Contexte\n\nUne banque communautaire gère la monnaie avec la ville, comme le montre\n"
        "*The Handbook of the Social Economy and the Commons*. Voir [La Borda](la-borda.md).\n\n"
        "A community bank runs the currency with the city: a case of co-production in the\n"
        "social and solidarity economy.\n",
    )
    assert found == [
        "cases/marica-currency.fr.md:14:1: warning: text reads as English, not French: 6 of its "
        "20 words are common English words (the, with, of, and); translate it, or put the title "
        "of an English work in italics [untranslated-text]"
    ]


def test_translation_keeps_the_numbers_and_links_of_its_source(tmp_path):
    """A year changed and a link dropped are both reported, each where it can be found."""
    en = FIXTURES / "site/cases/marica-currency.en.md"
    shutil.copytree(FIXTURES / "site", tmp_path, dirs_exist_ok=True)
    source = tmp_path / "cases/marica-currency.en.md"
    source.write_text(
        en.read_text(encoding="utf-8") + "\nIn 2013, 20,627 people joined; 1.5 h a week.\n",
        encoding="utf-8",
    )
    version = run("commons.cli", "--root", str(tmp_path), "version", str(source), cwd=REPO)
    french = tmp_path / "cases/marica-currency.fr.md"
    text = re.sub(
        r"source_version: \w+", f"source_version: {version.stdout.strip()}", french.read_text()
    )
    text = text.replace(" Voir aussi [La Borda](la-borda.md).", "")
    french.write_text(text + "\nEn 2014, 20 627 personnes ont adhéré ; 1,5 h par semaine.\n")
    found = [p for p in problems_of(tmp_path) if "translation-facts" in p]
    assert found == [
        "cases/marica-currency.fr.md:8:1: warning: link target 'la-borda.md' of "
        "cases/marica-currency.en.md:19 is missing here: expected the same facts and links as "
        "the English [translation-facts]",
        "cases/marica-currency.fr.md:8:1: warning: number '2013' of "
        "cases/marica-currency.en.md:21 is missing here: expected the same facts and links as "
        "the English [translation-facts]",
        "cases/marica-currency.fr.md:14:4: warning: number '2014' is not in "
        "cases/marica-currency.en.md: expected the same facts and links as the English "
        "[translation-facts]",
    ]


def test_new_translation_of_a_page_in_a_folder(tmp_path):
    """`pages/toolkit/index` is written next to its source as `docs/toolkit/index.ar.md`."""
    shutil.copytree(FIXTURES / "site", tmp_path, dirs_exist_ok=True)
    made = new_translation(tmp_path, "pages/toolkit/index", "ar")
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == "docs/toolkit/index.ar.md"
    assert (tmp_path / "docs/toolkit/index.ar.md").read_text(encoding="utf-8").startswith("---\n")


def test_every_interface_string_is_in_every_language():
    """A declared language has all its interface words: none falls back to English."""
    assert missing() == []
    schemas = Schemas.for_root(REPO)
    for field in fields(schemas, "case"):
        if field.shown or field.facet or field.category:
            assert set(field.labels) >= set(LANGUAGES), field.name
        if field.category_labels:
            assert set(field.category_labels) >= set(LANGUAGES), field.name
    for name, vocabulary in schemas.vocabularies.items():
        for value, labels in vocabulary.labels.items():
            assert set(labels) >= set(LANGUAGES), (name, value)


def test_checking_content_does_not_load_page_rendering():
    """The checks read the registry of generated pages, not the code that draws them."""
    code = (
        "import sys, commons.validate; "
        "print(sorted(m for m in ('commons.indexes', 'commons.pagedata', 'commons.handbook') "
        "if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr


# Values a contributor's YAML may hold where another was expected: each type, bounds, NaN.
ODD_VALUES = [
    None, True, False, 0, 1, 1.0, 1.5, 2101, 1850, 1950, float("nan"), "", "x", "ES", "XX", "es",
    "housing", "la-borda", "Bad Slug", "0123456789ab", [], ["a"], ["a", "a"], [1, True], [1, 1.0],
    {}, {"ref": "x"}, {"title": "t"}, {"ref": "a", "title": "b"}, {"en": "x"}, {"fr": "x"},
    {1: "x"}, {"start": 2000}, {"lat": 1, "lon": 2},
]  # fmt: skip


def _mutated(value, rng):
    """`value` with one field or item removed, added, repeated or replaced by an odd value."""
    if isinstance(value, dict | list) and value and rng.random() < 0.7:
        value = copy.copy(value)
        key = rng.choice(list(value) if isinstance(value, dict) else range(len(value)))
        roll = rng.random()
        if roll < 0.2:
            del value[key]
        elif roll < 0.3 and isinstance(value, dict):
            value[f"{key}x"] = rng.choice(ODD_VALUES)
        elif roll < 0.3:
            value.append(value[key])
        else:
            value[key] = _mutated(value[key], rng) if roll < 0.7 else rng.choice(ODD_VALUES)
        return value
    return copy.deepcopy(rng.choice(ODD_VALUES))


def test_compiled_schemas_agree_with_jsonschema():
    """`Schemas.is_valid` says yes exactly when jsonschema finds no error, on every kind of file."""
    rng = random.Random(20)
    schemas = Schemas.for_root(REPO)
    metas = [
        (entry.collection.schema, not entry.is_source, entry.meta)
        for root in (REPO, FIXTURES / "site", BROKEN)
        for entry in load(root).entries
        if entry.doc is not None
    ]
    data = [(name, read_data(REPO, rel)) for rel, name in DATA_FILES.items()]
    answers = {True: 0, False: 0}
    for fast, slow, value in [
        *((schemas.is_valid(n, t), schemas.validator(n, t), meta) for n, t, meta in metas),
        *((schemas.data_is_valid(n), schemas.data_validator(n), value) for n, value in data),
    ]:
        for attempt in range(8):
            tried = value if attempt == 0 else _mutated(value, rng)
            valid = next(iter(slow.iter_errors(tried)), None) is None
            assert fast(tried) == valid, (slow.schema.get("title"), tried)
            answers[valid] += 1
    assert min(answers.values()) > 100, answers


def test_checking_valid_content_does_not_load_jsonschema():
    """Checking imports jsonschema for the errors of invalid files only, not to find none."""
    code = (
        "import sys; from commons.cli import main; "
        f"code = main(['--root', {str(FIXTURES / 'site')!r}, 'check']); "
        "print(code, 'jsonschema' in sys.modules, 'referencing' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.split() == ["0", "False", "False"], result.stderr
