"""``python -m build_tools.pipeline.sphinx_run ARGS``: ``sphinx-build ARGS``, with fewer
garbage collections and without the interpreter's teardown.

A build allocates millions of objects that live until it ends (doctrees, the environment),
and Python's cyclic collector, by default after every 700 new objects, walks them over
and over: a third of the single page's writing, a fifth of an HTML build's. A collection
after every :data:`GC_YOUNG` objects instead costs those builds 5-10 MB more at their peak.

A finished build holds its environment and every doctree it resolved, about a million
objects for the single page of the collection. When Python exits it frees them one by one
and collects the cycles: 1.2 s of the 7 s of that build, 0.6 s of a language's read, and
0.2 s of an HTML build, spent after the last file was written, on every Sphinx process of
a run. This module runs Sphinx's own command line, then what an ordinary exit runs
(the ``atexit`` functions, which flush and close the logs), and ends the process at once:
the operating system frees its memory in one go.

The pipeline's jobs and the translation templates run Sphinx through it
(:func:`build_tools.pipeline.jobs.sphinx_build`); the benchmark's plain twin keeps
``python -m sphinx``.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys

#: new objects between two collections of the youngest generation (Python's default: 700).
#: The en single page, its charts cached: 3.6 -> 2.4 s; the en HTML from the read: 3.4 ->
#: 2.7 s; the en read: 2.8 -> 2.5 s (10 000, 50 000 and 100 000 measured alike)
GC_YOUNG = 10_000


def main(argv: list[str]) -> int:
    gc.set_threshold(GC_YOUNG, *gc.get_threshold()[1:])  # inherited by -j's forked writers
    from sphinx.cmd.build import main as sphinx_main

    try:
        status = sphinx_main(argv)
    except SystemExit as done:  # Sphinx's own exits (``--help``, a bad option)
        if isinstance(done.code, int) or done.code is None:
            return done.code or 0
        sys.stderr.write(f"{done.code}\n")  # as sys.exit("message") would
        return 1
    return status


if __name__ == "__main__":
    code = main(sys.argv[1:])
    atexit._run_exitfuncs()  # what sys.exit would run first: logging's flush and close
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more to say on it
            pass
    os._exit(code)
