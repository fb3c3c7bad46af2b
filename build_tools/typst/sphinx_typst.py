"""A small Sphinx extension loaded only for the ``singlehtml`` page that the typst PDFs and
Word read (the pipeline's ``singlehtml`` stage; it sets up
:mod:`build_tools.word.sphinx_docx`, whose manifest of the reports it shares).

- A passage a translation left in the source language (a message the Locale transform
  did not translate) is wrapped in ``<span class="shadow-source-language">``: the volume
  sets it with the source language's hyphenation and tags it with its ``/Lang``.
- The title of a bibliography entry whose ``langid`` (biblatex's field: ``english``,
  ``dutch``, or a code such as ``en``) is not the build's language is wrapped in
  ``<span lang>``: an English title in a Spanish volume is tagged ``en`` and hyphenated
  with English rules. An entry without ``langid`` claims nothing.
- the page of some reports only, when the job prints no other (:mod:`.reports_page`).
- ``typst-manifest.json`` beside the page: what the cover and the imprint say about the
  collection (publisher, copyright, edition) and the words they use, in the build's
  language (the interface catalogue, :func:`print_words`).
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
from build_tools.typst.reports_page import setup_reports_page
from build_tools.typst.volume import SOURCE_LANGUAGE_CLASS
from build_tools.word.sphinx_docx import manifest_writer

MANIFEST = "typst-manifest.json"
WORDS = re.compile(r"[^\W\d_]{2,}")


def print_words() -> dict[str, str]:
    """The words the cover, the imprint and the contents print, in the build's language
    (the interface catalogue), keyed by their English message."""
    return {
        "Contents": _("Contents"),
        # Translators: before a page number, in "(p. 12)" after a link to a chapter
        "p.": _("p."),
        "Publisher": _("Publisher"),
        "Copyright and licence": _("Copyright and licence"),
        "How to cite": _("How to cite"),
        "Language": _("Language"),
        "Edition": _("Edition"),
        "Date": _("Date"),
        "Status": _("Status"),
        "Country": _("Country"),
        "Authoring organisations": _("Authoring organisations"),
        # Translators: on the imprint, before the names and versions of the tools
        "Produced with": _("Produced with"),
        "Law as at": _("Law as at"),
    }


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


#: biblatex's language names that are not CLDR's English names
BIBLATEX_LANGUAGES = {"american": "en", "british": "en", "ngerman": "de", "austrian": "de"}


def entry_language(entry: Any) -> str:
    """The language code of a pybtex entry's ``langid`` (or ``language``), "" if none."""
    from build_tools.model.report import _language_codes, _parses

    fields = getattr(entry, "fields", {})
    value = str(fields.get("langid") or fields.get("language") or "").strip().lower()
    if not value:
        return ""
    if value in BIBLATEX_LANGUAGES:
        return BIBLATEX_LANGUAGES[value]
    if len(value) <= 3 and _parses(value):
        return value
    return _language_codes().get(value, "")


def _wrap_text(node: nodes.Element, text: str, classes: list[str]) -> bool:
    """Wrap the first occurrence of ``text`` inside one text node of ``node``."""
    for leaf in list(node.findall(nodes.Text)):
        whole = str(leaf)
        at = whole.find(text)
        if at < 0 or leaf.parent is None:
            continue
        parts: list[nodes.Node] = []
        if whole[:at]:
            parts.append(nodes.Text(whole[:at]))
        parts.append(nodes.inline(text, text, classes=classes))
        if whole[at + len(text) :]:
            parts.append(nodes.Text(whole[at + len(text) :]))
        parent = leaf.parent
        index = parent.index(leaf)
        parent.remove(leaf)
        for offset, part in enumerate(parts):
            parent.insert(index + offset, part)
        return True
    return False


def tag_bibliography_languages(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Each entry's title in its own language, when that is not the build's."""
    if app.builder.name != "singlehtml":
        return
    from pybtex.richtext import Text

    language = (app.config.language or "en").split("_")[0]
    # ids are unique per page only: every report's bibliography has an "id7"
    citations = {
        (c.bibliography_key.docname, c.citation_id): c for c in app.env.get_domain("cite").citations
    }
    for node in doctree.findall(nodes.citation):
        owner = node.get("docname", "")
        citation = next((citations[owner, i] for i in node["ids"] if (owner, i) in citations), None)
        lang = entry_language(citation.entry) if citation is not None else ""
        title = citation.entry.fields.get("title", "") if citation is not None else ""
        if not lang or lang == language or not title:
            continue
        try:
            shown = Text.from_latex(title).render_as("text")
        except Exception:  # noqa: BLE001 - a title pybtex cannot parse: nothing claimed
            continue
        _wrap_text(node, shown, [f"language-{lang}"])


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
        "as_of": meta.as_of.isoformat() if meta.as_of else "",
        "isbn": meta.isbn,
        "doi": meta.doi,
    }


def licence_text(licence: Any) -> str:
    """``CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)``: ``shadow_licence`` (a
    name and an address, as the open data carries it) as the imprint prints it."""
    if isinstance(licence, dict):
        name, url = str(licence.get("name", "")), str(licence.get("url", ""))
        return f"{name} ({url})" if name and url else name or url
    return str(licence or "")


def manifest(app: Sphinx) -> dict[str, Any]:
    language = app.config.language or "en"
    return {
        "language": language,
        "source_language": (app.config.shadow_languages or ["en"])[0],
        "collection": str(app.config.project),
        "author": str(app.config.author),
        "copyright": str(app.config.copyright),
        "release": str(app.config.release),
        "licence": licence_text(app.config.shadow_licence),
        "metadata": collection_metadata(app),
        "words": print_words(),
    }


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("build_tools.word.sphinx_docx")  # and with it the project's own
    setup_reports_page(app)
    # before the Word extension's notes (600): its notices are in the build's language
    app.connect("doctree-resolved", mark_source_language, priority=590)
    app.connect("doctree-resolved", tag_bibliography_languages, priority=591)
    app.connect("build-finished", manifest_writer(MANIFEST, manifest))
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
