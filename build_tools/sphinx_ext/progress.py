"""Live progress of a build for the pipeline's runner: pages read and written against the
total, in a small JSON file the runner polls (the variable ``SHADOW_PROGRESS`` names it;
without it, nothing is done). Sphinx's own progress output is off in the jobs (``-q``:
their logs are for messages), and it would have to be parsed back.

The record: ``{"phase": "reading"|"writing"|"done", "read": n, "to_read": N,
"written": m, "to_write": M}``, replaced whole (never half-written), at most a few times
a second.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from build_tools.outputs import PROGRESS_ENV as ENV

INTERVAL = 0.2  # seconds between two writes of the file


class Progress:
    def __init__(self, target: Path) -> None:
        self.target = target
        self.record: dict[str, Any] = {
            "phase": "starting", "read": 0, "to_read": 0, "written": 0, "to_write": 0,
        }  # fmt: skip
        try:  # the pages the job's shared read read, in a build of its own before this one
            earlier = json.loads(target.read_text(encoding="utf-8"))
            self.record.update(read=int(earlier["read"]), to_read=int(earlier["to_read"]))
        except (OSError, ValueError, KeyError, TypeError):
            pass
        self.last = 0.0
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            pass

    def update(self, force: bool = False, **values: Any) -> None:
        self.record.update(values)
        now = time.monotonic()
        if not force and now - self.last < INTERVAL:
            return
        self.last = now
        staging = self.target.with_name(f".{self.target.name}.{os.getpid()}")
        try:
            staging.write_text(json.dumps(self.record), encoding="utf-8")
            os.replace(staging, self.target)
        except OSError:
            pass  # progress is a courtesy: never a reason for a build to fail

    def count(self, key: str) -> None:
        self.update(**{key: self.record[key] + 1})


def _watch_writing(progress: Progress, builder: Any) -> None:
    """The total is known only when the builder is given the pages to write; every
    builder gets them through ``write_documents``, and hands each page to its writer
    after ``write_doc_serialized``, in the main process even when parallel writers write
    it (not the LaTeX and single-page builders, which write whole books: theirs count
    at the end)."""
    write_documents, serialized = builder.write_documents, builder.write_doc_serialized

    def documents(docnames: Any) -> Any:
        progress.update(force=True, phase="writing", to_write=len(docnames))
        return write_documents(docnames)

    def doc(docname: str, doctree: Any) -> Any:
        result = serialized(docname, doctree)
        progress.count("written")
        return result

    builder.write_documents, builder.write_doc_serialized = documents, doc


def setup_progress(app: Sphinx) -> None:
    target = os.environ.get(ENV)
    if not target:
        return
    progress = Progress(Path(target))
    app.connect("builder-inited", lambda app: _watch_writing(progress, app.builder))
    app.connect(
        "env-before-read-docs",
        lambda app, env, docnames: progress.update(
            force=True, phase="reading", to_read=progress.record["to_read"] + len(docnames)
        ),
    )
    main = os.getpid()

    def read(app: Sphinx, doctree: Any) -> None:
        if os.getpid() == main:  # a parallel reader's pages count when merged (below)
            progress.count("read")

    app.connect("doctree-read", read)
    app.connect(
        "env-merge-info",
        lambda app, env, docnames, other: progress.update(
            read=progress.record["read"] + len(docnames)
        ),
    )
    app.connect(
        "build-finished",
        lambda app, exception: progress.update(
            force=True, phase="done", written=progress.record["to_write"]
        ),
    )
