"""Ratings by Part: one report's ratings, Part by Part of the Convention, in law and in
practice side by side.

Each Part gets two bars, "In law" and "In practice"; each coloured (and hatched) segment
counts the articles with one rating. Use it in a report's page::

    ```{chart} ratings-by-part
    :report: spain
    :part: III IV
    ```

(``:part:`` is optional: without it, every Part with an assessment is shown.)
"""

from __future__ import annotations

import textwrap
from collections import Counter
from typing import TYPE_CHECKING

from build_tools.charts import style
from build_tools.charts.api import ChartInput, Translate
from build_tools.model.convention import convention
from build_tools.model.rating import Rating

# matplotlib only in draw(): a build whose charts are all cached never imports it
if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

NEEDS = "report"

TITLE_WIDTH = 60  # characters: a longer (translated) title goes on two lines
EDGE = "#333333"  # outline of the segments, and colour of their hatches
MIN_LABEL_SHARE = 0.04  # write the count in a segment at least this share of the axis


def ratings(data: ChartInput) -> dict:
    """{Part: {"in_law": Counter of ratings, "in_practice": Counter}}, Parts in order."""
    catalogue = convention()
    chosen = [catalogue.part(p) for p in data.option("part").replace(",", " ").split()]
    result = {part: {"in_law": Counter(), "in_practice": Counter()} for part in chosen}
    for assessment in data.assessments:
        part = catalogue.articles[assessment.article].part
        if chosen and part not in chosen:
            continue
        counts = result.setdefault(part, {"in_law": Counter(), "in_practice": Counter()})
        counts["in_law"][assessment.in_law] += 1
        counts["in_practice"][assessment.in_practice] += 1
    return dict(sorted(result.items(), key=lambda item: item[0].number))


def country(data: ChartInput) -> str:
    return data.name(data.reports[0][1].country) if data.reports else ""


def part_label(part, _: Translate) -> str:
    return _("Part %(roman)s") % {"roman": part.roman}


def draw_bar(ax: Axes, y: int, counts: Counter, widest: int, language: str) -> None:
    """One bar: a segment per rating, in the order of the scale, its count written in it."""
    left = 0
    for rating in Rating:
        count = counts[rating]
        if not count:
            continue
        colours = rating.style
        ax.barh(
            y,
            count,
            left=left,
            height=0.7,
            color=colours.colour,
            hatch=colours.hatch,
            edgecolor=EDGE,
            linewidth=0.5,
        )
        if count / widest >= MIN_LABEL_SHARE:
            # on a square of the fill colour: the hatch lines do not cross the digits
            box = {"boxstyle": "square,pad=0.2", "facecolor": colours.colour, "edgecolor": "none"}
            label = style.number(count, language)
            ax.text(
                left + count / 2,
                y,
                label,
                ha="center",
                va="center",
                fontsize=8,
                color=colours.text_colour,
                bbox=box,
            )
        left += count


def legend_columns(labels: list[str]) -> int:
    """As many legend columns as fit in the column width (long translations: fewer)."""
    longest = max((len(label) for label in labels), default=0)
    return 3 if longest <= 24 else 2 if longest <= 40 else 1


def draw(data: ChartInput, _: Translate) -> Figure:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    by_part = ratings(data)
    aspects = {"in_law": _("In law"), "in_practice": _("In practice")}
    widest = max([sum(c["in_law"].values()) for c in by_part.values()] + [1])
    used = [r for r in Rating if any(c[a][r] for c in by_part.values() for a in aspects)]
    legend = [style.rating_patch(r, _(r.label)) for r in used]
    columns = min(len(legend), legend_columns([p.get_label() for p in legend])) or 1
    legend_rows = -(-len(legend) // columns)  # rounded up

    fig = style.figure(1.0 + 0.75 * max(1, len(by_part)) + 0.2 * legend_rows)
    title = _("Ratings by Part: %(country)s") % {"country": country(data)}
    fig.suptitle(
        textwrap.fill(title, TITLE_WIDTH), fontsize=style.RC["axes.titlesize"], fontweight="bold"
    )
    axes = fig.subplots(max(1, len(by_part)), 1, sharex=True, squeeze=False)[:, 0]
    for ax, (part, counts) in zip(axes, by_part.items(), strict=False):
        for y, aspect in enumerate(aspects):
            draw_bar(ax, y, counts[aspect], widest, data.language)
        ax.set_yticks(range(len(aspects)), list(aspects.values()))
        ax.set_ylim(len(aspects) - 0.5, -0.5)  # "In law" on top
        ax.set_title(part_label(part, _), loc="left", fontsize=9)
        ax.tick_params(axis="y", length=0)
        style.clean_axes(ax)

    axes[-1].set_xlim(0, widest)
    axes[-1].xaxis.set_major_locator(MaxNLocator(integer=True))
    axes[-1].xaxis.set_major_formatter(
        FuncFormatter(lambda value, _pos: style.number(int(value), data.language))
    )
    axes[-1].set_xlabel(_("Number of articles"))
    if legend:  # below the axes, never over a bar
        fig.legend(handles=legend, loc="outside lower center", ncols=columns, frameon=False)
    return fig


def describe(data: ChartInput, _: Translate) -> str:
    aspects = {"in_law": _("In law"), "in_practice": _("In practice")}
    text = [
        _("Ratings of law and practice by Part of the Convention: %(country)s.")
        % {"country": country(data)}
    ]
    for part, counts in ratings(data).items():
        total = sum(counts["in_law"].values())
        values = {"part": part_label(part, _), "count": style.number(total, data.language)}
        if total == 1:
            text.append(_("%(part)s: %(count)s article assessed.") % values)
        else:
            text.append(_("%(part)s: %(count)s articles assessed.") % values)
        for aspect, label in aspects.items():
            shares = ", ".join(
                _("%(rating)s (%(count)s)")
                % {"rating": _(r.label), "count": style.number(counts[aspect][r], data.language)}
                for r in Rating
                if counts[aspect][r]
            )
            if shares:
                text.append(_("%(aspect)s: %(ratings)s.") % {"aspect": label, "ratings": shares})
    return " ".join(text)


def table(data: ChartInput, _: Translate) -> tuple[list[str], list[list[str]]]:
    header = [_("Part"), _("Rating"), _("In law"), _("In practice")]
    rows = [
        [
            part_label(part, _),
            _(rating.label),
            style.number(counts["in_law"][rating], data.language),
            style.number(counts["in_practice"][rating], data.language),
        ]
        for part, counts in ratings(data).items()
        for rating in Rating
        if counts["in_law"][rating] or counts["in_practice"][rating]
    ]
    return header, rows
