"""The ``report`` and ``collection`` directives: a report's cover data, written once on its
index page, shown as a card in HTML and EPUB and as the title page of its PDF.

The directive emits a ``report_metadata`` node that no writer ever sees: a post-transform
turns it into generic docutils nodes (a field list), except in LaTeX, where the metadata of
the volume's start document becomes a ``report_titlepage`` marker that fills the title
page, running header and PDF properties.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective
from sphinx.writers.latex import LaTeXTranslator

from build_tools.dates import long_date
from build_tools.model.errors import ModelError
from build_tools.model.report import ReportMetadata, Status, country_name, parse_report_metadata
from build_tools.sphinx_ext.domain import shadow_domain
from build_tools.sphinx_ext.i18n import _
from build_tools.sphinx_ext.warnings import directive_warning, warn


class report_metadata(nodes.Element):  # noqa: N801 (docutils node naming)
    """Placeholder carrying a :class:`ReportMetadata`; replaced before writing."""


class report_titlepage(nodes.Element):  # noqa: N801
    """LaTeX only: fills the title page of the volume being written."""


def status_label(status: Status) -> str:
    return {Status.DRAFT: _("Draft"), Status.SAMPLE: _("Sample"), Status.FINAL: _("Final")}[status]


def status_notice(status: Status) -> str:
    """The sentence every page of a draft or sample report shows its reader."""
    if status is Status.SAMPLE:
        return _(
            "Sample report: the ratings and findings are illustrative and are not "
            "the assessment of any organisation."
        )
    if status is Status.DRAFT:
        return _("Draft: this report is unfinished and may change before publication.")
    return ""


class ReportMetadataDirective(SphinxDirective):
    """``{report}``: cover data of one country report, on its index page."""

    kind = "report"
    has_content = False
    option_spec = {
        "country": directives.unchanged,
        "organisations": directives.unchanged,
        "edition": directives.unchanged,
        "date": directives.unchanged,
        "status": directives.unchanged,
        "as-of": directives.unchanged,
        "isbn": directives.unchanged,
        "doi": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        try:
            meta = parse_report_metadata(self.kind, dict(self.options))
        except ModelError as error:
            directive_warning(self, "metadata", error)
            return []
        domain = shadow_domain(self.env)
        if self.env.docname in domain.reports:
            warn(
                "metadata",
                self.get_location(),
                "%s: this page already declares report metadata; one per page",
                self.name,
            )
            return []
        domain.reports[self.env.docname] = meta
        node = report_metadata(meta=meta)
        self.set_source_info(node)
        # the edition ("Sample edition") is words: a paragraph, so that it is extracted
        # and translated with the page; TranslatedEdition reads it back after translation
        edition = nodes.paragraph(meta.edition, meta.edition)
        self.set_source_info(edition)
        node += edition
        return [node]


class CollectionMetadataDirective(ReportMetadataDirective):
    """``{collection}``: cover data of the whole collection, on the root page."""

    kind = "collection"
    option_spec = {k: v for k, v in ReportMetadataDirective.option_spec.items() if k != "country"}


def metadata_fields(meta: ReportMetadata, language: str) -> list[tuple[str, str]]:
    """(label, value) pairs shown on a report's card and title page, in ``language``."""
    fields = []
    if meta.country and not meta.is_comparative:
        fields.append((_("Country"), country_name(meta.country, language)))
    fields += [
        (_("Authoring organisations"), "; ".join(meta.organisations)),
        (_("Edition"), meta.edition),
        (_("Date"), long_date(meta.date, language)),
    ]
    if meta.as_of is not None:  # the date at which the report states the law
        fields.append((_("Law as at"), long_date(meta.as_of, language)))
    fields.append((_("Status"), status_label(meta.status)))
    return fields


def metadata_card(meta: ReportMetadata, language: str) -> nodes.Element:
    """Generic nodes every builder can write: a field list, and the status notice."""
    card = nodes.container(classes=["shadow-report-card"])
    field_list = nodes.field_list()
    for label, value in metadata_fields(meta, language):
        field_list += nodes.field(
            "", nodes.field_name("", label), nodes.field_body("", nodes.paragraph("", value))
        )
    card += field_list
    return card


class TranslatedEdition(SphinxTransform):
    """After Sphinx's Locale transform (priority 20): the metadata carries the edition in
    the build's language, for the card, the title page and the open data."""

    default_priority = 880

    def apply(self, **kwargs: Any) -> None:
        domain = shadow_domain(self.env)
        for node in self.document.findall(report_metadata):
            paragraph = next(iter(node.findall(nodes.paragraph)), None)
            if paragraph is None:
                continue
            meta = dataclasses.replace(node["meta"], edition=paragraph.astext().strip())
            node["meta"] = meta
            if domain.reports.get(self.env.docname) is not None:
                domain.reports[self.env.docname] = meta


class InsertTitlePage(SphinxPostTransform):
    """LaTeX: put the start document's metadata at the head of the assembled volume."""

    default_priority = 199
    formats = ("latex",)

    def run(self, **kwargs: Any) -> None:
        start = self.env.docname
        meta = shadow_domain(self.env).reports.get(start)
        if meta is None or start not in self.env.titles:
            return
        title = self.env.titles[start].astext()
        self.document.insert(0, report_titlepage(meta=meta, title=title))


class ResolveReportMetadata(SphinxPostTransform):
    """Replace each ``report_metadata`` placeholder with nodes every writer knows."""

    default_priority = 200

    def run(self, **kwargs: Any) -> None:
        if self.env._builder_cls.name == "gettext":
            return  # message extraction reads the edition paragraph as written
        language = self.config.language or "en"
        for node in list(self.document.findall(report_metadata)):
            node.replace_self(metadata_card(node["meta"], language))


def titlepage_preamble(
    meta: ReportMetadata, collection_title: str, language: str, escape: Any
) -> str:
    """LaTeX definitions read by ``shadowreport.sty``'s title page, and the watermark."""
    rows = "\n".join(
        rf"{escape(label)} & {escape(value)} \\" for label, value in metadata_fields(meta, language)
    )
    lines = [
        "% report metadata (build_tools.sphinx_ext.report_metadata)",
        rf"\def\ShadowMetadataRows{{{rows}}}",
        rf"\def\ShadowStatusNotice{{{escape(status_notice(meta.status))}}}",
        rf"\def\ShadowCollectionLine{{{escape(collection_title)}}}",
        rf"\def\ShadowEdition{{{escape(meta.edition)}}}",
    ]
    if meta.status.is_provisional:
        lines += [
            r"\usepackage{draftwatermark}",
            rf"\DraftwatermarkOptions{{text={{{escape(status_label(meta.status).upper())}}},"
            r" fontsize=90pt, color={[gray]{0.93}}}",
        ]
    return "\n".join(lines) + "\n"


def visit_titlepage_latex(self: LaTeXTranslator, node: report_titlepage) -> None:
    meta: ReportMetadata = node["meta"]
    language = self.config.language or "en"
    self.elements["title"] = self.encode(node["title"])
    self.elements["author"] = r"\and ".join(self.encode(o) for o in meta.organisations)
    self.elements["release"] = ""  # the edition is on the title page, not in every header
    self.elements["date"] = self.encode(long_date(meta.date, language))
    collection = "" if meta.kind == "collection" else self.config.project
    self.elements["preamble"] += titlepage_preamble(meta, collection, language, self.encode)
    raise nodes.SkipNode


def setup_report_metadata(app: Sphinx) -> None:
    app.add_node(report_metadata)
    app.add_node(report_titlepage, latex=(visit_titlepage_latex, None))
    app.add_directive("report", ReportMetadataDirective)
    app.add_directive("collection", CollectionMetadataDirective)
    app.add_transform(TranslatedEdition)
    app.add_post_transform(InsertTitlePage)
    app.add_post_transform(ResolveReportMetadata)
