"""A preview session of a test project, serving and watching until the block ends (what
`make preview` runs, on port 0: a free one)."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from build_tools.pipeline.project import Project
from build_tools.preview.session import Session


@contextmanager
def running_preview(root: Path, language: str) -> Iterator[Session]:
    session = Session(Project.load(root), language, 0, io.StringIO())
    session.start()
    watcher = threading.Thread(target=session.watch, daemon=True)
    watcher.start()
    try:
        yield session
    finally:
        session.stop()
        watcher.join(timeout=10)
