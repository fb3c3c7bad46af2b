"""``python -m build_tools.edition``: start a report's update from the edition just finished.

    python -m build_tools.edition start --report ireland   # make new-edition REPORT=ireland
    python -m build_tools.edition check                    # every previous-edition.yaml

``start`` copies the report's current ratings (every ``{assessment}``) and recommendations
(every ``{recommendation}``, with the article it is written in) into a new
``reports/<report>/previous-edition.yaml``, with the report's edition, title, date and
status: the edition being closed becomes the one the update compares with. It reads the
pages' sources (no build needed) and checks every value through the model, as a build
would. All or nothing: it refuses, changing nothing, when the file exists already, the
report is not listed in conf.py, or a page declares something invalid (``file:line``). The
file is written whole, then linked into place, so a second run at the same time cannot
overwrite it either.

``check`` reads every listed report's previous edition as a build does: one located line
per invalid file. Exit codes: 0 done, 2 refused (nothing changed).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from build_tools.model.assessment import parse_assessment, parse_recommendation
from build_tools.model.convention import convention
from build_tools.model.edition import FILE_NAME, load_previous_edition
from build_tools.model.errors import ModelError
from build_tools.model.report import ReportId, parse_report_metadata
from build_tools.model.yamldata import DataError
from build_tools.scaffold.errors import ScaffoldError
from build_tools.scaffold.register import declared_reports

_FENCE = re.compile(
    r"^\s*(?:`{3,}|:{3,})\{(?P<name>report|assessment|recommendation)\}[ \t]*(?P<arg>[^\n]*)$"
)
_OPTION = re.compile(r"^\s*:(?P<key>[A-Za-z-]+):[ \t]*(?P<value>.*)$")
_TITLE = re.compile(r"^#[ \t]+(?P<title>.+?)\s*$", re.M)


class EditionError(Exception):
    """Refused: ``where: what is wrong; what to do``."""


@dataclass(frozen=True)
class Declared:
    """What a report's pages declare, read from their sources."""

    title: str
    metadata: dict[str, str]
    ratings: list[tuple[int, str, str]]  # article, in law, in practice (written forms)
    recommendations: list[tuple[str, int]]  # id, article


def _directives(path: Path):
    """(name, argument, options, line) of every directive of ours in a page."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        match = _FENCE.match(line)
        if not match:
            continue
        options: dict[str, str] = {}
        for following in lines[index + 1 :]:
            option = _OPTION.match(following)
            if not option:
                break
            options[option["key"]] = option["value"].strip()
        yield match["name"], match["arg"].strip(), options, index + 1


def read_report(folder: Path) -> Declared:
    """The report's metadata, ratings and recommendations, each checked by the model."""
    report = ReportId.named(folder.name)
    index = folder / "index.md"
    if not index.is_file():
        raise EditionError(f"{index}: no such page; a report folder opens with index.md")
    title = _TITLE.search(index.read_text(encoding="utf-8"))
    metadata: dict[str, str] = {}
    ratings: list[tuple[int, str, str]] = []
    recommendations: list[tuple[str, int]] = []
    for page in sorted(folder.rglob("*.md")):
        article = 0
        for name, arg, options, line in _directives(page):
            try:
                if name == "report":
                    parse_report_metadata("report", options)
                    metadata = options
                elif name == "assessment":
                    parsed = parse_assessment(convention(), report, arg, options)
                    article = parsed.article
                    ratings.append(
                        (
                            article,
                            parsed.in_law.style.aliases[0],
                            parsed.in_practice.style.aliases[0],
                        )
                    )
                else:
                    rec = parse_recommendation(arg, options)
                    if not article:
                        raise ModelError("write it inside the {assessment} of its article")
                    recommendations.append((rec.id, article))
            except (ModelError, UnicodeDecodeError) as error:
                raise EditionError(f"{page}:{line}: {name}: {error}") from None
    if not metadata:
        raise EditionError(f"{index}:1: no {{report}} directive: the edition has no metadata")
    seen: set[int] = set()
    for article, *_ in ratings:
        if article in seen:
            raise EditionError(f"{folder}: article {article} is assessed twice; keep one")
        seen.add(article)
    return Declared(
        title=title["title"] if title else folder.name,
        metadata=metadata,
        ratings=sorted(ratings),
        recommendations=recommendations,
    )


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def edition_yaml(name: str, declared: Declared) -> str:
    """The new file: a header saying what it is, then the closed edition's data."""
    meta = declared.metadata
    lines = [
        f"# The previous edition of the {name} report: what this update is compared with.",
        "# Written by `python -m build_tools.edition start` from the edition just closed;",
        "# correct it to what that edition published, and record the follow-up of each",
        "# recommendation (implemented, partly, not, no longer relevant) as the update finds it.",
        f"edition: {_quoted(meta['edition'])}",
        f"title: {_quoted(declared.title)}",
        f"date: {meta['date'].strip()}",
        f"status: {meta['status'].strip().lower()}",
        "ratings:",
    ]
    lines += [
        f"  - {{article: {article}, in-law: {law}, in-practice: {practice}}}"
        for article, law, practice in declared.ratings
    ]
    if declared.recommendations:
        lines.append("recommendations:")
        lines += [
            f"  - {{id: {rec}, article: {article}}}" for rec, article in declared.recommendations
        ]
    return "\n".join(lines) + "\n"


def listed_reports(root: Path) -> list[str]:
    try:
        return declared_reports((root / "conf.py").read_text(encoding="utf-8"))
    except (OSError, ScaffoldError) as error:
        raise EditionError(f"{root / 'conf.py'}: {error}") from None


def start(root: Path, name: str) -> Path:
    """Write ``reports/<name>/previous-edition.yaml``; :class:`EditionError` if refused."""
    listed = listed_reports(root)
    if name not in listed:
        raise EditionError(
            f"unknown report '{name}': conf.py's shadow_reports lists {', '.join(listed)}"
        )
    folder = root / "reports" / name
    target = folder / FILE_NAME
    if target.exists():
        raise EditionError(
            f"{target}: exists already, nothing changed; it is the edition this update is "
            "compared with (rename it first to start a new update)"
        )
    text = edition_yaml(name, read_report(folder))
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".previous-edition-", suffix=".yaml")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        load_previous_edition(Path(temporary), name)  # what a build will read
        os.link(temporary, target)  # refuses if the file appeared meanwhile
    except FileExistsError:
        raise EditionError(f"{target}: exists already, nothing changed") from None
    except DataError as error:  # a bug of ours: never leave a file a build refuses
        raise EditionError(f"{target}: {error.message}") from None
    finally:
        os.unlink(temporary)
    return target


def check(root: Path) -> list[str]:
    """One located line per invalid previous edition of a listed report."""
    found = []
    for name in listed_reports(root):
        path = root / "reports" / name / FILE_NAME
        if path.exists():
            try:
                load_previous_edition(path, name)
            except DataError as error:
                found.append(str(error))
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_tools.edition", description=__doc__)
    parser.add_argument("--root", default=".", help="project root, where conf.py is")
    commands = parser.add_subparsers(dest="command", required=True)
    started = commands.add_parser("start", help="copy the current ratings into a new edition")
    started.add_argument("--report", required=True, help="the report's folder, e.g. ireland")
    commands.add_parser("check", help="check every report's previous-edition.yaml")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    try:
        if args.command == "start":
            target = start(root, args.report)
            shown = target.relative_to(root) if target.is_relative_to(root) else target
            print(f"created {shown}: the edition this update will be compared with")
            print("next: correct it to what that edition published, then build the report")
            return 0
        problems = check(root)
    except EditionError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for problem in problems:
        print(problem, file=sys.stderr)
    return 2 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
