"""The command line of the Word tools: ``python -m build_tools.word <command>``.

Parsing only; each command's logic is a library function in its own module.

    export      _build/docx/<lang>/<report>.docx for every language and report asked for
                (the pipeline's docx format: ``python -m build_tools build docx``)
    submission  the Word file the UN Committee receives (cover page, chosen chapters;
                the pipeline's submission format)
    import      a .docx into MyST pages of reports/<name>/
    reference   (re)make build_tools/data/reference.docx from pandoc's default

Exit codes: 0 done, 1 a build or conversion failed, 2 bad input (a refused Word file, an
unknown language or report, a page that exists without --force).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

from build_tools.model.errors import ModelError
from build_tools.word.pandoc import InputError, WordError


def _tree_lock(root: Path, command: str) -> AbstractContextManager[object]:
    """The tree's build lock (:mod:`build_tools.pipeline.lock`) for a command that writes
    into it; none for a root without ``reports/``, which the command refuses anyway."""
    from build_tools.pipeline.lock import build_lock

    if not (root / "reports").is_dir():
        return nullcontext()
    return build_lock(root / "_build", command)


def _through_pipeline(args: argparse.Namespace, fmt: str) -> int:
    """``export`` and ``submission`` are the pipeline's ``docx`` and ``submission``
    formats (``python -m build_tools build docx``): the same jobs, stamps and summary;
    this adds what each Word file counted. Exit 2 when an input was refused."""
    from build_tools.pipeline.build import build
    from build_tools.pipeline.project import Project
    from build_tools.word.export import describe_export, versions
    from build_tools.word.submission import PROFILE, describe_submission, profiles

    profile = Path(args.profile) if getattr(args, "profile", None) else None
    if fmt == "submission":  # a bad profile is refused before anything is built
        project = Project.load(Path(args.root))
        profiles(profile or PROFILE, project.select("report", args.reports, project.reports))
    print(f"Word {'export' if fmt == 'docx' else fmt} with {versions()}")
    results = build(
        Path(args.root),
        [fmt],
        languages=args.languages,
        reports=args.reports,
        workers=os.cpu_count() or 1,
        profile=profile,
    )
    describe = describe_export if fmt == "docx" else describe_submission
    for result in results:
        for item in result.items:
            print(f"[{result.job.language} {fmt}] {describe(item)}")
            for warning in item.warnings:
                print(f"    warning: {warning}")
    refused = [r for r in results if r.refused]
    for result in refused:
        print(f"error: {result.detail}", file=sys.stderr)
    if refused:
        return 2
    return 0 if all(r.succeeded for r in results) else 1


def _export(args: argparse.Namespace) -> int:
    return _through_pipeline(args, "docx")


def _submission(args: argparse.Namespace) -> int:
    return _through_pipeline(args, "submission")


def _import(args: argparse.Namespace) -> int:
    from build_tools.word.importer import ImportOptions, import_docx

    options = ImportOptions(
        report=args.report,
        root=Path(args.root),
        split_level=args.split_level,
        force=args.force,
        country=args.country,
        title=args.title,
    )
    # it writes pages into reports/: not while a build of this tree reads them
    with _tree_lock(Path(args.root), f"word import {args.report}"):
        summary = import_docx(Path(args.file), options)
    print(summary.render())
    return 0


def _reference(args: argparse.Namespace) -> int:
    from build_tools.word.reference import REFERENCE_DOCX, build_reference

    target = Path(args.output) if args.output else REFERENCE_DOCX
    if target.exists() and not args.force:
        raise InputError(
            f"{target} exists (a coordinator may have edited it in Word); "
            "add --force to replace it with pandoc's default plus our changes"
        )
    build_reference(target)
    print(f"wrote {target}")
    return 0


def _selection_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", default=".", help="repository root (where conf.py is)")
    parser.add_argument(
        "--languages",
        default=os.environ.get("LANGUAGES", ""),
        help="e.g. 'es fr' (default: every language in conf.py)",
    )
    parser.add_argument(
        "--reports",
        default=os.environ.get("REPORTS", ""),
        help="e.g. 'spain' (default: every report in conf.py)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build_tools.word", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)

    export = commands.add_parser("export", help="one .docx per report and language")
    _selection_arguments(export)
    export.set_defaults(handler=_export)

    submission = commands.add_parser(
        "submission", help="the Word file for the UN Committee (cover page, chosen chapters)"
    )
    _selection_arguments(submission)
    submission.add_argument(
        "--profile", help="submission profile (default: build_tools/data/submission.yaml)"
    )
    submission.set_defaults(handler=_submission)

    importer = commands.add_parser("import", help="a .docx into MyST pages of a report")
    importer.add_argument("file", help="the Word file (.docx)")
    importer.add_argument("--report", required=True, help="report folder under reports/")
    importer.add_argument("--root", default=".", help="repository root (where reports/ is)")
    importer.add_argument(
        "--split-level",
        type=int,
        default=1,
        help="a new page at each heading of this level or above (0: one page; default 1)",
    )
    importer.add_argument("--force", action="store_true", help="replace existing pages")
    importer.add_argument("--country", help="ISO 3166 code for the {report} metadata, e.g. ES")
    importer.add_argument("--title", help="the report's title (default: the Word file's)")
    importer.set_defaults(handler=_import)

    reference = commands.add_parser("reference", help="make the Word reference document")
    reference.add_argument("--output", help="where (default: build_tools/data/reference.docx)")
    reference.add_argument("--force", action="store_true", help="replace an existing file")
    reference.set_defaults(handler=_reference)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except (InputError, ModelError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except WordError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
