"""``check``: what Poedit, Weblate and msgfmt cannot see in a translation.

Every finished translation (not fuzzy, not obsolete) goes through ``ENTRY_RULES``: markup
kept (``markup``), required UN terminology (``terminology``), no HTML or script
(``unsafe-markup``), nothing added but words (``adds-markup``, the rule the build itself
enforces, ``gate.py``). Every PO file also goes through ``msgfmt --check`` (format strings,
header, Plural-Forms). Each
problem is reported as ``file:line: rule: message``, the line being the entry's
``msgstr``, so editors and CI annotations open the translation itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import polib

from build_tools.i18n.errors import I18nError
from build_tools.i18n.gate import msgfmt
from build_tools.i18n.layout import Layout
from build_tools.i18n.markup import compare
from build_tools.i18n.pofiles import load, msgstr_lines
from build_tools.i18n.safety import unsafe_markup
from build_tools.i18n.structure import added
from build_tools.i18n.terminology import Glossary, load_glossary


@dataclass(frozen=True, order=True)
class Problem:
    path: Path
    line: int
    rule: str
    message: str

    def format(self, relative_to: Path | None = None) -> str:
        path = self.path
        if relative_to is not None and path.is_relative_to(relative_to):
            path = path.relative_to(relative_to)
        return f"{path}:{self.line}: {self.rule}: {self.message}"


@dataclass(frozen=True)
class Pair:
    """A source string and its translation (an entry, or one plural form of it)."""

    source: str
    translation: str


EntryRule = Callable[[Pair, Glossary], Iterator[tuple[str, str]]]


def markup_rule(pair: Pair, glossary: Glossary) -> Iterator[tuple[str, str]]:
    for difference in compare(pair.source, pair.translation):
        yield "markup", difference.message()


def terminology_rule(pair: Pair, glossary: Glossary) -> Iterator[tuple[str, str]]:
    for term in glossary.missing_terms(pair.source, pair.translation):
        accepted = " / ".join(f"'{form}'" for form in term.accepted)
        yield "terminology", f"'{term.english}' must be translated as {accepted}"


def safety_rule(pair: Pair, glossary: Glossary) -> Iterator[tuple[str, str]]:
    for reason in unsafe_markup(pair.source, pair.translation):
        yield "unsafe-markup", reason


def structure_rule(pair: Pair, glossary: Glossary) -> Iterator[tuple[str, str]]:
    """What the build's translation gate would refuse (see ``gate.py``)."""
    for element in added(pair.source, pair.translation):
        if not element.startswith(_REPORTED_BY_OTHER_RULES):
            yield "adds-markup", f"{element} is not in the source; the build refuses it"


# roles, links, substitutions and footnotes are named by the markup rule, HTML by safety
_REPORTED_BY_OTHER_RULES = ("role ", "link to ", "image ", "substitution ", "footnote ", "HTML ")


#: the checks of one translated entry; a new check is one function here
ENTRY_RULES: tuple[EntryRule, ...] = (markup_rule, terminology_rule, safety_rule, structure_rule)


def pairs(entry: polib.POEntry) -> list[Pair]:
    if entry.msgid_plural:
        return [
            Pair(entry.msgid if index == 0 else entry.msgid_plural, text)
            for index, text in sorted(entry.msgstr_plural.items())
        ]
    return [Pair(entry.msgid, entry.msgstr)]


def check_catalog(path: Path, catalog: polib.POFile, glossary: Glossary) -> list[Problem]:
    """The entry rules over every finished translation of one PO file."""
    entries = [entry for entry in catalog if entry.translated()]
    lines = msgstr_lines(path, entries)
    problems = []
    for entry in entries:
        for pair in pairs(entry):
            for rule in ENTRY_RULES:
                for name, message in rule(pair, glossary):
                    problems.append(Problem(path, lines[id(entry)], name, message))
    return problems


def msgfmt_problems(path: Path) -> list[Problem]:
    """``msgfmt --check`` on one file (the gate's own run), as problems at file:line."""
    return [
        Problem(path, refusal.line, "msgfmt", refusal.message.removeprefix("msgfmt: "))
        for refusal in msgfmt(path, None)
    ]


def check_file(path: Path, glossary: Glossary) -> list[Problem]:
    """Every check of one PO file, sorted by line."""
    problems = msgfmt_problems(path)
    try:
        catalog = load(path)
    except I18nError as error:
        if not problems:  # msgfmt's diagnosis is the more precise one
            problems.append(Problem(path, error.line or 1, "syntax", error.message))
        return problems
    return sorted(problems + check_catalog(path, catalog, glossary))


def check(layout: Layout, languages: tuple[str, ...]) -> list[Problem]:
    """Every PO file of ``languages``, sorted by file and line."""
    problems: list[Problem] = []
    for language in languages:
        glossary = load_glossary(layout.terminology_file(language))
        for path in layout.po_files(language).values():
            problems += check_file(path, glossary)
    return sorted(problems)
