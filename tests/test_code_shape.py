"""The package stays readable: no class or function grows past what a reviewer can hold."""

from __future__ import annotations

import ast

from conftest import REPO

LONGEST = 300


def test_no_class_or_function_is_longer_than_300_lines():
    """Every class and function in `commons/` fits in 300 lines."""
    too_long = []
    for path in sorted((REPO / "commons").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                if length > LONGEST:
                    too_long.append(f"{path.relative_to(REPO)}:{node.lineno}: {node.name} {length}")
    assert not too_long, "\n".join(too_long)
