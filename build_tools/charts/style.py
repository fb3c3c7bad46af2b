"""The shared look of every chart: A4 column width, one font, the rating colours and
hatches from the model, and numbers written the way the reader's language writes them."""

from __future__ import annotations

from babel.numbers import format_decimal, format_percent
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from build_tools.model.edition import Change
from build_tools.model.rating import Rating

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
    return Figure(figsize=(WIDTH_IN, height_in), layout="constrained")


def rating_colour(rating: Rating) -> str:
    return rating.style.colour


def rating_hatch(rating: Rating) -> str:
    return rating.style.hatch


def rating_patch(rating: Rating, label: str) -> Patch:
    """A legend entry: colour, hatch and the rating's (translated) name."""
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
    fill, _text, hatch = CHANGE_STYLE[change]
    return Patch(facecolor=fill, hatch=hatch, edgecolor="#333333", linewidth=0.5, label=label)


def number(value: float, locale: str) -> str:
    return format_decimal(value, locale=locale)


def percent(fraction: float, locale: str) -> str:
    return format_percent(fraction, locale=locale)


def clean_axes(ax: Axes) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
