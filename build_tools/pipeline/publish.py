"""Put finished output where readers find it, all at once or not at all.

A build writes into its private work folder; only when it succeeded is the output copied
into ``_build/<format>/<lang>/``: a whole tree is staged next to its destination and
swapped in with renames; single files are replaced only when their bytes changed, so an
unchanged PDF keeps its modification time.
"""

from __future__ import annotations

import filecmp
import os
import shutil
from pathlib import Path


def publish_tree(source: Path, destination: Path, ignore: tuple[str, ...] = ()) -> None:
    """Replace ``destination`` with a copy of ``source`` (atomic per tree)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = destination.with_name(f".{destination.name}.staging")
    retired = destination.with_name(f".{destination.name}.retired")
    for leftover in (staging, retired):
        if leftover.exists():
            shutil.rmtree(leftover)

    def copy(src: str, dst: str) -> None:
        # A file the last publication already holds unchanged (same size and mtime: copy2
        # keeps mtimes) is hard-linked from it: published files are only ever replaced by
        # rename, never written in place, so sharing them is safe, and an edit of one page
        # copies one page.
        previous = destination / Path(dst).relative_to(staging)
        try:
            before, now = previous.stat(), os.stat(src)
            if before.st_size == now.st_size and before.st_mtime_ns == now.st_mtime_ns:
                os.link(previous, dst)
                return
        except OSError:
            pass
        shutil.copy2(src, dst)

    shutil.copytree(source, staging, ignore=shutil.ignore_patterns(*ignore), copy_function=copy)
    if destination.exists():
        os.replace(destination, retired)
    os.replace(staging, destination)
    if retired.exists():
        shutil.rmtree(retired)


def publish_file(source: Path, destination: Path) -> bool:
    """Copy ``source`` over ``destination`` unless identical. Returns True if written."""
    if destination.exists() and filecmp.cmp(source, destination, shallow=False):
        return False
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = destination.with_name(f".{destination.name}.staging")
    shutil.copy2(source, staging)
    os.replace(staging, destination)
    return True


def write_text_atomic(destination: Path, text: str) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = destination.with_name(f".{destination.name}.staging")
    staging.write_text(text, encoding="utf-8")
    os.replace(staging, destination)
