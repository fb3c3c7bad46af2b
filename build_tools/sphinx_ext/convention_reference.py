"""``{convention-reference}``: every Part and article of the Convention, with an anchor
per article (the target of ``{article}``) and the reports that assess it."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from build_tools.model.convention import convention
from build_tools.sphinx_ext.data_pages import (
    DataDirective,
    Page,
    add_placeholder,
    data_placeholder,
    part_title,
)
from build_tools.sphinx_ext.domain import shadow_domain
from build_tools.sphinx_ext.i18n import _
from build_tools.sphinx_ext.references import article_anchor, subject_label


class assessed_by_placeholder(data_placeholder):  # noqa: N801
    """Under one article: replaced by the reports that assess it, linked."""


class ConventionReferenceDirective(DataDirective):
    def run(self) -> list[nodes.Node]:
        domain = shadow_domain(self.env)
        domain.data["convention_page"][self.env.docname] = True
        domain.data_pages.add(self.env.docname)
        result: list[nodes.Node] = []
        for part in convention().parts:
            section = nodes.container(
                classes=["shadow-convention-part"], ids=[f"part-{part.roman.lower()}"]
            )
            section += nodes.rubric("", part_title(part))
            for number in part.articles:
                article = nodes.container(
                    classes=["shadow-convention-article"], ids=[article_anchor(number)]
                )
                line = nodes.paragraph()
                line += nodes.strong("", _("Article %(number)s") % {"number": number})
                line += nodes.Text(f" · {subject_label(number)}")
                article += line
                article += assessed_by_placeholder(article=number)
                section += article
            result.append(section)
        return result


def resolve_assessed_by(page: Page, node: assessed_by_placeholder) -> list[nodes.Node]:
    entries = page.collection.assessed_in(node["article"])
    if not entries:
        return []
    para = nodes.paragraph(classes=["shadow-assessed-by"])
    para += nodes.Text(_("Assessed in:") + " ")
    for i, e in enumerate(entries):
        if i:
            para += nodes.Text(", ")
        para += page.link(e.docname, e.anchor, page.report_name(e.assessment.report))
    return [para]


def setup_convention_reference(app: Sphinx) -> None:
    app.add_directive("convention-reference", ConventionReferenceDirective)
    add_placeholder(app, assessed_by_placeholder, resolve_assessed_by)
