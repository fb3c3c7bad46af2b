"""Heatmap: how far each country's law conforms, article by article.

One row per report, one column per article of Parts III and IV (or of the Parts named with
``:part:``); each cell has the colour and hatch of the in-law rating, and stays white with
a thin grey border where the article is not assessed::

    ```{chart} heatmap
    :part: III IV
    ```
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from build_tools.charts import style
from build_tools.charts.api import ChartInput, Translate
from build_tools.model.convention import convention
from build_tools.model.rating import Rating

# matplotlib only in draw(): a build whose charts are all cached never imports it
if TYPE_CHECKING:
    from matplotlib.figure import Figure

NEEDS = "collection"

DEFAULT_PARTS = "III IV"
EDGE = "#333333"  # outline of an assessed cell, and colour of its hatch
EMPTY_EDGE = "#b3b3b3"  # thin grey border of a cell not assessed
TITLE_WIDTH = 60  # characters: a longer (translated) title goes on two lines
GAP = 0.08  # white space between cells, as a share of a cell
DENSITY = 2  # cells are small: hatch lines twice as dense as the scale's, to stay visible


def parts(data: ChartInput) -> list:
    names = data.option("part") or DEFAULT_PARTS
    return [convention().part(p) for p in names.replace(",", " ").split()]


def articles(data: ChartInput) -> list[int]:
    return [number for part in parts(data) for number in part.articles]


def countries(data: ChartInput) -> list[tuple[str, str]]:
    """(report id, country name) of every country report, in the collection's order."""
    return [
        (report, data.name(meta.country))
        for report, meta in data.reports
        if meta.kind == "report" and not meta.is_comparative
    ]


def in_law(data: ChartInput) -> dict[tuple[str, int], Rating]:
    """(report id, article) -> rating in law."""
    return {(a.report.name, a.article): a.in_law for a in data.assessments}


def legend_columns(labels: list[str]) -> int:
    """As many legend columns as fit in the column width (long translations: fewer)."""
    longest = max((len(label) for label in labels), default=0)
    return 3 if longest <= 24 else 2 if longest <= 40 else 1


def draw(data: ChartInput, _: Translate) -> Figure:
    from matplotlib.patches import Rectangle

    rows, columns, ratings = countries(data), articles(data), in_law(data)
    shown = {ratings.get((report, n), Rating.NOT_ASSESSED) for report, _n in rows for n in columns}
    legend = [style.rating_patch(r, _(r.label)) for r in Rating if r in shown]
    for patch in legend:
        patch.set_hatch(patch.get_hatch() * DENSITY)
    legend_cols = legend_columns([p.get_label() for p in legend])
    legend_rows = -(-len(legend) // legend_cols)  # rounded up

    cell = min(0.3, 5.0 / max(1, len(columns)))  # inches: cells about square at column width
    fig = style.figure(1.3 + cell * len(rows) + 0.2 * legend_rows)
    title = textwrap.fill(_("Conformity of national law, article by article"), TITLE_WIDTH)
    fig.suptitle(title, fontsize=style.RC["axes.titlesize"], fontweight="bold")
    ax = fig.add_subplot()

    for y, (report, _name) in enumerate(rows):
        for x, article in enumerate(columns):
            rating = ratings.get((report, article), Rating.NOT_ASSESSED)
            assessed = rating is not Rating.NOT_ASSESSED
            ax.add_patch(
                Rectangle(
                    (x + GAP / 2, y + GAP / 2),
                    1 - GAP,
                    1 - GAP,
                    facecolor=rating.style.colour,
                    hatch=rating.style.hatch * DENSITY,
                    edgecolor=EDGE if assessed else EMPTY_EDGE,
                    linewidth=0.4,
                )
            )

    ax.set_xlim(0, len(columns))
    ax.set_ylim(max(1, len(rows)), 0)  # first report on top
    ax.set_yticks([y + 0.5 for y in range(len(rows))], [name for _report, name in rows])
    ax.set_xticks([x + 0.5 for x in range(len(columns))], [str(n) for n in columns])
    ax.tick_params(axis="x", labelsize=6, rotation=90, length=0)
    ax.tick_params(axis="y", length=0)
    ax.set_xlabel(_("Article of the Convention"))
    for side in ax.spines.values():
        side.set_visible(False)

    # the Parts, named above the grid and separated by a line
    starts = [columns.index(part.first_article) for part in parts(data)]
    top = ax.secondary_xaxis("top")
    top.set_xticks(
        [start + len(part.articles) / 2 for start, part in zip(starts, parts(data), strict=True)],
        [_("Part %(roman)s") % {"roman": part.roman} for part in parts(data)],
    )
    top.tick_params(length=0)
    top.spines["top"].set_visible(False)
    for start in starts[1:]:
        ax.axvline(start, color="#000000", linewidth=1)

    fig.legend(handles=legend, loc="outside lower center", ncols=legend_cols, frameon=False)
    return fig


def describe(data: ChartInput, _: Translate) -> str:
    rows, columns, ratings = countries(data), articles(data), in_law(data)
    part_names = ", ".join(_("Part %(roman)s") % {"roman": p.roman} for p in parts(data))
    count = style.number(len(rows), data.language)
    text = [
        _("Ratings of national law, article by article (%(parts)s), for %(count)s reports.")
        % {"parts": part_names, "count": count}
    ]
    for report, name in rows:
        found = [ratings[report, n] for n in columns if (report, n) in ratings]
        shares = ", ".join(
            _("%(rating)s (%(count)s)")
            % {"rating": _(r.label), "count": style.number(found.count(r), data.language)}
            for r in Rating
            if r in found
        )
        values = {"country": name, "count": style.number(len(found), data.language)}
        if not found:
            text.append(_("%(country)s: no article assessed.") % values)
        elif len(found) == 1:
            text.append(
                _("%(country)s, 1 article assessed: %(ratings)s.") % {**values, "ratings": shares}
            )
        else:
            text.append(
                _("%(country)s, %(count)s articles assessed: %(ratings)s.")
                % {**values, "ratings": shares}
            )
    return " ".join(text)


def table(data: ChartInput, _: Translate) -> tuple[list[str], list[list[str]]]:
    ratings = in_law(data)
    header = [_("Country"), _("Article"), _("In law")]
    rows = [
        [name, str(n), _(ratings[report, n].label)]
        for report, name in countries(data)
        for n in articles(data)
        if (report, n) in ratings
    ]
    return header, rows
