"""States parties to the Convention, year by year (cumulative), from
``build_tools/data/ratifications.yaml``::

    ```{chart} ratification
    ```

A year not confirmed by an official source (``verified: false`` in the data) is drawn
hatched and light (the table and the alternative text name them). The States that have
signed but not ratified are a series of their own (a line, by year of signature), and rows
of the table.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from build_tools.charts import style
from build_tools.charts.api import ChartInput, Translate
from build_tools.dates import long_date

# matplotlib only in draw(): a build whose charts are all cached never imports it
if TYPE_CHECKING:
    from matplotlib.figure import Figure

NEEDS = "ratifications"

FIRST_YEAR, LAST_YEAR = 1990, 2025  # the Convention was adopted on 18 December 1990
TITLE_WIDTH, NOTE_WIDTH = 60, 80  # characters: longer (translated) text wraps
CONFIRMED = "#4d4d4d"  # dark grey: a neutral colour, not one of the rating scale
UNCONFIRMED = "#d9d9d9"
UNCONFIRMED_HATCH = "////"
# the 27 member states of the European Union (ISO 3166-1 alpha-2)
EU_MEMBERS = set(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
)


def state(data: ChartInput, party) -> str:
    """The State's name in the reader's language (from its ISO code), else as in the data."""
    return dict(data.names).get(party.iso) or party.state


def unconfirmed(data: ChartInput) -> list:
    return [p for p in data.ratifications if not p.verified]


def eu_parties(data: ChartInput) -> list:
    return [p for p in data.ratifications if p.iso in EU_MEMBERS]


def draw(data: ChartInput, _: Translate) -> Figure:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    years = range(FIRST_YEAR, LAST_YEAR + 1)
    confirmed = [sum(p.verified and p.year <= y for p in data.ratifications) for y in years]
    doubtful = [sum(not p.verified and p.year <= y for p in data.ratifications) for y in years]

    fig = style.figure(3.2)
    ax = fig.add_subplot()
    ax.set_title(textwrap.fill(_("States parties to the Convention"), TITLE_WIDTH))
    ax.bar(years, confirmed, width=0.8, color=CONFIRMED)
    ax.bar(
        years,
        doubtful,
        bottom=confirmed,
        width=0.8,
        color=UNCONFIRMED,
        hatch=UNCONFIRMED_HATCH,
        edgecolor=CONFIRMED,
        linewidth=0.5,
    )
    signed = [sum(s.signature.year <= y for s in data.signatories) for y in years]
    if data.signatories:  # signed, not ratified: a series of its own
        ax.step(years, signed, where="mid", color=CONFIRMED, linestyle="--", linewidth=1)
    total = confirmed[-1] + doubtful[-1]
    ax.annotate(
        style.number(total, data.language),
        (years[-1], total),
        xytext=(0, 3),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize=8,
    )

    if not eu_parties(data):  # the empty upper left corner: no bar reaches it
        ax.text(
            0.02,
            0.95,
            textwrap.fill(_("No EU member state has ratified"), NOTE_WIDTH // 2),
            transform=ax.transAxes,
            va="top",
            fontsize=9,
            fontweight="bold",
        )

    ax.set_xlim(FIRST_YEAR - 0.6, LAST_YEAR + 0.6)
    ax.set_ylim(0, max(total, 1) * 1.12)  # room for the total above the last bar
    ax.set_xticks(range(FIRST_YEAR, LAST_YEAR + 1, 5), [str(y) for y in years[::5]])
    ax.set_ylabel(_("States parties"))
    style.clean_axes(ax)

    legend = [Patch(color=CONFIRMED, label=_("States parties (cumulative)"))]
    if data.signatories:
        legend.append(
            Line2D(
                [],
                [],
                color=CONFIRMED,
                linestyle="--",
                label=_("Signatories that have not ratified (by year of signature)"),
            )
        )
    if unconfirmed(data):  # the table and the alt text name them: too many for a legend
        legend.append(
            Patch(
                facecolor=UNCONFIRMED,
                hatch=UNCONFIRMED_HATCH,
                edgecolor=CONFIRMED,
                label=_("Date not confirmed by an official source (see the table)"),
            )
        )
    fig.legend(handles=legend, loc="outside lower center", ncols=1, frameon=False)
    return fig


def describe(data: ChartInput, _: Translate) -> str:
    parties = data.ratifications
    by_2000 = sum(p.year <= 2000 for p in parties)
    values = {
        "count": style.number(len(parties), data.language),
        "last": max((p.year for p in parties), default=LAST_YEAR),
        "early": style.number(by_2000, data.language),
    }
    text = [
        _(
            "Number of States parties to the Convention, year by year: %(early)s by 2000, "
            "%(count)s by %(last)s."
        )
        % values
    ]
    if unconfirmed(data):
        names = ", ".join(state(data, p) for p in unconfirmed(data))
        text.append(
            _("For %(states)s the year is not confirmed by an official source (hatched).")
            % {"states": names}
        )
    if eu_parties(data):
        names = ", ".join(state(data, p) for p in eu_parties(data))
        text.append(_("EU member states among the parties: %(states)s.") % {"states": names})
    else:
        text.append(_("No EU member state has ratified."))
    europe = [state(data, p) for p in parties if p.european]
    if europe:
        text.append(
            _("European States parties: %(states)s.") % {"states": ", ".join(sorted(europe))}
        )
    return " ".join(text)


def _date(value, precision: str, language: str) -> str:
    if value is None:
        return ""
    if precision == "month":  # only the month is known: never show a day
        return long_date(value, language, month_only=True)
    return long_date(value, language)


def table(data: ChartInput, _: Translate) -> tuple[list[str], list[list[str]]]:
    kinds = {
        "ratification": _("Ratification"),
        "accession": _("Accession"),
        "succession": _("Succession"),
    }
    header = [
        _("State"),
        _("Year"),
        _("Date"),
        _("Kind"),
        _("Year confirmed by an official source"),
    ]
    rows = [
        [
            state(data, p),
            str(p.year),
            _date(p.date, getattr(p, "date_precision", "day"), data.language),
            kinds.get(p.kind, p.kind),
            _("Yes") if p.verified else _("No"),
        ]
        for p in sorted(data.ratifications, key=lambda p: (p.year, str(p.date), p.state))
    ]
    rows += [
        [
            state(data, s),
            str(s.signature.year),
            _date(s.signature, "day", data.language),
            _("Signature only"),
            _("Yes") if s.verified else _("No"),
        ]
        for s in sorted(data.signatories, key=lambda s: (s.signature, s.state))
    ]
    return header, rows
