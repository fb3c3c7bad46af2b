"""The typst PDF engine on the small project: every volume tagged (PDF/UA-1), with its
language and the language of every passage left in English, fonts embedded, alt text on
figures, header cells in tables, footnotes (also inside a table), dates in the volume's
language; and a second build that typesets nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from build_tools.checks import pdf as pdf_check
from build_tools.pipeline.jobs import SPHINX_ENTRY
from tests.pdf.structure import read

REPO = Path(__file__).resolve().parents[2]
VOLUMES = ("alpha", "mini-collection")
LANGUAGES = ("en", "es")


def build(project: Path, *formats: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PDF_ENGINE": "typst", "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "build_tools", "--root", str(project), "build", *formats],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@pytest.fixture(scope="module")
def typst_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    project = tmp_path_factory.mktemp("typst") / "project"
    shutil.copytree(REPO / "tests" / "roots" / "project-mini", project)
    # the optional fields the imprint and the cover print
    index = project / "reports" / "alpha" / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace(
            ":date: 2026-11-27\n",
            ":date: 2026-11-27\n:as-of: 2026-10-01\n:isbn: 978-0-306-40615-7\n"
            ":doi: 10.5281/zenodo.1234567\n",
        ),
        encoding="utf-8",
    )
    # the cover's words are the interface catalogue's: the project translates this one
    catalogue = project / "locale" / "es" / "LC_MESSAGES" / "shadow-interface.po"
    with catalogue.open("a", encoding="utf-8") as po:
        po.write('\nmsgid "Law as at"\nmsgstr "Legislación a fecha de"\n')
    run = build(project, "pdf")
    assert run.returncode == 0, run.stdout + run.stderr
    return project


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("volume", VOLUMES)
def test_every_volume_is_tagged_pdf_ua_with_its_language(typst_build, language, volume):
    pdf = typst_build / "_build" / "pdf" / language / f"{volume}.pdf"
    info = pdf_check.info(pdf)
    assert info["Tagged"] == "yes"
    assert "A4" in info["Page size"]
    assert info.get("Title")
    structure = read(pdf)
    assert structure.tagged
    assert structure.lang == language
    assert structure.ua_part == "1", "no PDF/UA-1 identification in the XMP metadata"
    assert structure.kinds["H1"] >= 1
    assert structure.kinds["P"] > 0
    assert structure.figures_without_alt == 0
    assert structure.header_rows_without_th == 0
    assert pdf_check.font_problems(pdf) == []
    assert pdf_check.fonts(pdf)
    assert pdf_check.has_outline(pdf), "no bookmarks"


def test_the_table_keeps_its_header_cells_and_its_footnote(typst_build):
    pdf = typst_build / "_build" / "pdf" / "en" / "alpha.pdf"
    structure = read(pdf)
    assert structure.tables_with_header_rows >= 1
    assert structure.header_cells >= 2  # Instrument | Reference
    assert structure.kinds["Note"] == 2  # the paragraph's footnote and the table's
    text = pdf_check.text(pdf)
    assert "Riigi Teataja, the official gazette." in text
    assert "Välismaalaste seadus" in text  # Estonian letters in the embedded fonts


def test_english_left_in_the_spanish_volume_is_tagged_english(typst_build):
    # the mini project's Spanish catalogue translates the collection page only
    structure = read(typst_build / "_build" / "pdf" / "es" / "alpha.pdf")
    assert structure.langs["en"] > 0
    collection = read(typst_build / "_build" / "pdf" / "es" / "mini-collection.pdf")
    assert collection.lang == "es"


@pytest.mark.parametrize(
    ("language", "date"), [("en", "27 November 2026"), ("es", "27 de noviembre de 2026")]
)
def test_the_cover_dates_the_volume_in_its_language(typst_build, language, date):
    first_page = subprocess.run(
        [
            "pdftotext",
            "-f",
            "1",
            "-l",
            "1",
            str(typst_build / "_build" / "pdf" / language / "alpha.pdf"),
            "-",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert date in first_page
    assert "Alpha Organisation" in first_page


def test_the_imprint_says_how_to_cite(typst_build):
    text = pdf_check.text(typst_build / "_build" / "pdf" / "en" / "alpha.pdf")
    assert "How to cite" in text
    assert "Alpha Organisation; Beta Organisation (2026)." in " ".join(text.split())


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ("Law as at", "1 October 2026")),
        ("es", ("Legislación a fecha de", "1 de octubre de 2026")),
    ],
)
def test_the_imprint_gives_isbn_and_doi_and_the_cover_the_law_date(typst_build, language, words):
    pdf = typst_build / "_build" / "pdf" / language / "alpha.pdf"
    cover = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert all(word in " ".join(cover.split()) for word in words)
    imprint = " ".join(pdf_check.text(pdf).split())
    assert "ISBN 978-0-306-40615-7" in imprint
    assert "DOI https://doi.org/10.5281/zenodo.1234567" in imprint
    assert "(2026). Alpha" in imprint and "https://doi.org/10.5281/zenodo.1234567" in imprint
    # the licence as words and address (conf.py gives a name and a URL)
    # (compared without spaces: a line may break inside the address)
    assert "CCBY4.0(https://creativecommons.org/licenses/by/4.0/)" in imprint.replace(" ", "")
    assert "{'name'" not in imprint


def test_a_second_build_typesets_nothing(typst_build):
    pdfs = {p: p.stat().st_mtime_ns for p in (typst_build / "_build" / "pdf").rglob("*.pdf")}
    run = build(typst_build, "pdf")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "up to date" in run.stdout
    assert {p: p.stat().st_mtime_ns for p in pdfs} == pdfs


def test_an_edit_typesets_only_the_volumes_that_hold_the_page(typst_build):
    page = typst_build / "reports" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence.\n", "utf-8")
    run = build(typst_build, "pdf")
    assert run.returncode == 0, run.stdout + run.stderr
    results = json.loads((typst_build / "_build" / "logs" / "results.json").read_text())
    states = {
        (job["language"], item["name"]): item["state"]
        for job in results["jobs"]
        for item in job["items"]
    }
    assert states[("en", "alpha")] == "reused"
    assert states[("en", "mini-collection")] == "written"


def test_word_reads_the_single_page_the_pdf_built(typst_build):
    # after the PDF's build, the Word export of the same sources runs no Sphinx at all
    run = build(typst_build, "docx")
    assert run.returncode == 0, run.stdout + run.stderr
    for language in LANGUAGES:
        log = (typst_build / "_build" / "logs" / f"{language}-docx.log").read_text("utf-8")
        assert "singlehtml: up to date" in log
        assert f"-m {SPHINX_ENTRY} " not in log and "-m sphinx " not in log
        assert (typst_build / "_build" / "docx" / language / "alpha.docx").is_file()
    # an edit: the one run that makes both reads the sources once, in the first job
    page = typst_build / "reports" / "alpha" / "introduction.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA new sentence.\n", "utf-8")
    run = build(typst_build, "pdf", "docx", "--languages", "en")
    assert run.returncode == 0, run.stdout + run.stderr
    logs = [
        (typst_build / "_build" / "logs" / f"en-{fmt}.log").read_text("utf-8")
        for fmt in ("pdf", "docx")
    ]
    assert sum(log.count("-b singlehtml") for log in logs) == 1
    assert sum("singlehtml: up to date" in log for log in logs) == 1


def test_a_volume_typst_refuses_fails_its_job_with_the_diagnostic(typst_build):
    # a body typst cannot compile, kept (its HTML did not change), and a volume to typeset
    pdf_work = next((typst_build / "_build" / ".work").glob("en/pdf*"))
    body = pdf_work / "files" / "alpha.body.typ"
    text = body.read_text(encoding="utf-8")
    body.write_text(text + "\n#no-such-function()\n", encoding="utf-8")
    (pdf_work / "typeset" / "alpha").unlink()
    page = typst_build / "reports" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nAnother sentence.\n", "utf-8")
    try:
        run = build(typst_build, "pdf", "--languages", "en")
    finally:
        body.write_text(text, encoding="utf-8")
    assert run.returncode == 1
    # the job's message, in the run's summary: typst's diagnostic, located by typst
    assert "typst refused" in run.stdout
    assert "unknown variable: no-such-function" in run.stdout
    assert "alpha.body.typ:" in run.stdout
    log = (typst_build / "_build" / "logs" / "en-pdf.log").read_text("utf-8")
    assert "Traceback" not in run.stdout + run.stderr + log
