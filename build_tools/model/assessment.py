"""Assessments and recommendations: for one report and one article of the Convention, how
far the law and the practice conform, what the finding rests on, and what should change.

The finding and the recommendations' prose are ordinary Markdown in the page (so they are
translated like any text); the model keeps the structured part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from build_tools.model.convention import Convention
from build_tools.model.errors import ModelError, require
from build_tools.model.law import Citation, parse_citations
from build_tools.model.rating import Rating, parse_rating
from build_tools.model.report import ReportId


class Addressee(StrEnum):
    GOVERNMENT = "government"
    PARLIAMENT = "parliament"
    REGIONAL = "regional authorities"
    LOCAL = "local authorities"
    EU = "EU institutions"


class Priority(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


# "ES-25-1": the report's code, the article, a number the author never changes
RECOMMENDATION_ID = re.compile(r"^[A-Z]{2,3}-\d{1,2}-\d{1,3}[a-z]?$")


@dataclass(frozen=True)
class Recommendation:
    id: str
    addressee: Addressee
    priority: Priority
    article: int = 0
    report: ReportId = ReportId("")  # set from the assessment it is written in


@dataclass(frozen=True)
class Assessment:
    report: ReportId
    article: int
    in_law: Rating
    in_practice: Rating
    provisions: tuple[Citation, ...] = ()
    recommendations: tuple[Recommendation, ...] = field(default=())


def _choice(enum: type[StrEnum], text: str, name: str) -> StrEnum:
    key = " ".join(text.strip().split())
    for member in enum:
        if key.lower() == member.value.lower():
            return member
    valid = ", ".join(m.value for m in enum)
    raise ModelError(f"unknown {name} '{key}': valid are {valid}", field=name)


def parse_recommendation(rec_id: str, fields: dict[str, str]) -> Recommendation:
    rec_id = rec_id.strip()
    if not RECOMMENDATION_ID.match(rec_id):
        raise ModelError(
            f"invalid recommendation id '{rec_id}': write the report code, the article and a "
            "number that never changes, e.g. ES-25-1",
            field="id",
        )
    require(fields, ("addressee", "priority"))
    return Recommendation(
        id=rec_id,
        addressee=_choice(Addressee, fields["addressee"], "addressee"),  # type: ignore[arg-type]
        priority=_choice(Priority, fields["priority"], "priority"),  # type: ignore[arg-type]
    )


def parse_assessment(
    convention: Convention, report: ReportId, article_text: str, fields: dict[str, str]
) -> Assessment:
    article = convention.article(article_text)
    require(fields, ("in-law", "in-practice"), optional=("provisions",))
    return Assessment(
        report=report,
        article=article.number,
        in_law=parse_rating(fields["in-law"], "in-law"),
        in_practice=parse_rating(fields["in-practice"], "in-practice"),
        provisions=parse_citations(fields.get("provisions") or ""),
    )
