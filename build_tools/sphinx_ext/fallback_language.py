"""Passages left in the source language carry their language: on a Spanish or French page,
a paragraph, title or list item whose translation is missing is English, and a screen
reader must read it with an English voice (``lang="en"`` in HTML and EPUB).

Sphinx's Locale transform marks every message it looked up: ``translated`` is True when the
catalogue had a translation. Right after it, every translatable node without one gets the
class ``language-<source>``, which docutils' HTML writers turn into a ``lang`` attribute
(the LaTeX and Word writers ignore it). A page's title is marked in the environment's
titles too (``shadow_lang``), so the navigation can say it: those title nodes are purged
and merged by Sphinx's own title collector, so parallel and incremental builds stay right.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util.nodes import extract_messages

WORDS = re.compile(r"[^\W\d_]{2,}")  # a message of ids or numbers has no language


def source_language(config: Any) -> str:
    languages = list(config.shadow_languages)
    return languages[0] if languages else "en"


def needs_mark(config: Any, builder_name: str) -> bool:
    language = config.language or "en"
    return builder_name != "gettext" and language != source_language(config)


class MarkUntranslated(SphinxTransform):
    """After Sphinx's Locale transform (20): untranslated messages get their language."""

    default_priority = 25

    def apply(self, **kwargs: Any) -> None:
        if not needs_mark(self.config, self.app.builder.name):
            return
        mark = f"language-{source_language(self.config)}"
        for node, message in list(extract_messages(self.document)):
            if node.get("translated") or not WORDS.search(message):
                continue
            if mark not in node["classes"]:
                node["classes"].append(mark)


def mark_page_title(app: Sphinx, doctree: nodes.document) -> None:
    """After the title collector: the page's title in the environment says its language."""
    if not needs_mark(app.config, app.builder.name):
        return
    docname = app.env.docname
    section = next(iter(doctree.findall(nodes.section)), None)
    title = app.env.titles.get(docname)
    if section is None or title is None or not section.children:
        return
    heading = section[0]
    if (
        isinstance(heading, nodes.title)
        and f"language-{source_language(app.config)}" in heading["classes"]
    ):
        title["shadow_lang"] = source_language(app.config)


def title_language(title: nodes.Node | None) -> str:
    """The language of a page title in the environment, when it is not the page's."""
    return str(title.get("shadow_lang", "")) if isinstance(title, nodes.Element) else ""


def setup_fallback_language(app: Sphinx) -> None:
    app.add_transform(MarkUntranslated)
    app.connect("doctree-read", mark_page_title, priority=900)
