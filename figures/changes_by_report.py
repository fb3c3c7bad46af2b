"""Changes by report: for every report that updates a previous edition, how many articles
improved, stayed, worsened (or moved both ways, were newly assessed or are no longer
assessed) since that edition. For the comparative chapter::

    ```{chart} changes-by-report
    ```

One bar per report, in conf.py's order; each segment, coloured *and* hatched, counts the
articles with one kind of change (the model's rule: ``build_tools/model/edition.py``).
"""

import textwrap
from collections import Counter

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from build_tools.charts import style
from build_tools.charts.api import ChartInput, Translate
from build_tools.model.edition import Change

NEEDS = "collection"

TITLE_WIDTH = 60
EDGE = "#333333"


def labels(_: Translate) -> dict[Change, str]:
    return {
        Change.IMPROVED: _("Improved"),
        Change.UNCHANGED: _("Unchanged"),
        Change.WORSENED: _("Worsened"),
        Change.MIXED: _("Mixed: one better, one worse"),
        Change.NEW: _("Newly assessed"),
        Change.DROPPED: _("No longer assessed"),
    }


def by_report(data: ChartInput) -> dict[str, Counter]:
    """{country name: Counter of changes}, for the reports with a previous edition."""
    country = {name: meta.country for name, meta in data.reports}
    result: dict[str, Counter] = {}
    order = [name for name, _meta in data.reports]
    for change in sorted(data.changes, key=lambda c: order.index(c.report)):
        result.setdefault(data.name(country[change.report]), Counter())[change.change] += 1
    return result


def draw(data: ChartInput, _: Translate) -> Figure:
    reports = by_report(data)
    words = labels(_)
    used = [c for c in Change if any(counts[c] for counts in reports.values())]
    widest = max([sum(c.values()) for c in reports.values()] + [1])
    legend = [style.change_patch(c, words[c]) for c in used]
    longest = max((len(words[c]) for c in used), default=0)
    columns = min(len(legend), 3 if longest <= 24 else 2 if longest <= 40 else 1) or 1
    legend_rows = -(-len(legend) // columns)

    fig = style.figure(1.0 + 0.45 * max(1, len(reports)) + 0.2 * legend_rows)
    fig.suptitle(
        textwrap.fill(_("Changes since the previous edition, by report"), TITLE_WIDTH),
        fontsize=style.RC["axes.titlesize"],
        fontweight="bold",
    )
    ax = fig.subplots()
    for y, counts in enumerate(reports.values()):
        left = 0
        for change in Change:
            count = counts[change]
            if not count:
                continue
            fill, text_colour, hatch = style.CHANGE_STYLE[change]
            ax.barh(y, count, left=left, height=0.6, color=fill, hatch=hatch,
                    edgecolor=EDGE, linewidth=0.5)  # fmt: skip
            box = {"boxstyle": "square,pad=0.2", "facecolor": fill, "edgecolor": "none"}
            ax.text(left + count / 2, y, style.number(count, data.language), ha="center",
                    va="center", fontsize=8, color=text_colour, bbox=box)  # fmt: skip
            left += count
    ax.set_yticks(range(len(reports)), list(reports))
    ax.set_ylim(max(1, len(reports)) - 0.5, -0.5)
    ax.tick_params(axis="y", length=0)
    ax.set_xlim(0, widest)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(
        FuncFormatter(lambda value, _pos: style.number(int(value), data.language))
    )
    ax.set_xlabel(_("Number of articles"))
    style.clean_axes(ax)
    if legend:
        fig.legend(handles=legend, loc="outside lower center", ncols=columns, frameon=False)
    return fig


def describe(data: ChartInput, _: Translate) -> str:
    words = labels(_)
    text = [_("Changes since the previous edition, report by report.")]
    reports = by_report(data)
    if not reports:
        text.append(_("No report has a previous edition yet."))
    for name, counts in reports.items():
        shares = ", ".join(
            _("%(change)s (%(count)s)")
            % {"change": words[c], "count": style.number(counts[c], data.language)}
            for c in Change
            if counts[c]
        )
        text.append(_("%(part)s: %(changes)s.") % {"part": name, "changes": shares})
    return " ".join(text)


def table(data: ChartInput, _: Translate) -> tuple[list[str], list[list[str]]]:
    words = labels(_)
    header = [_("Report"), *(words[c] for c in Change)]
    rows = [
        [name, *(style.number(counts[c], data.language) for c in Change)]
        for name, counts in by_report(data).items()
    ]
    return header, rows
