"""The States parties to the Convention: ``build_tools/data/ratifications.yaml``, as records.

Validated against ``data/schemas/ratifications.schema.json`` at load
(:mod:`build_tools.model.yamldata`); what a schema cannot say is checked here, at its
line: ``count`` matches the list, each ISO code is listed once, and an exact date falls in
the entry's year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from build_tools.model import yamldata

DATA = Path(__file__).resolve().parent.parent / "data" / "ratifications.yaml"


@dataclass(frozen=True)
class Ratification:
    """A State party to the Convention (facts: ``build_tools/data/ratifications.yaml``)."""

    state: str
    iso: str  # ISO 3166-1 alpha-2, "" if none
    year: int
    date: dt.date | None  # None when only the year is known
    kind: str  # "ratification" or "accession"
    verified: bool  # False: the year is not confirmed by an official source
    european: bool = False


def _date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))  # the schema checked the format


def load_ratifications(path: Path = DATA) -> tuple[Ratification, ...]:
    """Every State party in ``path``, in file order; ``DataError`` at ``file:line``."""
    document = yamldata.load(path, "ratifications")
    parties = document.data["parties"]
    if document.data["count"] != len(parties):
        raise document.error(
            f"count is {document.data['count']} but {len(parties)} parties are listed: "
            "update the count with the list",
            "count",
        )
    seen: dict[str, int] = {}
    records = []
    for index, party in enumerate(parties):
        if party["iso"] in seen:
            raise document.error(
                f"{party['iso']} is listed twice (first as entry {seen[party['iso']] + 1})",
                "parties",
                index,
                "iso",
            )
        seen[party["iso"]] = index
        date = _date(party["date"])
        if date is not None and date.year != party["year"]:
            raise document.error(
                f"{party['state']}: date {date.isoformat()} is not in year {party['year']}",
                "parties",
                index,
                "date",
            )
        records.append(
            Ratification(
                state=party["state"],
                iso=party["iso"],
                year=party["year"],
                date=date,
                kind=party["kind"],
                verified=party["verified"],
                european=party["european"],
            )
        )
    return tuple(records)


@cache
def ratifications() -> tuple[Ratification, ...]:
    """The list shipped with the package."""
    return load_ratifications(DATA)
