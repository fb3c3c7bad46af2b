"""What the directives declare, with where they declared it: a model object, the page and
line of its directive, and the anchor a link to it needs.

Small frozen records (not nodes), so the Sphinx domain can pickle them, purge them per page
and merge them from parallel readers; :mod:`build_tools.model.collection` builds the
whole-collection views from them. The page is named as Sphinx names it (``spain/index``);
the model reads a page name only through :meth:`ReportId.of_page`.
"""

from __future__ import annotations

from dataclasses import dataclass

from build_tools.model.assessment import Assessment, Recommendation
from build_tools.model.law import LegalInstrument, Prose


@dataclass(frozen=True)
class Located:
    """Where something was declared."""

    docname: str
    lineno: int


@dataclass(frozen=True)
class LawEntry(Located):
    law: LegalInstrument


@dataclass(frozen=True)
class AssessmentEntry(Located):
    assessment: Assessment
    anchor: str
    #: the finding in the build's language (set after translation), its law citations
    #: resolved by the collection once every law is known (``render_prose``)
    finding: Prose | str = ""


@dataclass(frozen=True)
class RecommendationEntry(Located):
    recommendation: Recommendation
    anchor: str
    text: Prose | str = ""  # the recommendation's text in the build's language
