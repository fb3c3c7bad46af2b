"""The one error type of the translation tools: bad input, named by file and line.

Every command turns it into ``error: <file>:<line>: <message>`` and a non-zero exit, so a
translator can open the file at the right place; nothing is written when it is raised.
"""

from __future__ import annotations

from pathlib import Path


class I18nError(Exception):
    """A problem with the input (a PO file, a POT folder, a terminology file)."""

    def __init__(self, message: str, path: Path | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.message}"
