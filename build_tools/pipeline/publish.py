"""Put finished output where readers find it, all at once or not at all.

A build writes into its private work folder; only when it succeeded is the output copied
into ``_build/<format>/<lang>/``: a whole tree is staged next to its destination and
swapped in with renames; single files are replaced only when their bytes changed, so an
unchanged PDF keeps its modification time.

Builds of one tree take turns (:mod:`build_tools.pipeline.lock`), but publication does not
count on it: every staging and retired name is unique to its publisher (``.<name>.staging-
<pid>-<random>``), so two publishers of one destination never write into or delete each
other's folders; each cleans only its own, and the leftovers of publishers that died (their
pid is gone). The last one to swap its tree in wins, and what it swaps in is complete.
"""

from __future__ import annotations

import errno
import filecmp
import os
import re
import secrets
import shutil
from pathlib import Path

# the errors of a rename when another publisher moved the destination meanwhile
_RACED = (errno.ENOTEMPTY, errno.EEXIST, errno.ENOENT)
_SWAP_ATTEMPTS = 20


def _private_name(destination: Path, kind: str) -> Path:
    """``.<name>.<kind>-<pid>-<random>`` beside ``destination``: this publisher's alone."""
    return destination.with_name(f".{destination.name}.{kind}-{os.getpid()}-{secrets.token_hex(4)}")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def remove_dead_leftovers(destination: Path) -> None:
    """The staging and retired copies beside ``destination`` whose publisher is gone
    (killed in the middle of a publication); those of a live publisher stay."""
    pattern = re.compile(
        rf"\.{re.escape(destination.name)}\.(?:staging|retired)(?:-(\d+)-[0-9a-f]+)?(?:-\d+)?"
    )
    if not destination.parent.is_dir():
        return
    for entry in destination.parent.iterdir():
        match = pattern.fullmatch(entry.name)
        if match and (match.group(1) is None or not _pid_alive(int(match.group(1)))):
            _remove(entry)


def publish_tree(source: Path, destination: Path, ignore: tuple[str, ...] = ()) -> None:
    """Replace ``destination`` with a copy of ``source`` (atomic per tree)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    remove_dead_leftovers(destination)
    staging = _private_name(destination, "staging")
    retired: list[Path] = []

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

    try:
        shutil.copytree(source, staging, ignore=shutil.ignore_patterns(*ignore), copy_function=copy)
        for attempt in range(_SWAP_ATTEMPTS):
            # the swap: the old tree aside, the new one in. Another publisher may put its
            # tree in between our two renames; then ours retires that one and tries again.
            aside = destination.with_name(f"{_private_name(destination, 'retired').name}-{attempt}")
            try:
                os.replace(destination, aside)
                retired.append(aside)
            except FileNotFoundError:
                pass  # nothing published yet, or another publisher has it aside
            try:
                os.replace(staging, destination)
                break
            except OSError as error:
                if error.errno not in _RACED or attempt == _SWAP_ATTEMPTS - 1:
                    raise
    finally:
        for leftover in (staging, *retired):
            _remove(leftover)


def publish_file(source: Path, destination: Path) -> bool:
    """Copy ``source`` over ``destination`` unless identical. Returns True if written."""
    if destination.exists() and filecmp.cmp(source, destination, shallow=False):
        return False
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = _private_name(destination, "staging")
    try:
        shutil.copy2(source, staging)
        os.replace(staging, destination)
    finally:
        staging.unlink(missing_ok=True)
    return True


def write_text_atomic(destination: Path, text: str) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = _private_name(destination, "staging")
    try:
        staging.write_text(text, encoding="utf-8")
        os.replace(staging, destination)
    finally:
        staging.unlink(missing_ok=True)
