"""The shared look of every chart: A4 column width, one font, the rating colours and
hatches from the model, and numbers written the way the reader's language writes them."""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from babel.numbers import format_decimal, format_percent

from build_tools.model.edition import Change
from build_tools.model.rating import Rating

# matplotlib is imported where a chart is drawn: the numbers below serve every build, and
# a build whose charts are all in the cache never loads it
if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

# 16 cm: the text width of an A4 page with Sphinx's margins, so 1 chart point = 1 text point
WIDTH_IN = 6.3
FONT = "DejaVu Sans"  # ships with matplotlib: the same glyphs on every machine

RC = {
    "font.family": FONT,
    "font.size": 9,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.labelsize": 9,
    "legend.fontsize": 8,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "hatch.linewidth": 0.6,
    "svg.fonttype": "none",  # text stays text in SVG: searchable, translatable, accessible
    "svg.hashsalt": "shadow-reports",  # stable ids in SVG
    "pdf.fonttype": 42,  # TrueType in PDF, never Type 3
    "ps.fonttype": 42,
}


def figure(height_in: float) -> Figure:
    """A new figure at column width (not through pyplot: no global state)."""
    from matplotlib.figure import Figure

    return Figure(figsize=(WIDTH_IN, height_in), layout="constrained")


def rating_colour(rating: Rating) -> str:
    return rating.style.colour


def rating_hatch(rating: Rating) -> str:
    return rating.style.hatch


def rating_patch(rating: Rating, label: str) -> Patch:
    """A legend entry: colour, hatch and the rating's (translated) name."""
    from matplotlib.patches import Patch

    return Patch(
        facecolor=rating.style.colour,
        hatch=rating.style.hatch,
        edgecolor="#333333",
        linewidth=0.5,
        label=label,
    )


#: a change since the previous edition: fill, text colour on it, hatch. The colour-blind-safe
#: ramp of the ratings (blue = better, vermilion = worse), a neutral grey for no change; a
#: hatch each, so that greyscale print tells them apart
CHANGE_STYLE = {
    Change.IMPROVED: ("#0072B2", "#ffffff", ""),
    Change.UNCHANGED: ("#d9d9d9", "#000000", ""),
    Change.WORSENED: ("#D55E00", "#000000", "xx"),
    Change.MIXED: ("#E69F00", "#000000", "//"),
    Change.NEW: ("#56B4E9", "#000000", ".."),
    Change.DROPPED: ("#ffffff", "#000000", "\\\\"),
}


def change_patch(change: Change, label: str) -> Patch:
    from matplotlib.patches import Patch

    fill, _text, hatch = CHANGE_STYLE[change]
    return Patch(facecolor=fill, hatch=hatch, edgecolor="#333333", linewidth=0.5, label=label)


def change_bars(
    title: str, rows: dict[str, Counter], language: str, _: Callable[[str], str]
) -> Figure:
    """One stacked bar per row (a Part, a report), a segment per kind of change, coloured
    *and* hatched and labelled with its count, in the order of :class:`Change`; the
    legend names only the changes that occur."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    words = {c: _(c.label) for c in Change}
    used = [c for c in Change if any(counts[c] for counts in rows.values())]
    widest = max([sum(c.values()) for c in rows.values()] + [1])
    legend = [change_patch(c, words[c]) for c in used]
    longest = max((len(words[c]) for c in used), default=0)
    columns = min(len(legend), 3 if longest <= 24 else 2 if longest <= 40 else 1) or 1
    legend_rows = -(-len(legend) // columns)

    fig = figure(1.0 + 0.45 * max(1, len(rows)) + 0.2 * legend_rows)
    fig.suptitle(textwrap.fill(title, 60), fontsize=RC["axes.titlesize"], fontweight="bold")
    ax = fig.subplots()
    for y, counts in enumerate(rows.values()):
        left = 0
        for change in Change:
            count = counts[change]
            if not count:
                continue
            fill, text_colour, hatch = CHANGE_STYLE[change]
            ax.barh(y, count, left=left, height=0.6, color=fill, hatch=hatch,
                    edgecolor="#333333", linewidth=0.5)  # fmt: skip
            box = {"boxstyle": "square,pad=0.2", "facecolor": fill, "edgecolor": "none"}
            ax.text(left + count / 2, y, number(count, language), ha="center",
                    va="center", fontsize=8, color=text_colour, bbox=box)  # fmt: skip
            left += count
    ax.set_yticks(range(len(rows)), list(rows))
    ax.set_ylim(max(1, len(rows)) - 0.5, -0.5)  # first row on top
    ax.tick_params(axis="y", length=0)
    ax.set_xlim(0, widest)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _pos: number(int(value), language)))
    ax.set_xlabel(_("Number of articles"))
    clean_axes(ax)
    if legend:
        fig.legend(handles=legend, loc="outside lower center", ncols=columns, frameon=False)
    return fig


def change_counts(counts: Counter, language: str, _: Callable[[str], str]) -> str:
    """The changes that occur with their counts ("Improved (5), Unchanged (36)"), for the
    charts' alt text."""
    return ", ".join(
        _("%(change)s (%(count)s)") % {"change": _(c.label), "count": number(counts[c], language)}
        for c in Change
        if counts[c]
    )


# cached: an axis formats its tick labels again on every layout pass and draw
@cache
def number(value: float, locale: str) -> str:
    return format_decimal(value, locale=locale)


@cache
def percent(fraction: float, locale: str) -> str:
    return format_percent(fraction, locale=locale)


def clean_axes(ax: Axes) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
