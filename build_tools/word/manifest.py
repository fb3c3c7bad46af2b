"""What the ``singlehtml`` build says about each report (``docx-manifest.json``, written
by :mod:`build_tools.word.sphinx_docx`), read back as typed records."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from build_tools.word.pandoc import WordError

MANIFEST = "docx-manifest.json"


@dataclass(frozen=True)
class Page:
    docname: str
    title: str

    @property
    def name(self) -> str:
        """``spain/analysis`` -> ``analysis``: what a submission profile lists."""
        return self.docname.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class AssessmentInfo:
    article: int
    in_law: str
    in_practice: str
    docname: str
    recommendations: tuple[str, ...]


@dataclass(frozen=True)
class ReportInfo:
    name: str
    docname: str
    title: str
    country: str
    country_name: str
    organisations: tuple[str, ...]
    edition: str
    date: str
    date_text: str
    status: str
    status_label: str
    status_notice: str
    fields: tuple[tuple[str, str], ...]
    pages: tuple[Page, ...]
    assessments: tuple[AssessmentInfo, ...]
    as_of: str = ""  # ISO date at which the report states the law, if declared
    isbn: str = ""
    doi: str = ""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReportInfo:
        return cls(
            name=data["name"],
            docname=data["docname"],
            title=data["title"],
            country=data["country"],
            country_name=data["country_name"],
            organisations=tuple(data["organisations"]),
            edition=data["edition"],
            date=data["date"],
            date_text=data["date_text"],
            status=data["status"],
            status_label=data["status_label"],
            status_notice=data["status_notice"],
            fields=tuple((str(a), str(b)) for a, b in data["fields"]),
            pages=tuple(Page(p["docname"], p["title"]) for p in data["pages"]),
            assessments=tuple(
                AssessmentInfo(
                    article=int(a["article"]),
                    in_law=a["in_law"],
                    in_practice=a["in_practice"],
                    docname=a["docname"],
                    recommendations=tuple(a["recommendations"]),
                )
                for a in data["assessments"]
            ),
            as_of=data.get("as_of", ""),
            isbn=data.get("isbn", ""),
            doi=data.get("doi", ""),
        )


@dataclass(frozen=True)
class Manifest:
    language: str
    collection: str
    reports: tuple[ReportInfo, ...]
    labels: dict[str, str]

    def report(self, name: str) -> ReportInfo:
        for report in self.reports:
            if report.name == name:
                return report
        valid = ", ".join(r.name for r in self.reports) or "none"
        raise WordError(f"no report '{name}' with report metadata in the build; valid: {valid}")

    @classmethod
    def read(cls, outdir: Path) -> Manifest:
        path = outdir / MANIFEST
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as error:
            raise WordError(f"{path}: missing; the singlehtml build did not finish") from error
        return cls(
            language=data["language"],
            collection=data["collection"],
            reports=tuple(ReportInfo.from_json(r) for r in data["reports"]),
            labels=dict(data.get("labels", {})),
        )
