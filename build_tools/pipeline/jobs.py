"""One (language, format) build: its tools into a private work folder, then publication of
the result. A job never touches another job's files.

What differs between formats (the Sphinx builder, LaTeX or pandoc after it, what is
published where, what else is fingerprinted) is the format's, in
:mod:`build_tools.pipeline.formats`; what every job shares is here: the fingerprint that
skips an unchanged job, the log, the one sphinx-build command line, and the
:class:`Result` record the runner, the summary, ``results.json`` and the benchmark read.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import sphinx

from build_tools import dates
from build_tools.outputs import CHART_STATS_FILE as CHART_STATS
from build_tools.outputs import PROGRESS_ENV, PROGRESS_FILE
from build_tools.pipeline.project import Project
from build_tools.pipeline.stamps import PACKAGE_DIR, fingerprint, read_stamp, write_stamp

if TYPE_CHECKING:
    from build_tools.pipeline.formats import Format

# Every build is strict: warnings are errors, every reference must resolve.
STRICT = ["-W", "--keep-going", "-n"]
# The parts of build_tools that shape the output (not the pipeline, checks or benchmark);
# i18n holds the translation gate, which decides what a build may use.
RENDERING_PARTS = ("sphinx_ext", "model", "data", "i18n")
#: The builders given ``-j`` when a job has cores to spare: the shared read (Sphinx's
#: parallel read), the HTML and the EPUB (parallel write: pages translated and written in
#: forked processes, resolved in the main one), ``singlehtml`` (one page, written
#: serially, whose charts are drawn in parallel: ``sphinx_ext/charts.py``) and the LaTeX
#: builder (its own read). Measured on the en corpus, ``-j 1`` CPU seconds against
#: ``-j 2`` the main process's (what stays serial) + its children's, on a shared 2-core
#: machine (load 2-4): read 3.7-5.4 against 1.5-1.7 + 4.4-5.4; HTML with no chart in the
#: cache 10.3-15.4 against 7.0-8.0 + 6.1-7.4, with every chart cached 8.4-9.2 against
#: 7.4-7.8 + 1.9-2.1; EPUB 7.8-8.1 against 6.8-7.3 + 1.6-1.9; ``singlehtml`` with no
#: chart cached 11.6-12.2 against 7.0-8.0 + 4.5-5.4. The outputs are byte for byte a
#: serial build's (HTML, EPUB, Word and typst PDF of en and es; LaTeX of the mini project).
#: ``gettext`` (``i18n extract``) builds through :func:`sphinx_build`, not a job: serial.
PARALLEL = frozenset({"shadow-read", "html", "epub", "singlehtml", "latex"})


@dataclass(frozen=True)
class Job:
    language: str
    fmt: str
    targets: tuple[str, ...] = ()  # PDF: the volumes to typeset; Word: the reports
    profile: Path | None = None  # submission only: the profile (default: the shipped one)

    @property
    def name(self) -> str:
        return f"{self.language}-{self.fmt}"


@dataclass(frozen=True)
class ChartCounts:
    """Charts a build drew, and those it found in the cache (numbers, never a sentence)."""

    drawn: int = 0
    reused: int = 0


@dataclass(frozen=True)
class Item:
    """One file of a job's output that the job reports on by itself (a Word file):
    ``written``, ``unchanged`` (made again, same bytes) or ``reused`` (its inputs had not
    changed: not made again), with what its conversion counted."""

    name: str
    path: Path
    state: str
    counts: Mapping[str, int] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "path": str(self.path),
            "state": self.state,
            "counts": dict(self.counts),
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class Result:
    job: Job
    status: str  # "ok", "up to date" or "failed"
    seconds: float
    output: Path
    log: Path
    detail: str = ""  # why it failed
    charts: ChartCounts | None = None
    items: tuple[Item, ...] = ()
    refused: bool = False  # failed because the request or an input was refused

    @property
    def succeeded(self) -> bool:
        return self.status != "failed"

    def progress(self) -> str:
        """What the progress line adds after the time: charts and files, from the numbers."""
        parts = []
        if self.charts and (self.charts.drawn or self.charts.reused):
            parts.append(f"charts: {self.charts.drawn} drawn, {self.charts.reused} reused")
        if self.items:
            states: dict[str, int] = {}
            for item in self.items:
                states[item.state] = states.get(item.state, 0) + 1
            parts.append(", ".join(f"{n} {state}" for state, n in states.items()))
        return "; ".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {
            "job": self.job.name,
            "language": self.job.language,
            "format": self.job.fmt,
            "targets": list(self.job.targets),
            "status": self.status,
            "seconds": round(self.seconds, 3),
            "output": str(self.output),
            "log": str(self.log),
            "detail": self.detail,
            "refused": self.refused,
            "charts": None
            if self.charts is None
            else {"drawn": self.charts.drawn, "reused": self.charts.reused},
            "items": [item.to_json() for item in self.items],
        }


class JobError(Exception):
    """A step of a job failed; the message says which, the log says why."""

    def __init__(self, message: str, *, refused: bool = False) -> None:
        super().__init__(message)
        self.refused = refused


class Fingerprints:
    """The fingerprints of one run, each computed once: a no-op build of every language
    and format hashes the sources once, not once per job. One per run, never global."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._known: dict[tuple[str, ...], str] = {}

    def of(self, paths: Sequence[Path], extra: Sequence[str] = ()) -> str:
        key = (*map(str, paths), "\0", *extra)
        with self._lock:
            if key not in self._known:
                self._known[key] = fingerprint(paths, extra)
            return self._known[key]


def sphinx_parallel(cores: int, limit: int, busy: int) -> int:
    """The ``-j`` of a Sphinx process: the cores (at most the user's ``--jobs``), shared
    among the jobs that may be busy while it runs, itself included. ``--jobs 1`` is a
    serial build."""
    return max(1, min(cores, limit) // max(1, busy))


class Cores:
    """The cores of one run, shared by its jobs: a Sphinx process is given, when it
    starts, the cores the other jobs leave (:func:`sphinx_parallel`). A job running or
    pending counts as busy, unless it waits for a stage another job builds, or will wait
    for the one being built (the other formats of the language, at its shared read).
    One per run, never global."""

    def __init__(
        self, limit: int, stages: Mapping[Job, Collection[str]], cores: int | None = None
    ) -> None:
        self.limit = limit
        self.cores = cores or os.cpu_count() or 1
        self.stages = stages  # per job of the run: the stages it reads, by name
        self._unfinished = set(stages)
        self._waiting: set[Job] = set()
        self._lock = threading.Lock()

    def ended(self, job: Job) -> None:
        with self._lock:
            self._unfinished.discard(job)

    @contextmanager
    def waiting(self, job: Job) -> Iterator[None]:
        with self._lock:
            self._waiting.add(job)
        try:
            yield
        finally:
            with self._lock:
                self._waiting.discard(job)

    def share(self, job: Job, stage: str = "") -> int:
        """The ``-j`` of a Sphinx process ``job`` starts now (for ``stage``, if it
        builds one)."""
        with self._lock:
            busy = [
                other
                for other in self._unfinished - self._waiting - {job}
                if not (
                    stage and other.language == job.language and stage in self.stages.get(other, ())
                )
            ]
        return sphinx_parallel(self.cores, self.limit, 1 + len(busy))


def tool_inputs(
    project: Project, parts: Sequence[str] = RENDERING_PARTS, known: Fingerprints | None = None
) -> str:
    """Fingerprint of what renders the pages: a change here rebuilds every page, because
    Sphinx's incremental build only notices changed sources, not changed extension code."""
    known = known or Fingerprints()
    return known.of(
        [project.root / "conf.py", *(PACKAGE_DIR / part for part in parts)],
        [sphinx.__version__, platform.python_version()],
    )


def source_inputs(project: Project, language: str, known: Fingerprints | None = None) -> str:
    """Fingerprint of the sources a language's builds read: pages, its PO files, charts."""
    known = known or Fingerprints()
    return known.of([project.srcdir, project.localedir / language, project.root / "figures"])


def reproducible_env(project: Project) -> dict[str, str]:
    """The environment of the tools a job runs, with the build's one date
    (:func:`build_tools.dates.reproducible_env`)."""
    return dates.reproducible_env(project.root)


def run_command(command: Sequence[str], log: TextIO, env: Mapping[str, str] | None = None) -> None:
    """Run one tool of a job with its output in the job's log; a failure is a JobError."""
    command = [str(c) for c in command]
    log.write(f"$ {' '.join(command)}\n")
    log.flush()
    completed = subprocess.run(
        command,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env=dict(env) if env is not None else None,
    )
    log.write("\n")
    if completed.returncode != 0:
        raise JobError(
            f"{Path(command[0]).name} {' '.join(command[1:3])} exited with "
            f"status {completed.returncode}"
        )


#: the module a job runs Sphinx with: sphinx-build without the interpreter's teardown
SPHINX_ENTRY = "build_tools.pipeline.sphinx_run"


def sphinx_build(
    builder: str,
    confdir: Path,
    srcdir: Path,
    outdir: Path,
    doctrees: Path,
    overrides: Iterable[tuple[str, str]] = (),
    options: Iterable[str] = (),
    entry: str = SPHINX_ENTRY,
) -> list[str]:
    """The one sphinx-build command line: every build of this package (the jobs, the
    i18n templates, the benchmark's plain twin) is this function's output. ``entry``: the
    module run: :data:`SPHINX_ENTRY` unless the caller asks for ``sphinx``."""
    command = [
        sys.executable,
        "-m",
        entry,
        "-b",
        builder,
        "-c",
        str(confdir),
        "-d",
        str(doctrees),
    ]
    for name, value in overrides:
        command += ["-D", f"{name}={value}"]
    return [*command, *options, str(srcdir), str(outdir)]


def sphinx_command(
    project: Project,
    job: Job,
    outdir: Path,
    doctrees: Path,
    fresh: bool = False,
    builder: str | None = None,
    overrides: Iterable[tuple[str, str]] = (),
    *,
    fmt: Format | None = None,
    shared: bool = False,
    parallel: int = 1,
) -> list[str]:
    """A job's strict Sphinx build, in its language, with the shared chart cache (the
    format's own settings after ``overrides``; a stage has no format, only ``builder``).
    A format that writes from the shared read loads the read's extensions. ``shared``:
    ``doctrees`` are a copy of that read, which a fresh build writes again (``-a``) but
    never reads again (``-E``). ``parallel``: the cores it may use (``-j``, given only to
    the :data:`PARALLEL` builders)."""
    settings = [("language", job.language)]
    if fmt is not None and fmt.read is not None:
        settings += fmt.read.overrides(project)
    settings += overrides
    # one chart cache for every job: HTML and EPUB of a language share their SVGs
    settings.append(("shadow_chart_cache", str(project.build_dir / ".charts")))
    if fmt is not None:
        settings += fmt.sphinx_overrides(project, job)
    # fresh: every page read and written again
    again = (["-a"] if shared else ["-E", "-a"]) if fresh else []
    builder = builder or (fmt.builder if fmt is not None else "")
    cores = ["-j", str(parallel)] if parallel > 1 and builder in PARALLEL else []
    options = [*STRICT, "-q", *again, *cores]
    return sphinx_build(builder, project.root, project.srcdir, outdir, doctrees, settings, options)


def source_pages(project: Project) -> str:
    """The pages of the project, one path per line (what a stamp compares)."""
    return "\n".join(
        sorted(p.relative_to(project.srcdir).as_posix() for p in project.srcdir.rglob("*.md"))
    )


def removed_pages(previous: str | None, current: str) -> bool:
    """True if a page is gone since the last build, or if that is unknown (no stamp yet)."""
    return previous is None or bool(set(previous.splitlines()) - set(current.splitlines()))


@dataclass(frozen=True)
class Stage:
    """A Sphinx build that several formats of a language read, made once per language in
    its own folder (``_build/.work/<lang>/<name>/``) with its own fingerprint, by the first
    job of the run that needs it; the others find it up to date. Two kinds: the shared
    read of the sources (``read``: its doctrees, which every format's build copies and
    only writes from, :func:`shared_read`), and the ``singlehtml`` page of the typst PDF
    and Word (written from that read). Each job still fails, logs and publishes on its
    own: a stage that failed is tried again by the next job (which then logs why), and
    nothing of a stage is published."""

    name: str
    builder: str
    #: the parts of build_tools that shape its output (its extensions' code included)
    parts: tuple[str, ...]
    #: extensions added to conf.py's, and settings; every reader's needs, in one build
    extensions: tuple[str, ...] = ()
    settings: tuple[tuple[str, str], ...] = ()
    #: the shared read whose doctrees the stage's build starts from
    read: Stage | None = None
    #: the file (in the stage's folder) whose presence says the stage was made
    made: str = "out/index.html"
    #: the setting that limits the stage to the reports its jobs need, when each of them
    #: needs only reports (:func:`stage_reports`); "": the stage is always whole
    scope: str = ""

    def overrides(self, project: Project) -> list[tuple[str, str]]:
        """The extensions (conf.py's, the read's, the stage's), then the settings."""
        extensions = [str(e) for e in project.settings.get("extensions", [])]
        if self.read is not None:
            extensions += self.read.extensions
        extensions = list(dict.fromkeys([*extensions, *self.extensions]))
        return [("extensions", ",".join(extensions)), *self.settings]

    def folder(self, project: Project, language: str) -> Path:
        return project.work_dir / language / self.name


_stage_locks: dict[Path, threading.Lock] = {}
_stage_locks_guard = threading.Lock()


def _stage_lock(folder: Path) -> threading.Lock:
    with _stage_locks_guard:
        return _stage_locks.setdefault(folder.resolve(), threading.Lock())


@contextmanager
def _holding(work: Work, folder: Path) -> Iterator[None]:
    """The stage's lock; a job blocked on it uses no core (:class:`Cores`)."""
    lock = _stage_lock(folder)
    if not lock.acquire(blocking=False):
        if work.cores is None:
            lock.acquire()
        else:
            with work.cores.waiting(work.job):
                lock.acquire()
    try:
        yield
    finally:
        lock.release()


def run_stage(work: Work, stage: Stage) -> Path:
    """``stage`` of ``work``'s language, built unless up to date; its output folder.
    Jobs of one run wait for each other here (the build lock keeps other runs out)."""
    folder = stage.folder(work.project, work.job.language)
    with _holding(work, folder):
        _make_stage(work, stage, folder)
    return folder / "out"


def shared_read(work: Work, read: Stage, doctrees: Path) -> None:
    """The language's ``read`` built unless up to date, and its doctrees copied into
    ``doctrees`` (a build writes beside its doctrees: chart counts, styles, the cover;
    and with a copy of its own, a page it had to read again stays its own). The copy
    keeps the files' times: :mod:`build_tools.sphinx_ext.shared_read` writes the pages
    whose doctree is newer than their output."""
    folder = read.folder(work.project, work.job.language)
    with _holding(work, folder):
        _make_stage(work, read, folder)
        started = time.monotonic()
        shutil.rmtree(doctrees, ignore_errors=True)
        shutil.copytree(folder / "doctrees", doctrees)
        work.say(f"{read.name}: doctrees copied in {time.monotonic() - started:.2f} s")


def stage_reports(work: Work, stage: Stage) -> tuple[str, ...]:
    """The reports that the run's jobs of ``work``'s language which read ``stage`` need
    of it (their targets, in conf.py's order), when each of them needs only reports; ()
    when one needs it whole (the collection's volume), or the stage has no ``scope``.
    Every job of the run asks for the same: the first one builds what all of them read."""
    if not stage.scope:
        return ()
    jobs = {work.job}
    if work.cores is not None:
        jobs |= {
            other
            for other, names in work.cores.stages.items()
            if other.language == work.job.language and stage.name in names
        }
    reports = work.project.reports
    if any(not job.targets or not set(job.targets) <= set(reports) for job in jobs):
        return ()
    needed = {name for job in jobs for name in job.targets}
    return tuple(name for name in reports if name in needed)


def _make_stage(work: Work, stage: Stage, folder: Path) -> None:
    project, language = work.project, work.job.language
    outdir, doctrees = folder / "out", folder / "doctrees"
    tools = tool_inputs(project, stage.parts, work.known)
    sources = source_inputs(project, language, work.known)
    overrides = stage.overrides(project)

    def key_of(overrides: list[tuple[str, str]]) -> str:
        return fingerprint([], [stage.name, language, tools, sources, repr(overrides)])

    # a stage of some reports has a key of its own: a job that needs it whole never
    # takes it for up to date; the whole stage, up to date, serves every job
    whole = key_of(overrides)
    reports = stage_reports(work, stage)
    if reports:
        overrides.append((stage.scope, ",".join(reports)))
    key = key_of(overrides)
    stamp, tools_stamp, pages_stamp = (
        folder / "stamp",
        folder / "stamp-tools",
        folder / "stamp-pages",
    )
    pages = source_pages(project)
    stale = removed_pages(read_stamp(pages_stamp), pages)
    if not stale and read_stamp(stamp) in (key, whole) and (folder / stage.made).is_file():
        work.say(f"{stage.name}: up to date ({folder})")
        return
    if stale:
        shutil.rmtree(outdir, ignore_errors=True)
    stamp.unlink(missing_ok=True)  # a failure below leaves no stamp: tried again
    fresh = read_stamp(tools_stamp) != tools
    # the only reader of its read in the run (the PDF and Word of a language, without
    # the HTML or the EPUB) reads in its own process, into its own doctrees (the last
    # copy of the read, read again where the sources changed), as Work.reads_alone
    # does for a format. Measured on en after a one-sentence edit of a page of spain,
    # ``build pdf --reports spain``, CPU s (user+sys) of the run, 3 runs, shared 2-core
    # machine: read 2.0 s + singlehtml 3.1-3.6 s (9.0, 9.5, 8.5 in all) -> singlehtml
    # alone 2.5-2.8 s (5.5, 5.4, 5.3 in all); the whole page (``build pdf``) read 2.0 +
    # 8.2 s -> 9.0 s; the same page, PDFs and Word files, byte for byte (one date)
    shared = stage.read is not None and not work.reads_alone(stage.read, through=stage)
    if shared:
        shared_read(work, stage.read, doctrees)
    started = time.monotonic()
    command = sphinx_command(
        project,
        work.job,
        outdir,
        doctrees,
        fresh,
        stage.builder,
        overrides,
        shared=shared,
        parallel=work.parallel(stage.name),
    )
    try:
        work.run(command)
    except JobError:
        if not shared:
            # Sphinx keeps what it read, warnings and all: the next try would read none
            # of the failing pages again and pass. It reads every page, and fails again.
            (doctrees / "environment.pickle").unlink(missing_ok=True)
        raise
    held = f", reports {', '.join(reports)}" if reports else ""
    work.say(f"{stage.name}: built in {time.monotonic() - started:.1f} s ({folder}{held})")
    write_stamp(tools_stamp, tools)
    write_stamp(pages_stamp, pages)
    write_stamp(stamp, key)


@dataclass
class Work:
    """What a format's build gets: where to write, the log, the environment, whether the
    tools changed (every page must be written again)."""

    project: Project
    job: Job
    fmt: Format
    folder: Path
    log: TextIO
    env: dict[str, str]
    fresh: bool
    tools: str = ""  # the fingerprint of the tools (a key of what a format caches itself)
    known: Fingerprints | None = None  # the run's fingerprints (a stage's inputs)
    cores: Cores | None = None  # the run's cores (none: every Sphinx process serial)

    @property
    def outdir(self) -> Path:
        """Where the job's Sphinx output is: its stage's, if it reads one."""
        if self.fmt.stage is not None:
            return self.fmt.stage.folder(self.project, self.job.language) / "out"
        return self.folder / self.fmt.sphinx_out

    @property
    def doctrees(self) -> Path:
        if self.fmt.stage is not None:
            return self.fmt.stage.folder(self.project, self.job.language) / "doctrees"
        return self.folder / "doctrees"

    def stage(self) -> Path:
        """The format's stage built (or found up to date); its output folder."""
        if self.fmt.stage is None:
            raise JobError(f"the {self.fmt.name} format reads no stage")
        return run_stage(self, self.fmt.stage)

    @property
    def published(self) -> Path:
        return self.fmt.published(self.project, self.job)

    def run(self, command: Sequence[str]) -> None:
        run_command(command, self.log, self.env)

    def parallel(self, stage: str = "") -> int:
        """The ``-j`` of a Sphinx process the job starts now (for ``stage``, if it builds
        one)."""
        return 1 if self.cores is None else self.cores.share(self.job, stage)

    def sphinx(
        self,
        outdir: Path | None = None,
        builder: str | None = None,
        overrides: Iterable[tuple[str, str]] = (),
    ) -> None:
        outdir = outdir or self.outdir
        read = self.fmt.read
        shared = read is not None and not self.reads_alone(read)
        if read is not None and shared:
            shared_read(self, read, self.doctrees)
        try:
            self.run(
                sphinx_command(
                    self.project,
                    self.job,
                    outdir,
                    self.doctrees,
                    self.fresh,
                    builder,
                    overrides,
                    fmt=self.fmt,
                    shared=shared,
                    parallel=self.parallel(),
                )
            )
        except JobError:
            if read is not None and not shared:
                # as for a failed stage: Sphinx keeps what it read, warnings and all, and
                # the next try would read none of the failing pages and pass
                (self.doctrees / "environment.pickle").unlink(missing_ok=True)
            raise

    def reads_alone(self, read: Stage, through: Stage | None = None) -> bool:
        """True if no other job of the run reads ``read`` in this language (other than
        ``through`` the stage ``through``, which this job is building for all of them):
        the job's own Sphinx process then reads the sources into its own doctrees and
        writes, with no stage (one process start-up, one environment pickled and loaded
        fewer). Its doctrees are those of the same read (same extensions and settings),
        so a later run that needs the stage makes it then and the job copies it as
        usual. Unknown (no run's ``cores``): the stage."""
        if self.cores is None:
            return False
        return not any(
            other != self.job
            and other.language == self.job.language
            and read.name in names
            and (through is None or through.name not in names)
            for other, names in self.cores.stages.items()
        )

    def say(self, line: str) -> None:
        """A line for the job's log (pandoc's warnings, what each Word file counted)."""
        self.log.write(f"{line}\n")
        self.log.flush()


def run_job(
    project: Project,
    job: Job,
    fmt: Format,
    known: Fingerprints | None = None,
    cores: Cores | None = None,
) -> Result:
    """Build one (language, format) of the format ``fmt`` (the registry's entry for
    ``job.fmt``, given by the caller: this module is below the registry); publish it only
    if every step succeeded. ``cores``: the run's (none: its Sphinx builds are serial)."""
    started = time.monotonic()
    known = known or Fingerprints()
    work = project.work_dir / job.language / fmt.work_name
    stamp, tools_stamp, pages_stamp = work / "stamp", work / "stamp-tools", work / "stamp-pages"
    published = fmt.published(project, job)
    log_path = project.log_dir / f"{job.name}.log"

    tools = tool_inputs(project, fmt.parts, known)
    inputs = fingerprint(
        [],
        [
            job.name,
            ",".join(job.targets),
            tools,
            source_inputs(project, job.language, known),
            *fmt.extra_inputs(project, job, known),
        ],
    )
    pages = source_pages(project)
    stale = removed_pages(read_stamp(pages_stamp), pages)
    if (
        not stale
        and read_stamp(stamp) == inputs
        and all(p.exists() for p in fmt.outputs(project, job))
    ):
        return Result(job, "up to date", time.monotonic() - started, published, log_path)
    if stale:
        # Sphinx leaves the output of a deleted or renamed page behind: it would be
        # published, and an EPUB would list it in its manifest. Start from an empty outdir.
        shutil.rmtree(work / fmt.sphinx_out, ignore_errors=True)
    project.log_dir.mkdir(parents=True, exist_ok=True)
    try:
        with open(log_path, "w", encoding="utf-8") as log:
            fresh = read_stamp(tools_stamp) != tools
            try:
                env = reproducible_env(project)
                env[PROGRESS_ENV] = str(work / PROGRESS_FILE)  # the runner's live progress
            except dates.DateError as error:
                raise JobError(str(error), refused=True) from None
            task = Work(project, job, fmt, work, log, env, fresh, tools, known, cores)
            items = fmt.build(task)
    except JobError as failure:
        return Result(
            job,
            "failed",
            time.monotonic() - started,
            published,
            log_path,
            str(failure),
            refused=failure.refused,
        )
    write_stamp(tools_stamp, tools)
    write_stamp(pages_stamp, pages)
    write_stamp(stamp, inputs)
    return Result(
        job,
        "ok",
        time.monotonic() - started,
        published,
        log_path,
        charts=chart_counts(task.doctrees),
        items=tuple(items),
    )


def chart_counts(doctrees: Path) -> ChartCounts | None:
    """The charts drawn and reused, as the extension recorded them beside the doctrees."""
    try:
        record = json.loads((doctrees / CHART_STATS).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    return ChartCounts(int(record["drawn"]), int(record["reused"]))
