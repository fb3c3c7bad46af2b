"""The Convention catalogue: its nine Parts and 93 articles, each with a scope and a short
subject label in the project's own words (``build_tools/data/convention.yaml``).

Loaded once per process; everything here is immutable.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from build_tools.model.errors import ModelError

DATA = Path(__file__).resolve().parent.parent / "data" / "convention.yaml"
SCOPES = ("definitions", "all", "regular", "category", "states")


@dataclass(frozen=True)
class Part:
    number: int
    roman: str
    title: str
    first_article: int
    last_article: int

    @property
    def articles(self) -> range:
        return range(self.first_article, self.last_article + 1)


@dataclass(frozen=True)
class Article:
    number: int
    part: Part
    scope: str
    subject: str


@dataclass(frozen=True)
class Convention:
    short_title: str
    title: str
    parts: tuple[Part, ...]
    articles: dict[int, Article]

    def article(self, reference: str | int) -> Article:
        """The article a reader wrote (``25``, ``"25"``, ``" 25 "``), or a ModelError."""
        text = str(reference).strip()
        first, last = 1, len(self.articles)
        if not text.isdigit() or int(text) not in self.articles:
            raise ModelError(
                f"unknown article '{text}': the Convention has articles {first} to {last} "
                "(write the number alone, e.g. 25)",
                field="article",
            )
        return self.articles[int(text)]

    def part(self, reference: str | int) -> Part:
        """A Part by number (``3``) or Roman numeral (``III``)."""
        text = str(reference).strip().upper()
        for part in self.parts:
            if text in (str(part.number), part.roman):
                return part
        valid = ", ".join(p.roman for p in self.parts)
        near = difflib.get_close_matches(text, [p.roman for p in self.parts], n=1)
        hint = f" (did you mean {near[0]}?)" if near else ""
        raise ModelError(f"unknown Part '{reference}'{hint}: valid are {valid}", field="part")


def parse_convention(data: dict) -> Convention:
    parts = tuple(
        Part(p["number"], p["roman"], p["title"], p["first_article"], p["last_article"])
        for p in data["parts"]
    )
    by_article = {n: part for part in parts for n in part.articles}
    articles = {}
    for entry in data["articles"]:
        number = int(entry["number"])
        if entry["scope"] not in SCOPES:
            raise ModelError(f"article {number}: unknown scope '{entry['scope']}'")
        articles[number] = Article(number, by_article[number], entry["scope"], entry["subject"])
    if sorted(articles) != list(range(1, len(articles) + 1)) or len(articles) != len(by_article):
        raise ModelError("the catalogue must number its articles 1..N without gaps")
    meta = data["convention"]
    return Convention(meta["short_title"], meta["title"], parts, articles)


@cache
def convention() -> Convention:
    """The catalogue shipped with the package."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader is 10x faster
    with open(DATA, encoding="utf-8") as handle:
        return parse_convention(yaml.load(handle, Loader=loader))


def catalogue_messages() -> list[tuple[str, str]]:
    """Every human word of the catalogue, with a note for translators: Part titles and
    article subjects are translated through the interface catalogue."""
    catalogue = convention()
    messages = [(p.title, f"Title of Part {p.roman} of the Convention") for p in catalogue.parts]
    messages += [
        (a.subject, f"Subject of article {a.number}: a short label, not the treaty's text")
        for a in catalogue.articles.values()
    ]
    return messages
