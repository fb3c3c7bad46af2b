"""Concurrent builds of one tree: they take turns on ``_build/.lock`` (the second says
whom it waits for), neither exits 0 with incomplete output, and publication itself never
lets two publishers trample each other's staging."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

from build_tools.pipeline.publish import publish_tree

# --- publication without the lock ------------------------------------------------------


def test_two_publishers_of_one_tree_never_trample_each_other(tmp_path):
    sources = []
    for n in range(3):
        source = tmp_path / f"source-{n}"
        for page in range(40):
            (source / "dir").mkdir(parents=True, exist_ok=True)
            (source / "dir" / f"page-{page}.html").write_text(f"{n} {page}", encoding="utf-8")
        sources.append(source)
    destination = tmp_path / "site" / "en"
    errors: list[BaseException] = []

    def publish_many(source: Path) -> None:
        try:
            for _ in range(15):
                publish_tree(source, destination)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=publish_many, args=(s,)) for s in sources]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    published = sorted(p.read_text() for p in destination.rglob("*.html"))
    assert len(published) == 40  # one whole tree, never a mixture or a part
    assert len({text.split()[0] for text in published}) == 1
    assert sorted(p.name for p in destination.parent.iterdir()) == ["en"]


def test_a_dead_publishers_leftovers_are_removed_a_live_ones_kept(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    (source / "index.html").write_text("new", encoding="utf-8")
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], text=True, capture_output=True
    ).stdout.strip()
    site = tmp_path / "html"
    site.mkdir()
    dead = [site / f".en.staging-{gone}-0badf00d", site / f".en.retired-{gone}-0badf00d-0"]
    old_style = site / ".en.staging"  # the fixed name of earlier versions
    live = site / f".en.staging-{os.getpid()}-feedbeef"
    for folder in (*dead, old_style, live):
        folder.mkdir()
    publish_tree(source, site / "en")
    assert (site / "en" / "index.html").read_text() == "new"
    assert sorted(p.name for p in site.iterdir()) == sorted(["en", live.name])
