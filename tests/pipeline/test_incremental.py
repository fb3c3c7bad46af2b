"""Every format is a job of the pipeline, Word included: a second build with nothing
changed writes nothing under ``_build/`` and reports every job up to date; an edit of one
report's page converts that report's Word file again and no other; the run's records are
in ``results.json``."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from pathlib import Path

import pytest

from build_tools.cli import main
from build_tools.scaffold.new_report import create_report


def build(project: Path, *args: str) -> int:
    return main(["--root", str(project), "build", *args])


def written_since(folder: Path, moment: float) -> list[str]:
    """Files under ``folder`` written after ``moment`` (as ``find -newer`` sees them)."""
    return sorted(
        str(p.relative_to(folder))
        for p in folder.rglob("*")
        if p.is_file() and p.stat().st_mtime > moment
    )


def records(path: Path) -> dict[str, dict]:
    return {job["job"]: job for job in json.loads(path.read_text(encoding="utf-8"))["jobs"]}


@pytest.fixture
def two_reports(mini_project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The mini project with a second report (the scaffold's), so that one can change
    while the other does not."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    create_report(mini_project, "pt", date=dt.date(2026, 1, 1))
    return mini_project


def test_a_second_build_writes_nothing_and_every_job_is_up_to_date(
    mini_project: Path, tmp_path: Path, capsys
) -> None:
    assert build(mini_project, "html", "docx") == 0
    first = records(mini_project / "_build" / "logs" / "results.json")
    assert {job["status"] for job in first.values()} == {"ok"}
    capsys.readouterr()

    moment = time.time()
    time.sleep(0.05)  # a file written now has a later mtime
    again = tmp_path / "again.json"  # outside _build: the check below must see nothing
    started = time.monotonic()
    assert build(mini_project, "html", "docx", "--results", str(again)) == 0
    seconds = time.monotonic() - started
    assert written_since(mini_project / "_build", moment) == []
    second = records(again)
    assert set(second) == {"en-html", "es-html", "en-docx", "es-docx"}
    assert {job["status"] for job in second.values()} == {"up to date"}
    assert seconds < 2, f"a build with nothing to do took {seconds:.1f} s"
    out = capsys.readouterr().out
    assert "en        docx    up to date" in out and "es        docx    up to date" in out


def test_an_edit_of_one_reports_page_converts_only_that_reports_word_file(
    two_reports: Path,
) -> None:
    assert build(two_reports, "docx", "--languages", "en") == 0
    docx = two_reports / "_build" / "docx" / "en"
    assert sorted(p.name for p in docx.glob("*.docx")) == ["alpha.docx", "portugal.docx"]
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in docx.glob("*.docx")}

    page = two_reports / "reports" / "alpha" / "introduction.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA sentence more.\n", encoding="utf-8")
    results = two_reports / "results.json"
    assert build(two_reports, "docx", "--languages", "en", "--results", str(results)) == 0

    job = records(results)["en-docx"]
    assert job["status"] == "ok"
    assert {item["name"]: item["state"] for item in job["items"]} == {
        "alpha": "written",
        "portugal": "reused",  # pandoc did not run for it
    }
    portugal = docx / "portugal.docx"
    assert (portugal.read_bytes(), portugal.stat().st_mtime_ns) == before["portugal.docx"]
    assert (docx / "alpha.docx").read_bytes() != before["alpha.docx"][0]
    log = (two_reports / "_build" / "logs" / "en-docx.log").read_text(encoding="utf-8")
    assert "alpha: written" in log and "portugal: reused" in log


def test_the_results_are_records(mini_project: Path) -> None:
    """Numbers and names, for programs (the benchmark): never a sentence to parse."""
    assert build(mini_project, "html", "docx", "--languages", "en") == 0
    jobs = records(mini_project / "_build" / "logs" / "results.json")
    html, docx = jobs["en-html"], jobs["en-docx"]
    assert html["format"] == "html" and html["language"] == "en"
    assert isinstance(html["seconds"], float) and html["seconds"] > 0
    assert html["log"].endswith(os.path.join("logs", "en-html.log"))
    charts = html["charts"]
    assert charts is None or {type(charts["drawn"]), type(charts["reused"])} == {int}
    assert docx["targets"] == ["alpha"]
    (item,) = docx["items"]
    assert item["state"] == "written" and item["path"].endswith("alpha.docx")
    assert item["counts"]["footnotes"] == 2


def test_word_export_is_the_pipelines_docx_format(mini_project: Path, capsys) -> None:
    """The Word command is a thin wrapper: the same job, stamp and summary row."""
    from build_tools.word.cli import main as word_main

    assert build(mini_project, "docx", "--languages", "en") == 0
    capsys.readouterr()
    assert word_main(["export", "--root", str(mini_project), "--languages", "en"]) == 0
    assert "en        docx    up to date" in capsys.readouterr().out
