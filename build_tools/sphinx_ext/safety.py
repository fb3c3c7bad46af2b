"""Text from a PO file cannot run in a reader's browser.

A translation is parsed as MyST, which turns inline HTML into raw nodes written verbatim.
After Sphinx has put the translations in (its Locale transform, priority 20), raw HTML
inside translated text is turned back into plain, escaped text, and links with a script
scheme lose their target. ``make check-po`` rejects such entries; this is the second lock,
for a build run without the check.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from build_tools.sphinx_ext.warnings import warn

UNSAFE_SCHEMES = ("javascript:", "data:", "vbscript:")


def _translated(node: nodes.Node) -> bool:
    parent: Any = node
    while parent is not None:
        if isinstance(parent, nodes.Element) and parent.get("translated"):
            return True
        parent = parent.parent
    return False


class NeutraliseTranslatedMarkup(SphinxTransform):
    default_priority = 30  # right after sphinx.transforms.i18n.Locale (20)

    def apply(self, **kwargs: Any) -> None:
        for raw in list(self.document.findall(nodes.raw)):
            if _translated(raw):
                warn("unsafe-translation", raw, "a translation contains raw HTML; shown as text")
                raw.replace_self(nodes.Text(raw.astext()))
        for ref in list(self.document.findall(nodes.reference)):
            uri = (ref.get("refuri") or "").strip().lower()
            if uri.startswith(UNSAFE_SCHEMES) and _translated(ref):
                warn(
                    "unsafe-translation",
                    ref,
                    "a translation links to '%s'; link removed",
                    uri.split(":")[0],
                )
                ref.replace_self(nodes.inline("", ref.astext()))


def setup_safety(app: Sphinx) -> None:
    app.add_transform(NeutraliseTranslatedMarkup)
