"""Editions: the previous-edition file (located errors), the change of each assessment, and
the collection's views of it (open data, chart input). No Sphinx."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import textwrap
from pathlib import Path

import pytest

from build_tools.model.assessment import Assessment
from build_tools.model.collection import Collection
from build_tools.model.edition import (
    Change,
    FollowUp,
    PreviousRating,
    compare,
    load_previous_edition,
    rating_change,
)
from build_tools.model.rating import Rating
from build_tools.model.records import AssessmentEntry
from build_tools.model.report import ReportId, ReportMetadata, Status
from build_tools.model.yamldata import DataError

IRELAND = ReportId.named("ireland")
R = Rating

GOOD = """\
edition: "First edition"
title: "Ireland and the Convention"
date: 2014-06-16
status: sample
ratings:
  - {article: 22, in-law: partly, in-practice: insufficient information}
  - {article: 25, in-law: not, in-practice: largely}
  - {article: 62, in-law: partly, in-practice: partly}
recommendations:
  - {id: IE-25-1, article: 25, follow-up: partly}
  - {id: IE-62-1, article: 62, follow-up: no longer relevant, text: "Extend it."}
  - {id: IE-22-1, article: 22}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "previous-edition.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def now(article: int, law: Rating, practice: Rating) -> Assessment:
    return Assessment(IRELAND, article, law, practice)


def test_the_file_is_read_with_its_ratings_and_follow_ups(tmp_path):
    edition = load_previous_edition(write(tmp_path, GOOD), "ireland")
    assert (edition.edition, edition.date, edition.status) == (
        "First edition",
        dt.date(2014, 6, 16),
        Status.SAMPLE,
    )
    assert edition.rating(25) == PreviousRating(25, R.NOT_CONFORM, R.LARGELY)
    assert edition.rating(7) is None
    follow = {r.id: r.follow_up for r in edition.recommendations}
    assert follow == {
        "IE-25-1": FollowUp.PARTLY,
        "IE-62-1": FollowUp.NOT_RELEVANT,
        "IE-22-1": None,
    }


@pytest.mark.parametrize(
    ("old", "new", "line", "says"),
    [
        ("{article: 62,", "{article: 94,", 8, r"unknown article '94'.*1 to 93"),
        ("in-law: not,", "in-law: partially conform,", 7, r"in-law: rating .*valid:"),
        ("in-law: not,", "in-law: largly,", 7, r"did you mean 'largely'"),
        ("{article: 62,", "{article: 25,", 8, r"article 25 is rated twice \(first on line 7\)"),
        ("{id: IE-22-1,", "{id: IE-25-1,", 12, r"IE-25-1 is listed twice \(first on line 10\)"),
        ("follow-up: partly}", "follow-up: implemnted}", 10, r"did you mean 'implemented'.*valid:"),
        ("{id: IE-22-1,", "{id: 22-1,", 12, r"invalid recommendation id '22-1'"),
        ("date: 2014-06-16", "date: 16/06/2014", 3, r"not a date; write it as YYYY-MM-DD"),
        ("status: sample", "status: published", 4, r"valid: draft, sample, final"),
        ("edition:", "editon:", 1, r"missing 'edition'"),
    ],
)
def test_a_bad_file_is_one_located_error_saying_what_is_valid(tmp_path, old, new, line, says):
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(DataError) as caught:
        load_previous_edition(path, "ireland")
    assert caught.value.line == line, str(caught.value)
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert re.search(says, str(caught.value)), str(caught.value)


def test_law_and_practice_compare_on_the_order_of_the_scale():
    assert rating_change(R.PARTLY, R.LARGELY) is Change.IMPROVED
    assert rating_change(R.CONFORM, R.NOT_CONFORM) is Change.WORSENED
    assert rating_change(R.PARTLY, R.PARTLY) is Change.UNCHANGED
    # a rating that is no degree of conformity is not compared
    assert rating_change(R.NO_INFORMATION, R.PARTLY) is Change.NEW
    assert rating_change(R.PARTLY, R.NOT_ASSESSED) is Change.DROPPED
    assert rating_change(R.NOT_APPLICABLE, None) is None


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ((R.PARTLY, R.PARTLY), (R.LARGELY, R.PARTLY), Change.IMPROVED),
        ((R.PARTLY, R.PARTLY), (R.PARTLY, R.NOT_CONFORM), Change.WORSENED),
        ((R.PARTLY, R.LARGELY), (R.LARGELY, R.PARTLY), Change.MIXED),
        ((R.PARTLY, R.NO_INFORMATION), (R.PARTLY, R.LARGELY), Change.UNCHANGED),
        ((R.NO_INFORMATION, R.NO_INFORMATION), (R.PARTLY, R.PARTLY), Change.NEW),
        (None, (R.PARTLY, R.PARTLY), Change.NEW),
        ((R.PARTLY, R.PARTLY), (R.NOT_ASSESSED, R.NO_INFORMATION), Change.DROPPED),
        ((R.PARTLY, R.PARTLY), None, Change.DROPPED),
        (None, (R.NO_INFORMATION, R.NOT_APPLICABLE), None),
    ],
)
def test_the_change_of_an_assessment_combines_law_and_practice(before, after, expected):
    previous = PreviousRating(25, *before) if before else None
    current = now(25, *after) if after else None
    made = compare("ireland", 25, previous, current)
    assert (made.change if made else None) is expected


def collection(tmp_path) -> Collection:
    edition = load_previous_edition(write(tmp_path, GOOD), "ireland")
    unrated = PreviousRating(30, R.NO_INFORMATION, R.NO_INFORMATION)
    edition = dataclasses.replace(edition, ratings=(*edition.ratings, unrated))
    meta = ReportMetadata("report", "IE", ("NGO",), "Second", dt.date(2026, 1, 1), Status.SAMPLE)
    entries = {
        (IRELAND, 22): [
            AssessmentEntry("ireland/p", 5, now(22, R.LARGELY, R.NO_INFORMATION), "assessment-22")
        ],
        (IRELAND, 25): [
            AssessmentEntry("ireland/p", 9, now(25, R.PARTLY, R.PARTLY), "assessment-25")
        ],
        (IRELAND, 30): [
            AssessmentEntry("ireland/p", 7, now(30, R.NO_INFORMATION, R.NO_INFORMATION), "a-30")
        ],
        (IRELAND, 59): [
            AssessmentEntry("ireland/p", 12, now(59, R.PARTLY, R.NO_INFORMATION), "assessment-59")
        ],
    }
    return Collection.build(
        report_names=["ireland"],
        metadata={"ireland/index": meta},
        laws={},
        assessments=entries,
        recommendations={},
        pages={"ireland/index", "ireland/p"},
        previous={"ireland": edition},
    )


def test_the_collection_gives_each_assessment_its_change(tmp_path):
    found = {c.article: c.change for c in collection(tmp_path).changes_of(IRELAND)}
    assert found == {
        22: Change.IMPROVED,
        25: Change.MIXED,  # law up from "not", practice down from "largely"
        59: Change.NEW,
        62: Change.DROPPED,  # rated in 2014, not assessed now
    }


def test_the_open_data_carries_previous_ratings_and_the_change(tmp_path):
    class Labels:
        def rating(self, rating):
            return rating.label

        def subject(self, article):
            return str(article)

        def change(self, change):
            return change.value.upper()

    data = collection(tmp_path).open_data("en", Labels(), lambda page, anchor: page)
    by_article = {a["article"]: a for a in data["assessments"]}
    assert by_article[25]["previous_ratings"]["in_law"]["code"] == "not_conform"
    assert by_article[25]["change"] == {"code": "mixed", "label": "MIXED"}
    assert by_article[59]["previous_ratings"] is None
    assert by_article[59]["change"]["code"] == "newly_assessed"
    # rated in neither edition: the previous ratings are published, there is no change
    assert by_article[30]["previous_ratings"]["in_law"]["code"] == "no_information"
    assert by_article[30]["change"] is None
    (report,) = data["reports"]
    assert report["previous_edition"]["no_longer_assessed"] == [62]
    assert report["previous_edition"]["status"] == "sample"
    follow = {r["id"]: r["follow_up"] for r in report["previous_edition"]["recommendations"]}
    assert follow == {"IE-25-1": "partly", "IE-62-1": "no_longer_relevant", "IE-22-1": None}


def test_a_chart_of_the_report_receives_its_changes(tmp_path):
    built = collection(tmp_path)
    report = built.find_report("ireland")
    data = built.chart_input("changes-by-part", "report", "en", str, report=report)
    assert [c.article for c in data.changes] == [22, 25, 59, 62]
    # a report without a previous edition: no changes, nothing to draw from
    bare = Collection.build(["ireland"], {}, {}, {}, {}, set())
    assert bare.changes_of(IRELAND) == [] and bare.updated_reports() == []
