"""Registering a report in the collection: one name added to ``shadow_reports`` in
``conf.py``, one entry added to the toctree of ``reports/index.md``.

Both are minimal text edits (pure functions: text in, text out) that keep the author's
layout, quotes and comments: a person maintains these files, so the tool must not reformat
them. When the list or the toctree cannot be found with certainty, they raise a
ScaffoldError instead of guessing.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from build_tools.scaffold.errors import ScaffoldError

# The chapters that come after the reports in the collection's toctree.
AFTER_THE_REPORTS = "comparative/index"
# The project's line length (ruff, pyproject.toml): a longer one-line list is wrapped.
LINE_LENGTH = 100


def _char_index(lines: list[str], lineno: int, col_bytes: int) -> int:
    """Offset in the text of an ast position (1-based line, column in UTF-8 bytes)."""
    before = sum(len(line) for line in lines[: lineno - 1])
    return before + len(lines[lineno - 1].encode("utf-8")[:col_bytes].decode("utf-8"))


def _shadow_reports_list(tree: ast.Module) -> ast.List:
    found = [
        node
        for node in tree.body
        if isinstance(node, ast.Assign)
        and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name)
        and node.targets[0].id == "shadow_reports"
    ]
    mentioned = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Name) and node.id == "shadow_reports"
    ]
    # One plain assignment and no other use: anything else (+=, a comprehension, a second
    # assignment) would make our edit differ from what Sphinx finally reads.
    if (
        len(found) != 1
        or len(mentioned) != 1
        or not isinstance(found[0].value, ast.List)
        or not all(
            isinstance(e, ast.Constant) and isinstance(e.value, str) for e in found[0].value.elts
        )
    ):
        raise ScaffoldError(
            "cannot find the list shadow_reports = [...] in conf.py (one assignment of a list "
            'of names, e.g. shadow_reports = ["spain"]); add the report to it by hand'
        )
    return found[0].value


def declared_reports(conf_text: str) -> list[str]:
    """The names in ``shadow_reports = [...]``, read without running conf.py."""
    try:
        tree = ast.parse(conf_text)
    except SyntaxError as error:
        raise ScaffoldError(f"conf.py does not parse: {error}") from None
    return [e.value for e in _shadow_reports_list(tree).elts]  # type: ignore[attr-defined]


def add_to_shadow_reports(conf_text: str, name: str) -> str:
    """``conf_text`` with ``name`` appended to ``shadow_reports``, in the list's own style:
    same quotes; on the same line for a one-line list (wrapped one name per line if the
    line grows too long), on a line of its own (with the indentation and trailing comma of
    its neighbours) for a list written one per line."""
    tree = ast.parse(conf_text)
    listing = _shadow_reports_list(tree)
    lines = conf_text.splitlines(keepends=True)
    if not listing.elts:
        start = _char_index(lines, listing.lineno, listing.col_offset) + 1  # after "["
        return f'{conf_text[:start]}"{name}"{conf_text[start:]}'

    last = listing.elts[-1]
    assert last.end_lineno is not None and last.end_col_offset is not None
    last_start = _char_index(lines, last.lineno, last.col_offset)
    last_end = _char_index(lines, last.end_lineno, last.end_col_offset)
    quote = conf_text[last_start] if conf_text[last_start] in "'\"" else '"'
    item = f"{quote}{name}{quote}"

    assert listing.end_lineno is not None and listing.end_col_offset is not None
    appended = f"{conf_text[:last_end]}, {item}{conf_text[last_end:]}"
    if listing.lineno == listing.end_lineno:
        if len(appended.splitlines()[listing.lineno - 1]) <= LINE_LENGTH:
            return appended
        return _one_per_line(conf_text, lines, listing, item)
    if not lines[listing.end_lineno - 1].strip().startswith("]"):
        return appended  # "..., 'eu']" closes on the line of the last entry: stay inline

    # One entry per line: give the previous last entry its comma if it had none, then add
    # a line of our own before the closing bracket.
    rest_of_line = conf_text[last_end:].split("\n", 1)[0]
    comma = "" if rest_of_line.lstrip().startswith(",") else ","
    indent = re.match(r"[ \t]*", lines[last.lineno - 1]).group(0)  # type: ignore[union-attr]
    newline = "\r\n" if lines[last.end_lineno - 1].endswith("\r\n") else "\n"
    closing_start = sum(len(line) for line in lines[: listing.end_lineno - 1])
    return (
        conf_text[:last_end]
        + comma
        + conf_text[last_end:closing_start]
        + f"{indent}{item},{newline}"
        + conf_text[closing_start:]
    )


def _one_per_line(conf_text: str, lines: list[str], listing: ast.List, item: str) -> str:
    """A one-line list rewritten one entry per line, ``item`` last (only that list)."""
    assert listing.end_lineno is not None and listing.end_col_offset is not None

    def span(node: ast.expr) -> tuple[int, int]:
        assert node.end_lineno is not None and node.end_col_offset is not None
        return (
            _char_index(lines, node.lineno, node.col_offset),
            _char_index(lines, node.end_lineno, node.end_col_offset),
        )

    start, end = span(listing)
    entries = [conf_text[a:b] for a, b in map(span, listing.elts)] + [item]
    line = lines[listing.lineno - 1]
    indent = re.match(r"[ \t]*", line).group(0) + "    "  # type: ignore[union-attr]
    newline = "\r\n" if line.endswith("\r\n") else "\n"
    body = "".join(f"{indent}{entry},{newline}" for entry in entries)
    return f"{conf_text[:start]}[{newline}{body}{indent[:-4]}]{conf_text[end:]}"


@dataclass(frozen=True)
class _Toctree:
    first_entry: int  # index of the line after the options (where entries may start)
    closing: int  # index of the closing fence line
    entries: dict[int, str]  # line index -> document name


_OPENING = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|:{3,})\{toctree\}")
_ENTRY_TARGET = re.compile(r"<([^<>]+)>\s*$")


def _toctrees(lines: list[str]) -> list[_Toctree]:
    found = []
    i = 0
    while i < len(lines):
        opening = _OPENING.match(lines[i])
        if not opening:
            i += 1
            continue
        fence = opening.group("fence")
        j = i + 1
        while (
            j < len(lines)
            and lines[j].strip().startswith(":")
            and not (lines[j].strip().startswith(fence[0] * 3))
        ):
            j += 1  # the directive's options (":maxdepth: 1")
        first_entry = j
        entries: dict[int, str] = {}
        while j < len(lines):
            text = lines[j].strip()
            if text.startswith(fence) and set(text) == {fence[0]}:
                break
            if text:
                target = _ENTRY_TARGET.search(text)  # "Title <doc>" or "doc"
                entries[j] = target.group(1).strip() if target else text
            j += 1
        else:
            raise ScaffoldError(f"the toctree at line {i + 1} of reports/index.md is not closed")
        found.append(_Toctree(first_entry, j, entries))
        i = j + 1
    return found


def add_to_toctree(index_text: str, entry: str, reports: list[str]) -> str:
    """``index_text`` with ``entry`` (``portugal/index``) in the collection's toctree:
    before the comparative chapter, otherwise after the last report, otherwise at the end.
    Unchanged when the entry is already there."""
    lines = index_text.splitlines(keepends=True)
    trees = _toctrees(lines)
    report_entries = {f"{r}/index" for r in reports}
    candidates = [
        t
        for t in trees
        if AFTER_THE_REPORTS in t.entries.values() or report_entries & set(t.entries.values())
    ] or trees
    if not candidates:
        raise ScaffoldError(
            "cannot find the toctree of reports/index.md; add the report's index page to it by hand"
        )
    tree = candidates[0]
    if entry in tree.entries.values():
        return index_text
    before = [i for i, name in tree.entries.items() if name == AFTER_THE_REPORTS]
    after = [i for i, name in tree.entries.items() if name in report_entries]
    if before:
        at, model = before[0], before[0]
    elif after:
        at, model = after[-1] + 1, after[-1]
    else:
        at, model = tree.closing, max(tree.entries, default=None)
    reference = lines[model] if model is not None else lines[tree.closing]
    indent = re.match(r"[ \t]*", reference).group(0)  # type: ignore[union-attr]
    newline = "\r\n" if reference.endswith("\r\n") else "\n"
    if not tree.entries and tree.first_entry == tree.closing:
        # options right before the closing fence: entries need a blank line after them
        return "".join([*lines[:at], newline, f"{indent}{entry}{newline}", *lines[at:]])
    return "".join([*lines[:at], f"{indent}{entry}{newline}", *lines[at:]])
