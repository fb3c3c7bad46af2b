"""Checks of the English sources: spelling (codespell, with the project's word list) and
Markdown style (pymarkdown, with the rule set in ``.pymarkdown.json``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def spelling(root: Path, paths: list[Path]) -> list[str]:
    """codespell's findings, ``file:line: word ==> suggestion``."""
    words = root / "codespell-words.txt"
    command = [
        sys.executable,
        "-m",
        "codespell_lib",
        "--quiet-level",
        "3",
        *(["--ignore-words", str(words)] if words.exists() else []),
        *map(str, paths),
    ]
    result = subprocess.run(command, capture_output=True, text=True, cwd=root)
    return [line for line in result.stdout.splitlines() if line.strip()]


def markdown_style(root: Path, paths: list[Path]) -> list[str]:
    """pymarkdown's findings, ``file:line:column: rule: message``."""
    config = root / ".pymarkdown.json"
    command = [
        sys.executable,
        "-m",
        "pymarkdown",
        *(["--config", str(config)] if config.exists() else []),
        "scan",
        *map(str, paths),
    ]
    result = subprocess.run(command, capture_output=True, text=True, cwd=root)
    return [line for line in result.stdout.splitlines() if line.strip()]
