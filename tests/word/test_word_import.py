"""Word import: Word files written elsewhere become MyST pages that build without a warning;
footnotes, tables, images, links, comments and tracked changes survive or are named; bad
files are refused with nothing written; and a report exported to Word comes back.

The Word files written elsewhere are pandoc's test documents in ``../shared/samples/docx/``
(not copied into the repository); those tests are skipped where that folder is absent, and
``test_word_import_own.py`` checks the same behaviours on Word files made at test time.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from lxml import html as lxml_html

from build_tools.word.cli import main
from build_tools.word.importer import ImportOptions, import_docx
from build_tools.word.pandoc import run_pandoc
from build_tools.word.safety import OLE_MAGIC, Limits, RefusedFileError, check_word_file
from tests.conftest import REPO, ROOTS

SAMPLES = REPO.parent / "shared" / "samples" / "docx"
needs_samples = pytest.mark.skipif(
    not SAMPLES.is_dir(),
    reason=f"{SAMPLES} is absent: the Word files written elsewhere are not on this machine",
)
# the sample tests import 14 files and build them (slow); test_word_import_own.py checks the
# same on files the project makes itself
CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)


def write_project(root: Path, reports: list[str]) -> None:
    """conf.py and the collection page of a project holding ``reports``."""
    (root / "reports").mkdir(parents=True, exist_ok=True)
    (root / "conf.py").write_text(
        textwrap.dedent(
            f"""\
            project = "Import test"
            author = "Tests"
            extensions = ["myst_parser", "build_tools.sphinx_ext"]
            exclude_patterns = ["_build", "**/.*"]
            myst_enable_extensions = ["colon_fence", "deflist"]
            shadow_languages = ["en"]
            shadow_reports = {reports!r}
            html_theme = "alabaster"
            """
        ),
        encoding="utf-8",
    )
    toctree = "\n".join(f"{name}/index" for name in reports)
    (root / "reports" / "index.md").write_text(
        "# Import test\n\n```{collection}\n:organisations: Tests\n:edition: One\n"
        f":date: 2026-11-27\n:status: draft\n```\n\n```{{toctree}}\n{toctree}\n```\n",
        encoding="utf-8",
    )


def sphinx_html(root: Path) -> subprocess.CompletedProcess[str]:
    """A strict HTML build, as the pipeline runs it (warnings are errors)."""
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-c", str(root)]
    command += ["-W", "--keep-going", "-n", "-q", str(root / "reports"), str(root / "_html")]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def import_cli(root: Path, source: Path, report: str, *extra: str) -> int:
    return main(["import", str(source), "--report", report, "--root", str(root), *extra])


def tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.fixture
def word_file(tmp_path: Path) -> Path:
    """A Word file this test makes itself (pandoc from Markdown): headings, a footnote, a
    table."""
    source = tmp_path / "made.md"
    source.write_text(
        "# Findings\n\nThe law changed.[^a]\n\n| Law | Year |\n|---|---|\n| LOEX | 2000 |\n\n"
        "# Recommendations\n\nRatify the Convention.\n\n[^a]: In 2009.\n",
        encoding="utf-8",
    )
    target = tmp_path / "made.docx"
    run_pandoc(["-f", "markdown", "-t", "docx", "-o", target, source])
    return target


# --- Word files written elsewhere ---------------------------------------------------------


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """Every sample imported into one project (its output kept), then built once."""
    if not SAMPLES.is_dir():
        pytest.skip(f"{SAMPLES} is absent")
    root = tmp_path_factory.mktemp("samples") / "project"
    write_project(root, [])
    outputs: dict[str, str] = {}
    names = []
    for source in sorted(SAMPLES.glob("*.docx")):
        name = source.stem.replace("_", "-")
        summary = import_docx(source, ImportOptions(report=name, root=root, country="ES"))
        outputs[name] = summary.render()
        names.append(name)
    write_project(root, names)
    return root, outputs


def page(root: Path, report: str, name: str = "index.md") -> str:
    return (root / "reports" / report / name).read_text(encoding="utf-8")


@pytest.mark.slow
@needs_samples
def test_every_sample_imports_into_pages_that_build_without_a_warning(samples) -> None:
    root, outputs = samples
    assert len(outputs) == len(list(SAMPLES.glob("*.docx")))
    build = sphinx_html(root)
    assert build.returncode == 0, build.stderr
    assert build.stderr == ""


@pytest.mark.slow
@needs_samples
def test_footnotes_become_myst_footnotes(samples) -> None:
    root, _ = samples
    text = page(root, "notes")
    assert "Test footnote.[^1] Test endnote.[^2]" in text
    assert "[^1]: My note." in text and "[^2]: This is an endnote" in text
    html = (root / "_html" / "notes" / "index.html").read_text(encoding="utf-8")
    assert html.count('role="doc-footnote"') == 2


@pytest.mark.slow
@needs_samples
def test_tables_become_pipe_tables_or_list_tables(samples) -> None:
    root, outputs = samples
    text = page(root, "tables")
    assert "| Name | Game | Fame | Blame |" in text  # one header row, one line per cell
    assert text.count("{list-table}") == 2  # no header row; several paragraphs per cell
    assert "* - Simple\n\n    Multiparagraph" in text
    html = (root / "_html" / "tables" / "index.html").read_text(encoding="utf-8")
    assert html.count("<table") == 3
    # merged cells cannot be MyST: flattened, and the summary says so
    assert ":header-rows: 2" in page(root, "table-header-rowspan")
    assert "merged cells flattened" in outputs["table-header-rowspan"]


@pytest.mark.slow
@needs_samples
def test_comments_and_tracked_changes_are_surfaced_not_dropped(samples) -> None:
    root, outputs = samples
    comments = page(root, "comments")
    assert comments.count("{admonition} Reviewer note") >= 3
    assert "Comment by Jesse Rosenthal (2016-05-09) on “some text to have a comment”" in comments
    assert "I left a comment." in comments and "Do something else." in comments
    deletion = page(root, "track-changes-deletion")
    body = deletion.split("```{admonition}")[0]
    assert "excessively modified" not in body  # deleted text: not in the text...
    assert "Deleted by eng-dept (2014-06-25)" in deletion  # ...but in the note
    assert "excessively modified" in deletion
    insertion = page(root, "track-changes-insertion")
    assert "with two exciting insertions." in insertion  # inserted text kept
    assert "Inserted by eng-dept (2014-06-25): “two exciting”" in insertion
    assert "reviewer notes" in outputs["comments"]
    html = (root / "_html" / "comments" / "index.html").read_text(encoding="utf-8")
    assert "reviewer-note" in html and "I left a comment." in html


@pytest.mark.slow
@needs_samples
def test_images_are_extracted_with_unique_safe_names_and_alt_text(samples) -> None:
    root, _ = samples
    for report, expected in (("image", 1), ("inline-images", 2)):
        files = [p.name for p in (root / "reports" / report / "images").iterdir()]
        assert len(files) == expected
        assert all(re.fullmatch(r"[a-z0-9-]+-[0-9a-f]{10}\.(jpg|jpeg|png|gif)", f) for f in files)
    text = page(root, "image")
    assert "![He realizes he's making the file-size too big.](images/" in text
    html = (root / "_html" / "inline-images" / "index.html").read_text(encoding="utf-8")
    assert html.count("<img") == 2


@pytest.mark.slow
@needs_samples
def test_links_are_kept(samples) -> None:
    root, _ = samples
    text = page(root, "links")
    assert "[external link](http://google.com)" in text
    assert "[external link](http://pandoc.org/README.html#synopsis)" in text
    # internal links: to explicit targets, which the strict build resolved
    assert "{ref}`internal link <links-" in text and text.count(")=\n") == 2
    html = (root / "_html" / "links" / "index.html").read_text(encoding="utf-8")
    assert 'href="http://google.com"' in html and 'class="reference internal"' in html


@pytest.mark.slow
@needs_samples
def test_headings_split_into_pages_with_a_toctree_and_metadata(samples) -> None:
    root, outputs = samples
    assert "```{toctree}\n:maxdepth: 2\n\na-test-of-headers\n```" in page(root, "headers")
    assert "###### Sixth level" in page(root, "headers", "a-test-of-headers.md")
    metadata = page(root, "metadata")
    assert metadata.startswith("# This Is the Title\n")
    assert ":organisations: Mary Ann Evans; Aurore Dupin" in metadata
    assert "This is a test of how this all works." in metadata  # the abstract, kept
    assert "converted:" in outputs["notes"] and "2 footnotes" in outputs["notes"]


# --- safety: refused files, nothing written -------------------------------------------------


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED)
    return path


def _word_parts() -> dict[str, bytes]:
    return {"[Content_Types].xml": CONTENT_TYPES.encode(), "word/document.xml": b"<w:document/>"}


def make_bad(kind: str, folder: Path, good: Path) -> Path:
    target = folder / f"{kind}.docx"
    if kind == "text":
        target.write_text("This is a letter, not a Word document.\n", encoding="utf-8")
    elif kind == "truncated":
        data = good.read_bytes()
        target.write_bytes(data[: len(data) // 2])
    elif kind == "encrypted":
        target.write_bytes(OLE_MAGIC + bytes(504) + "EncryptedPackage".encode("utf-16-le"))
    elif kind == "binary-doc":
        target.write_bytes(OLE_MAGIC + bytes(1024))
    elif kind == "bomb":
        _zip(target, {**_word_parts(), "word/media/zeros.bin": bytes(3 * 1024 * 1024)})
    elif kind == "escape":
        _zip(target, {**_word_parts(), "../evil.txt": b"outside"})
    elif kind == "absolute":
        _zip(target, {**_word_parts(), "/tmp/evil.txt": b"outside"})
    elif kind == "not-word":
        _zip(target, {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    return target


BAD = {
    "text": "not a Word document",
    "truncated": "corrupt or truncated",
    "encrypted": "password-protected",
    "binary-doc": "old binary Word document",
    "bomb": "zip bomb",
    "escape": "outside the folder",
    "absolute": "outside the folder",
    "not-word": "not a Word document",
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_bad_files_are_refused_and_nothing_is_written(kind, tmp_path, word_file, capsys) -> None:
    root = tmp_path / "project"
    write_project(root, [])
    bad = make_bad(kind, tmp_path, word_file)
    before = tree(root)
    assert import_cli(root, bad, "alpha") == 2
    error = capsys.readouterr().err
    assert str(bad) in error and BAD[kind] in error
    assert tree(root) == before


def test_a_size_limit_refuses_what_would_expand_too_far(tmp_path, word_file) -> None:
    with pytest.raises(RefusedFileError, match="would expand to more than 0 MB"):
        check_word_file(word_file, Limits(total_bytes=1000))


def test_a_failed_conversion_writes_nothing(tmp_path, capsys) -> None:
    root = tmp_path / "project"
    write_project(root, [])
    broken = _zip(tmp_path / "broken.docx", {**_word_parts(), "word/document.xml": b"<w:doc"})
    before = tree(root)
    assert import_cli(root, broken, "alpha") == 1
    assert "pandoc" in capsys.readouterr().err
    assert tree(root) == before  # the staging folder is gone too


@pytest.mark.slow
def test_existing_pages_are_kept_unless_forced_and_the_report_block_survives(
    tmp_path, word_file, capsys
) -> None:
    root = tmp_path / "project"
    write_project(root, ["alpha"])
    assert import_cli(root, word_file, "alpha", "--country", "EE") == 0
    out = capsys.readouterr().out
    assert "findings.md" in out and "recommendations.md" in out and "1 footnotes" in out
    index = root / "reports" / "alpha" / "index.md"
    edited = index.read_text(encoding="utf-8").replace(":status: draft", ":status: final")
    index.write_text(edited, encoding="utf-8")

    before = {p: p.read_bytes() for p in (root / "reports" / "alpha").iterdir()}
    assert import_cli(root, word_file, "alpha") == 2
    assert "already exist: nothing was written; add --force" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in (root / "reports" / "alpha").iterdir()} == before

    assert import_cli(root, word_file, "alpha", "--force") == 0
    text = index.read_text(encoding="utf-8")
    assert ":status: final" in text and ":country: EE" in text  # the author's block kept
    assert "replaced (--force)" in capsys.readouterr().out
    build = sphinx_html(root)
    assert build.returncode == 0, build.stderr


def test_a_bad_report_name_is_refused(tmp_path, word_file, capsys) -> None:
    root = tmp_path / "project"
    write_project(root, [])
    assert import_cli(root, word_file, "../Alpha") == 2
    assert "report name" in capsys.readouterr().err


# --- round trip -----------------------------------------------------------------------------


@pytest.mark.slow
def test_round_trip_export_import_build_keeps_headings_footnotes_and_tables(tmp_path) -> None:
    root = tmp_path / "project"
    shutil.copytree(ROOTS / "word-export", root)
    for script in (REPO / "figures").glob("*.py"):
        shutil.copy(script, root / "figures" / script.name)
    assert main(["export", "--root", str(root), "--languages", "en"]) == 0
    exported = root / "_build" / "docx" / "en" / "alpha.docx"
    assert import_cli(root, exported, "roundtrip", "--country", "ES") == 0

    conf = root / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8").replace('["alpha"]', '["alpha", "roundtrip"]'),
        encoding="utf-8",
    )
    index = root / "reports" / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace(
            "alpha/index\n", "alpha/index\nroundtrip/index\n"
        ),
        encoding="utf-8",
    )
    build = sphinx_html(root)
    assert build.returncode == 0, build.stderr

    html = root / "_html" / "roundtrip"
    titles = [
        re.search(r"<h1>(.*?)<", (html / f"{name}.html").read_text(encoding="utf-8")).group(1)
        for name in ("introduction", "legal-framework", "analysis", "summary")
    ]
    assert titles == ["Introduction", "Legal framework", "Analysis", "Summary"]
    introduction = (html / "introduction.html").read_text(encoding="utf-8")
    assert "<h2>Purpose" in introduction and "<h3>Sources" in introduction
    notes = "".join(
        (html / f"{n}.html").read_text(encoding="utf-8") for n in ("introduction", "analysis")
    )
    assert notes.count('role="doc-footnote"') == 3
    assert "Boletín Oficial del Estado, the official gazette." in notes
    summary = (html / "summary.html").read_text(encoding="utf-8")
    tables = lxml_html.fromstring(summary).xpath("//table[.//th//text()='Article']")
    rows = tables[0].xpath(".//tbody/tr")
    assert [row.xpath("string(td[1])").strip() for row in rows] == ["25", "28", "30"]
    assert "Partly in conformity" in summary and "<img" in summary
    # links inside the report (summary row -> its assessment) survive both ways
    assert re.search(r'<a class="reference internal" href="analysis.html#[^"]+"', summary)
