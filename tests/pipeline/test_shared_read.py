"""One read of the sources per language (the ``read`` stage): the HTML, the EPUB and the
``singlehtml`` page of Word and the PDF write from its doctrees and read no page; an edit
is read once and reaches every format, a translation's edit too (its page's source is
older than the page's output); a failing read fails every job that needs it, each with
the located error."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

from build_tools.cli import main
from build_tools.pipeline.jobs import SPHINX_ENTRY
from tests.conftest import retranslate_home


def build(project: Path, *args: str) -> int:
    return main(["--root", str(project), "build", *args])


def reads(project: Path) -> int:
    """How many jobs of the last run read the sources (the read stage's sphinx-build)."""
    logs = (project / "_build" / "logs").glob("*.log")
    return sum(log.read_text(encoding="utf-8").count("-b shadow-read") for log in logs)


def pages_read(project: Path, language: str) -> int:
    """The pages the jobs of the last run read, summed (their live progress records)."""
    total = 0
    for folder in ("html", "epub", "docx"):
        path = project / "_build" / ".work" / language / folder / "progress.json"
        total += json.loads(path.read_text(encoding="utf-8"))["read"]
    return total


def epub_text(project: Path, language: str) -> str:
    epub = project / "_build" / "epub" / language / "mini-collection.epub"
    with zipfile.ZipFile(epub) as archive:
        return "".join(
            archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.endswith(".xhtml")
        )


def docx_text(project: Path, language: str) -> str:
    with zipfile.ZipFile(project / "_build" / "docx" / language / "alpha.docx") as archive:
        return archive.read("word/document.xml").decode("utf-8")


def test_every_format_writes_from_one_read_and_an_edit_reaches_every_format(mini_project):
    assert build(mini_project, "html", "epub", "docx", "--languages", "en") == 0
    assert reads(mini_project) == 1
    pages = len(list((mini_project / "reports").rglob("*.md")))
    assert pages_read(mini_project, "en") == pages  # each page once, by one of the jobs

    source = mini_project / "reports" / "alpha" / "introduction.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nRead once.\n", encoding="utf-8")
    assert build(mini_project, "html", "epub", "docx", "--languages", "en") == 0
    assert reads(mini_project) == 1
    assert pages_read(mini_project, "en") == 1  # the edited page, once
    page = mini_project / "_build" / "html" / "en" / "alpha" / "introduction.html"
    assert "Read once." in page.read_text(encoding="utf-8")
    assert "Read once." in epub_text(mini_project, "en")
    assert "Read once." in docx_text(mini_project, "en")


def test_a_translation_read_again_is_written_by_every_format(mini_project):
    assert build(mini_project, "html", "epub", "--languages", "es") == 0
    retranslate_home(mini_project, "un informe revisado")
    assert build(mini_project, "html", "epub", "--languages", "es") == 0
    home = mini_project / "_build" / "html" / "es" / "index.html"
    assert "un informe revisado." in home.read_text(encoding="utf-8")
    assert "un informe revisado." in epub_text(mini_project, "es")


def test_a_failing_read_fails_each_job_with_the_located_error(mini_project, capsys):
    source = mini_project / "reports" / "alpha" / "introduction.md"
    source.write_text(
        source.read_text(encoding="utf-8") + "\n```{no-such-directive}\n```\n", encoding="utf-8"
    )
    capsys.readouterr()
    assert build(mini_project, "html", "epub", "--languages", "en") == 1
    out = capsys.readouterr().out
    assert "en        html    failed" in out and "en        epub    failed" in out
    for job in ("en-html", "en-epub"):  # each tried the read, each says where it failed
        log = (mini_project / "_build" / "logs" / f"{job}.log").read_text(encoding="utf-8")
        assert "introduction.md:" in log and "no-such-directive" in log, job


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_format_built_alone_reads_in_its_own_process_and_writes_the_same(mini_project):
    # no other job needs the read: no stage, the HTML job's one Sphinx process reads
    assert build(mini_project, "html", "--languages", "en") == 0
    assert reads(mini_project) == 0
    assert not (mini_project / "_build" / ".work" / "en" / "read").exists()

    # an edit read by the job alone, then a run that needs the stage: it makes it then,
    # and both formats show the edit
    source = mini_project / "reports" / "alpha" / "introduction.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nRead alone.\n", encoding="utf-8")
    assert build(mini_project, "html", "--languages", "en") == 0
    assert reads(mini_project) == 0
    progress = mini_project / "_build" / ".work" / "en" / "html" / "progress.json"
    assert json.loads(progress.read_text(encoding="utf-8"))["read"] == 1  # the edited page
    assert build(mini_project, "html", "epub", "--languages", "en") == 0
    assert reads(mini_project) == 1
    assert "Read alone." in epub_text(mini_project, "en")
    staged = tree(mini_project / "_build" / "html" / "en")

    # written alone again from nothing (the EPUB stays: the download box lists it): the
    # same pages as through the stage, byte for byte
    shutil.rmtree(mini_project / "_build" / "html")
    shutil.rmtree(mini_project / "_build" / ".work" / "en" / "html")
    assert build(mini_project, "html", "--languages", "en") == 0
    log = mini_project / "_build" / "logs" / "en-html.log"
    assert "-b shadow-read" not in log.read_text(encoding="utf-8")
    assert tree(mini_project / "_build" / "html" / "en") == staged


def fails_twice_on_a_broken_page(project, fmt: str) -> None:
    """A page made invalid, then two builds of ``fmt``: both fail, naming the page. A
    build that reads on its own keeps the failing page as read: the next try must read
    it again, not pass."""
    source = project / "reports" / "alpha" / "introduction.md"
    source.write_text(
        source.read_text(encoding="utf-8") + "\n```{no-such-directive}\n```\n", encoding="utf-8"
    )
    for _ in range(2):
        assert build(project, fmt, "--languages", "en") == 1
        log = (project / "_build" / "logs" / f"en-{fmt}.log").read_text(encoding="utf-8")
        assert "introduction.md:" in log and "no-such-directive" in log


def test_a_format_alone_that_failed_fails_again(mini_project, capsys):
    fails_twice_on_a_broken_page(mini_project, "epub")


def test_the_single_page_alone_reads_in_its_own_process_and_writes_the_same(mini_project):
    # the PDF and Word read the read only through their single page: no read stage
    assert build(mini_project, "pdf", "docx", "--languages", "en") == 0
    assert reads(mini_project) == 0
    assert not (mini_project / "_build" / ".work" / "en" / "read").exists()
    logs = [mini_project / "_build" / "logs" / f"en-{fmt}.log" for fmt in ("pdf", "docx")]
    assert sum(log.read_text(encoding="utf-8").count(f"-m {SPHINX_ENTRY} ") for log in logs) == 1

    # an edit read by the stage alone, then a run that needs the read: it makes it then
    source = mini_project / "reports" / "alpha" / "introduction.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nRead alone.\n", encoding="utf-8")
    assert build(mini_project, "docx", "--languages", "en") == 0
    assert reads(mini_project) == 0
    assert "Read alone." in docx_text(mini_project, "en")
    assert build(mini_project, "html", "docx", "--languages", "en") == 0
    assert reads(mini_project) == 1
    page = mini_project / "_build" / "html" / "en" / "alpha" / "introduction.html"
    assert "Read alone." in page.read_text(encoding="utf-8")

    # the page written from the read stage and the page read alone, from nothing: the
    # same bytes
    work = mini_project / "_build" / ".work" / "en"
    singlehtml = work / "singlehtml"
    shutil.rmtree(singlehtml)
    (work / "docx" / "stamp").unlink()
    assert build(mini_project, "html", "docx", "--languages", "en") == 0
    staged = tree(singlehtml / "out")
    shutil.rmtree(singlehtml)
    (work / "docx" / "stamp").unlink()
    assert build(mini_project, "docx", "--languages", "en") == 0
    log = mini_project / "_build" / "logs" / "en-docx.log"
    assert "-b shadow-read" not in log.read_text(encoding="utf-8")
    assert tree(singlehtml / "out") == staged


def test_a_single_page_alone_that_failed_fails_again(mini_project):
    # built once (the tools are known: the next builds read only what changed)
    assert build(mini_project, "docx", "--languages", "en") == 0
    fails_twice_on_a_broken_page(mini_project, "docx")
