"""Pages made from the collected data: the Convention reference, a report's summary of
ratings and its recommendations, the comparative matrix and the recommendations index.

Each directive leaves a placeholder; once every document is read, ``doctree-resolved``
replaces it with tables built from the domain. Pages holding placeholders are re-read
whenever any document changed, so that an edited rating reaches the matrix in an
incremental build, while pages without them are left alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from build_tools.model.assessment import Addressee
from build_tools.model.convention import Part, convention
from build_tools.model.errors import ModelError
from build_tools.model.rating import Rating
from build_tools.model.report import country_name
from build_tools.sphinx_ext.assessments import addressee_label, priority_label
from build_tools.sphinx_ext.domain import AssessmentEntry, ShadowDomain, shadow_domain
from build_tools.sphinx_ext.i18n import _
from build_tools.sphinx_ext.ratings import rating_label, rating_node
from build_tools.sphinx_ext.references import article_anchor, law_anchor, subject_label
from build_tools.sphinx_ext.tables import table
from build_tools.sphinx_ext.warnings import directive_warning, warn

# directives whose declarations feed the pages made from the data
DATA_DIRECTIVES = ("report", "collection", "law", "assessment", "recommendation")


# Tables that repeat, in another arrangement, text the search already finds where it was
# written (an assessment's finding, a recommendation, a law's title). Sphinx's search skips
# "no-search" elements: the index stays small, and indexing (the stemmer) stays fast.
REPEATED_IN_SEARCH = frozenset(
    {"summary", "recommendations", "laws", "matrix", "recommendation-index"}
)


class data_placeholder(nodes.General, nodes.Element):  # noqa: N801
    """Replaced by a table once every document is read."""


def part_title(part: Part) -> str:
    return _("Part %(roman)s: %(title)s") % {"roman": part.roman, "title": _(part.title)}


class DataDirective(SphinxDirective):
    """Base: validates options, records the page as data-driven, leaves a placeholder."""

    kind = ""
    has_content = False
    option_spec: dict[str, Callable[[str], Any]] = {}

    def check_options(self) -> dict[str, Any]:
        return {}

    def run(self) -> list[nodes.Node]:
        try:
            options = self.check_options()
        except ModelError as error:
            directive_warning(self, "data", error)
            return []
        shadow_domain(self.env).data_pages.add(self.env.docname)
        node = data_placeholder(kind=self.kind, **options)
        self.set_source_info(node)
        return [node]

    def report_option(self) -> str:
        """``:report: spain`` -> ``spain/index``; default: the page's own report."""
        name = (self.options.get("report") or "").strip()
        if not name:
            root = shadow_domain(self.env).report_root(self.env.docname)
            if root is None or "/" not in self.env.docname:
                raise ModelError("name the report with :report: (e.g. spain)", field="report")
            return root
        valid = list(self.config.shadow_reports)
        if name not in valid:
            raise ModelError(f"unknown report '{name}'; valid: {', '.join(valid)}", field="report")
        return f"{name}/index"

    def parts_option(self, default: str) -> list[int]:
        text = self.options.get("part") or default
        return [convention().part(p).number for p in text.replace(",", " ").split()]


class AssessmentSummaryDirective(DataDirective):
    """``{assessment-summary}``: every rating of one report in one table."""

    kind = "summary"
    option_spec = {"report": directives.unchanged}

    def check_options(self) -> dict[str, Any]:
        return {"report": self.report_option()}


class RecommendationListDirective(DataDirective):
    """``{recommendation-list}``: a report's recommendations, collected in one place."""

    kind = "recommendations"
    option_spec = {"report": directives.unchanged}

    def check_options(self) -> dict[str, Any]:
        return {"report": self.report_option()}


class LawListDirective(DataDirective):
    """``{law-list}``: the laws a report declares, with the articles whose assessments cite
    each of them (an annex: what the report rests on, and where)."""

    kind = "laws"
    option_spec = {"report": directives.unchanged}

    def check_options(self) -> dict[str, Any]:
        return {"report": self.report_option()}


class ConformityMatrixDirective(DataDirective):
    """``{conformity-matrix}``: articles x reports; ``:part: III`` limits it to a Part."""

    kind = "matrix"
    option_spec = {"part": directives.unchanged, "rating": directives.unchanged}

    def check_options(self) -> dict[str, Any]:
        which = (self.options.get("rating") or "law").strip()
        if which not in ("law", "practice"):
            raise ModelError(f"unknown rating '{which}': valid are law, practice", field="rating")
        return {"parts": self.parts_option("III IV"), "rating": which}


class RecommendationIndexDirective(DataDirective):
    """``{recommendation-index}``: every recommendation, ``:by: article|country|addressee``."""

    kind = "recommendation-index"
    option_spec = {"by": directives.unchanged}

    def check_options(self) -> dict[str, Any]:
        by = (self.options.get("by") or "article").strip()
        if by not in ("article", "country", "addressee"):
            raise ModelError(
                f"unknown grouping '{by}': valid are article, country, addressee", field="by"
            )
        return {"by": by}


class ConventionReferenceDirective(DataDirective):
    """``{convention-reference}``: every Part and article, with an anchor per article
    (the target of ``{article}``) and the reports that assess it."""

    kind = "convention"

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
                article += data_placeholder(kind="assessed-by", article=number)
                section += article
            result.append(section)
        return result


# --- resolution -------------------------------------------------------------------------


class Resolver:
    """Builds the nodes of one placeholder for one page and builder."""

    def __init__(self, app: Sphinx, docname: str) -> None:
        self.app = app
        self.env: BuildEnvironment = app.env
        self.builder: Builder = app.builder
        self.domain: ShadowDomain = shadow_domain(app.env)
        self.docname = docname
        self.language = app.config.language or "en"

    def link(self, target_doc: str, anchor: str, text: str) -> nodes.Node:
        """A link in HTML and EPUB; plain text in PDF, where the target may be another
        volume."""
        if self.builder.format == "latex":
            return nodes.inline(text, text)
        return make_refnode(
            self.builder, self.docname, target_doc, anchor, nodes.inline(text, text)
        )

    def report_name(self, report: str) -> str:
        meta = self.domain.reports.get(report)
        if meta and meta.country and not meta.is_comparative:
            return country_name(meta.country, self.language)
        title = self.env.titles.get(report)
        return title.astext() if title is not None else report.split("/")[0]

    def reports(self) -> list[str]:
        return [f"{r}/index" for r in self.app.config.shadow_reports]

    def legend(self) -> nodes.Node:
        para = nodes.paragraph(classes=["shadow-legend"])
        para += nodes.strong("", _("Legend:") + " ")
        for i, rating in enumerate(Rating):
            if i:
                para += nodes.Text(" ")
            para += rating_node(rating, short=True)
            para += nodes.Text(f" {rating_label(rating)}.")
        return para

    # one method per kind -----------------------------------------------------------------
    def summary(self, node: data_placeholder) -> list[nodes.Node]:
        entries = self.domain.assessments_of(node["report"])
        if not entries:
            return [nodes.paragraph("", _("No article has been assessed yet."))]
        rows = [
            [
                self.link(e.docname, e.anchor, str(e.assessment.article)),
                subject_label(e.assessment.article),
                rating_node(e.assessment.in_law),
                rating_node(e.assessment.in_practice),
                ", ".join(r.id for r in e.assessment.recommendations) or "–",
            ]
            for e in entries
        ]
        header = [_("Article"), _("Subject"), _("In law"), _("In practice"), _("Recommendations")]
        return [
            table(header, rows, widths=[10, 30, 21, 21, 18], classes=["shadow-summary"], long=True)
        ]

    def recommendations(self, node: data_placeholder) -> list[nodes.Node]:
        entries = [
            e
            for e in self.domain.all_recommendations()
            if e.recommendation.report == node["report"]
        ]
        if not entries:
            return [nodes.paragraph("", _("No recommendation yet."))]
        return [self._recommendation_table(entries, with_report=False)]

    def laws(self, node: data_placeholder) -> list[nodes.Node]:
        report = node["report"]
        declared = sorted(
            (entries[0] for entries in self.domain.laws.values()),
            key=lambda e: (e.docname, e.lineno),
        )
        declared = [e for e in declared if self.domain.report_root(e.docname) == report]
        if not declared:
            return [nodes.paragraph("", _("No law has been declared yet."))]
        cited_by: dict[str, set[int]] = defaultdict(set)
        for entry in self.domain.assessments_of(report):
            for citation in entry.assessment.provisions:
                cited_by[citation.law_id].add(entry.assessment.article)
        rows = []
        for e in declared:
            law = e.law
            title = nodes.inline()
            title += self.link(e.docname, law_anchor(law.id), law.short_title)
            if law.short_title != law.title:
                title += nodes.Text(f" ({law.title})")
            articles = ", ".join(str(n) for n in sorted(cited_by.get(law.id, ()))) or "–"
            rows.append([title, law.reference, articles])
        header = [_("Law"), _("Official reference"), _("Articles assessed")]
        return [table(header, rows, widths=[50, 28, 22], classes=["shadow-laws"], long=True)]

    def _recommendation_table(self, entries: list, with_report: bool) -> nodes.Node:
        rows = []
        for e in entries:
            rec = e.recommendation
            row: list[Any] = [self.link(e.docname, e.anchor, rec.id)]
            if with_report:
                row.append(self.report_name(rec.report))
            row += [
                str(rec.article),
                addressee_label(rec.addressee),
                priority_label(rec.priority),
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

    def matrix(self, node: data_placeholder) -> list[nodes.Node]:
        reports = [r for r in self.reports()]
        by_key: dict[tuple[str, int], AssessmentEntry] = {
            (e.assessment.report, e.assessment.article): e for e in self.domain.all_assessments()
        }
        practice = node["rating"] == "practice"
        result: list[nodes.Node] = []
        for number in node["parts"]:
            part = convention().parts[number - 1]
            rows = []
            for article in part.articles:
                row: list[Any] = [str(article), subject_label(article)]
                for report in reports:
                    entry = by_key.get((report, article))
                    if entry is None:
                        row.append("")
                        continue
                    rating = entry.assessment.in_practice if practice else entry.assessment.in_law
                    row.append(self._linked_rating(entry, rating))
                rows.append(row)
            # country codes keep eight or more columns readable on A4; the key below names them
            header = [_("Article"), _("Subject")] + [self.report_code(r) for r in reports]
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
        result.append(self.country_key(reports))
        result.append(self.legend())
        return result

    def report_code(self, report: str) -> str:
        meta = self.domain.reports.get(report)
        return meta.country if meta and meta.country else report.split("/")[0]

    def country_key(self, reports: list[str]) -> nodes.Node:
        para = nodes.paragraph(classes=["shadow-legend"])
        para += nodes.strong("", _("Reports:") + " ")
        para += nodes.Text(
            "; ".join(f"{self.report_code(r)} {self.report_name(r)}" for r in reports) + "."
        )
        return para

    def _linked_rating(self, entry: AssessmentEntry, rating: Rating) -> nodes.Node:
        cell = rating_node(rating, short=True)
        if self.builder.format == "latex":
            return cell
        return make_refnode(
            self.builder,
            self.docname,
            entry.docname,
            entry.anchor,
            cell,
            title=rating_label(rating),
        )

    def recommendation_index(self, node: data_placeholder) -> list[nodes.Node]:
        entries = self.domain.all_recommendations()
        if not entries:
            return [nodes.paragraph("", _("No recommendation yet."))]
        by = node["by"]
        groups: dict[Any, list] = defaultdict(list)
        for e in entries:
            rec = e.recommendation
            key = {"article": rec.article, "country": rec.report, "addressee": rec.addressee}[by]
            groups[key].append(e)
        order = {a: i for i, a in enumerate(Addressee)}
        report_order = {r: i for i, r in enumerate(self.reports())}
        result: list[nodes.Node] = []
        for key in sorted(
            groups, key=lambda k: order.get(k, report_order.get(k, k)) if by != "article" else k
        ):
            if by == "article":
                title = f"{_('Article %(number)s') % {'number': key}} · {subject_label(key)}"
            elif by == "country":
                title = self.report_name(key)
            else:
                title = addressee_label(key)
            result.append(nodes.rubric("", title))
            result.append(self._recommendation_table(groups[key], with_report=by != "country"))
        return result

    def assessed_by(self, node: data_placeholder) -> list[nodes.Node]:
        entries = [
            e for e in self.domain.all_assessments() if e.assessment.article == node["article"]
        ]
        if not entries:
            return []
        para = nodes.paragraph(classes=["shadow-assessed-by"])
        para += nodes.Text(_("Assessed in:") + " ")
        for i, e in enumerate(entries):
            if i:
                para += nodes.Text(", ")
            para += self.link(e.docname, e.anchor, self.report_name(e.assessment.report))
        return [para]

    def translation_status(self, node: data_placeholder) -> list[nodes.Node]:
        from build_tools.sphinx_ext.translation_status import status_table

        return [status_table(self.env, self.report_name)]

    def chart(self, node: data_placeholder) -> list[nodes.Node]:
        from build_tools.sphinx_ext.charts import resolve_chart

        return resolve_chart(self, node)

    def resolve(self, node: data_placeholder) -> list[nodes.Node]:
        method = {
            "chart": self.chart,
            "translation-status": self.translation_status,
            "summary": self.summary,
            "recommendations": self.recommendations,
            "laws": self.laws,
            "matrix": self.matrix,
            "recommendation-index": self.recommendation_index,
            "assessed-by": self.assessed_by,
        }[node["kind"]]
        made = method(node)
        if node["kind"] in REPEATED_IN_SEARCH:
            for element in made:
                if isinstance(element, nodes.Element):
                    element["classes"].append("no-search")
        return made


def resolve_placeholders(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    from build_tools.charts.render import ChartError

    if app.builder.name == "gettext":
        # message extraction wants the author's text (chart captions) as written; the
        # tables and charts hold interface words, which have their own catalogue
        return
    resolver = Resolver(app, docname)
    for node in list(doctree.findall(data_placeholder)):
        try:
            node.replace_self(resolver.resolve(node))
        except ChartError as error:  # a script that raises: named, located, build fails
            warn("chart", node, "%s", error)
            node.replace_self([])


def reread_data_pages(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """A change that may alter the collected data re-reads the pages made from it.

    A page may alter the data if it declared some before (it is in the domain) or declares
    some now (its source names one of our directives). An edit of prose alone re-reads
    nothing more: the preview of a one-paragraph edit stays fast."""
    domain = shadow_domain(env)
    touched = added | changed | removed
    if not touched:
        return []
    declaring = domain.declaring_documents()
    for docname in sorted(touched):
        if docname in declaring or docname in removed:
            break
        try:
            source = Path(env.doc2path(docname)).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):  # reported when the page is read
            break
        if any(f"{{{name}}}" in source for name in DATA_DIRECTIVES):
            break
    else:
        return []
    return sorted(domain.data_pages - touched)


def check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    """Corpus-wide rules, once everything is read: duplicates, undeclared laws, reports
    without metadata. Each message names file and line."""
    domain = shadow_domain(env)

    def where(entry: Any) -> str:
        return f"{env.doc2path(entry.docname)}:{entry.lineno}"

    def warn_at(entry: Any, message: str, subtype: str) -> None:
        warn(subtype, (entry.docname, entry.lineno), "%s", message)

    for (_report, article), entries in sorted(domain.assessments.items()):
        for dup in entries[1:]:
            warn_at(
                dup,
                f"assessment: article {article} is already assessed in this report, at "
                f"{where(entries[0])}; one assessment per article and report",
                "assessment",
            )
    for rec_id, entries in sorted(domain.recommendations.items()):
        for dup in entries[1:]:
            warn_at(
                dup,
                f"recommendation: id {rec_id} is already used at {where(entries[0])}; "
                "ids are unique in the whole collection",
                "recommendation",
            )
    for law_id, entries in sorted(domain.laws.items()):
        for dup in entries[1:]:
            warn_at(dup, f"law: id {law_id} is already declared at {where(entries[0])}", "law")
    for entries in domain.assessments.values():
        for entry in entries:
            for citation in entry.assessment.provisions:
                if citation.law_id not in domain.laws:
                    warn_at(
                        entry,
                        f"assessment: unknown law id '{citation.law_id}' in "
                        ":provisions:; declare it with a {law} directive",
                        "law",
                    )
    for name in app.config.shadow_reports:
        index = f"{name}/index"
        if index not in env.found_docs:
            warn(
                "metadata",
                None,
                "report '%s' is listed in shadow_reports but %s does not exist",
                name,
                env.doc2path(index),
            )
        elif index not in domain.reports:
            warn(
                "metadata",
                (index, 1),
                "report metadata missing: add a {report} directive after the title",
            )


def setup_data_pages(app: Sphinx) -> None:
    app.add_node(data_placeholder)
    app.add_directive("assessment-summary", AssessmentSummaryDirective)
    app.add_directive("recommendation-list", RecommendationListDirective)
    app.add_directive("law-list", LawListDirective)
    app.add_directive("conformity-matrix", ConformityMatrixDirective)
    app.add_directive("recommendation-index", RecommendationIndexDirective)
    app.add_directive("convention-reference", ConventionReferenceDirective)
    app.connect("doctree-resolved", resolve_placeholders)
    app.connect("env-get-outdated", reread_data_pages)
    app.connect("env-check-consistency", check_consistency)
