"""The command line behind the Makefile: ``python -m build_tools <command>``.

Parsing lives here; each command's logic lives in its own module.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from build_tools import bench
from build_tools.model.errors import ModelError


def _build(args: argparse.Namespace) -> int:
    from build_tools.pipeline.lock import build_lock
    from build_tools.pipeline.project import FORMATS, Project
    from build_tools.pipeline.runner import plan, run, summary

    project = Project.load(Path(args.root))
    formats = project.select("format", " ".join(args.formats), FORMATS)
    languages = project.select("language", args.languages, project.languages)
    volumes = project.select("report", args.reports, project.pdf_volumes)
    jobs = plan(project, formats, languages, volumes)
    # one build at a time per tree: a second one waits (and says so), then finds the
    # first one's output up to date
    with build_lock(project.build_dir, " ".join(["build", *formats])):
        results = run(project, jobs, args.jobs)
        summary(project, results)
    return 0 if all(r.succeeded for r in results) else 1


def _word(command: str):
    def handler(args: argparse.Namespace) -> int:
        from build_tools.word.cli import main as word_main

        return word_main([command, "--root", args.root, *args.rest])

    return handler


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build_tools", description=__doc__)
    parser.add_argument("--root", default=".", help="repository root (where conf.py is)")
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="build languages x formats in parallel")
    build.add_argument("formats", nargs="*", default=[], help="html, pdf, epub (default: all)")
    build.add_argument(
        "--languages",
        default=os.environ.get("LANGUAGES", ""),
        help="e.g. 'es fr' (default: every language in conf.py)",
    )
    build.add_argument(
        "--reports",
        default=os.environ.get("REPORTS", ""),
        help="PDF volumes, e.g. 'spain' (default: every report and the collection)",
    )
    build.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="parallel builds (default: number of cores)",
    )
    build.set_defaults(handler=_build)

    bench_parser = commands.add_parser(
        "bench", help="time our pipeline against plain Sphinx (never fails on a time)"
    )
    bench.add_arguments(bench_parser)
    bench_parser.set_defaults(handler=bench.run)

    # Word: the same commands as `python -m build_tools.word <command>`
    for name, command in (
        ("docx", "export"),
        ("submission", "submission"),
        ("import-docx", "import"),
    ):
        word = commands.add_parser(
            name, help=f"Word: {command} (python -m build_tools.word {command} -h)"
        )
        word.add_argument("rest", nargs=argparse.REMAINDER)
        word.set_defaults(handler=_word(command))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except ModelError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
