"""The ``{assessment}`` and ``{recommendation}`` directives: one article, one report.

    ::::{assessment} 25
    :in-law: partly
    :in-practice: not in conformity
    :provisions: es-loex, art. 10; es-et, art. 4

    The finding, in ordinary Markdown.

    :::{recommendation} ES-25-1
    :addressee: government
    :priority: high

    What should change.
    :::
    ::::

A report with a previous edition gets two more rows in the card's table: the previous
ratings and the change (:mod:`build_tools.sphinx_ext.editions`).

The directive writes generic nodes (a container, a table, paragraphs), so every writer
renders it; the ratings carry their colour as a class. The structured part goes to the
domain; the prose is translated like any paragraph and captured, in the build's language,
for the open data, by :class:`CaptureProse` after translation.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

from build_tools.model.assessment import (
    Addressee,
    Priority,
    Recommendation,
    parse_assessment,
    parse_recommendation,
)
from build_tools.model.convention import convention
from build_tools.model.errors import ModelError
from build_tools.model.law import Prose
from build_tools.model.report import ReportId
from build_tools.sphinx_ext.domain import (
    AssessmentEntry,
    RecommendationEntry,
    report_of,
    shadow_domain,
)
from build_tools.sphinx_ext.editions import card_rows
from build_tools.sphinx_ext.i18n import _
from build_tools.sphinx_ext.ratings import rating_node
from build_tools.sphinx_ext.references import (
    ArticleRole,
    citation_xref,
    prose_parts,
    subject_label,
)
from build_tools.sphinx_ext.tables import table
from build_tools.sphinx_ext.warnings import warn

_CURRENT = "shadow_current_assessment"  # env.temp_data key while an assessment is parsed


def addressee_label(addressee: Addressee) -> str:
    return {
        Addressee.GOVERNMENT: _("Government"),
        Addressee.PARLIAMENT: _("Parliament"),
        Addressee.REGIONAL: _("Regional authorities"),
        Addressee.LOCAL: _("Local authorities"),
        Addressee.EU: _("EU institutions"),
    }[addressee]


def priority_label(priority: Priority) -> str:
    return {
        Priority.HIGH: _("High priority"),
        Priority.MEDIUM: _("Medium priority"),
        Priority.LOW: _("Low priority"),
    }[priority]


def priority_level(priority: Priority) -> str:
    """The level alone, for a column already headed "Priority" (a phone's stacked card
    labels each cell with its header: "Priority: Medium", not "Priority: Medium priority")."""
    return {
        Priority.HIGH: _("High"),
        Priority.MEDIUM: _("Medium"),
        Priority.LOW: _("Low"),
    }[priority]


def assessment_anchor(article: int) -> str:
    return f"assessment-{article}"


def recommendation_anchor(rec_id: str) -> str:
    return f"recommendation-{rec_id.lower()}"


class AssessmentDirective(SphinxDirective):
    required_arguments = 1
    has_content = True
    option_spec = {
        "in-law": directives.unchanged,
        "in-practice": directives.unchanged,
        "provisions": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        domain = shadow_domain(self.env)
        docname = self.env.docname
        report = report_of(docname)
        if report is None:
            warn(
                "assessment",
                self.get_location(),
                "assessment: an assessment belongs to a report: put it on a page "
                "inside a report folder",
            )
            return []
        try:
            assessment = parse_assessment(
                convention(), report, self.arguments[0], dict(self.options)
            )
        except ModelError as error:
            warn("assessment", self.get_location(), "assessment: %s", error)
            return []

        article = assessment.article
        node = nodes.container(classes=["shadow-assessment"], ids=[assessment_anchor(article)])
        self.set_source_info(node)
        node["shadow_assessment"] = (report, article)
        heading = nodes.paragraph(classes=["shadow-assessment-heading"])
        heading += nodes.strong("", _("Article %(number)s") % {"number": article})
        heading += nodes.Text(f" · {subject_label(article)}")
        node += heading

        provisions: list[nodes.Node] = []
        for i, citation in enumerate(assessment.provisions):
            if i:
                provisions.append(nodes.Text("; "))
            provisions.append(citation_xref(citation.law_id, citation.provision, node))
        rows = [
            [_("In law"), rating_node(assessment.in_law)],
            [_("In practice"), rating_node(assessment.in_practice)],
        ]
        if provisions:
            rows.append([_("Provisions"), provisions])
        rows += card_rows(self.env, assessment)  # since the previous edition, if any
        node += table(None, rows, widths=[25, 75], classes=["shadow-assessment-ratings"])

        self.env.temp_data[_CURRENT] = {"report": report, "article": article, "found": []}
        try:
            node += self.parse_content_to_nodes()
            found: list[Recommendation] = self.env.temp_data[_CURRENT]["found"]
        finally:
            self.env.temp_data.pop(_CURRENT, None)

        assessment = dataclasses.replace(assessment, recommendations=tuple(found))
        domain.add_to(
            "assessments",
            (report, article),
            AssessmentEntry(docname, self.lineno, assessment, assessment_anchor(article)),
        )
        return [node]


class RecommendationDirective(SphinxDirective):
    required_arguments = 1
    has_content = True
    option_spec = {"addressee": directives.unchanged, "priority": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        current: dict[str, Any] | None = self.env.temp_data.get(_CURRENT)
        if current is None:
            warn(
                "recommendation",
                self.get_location(),
                "recommendation: write it inside the {assessment} of its article",
            )
            return []
        try:
            rec = parse_recommendation(self.arguments[0], dict(self.options))
        except ModelError as error:
            warn("recommendation", self.get_location(), "recommendation: %s", error)
            return []
        rec = dataclasses.replace(rec, article=current["article"], report=current["report"])
        current["found"].append(rec)
        anchor = recommendation_anchor(rec.id)
        shadow_domain(self.env).add_to(
            "recommendations",
            rec.id,
            RecommendationEntry(self.env.docname, self.lineno, rec, anchor),
        )

        node = nodes.container(
            classes=["shadow-recommendation", f"shadow-priority-{rec.priority.value}"], ids=[anchor]
        )
        self.set_source_info(node)
        node["shadow_recommendation"] = rec.id
        label = nodes.paragraph(classes=["shadow-recommendation-label"])
        label += nodes.strong("", _("Recommendation %(id)s") % {"id": rec.id})
        label += nodes.Text(f" · {addressee_label(rec.addressee)} · {priority_label(rec.priority)}")
        node += label
        node += self.parse_content_to_nodes()
        return [node]


def prose(node: nodes.Element) -> Prose:
    """The author's text of an assessment or recommendation, without generated parts or
    nested recommendations."""
    kept = []
    for child in node.children:
        if isinstance(child, nodes.container) and ("shadow-recommendation" in child["classes"]):
            continue
        if (
            isinstance(child, (nodes.table,))
            or "shadow-assessment-heading" in child.get("classes", [])
            or "shadow-recommendation-label" in child.get("classes", [])
        ):
            continue
        if child.astext().strip():
            kept.append(child)
    # as readers see it: law ids become short titles, "25" becomes "article 25"
    parts: list = []
    for index, child in enumerate(kept):
        block = list(prose_parts(child))
        if block and isinstance(block[0], str):
            block[0] = block[0].lstrip()
        if block and isinstance(block[-1], str):
            block[-1] = block[-1].rstrip()
        if index:
            parts.append("\n\n")
        parts.extend(block)
    merged: list = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        elif part != "":
            merged.append(part)
    return tuple(merged)


class CaptureProse(SphinxTransform):
    """After translation (Sphinx's Locale transform runs at priority 20), keep the finding
    and recommendation text, in the build's language, for the open data."""

    default_priority = 880

    def apply(self, **kwargs: Any) -> None:
        domain = shadow_domain(self.env)
        docname = self.env.docname
        for node in self.document.findall(nodes.container):
            if "shadow_assessment" in node:
                report, article = node["shadow_assessment"]
                key = (ReportId(report), article)
                domain.amend("assessments", key, docname, finding=prose(node))
            elif "shadow_recommendation" in node:
                rec_id = node["shadow_recommendation"]
                domain.amend("recommendations", rec_id, docname, text=prose(node))


def setup_assessments(app: Sphinx) -> None:
    app.add_directive("assessment", AssessmentDirective)
    app.add_directive("recommendation", RecommendationDirective)
    app.add_role("article", ArticleRole(warn_dangling=True))
    app.add_transform(CaptureProse)
