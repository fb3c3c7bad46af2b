"""Editions: what changed since a report's previous edition, in its assessment cards, on its
"changes" page, and side by side in the comparative chapter.

The previous edition is data beside the report (``reports/<report>/previous-edition.yaml``,
:mod:`build_tools.model.edition`, read by :mod:`build_tools.sphinx_ext.collection`); the
change of each assessment is the model's (:func:`build_tools.model.edition.compare`). This
module writes it as generic nodes, so every writer renders it:

- the card: two more rows of the card's ratings table ("Previous edition", "Change"), the
  change as words with a class (``shadow-change-<code>``), never colour alone;
- ``{edition-changes}`` (``:report:``, default the page's report): a sentence generated from
  the data, the table article by article (previous, current, change) and the follow-up of
  the previous recommendations; the chart is the page's ``{chart} changes-by-part``;
- ``{edition-comparison}``: one row per updated report, the count of each change.

    ```{edition-changes}
    ```
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from build_tools.charts.style import number
from build_tools.dates import long_date
from build_tools.model.assessment import Assessment
from build_tools.model.collection import natural_key
from build_tools.model.edition import (
    AssessmentChange,
    Change,
    FollowUp,
    PreviousEdition,
    compare,
)
from build_tools.model.report import ReportId
from build_tools.sphinx_ext.collection import previous_edition_file, read_previous_edition
from build_tools.sphinx_ext.data_pages import DataDirective, Page, add_placeholder, data_placeholder
from build_tools.sphinx_ext.i18n import _
from build_tools.sphinx_ext.matrix import legend
from build_tools.sphinx_ext.ratings import rating_node
from build_tools.sphinx_ext.references import subject_label
from build_tools.sphinx_ext.tables import table


def change_label(change: Change) -> str:
    return {
        Change.IMPROVED: _("Improved"),
        Change.UNCHANGED: _("Unchanged"),
        Change.WORSENED: _("Worsened"),
        Change.MIXED: _("Mixed: one better, one worse"),
        Change.NEW: _("Newly assessed"),
        Change.DROPPED: _("No longer assessed"),
    }[change]


def follow_up_label(follow_up: FollowUp | None) -> str:
    if follow_up is None:
        return _("Not recorded")
    return {
        FollowUp.IMPLEMENTED: _("Implemented"),
        FollowUp.PARTLY: _("Partly implemented"),
        FollowUp.NOT: _("Not implemented"),
        FollowUp.NOT_RELEVANT: _("No longer relevant"),
    }[follow_up]


def change_node(change: Change) -> nodes.inline:
    label = change_label(change)
    return nodes.inline("", label, classes=["shadow-change", f"shadow-change-{change.code}"])


def _both(law: Any, practice: Any) -> list[nodes.Node]:
    """``In law: <rating>; in practice: <rating>`` (the card's words)."""
    return [
        nodes.Text(_("In law:") + " "),  # the colon is the language's: French " :"
        rating_node(law),
        nodes.Text("; " + _("in practice:") + " "),
        rating_node(practice),
    ]


# --- the card -------------------------------------------------------------------------
def card_rows(env: BuildEnvironment, assessment: Assessment) -> list[list[Any]]:
    """The rows the card adds for a report with a previous edition (none otherwise).

    Read when the page is read: the page then depends on the file, so an edited previous
    edition re-reads the cards of its report."""
    report = ReportId(assessment.report)
    edition = read_previous_edition(env, report)
    if edition is None:
        return []
    # a file with an error too: once corrected, the cards are read again
    env.note_dependency(str(previous_edition_file(env, report)))
    if not isinstance(edition, PreviousEdition):
        return []  # the error is reported once, by the collection
    before = edition.rating(assessment.article)
    moved = compare(report.name, assessment.article, before, assessment)
    label = _("Previous edition (%(year)s)") % {"year": edition.date.year}
    if before is None:
        previous: list[nodes.Node] = [nodes.Text(_("Not assessed in the previous edition"))]
    else:
        previous = _both(before.in_law, before.in_practice)
    rows: list[list[Any]] = [[label, previous]]
    if moved is not None:
        rows.append([_("Change"), change_node(moved.change)])
    return rows


# --- the changes page -----------------------------------------------------------------
def counts(changes: list[AssessmentChange]) -> Counter:
    return Counter(c.change for c in changes)


def summary_sentence(edition: PreviousEdition, changes: list[AssessmentChange], lang: str) -> str:
    """One sentence from the data, in the build's language."""
    found = counts(changes)
    both = sum(found[c] for c in (Change.IMPROVED, Change.UNCHANGED, Change.WORSENED, Change.MIXED))
    values = {
        "year": str(edition.date.year),
        "total": number(both, lang),
        "improved": number(found[Change.IMPROVED], lang),
        "worsened": number(found[Change.WORSENED], lang),
        "mixed": number(found[Change.MIXED], lang),
        "unchanged": number(found[Change.UNCHANGED], lang),
        "new": number(found[Change.NEW], lang),
        "dropped": number(found[Change.DROPPED], lang),
    }
    if found[Change.MIXED]:
        text = _(
            "Since the previous edition (%(year)s), of the %(total)s articles rated in both "
            "editions, %(improved)s improved, %(worsened)s worsened, %(mixed)s moved one way "
            "in law and the other in practice, and %(unchanged)s did not change; newly "
            "assessed: %(new)s, no longer assessed: %(dropped)s."
        )
    else:
        text = _(
            "Since the previous edition (%(year)s), of the %(total)s articles rated in both "
            "editions, %(improved)s improved, %(worsened)s worsened and %(unchanged)s did not "
            "change; newly assessed: %(new)s, no longer assessed: %(dropped)s."
        )
    return text % values


class changes_placeholder(data_placeholder):  # noqa: N801
    """Replaced by the summary, the table of changes and the previous recommendations."""


class EditionChangesDirective(DataDirective):
    placeholder = changes_placeholder
    option_spec = {"report": directives.unchanged}

    def check_options(self) -> dict:
        return {"report": self.report_option()}


def _cell(page: Page, rid: ReportId, change: AssessmentChange) -> nodes.Node:
    entry = page.collection.cell(rid, change.article)
    text = str(change.article)
    return page.link(entry.docname, entry.anchor, text) if entry else nodes.Text(text)


def _pair(law: Any, practice: Any) -> list[nodes.Node]:
    return [rating_node(law, short=True), nodes.Text(" / "), rating_node(practice, short=True)]


def edition_notice(page: Page, edition: PreviousEdition) -> list[nodes.Node]:
    """What the previous edition was, and whether its ratings are illustrative."""
    intro = nodes.paragraph(classes=["shadow-edition"])
    intro += nodes.Text(_("Previous edition:") + " ")
    # the title as published, in the source language: a screen reader reads it so
    source = (page.app.config.shadow_languages or ["en"])[0]
    marked = [f"language-{source}"] if page.language != source else []
    intro += nodes.emphasis("", edition.title, classes=marked)
    intro += nodes.Text(f" ({long_date(edition.date, page.language)}).")
    made = [intro]
    if edition.status.is_provisional:
        made.append(
            nodes.paragraph(
                "",
                _(
                    "The previous edition shown here is a sample: its ratings are "
                    "illustrative, like those of this edition, and are not the assessment "
                    "of any organisation."
                ),
                classes=["shadow-edition-sample"],
            )
        )
    return made


def resolve_changes(page: Page, node: changes_placeholder) -> list[nodes.Node]:
    rid: ReportId = node["report"]
    edition = page.collection.previous_edition(rid)
    if edition is None:
        return [nodes.paragraph("", _("This report has no previous edition."))]
    changes = page.collection.changes_of(rid)
    made: list[nodes.Node] = edition_notice(page, edition)
    made.append(
        nodes.paragraph(
            "",
            summary_sentence(edition, changes, page.language),
            classes=["shadow-edition-summary"],
        )
    )
    rows = []
    for change in changes:
        before, now = change.previous, change.current
        rows.append(
            [
                _cell(page, rid, change),
                subject_label(change.article),
                _pair(before.in_law, before.in_practice) if before else "–",
                _pair(now.in_law, now.in_practice) if now else "–",
                change_node(change.change),
            ]
        )
    header = [
        _("Article"),
        _("Subject"),
        _("Previous edition (law / practice)"),
        _("This edition (law / practice)"),
        _("Change"),
    ]
    made.append(
        table(header, rows, widths=[9, 29, 22, 22, 18], classes=["shadow-changes"], long=True)
    )
    made.append(legend())  # the short names of the ratings
    if edition.recommendations:
        current = {e.recommendation.id: e for e in page.collection.recommendations_of(rid)}
        rec_rows = []
        ordered = sorted(edition.recommendations, key=lambda r: (r.article, natural_key(r.id)))
        for rec in ordered:
            kept = current.get(rec.id)
            rec_rows.append(
                [
                    rec.id,
                    str(rec.article),
                    follow_up_label(rec.follow_up),
                    page.link(kept.docname, kept.anchor, rec.id) if kept else "–",
                ]
            )
        made.append(nodes.paragraph("", _("The recommendations of the previous edition:")))
        made.append(
            table(
                [
                    _("Recommendation"),
                    _("Article"),
                    _("Follow-up"),
                    _("Still made in this edition"),
                ],
                rec_rows,
                widths=[22, 12, 33, 33],
                classes=["shadow-follow-up"],
                long=True,
            )
        )
    return made


# --- the comparative chapter ----------------------------------------------------------
class comparison_placeholder(data_placeholder):  # noqa: N801
    """Replaced by the changes of every updated report, side by side."""


class EditionComparisonDirective(DataDirective):
    placeholder = comparison_placeholder


def resolve_comparison(page: Page, node: comparison_placeholder) -> list[nodes.Node]:
    updated = page.collection.updated_reports()
    if not updated:
        return [nodes.paragraph("", _("No report has a previous edition yet."))]
    rows = []
    for report in updated:
        edition = page.collection.previous_edition(report.id)
        found = counts(page.collection.changes_of(report.id))
        name = page.report_name(report.id)
        rows.append(
            [
                page.link(report.id.root, "", name),
                str(edition.date.year) if edition else "–",
                *(number(found[change], page.language) for change in Change),
            ]
        )
    header = [_("Report"), _("Previous edition"), *(change_label(c) for c in Change)]
    return [
        table(header, rows, widths=[16, 12, 12, 12, 12, 12, 12, 12], classes=["shadow-changes"])
    ]


def setup_editions(app: Sphinx) -> None:
    app.add_directive("edition-changes", EditionChangesDirective)
    app.add_directive("edition-comparison", EditionComparisonDirective)
    add_placeholder(app, changes_placeholder, resolve_changes, searchable=False)
    add_placeholder(app, comparison_placeholder, resolve_comparison, searchable=False)
