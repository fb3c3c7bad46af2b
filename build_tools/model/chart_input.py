"""What a chart script receives: :class:`ChartInput`, made of model objects, never files.

Built by :meth:`build_tools.model.collection.Collection.chart_input`; the contract a
script fulfils is described in :mod:`build_tools.charts.api`, which re-exports these
names. Frozen, so that ``repr`` of an input is a stable fingerprint of the chart's data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from build_tools.model.assessment import Assessment
from build_tools.model.report import ReportMetadata

RATIFICATIONS = Path(__file__).resolve().parent.parent / "data" / "ratifications.yaml"

#: what a script may ask for with its ``NEEDS`` constant
NEEDS = ("report", "collection", "ratifications", "translation")


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


@dataclass(frozen=True)
class ProgressRow:
    """Translation progress of one report in one language (numbers, never display text)."""

    language: str  # display name, in the build's language
    report: str  # display name
    translated_words: int
    total_words: int


@dataclass(frozen=True)
class ChartInput:
    """Everything a chart may use. Frozen and made of model objects, so that its ``repr``
    is a stable fingerprint of the chart's data."""

    chart: str
    language: str
    options: tuple[tuple[str, str], ...] = ()
    # report id (folder name) -> its metadata, for every report the chart shows
    reports: tuple[tuple[str, ReportMetadata], ...] = ()
    assessments: tuple[Assessment, ...] = ()
    ratifications: tuple[Ratification, ...] = ()
    signatories: tuple[Signatory, ...] = ()
    progress: tuple[ProgressRow, ...] = ()
    # display names in the build's language: country codes -> names, Part -> title
    names: tuple[tuple[str, str], ...] = field(default=())

    def option(self, name: str, default: str = "") -> str:
        return dict(self.options).get(name, default)

    def name(self, key: str) -> str:
        return dict(self.names).get(key, key)


@cache
def _ratification_data() -> dict:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(RATIFICATIONS, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=loader)


def ratifications() -> tuple[Ratification, ...]:
    """The States parties shipped with the package."""
    return tuple(
        Ratification(
            state=p["state"],
            iso=p.get("iso") or "",
            year=int(p["year"]),
            date=p.get("date"),
            kind=p.get("kind", "ratification"),
            verified=bool(p.get("verified", False)),
            european=bool(p.get("european", False)),
            signature=p.get("signature"),
            date_precision=p.get("date_precision", "day"),
        )
        for p in _ratification_data()["parties"]
    )


def signatories() -> tuple[Signatory, ...]:
    """The States that have signed but not ratified, shipped with the package."""
    return tuple(
        Signatory(
            state=p["state"],
            iso=p.get("iso") or "",
            signature=p["signature"],
            verified=bool(p.get("verified", False)),
            european=bool(p.get("european", False)),
        )
        for p in _ratification_data().get("signatories", ())
    )
