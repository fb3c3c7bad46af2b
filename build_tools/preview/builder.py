"""The preview's builder: a Sphinx application kept in memory, one incremental
``app.build()`` per change, run in a process of its own (:func:`builder_process`) so that a
change of data or of the extension's code starts a fresh one.

Its settings are those of the HTML job's command line (:func:`job_settings` reads them
from :func:`build_tools.pipeline.jobs.sphinx_command`), so the preview cannot drift from
``make html``. Sphinx reports a page's warnings only when it reads the page: a page read by
a build that failed is read again by the next one, so that its errors are reported until
they are fixed, even when another page is what changed.
"""

from __future__ import annotations

import io
import os
import sys
import time
import traceback
from collections.abc import Iterable, Sequence
from contextlib import ExitStack, redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from build_tools.pipeline.project import Project
from build_tools.preview.reuse import (
    KeptCitations,
    keep_citations,
    prune_charts_once,
    write_environment_aside,
)

#: what a change of each kind needs (see :func:`needs`)
BUILD, RECONFIGURE, RESTART = "build", "reconfigure", "restart"


@dataclass(frozen=True)
class Outcome:
    """One build's result as the server shows it: numbered, good or not, and the located
    lines of what is wrong (Sphinx's messages, ranked as the build summary ranks them)."""

    number: int
    ok: bool
    seconds: float
    errors: tuple[str, ...] = ()
    pages: int = 0  # pages read

    def to_json(self) -> dict[str, Any]:
        return {
            "build": self.number,
            "ok": self.ok,
            "seconds": round(self.seconds, 3),
            "errors": list(self.errors),
            "pages": self.pages,
        }


def preview_dir(project: Project, language: str) -> Path:
    return project.build_dir / "preview" / language


@dataclass(frozen=True)
class Settings:
    """What ``sphinx-build`` would be given for the language's HTML job."""

    builder: str
    confdir: Path
    srcdir: Path
    overrides: dict[str, Any] = field(default_factory=dict)
    strict: bool = False  # -W: a warning is an error


def job_settings(project: Project, language: str) -> Settings:
    """The HTML job's command line, read back into the arguments of ``Sphinx()``."""
    from build_tools.pipeline.formats import FORMATS
    from build_tools.pipeline.jobs import Job, sphinx_command

    where = preview_dir(project, language)
    command = sphinx_command(
        project,
        Job(language, "html"),
        where / "out",
        where / "doctrees",
        fmt=FORMATS["html"],
    )
    args = iter(command[3:-2])  # after "python -m <entry>", before srcdir and outdir
    values: dict[str, str] = {}
    overrides: dict[str, Any] = {}
    strict = False
    for arg in args:
        if arg in ("-b", "-c", "-d"):
            values[arg] = next(args)
        elif arg == "-D":
            name, _, value = next(args).partition("=")
            overrides[name] = value
        elif arg == "-n":
            overrides["nitpicky"] = True
        elif arg == "-W":
            strict = True
    return Settings(values["-b"], Path(values["-c"]), Path(command[-2]), overrides, strict)


def needs(project: Project, changed: Iterable[Path]) -> str:
    """The least a set of changed files needs: an incremental build, a new application
    (conf.py, a PO file: the gate and the catalogues are read with the configuration) or
    a new process (data, the extension's code: the model caches what it read)."""
    from build_tools.pipeline.jobs import RENDERING_PARTS
    from build_tools.pipeline.stamps import PACKAGE_DIR

    verdict = BUILD
    for path in changed:
        if any(path.is_relative_to(PACKAGE_DIR / part) for part in (*RENDERING_PARTS, "charts")):
            return RESTART
        if path == project.root / "conf.py" or path.suffix == ".po":
            verdict = RECONFIGURE
    return verdict


class ResidentBuild:
    """A Sphinx application of one language, built again on each call of :meth:`build`."""

    def __init__(self, project: Project, language: str, fresh: bool = False) -> None:
        self.project = project
        self.language = language
        self.settings = job_settings(project, language)
        self.where = preview_dir(project, language)
        self.log = self.where / "build.log"
        self.app: Any = None
        self.citations: KeptCitations | None = None
        self.fresh = fresh
        self.failing: set[str] = set()  # pages read by the last failed build
        self.read: list[str] = []
        self.number = 0
        self.status, self.warning = io.StringIO(), io.StringIO()
        self.namespace = ExitStack()

    @property
    def outdir(self) -> Path:
        return self.where / "out"

    def _new_app(self) -> Any:
        from sphinx.application import Sphinx
        from sphinx.util.console import nocolor
        from sphinx.util.docutils import docutils_namespace, patch_docutils

        nocolor()  # messages for a page and a terminal log, as sphinx-build writes to a file
        # docutils keeps directives, roles and nodes in globals: each application gets
        # its own registry, as sphinx-build's does, restored when the next one replaces it
        self.namespace.close()
        self.namespace = ExitStack()
        self.namespace.enter_context(patch_docutils(self.settings.confdir))
        self.namespace.enter_context(docutils_namespace())
        # gettext and Sphinx keep every catalogue they opened, by path, for the process's
        # life: a recompiled MO file would be read from the stale copy
        import gettext

        import sphinx.locale

        sphinx.locale.translators.clear()
        gettext._translations.clear()  # type: ignore[attr-defined]
        # one pair of streams for the application's life (its logging writes to them);
        # emptied before each build
        self.status, self.warning = io.StringIO(), io.StringIO()
        app = Sphinx(
            str(self.settings.srcdir),
            str(self.settings.confdir),
            str(self.outdir),
            str(self.where / "doctrees"),
            self.settings.builder,
            confoverrides=dict(self.settings.overrides),
            status=self.status,
            warning=self.warning,
            freshenv=self.fresh,
        )
        self.fresh = False
        self.citations = keep_citations(app)
        prune_charts_once(app)
        app.connect("env-before-read-docs", self._note_read)
        app.connect("env-get-outdated", self._outdated)
        return app

    def _note_read(self, app: Any, env: Any, docnames: list[str]) -> None:
        self.read = list(docnames)

    def _outdated(self, app: Any, env: Any, added: set, changed: set, removed: set) -> list[str]:
        return sorted(self.failing & set(env.found_docs))

    def build(self, reconfigure: bool = False) -> Outcome:
        """Build what changed; a new application first when asked (or after a failure to
        make one). Never raises: a crash is an outcome with its located line."""
        from build_tools.pipeline.runner import failure_lines

        self.number += 1
        started = time.monotonic()
        for stream in (self.status, self.warning):
            stream.seek(0)
            stream.truncate()
        self.read = []
        crashed = ""
        # the gate prints a refusal and exits; whatever else is printed goes to the log too
        captured = io.StringIO()
        try:
            with redirect_stderr(captured), redirect_stdout(captured):
                if reconfigure or self.app is None:
                    self.app = None
                    self.app = self._new_app()
                self.app.build()
        except SystemExit:
            self.app = None  # the gate refused a catalogue: read the configuration again
        except Exception:
            crashed = traceback.format_exc()
            self.app = None
        self.where.mkdir(parents=True, exist_ok=True)
        warned = self.warning.getvalue()
        text = self.status.getvalue() + warned + captured.getvalue() + crashed
        self.log.write_text(text, encoding="utf-8")
        errors = failure_lines(self.project, self.log) if text.strip() else []
        if not errors and (self.app is None or warned.strip()):
            # no located message (the gate's refusal is printed, then it exits): what was
            # printed, else the warnings, else the end of Sphinx's own output
            for source in (captured.getvalue() + crashed, warned, self.status.getvalue()):
                errors = [line for line in source.splitlines() if line.strip()][-10:]
                if errors:
                    break
            errors = errors or [f"the build stopped; see {self.log}"]
        if not self.settings.strict and self.app is not None:
            errors = []  # the job's command line has no -W: its warnings are not errors
        ok = not errors
        self.failing = set() if ok else set(self.read) | self.failing
        return Outcome(
            self.number, ok, time.monotonic() - started, tuple(map(self._short, errors)),
            len(self.read),
        )  # fmt: skip

    def warm(self) -> None:
        """Write one page once more after a build that wrote none (the first of a session
        over an environment that was up to date): the templates are compiled and the
        writers imported before the first edit, which then costs only itself."""
        self.failing = {"index"}
        self.build()
        self.number -= 1

    def _short(self, line: str) -> str:
        root = f"{self.project.root}{os.sep}"
        return line.replace(root, "")


def builder_process(root: Path, language: str, fresh: bool, connection: Any) -> None:
    """The builder's loop (a child process): each request is ``(reconfigure,)``; each answer
    an :class:`Outcome` as JSON. Ends when the connection closes."""
    from build_tools import dates

    project = Project.load(root)
    try:
        os.environ.update(dates.reproducible_env(project.root))
    except dates.DateError as error:
        print(f"error: {error}", file=sys.stderr)
    # as a job does: a change of the code that renders pages rewrites every page (Sphinx
    # only notices changed sources)
    from build_tools.pipeline.jobs import tool_inputs
    from build_tools.pipeline.stamps import read_stamp, write_stamp

    tools, stamp = tool_inputs(project), preview_dir(project, language) / "stamp-tools"
    build = ResidentBuild(project, language, fresh or read_stamp(stamp) != tools)
    environment = write_environment_aside()  # this process only: the builder's
    while True:
        try:
            (reconfigure,) = connection.recv()
        except (EOFError, OSError):
            environment.wait()
            return
        outcome = build.build(reconfigure)
        if outcome.ok:
            write_stamp(stamp, tools)
        connection.send(outcome.to_json())
        if outcome.ok and not outcome.pages:
            build.warm()


def sync_tree(source: Path, target: Path, known: dict[str, tuple[int, int]]) -> int:
    """Copy what changed in ``source`` into ``target`` (each file replaced whole, so the
    server never sends half of one) and remove what is gone; ``known`` is the (size,
    mtime) of each file at the last sync, updated. Returns the number of files copied."""
    seen: dict[str, tuple[int, int]] = {}
    copied = 0
    for folder, dirs, files in os.walk(source):
        dirs[:] = [d for d in dirs if d != ".doctrees"]
        for name in files:
            if name == ".buildinfo":
                continue
            path = Path(folder, name)
            relative = path.relative_to(source).as_posix()
            info = path.stat()
            seen[relative] = (info.st_size, info.st_mtime_ns)
            if known.get(relative) == seen[relative] and (target / relative).exists():
                continue
            destination = target / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            staging = destination.with_name(f".{destination.name}.preview")
            staging.write_bytes(path.read_bytes())
            os.replace(staging, destination)
            copied += 1
    for relative in set(known) - set(seen):
        (target / relative).unlink(missing_ok=True)
    known.clear()
    known.update(seen)
    return copied


def changed_sources(before: dict[str, int], after: dict[str, int]) -> Sequence[Path]:
    return sorted(Path(p) for p in set(before) | set(after) if before.get(p) != after.get(p))
