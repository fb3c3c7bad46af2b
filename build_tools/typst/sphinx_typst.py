"""A small Sphinx extension loaded only for the ``singlehtml`` page that the typst PDFs and
Word read (the pipeline's ``singlehtml`` stage; it sets up
:mod:`build_tools.word.sphinx_docx`, whose manifest of the reports it shares).

- A passage a translation left in the source language (a message the Locale transform
  did not translate) is wrapped in ``<span class="shadow-source-language">``: the volume
  sets it with the source language's hyphenation and tags it with its ``/Lang``.
- ``typst-manifest.json`` beside the page: what the cover and the imprint say about the
  collection (publisher, copyright, edition) and the words they use, in the build's
  language (the interface catalogue; :data:`FALLBACK` while a catalogue lacks them).
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.nodes import extract_messages

from build_tools import __version__
from build_tools.sphinx_ext.domain import shadow_domain
from build_tools.sphinx_ext.i18n import _
from build_tools.sphinx_ext.report_metadata import status_label
from build_tools.typst.volume import SOURCE_LANGUAGE_CLASS
from build_tools.word.sphinx_docx import manifest_writer

MANIFEST = "typst-manifest.json"
WORDS = re.compile(r"[^\W\d_]{2,}")

#: the print words, in the interface catalogue's languages, until the catalogue has them
FALLBACK: dict[str, dict[str, str]] = {
    "es": {
        "Contents": "Índice",
        "p.": "p.",
        "Publisher": "Editor",
        "Copyright and licence": "Derechos y licencia",
        "How to cite": "Cómo citar",
        "Language": "Idioma",
        "Edition": "Edición",
        "Date": "Fecha",
        "Status": "Estado",
        "Country": "País",
        "Authoring organisations": "Organizaciones autoras",
        "Produced with": "Producido con",
    },
    "fr": {
        "Contents": "Sommaire",
        "p.": "p.",
        "Publisher": "Éditeur",
        "Copyright and licence": "Droits et licence",
        "How to cite": "Comment citer",
        "Language": "Langue",
        "Edition": "Édition",
        "Date": "Date",
        "Status": "Statut",
        "Country": "Pays",
        "Authoring organisations": "Organisations autrices",
        "Produced with": "Produit avec",
    },
}


def word(message: str, language: str) -> str:
    translated = _(message)
    if translated == message and language in FALLBACK:
        return FALLBACK[language].get(message, message)
    return translated


def mark_source_language(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Wrap what the translation left in the source language (the whole assembled page)."""
    if app.builder.name != "singlehtml":
        return
    source = (app.config.shadow_languages or ["en"])[0]
    if (app.config.language or source) == source:
        return
    for node, message in list(extract_messages(doctree)):
        if node.get("translated") or not WORDS.search(message):
            continue
        if not isinstance(node, nodes.TextElement) or not node.children:
            continue
        wrapper = nodes.inline(classes=[SOURCE_LANGUAGE_CLASS])
        wrapper.extend(list(node.children))
        node.clear()
        node += wrapper


def collection_metadata(app: Sphinx) -> dict[str, Any]:
    """The ``{collection}`` directive of the root page (cover of the collection), if any."""
    meta = shadow_domain(app.env).reports.get(app.config.root_doc)
    if meta is None:
        return {}
    return {
        "organisations": list(meta.organisations),
        "edition": meta.edition,
        "date": meta.date.isoformat(),
        "status": meta.status.value,
        "status_label": status_label(meta.status),
    }


def manifest(app: Sphinx) -> dict[str, Any]:
    language = app.config.language or "en"
    words = [
        "Contents",
        "p.",
        "Publisher",
        "Copyright and licence",
        "How to cite",
        "Language",
        "Edition",
        "Date",
        "Status",
        "Country",
        "Authoring organisations",
        "Produced with",
    ]
    return {
        "language": language,
        "source_language": (app.config.shadow_languages or ["en"])[0],
        "collection": str(app.config.project),
        "author": str(app.config.author),
        "copyright": str(app.config.copyright),
        "release": str(app.config.release),
        "licence": str(getattr(app.config, "shadow_licence", "") or ""),
        "metadata": collection_metadata(app),
        "words": {w: word(w, language) for w in words},
    }


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("build_tools.word.sphinx_docx")
    if "shadow_licence" not in app.config:
        app.add_config_value("shadow_licence", "", "env", types=[str])
    # before the Word extension's notes (600): its notices are in the build's language
    app.connect("doctree-resolved", mark_source_language, priority=590)
    app.connect("build-finished", manifest_writer(MANIFEST, manifest))
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
