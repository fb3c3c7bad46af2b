"""Editions: a report's previous edition, and what changed since it, assessment by assessment.

A report that updates an earlier one declares that edition as data beside its pages,
``reports/<report>/previous-edition.yaml``: its name, title and date, its status (a sample
or draft edition's ratings are illustrative, as a sample report's are), the rating in law
and in practice of every article it assessed, and its recommendations with their ids and,
when the author records it, their follow-up. The file is read through
:mod:`build_tools.model.yamldata` (its shape against ``data/schemas/previous-edition.schema.json``,
errors at ``file:line``); what a schema cannot say is checked here, at its line, with what
would be valid and the nearest valid word: an unknown article, rating or follow-up, an
article or recommendation id given twice.

How a change is decided (one rule, used by the cards, the changes page, the charts and the
open data):

- law and practice are compared separately, each on the order of the scale in
  :mod:`build_tools.model.rating` (in conformity > largely > partly > not in conformity);
  a rating outside that order (not applicable, insufficient information, not yet assessed)
  is no rating to compare: from none to one is "newly assessed", from one to none "no
  longer assessed";
- the assessment's change combines the two: improved when one moved up and none down,
  worsened when one moved down and none up, unchanged when both stayed; **mixed** when one
  moved up and the other down (the card shows both, so neither hides the other);
- newly assessed: the previous edition rated neither (or did not list the article);
  no longer assessed: the previous edition rated it and this one rates neither (or has no
  assessment of the article).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from build_tools.model import yamldata
from build_tools.model.assessment import RECOMMENDATION_ID, Assessment
from build_tools.model.convention import convention
from build_tools.model.errors import ModelError
from build_tools.model.rating import Rating, parse_rating
from build_tools.model.report import Status

#: the file beside a report's pages that declares its previous edition
FILE_NAME = "previous-edition.yaml"
SCHEMA = "previous-edition"


class Change(StrEnum):
    """What became of an assessment since the previous edition (codes of the open data)."""

    IMPROVED = "improved"
    UNCHANGED = "unchanged"
    WORSENED = "worsened"
    MIXED = "mixed"
    NEW = "newly assessed"
    DROPPED = "no longer assessed"

    @property
    def code(self) -> str:
        return self.value.replace(" ", "_")

    @property
    def label(self) -> str:
        """The English word, as the cards, the table and the charts show it (the
        interface catalogue's entry: ``sphinx_ext/editions.py`` ``change_label``)."""
        return _CHANGE_LABELS[self]


_CHANGE_LABELS = {
    Change.IMPROVED: "Improved",
    Change.UNCHANGED: "Unchanged",
    Change.WORSENED: "Worsened",
    Change.MIXED: "Mixed: one better, one worse",
    Change.NEW: "Newly assessed",
    Change.DROPPED: "No longer assessed",
}


class FollowUp(StrEnum):
    """What became of a recommendation of the previous edition."""

    IMPLEMENTED = "implemented"
    PARTLY = "partly"
    NOT = "not"
    NOT_RELEVANT = "no longer relevant"

    @property
    def code(self) -> str:
        return self.value.replace(" ", "_")


_FOLLOW_UP_ALIASES = {
    "implemented": FollowUp.IMPLEMENTED,
    "done": FollowUp.IMPLEMENTED,
    "partly": FollowUp.PARTLY,
    "partly implemented": FollowUp.PARTLY,
    "partially": FollowUp.PARTLY,
    "not": FollowUp.NOT,
    "not implemented": FollowUp.NOT,
    "no longer relevant": FollowUp.NOT_RELEVANT,
    "not relevant": FollowUp.NOT_RELEVANT,
    "obsolete": FollowUp.NOT_RELEVANT,
}


def parse_follow_up(text: str) -> FollowUp:
    key = " ".join(str(text).strip().lower().replace("-", " ").replace("_", " ").split())
    if key in _FOLLOW_UP_ALIASES:
        return _FOLLOW_UP_ALIASES[key]
    near = difflib.get_close_matches(key, list(_FOLLOW_UP_ALIASES), n=1, cutoff=0.6)
    hint = f" (did you mean '{_FOLLOW_UP_ALIASES[near[0]].value}'?)" if near else ""
    valid = ", ".join(f.value for f in FollowUp)
    raise ModelError(f"follow-up '{text}' is not known{hint}; valid: {valid}", field="follow-up")


@dataclass(frozen=True)
class PreviousRating:
    article: int
    in_law: Rating
    in_practice: Rating

    @property
    def is_assessed(self) -> bool:
        return self.in_law.is_assessed or self.in_practice.is_assessed


@dataclass(frozen=True)
class PreviousRecommendation:
    id: str
    article: int
    text: str = ""
    follow_up: FollowUp | None = None


@dataclass(frozen=True)
class PreviousEdition:
    """A report's previous edition, as its ``previous-edition.yaml`` declares it."""

    report: str  # the report's folder name
    edition: str
    title: str
    date: dt.date
    status: Status
    ratings: tuple[PreviousRating, ...]
    recommendations: tuple[PreviousRecommendation, ...] = ()
    note: str = ""
    path: str = ""  # the file, for messages

    def rating(self, article: int) -> PreviousRating | None:
        return next((r for r in self.ratings if r.article == article), None)


@dataclass(frozen=True)
class AssessmentChange:
    """One article of one report: its previous and current ratings, and the change."""

    report: str
    article: int
    previous: PreviousRating | None
    current: Assessment | None
    change: Change
    in_law: Change | None  # the change of one dimension; None: rated in neither edition
    in_practice: Change | None


def _rank(rating: Rating) -> int | None:
    """Place on the scale, 0 = in conformity; None for a rating that is no degree of it."""
    if not rating.is_assessed:
        return None
    return [r for r in Rating if r.is_assessed].index(rating)


def rating_change(previous: Rating | None, current: Rating | None) -> Change | None:
    """The change of one dimension (law or practice); None when neither edition rates it."""
    before = _rank(previous) if previous is not None else None
    after = _rank(current) if current is not None else None
    if before is None and after is None:
        return None
    if before is None:
        return Change.NEW
    if after is None:
        return Change.DROPPED
    if after < before:
        return Change.IMPROVED
    if after > before:
        return Change.WORSENED
    return Change.UNCHANGED


def compare(
    report: str, article: int, previous: PreviousRating | None, current: Assessment | None
) -> AssessmentChange | None:
    """The change of one article (see the module's docstring); None when neither edition
    rates it."""
    law = rating_change(previous.in_law if previous else None, current.in_law if current else None)
    practice = rating_change(
        previous.in_practice if previous else None, current.in_practice if current else None
    )
    was = previous is not None and previous.is_assessed
    now = current is not None and (current.in_law.is_assessed or current.in_practice.is_assessed)
    if not was and not now:
        return None
    if not was:
        change = Change.NEW
    elif not now:
        change = Change.DROPPED
    else:
        moved = {law, practice}
        if Change.IMPROVED in moved and Change.WORSENED in moved:
            change = Change.MIXED
        elif Change.IMPROVED in moved:
            change = Change.IMPROVED
        elif Change.WORSENED in moved:
            change = Change.WORSENED
        else:  # stayed, or one dimension rated in one edition only: nothing moved
            change = Change.UNCHANGED
    return AssessmentChange(report, article, previous, current, change, law, practice)


def changes(edition: PreviousEdition, assessments: Iterable[Assessment]) -> list[AssessmentChange]:
    """Every article either edition rates, in article order."""
    current = {a.article: a for a in assessments}
    articles = sorted(set(current) | {r.article for r in edition.ratings})
    found = []
    for article in articles:
        made = compare(edition.report, article, edition.rating(article), current.get(article))
        if made is not None:
            found.append(made)
    return found


# --- the file -------------------------------------------------------------------------
def _article(document: yamldata.Document, value: object, *keys: yamldata.PathPart) -> int:
    try:
        return convention().article(str(value)).number
    except ModelError as error:
        raise document.error(str(error), *keys) from None


def load_previous_edition(path: Path, report: str) -> PreviousEdition:
    """``path`` as a :class:`PreviousEdition`; :class:`~build_tools.model.yamldata.DataError`
    at ``file:line`` for anything not valid."""
    document = yamldata.load(path, SCHEMA)
    data = document.data
    ratings: list[PreviousRating] = []
    seen: dict[int, int] = {}
    for index, entry in enumerate(data["ratings"]):
        article = _article(document, entry["article"], "ratings", index, "article")
        if article in seen:
            raise document.error(
                f"article {article} is rated twice (first on line {seen[article]}): "
                "keep one rating per article",
                "ratings",
                index,
                "article",
            )
        seen[article] = document.line("ratings", index, "article") or 0
        rated = {}
        for key in ("in-law", "in-practice"):
            try:
                rated[key] = parse_rating(str(entry[key]), key)
            except ModelError as error:
                raise document.error(f"{key}: {error}", "ratings", index, key) from None
        ratings.append(PreviousRating(article, rated["in-law"], rated["in-practice"]))

    recommendations: list[PreviousRecommendation] = []
    ids: dict[str, int] = {}
    for index, entry in enumerate(data.get("recommendations") or ()):
        rec_id = entry["id"].strip()
        if not RECOMMENDATION_ID.match(rec_id):
            raise document.error(
                f"invalid recommendation id '{rec_id}': write the report code, the article "
                "and a number, e.g. IE-25-1",
                "recommendations",
                index,
                "id",
            )
        if rec_id in ids:
            raise document.error(
                f"recommendation {rec_id} is listed twice (first on line {ids[rec_id]}): "
                "ids are unique in an edition",
                "recommendations",
                index,
                "id",
            )
        ids[rec_id] = document.line("recommendations", index, "id") or 0
        article = _article(document, entry["article"], "recommendations", index, "article")
        follow_up = None
        if "follow-up" in entry:
            try:
                follow_up = parse_follow_up(entry["follow-up"])
            except ModelError as error:
                raise document.error(str(error), "recommendations", index, "follow-up") from None
        recommendations.append(
            PreviousRecommendation(rec_id, article, (entry.get("text") or "").strip(), follow_up)
        )

    date = data["date"]
    return PreviousEdition(
        report=report,
        edition=data["edition"].strip(),
        title=data["title"].strip(),
        date=date if isinstance(date, dt.date) else dt.date.fromisoformat(str(date)),
        status=Status(data["status"]),
        ratings=tuple(ratings),
        recommendations=tuple(recommendations),
        note=(data.get("note") or "").strip(),
        path=str(path),
    )
