"""Changes by report: for every report that updates a previous edition, how many articles
improved, stayed, worsened (or moved both ways, were newly assessed or are no longer
assessed) since that edition. For the comparative chapter::

    ```{chart} changes-by-report
    ```

One bar per report, in conf.py's order; each segment, coloured *and* hatched, counts the
articles with one kind of change (the model's rule: ``build_tools/model/edition.py``).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from build_tools.charts import style
from build_tools.charts.api import ChartInput, Translate
from build_tools.model.edition import Change

# matplotlib only in draw(): a build whose charts are all cached never imports it
if TYPE_CHECKING:
    from matplotlib.figure import Figure

NEEDS = "collection"


def by_report(data: ChartInput) -> dict[str, Counter]:
    """{country name: Counter of changes}, for the reports with a previous edition."""
    country = {name: meta.country for name, meta in data.reports}
    result: dict[str, Counter] = {}
    order = [name for name, _meta in data.reports]
    for change in sorted(data.changes, key=lambda c: order.index(c.report)):
        result.setdefault(data.name(country[change.report]), Counter())[change.change] += 1
    return result


def draw(data: ChartInput, _: Translate) -> Figure:
    title = _("Changes since the previous edition, by report")
    return style.change_bars(title, by_report(data), data.language, _)


def describe(data: ChartInput, _: Translate) -> str:
    text = [_("Changes since the previous edition, report by report.")]
    reports = by_report(data)
    if not reports:
        text.append(_("No report has a previous edition yet."))
    for name, counts in reports.items():
        shares = style.change_counts(counts, data.language, _)
        text.append(_("%(part)s: %(changes)s.") % {"part": name, "changes": shares})
    return " ".join(text)


def table(data: ChartInput, _: Translate) -> tuple[list[str], list[list[str]]]:
    header = [_("Report"), *(_(c.label) for c in Change)]
    rows = [
        [name, *(style.number(counts[c], data.language) for c in Change)]
        for name, counts in by_report(data).items()
    ]
    return header, rows
