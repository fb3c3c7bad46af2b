"""Passages left in the source language carry their language: on a Spanish or French page,
a paragraph, title or list item whose translation is missing is English, and a screen
reader must read it with an English voice (``lang="en"`` in HTML and EPUB).

Sphinx's Locale transform marks every message it looked up: ``translated`` is True when the
catalogue had a translation. Right after it, every translatable node without one gets the
class ``language-<source>``, which docutils' HTML writers turn into a ``lang`` attribute
(the LaTeX and Word writers ignore it). Code blocks, never translated, are marked too: an
example's words are the source's. A page's title is marked in the environment's
titles too (``shadow_lang``), so the navigation can say it: those title nodes are purged
and merged by Sphinx's own title collector, so parallel and incremental builds stay right.

A law's title is written in its own language ("Ley Orgánica 4/2000" on an English page).
The model knows the country of the report that declares it; where the country has one
clear official language (CLDR through Babel: the one official language most people speak,
no other official one spoken by a quarter of them; so Spain, Ireland, Estonia, not
Belgium), the title is marked with it. Where it is ambiguous, nothing is claimed.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
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
        # examples (code blocks) are never translated: their words are the source's
        for block in self.document.findall(nodes.literal_block):
            if WORDS.search(block.astext()) and mark not in block["classes"]:
                block["classes"].append(mark)


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


def law_title_language(country: str) -> str:
    """The language of a country's laws when CLDR gives one clearly ("" otherwise)."""
    from babel.core import get_global

    territory = get_global("territory_languages").get(country.upper(), {})
    official = sorted(
        (
            (info.get("population_percent", 0), language)
            for language, info in territory.items()
            if info.get("official_status") == "official"
        ),
        reverse=True,
    )
    if not official or official[0][0] < 50 or any(share >= 25 for share, _ in official[1:]):
        return ""
    return official[0][1].split("_")[0]


class MarkLawTitles(SphinxPostTransform):
    """HTML and EPUB: a declared law's title carries its own language."""

    default_priority = 210
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        from build_tools.sphinx_ext.collection import collection_of

        meta = collection_of(self.env).metadata_for(self.env.docname)
        language = law_title_language(meta.country) if meta and meta.country else ""
        if not language or language == (self.config.language or "en"):
            return
        for entry in self.document.findall(nodes.container):
            if "shadow-law" not in entry["classes"]:
                continue
            for title in entry.findall(nodes.strong):
                title["classes"].append(f"language-{language}")
                break


def setup_fallback_language(app: Sphinx) -> None:
    app.add_transform(MarkUntranslated)
    app.add_post_transform(MarkLawTitles)
    app.connect("doctree-read", mark_page_title, priority=900)
