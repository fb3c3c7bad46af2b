"""The ``{law}`` directive: declare a legal instrument once, with its official reference.

    :::{law} es-loex
    :title: Ley Orgánica 4/2000, de 11 de enero, sobre derechos y libertades ...
    :short: LOEX
    :date: 2000-01-11
    :reference: BOE núm. 10, 12 January 2000
    :url: https://www.boe.es/buscar/act.php?id=BOE-A-2000-544
    :eli: https://www.boe.es/eli/es/lo/2000/01/11/4
    :status: in force
    :::

``:url:`` is the text of the law on its official site, never the gazette's home page (a
URL without a path warns ``shadow.law-link``); ``:eli:`` the European Legislation
Identifier, or the official permanent address where the jurisdiction has none. A law
another replaced says ``:replaced-by: <id>`` (and is repealed); a rated assessment that
rests on it without citing its replacement warns ``shadow.repealed-law``.

The optional content (a sentence on what the instrument governs) is translatable.

``{law-list}`` is the annex of a report: the laws it declares, with the articles whose
assessments cite each of them.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from build_tools.dates import long_date
from build_tools.model.errors import ModelError
from build_tools.model.law import LawStatus, parse_instrument
from build_tools.sphinx_ext.data_pages import DataDirective, Page, add_placeholder, data_placeholder
from build_tools.sphinx_ext.domain import LawEntry, shadow_domain
from build_tools.sphinx_ext.i18n import _
from build_tools.sphinx_ext.references import LawRole, law_anchor, replacement_xref
from build_tools.sphinx_ext.tables import table
from build_tools.sphinx_ext.warnings import warn


class LawDirective(SphinxDirective):
    required_arguments = 1
    has_content = True
    option_spec = {
        "title": directives.unchanged,
        "short": directives.unchanged,
        "date": directives.unchanged,
        "reference": directives.unchanged,
        "url": directives.uri,
        "eli": directives.uri,
        "status": directives.unchanged,
        "replaced-by": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        domain = shadow_domain(self.env)
        meta = domain.metadata_for(self.env.docname)
        country = meta.country if meta and meta.kind == "report" else ""
        try:
            law = parse_instrument(self.arguments[0], country, dict(self.options))
        except ModelError as error:
            warn("law", self.get_location(), "law: %s", error)
            return []
        domain.add_to("laws", law.id, LawEntry(self.env.docname, self.lineno, law))

        language = self.config.language or "en"
        entry = nodes.container(classes=["shadow-law"], ids=[law_anchor(law.id)])
        self.set_source_info(entry)
        title = nodes.paragraph(classes=["shadow-law-title"])
        title += nodes.strong(law.title, law.title)
        if law.short_title != law.title:
            title += nodes.Text(f" ({law.short_title})")
        entry += title
        facts = nodes.field_list(classes=["shadow-law-facts"])
        rows = [(_("Official reference"), law.reference)]
        if law.date:
            rows.append((_("Date"), long_date(law.date, language)))
        rows.append(
            (_("Status"), _("In force") if law.status is LawStatus.IN_FORCE else _("Repealed"))
        )
        for label, value in rows:
            facts += nodes.field(
                "", nodes.field_name("", label), nodes.field_body("", nodes.paragraph("", value))
            )
        if law.replaced_by:
            body = nodes.paragraph()
            body += replacement_xref(law.replaced_by, entry)
            facts += nodes.field(
                "", nodes.field_name("", _("Replaced by")), nodes.field_body("", body)
            )
        links = [(_("Official text"), law.link)]
        if law.eli and law.eli != law.link:
            links.append(("ELI", law.eli))
        for label, address in links:
            if not address:
                continue
            link = nodes.reference(address, address, refuri=address)
            facts += nodes.field(
                "",
                nodes.field_name("", label),
                nodes.field_body("", nodes.paragraph("", "", link)),
            )
        entry += facts
        if self.content:
            entry += self.parse_content_to_nodes()
        return [entry]


class law_list_placeholder(data_placeholder):  # noqa: N801
    """Replaced by the table of a report's laws."""


class LawListDirective(DataDirective):
    """``{law-list}``: the laws a report declares, with the articles whose assessments cite
    each of them (an annex: what the report rests on, and where)."""

    placeholder = law_list_placeholder
    option_spec = {"report": directives.unchanged}

    def check_options(self) -> dict:
        return {"report": self.report_option()}


def resolve_law_list(page: Page, node: law_list_placeholder) -> list[nodes.Node]:
    report = node["report"]
    declared = page.collection.laws_of(report)
    if not declared:
        return [nodes.paragraph("", _("No law has been declared yet."))]
    cited_by = page.collection.articles_citing(report)
    rows = []
    for e in declared:
        law = e.law
        title = nodes.inline()
        title += page.link(e.docname, law_anchor(law.id), law.short_title)
        if law.short_title != law.title:
            title += nodes.Text(f" ({law.title})")
        articles = ", ".join(str(n) for n in cited_by.get(law.id, ())) or "–"
        reference = nodes.inline()
        if law.link:  # the reference itself leads to the text of the law
            reference += nodes.reference(law.reference, law.reference, refuri=law.link)
        else:
            reference += nodes.Text(law.reference)
        successor = page.collection.laws.get(law.replaced_by) if law.replaced_by else None
        if successor:  # written after references are resolved: a link made here
            later = successor[0]
            reference += nodes.Text(" · " + _("Replaced by") + " ")
            reference += page.link(later.docname, law_anchor(later.law.id), later.law.short_title)
        rows.append([title, reference, articles])
    header = [_("Law"), _("Official reference"), _("Articles assessed")]
    return [table(header, rows, widths=[50, 28, 22], classes=["shadow-laws"], long=True)]


def setup_laws(app: Sphinx) -> None:
    app.add_directive("law", LawDirective)
    app.add_directive("law-list", LawListDirective)
    add_placeholder(app, law_list_placeholder, resolve_law_list, searchable=False)
    app.add_role("law", LawRole(warn_dangling=True))
