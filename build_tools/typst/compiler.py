"""The typst compiler in a process of its own, one per volume: ``python -m
build_tools.typst.compiler MAIN OUTPUT ROOT TIMESTAMP STANDARD [FONT_DIR ...]``.

The ``typst`` wheel holds the GIL while it compiles, and never frees its memo cache
(typst/typst#8495, messense/typst-py#104): in threads of the runner the compiles ran one
at a time and the runner kept every volume's memory. A process per volume runs them in
parallel, and its memory goes with it. This module imports nothing but ``typst``: it
starts in a fraction of a second. Exit 0 with the process's peak RSS (kB) on stdout, or
:data:`REFUSED` with typst's diagnostic on stderr (:func:`.render.compile_pdf` reads both).
"""

from __future__ import annotations

import resource
import sys

REFUSED = 3  # typst refused the volume: not Python's 1 (a traceback), nor 2 (usage)


def main(argv: list[str]) -> int:
    source, output, root, timestamp, standard, *fonts = argv
    import typst

    try:
        typst.compile(
            source,
            output=output,
            root=root,
            font_paths=fonts,
            pdf_standards=[standard],
            timestamp=int(timestamp),
        )
    except Exception as error:  # typst.TypstError: the compiler's diagnostics
        sys.stderr.write(getattr(error, "diagnostic", "") or str(error))
        return REFUSED
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
