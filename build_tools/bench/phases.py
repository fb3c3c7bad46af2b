"""The benchmark's profile of a Sphinx build, by phase: a Sphinx extension that the
benchmark's corpora load (ours and the plain twin alike), silent unless
``SHADOW_BENCH_PHASES`` names a file, to which it appends one JSON line per build:

- ``startup``: from the process's start to this extension's set-up (imports, conf.py);
- ``read``: reading and parsing the pages, to the end of ``env-updated`` (where our
  collection is built);
- ``resolve``: references and pages made from the data, page by page (charts excluded);
- ``charts``: the chart scripts and drawing (ours only: ``ChartStats.seconds``);
- ``write``: translating and writing the pages, and the builder's finish (search index,
  static files, the EPUB's zip);
- ``other``: the rest of ``total`` (the builder's set-up, consistency checks, pickling
  the environment);
- ``total``: from the set-up to ``build-finished``.

Resolving happens inside the write phase, one page at a time: it is timed by wrapping the
environment's ``get_and_resolve_doctree`` (at class level: the environment is pickled).
"""

from __future__ import annotations

import functools
import json
import os
import time
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

ENV = "SHADOW_BENCH_PHASES"
PHASES = ("startup", "read", "resolve", "charts", "write", "other")


def process_age() -> float:
    """Seconds since this process started (from /proc; 0 where there is none)."""
    try:
        stat = Path("/proc/self/stat").read_bytes()
        uptime = float(Path("/proc/uptime").read_text().split()[0])
    except OSError:
        return 0.0
    started = int(stat[stat.rindex(b")") + 2 :].split()[19])  # field 22: starttime
    return max(0.0, uptime - started / os.sysconf("SC_CLK_TCK"))


class Clock:
    def __init__(self) -> None:
        self.setup = time.perf_counter()
        self.startup = process_age()
        self.marks: dict[str, float] = {}
        self.resolve = 0.0


_clock: Clock | None = None


def _timed_resolve(method: Any) -> Any:
    @functools.wraps(method)
    def resolve(self: Any, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return method(self, *args, **kwargs)
        finally:
            if _clock is not None:
                _clock.resolve += time.perf_counter() - started

    resolve.shadow_timed = True  # type: ignore[attr-defined]
    return resolve


def _mark(name: str) -> Any:
    def handler(*args: Any) -> None:
        if _clock is not None:
            _clock.marks.setdefault(name, time.perf_counter())

    return handler


def phases(clock: Clock, charts: float, finished: float) -> dict[str, float]:
    """The record of one build from its marks (seconds, rounded to the millisecond)."""
    read_start = clock.marks.get("read-start", finished)
    read_end = clock.marks.get("read-end", read_start)
    write_start = clock.marks.get("write-start", finished)
    resolve = max(0.0, clock.resolve - charts)
    record = {
        "startup": clock.startup,
        "read": read_end - read_start,
        "resolve": resolve,
        "charts": charts,
        "write": max(0.0, finished - write_start - clock.resolve),
        "total": finished - clock.setup,
    }
    timed = record["read"] + clock.resolve + record["write"]
    record["other"] = max(0.0, record["total"] - timed)
    return {name: round(value, 3) for name, value in record.items()}


def _finished(app: Sphinx, exception: Exception | None) -> None:
    target = os.environ.get(ENV)
    if _clock is None or not target:
        return
    stats = getattr(app.builder, "shadow_chart_stats", None)
    charts = float(getattr(stats, "seconds", 0.0))
    record = {
        "builder": app.builder.name,
        "language": app.config.language,
        "ok": exception is None,
        **phases(_clock, charts, time.perf_counter()),
    }
    with open(target, "a", encoding="utf-8") as out:
        out.write(json.dumps(record) + "\n")


def setup(app: Sphinx) -> dict[str, Any]:
    global _clock
    if os.environ.get(ENV):
        _clock = Clock()
        method = BuildEnvironment.get_and_resolve_doctree
        if not getattr(method, "shadow_timed", False):
            BuildEnvironment.get_and_resolve_doctree = _timed_resolve(method)
        app.connect("env-before-read-docs", _mark("read-start"))
        app.connect("env-updated", _mark("read-end"), priority=999)
        app.connect("write-started", _mark("write-start"))
        app.connect("build-finished", _finished, priority=999)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
