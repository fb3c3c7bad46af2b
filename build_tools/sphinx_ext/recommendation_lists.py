"""Recommendations collected in one place: a report's (``{recommendation-list}``) and the
whole collection's, grouped by article, country or addressee (``{recommendation-index}``).

    ```{recommendation-index}
    :by: addressee
    ```
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx

from build_tools.model.collection import GROUPINGS
from build_tools.model.errors import ModelError
from build_tools.model.records import RecommendationEntry
from build_tools.sphinx_ext.assessments import addressee_label, priority_level
from build_tools.sphinx_ext.data_pages import DataDirective, Page, add_placeholder, data_placeholder
from build_tools.sphinx_ext.i18n import _
from build_tools.sphinx_ext.references import subject_label
from build_tools.sphinx_ext.tables import table


class recommendation_list_placeholder(data_placeholder):  # noqa: N801
    """Replaced by one report's recommendations."""


class recommendation_index_placeholder(data_placeholder):  # noqa: N801
    """Replaced by every recommendation, in groups."""


class RecommendationListDirective(DataDirective):
    """``{recommendation-list}``: a report's recommendations, collected in one place."""

    placeholder = recommendation_list_placeholder
    option_spec = {"report": directives.unchanged}

    def check_options(self) -> dict[str, Any]:
        return {"report": self.report_option()}


class RecommendationIndexDirective(DataDirective):
    """``{recommendation-index}``: every recommendation, ``:by: article|country|addressee``."""

    placeholder = recommendation_index_placeholder
    option_spec = {"by": directives.unchanged}

    def check_options(self) -> dict[str, Any]:
        by = (self.options.get("by") or "article").strip()
        if by not in GROUPINGS:
            raise ModelError(
                f"unknown grouping '{by}': valid are {', '.join(GROUPINGS)}", field="by"
            )
        return {"by": by}


def recommendation_table(
    page: Page, entries: list[RecommendationEntry], with_report: bool
) -> nodes.Node:
    rows = []
    for e in entries:
        rec = e.recommendation
        row: list[Any] = [page.link(e.docname, e.anchor, rec.id)]
        if with_report:
            row.append(page.report_name(rec.report))
        row += [
            str(rec.article),
            addressee_label(rec.addressee),
            priority_level(rec.priority),
            e.text,
        ]
        rows.append(row)
    header = (
        [_("Recommendation")]
        + ([_("Report")] if with_report else [])
        + [_("Article"), _("Addressee"), _("Priority"), _("Text")]
    )
    widths = [12] + ([12] if with_report else []) + [8, 14, 12, 42]
    return table(header, rows, widths=widths, classes=["shadow-recommendations"], long=True)


def resolve_list(page: Page, node: recommendation_list_placeholder) -> list[nodes.Node]:
    entries = page.collection.recommendations_of(node["report"])
    if not entries:
        return [nodes.paragraph("", _("No recommendation yet."))]
    return [recommendation_table(page, entries, with_report=False)]


def resolve_index(page: Page, node: recommendation_index_placeholder) -> list[nodes.Node]:
    by = node["by"]
    groups = page.collection.recommendations_by(by)
    if not groups:
        return [nodes.paragraph("", _("No recommendation yet."))]
    result: list[nodes.Node] = []
    for key, entries in groups:
        if by == "article":
            title = f"{_('Article %(number)s') % {'number': key}} · {subject_label(key)}"
        elif by == "country":
            title = page.report_name(key)
        else:
            title = addressee_label(key)
        result.append(nodes.rubric("", title))
        result.append(recommendation_table(page, entries, with_report=by != "country"))
    return result


def setup_recommendation_lists(app: Sphinx) -> None:
    app.add_directive("recommendation-list", RecommendationListDirective)
    app.add_directive("recommendation-index", RecommendationIndexDirective)
    add_placeholder(app, recommendation_list_placeholder, resolve_list, searchable=False)
    add_placeholder(app, recommendation_index_placeholder, resolve_index, searchable=False)
