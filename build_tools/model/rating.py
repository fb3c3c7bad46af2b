"""The rating scale: how far national law (or practice) conforms with an article.

Every rating has a colour *and* a hatch pattern, so that a chart or a table stays readable
in greyscale print and for readers with colour-blindness. The colours are a
colour-blind-safe ramp (blue = conforms, through orange, to vermilion = does not).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from enum import Enum

from build_tools.model.errors import ModelError


@dataclass(frozen=True)
class RatingStyle:
    label: str  # English label; translated through the interface catalogue
    colour: str  # fill colour (hex)
    text_colour: str  # readable on the fill (WCAG AA)
    hatch: str  # matplotlib hatch pattern
    aliases: tuple[str, ...]


class Rating(Enum):
    CONFORM = RatingStyle(
        "In conformity", "#0072B2", "#ffffff", "", ("conform", "in conformity", "conforms", "yes")
    )
    LARGELY = RatingStyle(
        "Largely in conformity",
        "#56B4E9",
        "#000000",
        "..",
        ("largely", "largely in conformity", "largely conform"),
    )
    PARTLY = RatingStyle(
        "Partly in conformity",
        "#E69F00",
        "#000000",
        "//",
        ("partly", "partial", "partly in conformity", "partially"),
    )
    NOT_CONFORM = RatingStyle(
        "Not in conformity",
        "#D55E00",
        "#000000",
        "xx",
        ("not", "not_conform", "not in conformity", "no"),
    )
    NOT_APPLICABLE = RatingStyle(
        "Not applicable",
        "#999999",
        "#000000",
        "--",
        ("not applicable", "not_applicable", "n/a", "na"),
    )
    NO_INFORMATION = RatingStyle(
        "Insufficient information",
        "#f2f2f2",
        "#000000",
        "\\\\",
        ("insufficient information", "no_information", "no information", "unknown"),
    )
    NOT_ASSESSED = RatingStyle(
        "Not yet assessed",
        "#ffffff",
        "#000000",
        "",
        ("not yet assessed", "not_assessed", "not assessed"),
    )

    @property
    def code(self) -> str:
        """Stable identifier used in data exports and CSS classes."""
        return self.name.lower()

    @property
    def style(self) -> RatingStyle:
        return self.value

    @property
    def label(self) -> str:
        return self.value.label

    @property
    def is_assessed(self) -> bool:
        return self not in (Rating.NOT_ASSESSED, Rating.NO_INFORMATION, Rating.NOT_APPLICABLE)


def _aliases() -> dict[str, Rating]:
    table: dict[str, Rating] = {}
    for rating in Rating:
        for name in (rating.code, rating.label.lower(), *rating.style.aliases):
            table[name] = rating
    return table


ALIASES = _aliases()
WRITTEN_FORMS = ", ".join(r.style.aliases[0] for r in Rating)


def parse_rating(text: str, field: str = "rating") -> Rating:
    """A rating from what an author wrote (``partly``, ``Partly in conformity``, ...)."""
    key = " ".join(text.strip().lower().replace("-", " ").split())
    if key in ALIASES:
        return ALIASES[key]
    if key.replace(" ", "_") in ALIASES:
        return ALIASES[key.replace(" ", "_")]
    near = difflib.get_close_matches(key, list(ALIASES), n=1, cutoff=0.6)
    hint = f" (did you mean '{ALIASES[near[0]].style.aliases[0]}'?)" if near else ""
    raise ModelError(
        f"rating '{text.strip()}' is not on the scale{hint}; valid: {WRITTEN_FORMS}", field=field
    )
