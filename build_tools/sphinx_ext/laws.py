"""The ``{law}`` directive: declare a legal instrument once, with its official reference.

    :::{law} es-loex
    :title: Ley Orgánica 4/2000, de 11 de enero, sobre derechos y libertades ...
    :short: LOEX
    :date: 2000-01-11
    :reference: BOE núm. 10, 12 January 2000
    :url: https://www.boe.es/eli/es/lo/2000/01/11/4/con
    :status: in force
    :::

The optional content (a sentence on what the instrument governs) is translatable.
"""

from __future__ import annotations

from babel.dates import format_date
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from build_tools.model.errors import ModelError
from build_tools.model.law import LawStatus, parse_instrument
from build_tools.sphinx_ext.domain import LawEntry, shadow_domain
from build_tools.sphinx_ext.i18n import _
from build_tools.sphinx_ext.references import LawRole, law_anchor
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
        "status": directives.unchanged,
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
            rows.append((_("Date"), format_date(law.date, "long", locale=language)))
        rows.append(
            (_("Status"), _("In force") if law.status is LawStatus.IN_FORCE else _("Repealed"))
        )
        for label, value in rows:
            facts += nodes.field(
                "", nodes.field_name("", label), nodes.field_body("", nodes.paragraph("", value))
            )
        if law.url:
            link = nodes.reference(law.url, law.url, refuri=law.url)
            facts += nodes.field(
                "",
                nodes.field_name("", _("Official text")),
                nodes.field_body("", nodes.paragraph("", "", link)),
            )
        entry += facts
        if self.content:
            entry += self.parse_content_to_nodes()
        return [entry]


def setup_laws(app: Sphinx) -> None:
    app.add_directive("law", LawDirective)
    app.add_role("law", LawRole(warn_dangling=True))
