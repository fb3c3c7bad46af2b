"""The shipped corpus, built as `make all` builds it: every language, every format.

Reuses `_build/` of the repository (a no-op when `make all` already ran), then checks what
a reader's tools see: fonts, PDF properties, EPUBCheck, the language switcher.
"""

from __future__ import annotations

import pytest

from build_tools.checks import epub as epub_check
from build_tools.checks import pdf as pdf_check
from build_tools.checks.html import broken_switcher_links
from build_tools.cli import main
from build_tools.pipeline.project import Project
from tests.conftest import REPO

pytestmark = pytest.mark.slow

PROJECT = Project.load(REPO)
TRANSLATED_TITLE = {
    "es": "Informes paralelos",
    "fr": "Rapports parallèles",
}


@pytest.fixture(scope="module")
def built(corpus):
    return corpus


def test_the_corpus_declares_three_languages_and_seven_reports():
    assert PROJECT.languages == ("en", "es", "fr")
    assert len(PROJECT.reports) == 7


@pytest.mark.parametrize("language", PROJECT.languages)
def test_html_site(built, language):
    site = built / "html" / language
    assert (site / "index.html").is_file()
    for report in PROJECT.reports:
        assert (site / report / "index.html").is_file()
    assert broken_switcher_links(site.parent) == []
    if language in TRANSLATED_TITLE:
        home = (site / "index.html").read_text(encoding="utf-8")
        assert TRANSLATED_TITLE[language] in home


@pytest.mark.parametrize("language", PROJECT.languages)
def test_pdf_volumes(built, language):
    folder = built / "pdf" / language
    names = sorted(p.stem for p in folder.glob("*.pdf"))
    assert names == sorted(PROJECT.pdf_volumes)
    for pdf in sorted(folder.glob("*.pdf")):
        assert pdf_check.font_problems(pdf) == []
        info = pdf_check.info(pdf)
        assert info.get("Title"), f"{pdf}: no title"
        assert "European Platform for Migrant Workers' Rights" in info.get("Author", "")
        assert "A4" in info["Page size"]
        assert pdf_check.language(pdf) == language
        assert pdf_check.has_outline(pdf), f"{pdf}: no bookmarks"
    if language in TRANSLATED_TITLE:
        volume = folder / f"{PROJECT.collection_name}.pdf"
        assert TRANSLATED_TITLE[language] in pdf_check.info(volume)["Title"]


@pytest.mark.parametrize("language", PROJECT.languages)
def test_epub_is_epubcheck_clean(built, language):
    report = epub_check.check(built / "epub" / language / f"{PROJECT.collection_name}.epub")
    assert report.clean, report.messages


def test_second_make_all_rebuilds_nothing(built, capsys):
    pdfs = {p: p.stat().st_mtime_ns for p in (built / "pdf").rglob("*.pdf")}
    capsys.readouterr()
    assert main(["--root", str(REPO), "build", "html", "pdf", "epub"]) == 0
    out = capsys.readouterr().out
    assert out.count("up to date") >= 2 * len(PROJECT.languages) * 3  # progress + summary
    assert {p: p.stat().st_mtime_ns for p in (built / "pdf").rglob("*.pdf")} == pdfs


def test_every_assessment_rests_on_declared_laws_with_official_references(built):
    """Honesty of the sample: every assessment cites real, declared instruments, and every
    law declared carries its official reference."""
    import json

    data = json.loads((built / "data" / "en" / "assessments.json").read_text(encoding="utf-8"))
    laws = {law["id"]: law for law in data["laws"]}
    assert laws, "the corpus declares no law"
    for law in laws.values():
        assert law["reference"].strip(), f"law {law['id']} has no official reference"
    assert data["assessments"], "the corpus assesses no article"
    for a in data["assessments"]:
        where = f"{a['report']} article {a['article']}"
        assert a["provisions"], f"{where} cites no law"
        assert all(p["law"] in laws for p in a["provisions"]), where


def test_every_report_assesses_parts_iii_and_iv_and_the_general_articles(built):
    """The corpus is the template researchers copy: article by article, nothing left
    "not yet assessed"."""
    import json

    from build_tools.model.convention import convention

    data = json.loads((built / "data" / "en" / "assessments.json").read_text(encoding="utf-8"))
    parts = {p.roman: p for p in convention().parts}
    required = {7, 73, 83, 84, *parts["III"].articles, *parts["IV"].articles}
    by_report: dict[str, set[int]] = {}
    for a in data["assessments"]:
        by_report.setdefault(a["report"], set()).add(a["article"])
        assert a["in_law"]["code"] != "not_assessed", f"{a['report']} article {a['article']}"
    assert len(by_report) == len(PROJECT.reports)
    for report, articles in by_report.items():
        assert not required - articles, f"{report} misses {sorted(required - articles)}"


def test_the_common_gaps_page_says_what_the_ratings_say(built):
    """The comparative narrative states that some articles are rated partly in conformity
    in every report: each such sentence must stay true of the data when a rating changes."""
    import json
    import re

    page = (REPO / "reports" / "comparative" / "common-gaps.md").read_text(encoding="utf-8")
    claimed = [int(n) for n in re.findall(r"Every report rates \{article\}`(\d+)` partly", page)]
    assert claimed, "the page no longer makes the claims this test checks"
    data = json.loads((built / "data" / "en" / "assessments.json").read_text(encoding="utf-8"))
    for article in claimed:
        ratings = {
            a["report"]: a["in_law"]["code"] for a in data["assessments"] if a["article"] == article
        }
        assert len(ratings) == len(PROJECT.reports), article
        assert set(ratings.values()) == {"partly"}, (article, ratings)
