"""``{conformity-matrix}``: articles x reports, one table per Part, each cell the rating
of one report's law (or practice) linked to its assessment.

    ```{conformity-matrix}
    :part: III IV
    :rating: practice
    ```
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.nodes import make_refnode

from build_tools.model.convention import convention
from build_tools.model.errors import ModelError
from build_tools.model.rating import Rating
from build_tools.model.records import AssessmentEntry
from build_tools.model.report import ReportId
from build_tools.sphinx_ext.data_pages import (
    DataDirective,
    Page,
    add_placeholder,
    data_placeholder,
    part_title,
)
from build_tools.sphinx_ext.i18n import _
from build_tools.sphinx_ext.ratings import rating_label, rating_node
from build_tools.sphinx_ext.references import subject_label
from build_tools.sphinx_ext.tables import table


class matrix_placeholder(data_placeholder):  # noqa: N801
    """Replaced by the matrix, its key to the reports and the legend of the ratings."""


class ConformityMatrixDirective(DataDirective):
    """``{conformity-matrix}``: articles x reports; ``:part: III`` limits it to a Part."""

    placeholder = matrix_placeholder
    option_spec = {"part": directives.unchanged, "rating": directives.unchanged}

    def check_options(self) -> dict[str, Any]:
        which = (self.options.get("rating") or "law").strip()
        if which not in ("law", "practice"):
            raise ModelError(f"unknown rating '{which}': valid are law, practice", field="rating")
        return {"parts": self.parts_option("III IV"), "rating": which}


def legend() -> nodes.Node:
    para = nodes.paragraph(classes=["shadow-legend"])
    para += nodes.strong("", _("Legend:") + " ")
    for i, rating in enumerate(Rating):
        if i:
            para += nodes.Text(" ")
        para += rating_node(rating, short=True)
        para += nodes.Text(f" {rating_label(rating)}.")
    return para


def country_key(page: Page, reports: list[ReportId]) -> nodes.Node:
    para = nodes.paragraph(classes=["shadow-legend"])
    para += nodes.strong("", _("Reports:") + " ")
    para += nodes.Text(
        "; ".join(f"{page.report_code(r)} {page.report_name(r)}" for r in reports) + "."
    )
    return para


def linked_rating(page: Page, entry: AssessmentEntry, rating: Rating) -> nodes.Node:
    cell = rating_node(rating, short=True)
    if page.builder.format == "latex":
        return cell
    return make_refnode(
        page.builder, page.docname, entry.docname, entry.anchor, cell, title=rating_label(rating)
    )


def resolve_matrix(page: Page, node: matrix_placeholder) -> list[nodes.Node]:
    reports = [r.id for r in page.collection.reports]
    practice = node["rating"] == "practice"
    result: list[nodes.Node] = []
    for number in node["parts"]:
        part = convention().parts[number - 1]
        rows = []
        for article in part.articles:
            row: list[Any] = [str(article), subject_label(article)]
            for report in reports:
                entry = page.collection.cell(report, article)
                if entry is None:
                    row.append("")
                    continue
                rating = entry.assessment.in_practice if practice else entry.assessment.in_law
                row.append(linked_rating(page, entry, rating))
            rows.append(row)
        # country codes keep eight or more columns readable on A4; the key below names them
        header = [_("Article"), _("Subject")] + [page.report_code(r) for r in reports]
        width = max(6, 60 // max(1, len(reports)))
        result.append(nodes.rubric("", part_title(part)))
        result.append(
            table(
                header,
                rows,
                widths=[6, 24] + [width] * len(reports),
                classes=["shadow-matrix"],
                long=True,
            )
        )
    result.append(country_key(page, reports))
    result.append(legend())
    return result


def setup_matrix(app: Sphinx) -> None:
    app.add_directive("conformity-matrix", ConformityMatrixDirective)
    add_placeholder(app, matrix_placeholder, resolve_matrix, searchable=False)
