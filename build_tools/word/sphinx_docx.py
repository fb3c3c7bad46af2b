"""A small Sphinx extension loaded only for the ``singlehtml`` page that Word and the typst
PDF read (the pipeline's ``singlehtml`` stage, with :mod:`build_tools.typst.sphinx_typst`).

``singlehtml`` writes the whole collection as one page, which is what pandoc needs, but two
things of a multi-page site do not survive that: footnote ids are only unique per page
(``id1`` in every chapter), and the translation notice of a page is a banner of the HTML
template, not part of its content. This extension fixes both on the assembled doctree,
and writes ``docx-manifest.json`` beside the page: what the export needs to know about
each report (title, organisations, language, status notice, pages, assessments) from the
domain, in the build's language, so that nothing is scraped back out of the HTML.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from build_tools import __version__
from build_tools.dates import long_date
from build_tools.model.report import country_name
from build_tools.sphinx_ext.domain import shadow_domain
from build_tools.sphinx_ext.i18n import _
from build_tools.sphinx_ext.report_metadata import metadata_fields, status_label, status_notice
from build_tools.sphinx_ext.translation_status import notice as translation_notice
from build_tools.word.manifest import MANIFEST

TRANSLATION_NOTE_CLASS = "shadow-translation-note"


def _owner(node: nodes.Node, root: str) -> str:
    """The document a node of the assembled tree comes from."""
    parent: nodes.Node | None = node
    while parent is not None:
        if isinstance(parent, addnodes.start_of_file):
            return str(parent["docname"])
        parent = parent.parent
    return root


def _prefix(docname: str) -> str:
    return "fn-" + re.sub(r"[^A-Za-z0-9]+", "-", docname).strip("-") + "-"


def unique_footnote_ids(doctree: nodes.document, root: str) -> None:
    """Prefix every footnote id (and the references to it) with its document's name."""
    for footnote in list(doctree.findall(nodes.footnote)):
        prefix = _prefix(_owner(footnote, root))
        footnote["ids"] = [prefix + i for i in footnote["ids"]]
        footnote["backrefs"] = [prefix + i for i in footnote.get("backrefs", [])]
    for reference in list(doctree.findall(nodes.footnote_reference)):
        prefix = _prefix(_owner(reference, root))
        reference["ids"] = [prefix + i for i in reference["ids"]]
        if reference.get("refid"):
            reference["refid"] = prefix + reference["refid"]


def add_translation_notes(app: Sphinx, doctree: nodes.document) -> None:
    """At the head of each partly translated chapter, the notice the website shows."""
    for start in list(doctree.findall(addnodes.start_of_file)):
        text = translation_notice(app.env, start["docname"])
        if not text:
            continue
        note = nodes.note(classes=[TRANSLATION_NOTE_CLASS])
        note += nodes.paragraph("", text)
        section = next(iter(start.findall(nodes.section)), None)
        if section is None:
            start.insert(0, note)
        else:
            has_title = bool(section.children) and isinstance(section[0], nodes.title)
            section.insert(1 if has_title else 0, note)


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if app.builder.name != "singlehtml":
        return
    unique_footnote_ids(doctree, docname)
    add_translation_notes(app, doctree)


def _pages(app: Sphinx, docname: str) -> list[str]:
    """Every page under ``docname`` in reading order (nested toctrees included)."""
    found: list[str] = []
    for child in app.env.toctree_includes.get(docname, []):
        if child not in found:
            found.append(child)
            found += [d for d in _pages(app, child) if d not in found]
    return found


def manifest(app: Sphinx) -> dict[str, Any]:
    env = app.env
    domain = shadow_domain(env)
    language = app.config.language or "en"

    def title(docname: str) -> str:
        node = env.titles.get(docname)
        return node.astext() if node is not None else docname

    reports = []
    for name in app.config.shadow_reports:
        docname = f"{name}/index"
        meta = domain.reports.get(docname)
        if meta is None:
            continue
        pages = _pages(app, docname)
        reports.append(
            {
                "name": name,
                "docname": docname,
                "title": title(docname),
                "country": meta.country,
                "country_name": country_name(meta.country, language) if meta.country else "",
                "organisations": list(meta.organisations),
                "edition": meta.edition,
                "date": meta.date.isoformat(),
                "date_text": long_date(meta.date, language),
                "as_of": meta.as_of.isoformat() if meta.as_of else "",
                "isbn": meta.isbn,
                "doi": meta.doi,
                "status": meta.status.value,
                "status_label": status_label(meta.status),
                "status_notice": status_notice(meta.status),
                "fields": [list(pair) for pair in metadata_fields(meta, language)],
                "pages": [{"docname": d, "title": title(d)} for d in pages],
                "assessments": [
                    {
                        "article": e.assessment.article,
                        "in_law": e.assessment.in_law.code,
                        "in_practice": e.assessment.in_practice.code,
                        "docname": e.docname,
                        "recommendations": [r.id for r in e.assessment.recommendations],
                    }
                    for e in domain.assessments_of(docname)
                ],
            }
        )
    return {
        "language": language,
        "collection": str(app.config.project),
        "tools": __version__,
        "reports": reports,
        "labels": cover_labels(),
    }


def cover_labels() -> dict[str, str]:
    """The words of the submission's cover page, in the build's language."""
    return {
        "heading": _("Submission to the UN Committee on Migrant Workers"),
        "organisation": _("Submitted by"),
        "contact": _("Contact"),
        "date": _("Date"),
        "report": _("Report"),
        "language": _("Language"),
        "publishable": _("May be published"),
        "yes": _("Yes"),
        "no": _("No"),
    }


def manifest_writer(
    filename: str, make: Callable[[Sphinx], dict[str, Any]]
) -> Callable[[Sphinx, Exception | None], None]:
    """A ``build-finished`` handler writing ``make(app)`` as ``filename`` beside the page
    (the manifests of this extension and of the typst one)."""

    def write(app: Sphinx, exception: Exception | None) -> None:
        if exception is not None or app.builder.name != "singlehtml":
            return
        text = json.dumps(make(app), ensure_ascii=False, indent=1) + "\n"
        (Path(app.outdir) / filename).write_text(text, encoding="utf-8")

    return write


def no_search_index(app: Sphinx) -> None:
    """The page is read by pandoc, never searched: no index (a second's work)."""
    if app.builder.name == "singlehtml":
        app.builder.search = False


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("build_tools.sphinx_ext")
    app.connect("builder-inited", no_search_index)
    # after the project's own placeholders are resolved (priority 500)
    app.connect("doctree-resolved", on_doctree_resolved, priority=600)
    app.connect("build-finished", manifest_writer(MANIFEST, manifest))
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
