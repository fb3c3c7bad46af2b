"""One writer per tree: an exclusive lock on ``_build/.lock`` held for a whole command.

Every command that writes into a project tree (``build``, the Word export, submission and
import, the i18n ``extract``, ``update`` and ``purge``, ``bench``) runs inside
:func:`build_lock`. A second command started in the same tree meanwhile prints one line
saying what it waits for, to stderr, and waits; it then runs on the finished output of the
first (usually finding every job up to date). Two builds never share ``_build/.work``, the
stamps or a publication, which is what left a site with pages missing.

Why ``fcntl.flock`` and not a lock file that exists while a build runs: the kernel holds
the lock, not the file. When the holder ends, however it ends (exit, crash, ``kill -9``,
the machine's power), the kernel releases it; there is never a stale lock to delete by
hand, and no guessing whether the pid written in a file is still that build. The file only
carries the holder's pid, command and start time (one JSON line, written once the lock is
taken) so that a waiter can say whom it waits for. Its holder removes it before releasing
the lock, so a command that ran leaves nothing behind (a refused import writes nothing, not
even ``_build/``); a file left by a killed holder is not a lock and is simply taken over. A
waiter that gets the lock on a file its holder removed notices (the path no longer names
the file it locked) and opens the path anew: one holder at a time, always. ``rm -rf _build``
(``make clean``) while a build runs removes the file, and with it the protection; that is
not a case this lock tries to cover.

Nesting. The lock is re-entrant in two ways, so that a command holding it never waits for
itself:

* in one process: a module-level count per lock file (``_HELD``); an inner
  :func:`build_lock` on a file this process already holds only counts. The count is per
  process, not per thread: the worker threads of a build are that build.
* in a child process: while the lock is held, ``SHADOW_BUILD_LOCK_HELD`` in the
  environment lists the held lock files (separated by ``os.pathsep``); child processes
  inherit it. A child asked to lock a listed file does not wait if the build recorded in
  that file is one of its ancestors (its parent, its parent's parent, ... read from
  ``/proc``). The marker alone is never trusted: a stale or copied variable, or a child
  that outlives its parent, falls back to locking and waiting like anyone else.

A lock is per tree: a command working on another root (``bench`` builds its generated
corpora, each a root of its own) takes that root's lock, which nobody else holds.
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TextIO

LOCK_NAME = ".lock"
ENV_MARKER = "SHADOW_BUILD_LOCK_HELD"
# how long a waiter gives a holder that has just taken the lock to write who it is
_ANNOUNCE_PATIENCE = 1.0

_HELD: dict[str, int] = {}  # lock file -> depth of build_lock in this process
_GUARD = threading.Lock()


@dataclass(frozen=True)
class Holder:
    """Who holds the lock, as its file records it."""

    pid: int
    command: str
    started: str  # ISO 8601, local time

    def describe(self) -> str:
        try:
            when = datetime.fromisoformat(self.started)
            shown = when.strftime(
                "%H:%M:%S" if when.date() == datetime.now().date() else "%Y-%m-%d %H:%M:%S"
            )
        except ValueError:
            shown = self.started
        return f"pid {self.pid}, {self.command!r}, started {shown}"


def lock_path(build_dir: Path) -> Path:
    return build_dir / LOCK_NAME


def read_holder(path: Path) -> Holder | None:
    """The holder recorded in the lock file; None when empty, unreadable or absent."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        return Holder(int(record["pid"]), str(record["command"]), str(record["started"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _ancestors() -> Iterator[int]:
    """This process's parent, grandparent, ... (only the parent where /proc is missing)."""
    pid, seen = os.getppid(), set()
    while pid > 1 and pid not in seen:
        yield pid
        seen.add(pid)
        try:
            stat = Path(f"/proc/{pid}/stat").read_bytes()
            pid = int(stat[stat.rindex(b")") + 2 :].split()[1])  # fields: state ppid ...
        except (OSError, ValueError, IndexError):
            return


def _marked(path: str) -> bool:
    return path in os.environ.get(ENV_MARKER, "").split(os.pathsep)


def _held_by_ancestor(path: str, holder: Holder | None) -> bool:
    return holder is not None and _marked(path) and holder.pid in set(_ancestors())


@contextmanager
def _marker(path: str) -> Iterator[None]:
    """``path`` in ENV_MARKER for the duration, for child processes to see."""
    before = os.environ.get(ENV_MARKER)
    if not _marked(path):
        os.environ[ENV_MARKER] = os.pathsep.join(filter(None, [before, path]))
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(ENV_MARKER, None)
        else:
            os.environ[ENV_MARKER] = before


def _same_file(fd: int, path: str) -> bool:
    """True if ``fd`` is the file at ``path`` now (a released lock file is unlinked)."""
    try:
        here, there = os.fstat(fd), os.stat(path)
    except FileNotFoundError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


class _Waiter:
    """Takes the lock for one process; says once, on ``stderr``, whom it waits for."""

    def __init__(self, path: str, stderr: TextIO) -> None:
        self.path, self.stderr, self.announced = path, stderr, False
        self.made_dir = False  # the folder was gone (the last holder removed it): made anew

    def acquire(self) -> int | None:
        """The descriptor holding the lock, or None when an ancestor of ours holds it."""
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)  # not inherited
            except FileNotFoundError:  # the folder was removed by the last holder
                try:
                    Path(self.path).parent.mkdir()
                    self.made_dir = True
                except FileExistsError:
                    pass
                continue
            try:
                if not self._lock(fd):
                    os.close(fd)
                    return None
            except BaseException:
                os.close(fd)
                raise
            if _same_file(fd, self.path):
                return fd
            os.close(fd)  # we locked a file its holder removed on release: open it anew

    def _lock(self, fd: int) -> bool:
        deadline = time.monotonic() + _ANNOUNCE_PATIENCE
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                pass
            holder = read_holder(Path(self.path))
            if _held_by_ancestor(self.path, holder):
                return False
            if not self.announced:
                if holder is None and time.monotonic() < deadline:
                    time.sleep(0.05)  # the holder has the lock, not yet its name written
                    continue
                who = f" ({holder.describe()})" if holder else f" (lock {self.path})"
                print(
                    f"waiting for another build in this tree{who} to finish...",
                    file=self.stderr,
                    flush=True,
                )
                self.announced = True
            fcntl.flock(fd, fcntl.LOCK_EX)
            return True


@contextmanager
def build_lock(build_dir: Path, command: str, stderr: TextIO | None = None) -> Iterator[Path]:
    """Hold the tree's lock (``build_dir/.lock``) for the ``with`` block; wait if another
    command holds it, after saying so on ``stderr``. ``command`` is what a waiter is told
    (``'build html'``). ``build_dir`` is created if needed (its parent must exist), and
    removed again if the block left it empty."""
    try:
        build_dir.mkdir()
        made_dir = True
    except FileExistsError:
        made_dir = False
    path = lock_path(build_dir).resolve()
    key = str(path)
    with _GUARD:
        nested = bool(_HELD.get(key))
        if nested:
            _HELD[key] += 1
    if nested:
        try:
            yield path
        finally:
            with _GUARD:
                _HELD[key] -= 1
        return

    waiter = _Waiter(key, stderr or sys.stderr)
    fd = waiter.acquire()
    made_dir = made_dir or waiter.made_dir
    if fd is None:
        yield path  # a parent of ours holds it for us
        return
    try:
        record = {
            "pid": os.getpid(),
            "command": command,
            "started": datetime.now().isoformat(timespec="seconds"),
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(record) + "\n").encode("utf-8"), 0)
        with _GUARD:
            _HELD[key] = 1
        try:
            with _marker(key):
                yield path
        finally:
            with _GUARD:
                del _HELD[key]
    finally:
        # removed while still held: a waiter that gets the old file sees it is gone and
        # opens the path anew, so only ever one process holds the file at the path
        path.unlink(missing_ok=True)
        if made_dir:
            try:
                build_dir.rmdir()  # only if empty: the command wrote nothing
            except OSError:
                pass
        os.close(fd)
