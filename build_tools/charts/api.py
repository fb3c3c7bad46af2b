"""What a chart script receives, and what it must provide.

A chart script is a module in ``figures/`` with three functions::

    def draw(data: ChartInput, _: Translate) -> matplotlib.figure.Figure
    def describe(data: ChartInput, _: Translate) -> str        # alt text, from the data
    def table(data: ChartInput, _: Translate) -> tuple[list[str], list[list[str]]]

and a constant ``NEEDS``: ``"report"`` (one report's assessments, chosen with the
``:country:`` option), ``"collection"`` (every report), ``"ratifications"`` or
``"translation"`` (progress figures). ``_`` translates a string through the interface
catalogue (``make gettext`` extracts the ``_("...")`` calls of ``figures/``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from build_tools.model.assessment import Assessment
from build_tools.model.report import ReportMetadata

Translate = Callable[[str], str]
NEEDS = ("report", "collection", "ratifications", "translation")


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


@dataclass(frozen=True)
class ProgressRow:
    """Translation progress of one report in one language (for the status chart)."""

    language: str
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
    progress: tuple[ProgressRow, ...] = ()
    # display names in the build's language: country codes -> names, Part -> title
    names: tuple[tuple[str, str], ...] = field(default=())

    def option(self, name: str, default: str = "") -> str:
        return dict(self.options).get(name, default)

    def name(self, key: str) -> str:
        return dict(self.names).get(key, key)
