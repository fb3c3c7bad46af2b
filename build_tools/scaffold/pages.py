"""The pages of a new report, rendered from ``templates/`` (``string.Template``, because
MyST's own syntax is full of braces).

The pages follow the recommended structure of a shadow report: cover, executive summary,
introduction and methodology, context, legal framework, general measures, Parts III and IV
article by article, obstacles to ratification, recommendations, annexes. Every article of
the analysis gets an ``{assessment}`` rated "not yet assessed", so the report's tables show
from the first build what remains to be done.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from string import Template

from build_tools.model.convention import convention
from build_tools.scaffold.countries import Country

TEMPLATES = Path(__file__).resolve().parent / "templates"

#: the report's pages, in the order of its table of contents
PAGES = (
    "index",
    "executive-summary",
    "introduction",
    "context",
    "legal-framework",
    "general-measures",
    "part-iii",
    "part-iv",
    "obstacles",
    "recommendations",
    "annexes",
)
GENERAL_PRINCIPLES = (7, 83)
GENERAL_MEASURES = (73, 84)


def _template(name: str) -> Template:
    return Template((TEMPLATES / f"{name}.md.tmpl").read_text(encoding="utf-8"))


def fences(colon_fence: bool) -> dict[str, str]:
    """The fences of directives with Markdown content: ``:::`` as in the handbook when the
    project enables MyST's colon_fence, otherwise backticks, which every project parses."""
    mark = ":" if colon_fence else "`"
    return {"fence3": mark * 3, "fence4": mark * 4}  # four: an assessment nests recommendations


def assessments(numbers: range | tuple[int, ...], level: int, colon_fence: bool) -> str:
    """One heading and one "not yet assessed" assessment per article, headed with the
    article's subject label from the catalogue (our words, not the treaty's)."""
    articles = convention().articles
    block = _template("assessment")
    return "\n".join(
        block.substitute(
            fences(colon_fence), hashes="#" * level, number=n, subject=articles[n].subject
        )
        for n in numbers
    )


def render_pages(country: Country, date: dt.date, colon_fence: bool = True) -> dict[str, str]:
    """File name -> Markdown text of every page of a new report on ``country``."""
    parts = {p.roman: p for p in convention().parts}
    values = {
        "country_name": country.name,
        "code": country.code,
        "code_lower": country.code.lower(),
        "date": date.isoformat(),
        "toctree": "\n".join(PAGES[1:]),
        "principles": assessments(GENERAL_PRINCIPLES, 3, colon_fence),
        "measures": assessments(GENERAL_MEASURES, 3, colon_fence),
        **fences(colon_fence),
    }
    per_page = {
        "part-iii": {
            "part_title": parts["III"].title,
            "articles": assessments(parts["III"].articles, 2, colon_fence),
        },
        "part-iv": {
            "part_title": parts["IV"].title,
            "articles": assessments(parts["IV"].articles, 2, colon_fence),
        },
    }
    pages = {}
    for page in PAGES:
        text = _template(page).substitute(values, **per_page.get(page, {}))
        pages[f"{page}.md"] = text.rstrip() + "\n"
    return pages
