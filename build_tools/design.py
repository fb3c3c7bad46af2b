"""The collection's design tokens, shared by every format: the web site (CSS custom
properties), the printed volumes (the PDF engine's variables), the charts and the Word
reference document read the same values, so a rating looks the same wherever it is.

Rating colours and hatch patterns belong to the rating scale itself
(:mod:`build_tools.model.rating`); this module adds the collection's own identity and
turns both into the forms each format reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from build_tools.model.rating import Rating


@dataclass(frozen=True)
class Tokens:
    #: the collection's colour: cover band, headings' rule, links (WCAG AA on white)
    brand: str = "#1F3A5F"
    #: a lighter tint of it, for backgrounds of boxes and table headers
    brand_tint: str = "#E8EEF5"
    accent: str = "#B03A2E"  # sparing use: the draft/sample band
    text: str = "#1A1A1A"
    muted: str = "#555555"  # secondary text, still AA on white (7.4:1)
    rule: str = "#C9D1DB"
    paper: str = "#FFFFFF"
    serif: str = "TeX Gyre Pagella"  # body text in print
    sans: str = "TeX Gyre Heros"  # headings, tables, interface
    measure_em: int = 38  # readable line length on screen


TOKENS = Tokens()


def rating_tokens() -> dict[str, dict[str, str]]:
    """``{"partly": {"fill": ..., "text": ..., "hatch": ..., "label": ...}, ...}``: the
    rating badges' look, by the rating's id."""
    return {
        rating.name.lower().replace("_", "-"): {
            "fill": rating.value.colour,
            "text": rating.value.text_colour,
            "hatch": rating.value.hatch,
            "label": rating.value.label,
        }
        for rating in Rating
    }


def css_custom_properties() -> str:
    """``:root { --shadow-brand: ...; --shadow-rating-partly-fill: ...; }`` for the web."""
    lines = [
        f"  --shadow-{name.replace('_', '-')}: {value};"
        for name, value in vars(TOKENS).items()
        if isinstance(value, str)
    ]
    for rating, values in rating_tokens().items():
        lines.append(f"  --shadow-rating-{rating}-fill: {values['fill']};")
        lines.append(f"  --shadow-rating-{rating}-text: {values['text']};")
    return ":root {\n" + "\n".join(lines) + "\n}\n"
