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
    date: dt.date | None  # date of deposit; None when only the year is known
    kind: str  # "ratification", "accession" or "succession"
    verified: bool  # False: the date is not confirmed by an official source
    european: bool = False
    signature: dt.date | None = None  # for a ratification
    date_precision: str = "day"  # "month": only the month of ``date`` is known


@dataclass(frozen=True)
class Signatory:
    """A State that has signed the Convention but not ratified it."""

    state: str
    iso: str
    signature: dt.date
    verified: bool
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
                signature=_date(party.get("signature")),
                date_precision=party.get("date_precision", "day"),
            )
        )
    return tuple(records)


def load_signatories(path: Path = DATA) -> tuple[Signatory, ...]:
    """The States in ``path`` that signed without ratifying (validated like the parties)."""
    document = yamldata.load(path, "ratifications")
    parties = {party["iso"] for party in document.data["parties"]}
    records = []
    for index, entry in enumerate(document.data.get("signatories", ())):
        if entry["iso"] in parties:
            raise document.error(
                f"{entry['state']} is listed as a State party too: a signatory that ratified "
                "is a party (give its signature date there)",
                "signatories",
                index,
                "iso",
            )
        records.append(
            Signatory(
                state=entry["state"],
                iso=entry["iso"],
                signature=_date(entry["signature"]),
                verified=entry["verified"],
                european=entry["european"],
            )
        )
    return tuple(records)


@cache
def ratifications() -> tuple[Ratification, ...]:
    """The list shipped with the package."""
    return load_ratifications(DATA)


@cache
def signatories() -> tuple[Signatory, ...]:
    """The signatories shipped with the package."""
    return load_signatories(DATA)
