"""Live progress: each job's build reports pages read and written; the runner shows them
on a terminal and, in a log, one line per job start and end."""

from __future__ import annotations

import io
import json
from pathlib import Path

from build_tools.cli import main
from build_tools.pipeline.jobs import Job, Result
from build_tools.pipeline.project import Project
from build_tools.pipeline.runner import Live, job_status, progress_file


def test_a_running_job_shows_its_phase_and_pages_against_the_total():
    job = Job("es", "epub")
    assert job_status(job, None) == "es epub: starting"
    reading = {"phase": "reading", "read": 40, "to_read": 100, "written": 0, "to_write": 0}
    assert job_status(job, reading) == "es epub: read 40/100"
    writing = {"phase": "writing", "read": 100, "to_read": 100, "written": 7, "to_write": 98}
    assert job_status(job, writing) == "es epub: written 7/98"
    assert job_status(job, {"phase": "done"}) == "es epub: finishing"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_log_gets_one_line_per_start_and_end_and_a_terminal_a_redrawn_line(tmp_path):
    project = Project(tmp_path, ("en",), ("alpha",), "c")
    job = Job("en", "html")
    result = Result(job, "ok", 1.5, tmp_path, tmp_path / "log")
    log = io.StringIO()
    quiet = Live(project, log)
    quiet.started(job)
    quiet.redraw()  # nothing: not a terminal
    quiet.ended(result)
    assert log.getvalue().splitlines() == ["[en html] started", "[en html] ok (1.5 s)"]

    screen = Terminal()
    live = Live(project, screen)
    live.started(job)
    record = progress_file(project, job)
    record.parent.mkdir(parents=True)
    record.write_text(json.dumps({"phase": "reading", "read": 3, "to_read": 9}))
    live.redraw()
    assert screen.getvalue() == "en html: read 3/9"
    live.ended(result)
    assert screen.getvalue().endswith("\r[en html] ok (1.5 s)\n")  # the status line cleared


def test_a_build_records_its_pages_read_and_written(mini_project: Path, capsys):
    assert main(["--root", str(mini_project), "build", "html", "--languages", "en"]) == 0
    project = Project.load(mini_project)
    record = json.loads(progress_file(project, Job("en", "html")).read_text(encoding="utf-8"))
    pages = len(list((mini_project / "reports").rglob("*.md")))
    assert record["phase"] == "done"
    assert record["read"] == record["to_read"] >= pages
    assert record["written"] == record["to_write"] >= pages
    out = capsys.readouterr().out
    assert out.index("[en html] started") < out.index("[en html] ok")
