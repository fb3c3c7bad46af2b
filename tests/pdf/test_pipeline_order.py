"""The order of the typst job's steps (:func:`build_tools.typst.job._pipeline`): what a
compile waits for. pandoc and typst are replaced by recorders: this is about the
schedule, not the output."""

from __future__ import annotations

import threading
from pathlib import Path

from build_tools.typst import job
from build_tools.typst.volume import VolumeHtml


def planned(name: str, fragments: list[job.Fragment], collection: bool = False) -> job.Planned:
    path = Path(name)
    return job.Planned(name, None, "", fragments, name, path, path, collection=collection)


def run(monkeypatch, todo: list[job.Planned], stale: list[job.Fragment]) -> list[str]:
    """The steps in the order they happened; the last body's conversion holds until a
    compile starts (or a while passes), so a compile that need not wait for it starts
    before it ends."""
    events: list[str] = []
    compiling = threading.Event()
    last = stale[-1].name

    def convert(work, fragment):  # noqa: ANN001
        if fragment.name == last:
            compiling.wait(2)
        events.append(f"converted {fragment.name}")

    def typeset(work, volume):  # noqa: ANN001
        compiling.set()
        events.append(f"typeset {volume.name}")

    monkeypatch.setattr(job, "convert", convert)
    monkeypatch.setattr(job, "typeset", typeset)
    job._pipeline(None, stale, todo)
    return events


def fragment(name: str) -> job.Fragment:
    return job.Fragment(name, VolumeHtml(html=f"<p>{name}</p>", title=""))


def test_with_the_collection_no_compile_starts_before_every_body_is_converted(monkeypatch):
    # the collection waits for every body and is the longest compile: a report compiled
    # meanwhile would take a core from pandoc
    spain, about = fragment("spain"), fragment("collection-about")
    todo = [
        planned("shadow-reports", [spain, about], collection=True),
        planned("spain", [spain]),
    ]
    events = run(monkeypatch, todo, [spain, about])
    converted = max(events.index("converted spain"), events.index("converted collection-about"))
    assert events.index("typeset spain") > converted
    assert events.index("typeset shadow-reports") > converted


def test_without_the_collection_a_report_compiles_once_its_own_body_is_converted(monkeypatch):
    spain, ireland = fragment("spain"), fragment("ireland")
    todo = [planned("spain", [spain]), planned("ireland", [ireland])]
    events = run(monkeypatch, todo, [spain, ireland])
    assert events.index("typeset spain") < events.index("converted ireland")
