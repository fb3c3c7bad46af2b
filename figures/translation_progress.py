"""Translation progress: the share of each report's words translated, per language.

The simplest chart: start here to write your own. ``draw`` returns a matplotlib figure,
``describe`` its text for readers who cannot see it, ``table`` the data behind it::

    ```{chart} translation-progress
    ```
"""

from __future__ import annotations

import math
import textwrap
from typing import TYPE_CHECKING

from build_tools.charts import style
from build_tools.charts.api import ChartInput, Translate

# matplotlib only in draw(): a build whose charts are all cached never imports it
if TYPE_CHECKING:
    from matplotlib.figure import Figure

NEEDS = "translation"

COLOUR = "#4d4d4d"


def share(row) -> float:
    """Rounded down, as on the status page: a report 99.6 % translated is not "100 %"."""
    return math.floor(100 * row.translated_words / row.total_words) / 100 if row.total_words else 0


def label(row, _: Translate) -> str:
    return _("%(report)s (%(language)s)") % {"report": row.report, "language": row.language}


def draw(data: ChartInput, _: Translate) -> Figure:
    rows = data.progress
    fig = style.figure(1.2 + 0.22 * len(rows))
    ax = fig.add_subplot()
    ax.set_title(textwrap.fill(_("Translation progress"), 50))
    bars = ax.barh([label(r, _) for r in rows], [share(r) for r in rows], color=COLOUR)
    ax.bar_label(bars, [style.percent(share(r), data.language) for r in rows], padding=3)
    ax.set_xlim(0, 1.15)  # room for "100 %" after a full bar
    ax.set_xticks([0, 0.5, 1], [style.percent(x, data.language) for x in (0, 0.5, 1)])
    ax.set_xlabel(_("Share of words translated"))
    ax.invert_yaxis()  # first row on top
    style.clean_axes(ax)
    return fig


def describe(data: ChartInput, _: Translate) -> str:
    shares = "; ".join(
        _("%(report)s: %(percent)s")
        % {"report": label(r, _), "percent": style.percent(share(r), data.language)}
        for r in data.progress
    )
    return _("Share of words translated, by report and language: %(shares)s.") % {"shares": shares}


def table(data: ChartInput, _: Translate) -> tuple[list[str], list[list[str]]]:
    header = [_("Language"), _("Report"), _("Words translated"), _("Translated")]
    rows = [
        [
            r.language,
            r.report,
            _("%(translated)s of %(total)s")
            % {
                "translated": style.number(r.translated_words, data.language),
                "total": style.number(r.total_words, data.language),
            },
            style.percent(share(r), data.language),
        ]
        for r in data.progress
    ]
    return header, rows
