"""Run the selected jobs in parallel, up to the number of cores, and say how each went."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from html import escape
from pathlib import Path
from typing import TextIO

from build_tools.model.report import language_name
from build_tools.pipeline.jobs import Job, Result, run_job
from build_tools.pipeline.project import Project
from build_tools.pipeline.publish import write_text_atomic

# PDF jobs are the longest: start them first so the short ones fill the gaps.
_ORDER = {"pdf": 0, "epub": 1, "html": 2}


def plan(
    project: Project, formats: Sequence[str], languages: Sequence[str], volumes: Sequence[str]
) -> list[Job]:
    jobs = [
        Job(language, fmt, tuple(volumes) if fmt == "pdf" else ())
        for fmt in formats
        for language in languages
    ]
    return sorted(jobs, key=lambda j: _ORDER[j.fmt])


def write_language_index(project: Project) -> Path:
    """``_build/html/index.html``: a plain page that links to each language's site."""
    html_root = project.build_dir / "html"
    items = "\n".join(
        f'    <li><a href="{lang}/index.html" hreflang="{lang}" lang="{lang}">'
        f"{escape(language_name(lang))}</a></li>"
        for lang in project.languages
        if (html_root / lang / "index.html").exists()
    )
    page = f"""<!DOCTYPE html>
<html lang="{project.languages[0]}">
<head>
  <meta charset="utf-8" />
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <title>Shadow reports</title>
  <style>body {{ font-family: sans-serif; max-width: 40em; margin: 3em auto; }}</style>
</head>
<body>
  <main>
  <h1>Shadow reports on the UN Migrant Workers Convention</h1>
  <ul>
{items}
  </ul>
  </main>
</body>
</html>
"""
    target = html_root / "index.html"
    write_text_atomic(target, page)
    return target


def run(project: Project, jobs: list[Job], workers: int, out: TextIO | None = None) -> list[Result]:
    out = out or sys.stdout
    results: list[Result] = []
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = {pool.submit(run_job, project, job): job for job in jobs}
        for future in as_completed(futures):
            result = future.result()
            results.append(result)
            detail = f"; {result.detail}" if result.detail and result.succeeded else ""
            print(
                f"[{result.job.language} {result.job.fmt}] {result.status} "
                f"({result.seconds:.1f} s{detail})",
                file=out,
                flush=True,
            )
    if any(j.fmt == "html" for j in jobs):
        write_language_index(project)
    order = {job: i for i, job in enumerate(sorted(jobs, key=lambda j: (j.fmt, j.language)))}
    return sorted(results, key=lambda r: order[r.job])


def summary(project: Project, results: list[Result], out: TextIO | None = None) -> None:
    out = out or sys.stdout

    def rel(path: Path) -> str:
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return str(path)

    print("\nlanguage  format  result      seconds  output", file=out)
    for r in results:
        where = rel(r.output) + "/" if r.succeeded else f"see {rel(r.log)}"
        print(
            f"{r.job.language:<9} {r.job.fmt:<7} {r.status:<11} {r.seconds:>7.1f}  {where}",
            file=out,
        )
    for r in results:
        if not r.succeeded:
            print(
                f"\n--- {r.job.language} {r.job.fmt} failed: {r.detail}; "
                f"last lines of {rel(r.log)}:",
                file=out,
            )
            lines = r.log.read_text(encoding="utf-8", errors="replace").splitlines()
            for line in lines[-25:]:
                print(f"    {line}", file=out)
