"""``{assessment-summary}``: every rating of one report in one table, each article linked
to its assessment.

    ```{assessment-summary}
    :report: spain
    ```
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx

from build_tools.sphinx_ext.data_pages import DataDirective, Page, add_placeholder, data_placeholder
from build_tools.sphinx_ext.i18n import _
from build_tools.sphinx_ext.ratings import rating_node
from build_tools.sphinx_ext.references import subject_label
from build_tools.sphinx_ext.tables import table


class summary_placeholder(data_placeholder):  # noqa: N801
    """Replaced by the report's table of ratings."""


class AssessmentSummaryDirective(DataDirective):
    placeholder = summary_placeholder
    option_spec = {"report": directives.unchanged}

    def check_options(self) -> dict:
        return {"report": self.report_option()}


def resolve_summary(page: Page, node: summary_placeholder) -> list[nodes.Node]:
    entries = page.collection.assessments_of(node["report"])
    if not entries:
        return [nodes.paragraph("", _("No article has been assessed yet."))]
    rows = [
        [
            page.link(e.docname, e.anchor, str(e.assessment.article)),
            subject_label(e.assessment.article),
            rating_node(e.assessment.in_law),
            rating_node(e.assessment.in_practice),
            ", ".join(r.id for r in e.assessment.recommendations) or "–",
        ]
        for e in entries
    ]
    header = [_("Article"), _("Subject"), _("In law"), _("In practice"), _("Recommendations")]
    return [table(header, rows, widths=[10, 30, 21, 21, 18], classes=["shadow-summary"], long=True)]


def setup_summary(app: Sphinx) -> None:
    app.add_directive("assessment-summary", AssessmentSummaryDirective)
    add_placeholder(app, summary_placeholder, resolve_summary, searchable=False)
