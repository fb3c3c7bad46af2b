"""One (language, format) build: Sphinx into a private work folder, LaTeX for PDFs, then
publication of the result. A job never touches another job's files."""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import sphinx

from build_tools.outputs import CHART_STATS_FILE as CHART_STATS
from build_tools.outputs import OPEN_DATA_DIR
from build_tools.pipeline.project import Project
from build_tools.pipeline.publish import publish_file, publish_tree
from build_tools.pipeline.stamps import PACKAGE_DIR, fingerprint, read_stamp, write_stamp

SPHINX_BUILDER = {"html": "html", "pdf": "latex", "epub": "epub"}
# Every build is strict: warnings are errors, every reference must resolve.
STRICT = ["-W", "--keep-going", "-n"]
# The parts of build_tools that shape the output (not the pipeline, checks or benchmark);
# i18n holds the translation gate, which decides what a build may use.
RENDERING_PARTS = ("sphinx_ext", "model", "data", "i18n")


@dataclass(frozen=True)
class Job:
    language: str
    fmt: str
    volumes: tuple[str, ...] = ()  # PDF only: which volumes to typeset

    @property
    def name(self) -> str:
        return f"{self.language}-{self.fmt}"


@dataclass(frozen=True)
class Result:
    job: Job
    status: str  # "ok", "up to date" or "failed"
    seconds: float
    output: Path
    log: Path
    detail: str = ""

    @property
    def succeeded(self) -> bool:
        return self.status != "failed"


class JobError(Exception):
    """A step of a job failed; the message says which, the log says why."""


def tool_inputs(project: Project) -> str:
    """Fingerprint of what renders the pages: a change here rebuilds every page, because
    Sphinx's incremental build only notices changed sources, not changed extension code."""
    return fingerprint(
        [project.root / "conf.py", *(PACKAGE_DIR / part for part in RENDERING_PARTS)],
        extra=[sphinx.__version__, platform.python_version()],
    )


def job_inputs(project: Project, job: Job) -> str:
    """Fingerprint of everything that can change the job's output."""
    return fingerprint(
        [project.srcdir, project.localedir / job.language, project.root / "figures"],
        extra=[job.name, ",".join(job.volumes), tool_inputs(project)],
    )


def expected_outputs(project: Project, job: Job) -> list[Path]:
    published = project.published(job.fmt, job.language)
    if job.fmt == "html":
        return [published / "index.html", project.build_dir / "data" / job.language]
    if job.fmt == "epub":
        return [published / f"{project.collection_name}.epub"]
    return [published / f"{volume}.pdf" for volume in job.volumes]


def reproducible_env(project: Project) -> dict[str, str]:
    """Every date an output carries comes from SOURCE_DATE_EPOCH: the caller's, or the
    time of the last commit, so that two builds of one commit are byte-identical.
    FORCE_SOURCE_DATE makes TeX (and xdvipdfmx's PDF dates) honour it too."""
    env = dict(os.environ)
    if not env.get("SOURCE_DATE_EPOCH"):
        commit = subprocess.run(
            ["git", "-C", str(project.root), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
        )
        env["SOURCE_DATE_EPOCH"] = commit.stdout.strip() or "315532800"
    env["FORCE_SOURCE_DATE"] = "1"
    return env


def _run(command: list[str], log, env: dict[str, str] | None = None) -> None:
    log.write(f"$ {' '.join(command)}\n")
    log.flush()
    completed = subprocess.run(
        command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env
    )
    log.write("\n")
    if completed.returncode != 0:
        raise JobError(
            f"{Path(command[0]).name} {' '.join(command[1:3])} exited with "
            f"status {completed.returncode}"
        )


def sphinx_command(
    project: Project, job: Job, outdir: Path, doctrees: Path, fresh: bool = False
) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-b",
        SPHINX_BUILDER[job.fmt],
        "-c",
        str(project.root),
        "-d",
        str(doctrees),
        "-D",
        f"language={job.language}",
        *STRICT,
        "-q",
    ]
    # one chart cache for every job: HTML and EPUB of a language share their SVGs
    command += ["-D", f"shadow_chart_cache={project.build_dir / '.charts'}"]
    if job.fmt == "pdf":
        command += ["-D", f"shadow_pdf_reports={','.join(job.volumes)}"]
    if fresh:
        command += ["-E", "-a"]  # new environment, every page written
    return [*command, str(project.srcdir), str(outdir)]


def source_pages(project: Project) -> str:
    """The pages of the project, one path per line (what a stamp compares)."""
    return "\n".join(
        sorted(p.relative_to(project.srcdir).as_posix() for p in project.srcdir.rglob("*.md"))
    )


def removed_pages(previous: str | None, current: str) -> bool:
    """True if a page is gone since the last build, or if that is unknown (no stamp yet)."""
    return previous is None or bool(set(previous.splitlines()) - set(current.splitlines()))


def run_job(project: Project, job: Job) -> Result:
    """Build one (language, format); publish it only if every step succeeded."""
    started = time.monotonic()
    work = project.work_dir / job.language / job.fmt
    outdir, doctrees, stamp = work / "out", work / "doctrees", work / "stamp"
    published = project.published(job.fmt, job.language)
    project.log_dir.mkdir(parents=True, exist_ok=True)
    log_path = project.log_dir / f"{job.name}.log"

    inputs, tools = job_inputs(project, job), tool_inputs(project)
    tools_stamp = work / "stamp-tools"

    pages_stamp, pages = work / "stamp-pages", source_pages(project)
    stale = removed_pages(read_stamp(pages_stamp), pages)
    if (
        not stale
        and read_stamp(stamp) == inputs
        and all(p.exists() for p in expected_outputs(project, job))
    ):
        return Result(job, "up to date", time.monotonic() - started, published, log_path)
    if stale:
        # Sphinx leaves the output of a deleted or renamed page behind: it would be
        # published, and an EPUB would list it in its manifest. Start from an empty outdir.
        shutil.rmtree(outdir, ignore_errors=True)
    try:
        with open(log_path, "w", encoding="utf-8") as log:
            fresh = read_stamp(tools_stamp) != tools
            env = reproducible_env(project)
            _run(sphinx_command(project, job, outdir, doctrees, fresh), log, env)
            if job.fmt == "pdf":
                if shutil.which("latexmk") is None:
                    raise JobError("latexmk not found: run 'make setup' to install TeX Live")
                for volume in job.volumes:
                    make = ["make", "-C", str(outdir), f"{volume}.pdf", "LATEXMKOPTS=-silent"]
                    _run(make, log, env)
            publish(project, job, outdir, published)
    except JobError as failure:
        return Result(job, "failed", time.monotonic() - started, published, log_path, str(failure))
    write_stamp(tools_stamp, tools)
    write_stamp(pages_stamp, pages)
    write_stamp(stamp, inputs)
    return Result(
        job, "ok", time.monotonic() - started, published, log_path, chart_summary(doctrees)
    )


def chart_summary(doctrees: Path) -> str:
    """ "charts: 2 drawn, 5 reused", from what the extension recorded."""
    try:
        record = json.loads((doctrees / CHART_STATS).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return ""
    if not (record["drawn"] or record["reused"]):
        return ""
    return f"charts: {record['drawn']} drawn, {record['reused']} reused"


def publish(project: Project, job: Job, outdir: Path, published: Path) -> None:
    if job.fmt == "html":
        publish_tree(outdir, published, ignore=(".buildinfo", ".doctrees"))
        # the open data the HTML build wrote (assessments.json, CSV): _build/data/<lang>/
        if (outdir / OPEN_DATA_DIR).is_dir():
            publish_tree(outdir / OPEN_DATA_DIR, project.build_dir / "data" / job.language)
    elif job.fmt == "epub":
        name = f"{project.collection_name}.epub"
        if not (outdir / name).is_file():
            raise JobError(f"Sphinx wrote no {name}")
        publish_file(outdir / name, published / name)
    else:
        for volume in job.volumes:
            pdf = outdir / f"{volume}.pdf"
            if not pdf.is_file():
                raise JobError(f"LaTeX wrote no {pdf.name}")
            publish_file(pdf, published / pdf.name)
