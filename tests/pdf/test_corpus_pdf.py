"""The shipped corpus as printed by the default engine: every one of the 24 PDFs tagged,
PDF/UA-1, with its language, fonts embedded, figures with alt text, table headers as TH,
no word outside the text area (the overfull check); the collection carries every rating
word of the matrix, and not the handbook."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from lxml import html as lxml_html

from build_tools.checks import pdf as pdf_check
from build_tools.pipeline.formats import FORMATS, PdfTypst
from build_tools.pipeline.project import Project
from build_tools.typst.volume import page_margins
from tests.pdf.structure import read

REPO = Path(__file__).resolve().parents[2]
PROJECT = Project.load(REPO)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not isinstance(FORMATS["pdf"], PdfTypst), reason="the PDF engine is not typst"
    ),
]


@pytest.mark.parametrize("language", PROJECT.languages)
def test_every_pdf_is_tagged_pdf_ua_in_its_language(corpus, language):
    folder = corpus / "pdf" / language
    assert sorted(p.stem for p in folder.glob("*.pdf")) == sorted(PROJECT.pdf_volumes)
    for pdf in sorted(folder.glob("*.pdf")):
        assert pdf_check.info(pdf)["Tagged"] == "yes", pdf
        structure = read(pdf)
        assert structure.lang == language, pdf
        assert structure.ua_part == "1", pdf
        assert structure.figures_without_alt == 0, pdf
        assert structure.header_rows_without_th == 0, pdf
        assert pdf_check.font_problems(pdf) == [], pdf


@pytest.mark.parametrize("language", PROJECT.languages)
def test_no_word_of_any_pdf_sticks_out_of_the_text_area(corpus, language):
    pdfs = sorted((corpus / "pdf" / language).glob("*.pdf"))
    assert len(pdfs) == len(PROJECT.pdf_volumes)
    margins = page_margins()
    assert [line for pdf in pdfs for line in pdf_check.overfull(pdf, margins)] == []


@pytest.mark.parametrize("language", PROJECT.languages)
def test_a_title_in_another_language_is_tagged_with_it(corpus, language):
    # Belgium's bibliography cites a Dutch study (langid = dutch), in every volume
    structure = read(corpus / "pdf" / language / "belgium.pdf")
    langs = structure.langs + structure.marked_langs
    assert langs["nl"] >= 1
    if language != PROJECT.languages[0]:  # and English titles in es, fr
        assert langs["en"] >= 1


def matrix_words(site: Path) -> set[str]:
    page = lxml_html.parse(str(site / "comparative" / "matrix.html")).getroot()
    return {
        " ".join(span.text_content().split())
        for span in page.xpath("//table[contains(@class, 'shadow-matrix')]//span")
        if "shadow-rating" in (span.get("class") or "")
    }


@pytest.mark.parametrize("language", PROJECT.languages)
def test_the_collection_prints_every_rating_of_the_matrix(corpus, language):
    words = matrix_words(corpus / "html" / language)
    assert len(words) >= 4
    text = " ".join(pdf_check.text(corpus / "pdf" / language / "shadow-reports.pdf").split())
    assert {w for w in words if w not in text} == set()


@pytest.mark.parametrize("language", PROJECT.languages)
def test_the_collection_leaves_out_the_handbook(corpus, language):
    collection = corpus / "pdf" / language / f"{PROJECT.collection_name}.pdf"
    text = pdf_check.text(collection)
    assert "{report}" not in text and "```" not in text  # the handbook's raw markup
    structure = read(collection)
    assert structure.kinds["H1"] >= len(PROJECT.reports)


@pytest.mark.parametrize("language", PROJECT.languages)
def test_the_imprint_hyphenates_no_name(corpus, language):
    # its lines are names and a citation, ragged: "Wor-kers'" split by Spanish rules before
    for pdf in sorted((corpus / "pdf" / language).glob("*.pdf")):
        imprint = subprocess.run(
            ["pdftotext", "-f", "2", "-l", "2", "-enc", "UTF-8", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "How to cite" in imprint or language != "en", pdf  # it is the imprint
        assert [line for line in imprint.splitlines() if re.search(r"\w[-\u00ad]$", line)] == [], (
            pdf
        )


def running_heads(pdf: Path) -> list[str]:
    """The first line of every page (its running head), as pdftotext lays it out."""
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [page.strip().splitlines()[0] if page.strip() else "" for page in text.split("\f")]


@pytest.mark.parametrize("language", PROJECT.languages)
def test_every_report_of_the_collection_is_named_in_its_running_heads(corpus, language):
    # the collection's reports have titles too long for a head: each says its country, in
    # every language (es and fr, whose collection title leaves no room, included)
    folder = corpus / "pdf" / language
    heads = running_heads(folder / f"{PROJECT.collection_name}.pdf")
    for report in PROJECT.reports:
        own = running_heads(folder / f"{report}.pdf")
        # the report's own volume: "España    Introducción y metodología"
        name = re.split(r"\s{3,}", own[4])[0]
        pages = sum(1 for head in heads if name in re.split(r"\s{3,}", head))
        assert pages >= 10, (report, name, pages)
