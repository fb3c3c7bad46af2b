"""Changes by Part: for one report, how many articles of each Part improved, stayed, worsened
(or moved both ways, were newly assessed or are no longer assessed) since the previous
edition. The change of each article is the model's (``build_tools/model/edition.py``: law
and practice compared on the rating scale). Use it on a report's changes page::

    ```{chart} changes-by-part
    :report: ireland
    ```

Each Part gets one bar; each segment, coloured *and* hatched (readable in greyscale), counts
the articles with one kind of change, in the order below.
"""

import textwrap
from collections import Counter

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from build_tools.charts import style
from build_tools.charts.api import ChartInput, Translate
from build_tools.model.convention import convention
from build_tools.model.edition import Change

NEEDS = "report"

TITLE_WIDTH = 60
EDGE = "#333333"
STYLE = style.CHANGE_STYLE


def labels(_: Translate) -> dict[Change, str]:
    """The same words as the cards and the changes table (one catalogue entry each)."""
    return {
        Change.IMPROVED: _("Improved"),
        Change.UNCHANGED: _("Unchanged"),
        Change.WORSENED: _("Worsened"),
        Change.MIXED: _("Mixed: one better, one worse"),
        Change.NEW: _("Newly assessed"),
        Change.DROPPED: _("No longer assessed"),
    }


def by_part(data: ChartInput) -> dict:
    """{Part: Counter of changes}, Parts in order."""
    catalogue = convention()
    result: dict = {}
    for change in data.changes:
        part = catalogue.articles[change.article].part
        result.setdefault(part, Counter())[change.change] += 1
    return dict(sorted(result.items(), key=lambda item: item[0].number))


def country(data: ChartInput) -> str:
    return data.name(data.reports[0][1].country) if data.reports else ""


def part_label(part, _: Translate) -> str:
    return _("Part %(roman)s") % {"roman": part.roman}


def draw(data: ChartInput, _: Translate) -> Figure:
    parts = by_part(data)
    words = labels(_)
    used = [c for c in Change if any(counts[c] for counts in parts.values())]
    widest = max([sum(c.values()) for c in parts.values()] + [1])
    legend = [style.change_patch(c, words[c]) for c in used]
    longest = max((len(words[c]) for c in used), default=0)
    columns = min(len(legend), 3 if longest <= 24 else 2 if longest <= 40 else 1) or 1
    legend_rows = -(-len(legend) // columns)

    fig = style.figure(1.0 + 0.45 * max(1, len(parts)) + 0.2 * legend_rows)
    title = _("Changes since the previous edition, by Part: %(country)s") % {
        "country": country(data)
    }
    fig.suptitle(
        textwrap.fill(title, TITLE_WIDTH), fontsize=style.RC["axes.titlesize"], fontweight="bold"
    )
    ax = fig.subplots()
    for y, (_part, counts) in enumerate(parts.items()):
        left = 0
        for change in Change:
            count = counts[change]
            if not count:
                continue
            fill, text_colour, hatch = STYLE[change]
            ax.barh(y, count, left=left, height=0.6, color=fill, hatch=hatch,
                    edgecolor=EDGE, linewidth=0.5)  # fmt: skip
            box = {"boxstyle": "square,pad=0.2", "facecolor": fill, "edgecolor": "none"}
            ax.text(left + count / 2, y, style.number(count, data.language), ha="center",
                    va="center", fontsize=8, color=text_colour, bbox=box)  # fmt: skip
            left += count
    ax.set_yticks(range(len(parts)), [part_label(p, _) for p in parts])
    ax.set_ylim(max(1, len(parts)) - 0.5, -0.5)  # Parts top to bottom
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
    text = [
        _("Changes since the previous edition, by Part of the Convention: %(country)s.")
        % {"country": country(data)}
    ]
    parts = by_part(data)
    if not parts:
        text.append(_("No article is rated in both editions."))
    for part, counts in parts.items():
        shares = ", ".join(
            _("%(change)s (%(count)s)")
            % {"change": words[c], "count": style.number(counts[c], data.language)}
            for c in Change
            if counts[c]
        )
        text.append(_("%(part)s: %(changes)s.") % {"part": part_label(part, _), "changes": shares})
    return " ".join(text)


def table(data: ChartInput, _: Translate) -> tuple[list[str], list[list[str]]]:
    words = labels(_)
    header = [_("Part"), *(words[c] for c in Change)]
    rows = [
        [part_label(part, _), *(style.number(counts[c], data.language) for c in Change)]
        for part, counts in by_part(data).items()
    ]
    return header, rows
