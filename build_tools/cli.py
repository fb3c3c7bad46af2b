"""The command line behind the Makefile: ``python -m build_tools <command>``.

Parsing lives here; each command's logic lives in its own module.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from build_tools import bench, preview
from build_tools.model.errors import ModelError


def _build(args: argparse.Namespace) -> int:
    from build_tools.pipeline.build import build

    results = build(
        Path(args.root),
        args.formats,
        languages=args.languages,
        reports=args.reports,
        workers=args.jobs,
        results=Path(args.results) if args.results else None,
        profile=Path(args.profile) if args.profile else None,
    )
    return 0 if all(r.succeeded for r in results) else 1


def _config(args: argparse.Namespace) -> int:
    """What conf.py declares, without Sphinx (the CI workflow asks before any set-up)."""
    import json

    from build_tools.declared import literal_settings

    conf_py = Path(args.root) / "conf.py"
    try:
        settings = literal_settings(conf_py)
    except (OSError, SyntaxError, ValueError) as error:
        print(f"error: {conf_py}: cannot be read: {error}", file=sys.stderr)
        return 2
    languages = settings.get("shadow_languages", ["en"])
    value = {"languages": languages, "source-language": languages[0] if languages else ""}
    shown = value[args.name]
    print(
        json.dumps(shown) if args.json else (" ".join(shown) if isinstance(shown, list) else shown)
    )
    return 0


def _site(args: argparse.Namespace) -> int:
    """The CI's per-language artifacts into ``_build/html/`` as ``make html`` leaves it."""
    from build_tools.pipeline.project import Project
    from build_tools.pipeline.site import assemble_site

    site = assemble_site(Project.load(Path(args.root)), Path(args.artifacts))
    print(site)
    return 0


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
    build.add_argument(
        "formats",
        nargs="*",
        default=[],
        help="html, pdf, epub, docx, submission (default: all but submission)",
    )
    build.add_argument(
        "--languages",
        default=os.environ.get("LANGUAGES", ""),
        help="e.g. 'es fr' (default: every language in conf.py)",
    )
    build.add_argument(
        "--reports",
        default=os.environ.get("REPORTS", ""),
        help="PDF volumes and Word reports, e.g. 'spain' (default: every report, and the "
        "collection's PDF)",
    )
    build.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="parallel builds (default: number of cores)",
    )
    build.add_argument(
        "--results",
        help="write the run's records (JSON) here, even when every job is up to date "
        "(default: _build/logs/results.json when a job ran)",
    )
    build.add_argument(
        "--profile", help="submission: the profile (default: build_tools/data/submission.yaml)"
    )
    build.set_defaults(handler=_build)

    config = commands.add_parser(
        "config", help="what conf.py declares (standard library only: for CI before set-up)"
    )
    config.add_argument("name", choices=("languages", "source-language"))
    config.add_argument("--json", action="store_true", help="as JSON")
    config.set_defaults(handler=_config)

    site = commands.add_parser(
        "site",
        help="CI: _build/html/ (every language and the root page) from the build artifacts",
    )
    site.add_argument("artifacts", help="the folder holding build-<lang>/ for every language")
    site.set_defaults(handler=_site)

    bench_parser = commands.add_parser(
        "bench", help="time our pipeline against plain Sphinx (never fails on a time)"
    )
    bench.add_arguments(bench_parser)
    bench_parser.set_defaults(handler=bench.run)

    preview_parser = commands.add_parser(
        "preview", help="serve one language's site, rebuilt and reloaded on every change"
    )
    preview.add_arguments(preview_parser)
    preview_parser.set_defaults(handler=preview.run)

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
