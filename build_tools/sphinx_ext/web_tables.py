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

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator


class ShadowHTMLTranslator(HTML5Translator):
    def visit_table(self, node: nodes.Element) -> None:
        own = [c for c in node.get("classes", []) if c.startswith("shadow-")]
        classes = " ".join(["shadow-scroll", *(f"shadow-scroll-for-{c[7:]}" for c in own)])
        self.body.append(f'<div class="{classes}" tabindex="0">\n')
        super().visit_table(node)

    def depart_table(self, node: nodes.Element) -> None:
        super().depart_table(node)
        self.body.append("</div>\n")


def setup_web_tables(app: Sphinx) -> dict[str, Any]:
    app.set_translator("html", ShadowHTMLTranslator, override=True)
    return {}
