"""What a chart script receives, and what it must provide.

A chart script is a module in ``figures/`` with three functions::

    def draw(data: ChartInput, _: Translate) -> matplotlib.figure.Figure
    def describe(data: ChartInput, _: Translate) -> str        # alt text, from the data
    def table(data: ChartInput, _: Translate) -> tuple[list[str], list[list[str]]]

and a constant ``NEEDS``: ``"report"`` (one report's assessments, chosen with the
``:report:`` option), ``"collection"`` (every report), ``"ratifications"`` or
``"translation"`` (progress figures). ``_`` translates a string through the interface
catalogue (``make gettext`` extracts the ``_("...")`` calls of ``figures/``). Import
matplotlib inside ``draw``, as the shipped scripts do: every build loads the scripts, but
only a chart not yet in the cache is drawn.
"""

from __future__ import annotations

from collections.abc import Callable

from build_tools.model.chart_input import (
    NEEDS,
    ChartInput,
    ProgressRow,
    Ratification,
    Signatory,
)

__all__ = ["NEEDS", "ChartInput", "ProgressRow", "Ratification", "Signatory", "Translate"]

Translate = Callable[[str], str]
