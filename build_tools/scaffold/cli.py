"""The command line of the scaffolding: ``python -m build_tools.scaffold new-report
--country PT [--root .] [--name portugal]``, behind ``make new-report COUNTRY=pt``.

Parsing and printing only; the work is :func:`build_tools.scaffold.new_report.create_report`.
Exit codes: 0 created, 2 refused (the message says why; nothing was changed).
``add_arguments`` and ``run`` let ``build_tools.cli`` offer the same command.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from build_tools.scaffold.errors import ScaffoldError


def add_arguments(parser: argparse.ArgumentParser, *, with_root: bool = True) -> None:
    """The options of ``new-report``. ``with_root=False`` when the parent parser already
    has ``--root`` (a subparser's default would silently override the parent's value)."""
    parser.add_argument(
        "--country",
        required=True,
        help="ISO 3166-1 alpha-2 code of the country, e.g. PT",
    )
    parser.add_argument(
        "--name",
        default=None,
        help="folder under reports/ (default: the English name of the country, e.g. portugal)",
    )
    if with_root:
        parser.add_argument("--root", default=".", help="project root, where conf.py is")


def _show(path: Path, root: Path) -> str:
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def run(args: argparse.Namespace) -> int:
    """Create the report and say what was done and what to do next."""
    from build_tools.scaffold.new_report import create_report

    root = Path(args.root).resolve()
    try:
        report = create_report(root, args.country, args.name)
    except ScaffoldError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    folder = _show(report.folder, root)
    print(f"created {folder}/: a draft report on {report.country.name} ({report.country.code})")
    for page in report.pages:
        print(f"  {_show(page, root)}")
    if report.registered_in_conf:
        print(f'registered "{report.name}" in shadow_reports (conf.py)')
    if report.registered_in_index:
        print(f"listed {report.name}/index in the toctree of reports/index.md")
    print("next steps:")
    print("  make update-po            # translation files for the new pages")
    print("  make html LANGUAGES=en    # then open _build/html/en/" + f"{report.name}/index.html")
    print(f"  write the report in {folder}/: the cover data in index.md, the laws in")
    print("  legal-framework.md, and the ratings of each {assessment} article by article")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build_tools.scaffold", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    new_report = commands.add_parser(
        "new-report", help="create a report tree from the template and register it"
    )
    add_arguments(new_report)
    new_report.set_defaults(handler=run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
