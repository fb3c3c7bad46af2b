"""A whole ``build`` command as a library call: the request checked against what conf.py
declares, the jobs planned, run under the tree's lock, the summary printed and the
records written. The command line (``build_tools.cli``) and the Word commands
(``build_tools.word.cli``) both call :func:`build`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from build_tools.model.errors import ModelError
from build_tools.pipeline.formats import DEFAULT_FORMATS, FORMATS
from build_tools.pipeline.jobs import Job, Result
from build_tools.pipeline.project import Project


def select_targets(
    project: Project, formats: Sequence[str], requested: str
) -> dict[str, tuple[str, ...]]:
    """``REPORTS=spain`` for every selected format that has targets: the PDF volumes,
    the Word reports. A name none of them knows is an error, as is a format left with
    nothing to make."""
    kinds = {FORMATS[f].targets: FORMATS[f].valid_targets(project) for f in formats}
    kinds.pop("", None)
    if not requested.strip() or not kinds:
        return {}
    union = tuple(dict.fromkeys(name for valid in kinds.values() for name in valid))
    names = project.select("report", requested, union)
    chosen = {kind: tuple(n for n in names if n in valid) for kind, valid in kinds.items()}
    for kind, picked in chosen.items():
        if not picked:
            valid = " ".join(kinds[kind])
            raise ModelError(f"no {kind} among '{' '.join(names)}'; valid: {valid}")
    return chosen


def plan_request(
    project: Project,
    formats: Sequence[str],
    languages: str = "",
    reports: str = "",
    profile: Path | None = None,
) -> list[Job]:
    from build_tools.pipeline.runner import plan

    named = " ".join(formats)
    formats = project.select("format", named, tuple(FORMATS)) if named.strip() else DEFAULT_FORMATS
    chosen_languages = project.select("language", languages, project.languages)
    targets = select_targets(project, formats, reports)
    return plan(project, formats, chosen_languages, targets, profile)


def build(
    root: Path,
    formats: Sequence[str],
    *,
    languages: str = "",
    reports: str = "",
    workers: int = 1,
    results: Path | None = None,
    profile: Path | None = None,
    out: TextIO | None = None,
) -> list[Result]:
    """Build ``formats`` (default: every format but ``submission``) of the languages and
    reports asked for (space or comma separated; empty: all)."""
    from build_tools.pipeline.lock import build_lock
    from build_tools.pipeline.runner import run, summary, write_results

    project = Project.load(root)
    jobs = plan_request(project, formats, languages, reports, profile)
    names = list(dict.fromkeys(job.fmt for job in jobs))
    # one build at a time per tree: a second one waits (and says so), then finds the
    # first one's output up to date
    with build_lock(project.build_dir, " ".join(["build", *names])):
        done = run(project, jobs, workers, out)
        summary(project, done, out)
        write_results(project, done, results)
    return done
