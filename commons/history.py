"""When each content file last changed and who wrote it, read from git in one pass."""

from __future__ import annotations

import subprocess
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from babel.dates import format_date

# Folders whose files are pages; git is asked about these only.
CONTENT_FOLDERS = ("docs", "cases", "roadmaps", "glossary")
_RECORD = "\x01"
_FIELD = "\x02"


@dataclass
class FileHistory:
    """The commits that touched one file: first and last date, and its authors."""

    updated: datetime
    created: datetime
    subject: str
    commits: Counter = field(default_factory=Counter)

    @property
    def authors(self) -> list[str]:
        """Author names, most commits first, then alphabetically."""
        return [name for name, _ in sorted(self.commits.items(), key=lambda kv: (-kv[1], kv[0]))]


def read_history(root: Path) -> dict[str, FileHistory]:
    """History of every committed content file under `root`, by repository-relative path.

    Outside a git checkout (a downloaded zip, a test folder) the result is empty: dates are
    left out rather than guessed from file times, which change on every copy.
    """
    folders = [f for f in CONTENT_FOLDERS if (root / f).is_dir()]
    if not folders:
        return {}
    try:
        result = subprocess.run(
            [
                "git",
                "log",
                "--relative",
                "--no-renames",
                "--name-only",
                f"--format={_RECORD}%cI{_FIELD}%aN{_FIELD}%s",
                "--",
                *folders,
            ],
            cwd=root,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
    except OSError:
        return {}
    if result.returncode != 0:
        return {}
    return parse_log(result.stdout)


def parse_log(text: str) -> dict[str, FileHistory]:
    """Fold `git log --name-only` output (newest commit first) into per-file histories."""
    histories: dict[str, FileHistory] = {}
    for record in text.split(_RECORD)[1:]:
        header, _, names = record.partition("\n")
        when_text, author, subject = (header.split(_FIELD) + ["", ""])[:3]
        when = datetime.fromisoformat(when_text.strip())
        for name in names.splitlines():
            name = name.strip()
            if not name:
                continue
            history = histories.get(name)
            if history is None:
                history = histories[name] = FileHistory(when, when, subject)
            history.created = when
            history.commits[author] += 1
    return histories


def localized_date(when: datetime | date, lang: str) -> str:
    """A date as readers of `lang` write it (CLDR long format)."""
    return format_date(when, "long", locale=lang)
