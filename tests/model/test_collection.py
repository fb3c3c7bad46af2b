"""The Collection, from hand-made records: no Sphinx, no pages, no build."""

from __future__ import annotations

import copy
import datetime as dt

from build_tools.model.assessment import Addressee, Assessment, Priority, Recommendation
from build_tools.model.collection import Collection, natural_key
from build_tools.model.law import Citation, LawStatus, LegalInstrument
from build_tools.model.rating import Rating
from build_tools.model.records import AssessmentEntry, LawEntry, RecommendationEntry
from build_tools.model.report import ReportId, ReportMetadata, Status

SPAIN, FRANCE = ReportId.named("spain"), ReportId.named("france")


def meta(country: str, kind: str = "report") -> ReportMetadata:
    return ReportMetadata(kind, country, ("NGO",), "First", dt.date(2026, 1, 1), Status.SAMPLE)


def law(law_id: str, page: str, line: int = 3) -> LawEntry:
    instrument = LegalInstrument(
        law_id, "ES", law_id.upper(), law_id, None, "BOE", "", LawStatus.IN_FORCE
    )
    return LawEntry(page, line, instrument)


def rec(rec_id: str, report: ReportId, article: int, addressee=Addressee.GOVERNMENT):
    recommendation = Recommendation(rec_id, addressee, Priority.HIGH, article, report)
    return RecommendationEntry(f"{report.name}/analysis", 20, recommendation, rec_id.lower(), "Do")


def assessment(report: ReportId, article: int, law_rating=Rating.PARTLY, cites=(), recs=()):
    a = Assessment(
        report,
        article,
        law_rating,
        Rating.NOT_CONFORM,
        tuple(Citation(c) for c in cites),
        tuple(r.recommendation for r in recs),
    )
    return AssessmentEntry(f"{report.name}/analysis", 10 + article, a, f"assessment-{article}")


def build(**changes) -> Collection:
    recs = {
        "ES-25-10": [rec("ES-25-10", SPAIN, 25)],
        "ES-25-2": [rec("ES-25-2", SPAIN, 25, Addressee.PARLIAMENT)],
        "ES-7-1": [rec("ES-7-1", SPAIN, 7)],
        "FR-25-1": [rec("FR-25-1", FRANCE, 25, Addressee.EU)],
    }
    records = {
        "report_names": ["spain", "france"],
        "metadata": {
            "index": meta("", "collection"),
            "spain/index": meta("ES"),
            "france/index": meta("FR"),
        },
        "laws": {"es-loex": [law("es-loex", "spain/legal")], "fr-ceseda": [law("fr-ceseda", "x")]},
        "assessments": {
            (SPAIN, 25): [assessment(SPAIN, 25, cites=("es-loex",))],
            (SPAIN, 7): [assessment(SPAIN, 7, Rating.CONFORM, cites=("es-loex",))],
            (FRANCE, 25): [assessment(FRANCE, 25, Rating.LARGELY)],
        },
        "recommendations": recs,
        "pages": {"index", "spain/index", "spain/analysis", "france/index", "france/analysis"},
    }
    records.update(changes)
    return Collection.build(**records)


def test_a_report_has_one_identity():
    assert SPAIN.name == "spain" and SPAIN.root == "spain/index"
    assert ReportId.of_page("spain/legal-framework") == SPAIN
    assert ReportId.of_page("index") is None
    assert type(copy.deepcopy(SPAIN)) is ReportId  # the environment pickles it
    # its repr is that of the index page's name: chart fingerprints did not change
    assert repr(SPAIN) == "'spain/index'"


def test_reports_in_the_order_of_the_configuration():
    collection = build()
    assert [r.name for r in collection.reports] == ["spain", "france"]
    assert collection.find_report("FR").name == "france"
    assert collection.find_report("spain").country == "ES"
    assert collection.find_report("atlantis") is None


def test_matrix_cells_and_the_reports_that_assess_an_article():
    collection = build()
    assert collection.cell(SPAIN, 25).assessment.in_law is Rating.PARTLY
    assert collection.cell(FRANCE, 7) is None
    assert [e.assessment.report.name for e in collection.assessed_in(25)] == ["france", "spain"]
    assert [e.assessment.article for e in collection.assessments_of(SPAIN)] == [7, 25]


def test_natural_order_of_recommendation_ids():
    assert sorted(["ES-25-10", "ES-25-2", "ES-7-1"], key=natural_key) == [
        "ES-7-1",
        "ES-25-2",
        "ES-25-10",
    ]
    ids = [e.recommendation.id for e in build().recommendations_of(SPAIN)]
    assert ids == ["ES-7-1", "ES-25-2", "ES-25-10"]


def test_recommendations_grouped_by_article_report_and_addressee():
    collection = build()
    by_article = collection.recommendations_by("article")
    assert [k for k, _ in by_article] == [7, 25]
    assert [e.recommendation.id for e in by_article[1][1]] == ["FR-25-1", "ES-25-2", "ES-25-10"]
    assert [k.name for k, _ in collection.recommendations_by("country")] == ["spain", "france"]
    assert [k for k, _ in collection.recommendations_by("addressee")] == [
        Addressee.GOVERNMENT,
        Addressee.PARLIAMENT,
        Addressee.EU,
    ]


def test_laws_of_a_report_and_the_articles_citing_them():
    collection = build()
    assert [e.law.id for e in collection.laws_of(SPAIN)] == ["es-loex"]
    assert collection.articles_citing(SPAIN) == {"es-loex": [7, 25]}


def test_consistency_rules_are_located():
    duplicate = assessment(SPAIN, 25)
    duplicate = AssessmentEntry("spain/other", 4, duplicate.assessment, duplicate.anchor)
    collection = build(
        assessments={
            (SPAIN, 25): [assessment(SPAIN, 25, cites=("es-nowhere",)), duplicate],
        },
        recommendations={"ES-7-1": [rec("ES-7-1", SPAIN, 7), rec("ES-7-1", FRANCE, 7)]},
        report_names=["spain", "france", "atlantis"],
        metadata={"spain/index": meta("ES")},
    )
    problems = collection.problems(lambda page: f"reports/{page}.md")
    found = {(p.subtype, p.where.docname if p.where else None) for p in problems}
    assert found == {
        ("assessment", "spain/other"),
        ("recommendation", "france/analysis"),
        ("law", "spain/analysis"),
        ("metadata", None),  # atlantis: listed, no page
        ("metadata", "france/index"),  # a page, no {report}
    }
    duplicate_message = next(p.message for p in problems if p.subtype == "assessment")
    assert "already assessed in this report, at reports/spain/analysis.md:35" in duplicate_message


def test_open_data_records():
    class Labels:
        def rating(self, rating):
            return rating.label

        def addressee(self, addressee):
            return addressee.value

        def priority(self, priority):
            return priority.value

        def subject(self, article):
            return f"subject {article}"

    data = build().open_data("en", Labels(), lambda page, anchor: f"{page}.html#{anchor}")
    assert [r["id"] for r in data["reports"]] == ["spain", "france"]
    assert data["reports"][0]["country_name"] == "Spain"
    assert [(a["report"], a["article"]) for a in data["assessments"]] == [
        ("france", 25),
        ("spain", 7),
        ("spain", 25),
    ]
    assert data["assessments"][0]["url"] == "france/analysis.html#assessment-25"
    laws = {law["id"]: law for law in data["laws"]}
    assert laws["es-loex"]["report"] == "spain" and laws["es-loex"]["country"] == "ES"
    assert laws["fr-ceseda"]["report"] == "" and laws["fr-ceseda"]["country"] == ""


def test_chart_inputs_are_data_not_display_text():
    collection = build()
    one = collection.chart_input(
        "ratings-by-part", "report", "es", str.upper, parts="3", report=collection.reports[0]
    )
    assert one.reports == (("spain", meta("ES")),)
    assert [a.article for a in one.assessments] == [7, 25]
    assert one.option("part") == "3" and one.name("ES") == "España"
    assert one.name("part-III").startswith("HUMAN RIGHTS OF ALL MIGRANT WORKERS")
    every = collection.chart_input("heatmap", "collection", "en", str)
    assert [name for name, _ in every.reports] == ["spain", "france"]
    assert len(every.assessments) == 3 and every.ratifications == ()
    parties = collection.chart_input("ratification", "ratifications", "en", str)
    assert parties.ratifications and parties.assessments == ()
