"""``make preview``: one language's site served on http://127.0.0.1:8000, rebuilt on every
saved change and reloaded in the browser.

Why a resident process of our own rather than sphinx-autobuild: sphinx-autobuild runs a
new ``sphinx-build`` for every change, and on the shipped corpus a new process costs more
than the budget of one second before it reads a page (importing Sphinx, MyST and
matplotlib, loading the extension and the pickled environment: about 3 s, against about
0.5 s for the incremental build itself). Here a builder process keeps the Sphinx
application in memory and calls ``app.build()`` on each change (:mod:`.builder`); the
server (:mod:`.server`, the standard library's ``http.server``) pushes each result to the
open pages by server-sent events. No dependency is added.

The preview builds what ``make html`` builds, with the same command line's settings (the
language, the chart cache, nitpicky references) and the same gates (the translation gate,
the paths check: they are part of the extension); as in the strict build, a warning is an
error. A build with errors is not published: the last good page stays served, with the
located errors over it, and in the terminal.

What a change costs: a page, a chart script (figures/): an incremental build; a PO file or
conf.py: a new Sphinx application in the same process (the gate runs when the
configuration is read); data (``build_tools/data/``) or the extension's code: a new builder
process with a fresh environment (the model caches what it read from data).
"""

from __future__ import annotations

import argparse
from pathlib import Path

DEFAULT_PORT = 8000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    import os

    parser.add_argument(
        "--languages",
        default=os.environ.get("LANGUAGES", ""),
        help="the one language to serve (default: the first language of conf.py)",
    )
    parser.add_argument(
        "--port",
        type=int,  # applied to the default too: PORT=abc is the option's error, located
        default=os.environ.get("PORT") or str(DEFAULT_PORT),
        help=f"port on 127.0.0.1 (default: {DEFAULT_PORT}; 0: any free port)",
    )


def run(args: argparse.Namespace) -> int:
    from build_tools.preview.session import serve

    return serve(Path(args.root), args.languages, args.port)
