"""Ratings as nodes every writer understands: the label as text, the colour through a
class (CSS in HTML, a LaTeX macro in PDF). Never colour alone."""

from __future__ import annotations

from docutils import nodes

from build_tools.model.rating import Rating
from build_tools.sphinx_ext.i18n import _


def rating_label(rating: Rating) -> str:
    """The rating's name in the build's language."""
    return {
        Rating.CONFORM: _("In conformity"),
        Rating.LARGELY: _("Largely in conformity"),
        Rating.PARTLY: _("Partly in conformity"),
        Rating.NOT_CONFORM: _("Not in conformity"),
        Rating.NOT_APPLICABLE: _("Not applicable"),
        Rating.NO_INFORMATION: _("Insufficient information"),
        Rating.NOT_ASSESSED: _("Not yet assessed"),
    }[rating]


def rating_short_label(rating: Rating) -> str:
    """A one-word form for matrix cells, always explained by a legend."""
    return {
        Rating.CONFORM: _("Yes"),
        Rating.LARGELY: _("Largely"),
        Rating.PARTLY: _("Partly"),
        Rating.NOT_CONFORM: _("No"),
        Rating.NOT_APPLICABLE: _("N/A"),
        Rating.NO_INFORMATION: _("Unclear"),
        Rating.NOT_ASSESSED: _("Pending"),
    }[rating]


def rating_node(rating: Rating, short: bool = False) -> nodes.inline:
    text = rating_short_label(rating) if short else rating_label(rating)
    return nodes.inline("", text, classes=["shadow-rating", f"shadow-rating-{rating.code}"])


def rating_css() -> str:
    """One rule per rating: fill and text colour from the model (WCAG AA contrast)."""
    rules = []
    for rating in Rating:
        style = rating.style
        border = "#666666" if style.colour.lower() in ("#ffffff", "#f2f2f2") else style.colour
        rules.append(
            f".shadow-rating-{rating.code} {{ background: {style.colour}; "
            f"color: {style.text_colour}; border: 1px solid {border}; }}"
        )
    return "\n".join(rules) + "\n"


def rating_latex() -> str:
    """``\\DUrole`` macros: Sphinx writes an inline with class ``c`` as ``\\DUrole{c}{..}``."""
    lines = []
    for rating in Rating:
        style = rating.style
        fill = style.colour.lstrip("#").upper()
        lines += [
            rf"\definecolor{{ShadowFill{rating.name}}}{{HTML}}{{{fill}}}",
            # a colour swatch before the words: wraps in narrow table cells, unlike a box
            rf"\expandafter\def\csname DUroleshadow-rating-{rating.code}\endcsname#1"
            rf"{{\fcolorbox{{black!50}}{{ShadowFill{rating.name}}}{{\rule{{0pt}}{{0.55em}}"
            rf"\rule{{0.55em}}{{0pt}}}}\,#1}}",
        ]
    lines.append(r"\expandafter\def\csname DUroleshadow-rating\endcsname#1{#1}")
    return "\n".join(lines) + "\n"
