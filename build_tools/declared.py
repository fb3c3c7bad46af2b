"""What ``conf.py`` declares, read without running it: the literal values of its
top-level assignments (``shadow_languages = ["en", "es"]``), with the line of each.

Standard library only, on purpose: the CI workflow asks for the languages before anything
is installed (``python3 -m build_tools config languages --json``). The loader every other
consumer uses (:func:`build_tools.pipeline.project.read_conf`, which runs conf.py the way
Sphinx does) checks that what it gets agrees with this reading for the values the workflow
relies on, so the two can never tell different stories.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any


def _assignments(tree: ast.Module) -> list[tuple[str, ast.stmt, ast.expr | None]]:
    """``(name, statement, value)`` for every top-level assignment to a plain name
    (``version = release = "1"`` gives two); value is None for ``+=``."""
    found: list[tuple[str, ast.stmt, ast.expr | None]] = []
    for node in tree.body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found.append((target.id, node, node.value))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            found.append((node.target.id, node, node.value))
        elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
            found.append((node.target.id, node, None))
    return found


def literal_settings(conf_py: Path) -> dict[str, Any]:
    """The names conf.py assigns a literal to (the last assignment wins, as when it runs);
    a name whose last assignment is computed is left out."""
    tree = ast.parse(conf_py.read_bytes(), filename=str(conf_py))
    values: dict[str, Any] = {}
    for name, _, value in _assignments(tree):
        values.pop(name, None)
        if value is None:
            continue
        try:
            values[name] = ast.literal_eval(value)
        except ValueError:
            continue
    return values


def setting_line(conf_py: Path, name: str) -> int:
    """The line of conf.py that assigns ``name`` (1 if it cannot be found)."""
    try:
        tree = ast.parse(conf_py.read_bytes())
    except (OSError, SyntaxError, ValueError):
        return 1
    return next((node.lineno for found, node, _ in _assignments(tree) if found == name), 1)
