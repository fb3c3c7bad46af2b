"""The command line of the translation workflow: ``python -m build_tools.i18n <command>``.

Parsing only; each command's logic is a library function in its own module. Every command
has a ``<command>_main(argv) -> int`` for the Makefile and the tests; ``main`` dispatches.
Exit codes: 0 fine, 1 problems found (``check``; ``status --min``), 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path

from build_tools.i18n.errors import I18nError
from build_tools.i18n.layout import Layout
from build_tools.model.errors import ModelError


def _common(parser: argparse.ArgumentParser, languages: bool = True) -> None:
    parser.add_argument("--root", default=".", help="project root, where conf.py is")
    if languages:
        parser.add_argument(
            "--languages",
            default=os.environ.get("LANGUAGES", ""),
            help="e.g. 'es fr' (default: every language of conf.py but the source)",
        )


def _pot_dir(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--pot-dir", type=Path, help=f"{what} (default: <root>/_build/gettext)")


def _show(path: Path, root: Path) -> str:
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def _tree_lock(layout: Layout, command: str) -> AbstractContextManager[Path]:
    """The tree's build lock, for the commands that write (templates into _build/gettext,
    PO files into locale/): not while a build reads them."""
    from build_tools.pipeline.lock import build_lock

    return build_lock(layout.project.build_dir, command)


def _extract(args: argparse.Namespace) -> int:
    from build_tools.i18n.extract import extract

    layout = Layout.load(Path(args.root))
    with _tree_lock(layout, "i18n extract"):
        result = extract(layout, args.pot_dir, args.sources)
    for path in result.written:
        print(f"wrote {_show(path, layout.root)}")
    for path in result.removed:
        print(f"removed {_show(path, layout.root)} (page gone)")
    print(f"{len(result.written) + len(result.unchanged)} templates, {len(result.written)} changed")
    return 0


def _update(args: argparse.Namespace) -> int:
    from build_tools.i18n.update import update

    layout = Layout.load(Path(args.root))
    languages = layout.select_languages(args.languages)
    with _tree_lock(layout, "i18n update"):
        changes = update(layout, languages, args.pot_dir)
    for change in changes:
        if change.action != "unchanged":
            print(f"{change.action} {_show(change.path, layout.root)}: {change.detail}")
    unchanged = sum(change.action == "unchanged" for change in changes)
    print(f"{len(changes)} PO files, {len(changes) - unchanged} written")
    return 0


def _purge(args: argparse.Namespace) -> int:
    from build_tools.i18n.update import purge

    layout = Layout.load(Path(args.root))
    languages = layout.select_languages(args.languages)
    with _tree_lock(layout, "i18n purge"):
        changes = purge(layout, languages)
    for change in changes:
        if change.action != "unchanged":
            print(f"{change.action} {_show(change.path, layout.root)}: {change.detail}")
    return 0


def _status(args: argparse.Namespace) -> int:
    from build_tools.i18n.status import below, collect, render_json, render_table

    layout = Layout.load(Path(args.root))
    languages = layout.select_languages(args.languages)
    status = collect(layout, languages, pages=args.pages, pot_dir=args.pot_dir)
    print(
        render_json(status, args.pages) if args.json else render_table(status, args.pages), end=""
    )
    if args.min is None:
        return 0
    failing = below(status, args.min, args.pages)
    for row in failing:
        what = row.language if row.name == "all" else f"{row.language} {row.name}"
        print(f"below {args.min:g} %: {what} ({row.progress.shown_percent:.1f} %)", file=sys.stderr)
    return 1 if failing else 0


def _check(args: argparse.Namespace) -> int:
    from build_tools.i18n.check import check

    layout = Layout.load(Path(args.root))
    problems = check(layout, layout.select_languages(args.languages))
    for problem in problems:
        print(problem.format(Path.cwd()))
    if problems:
        print(f"{len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


def _percent(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError("a percentage between 0 and 100")
    return value


Configure = Callable[[argparse.ArgumentParser], None]


def _configure_extract(parser: argparse.ArgumentParser) -> None:
    _common(parser, languages=False)
    _pot_dir(parser, "where to write the templates")
    parser.add_argument(
        "--sources", type=Path, help="Python package with the _() calls (default: build_tools)"
    )
    parser.set_defaults(handler=_extract)


def _configure_update(parser: argparse.ArgumentParser) -> None:
    _common(parser)
    _pot_dir(parser, "where the templates are")
    parser.set_defaults(handler=_update)


def _configure_purge(parser: argparse.ArgumentParser) -> None:
    _common(parser)
    parser.set_defaults(handler=_purge)


def _configure_status(parser: argparse.ArgumentParser) -> None:
    _common(parser)
    parser.add_argument("--pages", action="store_true", help="one row per page, not per report")
    parser.add_argument(
        "--pot-dir",
        type=Path,
        help="also count pages that have a template here but no PO file yet (as untranslated)",
    )
    parser.add_argument("--json", action="store_true", help="JSON instead of a table")
    parser.add_argument(
        "--min",
        type=_percent,
        metavar="N",
        help="exit 1 when a language (with --pages: a page) is translated below N %%",
    )
    parser.set_defaults(handler=_status)


def _configure_check(parser: argparse.ArgumentParser) -> None:
    _common(parser)
    parser.set_defaults(handler=_check)


COMMANDS: dict[str, tuple[str, Configure]] = {
    "extract": (
        "POT templates of the pages and the interface into _build/gettext",
        _configure_extract,
    ),
    "update": ("merge the templates into locale/<lang>/LC_MESSAGES/*.po", _configure_update),
    "purge": ("remove obsolete entries (translations of strings that are gone)", _configure_purge),
    "status": ("translation progress per language and report (or page)", _configure_status),
    "check": (
        "markup, terminology, safety and msgfmt checks of the translations",
        _configure_check,
    ),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m build_tools.i18n", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, (help_text, configure) in COMMANDS.items():
        configure(commands.add_parser(name, help=help_text, description=help_text))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except (I18nError, ModelError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2


def extract_main(argv: Sequence[str] | None = None) -> int:
    return main(["extract", *(sys.argv[1:] if argv is None else argv)])


def update_main(argv: Sequence[str] | None = None) -> int:
    return main(["update", *(sys.argv[1:] if argv is None else argv)])


def purge_main(argv: Sequence[str] | None = None) -> int:
    return main(["purge", *(sys.argv[1:] if argv is None else argv)])


def status_main(argv: Sequence[str] | None = None) -> int:
    return main(["status", *(sys.argv[1:] if argv is None else argv)])


def check_main(argv: Sequence[str] | None = None) -> int:
    return main(["check", *(sys.argv[1:] if argv is None else argv)])
