"""The one error type the domain model raises when an author's input is not valid."""

from __future__ import annotations


class ModelError(ValueError):
    """Invalid input, with the field it concerns; the adapter adds file and line."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
