"""Word export: each report in each language as a .docx that Word users can work with.

The files are opened as a Word user's tools see them (python-docx, and the parts of the
zip): heading styles, real footnotes, the assessment tables with their rating words,
charts with alt text, no dead links, none of the website's chrome, document properties.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from docx.document import Document

from build_tools.word.cli import main
from build_tools.word.reference import REFERENCE_DOCX
from tests.conftest import REPO, ROOTS

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REPORT_TITLE = "Alpha: national law and the Convention"
ASSESSED = ["25", "28", "30"]  # the articles assessed in tests/roots/word-export
FOOTNOTES = [
    "The first note of the introduction.",
    "Boletín Oficial del Estado, the official gazette.",
    "The first note of the analysis: the same label as in the introduction.",
]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test project, exported once (English and Spanish) for every test here."""
    target = tmp_path_factory.mktemp("word") / "project"
    shutil.copytree(ROOTS / "word-export", target)
    for script in (REPO / "figures").glob("*.py"):
        shutil.copy(script, target / "figures" / script.name)
    assert main(["export", "--root", str(target)]) == 0
    return target


def docx_path(project: Path, language: str = "en") -> Path:
    return project / "_build" / "docx" / language / "alpha.docx"


def open_docx(project: Path, language: str = "en") -> Document:
    return docx.Document(str(docx_path(project, language)))


def part(project: Path, name: str, language: str = "en") -> str:
    with zipfile.ZipFile(docx_path(project, language)) as archive:
        return archive.read(name).decode("utf-8")


def all_text(document: Document) -> str:
    """Every word of the body, tables included."""
    return " ".join(t.text or "" for t in document.element.body.iter(f"{W}t"))


@pytest.mark.slow
def test_one_word_file_per_report_and_language(project: Path) -> None:
    for language in ("en", "es"):
        assert zipfile.is_zipfile(docx_path(project, language))


@pytest.mark.slow  # the exported project: the test project through the pipeline
def test_headings_are_word_heading_styles(project: Path) -> None:
    document = open_docx(project)
    styles = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Title", REPORT_TITLE) in styles
    headings = [text for style, text in styles if style == "Heading 1"]
    assert headings == ["Introduction", "Legal framework", "Analysis", "Summary"]
    assert ("Heading 2", "Purpose") in styles and ("Heading 3", "Sources") in styles
    # the report's title is the document title, not a heading of its own
    assert REPORT_TITLE not in [text for style, text in styles if style.startswith("Heading")]


@pytest.mark.slow  # the exported project: the test project through the pipeline
def test_footnotes_are_word_footnotes_even_with_one_label_on_two_pages(project: Path) -> None:
    notes = part(project, "word/footnotes.xml")
    for text in FOOTNOTES:
        assert text in notes
    body = part(project, "word/document.xml")
    assert body.count("<w:footnoteReference ") == len(FOOTNOTES)
    assert "[1]" not in all_text(open_docx(project))  # no docutils brackets left


@pytest.mark.slow  # the exported project: the test project through the pipeline
def test_assessment_summary_rows_equal_the_reports_assessments(project: Path) -> None:
    document = open_docx(project)
    tables = [t for t in document.tables if t.rows[0].cells[0].text == "Article"]
    assert len(tables) == 1
    rows = tables[0].rows[1:]
    assert [row.cells[0].text for row in rows] == ASSESSED
    assert [row.cells[2].text for row in rows] == [
        "Partly in conformity",
        "In conformity",
        "Largely in conformity",
    ]
    # the rating's colour comes with its words: a character style of the reference document
    styles = {run.style.name for row in rows for p in row.cells[2].paragraphs for run in p.runs}
    assert {"Rating partly", "Rating conform", "Rating largely"} <= styles
    # each assessment's own table: in law, in practice, provisions
    ratings = [t for t in document.tables if t.rows[0].cells[0].text == "In law"]
    assert len(ratings) == len(ASSESSED)


@pytest.mark.slow  # the exported project: the test project through the pipeline
def test_translated_export_has_the_translated_interface_words(project: Path) -> None:
    document = open_docx(project, "es")
    text = all_text(document)
    assert "Parcialmente conforme" in text and "En la legislación" in text
    assert "This page is 0 % translated" in text  # the reader is told, as on the website
    assert document.core_properties.language == "es"


@pytest.mark.slow  # the exported project: the test project through the pipeline
def test_charts_are_images_with_alt_text_and_a_png_for_older_readers(project: Path) -> None:
    body = part(project, "word/document.xml")
    descriptions = re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', body)
    assert descriptions and all(d.strip() for d in descriptions)
    assert any("Ratings of law and practice" in d for d in descriptions)
    with zipfile.ZipFile(docx_path(project)) as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
    assert any(n.endswith(".png") for n in media) and any(n.endswith(".svg") for n in media)
    caption = [p for p in open_docx(project).paragraphs if p.style.name == "Image Caption"]
    assert caption and "Ratings of the alpha report" in caption[0].text


@pytest.mark.slow  # the exported project: the test project through the pipeline
def test_full_width_tables_span_the_text_block_of_the_a4_page(project: Path) -> None:
    body = part(project, "word/document.xml")
    # full-width tables (not the frame pandoc puts around a figure)
    grids = re.findall(r'<w:tblW w:type="pct" w:w="5000"/>.*?<w:tblGrid>(.*?)</w:tblGrid>', body)
    widths = [sum(int(w) for w in re.findall(r'w:w="(\d+)"', grid)) for grid in grids]
    text_block = (210 - 2 * 25) / 25.4 * 1440  # A4 less two 25 mm margins, in twips
    assert widths and all(abs(width - text_block) < 10 for width in widths)


@pytest.mark.slow  # the exported project: the test project through the pipeline
def test_no_dead_html_links_and_every_internal_link_has_its_bookmark(project: Path) -> None:
    relationships = part(project, "word/_rels/document.xml.rels")
    targets = re.findall(r'Target="([^"]*)"[^>]*TargetMode="External"', relationships)
    assert targets, "the external link to the Convention's text is kept"
    assert not [t for t in targets if ".html" in t and not t.startswith("https://")]
    body = part(project, "word/document.xml")
    anchors = set(re.findall(r'<w:hyperlink [^>]*w:anchor="([^"]+)"', body))
    bookmarks = set(re.findall(r'<w:bookmarkStart [^>]*w:name="([^"]+)"', body))
    assert anchors and anchors <= bookmarks
    assert all(len(name) <= 40 for name in anchors)  # Word's limit for bookmark names
    assert ".html" not in body


@pytest.mark.slow  # the exported project: the test project through the pipeline
def test_no_site_chrome(project: Path) -> None:
    text = all_text(open_docx(project))
    for chrome in ("¶", "Quick search", "Español", "Navigation", "Show Source", "Go"):
        assert not re.search(rf"(^|\W){re.escape(chrome)}(\W|$)", text), chrome
    assert "legal framework" in text  # the link to another page kept as text


@pytest.mark.slow  # the exported project: the test project through the pipeline
def test_document_properties(project: Path) -> None:
    properties = open_docx(project).core_properties
    assert properties.title == REPORT_TITLE
    assert properties.author == "Alpha Organisation; Beta Organisation"
    assert properties.language == "en"
    assert properties.subject == "Word test collection"


@pytest.mark.slow  # the exported project: the test project through the pipeline
def test_status_notice_is_a_paragraph_in_the_notice_style(project: Path) -> None:
    notices = [p.text for p in open_docx(project).paragraphs if p.style.name == "Shadow Notice"]
    assert notices and notices[0].startswith("Sample report")


@pytest.mark.slow
def test_nothing_changed_means_the_same_bytes(project: Path, capsys) -> None:
    before = docx_path(project).read_bytes()
    mtime = docx_path(project).stat().st_mtime_ns
    assert main(["export", "--root", str(project), "--languages", "en"]) == 0
    assert "[en docx] up to date" in capsys.readouterr().out  # a pipeline job, skipped
    assert docx_path(project).read_bytes() == before
    assert docx_path(project).stat().st_mtime_ns == mtime


def test_unknown_report_is_refused(tmp_path: Path, capsys) -> None:
    unexported = tmp_path / "project"  # refused before anything is built
    shutil.copytree(ROOTS / "word-export", unexported)
    assert main(["export", "--root", str(unexported), "--reports", "atlantis"]) == 2
    assert "unknown report 'atlantis'" in capsys.readouterr().err


def test_reference_document_is_a4_with_numbered_headings_and_project_styles() -> None:
    document = docx.Document(str(REFERENCE_DOCX))
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.left_margin.mm) == 25
    heading = document.styles["Heading 1"].element
    assert heading.find(f"{W}pPr/{W}numPr") is not None  # numbered: 1, 1.1, 1.1.1
    fonts = heading.find(f"{W}rPr/{W}rFonts")
    assert fonts.get(f"{W}ascii") == "Arial"
    names = {s.name for s in document.styles}
    assert {"Shadow Notice", "Shadow Page Break", "Rating partly", "Rating not_conform"} <= names


# --- the submission profile -----------------------------------------------------------------

PROFILE = """\
default:
  contact: "secretariat@example.org"
  publishable: true
alpha:
  organisation: "Alpha Organisation"
  date: 2026-12-01
  publishable: false
  chapters: [introduction, summary]
"""


@pytest.mark.slow
def test_submission_has_a_cover_page_the_chosen_chapters_and_a_word_count(
    project: Path, tmp_path: Path, capsys
) -> None:
    from build_tools.word.submission import word_count

    profile = tmp_path / "submission.yaml"
    profile.write_text(PROFILE, encoding="utf-8")
    args = ["submission", "--root", str(project), "--languages", "en", "--profile", str(profile)]
    assert main(args) == 0
    target = project / "_build" / "submission" / "en" / "alpha.docx"
    document = docx.Document(str(target))
    cover = document.tables[0]
    assert [row.cells[0].text for row in cover.rows] == [
        "Submitted by",
        "Contact",
        "Date",
        "Report",
        "Language",
        "May be published",
    ]
    values = [row.cells[1].text for row in cover.rows]
    assert values == [
        "Alpha Organisation",
        "secretariat@example.org",
        "1 December 2026",
        REPORT_TITLE,
        "English",
        "No",
    ]
    styles = [(p.style.name, p.text) for p in document.paragraphs]
    assert [t for s, t in styles if s == "Heading 1"] == ["Introduction", "Summary"]
    assert ("Shadow Page Break", "\u00a0") in styles  # the report starts on a new page
    count = word_count(target)
    assert f"{count.total} words" in capsys.readouterr().out
    assert count.footnotes == len("The first note of the introduction.".split()) + len(
        "Boletín Oficial del Estado, the official gazette.".split()
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("profile", "message"),
    [
        (
            "alpha:\n  contact: x@example.org\n  publishable: true\n  chapters: [nowhere]\n",
            "no chapter nowhere",
        ),
        ("alpha:\n  publishable: true\n", "no contact for 'alpha'"),
        ("alpha:\n  contact: x\n  publishable: maybe\n", "publishable must be true or false"),
        ("alpha:\n  contact: x\n  publishable: true\n  colour: red\n", "unknown key(s) colour"),
    ],
)
def test_a_bad_submission_profile_is_refused(
    project: Path, tmp_path: Path, capsys, profile: str, message: str
) -> None:
    path = tmp_path / "submission.yaml"
    path.write_text(profile, encoding="utf-8")
    args = ["submission", "--root", str(project), "--languages", "en", "--profile", str(path)]
    assert main(args) == 2
    assert message in capsys.readouterr().err


def test_the_shipped_submission_profile_is_valid() -> None:
    from build_tools.word.submission import PROFILE as SHIPPED
    from build_tools.word.submission import load_profile

    profile = load_profile(SHIPPED, "spain")
    assert profile.contact and profile.chapters


def test_reference_document_can_be_remade_but_not_overwritten_by_accident(
    tmp_path: Path, capsys
) -> None:
    target = tmp_path / "reference.docx"
    assert main(["reference", "--output", str(target)]) == 0
    remade = docx.Document(str(target))
    assert {s.name for s in remade.styles} >= {"Shadow Notice", "Shadow Page Break"}
    assert main(["reference", "--output", str(target)]) == 2
    assert "--force" in capsys.readouterr().err
