"""Time our pipeline against plain Sphinx on the same corpus, case by case, and compare
each result with its budget.

Every measured command runs in a session of its own; its wall-clock time is taken around
the process, its peak memory from ``os.wait4`` (the largest resident set of the process and
every descendant it waited for) and, sampled from ``/proc``, the sum over the whole tree.
A benchmark, not a test: a missed budget or a failed command is reported, never raised.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from build_tools.bench import corpus as corpora
from build_tools.bench.cases import BUILDS_ON, CASES
from build_tools.bench.corpus import Corpus
from build_tools.bench.phases import ENV as PHASES_ENV
from build_tools.bench.phases import PHASES
from build_tools.pipeline.jobs import sphinx_build

MB = 1024 * 1024
DEFAULT_TIMEOUT = 3600.0  # seconds; a hung LaTeX run must not hang the benchmark
POLL_INTERVAL = 0.01  # how late we may notice that a command ended (seconds)
SAMPLE_INTERVAL = 0.2  # how often the memory of the whole process tree is summed
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096

# The page edited by the "edit" case (relative to reports/); any other page when missing.
EDIT_PAGE = "spain/introduction.md"
EDIT_SENTENCE = "This sentence was added by the benchmark to time an incremental build."

# Budgets: what the pipeline promises (see README); the table says pass or miss.
ALL_RATIO = 0.5  # ours / plain, every language and format from clean
HTML_RATIO = 1.2  # ours / plain, the source language's HTML from clean
EPUB_RATIO = 1.2  # ours / plain, the source language's EPUB from clean
TRANSLATED_RATIO = 1.3  # translated HTML / source HTML
PDF_RATIO = 1.5  # the PDF job of a language (Typst) / its HTML job, both from clean
PREVIEW_SECONDS = {1: 1.0}  # save to served page in make preview, by scale
PREVIEW_SECONDS_SCALED = 1.5  # at any larger scale (the budget at 4x)
NOOP_SECONDS = 2.0
PDF_EDIT_SECONDS = 5.0  # one report's PDF again after an edit of one of its pages
PEAK_MB = 500.0
HTML_SCALING = 1.1  # HTML time at k x may be at most 1.1 k times that at 1x
PREVIEW_EDITS = 3  # edits timed by the preview case (their median is the result)

Echo = Callable[[str], None]


# --- one measured command --------------------------------------------------------------------


@dataclass
class Run:
    """One command: how long it took and how much memory it used."""

    label: str
    command: list[str]
    log: Path
    seconds: float
    peak_rss_mb: float  # the largest single process of the tree (wait4)
    tree_rss_mb: float  # the sum over the tree, sampled every SAMPLE_INTERVAL
    returncode: int
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def tree_rss_bytes(session: int) -> int:
    """Resident memory of every process in ``session`` (a measured command and all it
    started), from ``/proc``; 0 where there is no ``/proc``."""
    total = 0
    try:
        entries = os.scandir("/proc")
    except OSError:
        return 0
    with entries:
        for entry in entries:
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as handle:
                    stat = handle.read()
            except OSError:
                continue  # the process ended meanwhile
            # fields after "(command)": state ppid pgrp session ... rss is the 22nd
            fields = stat[stat.rindex(b")") + 2 :].split()
            if len(fields) > 21 and int(fields[3]) == session:
                total += int(fields[21]) * PAGE_SIZE
    return total


def measure(
    command: Sequence[str],
    log: Path,
    cwd: Path,
    label: str = "",
    timeout: float = DEFAULT_TIMEOUT,
    env: dict[str, str] | None = None,
) -> Run:
    """Run ``command`` with its output in ``log``; never raises for a failing command.
    ``env`` is added to (and overrides) this process's environment."""
    log.parent.mkdir(parents=True, exist_ok=True)
    command = list(command)
    # A LANGUAGES= or REPORTS= given to make must not narrow the measured builds.
    inherited = {k: v for k, v in os.environ.items() if k not in ("LANGUAGES", "REPORTS")}
    env = inherited | (env or {})
    with open(log, "w", encoding="utf-8") as out:
        out.write(f"$ {shlex.join(command)}\n# in {cwd}\n")
        out.flush()
        started = time.perf_counter()
        try:
            process = subprocess.Popen(
                command,
                cwd=cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own session: the tree we sum and may kill
            )
        except OSError as error:
            out.write(f"could not start: {error}\n")
            return Run(label, command, log, 0.0, 0.0, 0.0, returncode=127)
        status, peak_kb, tree_peak, timed_out = _wait(process, started + timeout)
        seconds = time.perf_counter() - started
        returncode = os.waitstatus_to_exitcode(status)
        process.returncode = returncode  # reaped by wait4: Popen must not wait again
        if timed_out:
            out.write(f"\nkilled after {timeout:.0f} s\n")
    return Run(
        label,
        command,
        log,
        seconds,
        peak_rss_mb=peak_kb * 1024 / MB,  # Linux reports ru_maxrss in KiB
        tree_rss_mb=max(tree_peak / MB, peak_kb * 1024 / MB),
        returncode=returncode if not timed_out else -signal.SIGKILL,
        timed_out=timed_out,
    )


def _wait(process: subprocess.Popen[bytes], deadline: float) -> tuple[int, int, int, bool]:
    """Reap ``process`` with wait4; returns (status, ru_maxrss KiB, tree peak bytes, timed
    out). Polls rather than blocks, to sample the tree's memory and honour the deadline."""
    tree_peak, next_sample = 0, 0.0
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            return status, usage.ru_maxrss, tree_peak, False
        now = time.perf_counter()
        if now >= deadline:
            os.killpg(process.pid, signal.SIGKILL)  # the session we created for it
            _, status, usage = os.wait4(process.pid, 0)
            return status, usage.ru_maxrss, tree_peak, True
        if now >= next_sample:
            tree_peak = max(tree_peak, tree_rss_bytes(process.pid))
            next_sample = now + SAMPLE_INTERVAL
        time.sleep(POLL_INTERVAL)


# --- one side of a case: commands in sequence ------------------------------------------------


@dataclass
class Side:
    """Our pipeline's or plain Sphinx's part of a case: commands run one after another,
    stopping at the first that fails (as make would)."""

    runs: list[Run] = field(default_factory=list)
    #: one record per Sphinx build the side ran (build_tools/bench/phases.py)
    phases: list[dict[str, Any]] = field(default_factory=list)
    #: ours: seconds of each job as the pipeline recorded them (results.json)
    job_seconds: list[float] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(r.ok for r in self.runs)

    @property
    def seconds(self) -> float:
        return sum(r.seconds for r in self.runs)

    @property
    def peak_rss_mb(self) -> float:
        return max((r.peak_rss_mb for r in self.runs), default=0.0)

    @property
    def tree_rss_mb(self) -> float:
        return max((r.tree_rss_mb for r in self.runs), default=0.0)

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "seconds": self.seconds,
            "peak_rss_mb": self.peak_rss_mb,
            "tree_rss_mb": self.tree_rss_mb,
            "runs": [asdict(r) | {"ok": r.ok} for r in self.runs],
            "phases": self.phases,
            "job_seconds": self.job_seconds,
        }


Step = tuple[str, list[str]]  # (label, command)


@dataclass
class Case:
    """One comparison at one scale: both sides, or why it was skipped, and what was checked
    besides time (no-op: jobs skipped, PDFs untouched; edit: the sentence is on the page)."""

    name: str
    scale: int
    ours: Side | None = None
    plain: Side | None = None
    checks: dict[str, Any] = field(default_factory=dict)
    skipped: str = ""  # why the case was not measured

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "scale": self.scale,
            "skipped": self.skipped,
            "checks": self.checks,
            "ours": self.ours.to_json() if self.ours else None,
            "plain": self.plain.to_json() if self.plain else None,
        }


class Bench:
    """Runs the cases of one scale on our corpus and its plain twin."""

    def __init__(
        self,
        ours: Corpus,
        plain: Corpus,
        logs: Path,
        quick: bool,
        timeout: float,
        echo: Echo,
        code: Path | None = None,
    ) -> None:
        self.ours, self.plain = ours, plain
        self.logs, self.quick, self.timeout, self.echo = logs, quick, timeout, echo
        # every command imports build_tools from this frozen copy (see snapshot_package)
        self.env = {"PYTHONPATH": str(code)} if code else {}
        self.formats = ("html", "epub") if quick else ("html", "pdf", "epub")

    # commands

    def ours_build(
        self,
        formats: Sequence[str],
        languages: Sequence[str],
        results: Path | None = None,
        reports: Sequence[str] = (),
    ) -> list[Step]:
        command = [sys.executable, "-m", "build_tools", "--root", str(self.ours.root), "build"]
        label = f"{'+'.join(formats)} {' '.join(languages)}"
        command += [*formats, "--languages", " ".join(languages)]
        if reports:
            command += ["--reports", " ".join(reports)]
        if results is not None:  # the run's records, read back by the no-op case
            command += ["--results", str(results)]
        return [(label, command)]

    def plain_sphinx(self, builder: str, language: str) -> list[str]:
        """What a hand-written Makefile runs: sphinx-build with no option of ours (not
        strict, not quiet), one doctree folder per language shared by its builders."""
        build = self.plain.build_dir
        return sphinx_build(
            builder,
            self.plain.root,
            self.plain.srcdir,
            build / builder / language,
            build / "doctrees" / language,
            overrides=[("language", language)],
            entry="sphinx",  # plain: sphinx-build as anyone runs it
        )

    def plain_build(
        self, formats: Sequence[str], languages: Sequence[str], typeset: bool = True
    ) -> list[Step]:
        """What a hand-made Makefile runs: per language, one sphinx-build per format, and
        latexmk (through the Makefile Sphinx writes) for PDFs."""
        steps: list[Step] = []
        for language in languages:
            for fmt in ("html", "epub", "pdf"):
                if fmt not in formats:
                    continue
                builder = "latex" if fmt == "pdf" else fmt
                steps.append((f"{language}-{builder}", self.plain_sphinx(builder, language)))
                if fmt == "pdf" and typeset:
                    latex_dir = str(self.plain.build_dir / "latex" / language)
                    steps.append((f"{language}-pdf", ["make", "-C", latex_dir, "all-pdf"]))
        return steps

    def side(self, case: str, who: str, steps: list[Step], cwd: Path) -> Side:
        result = Side()
        phases_file = self.logs / f"{self.ours.scale}x-{case}-{who}-phases.jsonl"
        phases_file.unlink(missing_ok=True)
        env = self.env | {PHASES_ENV: str(phases_file)}
        for index, (label, command) in enumerate(steps, 1):
            slug = re.sub(r"[^\w.-]+", "_", label)
            log = self.logs / f"{self.ours.scale}x-{case}-{who}-{index:02d}-{slug}.log"
            run = measure(command, log, cwd, label, self.timeout, env)
            result.runs.append(run)
            if not run.ok:
                break
        result.phases = read_phases(phases_file)
        for _label, command in steps:
            if "--results" in command:
                result.job_seconds += job_seconds(Path(command[command.index("--results") + 1]))
        state = "ok" if result.ok else f"FAILED (see {result.runs[-1].log})"
        self.echo(f"  {case:<16} {who:<5} {result.seconds:8.2f} s  {state}")
        return result

    def both(self, name: str, ours: list[Step], plain: list[Step]) -> Case:
        return Case(
            name,
            self.ours.scale,
            ours=self.side(name, "ours", ours, self.ours.root),
            plain=self.side(name, "plain", plain, self.plain.root),
        )

    def from_clean(
        self,
        name: str,
        formats: Sequence[str],
        languages: Sequence[str],
        pdf_engine: str | None = None,
    ) -> Case:
        """The same work for both, each from scratch (ours with ``PDF_ENGINE`` when given;
        the plain twin always typesets with XeLaTeX)."""
        self.clean()
        saved = dict(self.env)
        if pdf_engine:
            self.env["PDF_ENGINE"] = pdf_engine
        try:
            results = self.logs / f"{self.ours.scale}x-{name}-ours-results.json"
            return self.both(
                name,
                self.ours_build(formats, languages, results),
                self.plain_build(formats, languages),
            )
        finally:
            self.env = saved

    def clean(self) -> None:
        """No build folder, no compiled catalogue, for both."""
        for corpus in (self.ours, self.plain):
            shutil.rmtree(corpus.build_dir, ignore_errors=True)
            for mo in corpus.localedir.rglob("*.mo"):
                mo.unlink()

    def run_all(self, only: Sequence[str] = CASES) -> list[Case]:
        """Every case of ``only`` (and the cases they build on), in an order where noop
        and edit reuse the build before them."""
        languages, scale = self.ours.languages, self.ours.scale
        source = languages[0]
        translated = languages[1] if len(languages) > 1 else None

        def html_translated() -> Case:
            if translated:
                return self.from_clean("html-translated", ["html"], [translated])
            return Case("html-translated", scale, skipped="one language only")

        def pdf(name: str, engine: str) -> Callable[[], Case]:
            if self.quick:
                return lambda: Case(name, scale, skipped="--quick")
            # the PDF of one language, with each engine
            return lambda: self.from_clean(name, ["pdf"], [source], pdf_engine=engine)

        measure: dict[str, Callable[[], Case]] = {
            "all": lambda: self.from_clean("all", self.formats, languages),
            "noop": self.noop,
            "html-source": lambda: self.from_clean("html-source", ["html"], [source]),
            "edit": lambda: self.edit(source),
            "preview": lambda: self.preview(source),
            "theme": lambda: self.theme(source),
            "html-translated": html_translated,
            "pdf": pdf("pdf", "typst"),
            "pdf-edit": lambda: self.pdf_edit(source),
            "pdf-latex": pdf("pdf-latex", "latex"),
            "epub": lambda: self.from_clean("epub", ["epub"], [source]),
        }
        return [measure[name]() for name in cases_to_run(only)]

    def noop(self) -> Case:
        """Everything again, nothing changed: ours must skip every job and run no LaTeX."""
        before = pdf_mtimes(self.ours.build_dir)
        results = self.logs / f"{self.ours.scale}x-noop-ours-results.json"
        case = self.both(
            "noop",
            self.ours_build(self.formats, self.ours.languages, results),
            self.plain_build(self.formats, self.plain.languages, typeset=False),
        )
        after = pdf_mtimes(self.ours.build_dir)
        up_to_date, jobs = job_states(results)
        case.checks = {
            "jobs_up_to_date": up_to_date,
            "jobs": jobs,
            "pdfs": len(before),
            "pdfs_unchanged": before == after if before else None,  # None: no PDF built
            "latex_ran": before != after,
        }
        return case

    def edit(self, language: str) -> Case:
        """One sentence more on one page, after a complete HTML build: the incremental
        rebuild a writer waits for."""
        page = edit_page(self.ours.srcdir)
        originals = {
            c: (c.srcdir / page).read_text(encoding="utf-8") for c in (self.ours, self.plain)
        }
        try:
            for corpus, text in originals.items():
                (corpus.srcdir / page).write_text(
                    text.rstrip("\n") + f"\n\n{EDIT_SENTENCE}\n", encoding="utf-8"
                )
            case = self.both(
                "edit",
                self.ours_build(["html"], [language]),
                self.plain_build(["html"], [language]),
            )
        finally:
            for corpus, text in originals.items():
                (corpus.srcdir / page).write_text(text, encoding="utf-8")
        html = Path(page).with_suffix(".html")
        case.checks = {
            "page": str(page),
            "ours_shows_edit": shows(self.ours.build_dir / "html" / language / html),
            "plain_shows_edit": shows(self.plain.build_dir / "html" / language / html),
        }
        return case

    def pdf_edit(self, language: str) -> Case:
        """One sentence more on one page of a report, after the ``pdf`` case's build: that
        report's PDF again (``--reports``), the wait of a writer who checks the print.
        Ours only: the plain twin has no volume of one report to build alone."""
        if self.quick:
            return Case("pdf-edit", self.ours.scale, skipped="--quick")
        page = edit_page(self.ours.srcdir)
        report = page.parts[0]
        source = self.ours.srcdir / page
        original = source.read_text(encoding="utf-8")
        results = self.logs / f"{self.ours.scale}x-pdf-edit-ours-results.json"
        try:
            source.write_text(original.rstrip("\n") + f"\n\n{EDIT_SENTENCE}\n", encoding="utf-8")
            steps = self.ours_build(["pdf"], [language], results, reports=[report])
            ours = self.side("pdf-edit", "ours", steps, self.ours.root)
        finally:
            source.write_text(original, encoding="utf-8")
        return Case(
            "pdf-edit",
            self.ours.scale,
            ours=ours,
            checks={"page": str(page), "volumes": volume_states(results)},
        )

    def theme(self, language: str) -> Case:
        """Our corpus with our extension, HTML from clean by plain sphinx-build: with our
        theme ("ours"), and with Sphinx's default theme, alabaster (in the plain column)."""
        self.clean()
        build = self.ours.build_dir / "theme"

        def command(theme: str, overrides: list[tuple[str, str]]) -> list[Step]:
            return [
                (
                    f"{language}-html-{theme}",
                    sphinx_build(
                        "html",
                        self.ours.root,
                        self.ours.srcdir,
                        build / theme,
                        build / f"{theme}-doctrees",
                        # each side draws its charts: both from clean
                        overrides=[
                            ("language", language),
                            ("shadow_chart_cache", str(build / f"{theme}-charts")),
                            *overrides,
                        ],
                    ),
                )
            ]

        case = Case(
            "theme",
            self.ours.scale,
            ours=self.side("theme", "ours", command("shadow", []), self.ours.root),
            plain=self.side(
                "theme",
                "plain",
                command("alabaster", [("html_theme", "alabaster")]),
                self.ours.root,
            ),
        )
        case.checks = {"plain_is": "alabaster on our corpus, with our extension"}
        return case

    def preview(self, language: str) -> Case:
        """``make preview`` on our corpus: the median time from saving a page to the
        served page showing the change, over PREVIEW_EDITS edits (polled over HTTP)."""
        log = self.logs / f"{self.ours.scale}x-preview-ours.log"
        command = [sys.executable, "-m", "build_tools", "--root", str(self.ours.root)]
        command += ["preview", "--languages", language, "--port", "0"]
        page = edit_page(self.ours.srcdir)
        try:
            times = time_preview(command, self.ours.srcdir / page, log, self.env, self.timeout)
        except PreviewError as error:
            self.echo(f"  {'preview':<16} ours  FAILED ({error}; see {log})")
            failed = Run("preview", command, log, 0.0, 0.0, 0.0, returncode=1)
            return Case(
                "preview", self.ours.scale, ours=Side([failed]), checks={"error": str(error)}
            )
        median = sorted(times)[len(times) // 2]
        self.echo(f"  {'preview':<16} ours  {median:8.2f} s  (edits: {_seconds_list(times)})")
        run = Run("preview", command, log, median, 0.0, 0.0, 0)
        return Case("preview", self.ours.scale, ours=Side([run]), checks={"edits": times})


def cases_to_run(chosen: Sequence[str]) -> list[str]:
    """The chosen cases and those they build on, in the order of :data:`CASES`."""
    wanted = set(chosen) | {BUILDS_ON[c] for c in chosen if c in BUILDS_ON}
    return [case for case in CASES if case in wanted]


class PreviewError(Exception):
    """The preview did not start, or an edit never showed."""


def _seconds_list(times: Sequence[float]) -> str:
    return ", ".join(f"{t:.2f}" for t in times)


def time_preview(
    command: list[str], page: Path, log: Path, env: dict[str, str], timeout: float
) -> list[float]:
    """Start the preview, wait until it serves, then edit ``page`` PREVIEW_EDITS times and
    time each save until the served page shows it; the page is restored, the server
    stopped."""
    import urllib.error
    import urllib.request

    log.parent.mkdir(parents=True, exist_ok=True)
    original = page.read_text(encoding="utf-8")
    with open(log, "w", encoding="utf-8") as out:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=out,
            text=True,
            env=os.environ | env,
            start_new_session=True,
        )
        try:
            url = ""
            deadline = time.monotonic() + timeout
            assert process.stdout is not None
            for line in process.stdout:
                out.write(line)
                out.flush()
                found = re.search(r"\] serving (http://\S+)", line)
                if found:
                    url = found[1]
                    break
                if time.monotonic() > deadline:
                    break
            if not url:
                raise PreviewError("the preview never served")
            threading_out = _drain(process.stdout, out)
            address = url + str(page.relative_to(_srcdir_of(page))).removesuffix(".md") + ".html"
            times = []
            for number in range(PREVIEW_EDITS):
                marker = f"Benchmark preview edit {number} {time.time_ns()}."
                page.write_text(original.rstrip("\n") + f"\n\n{marker}\n", encoding="utf-8")
                started = time.perf_counter()
                while True:
                    try:
                        with urllib.request.urlopen(address, timeout=30) as response:
                            if marker in response.read().decode("utf-8", errors="replace"):
                                break
                    except urllib.error.URLError as error:
                        raise PreviewError(f"{address}: {error}") from None
                    if time.perf_counter() - started > 60:
                        raise PreviewError(f"edit {number + 1} never showed at {address}")
                    time.sleep(0.01)
                times.append(time.perf_counter() - started)
                time.sleep(1.0)  # a writer's pause: the next save is a new build
            return times
        finally:
            page.write_text(original, encoding="utf-8")
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
            if "threading_out" in locals():
                threading_out.join(timeout=5)


def _srcdir_of(page: Path) -> Path:
    """The ``reports/`` folder a page is in."""
    for parent in page.parents:
        if parent.name == "reports":
            return parent
    return page.parent


def _drain(stream: Any, out: Any) -> Any:
    """Copy the rest of the preview's output into its log, in a thread (a full pipe
    would stop the preview)."""
    import threading

    def copy() -> None:
        for line in stream:
            out.write(line)
            out.flush()

    thread = threading.Thread(target=copy, daemon=True)
    thread.start()
    return thread


def read_phases(path: Path) -> list[dict[str, Any]]:
    """The phase records a side's Sphinx builds appended (none if it wrote none)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    records = []
    for line in lines:
        try:
            records.append(json.loads(line))
        except ValueError:
            continue
    return records


def job_seconds(results: Path) -> list[float]:
    """The seconds of each job of a run, from the records ``build --results`` wrote."""
    try:
        record = json.loads(results.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [float(job.get("seconds", 0.0)) for job in record.get("jobs", [])]


def edit_page(srcdir: Path) -> Path:
    """EDIT_PAGE, or the first page of a report that is not its index."""
    if (srcdir / EDIT_PAGE).is_file():
        return Path(EDIT_PAGE)
    pages = sorted(p for p in srcdir.glob("*/*.md") if p.name != corpora.ROOT_PAGE)
    return (pages or sorted(srcdir.rglob("*.md")))[0].relative_to(srcdir)


def shows(html: Path) -> bool:
    return html.is_file() and EDIT_SENTENCE in html.read_text(encoding="utf-8")


def pdf_mtimes(build_dir: Path) -> dict[str, int]:
    """Every PDF of a build (published and in the work folders): LaTeX ran if one moved."""
    if not build_dir.is_dir():
        return {}
    return {str(p.relative_to(build_dir)): p.stat().st_mtime_ns for p in build_dir.rglob("*.pdf")}


def volume_states(results: Path) -> dict[str, str]:
    """Each item a run's jobs made, by name, with its state (written, unchanged, reused)."""
    try:
        record = json.loads(results.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {i["name"]: i["state"] for job in record.get("jobs", []) for i in job.get("items", [])}


def job_states(results: Path) -> tuple[int, int]:
    """(jobs up to date, jobs) from the records ``build_tools build --results`` wrote."""
    try:
        record = json.loads(results.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0, 0
    statuses = [job["status"] for job in record.get("jobs", [])]
    return statuses.count("up to date"), len(statuses)


# --- budgets and the table -------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    case: str
    scale: str
    ours_s: float | None
    plain_s: float | None
    ours_mb: float | None
    plain_mb: float | None
    budget: str  # the measured value against its limit, as the reader sees it
    result: str  # pass, miss, failed, n/a, or "-" when there is no budget
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.ours_s is None or not self.plain_s:
            return None
        return self.ours_s / self.plain_s


def verdict(value: float | None, limit: float) -> str:
    if value is None:
        return "failed"
    return "pass" if value <= limit else "miss"


def _side_values(side: Side | None) -> tuple[float | None, float | None]:
    if side is None or not side.ok:
        return None, None
    return side.seconds, side.peak_rss_mb


#: cases whose budget is ours / plain
PLAIN_RATIOS = {"all": ALL_RATIO, "html-source": HTML_RATIO, "epub": EPUB_RATIO}
#: what the plain column of a case holds, when it is not plain Sphinx on the twin
NOTES = {
    "theme": "plain column: alabaster on our corpus",
    "edit": "one page, then build html (a process)",
}


def preview_budget(scale: int) -> float:
    return PREVIEW_SECONDS.get(scale, PREVIEW_SECONDS_SCALED)


def case_row(case: Case, source_html: Case | None, cases: dict[str, Case] | None = None) -> Row:
    """The table row of one case, with its budget when it has one (``cases``: the other
    cases of its scale, for the rows that compare with one of them)."""
    cases = cases or {}
    scale = f"{case.scale}x"
    if case.skipped:
        return Row(case.name, scale, None, None, None, None, "-", "n/a", case.skipped)
    ours_s, ours_mb = _side_values(case.ours)
    plain_s, plain_mb = _side_values(case.plain)
    if case.name == "preview":  # ours only: the plain twin has no preview
        limit = preview_budget(case.scale)
        edits = case.checks.get("edits")
        note = f"median of {len(edits)} edits: {_seconds_list(edits)}" if edits else ""
        note = note or str(case.checks.get("error", ""))
        budget = _limit("save to served page", ours_s, limit, " s")
        return Row(case.name, scale, ours_s, None, None, None, budget, verdict(ours_s, limit), note)
    if case.name == "pdf-edit":  # ours only: plain Sphinx builds no volume alone
        volumes = case.checks.get("volumes") or {}
        note = ", ".join(f"{name} {state}" for name, state in volumes.items())
        result = verdict(ours_s, PDF_EDIT_SECONDS)
        if ours_s is not None and list(volumes.values()) != ["written"]:
            result, note = "failed", f"not the edited report's PDF alone: {note or 'none'}"
        budget = _limit("ours", ours_s, PDF_EDIT_SECONDS, " s")
        return Row(case.name, scale, ours_s, None, ours_mb, None, budget, result, note)
    failed = ours_s is None or plain_s is None
    budget, result, note = "-", "failed" if failed else "-", NOTES.get(case.name, "")
    if case.name in PLAIN_RATIOS:
        limit = PLAIN_RATIOS[case.name]
        ratio = ours_s / plain_s if not failed and plain_s else None
        budget = _limit("ours/plain", ratio, limit)
        result = verdict(ratio, limit)
    elif case.name == "edit":
        shown = case.checks.get("ours_shows_edit") and case.checks.get("plain_shows_edit")
        if not failed and not shown:
            result, note = "failed", "the edit is missing from the rebuilt page"
    elif case.name == "noop":
        budget = _limit("ours", ours_s, NOOP_SECONDS, " s") + ", no LaTeX"
        result = verdict(ours_s, NOOP_SECONDS)
        note = f"{case.checks.get('jobs_up_to_date')}/{case.checks.get('jobs')} jobs up to date"
        if case.checks.get("pdfs"):
            note += ", PDFs unchanged" if case.checks.get("pdfs_unchanged") else ", LaTeX ran"
        else:
            note += ", no PDF built"
        if result == "pass" and (
            case.checks.get("latex_ran")
            or case.checks.get("jobs_up_to_date") != case.checks.get("jobs")
        ):
            result = "miss"
    elif case.name == "pdf" and source_html is not None:
        # the PDF job of a language (Typst) against the HTML job of the same language
        html_s, _ = _side_values(source_html.ours)
        ratio = ours_s / html_s if ours_s is not None and html_s else None
        budget = _limit("ours/html", ratio, PDF_RATIO)
        result = verdict(ratio, PDF_RATIO)
        latex_s, _ = _side_values(cases["pdf-latex"].ours) if "pdf-latex" in cases else (None, None)
        if ours_s is not None and latex_s:
            note = f"typst/xelatex {ours_s / latex_s:.2f}; plain: XeLaTeX"
    elif case.name == "html-translated" and source_html is not None:
        source_s, _ = _side_values(source_html.ours)
        ratio = ours_s / source_s if ours_s is not None and source_s else None
        budget = _limit("ours/source", ratio, TRANSLATED_RATIO)
        result = verdict(ratio, TRANSLATED_RATIO)
    if failed:
        result = "failed"
    return Row(case.name, scale, ours_s, plain_s, ours_mb, plain_mb, budget, result, note)


def memory_row(cases: list[Case], scale: int) -> Row:
    """The largest process of any of our jobs at this scale, against its budget."""
    # the preview's run has no peak (it is timed over HTTP)
    measured = [c for c in cases if not c.skipped and c.name != "preview"]
    ours = max((c.ours.peak_rss_mb for c in measured if c.ours), default=None)
    plain = max((c.plain.peak_rss_mb for c in measured if c.plain), default=None)
    if ours is None:  # e.g. the preview alone: no budget to judge
        return Row("peak memory", f"{scale}x", None, None, None, plain, "-", "-", "not measured")
    return Row(
        "peak memory",
        f"{scale}x",
        None,
        None,
        ours,
        plain,
        _limit("ours", ours, PEAK_MB, " MB", digits=0),
        verdict(ours, PEAK_MB),
        "largest single process",
    )


def scaling_rows(html_by_scale: dict[int, Case]) -> list[Row]:
    """HTML time at k x against 1x: the build must stay (nearly) linear in the pages."""
    base = html_by_scale.get(1)
    rows = []
    for scale, case in sorted(html_by_scale.items()):
        if scale == 1 or base is None:
            continue
        ours_s, _ = _side_values(case.ours)
        plain_s, _ = _side_values(case.plain)
        base_s, _ = _side_values(base.ours)
        limit = HTML_SCALING * scale
        ratio = ours_s / base_s if ours_s is not None and base_s else None
        rows.append(
            Row(
                "html scaling",
                f"{scale}x/1x",
                ours_s,
                plain_s,
                None,
                None,
                _limit(f"ours {scale}x/1x", ratio, limit),
                verdict(ratio, limit),
            )
        )
    return rows


@dataclass(frozen=True)
class PhaseRow:
    phase: str
    ours_s: float
    plain_s: float

    @property
    def extra(self) -> float:
        return self.ours_s - self.plain_s


def side_phases(side: Side | None, engine_steps: bool) -> dict[str, float]:
    """Seconds per phase, summed over a side's Sphinx builds, and ``engine``: what is not
    Sphinx. Ours: the jobs' seconds less their Sphinx builds (pandoc, Typst, LaTeX,
    fingerprints, publication); plain: the latexmk steps (``engine_steps``)."""
    totals = dict.fromkeys((*PHASES, "engine"), 0.0)
    if side is None:
        return totals
    sphinx = 0.0
    for record in side.phases:
        for phase in PHASES:
            totals[phase] += float(record.get(phase, 0.0))
        sphinx += float(record.get("startup", 0.0)) + float(record.get("total", 0.0))
    if side.job_seconds:
        totals["engine"] = max(0.0, sum(side.job_seconds) - sphinx)
    elif engine_steps:
        totals["engine"] = sum(r.seconds for r in side.runs if "sphinx" not in r.command[:3])
    return totals


def profile_rows(case: Case | None) -> list[PhaseRow]:
    """Where our extra time goes in a case, phase by phase, against the plain twin."""
    if case is None or case.skipped or case.ours is None or not case.ours.phases:
        return []
    ours = side_phases(case.ours, engine_steps=False)
    plain = side_phases(case.plain, engine_steps=True)
    rows = [PhaseRow(phase, ours[phase], plain[phase]) for phase in (*PHASES, "engine")]
    return [*rows, PhaseRow("total", sum(ours.values()), sum(plain.values()))]


def format_profile(rows: list[PhaseRow]) -> str:
    lines = [f"{'phase':<8}  {'ours (s)':>9}  {'plain (s)':>9}  {'extra (s)':>9}"]
    lines += [f"{r.phase:<8}  {r.ours_s:>9.2f}  {r.plain_s:>9.2f}  {r.extra:>+9.2f}" for r in rows]
    return "\n".join(lines)


def _limit(metric: str, value: float | None, limit: float, unit: str = "", digits: int = 2) -> str:
    shown = "?" if value is None else f"{value:.{digits}f}"
    return f"{metric} {shown}{unit} <= {limit:g}{unit}"


def format_table(rows: list[Row]) -> str:
    def seconds(value: float | None) -> str:
        return "-" if value is None else f"{value:.2f}"

    def megabytes(value: float | None) -> str:
        return "-" if value is None else f"{value:.0f}"

    header = ("case", "scale", "ours (s)", "plain (s)", "ratio", "ours MB", "plain MB")
    body = [
        (
            r.case,
            r.scale,
            seconds(r.ours_s),
            seconds(r.plain_s),
            "-" if r.ratio is None else f"{r.ratio:.2f}",
            megabytes(r.ours_mb),
            megabytes(r.plain_mb),
            r.budget,
            r.result,
            r.note,
        )
        for r in rows
    ]
    table = [(*header, "budget", "pass/miss", "note"), *body]
    widths = [max(len(line[i]) for line in table) for i in range(len(table[0]))]
    right = {2, 3, 4, 5, 6}  # numbers
    lines = []
    for line in table:
        cells = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(line, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


# --- the whole run ---------------------------------------------------------------------------


def snapshot_package(out: Path) -> tuple[Path, str]:
    """Freeze the build_tools being measured: a copy in ``out/code`` and its fingerprint.

    The package is part of every job's fingerprint, and colleagues edit it while a run
    lasts; measured against the live tree, one saved file would turn the no-op case into a
    full rebuild. Returns the folder to put on PYTHONPATH (it wins over the editable install).
    """
    from build_tools.pipeline.stamps import PACKAGE_DIR, fingerprint

    code = out / "code"
    shutil.rmtree(code, ignore_errors=True)
    shutil.copytree(
        PACKAGE_DIR, code / "build_tools", ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    return code, fingerprint([code / "build_tools"])


def machine_info(root: Path) -> dict[str, Any]:
    """What the numbers depend on, recorded with them."""

    def version(package: str) -> str | None:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return None

    def first_line(command: list[str], **kwargs: Any) -> str | None:
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=30, check=False, **kwargs
            )
        except (OSError, subprocess.SubprocessError):
            return None
        lines = (done.stdout or done.stderr).strip().splitlines()
        return lines[0] if lines and done.returncode == 0 else None

    no_lock = os.environ | {"GIT_OPTIONAL_LOCKS": "0"}  # never block a colleague's git
    dirty = first_line(["git", "-C", str(root), "status", "--porcelain"], env=no_lock)
    return {
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "memory_total_mb": _memory_total_mb(),
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "sphinx": version("sphinx"),
        "myst_parser": version("myst-parser"),
        "docutils": version("docutils"),
        "latexmk": first_line(["latexmk", "-v"]) if shutil.which("latexmk") else None,
        "xelatex": first_line(["xelatex", "--version"]) if shutil.which("xelatex") else None,
        "git_commit": first_line(["git", "-C", str(root), "rev-parse", "HEAD"]),
        "git_dirty": dirty is not None,
    }


def _memory_total_mb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def run_benchmark(
    root: Path,
    out: Path,
    scales: Sequence[int],
    quick: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    echo: Echo = print,
    cases_chosen: Sequence[str] = CASES,
) -> dict[str, Any]:
    """Generate the corpora, measure every case at every scale, and return the record
    (also written to ``out/results-<timestamp>.json`` and ``out/latest.json``)."""
    from build_tools.pipeline.project import Project

    Project.load(root)  # no conf.py, no benchmark: fail before anything is written
    started = datetime.now(UTC)
    logs = out / "logs"
    shutil.rmtree(logs, ignore_errors=True)  # this run's logs only
    machine = machine_info(root)
    code, package = snapshot_package(out)
    machine["build_tools_fingerprint"] = package
    echo(
        f"bench: {machine['cpu_count']} CPUs, load {machine['load_average']}, "
        f"Python {machine['python']}, Sphinx {machine['sphinx']}"
        + (" (--quick: no PDF)" if quick else "")
    )
    cases: list[Case] = []
    rows: list[Row] = []
    html_by_scale: dict[int, Case] = {}
    profiles: dict[int, list[PhaseRow]] = {}
    generated = []
    for scale in scales:
        echo(f"[{scale}x] generating corpora in {out}")
        ours = corpora.generate(root, out / f"corpus-{scale}x", scale)
        plain = corpora.generate(root, out / f"plain-{scale}x", scale, plain=True)
        generated.append(
            {"scale": scale, "ours": str(ours.root), "plain": str(plain.root), **_size(ours)}
        )
        bench = Bench(ours, plain, logs, quick, timeout, echo, code)
        measured = bench.run_all(cases_chosen)
        cases += measured
        by_name = {c.name: c for c in measured}
        if "html-source" in by_name:
            html_by_scale[scale] = by_name["html-source"]
        rows += [case_row(c, by_name.get("html-source"), by_name) for c in measured]
        rows.append(memory_row(measured, scale))
        profiles[scale] = profile_rows(by_name.get("all"))
    rows += scaling_rows(html_by_scale)
    machine["load_average_end"] = list(os.getloadavg()) if hasattr(os, "getloadavg") else None
    record = {
        "started": started.isoformat(timespec="seconds"),
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "arguments": {
            "root": str(root),
            "scales": list(scales),
            "quick": quick,
            "cases": list(cases_chosen),
        },
        "machine": machine,
        "budgets": {
            "all_ours_over_plain": ALL_RATIO,
            "translated_over_source_html": TRANSLATED_RATIO,
            "html_ours_over_plain": HTML_RATIO,
            "epub_ours_over_plain": EPUB_RATIO,
            "preview_seconds": {"1x": PREVIEW_SECONDS[1], "larger": PREVIEW_SECONDS_SCALED},
            "noop_seconds": NOOP_SECONDS,
            "pdf_edit_seconds": PDF_EDIT_SECONDS,
            "peak_rss_mb": PEAK_MB,
            "html_kx_over_1x": f"{HTML_SCALING} * k",
        },
        "corpora": generated,
        "cases": [c.to_json() for c in cases],
        "rows": [asdict(r) | {"ratio": r.ratio} for r in rows],
        "table": format_table(rows),
        "profile": {str(k): [asdict(r) for r in v] for k, v in profiles.items()},
        "profile_table": "\n\n".join(
            f"where the time goes, {k}x, all formats and languages from clean "
            f"(seconds summed over processes):\n{format_profile(v)}"
            for k, v in profiles.items()
            if v
        ),
    }
    write_record(out, record, started)
    return record


def _size(corpus: Corpus) -> dict[str, int]:
    return {
        "reports": len(corpus.reports),
        "chapters": len(corpus.chapters),
        "pages": sum(1 for _ in corpus.srcdir.rglob("*.md")),
        "languages": len(corpus.languages),
    }


def write_record(out: Path, record: dict[str, Any], started: datetime) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    text = json.dumps(record, indent=2, default=str) + "\n"
    target = out / f"results-{started.strftime('%Y%m%d-%H%M%S')}.json"
    target.write_text(text, encoding="utf-8")
    staging = out / ".latest.json.staging"
    staging.write_text(text, encoding="utf-8")
    os.replace(staging, out / "latest.json")
    return target


def failures(record: dict[str, Any]) -> list[str]:
    """One line per failed command: which, and where its log is."""
    lines = []
    for case in record["cases"]:
        for who in ("ours", "plain"):
            side = case[who]
            if side and not side["ok"] and side["runs"]:
                run = side["runs"][-1]
                lines.append(
                    f"{case['scale']}x {case['name']} {who}: '{run['label']}' exited with "
                    f"{run['returncode']}; see {run['log']}"
                )
    return lines
