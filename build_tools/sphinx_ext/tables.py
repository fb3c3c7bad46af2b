"""Docutils tables built from data, the same in every writer (HTML, LaTeX, EPUB, text)."""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes

Cell = str | nodes.Node | Sequence[nodes.Node]


def _cell(content: Cell) -> nodes.entry:
    entry = nodes.entry()
    if isinstance(content, str):
        entry += nodes.paragraph("", content)
    elif isinstance(content, nodes.Node):
        inline = isinstance(content, (nodes.Inline, nodes.Text))
        entry += nodes.paragraph("", "", content) if inline else content
    else:
        entry += nodes.paragraph("", "", *content)
    return entry


def table(
    header: Sequence[str] | None,
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[int],
    classes: Sequence[str] = (),
    long: bool = False,
) -> nodes.table:
    """A table; ``long`` lets LaTeX break it across pages (longtable)."""
    # colwidths-given: LaTeX and HTML honour the widths (else a long text column is
    # squeezed by LaTeX's automatic layout)
    node = nodes.table(classes=[*classes, "colwidths-given", *(["longtable"] if long else [])])
    group = nodes.tgroup(cols=len(widths))
    node += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    if header:
        head = nodes.thead()
        head += nodes.row("", *(_cell(h) for h in header))
        group += head
    body = nodes.tbody()
    for row in rows:
        body += nodes.row("", *(_cell(c) for c in row))
    group += body
    return node
