"""Tables on a phone: every table of an HTML page sits in its own scroll container, so a
wide table scrolls sideways inside the text instead of widening the page.

The container is keyboard-reachable (``tabindex="0"``: axe's scrollable-region-focusable)
and carries the table's own ``shadow-*`` classes as ``shadow-scroll-for-*``, so the
stylesheet can give the matrix its sticky header row and first column. The cue that more
is to the right is drawn by CSS (shadows at the edge that scroll with the content).

A translator, not a transform: the container is HTML structure only, so LaTeX, Word and
the doctree never meet it (the EPUB keeps Sphinx's plain tables; readers paginate them).
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

#: tables whose rows become stacked cards on a phone: each cell says its column's name
STACKED = {"shadow-recommendations"}
HEADER_CELL = re.compile(r"<th[^>]*>(.*?)</th>", re.S)
TAG = re.compile(r"<[^>]+>")


def label_cells(table_html: str) -> str:
    """Each body cell gets ``data-label``: its column's header, as text (the phone
    layout shows it before the cell's content, in the page's language)."""
    head, sep, body = table_html.partition("</thead>")
    if not sep:
        return table_html
    labels = [
        unescape(TAG.sub("", cell)).strip().replace('"', "&quot;")
        for cell in HEADER_CELL.findall(head)
    ]

    def row(match: re.Match[str]) -> str:
        cells = iter(labels)
        return re.sub(
            r"<td(?=[\s>])", lambda m: f'<td data-label="{next(cells, "")}"', match.group(0)
        )

    return head + sep + re.sub(r"<tr[^>]*>.*?</tr>", row, body, flags=re.S)


class ShadowHTMLTranslator(HTML5Translator):
    def visit_table(self, node: nodes.Element) -> None:
        own = [c for c in node.get("classes", []) if c.startswith("shadow-")]
        classes = " ".join(["shadow-scroll", *(f"shadow-scroll-for-{c[7:]}" for c in own)])
        self.body.append(f'<div class="{classes}" tabindex="0">\n')
        node["shadow_start"] = len(self.body)
        super().visit_table(node)

    def depart_table(self, node: nodes.Element) -> None:
        super().depart_table(node)
        if STACKED & set(node.get("classes", [])):
            start = node["shadow_start"]
            self.body[start:] = [label_cells("".join(self.body[start:]))]
        self.body.append("</div>\n")


def setup_web_tables(app: Sphinx) -> dict[str, Any]:
    app.set_translator("html", ShadowHTMLTranslator, override=True)
    return {}
