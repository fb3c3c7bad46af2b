"""How many typst compiles run at once in the whole run: the runner's language jobs are
threads of one process, and each compile is a process of its own (:mod:`.compiler`) that
uses more than one core. At most one compile per core, and at most one collection at a
time (it peaks at ~1.2 GB, a report at ~200 MB). A free slot goes to the largest compile
waiting that may take it: the collection, the longest, is each job's critical path."""

from __future__ import annotations

import itertools
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Slots:
    """``count`` compiles at once, one of them ``large`` at most."""

    def __init__(self, count: int) -> None:
        self._free = count
        self._large = False  # a large compile holds a slot
        self._waiting: list[tuple[int, int, bool]] = []  # (size, ticket, large)
        self._tickets = itertools.count()
        self._changed = threading.Condition()

    def _next(self) -> tuple[int, int, bool] | None:
        """The waiter a free slot goes to: the largest that may run, the first come."""
        runnable = [w for w in self._waiting if not (w[2] and self._large)]
        if not self._free or not runnable:
            return None
        return max(runnable, key=lambda w: (w[0], -w[1]))

    @contextmanager
    def hold(self, size: int, large: bool = False) -> Iterator[None]:
        """A slot for a compile of ``size`` (its HTML's length) while the block runs."""
        with self._changed:
            ticket = (size, next(self._tickets), large)
            self._waiting.append(ticket)
            self._changed.wait_for(lambda: self._next() is ticket)
            self._waiting.remove(ticket)
            self._free -= 1
            self._large = self._large or large
            self._changed.notify_all()  # a slot may still be free for the next waiter
        try:
            yield
        finally:
            with self._changed:
                self._free += 1
                if large:
                    self._large = False
                self._changed.notify_all()


#: the run's slots, shared by every job of the runner
SLOTS = Slots(os.cpu_count() or 1)
