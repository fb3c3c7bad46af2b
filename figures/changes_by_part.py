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

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from build_tools.charts import style
from build_tools.charts.api import ChartInput, Translate
from build_tools.model.convention import convention
from build_tools.model.edition import Change

# matplotlib only in draw(): a build whose charts are all cached never imports it
if TYPE_CHECKING:
    from matplotlib.figure import Figure

NEEDS = "report"


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
    title = _("Changes since the previous edition, by Part: %(country)s") % {
        "country": country(data)
    }
    rows = {part_label(part, _): counts for part, counts in by_part(data).items()}
    return style.change_bars(title, rows, data.language, _)


def describe(data: ChartInput, _: Translate) -> str:
    text = [
        _("Changes since the previous edition, by Part of the Convention: %(country)s.")
        % {"country": country(data)}
    ]
    parts = by_part(data)
    if not parts:
        text.append(_("No article is rated in both editions."))
    for part, counts in parts.items():
        shares = style.change_counts(counts, data.language, _)
        text.append(_("%(part)s: %(changes)s.") % {"part": part_label(part, _), "changes": shares})
    return " ".join(text)


def table(data: ChartInput, _: Translate) -> tuple[list[str], list[list[str]]]:
    header = [_("Part"), *(_(c.label) for c in Change)]
    rows = [
        [part_label(part, _), *(style.number(counts[c], data.language) for c in Change)]
        for part, counts in by_part(data).items()
    ]
    return header, rows
