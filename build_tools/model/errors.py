"""The one error type the domain model raises when an author's input is not valid."""

from __future__ import annotations


class ModelError(ValueError):
    """Invalid input, with the field it concerns; the adapter adds file and line."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def require(
    fields: dict[str, str], required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> None:
    """Raise for the first required field an author left out or empty, naming what is
    required (and what else may be given)."""
    for name in required:
        if not (fields.get(name) or "").strip():
            also = f"; optional: {', '.join(optional)}" if optional else ""
            raise ModelError(
                f"missing required field '{name}' (required: {', '.join(required)}{also})",
                field=name,
            )
