"""Run the selected jobs in parallel, up to the number of cores, each Sphinx process with
the cores the other jobs leave (:class:`~build_tools.pipeline.jobs.Cores`), and say how
each went: live progress while they run (:class:`Live`: pages read and written), a line
as each ends, the summary table, and ``results.json`` (one record per job: status,
seconds, outputs, charts drawn and reused, files made) for programs to read."""

from __future__ import annotations

import json
import re
import shutil
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from pathlib import Path
from typing import TextIO

from build_tools import __file__ as _package_init
from build_tools.outputs import PROGRESS_FILE
from build_tools.pipeline.formats import FORMATS
from build_tools.pipeline.jobs import Cores, Fingerprints, Job, Result, run_job
from build_tools.pipeline.project import Project
from build_tools.pipeline.publish import write_text_atomic

RESULTS_VERSION = 1


def plan(
    project: Project,
    formats: Sequence[str],
    languages: Sequence[str],
    targets: Mapping[str, Sequence[str]] | None = None,
    profile: Path | None = None,
) -> list[Job]:
    """One job per (format, language). ``targets``: per kind of target ("volumes",
    "reports"), the ones asked for (default: all that the format can make)."""
    targets = targets or {}
    jobs = []
    for name in formats:
        fmt = FORMATS[name]
        chosen = tuple(targets.get(fmt.targets) or fmt.valid_targets(project))
        for language in languages:
            jobs.append(Job(language, name, chosen, profile if name == "submission" else None))
    # the longest jobs first, so that the short ones fill the gaps
    return sorted(jobs, key=lambda j: FORMATS[j.fmt].order)


def progress_line(result: Result) -> str:
    """``[en html] ok (12.3 s; charts: 2 drawn, 5 reused)``: for people; programs read
    the records (:func:`write_results`)."""
    detail = result.progress() if result.succeeded else ""
    detail = f"; {detail}" if detail else ""
    return (
        f"[{result.job.language} {result.job.fmt}] {result.status} ({result.seconds:.1f} s{detail})"
    )


def progress_file(project: Project, job: Job) -> Path:
    """Where a job's Sphinx build writes its live progress (``sphinx_ext/progress.py``)."""
    return project.work_dir / job.language / FORMATS[job.fmt].work_name / PROGRESS_FILE


def read_progress(path: Path) -> dict[str, int | str] | None:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def job_status(job: Job, record: dict[str, int | str] | None) -> str:
    """``en html: read 40/100``, ``es epub: written 12/100``: a running job, as its build
    last reported (``starting`` before its first page; ``finishing`` after Sphinx, while
    pandoc, Typst or LaTeX run and the output is published)."""
    name = f"{job.language} {job.fmt}"
    if not record:
        return f"{name}: starting"
    phase = record.get("phase")
    if phase == "reading":
        return f"{name}: read {record.get('read', 0)}/{record.get('to_read', 0)}"
    if phase == "writing":
        return f"{name}: written {record.get('written', 0)}/{record.get('to_write', 0)}"
    if phase == "done":
        return f"{name}: finishing"
    return f"{name}: starting"


class Live:
    """What the runner says while jobs run. On a terminal: one status line, redrawn,
    with every running job's pages against the total, and a line for each job that ends.
    Elsewhere (a CI log): a line when a job starts and one when it ends, nothing else."""

    def __init__(self, project: Project, out: TextIO) -> None:
        self.project, self.out = project, out
        self.tty = bool(getattr(out, "isatty", lambda: False)())
        self.running: dict[Job, float] = {}
        self.lock = threading.Lock()
        self.shown = 0  # width of the status line on the screen

    def started(self, job: Job) -> None:
        with self.lock:
            self.running[job] = time.monotonic()
            if not self.tty:
                print(f"[{job.language} {job.fmt}] started", file=self.out, flush=True)

    def ended(self, result: Result) -> None:
        with self.lock:
            self.running.pop(result.job, None)
            self._clear()
            print(progress_line(result), file=self.out, flush=True)

    def redraw(self) -> None:
        if not self.tty:
            return
        with self.lock:
            parts = [
                job_status(job, read_progress(progress_file(self.project, job)))
                for job in self.running
            ]
            line = " | ".join(parts)[: max(20, shutil.get_terminal_size().columns - 1)]
            self._clear()
            self.out.write(line)
            self.out.flush()
            self.shown = len(line)

    def _clear(self) -> None:
        if self.tty and self.shown:
            self.out.write("\r" + " " * self.shown + "\r")
            self.shown = 0


REDRAW = 0.5  # seconds between two redraws of the status line


def run(project: Project, jobs: list[Job], workers: int, out: TextIO | None = None) -> list[Result]:
    out = out or sys.stdout
    results: list[Result] = []
    known = Fingerprints()  # this run's: the sources are hashed once for every job
    # the cores no other job uses go to each Sphinx process as it starts (its -j)
    cores = Cores(workers, {job: FORMATS[job.fmt].stages for job in jobs})
    live = Live(project, out)

    def one(job: Job) -> Result:
        progress_file(project, job).unlink(missing_ok=True)  # not the last run's
        live.started(job)
        try:
            return run_job(project, job, FORMATS[job.fmt], known, cores)
        finally:
            cores.ended(job)

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        pending = {pool.submit(one, job) for job in jobs}
        while pending:
            done, pending = wait(pending, timeout=REDRAW, return_when=FIRST_COMPLETED)
            for future in done:
                result = future.result()
                results.append(result)
                live.ended(result)
            live.redraw()
    live._clear()
    for name in dict.fromkeys(j.fmt for j in jobs):
        FORMATS[name].finish(project)
    order = {job: i for i, job in enumerate(sorted(jobs, key=lambda j: (j.fmt, j.language)))}
    return sorted(results, key=lambda r: order[r.job])


def results_record(results: Sequence[Result]) -> dict[str, object]:
    return {"version": RESULTS_VERSION, "jobs": [r.to_json() for r in results]}


def write_results(project: Project, results: Sequence[Result], target: Path | None) -> Path | None:
    """The records of a run as JSON: into ``target`` when given (always written), else
    ``_build/logs/results.json`` when a job did something (a run where every job is up
    to date writes nothing under ``_build/``, and leaves the last run's record)."""
    if target is None:
        if all(r.status == "up to date" for r in results):
            return None
        target = project.log_dir / "results.json"
    write_text_atomic(target, json.dumps(results_record(results), indent=1) + "\n")
    return target


# a message as Sphinx writes it: "<file>:<line>: WARNING: <what> [type.subtype]"
_MESSAGE = re.compile(
    r"^(?:(?P<where>\S.*?): )?(?P<level>WARNING|ERROR|CRITICAL|SEVERE): (?P<what>.+)$"
)
_SUBTYPE = re.compile(r"\[(?P<type>[\w-]+)(?:\.(?P<subtype>[\w-]+))?\]\s*$")
# a problem of the sources themselves: the page, the .bib file, conf.py could not be read
_SOURCE_SUBTYPES = {"shadow.source", "shadow.bibliography"}
# errors that follow from another one (a reference to what failed to be declared)
_FOLLOW_ON_TYPES = {"ref", "myst.xref_missing", "bibtex.key_not_found"}
_FOLLOW_ON_TEXT = re.compile(r"unknown law id|undefined label|unknown document|not found")
# the crash report Sphinx prints when an exception escapes, and where it saves it
_CRASH_START = re.compile(r"^(Traceback \(most recent call last\):|Versions$|Exception occurred:)")
_SAVED = re.compile(r"^\s*(/\S+sphinx-err-\S+\.log)\s*$")
_FRAME = re.compile(r'^\s*File "(?P<file>[^"]+)", line (?P<line>\d+)')
_EXCEPTION = re.compile(r"^\s*(?P<type>[A-Za-z_][\w.]*)(?:: (?P<what>.*))?$")
_LOCATED = re.compile(r"^\S+:\d+: ")
MAX_LINES = 30
PACKAGE = Path(_package_init).resolve().parent


def _rank(line: str, where: str, level: str, what: str) -> int:
    """0: the sources could not be read; 1: a declaration or page is wrong; 2: an error
    that follows from another (a reference to something that failed to be declared)."""
    match = _SUBTYPE.search(what)
    kind = f"{match['type']}.{match['subtype']}" if match and match["subtype"] else ""
    family = match["type"] if match else ""
    if kind in _SOURCE_SUBTYPES or (not match and level in ("ERROR", "SEVERE", "CRITICAL")):
        return 0
    if family in _FOLLOW_ON_TYPES or kind in _FOLLOW_ON_TYPES or _FOLLOW_ON_TEXT.search(what):
        return 2
    return 1


def _exception(lines: list[str]) -> tuple[str, str]:
    """The exception a traceback ends with: the first line after its last frame that is
    less indented than the frame (the frame's code and ``^^^`` markers are more)."""
    last = max((i for i, line in enumerate(lines) if _FRAME.match(line)), default=-1)
    if last < 0:
        return "", ""
    indent = len(lines[last]) - len(lines[last].lstrip())
    for line in lines[last + 1 :]:
        if line.strip() and len(line) - len(line.lstrip()) < indent:
            match = _EXCEPTION.match(line)
            if match:
                return match["type"], match["what"].strip()
    return "", ""


def _page_at_fault(project: Project, report: list[str]) -> str:
    """The page Sphinx was reading or writing when it stopped (its "Last Messages")."""
    try:
        start, end = report.index("Last Messages"), report.index("Loaded Extensions")
    except ValueError:
        return ""
    for line in reversed(report[start + 1 : end]):
        name = line.strip()
        if name and re.fullmatch(r"[\w./-]+", name):
            page = project.srcdir / f"{name}.md"
            if page.is_file():
                return str(page)
    return ""


def _crash_line(project: Project, report: list[str], log: Path) -> str:
    """A Sphinx crash report or a Python traceback as one line: the file and line of the
    input or of our code where it happened, and the exception (never the traceback)."""
    saved = next((m[1] for m in map(_SAVED.match, report) if m), "")
    lines = report
    if saved:
        try:
            lines = Path(saved).read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            pass
    kind, what = _exception(lines)
    if not kind:
        kind, what = _exception(report)
    if _LOCATED.match(what):  # our own located message, raised (a ConfigError of conf.py)
        return what
    ours = [
        f"{m['file']}:{m['line']}: "
        for m in map(_FRAME.match, lines)
        if m
        and (
            Path(m["file"]).is_relative_to(project.root) or Path(m["file"]).is_relative_to(PACKAGE)
        )
    ]
    page = _page_at_fault(project, report)
    where = ours[-1] if ours else f"{page}: " if page else ""
    full = saved or str(log)
    return f"{where}{kind or 'error'}: {what} (the build stopped; full traceback in {full})"


def failure_lines(project: Project, log: Path) -> list[str]:
    """What a person must read of a failed job's log: every located message once, root
    causes first (sources that cannot be read, then invalid declarations, then the errors
    that follow from them), and a crash condensed to one line. Empty if there is none."""
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    found: dict[str, int] = {}
    crash: list[str] = []
    in_crash = False
    for line in text.splitlines():
        if _CRASH_START.match(line):
            in_crash = True
        if in_crash:
            crash.append(line)
            continue
        match = _MESSAGE.match(line)
        if match and line not in found:
            found[line] = _rank(line, match["where"] or "", match["level"], match["what"])
    ordered = sorted(found, key=lambda line: found[line])  # stable: the log's order in a rank
    if crash:
        ordered.insert(0, _crash_line(project, crash, log))
    return ordered


def summary(project: Project, results: list[Result], out: TextIO | None = None) -> None:
    out = out or sys.stdout

    def rel(path: Path) -> str:
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return str(path)

    def short(line: str) -> str:
        cwd = f"{Path.cwd()}/"
        return line.replace(cwd, "") if cwd != "//" else line

    print("\nlanguage  format  result      seconds  output", file=out)
    for r in results:
        where = rel(r.output) + "/" if r.succeeded else f"see {rel(r.log)}"
        print(
            f"{r.job.language:<9} {r.job.fmt:<7} {r.status:<11} {r.seconds:>7.1f}  {where}",
            file=out,
        )
    for r in results:
        if r.succeeded:
            continue
        print(f"\n--- {r.job.language} {r.job.fmt} failed: {r.detail}", file=out)
        lines = failure_lines(project, r.log)
        if not lines:  # no message Sphinx located (LaTeX, say): the end of the log
            text = r.log.read_text(encoding="utf-8", errors="replace") if r.log.exists() else ""
            lines = text.splitlines()[-25:]
        for line in lines[:MAX_LINES]:
            print(f"    {short(line)}", file=out)
        more = f"{len(lines) - MAX_LINES} more; " if len(lines) > MAX_LINES else ""
        print(f"    ({more}the full log: {rel(r.log)})", file=out)
