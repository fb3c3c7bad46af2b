"""What a chart script receives: :class:`ChartInput`, made of model objects, never files.

Built by :meth:`build_tools.model.collection.Collection.chart_input`; the contract a
script fulfils is described in :mod:`build_tools.charts.api`, which re-exports these
names. Frozen, so that ``repr`` of an input is a stable fingerprint of the chart's data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from build_tools.model.assessment import Assessment
from build_tools.model.edition import AssessmentChange
from build_tools.model.ratification import Ratification, Signatory
from build_tools.model.report import ReportMetadata

#: what a script may ask for with its ``NEEDS`` constant
NEEDS = ("report", "collection", "ratifications", "translation")


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
    #: since the previous edition, for the reports shown that have one (article order)
    changes: tuple[AssessmentChange, ...] = ()
    # display names in the build's language: country codes -> names, Part -> title
    names: tuple[tuple[str, str], ...] = field(default=())

    def option(self, name: str, default: str = "") -> str:
        return dict(self.options).get(name, default)

    def name(self, key: str) -> str:
        return dict(self.names).get(key, key)
