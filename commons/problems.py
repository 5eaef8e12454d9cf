"""A problem found in the content: where it is, which rule found it, and what to do."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One finding, printed as `path:line:column: message`."""

    path: str
    line: int
    column: int
    message: str
    rule: str
    severity: str = "error"

    def __str__(self) -> str:
        """Terminal format: `path:line:column: message [rule]`."""
        level = "" if self.severity == "error" else f"{self.severity}: "
        return f"{self.path}:{self.line}:{self.column}: {level}{self.message} [{self.rule}]"

    def github(self) -> str:
        """GitHub Actions workflow-command format, shown on the changed line of a pull request."""
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return (
            f"::{self.severity} file={self.path},line={self.line},col={self.column},"
            f"title={self.rule}::{message}"
        )


def render(problems: list[Problem], style: str = "text") -> str:
    """All problems, sorted by file and line, in the chosen output style."""
    lines = [p.github() if style == "github" else str(p) for p in sorted(problems)]
    return "\n".join(lines)
