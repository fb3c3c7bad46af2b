"""A preview session: the server in a thread, the builder in a child process, and a loop
that watches the sources and asks for a build when one changed.

Watching is polling (a stat of every watched file, a few milliseconds for the corpus,
several times a second): the standard library has no file events, and polling sees every
editor's way of saving (in place, or a new file renamed over the old one).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from build_tools.model.errors import ModelError
from build_tools.pipeline.project import Project
from build_tools.pipeline.stamps import PACKAGE_DIR
from build_tools.preview.builder import (
    BUILD,
    RESTART,
    builder_process,
    changed_sources,
    needs,
    preview_dir,
    sync_tree,
)
from build_tools.preview.server import State, make_server

POLL = 0.05  # seconds between two looks at the sources (half of it is the mean wait)
SETTLE = 0.03  # seconds to let an editor finish writing before building
_SKIPPED = {"__pycache__", ".git", "_build"}


def watched(project: Project, language: str) -> list[Path]:
    """What a preview rebuilds on: the pages, the language's PO files, the chart scripts,
    conf.py, the data and the code that renders the pages."""
    from build_tools.pipeline.jobs import RENDERING_PARTS

    return [
        project.srcdir,
        project.localedir / language,
        project.root / "figures",
        project.root / "conf.py",
        *(PACKAGE_DIR / part for part in (*RENDERING_PARTS, "charts")),
    ]


def snapshot(roots: list[Path]) -> dict[str, int]:
    """Every watched file (its path as a string) with its modification time (and size, in
    the low bits' place). With ``os.scandir``, whose entries carry their kind: a look at the
    4x corpus costs 5 ms of CPU (18 with ``os.walk`` and ``Path``), which lets the watcher
    look twice as often for less."""
    found: dict[str, int] = {}

    def walk(folder: str) -> None:
        try:
            entries = os.scandir(folder)
        except OSError:
            return
        with entries:
            for entry in entries:
                name = entry.name
                if name.startswith("."):
                    continue
                if entry.is_dir():
                    if name not in _SKIPPED and not entry.is_symlink():
                        walk(entry.path)
                    continue
                if name.endswith((".mo", ".pyc", "~")):
                    continue
                try:
                    info = entry.stat()
                except FileNotFoundError:
                    continue
                found[entry.path] = info.st_mtime_ns ^ info.st_size

    for root in roots:
        if root.is_file():
            info = root.stat()
            found[str(root)] = info.st_mtime_ns ^ info.st_size
        else:
            walk(str(root))
    return found


class Builder:
    """The child process that builds, started again when data or code changed."""

    def __init__(self, project: Project, language: str) -> None:
        self.project, self.language = project, language
        self.context = multiprocessing.get_context("spawn")  # no Sphinx state inherited
        self.process: Any = None
        self.connection: Any = None

    def start(self, fresh: bool) -> None:
        self.stop()
        here, there = self.context.Pipe()
        self.process = self.context.Process(
            target=builder_process,
            args=(self.project.root, self.language, fresh, there),
            daemon=True,
        )
        self.process.start()
        there.close()
        self.connection = here

    def build(self, reconfigure: bool) -> dict[str, Any]:
        try:
            self.connection.send((reconfigure,))
            return self.connection.recv()
        except (EOFError, OSError):
            code = self.process.exitcode if self.process else None
            self.start(fresh=False)  # for the next change
            return {
                "build": -1,
                "ok": False,
                "seconds": 0.0,
                "pages": 0,
                "errors": [f"the builder process ended (exit status {code}); it was restarted"],
            }

    def stop(self) -> None:
        """Stop the builder at once, even in the middle of a build: it keeps nothing that
        is not on disk (an environment pickle cut short is one Sphinx refuses and rebuilds)."""
        if self.connection is not None:
            self.connection.close()
        if self.process is not None:
            self.process.terminate()
            self.process.join(timeout=5)
            if self.process.is_alive():
                self.process.kill()
                self.process.join()
        self.process = self.connection = None


class Session:
    """Build, publish into the served folder, tell the pages; again on every change."""

    def __init__(self, project: Project, language: str, port: int, out: TextIO) -> None:
        self.project, self.language, self.out = project, language, out
        where = preview_dir(project, language)
        self.outdir, self.site = where / "out", where / "site"
        self.site.mkdir(parents=True, exist_ok=True)
        self.state = State()
        self.server = make_server(self.site, self.state, port)
        self.builder = Builder(project, language)
        self.synced: dict[str, tuple[int, int]] = {}
        self.roots = watched(project, language)
        self.number = 0
        self.stopping = threading.Event()
        self.seen: dict[str, int] = {}

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/"

    def build(self, reconfigure: bool = False) -> dict[str, Any]:
        started = time.monotonic()
        outcome = self.builder.build(reconfigure)
        self.number += 1
        outcome["build"] = self.number  # numbered here: a new builder process counts anew
        # the files and the state change together: a page is never served with the
        # state of another build (the server reads both under the same lock)
        with self.state.condition:
            if outcome["ok"]:
                copied = sync_tree(self.outdir, self.site, self.synced)
                detail = f"{outcome['pages']} page(s) read, {copied} file(s) updated"
            else:
                detail = "not published; the last good build stays served"
            self.state.update(outcome)
        took = time.monotonic() - started
        verdict = "ok" if outcome["ok"] else "failed"
        print(f"[{self.language} preview] {verdict} ({took:.2f} s; {detail})", file=self.out)
        for line in outcome["errors"]:
            print(f"    {line}", file=self.out)
        self.out.flush()
        return outcome

    def watch(self, on_build: Callable[[dict[str, Any]], None] | None = None) -> None:
        """Until :meth:`stop`: a build after each change of the watched files."""
        before = self.seen
        while not self.stopping.wait(POLL):
            after = snapshot(self.roots)
            if after == before:
                continue
            time.sleep(SETTLE)  # an editor may write a file in several steps
            after = snapshot(self.roots)
            changed = changed_sources(before, after)
            kind = needs(self.project, changed)
            before = after
            names = ", ".join(self._relative(path) for path in changed[:3])
            more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
            print(f"[{self.language} preview] changed: {names}{more}", file=self.out, flush=True)
            if kind == RESTART:
                print(
                    f"[{self.language} preview] data or code changed: a new builder", file=self.out
                )
                self.builder.start(fresh=True)
            outcome = self.build(reconfigure=kind not in (BUILD, RESTART))
            if on_build:
                on_build(outcome)

    def _relative(self, path: Path) -> str:
        return (
            str(path.relative_to(self.project.root))
            if path.is_relative_to(self.project.root)
            else str(path)
        )

    def start(self) -> None:
        """The first build (from the last preview's environment, if any) and the server."""
        # the sources as the first build reads them: what is saved meanwhile (or between
        # "serving" and the first look of the watcher) is a change the next build takes
        self.seen = snapshot(self.roots)
        self.builder.start(fresh=False)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.build()

    def stop(self) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()
        self.builder.stop()


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def serve(root: Path, languages: str, port: int, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    try:
        project = Project.load(root)
        chosen = project.select("language", languages, project.languages)
    except ModelError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if len(chosen) != 1 and languages.strip():
        print(f"error: preview serves one language; asked for '{languages}'", file=sys.stderr)
        return 2
    try:
        session = Session(project, chosen[0], port, out)
    except (OSError, OverflowError) as error:
        why = getattr(error, "strerror", None) or str(error)
        print(
            f"error: cannot serve on 127.0.0.1:{port}: {why}; give another port, e.g. PORT=8001",
            file=sys.stderr,
        )
        return 2
    print(f"[{chosen[0]} preview] building; then serving {session.url} (Ctrl-C stops)", file=out)
    out.flush()
    signal.signal(signal.SIGTERM, _interrupt)  # `kill`: stop the builder too, as Ctrl-C does
    try:
        session.start()
        print(f"[{chosen[0]} preview] serving {session.url}", file=out, flush=True)
        session.watch()
    except KeyboardInterrupt:
        pass
    finally:
        session.stop()
    return 0
