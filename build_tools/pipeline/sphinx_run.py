"""``python -m build_tools.pipeline.sphinx_run ARGS``: ``sphinx-build ARGS``, without the
interpreter's teardown.

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
import os
import sys


def main(argv: list[str]) -> int:
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
