"""Sphinx processes given the cores other jobs leave (``-j``): how many, to which
builders, and a parallel build that writes what a serial one writes."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from build_tools.cli import main
from build_tools.pipeline import jobs
from build_tools.pipeline.jobs import Cores, Job, sphinx_command, sphinx_parallel
from build_tools.pipeline.project import Project


@pytest.mark.parametrize(
    ("cores", "limit", "busy", "expected"),
    [
        (2, 2, 1, 2),  # alone on two cores: both
        (2, 2, 2, 1),  # another job busy: one each
        (2, 1, 1, 1),  # --jobs 1: serial, whatever the machine
        (8, 8, 3, 2),
        (2, 8, 1, 2),  # never more than the cores
        (1, 2, 1, 1),
    ],
)
def test_a_sphinx_process_gets_the_cores_the_other_jobs_leave(cores, limit, busy, expected):
    assert sphinx_parallel(cores, limit, busy) == expected


def test_jobs_waiting_for_a_stage_leave_their_cores_to_it():
    html_en, epub_en, html_es = Job("en", "html"), Job("en", "epub"), Job("es", "html")
    cores = Cores(2, {job: ("read",) for job in (html_en, epub_en, html_es)}, cores=2)
    # the English read: the English EPUB will wait for it, the Spanish HTML will not
    assert cores.share(html_en, "read") == 1
    cores.ended(html_es)
    assert cores.share(html_en, "read") == 2
    # writing, the English EPUB is busy too, unless it waits for a stage
    assert cores.share(html_en) == 1
    with cores.waiting(epub_en):
        assert cores.share(html_en) == 2
    assert Cores(1, {html_en: ("read",)}, cores=2).share(html_en, "read") == 1


def test_j_is_given_only_to_the_builders_that_use_it(mini_project):
    project = Project.load(mini_project)
    out, doctrees = mini_project / "out", mini_project / "doctrees"
    job = Job("en", "html")
    assert sphinx_command(project, job, out, doctrees, builder="html", parallel=2)[-4:-2] == [
        "-j",
        "2",
    ]
    assert "-j" not in sphinx_command(project, job, out, doctrees, builder="html")
    assert "-j" not in sphinx_command(project, job, out, doctrees, builder="gettext", parallel=2)


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _outputs(project: Path) -> dict[str, bytes]:
    found = _tree(project / "_build" / "html" / "en")
    with zipfile.ZipFile(project / "_build" / "epub" / "en" / "mini-collection.epub") as epub:
        found |= {f"epub:{name}": epub.read(name) for name in epub.namelist()}
    return found


@pytest.mark.slow
def test_a_parallel_build_writes_what_a_serial_build_writes(mini_project, monkeypatch):
    build = ["--root", str(mini_project), "build", "html", "epub", "--languages", "en"]
    assert main([*build, "--jobs", "1"]) == 0
    serial = _outputs(mini_project)
    shutil.rmtree(mini_project / "_build")

    monkeypatch.setattr(jobs.os, "cpu_count", lambda: 2)  # two cores, even on a CI runner
    assert main([*build, "--jobs", "2"]) == 0
    logs = mini_project / "_build" / "logs"
    # the shared read ran alone (the other format waited for it): Sphinx in parallel
    assert any(
        " -b shadow-read " in line and " -j 2 " in line
        for name in ("en-html.log", "en-epub.log")
        for line in (logs / name).read_text(encoding="utf-8").splitlines()
    )
    assert _outputs(mini_project) == serial
