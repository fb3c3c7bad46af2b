"""The submission profile: the Word file the UN Committee on Migrant Workers receives.

The same conversion as the export (:mod:`build_tools.word.export`), with a cover page
(organisation, contact, date, report, language, whether it may be published) and only
the chapters the profile lists (``build_tools/data/submission.yaml``). Written to
``_build/submission/<lang>/<report>.docx`` by the pipeline's ``submission`` format (a job
per language, incremental like ``docx``); its word count is printed, because the Committee
sets limits on the length of what it receives.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel import Locale
from lxml import etree

from build_tools.dates import build_date, long_date
from build_tools.model import yamldata
from build_tools.pipeline.jobs import Item, JobError, Work
from build_tools.word.export import ConvertOptions, convert_reports, versions
from build_tools.word.manifest import Manifest, ReportInfo
from build_tools.word.pandoc import InputError, WordError
from build_tools.word.reference import PAGE_BREAK_STYLE

PROFILE = Path(__file__).resolve().parent.parent / "data" / "submission.yaml"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True)
class Profile:
    """What one report's submission contains; see ``data/submission.yaml``."""

    contact: str
    publishable: bool
    organisation: str = ""
    date: str = ""
    chapters: tuple[str, ...] | None = None


def load_profile(path: Path, report: str) -> Profile:
    """The profile of ``report``: its own entry over ``default``. The file is validated
    against ``data/schemas/submission.schema.json``; errors name the file and line."""
    try:
        document = yamldata.load(path, "submission")
    except yamldata.DataError as error:
        raise InputError(str(error)) from None
    data = document.data or {}
    merged: dict[str, Any] = {}
    for name in ("default", report):
        merged.update(data.get(name) or {})
    if not str(merged.get("contact") or "").strip():
        line = document.line(report) if report in data else document.line("default")
        where = f"{path}:{line}" if line else f"{path}"
        raise InputError(f"{where}: no contact for '{report}' (the Committee needs one)")
    if "publishable" not in merged:
        raise InputError(f"{path}: '{report}': publishable must be true or false")
    date = merged.get("date")
    chapters = merged.get("chapters")
    return Profile(
        contact=str(merged["contact"]).strip(),
        publishable=merged["publishable"],
        organisation=str(merged.get("organisation") or "").strip(),
        date=date.isoformat() if isinstance(date, dt.date) else str(date or ""),
        chapters=tuple(str(c) for c in chapters) if chapters else None,
    )


def check_chapters(profile: Profile, report: ReportInfo, path: Path) -> None:
    if profile.chapters is None:
        return
    valid = [page.name for page in report.pages]
    unknown = [c for c in profile.chapters if c not in valid and f"{report.name}/{c}" not in valid]
    if unknown:
        raise InputError(
            f"{path}: '{report.name}': no chapter {', '.join(unknown)}; valid: {', '.join(valid)}"
        )


def cover_html(manifest: Manifest, report: ReportInfo, profile: Profile, build_day: dt.date) -> str:
    """The cover: a table of what the Committee needs to know, then a page break. Its
    date is the profile's, else the build's (same commit, same bytes)."""
    labels = manifest.labels
    language = Locale.parse(manifest.language)
    date = dt.date.fromisoformat(profile.date) if profile.date else build_day
    rows = [
        (labels["organisation"], profile.organisation or "; ".join(report.organisations)),
        (labels["contact"], profile.contact),
        (labels["date"], long_date(date, manifest.language)),
        (labels["report"], report.title),
        (labels["language"], (language.display_name or manifest.language).capitalize()),
        (labels["publishable"], labels["yes"] if profile.publishable else labels["no"]),
    ]
    cells = "".join(
        f"<tr><td><p><strong>{html.escape(label)}</strong></p></td>"
        f"<td><p>{html.escape(value)}</p></td></tr>"
        for label, value in rows
    )
    return (
        f"<p><strong>{html.escape(labels['heading'])}</strong></p>"
        '<table><colgroup><col style="width: 30%"><col style="width: 70%"></colgroup>'
        f"<tbody>{cells}</tbody></table>"
        f'<div data-custom-style="{PAGE_BREAK_STYLE}"><p>\u00a0</p></div>'
    )


@dataclass(frozen=True)
class WordCount:
    body: int
    footnotes: int

    @property
    def total(self) -> int:
        return self.body + self.footnotes


def word_count(docx: Path) -> WordCount:
    """Words as Word counts them, roughly: runs of non-space characters, in the body
    (tables included) and in the footnotes."""

    def count(xml: bytes) -> int:
        root = etree.fromstring(xml)
        words = 0
        for paragraph in root.iter(f"{W}p"):
            text = "".join(t.text or "" for t in paragraph.iter(f"{W}t"))
            words += len(re.findall(r"\S+", text))
        return words

    with zipfile.ZipFile(docx) as archive:
        body = count(archive.read("word/document.xml"))
        names = archive.namelist()
        notes = count(archive.read("word/footnotes.xml")) if "word/footnotes.xml" in names else 0
    return WordCount(body, notes)


def profiles(path: Path, reports: tuple[str, ...]) -> dict[str, Profile]:
    """The profile of every report asked for (an InputError names the file)."""
    return {name: load_profile(path, name) for name in reports}


def describe_submission(item: Item) -> str:
    c = item.counts
    return (
        f"{item.name}: {item.state} {item.path}: {c['words']} words ({c['words_body']} in "
        f"the text and tables, {c['words_footnotes']} in footnotes)"
    )


def words(docx: Path) -> dict[str, int]:
    count = word_count(docx)
    return {"words": count.total, "words_body": count.body, "words_footnotes": count.footnotes}


def submission_job(work: Work) -> list[Item]:
    """The ``submission`` job of one language: the single page, then a submission of each
    report asked for, with its word count."""
    profile_path = work.job.profile or PROFILE
    work.say(f"Word submission with {versions()}")
    try:
        chosen = profiles(profile_path, work.job.targets)  # a bad profile: before Sphinx
        build_day = build_date(work.project.root, work.env)
        work.stage()  # the singlehtml page Word and the PDF share

        def options_of(manifest: Manifest, report: ReportInfo) -> ConvertOptions:
            profile = chosen[report.name]
            check_chapters(profile, report, profile_path)
            return ConvertOptions(
                chapters=profile.chapters,
                cover_html=cover_html(manifest, report, profile, build_day),
                extra_metadata={"description": manifest.labels["heading"]},
            )

        return convert_reports(work, options_of, describe_submission, words)
    except InputError as error:
        raise JobError(str(error), refused=True) from None
    except WordError as error:
        raise JobError(str(error)) from None
