"""The Convention catalogue: its nine Parts and 93 articles, each with a scope and a short
subject label in the project's own words (``build_tools/data/convention.yaml``).

Loaded once per process and validated against ``data/schemas/convention.schema.json``
(:mod:`build_tools.model.yamldata`); the numbering, which a schema cannot check, is
checked here, at the line of the article or Part that breaks it. Everything is immutable.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from build_tools.model import yamldata
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
    """The catalogue from its data, already valid against the schema."""
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
        if number not in by_article:
            raise ModelError(f"article {number} is in no Part", field="articles")
        articles[number] = Article(number, by_article[number], entry["scope"], entry["subject"])
    if sorted(articles) != list(range(1, len(articles) + 1)) or len(articles) != len(by_article):
        raise ModelError("the catalogue must number its articles 1..N without gaps")
    meta = data["convention"]
    return Convention(meta["short_title"], meta["title"], parts, articles)


def check_numbering(document: yamldata.Document) -> None:
    """Parts cover 1..N in order without gaps or overlaps, and the articles are 1..N in
    order, one each: a ``DataError`` at the line of the first Part or article that breaks it."""
    expected = 1
    for index, part in enumerate(document.data["parts"]):
        if part["first_article"] != expected or part["last_article"] < part["first_article"]:
            raise document.error(
                f"Part {part['roman']} covers articles {part['first_article']} to "
                f"{part['last_article']}; it must start at article {expected} (the Parts "
                "cover the articles in order, without gaps)",
                "parts",
                index,
                "first_article",
            )
        expected = part["last_article"] + 1
    last = expected - 1
    for index, article in enumerate(document.data["articles"]):
        if article["number"] != index + 1:
            raise document.error(
                f"article {article['number']} is entry {index + 1}: list the articles "
                f"1 to {last} in order, each once",
                "articles",
                index,
            )
    if len(document.data["articles"]) != last:
        raise document.error(
            f"{len(document.data['articles'])} articles, but the Parts cover 1 to {last}",
            "articles",
        )


def load_convention(path: Path = DATA) -> Convention:
    """The catalogue in ``path``, validated; ``DataError`` at ``file:line`` if it is not valid."""
    document = yamldata.load(path, "convention")
    check_numbering(document)
    return parse_convention(document.data)


@cache
def convention() -> Convention:
    """The catalogue shipped with the package."""
    return load_convention(DATA)


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
