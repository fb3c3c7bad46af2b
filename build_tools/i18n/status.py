"""``status``: how much of each language is translated, by report and by page.

Counted by words of the source string (a title weighs less than a paragraph). Fuzzy
entries never count as translated: they are shown apart, waiting for review. Obsolete
entries are not counted at all. ``page_progress`` is the library entry point the Sphinx
extension uses for its "this page is 62 % translated" banner.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import polib

from build_tools.i18n.layout import COLLECTION, INTERFACE, Layout, files_by_domain, report_of
from build_tools.i18n.memory import is_fuzzy
from build_tools.i18n.pofiles import load

_WORD = re.compile(r"\w+(?:['’]\w+)*")


def word_count(text: str) -> int:
    """Words of a source string (``Migrant Workers' Rights`` is three; markup counts too)."""
    return len(_WORD.findall(text))


@dataclass(frozen=True)
class Progress:
    """Translation progress of a page (or a sum of pages), in words and in strings."""

    translated_words: int = 0
    fuzzy_words: int = 0
    total_words: int = 0
    translated_strings: int = 0
    fuzzy_strings: int = 0
    total_strings: int = 0

    @property
    def untranslated_words(self) -> int:
        return self.total_words - self.translated_words - self.fuzzy_words

    @property
    def untranslated_strings(self) -> int:
        return self.total_strings - self.translated_strings - self.fuzzy_strings

    @property
    def percent(self) -> float:
        """Share of the words translated (fuzzy excluded); 100 when there is nothing."""
        if self.total_words == 0:
            return 100.0
        return 100.0 * self.translated_words / self.total_words

    @property
    def shown_percent(self) -> float:
        """``percent`` rounded *down* to 0.1: one word left is never shown as 100 %."""
        if self.total_words == 0:
            return 100.0
        return self.translated_words * 1000 // self.total_words / 10

    def __add__(self, other: Progress) -> Progress:
        return Progress(
            self.translated_words + other.translated_words,
            self.fuzzy_words + other.fuzzy_words,
            self.total_words + other.total_words,
            self.translated_strings + other.translated_strings,
            self.fuzzy_strings + other.fuzzy_strings,
            self.total_strings + other.total_strings,
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "strings": {
                "translated": self.translated_strings,
                "fuzzy": self.fuzzy_strings,
                "untranslated": self.untranslated_strings,
                "total": self.total_strings,
            },
            "words": {
                "translated": self.translated_words,
                "fuzzy": self.fuzzy_words,
                "untranslated": self.untranslated_words,
                "total": self.total_words,
            },
            "percent": self.shown_percent,
        }


def total(progresses: Iterable[Progress]) -> Progress:
    return sum(progresses, Progress())


def catalog_progress(catalog: polib.POFile) -> Progress:
    translated_words = fuzzy_words = total_words = 0
    translated_strings = fuzzy_strings = total_strings = 0
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        words = word_count(entry.msgid)
        total_words += words
        total_strings += 1
        if is_fuzzy(entry):  # before translated(): a fuzzy entry has a msgstr too
            fuzzy_words += words
            fuzzy_strings += 1
        elif entry.translated():
            translated_words += words
            translated_strings += 1
    return Progress(
        translated_words, fuzzy_words, total_words, translated_strings, fuzzy_strings, total_strings
    )


def page_progress(po_path: Path) -> Progress:
    """Progress of one PO file. Raises ``I18nError`` (file:line) when it does not parse."""
    return catalog_progress(load(po_path))


@dataclass(frozen=True)
class Row:
    language: str
    name: str  # report, or domain with --pages, or "all" for the language's total
    progress: Progress


@dataclass(frozen=True)
class Status:
    rows: tuple[Row, ...]  # per report (or page)
    totals: tuple[Row, ...]  # per language


def collect(
    layout: Layout, languages: tuple[str, ...], pages: bool = False, pot_dir: Path | None = None
) -> Status:
    """Progress of ``languages`` by report (or by page with ``pages``).

    With ``pot_dir``, a page that has a template but no PO file yet counts as untranslated
    (else only PO files are counted: a page nobody merged yet would not show up).
    """
    templates = files_by_domain(pot_dir, ".pot") if pot_dir is not None else {}
    rows: list[Row] = []
    totals: list[Row] = []
    for language in languages:
        po_files = layout.po_files(language)
        per_page = {domain: page_progress(path) for domain, path in po_files.items()}
        for domain in set(templates) - set(po_files):
            per_page[domain] = catalog_progress(load(templates[domain]))
        order = _page_order(layout)
        per_page = dict(sorted(per_page.items(), key=lambda item: order(item[0])))
        if pages:
            rows += [Row(language, domain, progress) for domain, progress in per_page.items()]
        else:
            reports: dict[str, Progress] = {}
            for domain, progress in per_page.items():
                report = report_of(domain)
                reports[report] = reports.get(report, Progress()) + progress
            rows += [Row(language, report, progress) for report, progress in reports.items()]
        totals.append(Row(language, "all", total(per_page.values())))
    return Status(tuple(rows), tuple(totals))


def _page_order(layout: Layout) -> Callable[[str], tuple[int, str, str]]:
    """The collection first, then the reports in conf.py order, others, the interface last."""
    declared = {report: index for index, report in enumerate(layout.project.reports)}

    def key(domain: str) -> tuple[int, str, str]:
        report = report_of(domain)
        if report == COLLECTION:
            rank = -1
        elif report == INTERFACE:
            rank = len(declared) + 1
        else:
            rank = declared.get(report, len(declared))
        return (rank, report, domain)

    return key


def below(status: Status, minimum: float, pages: bool) -> list[Row]:
    """The languages (and with ``pages``, the pages) translated below ``minimum`` percent."""
    candidates = list(status.totals) + (list(status.rows) if pages else [])
    return [row for row in candidates if row.progress.percent < minimum]


_COLUMNS = (
    ("strings", "translated", "fuzzy", "untranslated"),
    ("words", "translated", "fuzzy", "untranslated"),
)


def render_table(status: Status, pages: bool) -> str:
    """A plain-text table: one row per language x report (or page), then each language."""
    what = "page" if pages else "report"
    width = max([len(what), 3] + [len(row.name) for row in status.rows])
    header = (
        f"{'language':<9} {what:<{width}}  {'strings':>7} {'done':>6} {'fuzzy':>6} {'todo':>6}"
        f"  {'words':>7} {'done':>7} {'fuzzy':>6} {'todo':>7}  {'translated':>10}"
    )
    lines = [header, "-" * len(header)]

    def line(row: Row) -> str:
        p = row.progress
        return (
            f"{row.language:<9} {row.name:<{width}}  {p.total_strings:>7} "
            f"{p.translated_strings:>6} {p.fuzzy_strings:>6} {p.untranslated_strings:>6}  "
            f"{p.total_words:>7} {p.translated_words:>7} {p.fuzzy_words:>6} "
            f"{p.untranslated_words:>7}  {p.shown_percent:>8.1f} %"
        )

    for language_total in status.totals:
        lines += [line(row) for row in status.rows if row.language == language_total.language]
        lines.append(line(language_total))
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def render_json(status: Status, pages: bool) -> str:
    key = "pages" if pages else "reports"
    languages = []
    for language_total in status.totals:
        languages.append(
            {
                "language": language_total.language,
                **language_total.progress.as_dict(),
                key: [
                    {"name": row.name, **row.progress.as_dict()}
                    for row in status.rows
                    if row.language == language_total.language
                ],
            }
        )
    return json.dumps({"languages": languages}, indent=2, ensure_ascii=False) + "\n"
