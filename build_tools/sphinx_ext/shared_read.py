"""One read of the sources per language, shared by every format's build (the pipeline's
``read`` stage, :data:`build_tools.pipeline.formats.READ`).

- The ``shadow-read`` builder reads the sources into the environment and the doctrees and
  writes nothing: no page is resolved (a ``dummy`` build would resolve every page, charts
  and placeholders included, only to throw the result away).
- A later build over a copy of those doctrees, with the same extensions and ``env``
  settings, reads no page; its builder writes what it finds outdated, which for the HTML
  builders is a page whose *source* is newer than its output. A page the shared read
  read again for another reason (a PO file, the data of another page: ``data_pages.py``)
  has an older source: :func:`newer_doctrees` adds every page whose doctree is newer than
  its output, so an edit read once is written by every format.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment


class ReadBuilder(Builder):
    """Reads; writes nothing (the doctrees and the environment are its output)."""

    name = "shadow-read"
    epilog = "The sources are read; every format writes from these doctrees."
    allow_parallel = True

    def init(self) -> None:
        pass

    def get_outdated_docs(self) -> list[str]:
        return []  # the environment finds what to read; nothing is written

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return ""

    def prepare_writing(self, docnames: set[str]) -> None:
        pass

    def write_documents(self, docnames: Any) -> None:
        pass  # not even resolved

    def write_doc(self, docname: str, doctree: nodes.document) -> None:
        pass

    def finish(self) -> None:
        pass


def newer_doctrees(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages whose doctree is newer than their output (read since it was written)."""
    outfile = getattr(app.builder, "get_outfilename", None)
    if outfile is None:
        return []
    doctrees = Path(app.doctreedir)
    found = []
    for docname in env.found_docs:
        try:
            written = Path(outfile(docname)).stat().st_mtime_ns
            read = (doctrees / f"{docname}.doctree").stat().st_mtime_ns
        except OSError:  # never written (the builder writes it) or never read
            continue
        if read > written:
            found.append(docname)
    return sorted(found)


def setup_shared_read(app: Sphinx) -> None:
    app.add_builder(ReadBuilder)
    app.connect("env-get-updated", newer_doctrees)
