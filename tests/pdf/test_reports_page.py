"""A job that prints or exports some reports only (``--reports``) builds the ``singlehtml``
page of those reports (:mod:`build_tools.typst.reports_page`): their volumes, their typst
sources and their Word files are the bytes a whole page gives, links to pages the partial
page leaves out included; a later whole build never takes the partial page for its own."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from build_tools.scaffold.new_report import create_report

REPO = Path(__file__).resolve().parents[2]
MARKER = 'id="document-{}"'


def build(project: Path, *args: str) -> str:
    env = {
        **os.environ,
        "PDF_ENGINE": "typst",
        "PYTHONPATH": str(REPO),
        "SOURCE_DATE_EPOCH": "1767225600",
    }
    run = subprocess.run(
        [sys.executable, "-m", "build_tools", "--root", str(project), "build", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return run.stdout


@pytest.fixture
def two_reports(mini_project: Path) -> Path:
    """The mini project with a second report and a page of the collection's own, which
    the first report links to."""
    create_report(mini_project, "pt", date=dt.date(2026, 1, 1))
    index = mini_project / "reports" / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace("alpha/index\n", "about\nalpha/index\n"),
        encoding="utf-8",
    )
    (mini_project / "reports" / "about.md").write_text(
        "# About the collection\n\n(about-terms)=\n## Terms\n\nWhat the words mean.\n",
        encoding="utf-8",
    )
    page = mini_project / "reports" / "alpha" / "introduction.md"
    page.write_text(
        page.read_text(encoding="utf-8")
        + "\nSee {doc}`/about`, {ref}`about-terms` and {doc}`/portugal/index`.\n",
        encoding="utf-8",
    )
    return mini_project


def outputs(project: Path) -> dict[str, bytes]:
    """alpha's PDF, typst source and Word file."""
    build_dir = project / "_build"
    files = build_dir / ".work" / "en" / "pdf-typst" / "files"
    return {
        "pdf": (build_dir / "pdf" / "en" / "alpha.pdf").read_bytes(),
        "typst": (files / "alpha.body.typ").read_bytes(),
        "docx": (build_dir / "docx" / "en" / "alpha.docx").read_bytes(),
    }


def forget_alpha(project: Path) -> None:
    """alpha's volume and Word file, and what they were made from: made again."""
    work = project / "_build" / ".work" / "en"
    shutil.rmtree(work / "pdf-typst")
    shutil.rmtree(work / "docx" / "converted")
    (project / "_build" / "pdf" / "en" / "alpha.pdf").unlink()
    (project / "_build" / "docx" / "en" / "alpha.docx").unlink()


def test_a_reports_build_prints_what_the_whole_page_prints(two_reports: Path) -> None:
    build(two_reports, "pdf", "docx", "--languages", "en")
    singlehtml = two_reports / "_build" / ".work" / "en" / "singlehtml"
    whole_page = (singlehtml / "out" / "index.html").read_text(encoding="utf-8")
    assert MARKER.format("portugal/index") in whole_page
    whole = outputs(two_reports)
    # the links out of the report's section print as text in both pages
    assert b"About the collection" in whole["typst"] and b"Terms" in whole["typst"]

    # a page the partial page leaves out changes: the page of alpha alone is built
    other = two_reports / "reports" / "portugal" / "index.md"
    original = other.read_text(encoding="utf-8")
    other.write_text(original + "\nOne more sentence.\n", encoding="utf-8")
    forget_alpha(two_reports)
    build(two_reports, "pdf", "docx", "--languages", "en", "--reports", "alpha")
    log = (two_reports / "_build" / "logs" / "en-pdf.log").read_text(encoding="utf-8")
    log += (two_reports / "_build" / "logs" / "en-docx.log").read_text(encoding="utf-8")
    assert log.count("-b singlehtml") == 1
    assert "reports alpha)" in log
    partial_page = (singlehtml / "out" / "index.html").read_text(encoding="utf-8")
    assert MARKER.format("alpha/index") in partial_page
    assert MARKER.format("portugal/index") not in partial_page
    assert MARKER.format("about") not in partial_page
    assert outputs(two_reports) == whole

    # the whole build after it builds the whole page again: today's, byte for byte
    other.write_text(original, encoding="utf-8")
    build(two_reports, "pdf", "--languages", "en")
    assert (singlehtml / "out" / "index.html").read_text(encoding="utf-8") == whole_page
    assert (two_reports / "_build" / "pdf" / "en" / "mini-collection.pdf").is_file()

    # a whole page up to date serves a job of some reports as it is
    build(two_reports, "pdf", "--languages", "en", "--reports", "alpha")
    log = (two_reports / "_build" / "logs" / "en-pdf.log").read_text(encoding="utf-8")
    assert "singlehtml: up to date" in log


def test_a_stale_partial_page_is_never_the_whole_page(two_reports: Path) -> None:
    build(two_reports, "pdf", "--languages", "en", "--reports", "alpha")
    singlehtml = two_reports / "_build" / ".work" / "en" / "singlehtml"
    assert MARKER.format("portugal/index") not in (singlehtml / "out" / "index.html").read_text(
        encoding="utf-8"
    )
    # nothing changed since: the whole build still needs, and builds, the whole page
    build(two_reports, "pdf", "docx", "--languages", "en")
    page = (singlehtml / "out" / "index.html").read_text(encoding="utf-8")
    assert MARKER.format("portugal/index") in page and MARKER.format("about") in page
    assert (two_reports / "_build" / "docx" / "en" / "portugal.docx").is_file()
