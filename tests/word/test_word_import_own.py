"""Word import from Word files this project makes itself: the behaviours the tests of
``test_word_import.py`` check on pandoc's sample documents (``../shared/samples/docx``,
absent on a fresh machine), checked on files written at test time, so they always run.

Each file is a Markdown text turned into Word by pandoc's docx writer (the one the export
uses): footnotes, tables, comments (``comment-start``/``comment-end`` spans), tracked
insertions and deletions (``insertion``/``deletion`` spans), images (PNGs made here),
links, headings and a YAML metadata block become the Word constructs a person writing in
Word makes. All of them are imported into one project, which is built once.
"""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

import pytest

from build_tools.word.importer import ImportOptions, import_docx
from build_tools.word.pandoc import run_pandoc
from tests.word.test_word_import import sphinx_html, write_project

pytestmark = pytest.mark.slow  # nine pandoc runs and a Sphinx build: several seconds

WORD_DATE = 1767312000  # 2026-01-02, the date pandoc writes into docProps/core.xml

SOURCES = {
    "notes": """\
        The committee met twice.[^first] The ministry did not answer.[^second]

        [^first]: In March and in October.

        [^second]: Its letter of 2025 is the last one.

            It promised a reply.
        """,
    "tables": """\
        | Law | Year | Article |
        |-----|------|---------|
        | LOEX | 2000 | 25 |
        | LOPJ | 1985 | 28 |

        --------- ---------
        Asylum    Detention
        Return    Removal
        --------- ---------

        +-----------------+-----------------+
        | Finding         | Source          |
        +=================+=================+
        | First paragraph | The report      |
        |                 |                 |
        | Second one      |                 |
        +-----------------+-----------------+
        """,
    "merged-cells": """\
        +--------+-------------------+
        | Right  | Status            |
        |        +---------+---------+
        |        | 2024    | 2025    |
        +========+=========+=========+
        | Asylum | Partly  | Fully   |
        +--------+---------+---------+
        """,
    "review": """\
        The [Check the date of the reply.]{.comment-start id="0" author="Ana Ruiz"
        date="2026-01-02T10:00:00Z"}ministry replied late[]{.comment-end id="0"} to the
        committee, [Ask the ombudsman too.]{.comment-start id="1" author="Ana Ruiz"
        date="2026-01-02T11:00:00Z"}twice[]{.comment-end id="1"}.

        The law was [amended twice]{.insertion author="Juan Pérez"
        date="2026-01-03T09:00:00Z"} in the period.

        The budget was [drastically reduced]{.deletion author="Juan Pérez"
        date="2026-01-03T09:00:00Z"} cut.
        """,
    "images": """\
        ![A red square on the first page.](red.png)

        Two small marks, ![first mark](blue.png) and ![second mark](green.png), in a line.
        """,
    "links": """\
        # Links

        See [the committee](https://www.ohchr.org/en/treaty-bodies/cat) and
        [its rules](https://www.ohchr.org/en/treaty-bodies/cat/rules#procedure).

        # Findings {#findings}

        Back to [the findings](#findings) and on to [the method](#method).

        ## Method {#method}

        The method.
        """,
    "headers": """\
        # Introduction

        Why.

        ## Second level

        ### Third level

        #### Fourth level

        ##### Fifth level

        ###### Sixth level

        # Conclusions

        What.
        """,
    "metadata": """\
        ---
        title: The Shadow Report
        author:
        - Ana Ruiz
        - Juan Pérez
        abstract: How the state kept its promises, and where it did not.
        ---

        # Summary

        The text.
        """,
    "lists-and-scripts": """\
        - Ελληνικά, العربية, 中文, Ñandú 🙂
          1. first
          2. second
        - café
        """,
}
COLOURS = {"red": (200, 30, 30), "blue": (30, 30, 200), "green": (30, 200, 30)}


def png(rgb: tuple[int, int, int], width: int = 4, height: int = 3) -> bytes:
    """A small one-colour PNG (zlib, no imaging library)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    rows = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def own(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """Every text made into a Word file by pandoc, imported into one project (the import
    summaries kept), then built once."""
    base = tmp_path_factory.mktemp("own")
    sources = base / "sources"
    sources.mkdir()
    for name, rgb in COLOURS.items():
        (sources / f"{name}.png").write_bytes(png(rgb))
    root = base / "project"
    write_project(root, [])
    outputs: dict[str, str] = {}
    for name, text in SOURCES.items():
        markdown = sources / f"{name}.md"
        markdown.write_text(re.sub(r"(?m)^ {8}", "", text), encoding="utf-8")
        docx = sources / f"{name}.docx"
        command = ["-f", "markdown", "-t", "docx", "-o", docx, markdown]
        run_pandoc(command, cwd=sources, source_date_epoch=WORD_DATE)
        summary = import_docx(docx, ImportOptions(report=name, root=root, country="ES"))
        outputs[name] = summary.render()
    write_project(root, list(SOURCES))
    return root, outputs


def page(root: Path, report: str, name: str = "index.md") -> str:
    return (root / "reports" / report / name).read_text(encoding="utf-8")


def html(root: Path, report: str, name: str = "index") -> str:
    return (root / "_html" / report / f"{name}.html").read_text(encoding="utf-8")


def outside_notes(text: str) -> str:
    """The page without its reviewer notes."""
    return re.sub(r"```\{admonition\} Reviewer note.*?\n```\n", "", text, flags=re.S)


def test_every_file_imports_into_pages_that_build_without_a_warning(own) -> None:
    root, outputs = own
    assert sorted(outputs) == sorted(SOURCES)
    build = sphinx_html(root)
    assert build.returncode == 0, build.stderr
    assert build.stderr == ""
    assert "Ελληνικά, العربية, 中文, Ñandú 🙂" in page(root, "lists-and-scripts")
    assert "Ñandú" in html(root, "lists-and-scripts")


def test_footnotes_become_myst_footnotes(own) -> None:
    root, outputs = own
    text = page(root, "notes")
    assert "The committee met twice.[^1] The ministry did not answer.[^2]" in text
    assert "[^1]: In March and in October." in text
    assert "[^2]: Its letter of 2025 is the last one.\n\n    It promised a reply." in text
    assert html(root, "notes").count('role="doc-footnote"') == 2
    assert "converted:" in outputs["notes"] and "2 footnotes" in outputs["notes"]


def test_tables_become_pipe_tables_or_list_tables(own) -> None:
    root, outputs = own
    text = page(root, "tables")
    # one header row, one line per cell
    assert "| Law | Year | Article |\n|---|---|---|\n| LOEX | 2000 | 25 |" in text
    # no header row; several paragraphs in a cell
    assert text.count("{list-table}") == 2
    assert ":header-rows: 0\n\n* - Asylum\n  - Detention" in text
    assert "* - First paragraph\n\n    Second one\n  - The report" in text
    assert "2 tables (list-table), 1 tables (pipe)" in outputs["tables"]
    assert html(root, "tables").count("<table") == 3
    # merged cells cannot be MyST: flattened, and the summary says so
    merged = page(root, "merged-cells")
    assert ":header-rows: 2" in merged and "* - Right\n  - Status\n  -\n* -\n  - 2024" in merged
    assert "merged cells flattened" in outputs["merged-cells"]


def test_comments_and_tracked_changes_are_surfaced_not_dropped(own) -> None:
    root, outputs = own
    text = page(root, "review")
    assert text.count("{admonition} Reviewer note") >= 3
    assert "Comment by Ana Ruiz (2026-01-02) on “ministry replied late”" in text
    assert "Check the date of the reply." in text and "Ask the ombudsman too." in text
    body = outside_notes(text)
    assert "Check the date" not in body and "Ask the ombudsman" not in body
    assert "The ministry replied late to the committee, twice." in body  # commented text
    assert "drastically reduced" not in body  # deleted text: not in the text...
    assert "Deleted by Juan Pérez (2026-01-03)" in text  # ...but in the note
    assert "“drastically reduced”" in text
    assert "The law was amended twice in the period." in body  # inserted text kept
    assert "Inserted by Juan Pérez (2026-01-03): “amended twice”" in text
    assert "reviewer notes" in outputs["review"]
    assert "2 comments" in outputs["review"]
    assert "1 tracked deletions, 1 tracked insertions" in outputs["review"]
    built = html(root, "review")
    assert "reviewer-note" in built and "Ask the ombudsman too." in built


def test_images_are_extracted_with_unique_safe_names_and_alt_text(own) -> None:
    root, outputs = own
    files = [p.name for p in (root / "reports" / "images" / "images").iterdir()]
    assert len(files) == len(set(files)) == 3
    assert all(re.fullmatch(r"[a-z0-9-]+-[0-9a-f]{10}\.png", f) for f in files)
    text = page(root, "images")
    # alone in its paragraph: a figure, the alt text kept (and the caption pandoc made)
    assert re.search(r"```\{figure\} images/[a-z0-9-]+\.png\n:alt: A red square", text)
    assert "![first mark](images/" in text and "![second mark](images/" in text
    assert "3 images" in outputs["images"]
    built = html(root, "images")
    assert built.count("<img") == 3
    assert 'alt="first mark"' in built and 'alt="A red square on the first page."' in built


def test_links_are_kept(own) -> None:
    root, outputs = own
    text = page(root, "links", "links.md")
    assert "[the committee](https://www.ohchr.org/en/treaty-bodies/cat)" in text
    assert "[its rules](https://www.ohchr.org/en/treaty-bodies/cat/rules#procedure)" in text
    # internal links: to the page a heading became, or to an explicit target, which the
    # strict build resolved
    findings = page(root, "links", "findings.md")
    assert "[the findings](findings.md)" in findings
    assert "{ref}`the method <links-" in findings and findings.count(")=\n") == 1
    assert "2 internal links, 2 links" in outputs["links"]
    assert 'href="https://www.ohchr.org/en/treaty-bodies/cat"' in html(root, "links", "links")
    assert html(root, "links", "findings").count('class="reference internal"') >= 2


def test_headings_split_into_pages_with_a_toctree_and_metadata(own) -> None:
    root, outputs = own
    toctree = "```{toctree}\n:maxdepth: 2\n\nintroduction\nconclusions\n```"
    assert toctree in page(root, "headers")
    introduction = page(root, "headers", "introduction.md")
    assert introduction.startswith("# Introduction\n")
    assert "## Second level" in introduction and "###### Sixth level" in introduction
    assert page(root, "headers", "conclusions.md").startswith("# Conclusions\n\nWhat.")
    assert "5 headings, 3 pages" in outputs["headers"]
    assert "Sixth level" in html(root, "headers", "introduction")
    metadata = page(root, "metadata")
    assert metadata.startswith("# The Shadow Report\n")
    assert ":organisations: Ana Ruiz; Juan Pérez" in metadata
    assert ":date: 2026-01-02" in metadata  # the Word file's date
    assert "How the state kept its promises, and where it did not." in metadata  # abstract
    assert "```{toctree}\n:maxdepth: 2\n\nsummary\n```" in metadata
