"""The collected data, published for reuse: per language, ``assessments.json`` (schema in
``build_tools/data/schemas/``), ``recommendations.csv`` and ``matrix.csv``.

Written by the HTML build into ``_data/`` of its output (so the site offers them for
download); the pipeline publishes that folder as ``_build/data/<lang>/``. Deterministic:
sorted, no timestamps.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from build_tools import __version__
from build_tools.model.convention import convention
from build_tools.model.report import country_name
from build_tools.outputs import OPEN_DATA_DIR
from build_tools.sphinx_ext.assessments import addressee_label, priority_label
from build_tools.sphinx_ext.domain import ShadowDomain, shadow_domain
from build_tools.sphinx_ext.ratings import rating_label
from build_tools.sphinx_ext.references import subject_label

SCHEMA_VERSION = "1.0"
SCHEMA_ID = "https://shadow-reports.example/schemas/assessments-1.0.json"
SCHEMA_FILE = Path(__file__).resolve().parent.parent / "data" / "schemas" / "assessments-1.0.json"
DATA_DIR = OPEN_DATA_DIR


def _report_id(docname: str) -> str:
    return docname.split("/", 1)[0]


def _country_of(domain: ShadowDomain, docname: str) -> str:
    """From the report's metadata: known once every page is read, whatever the order."""
    meta = domain.metadata_for(docname)
    return meta.country if meta is not None and meta.kind == "report" else ""


def collect(app: Sphinx) -> dict[str, Any]:
    """The whole data set in the build's language, as plain JSON-ready values."""
    domain: ShadowDomain = shadow_domain(app.env)
    language = app.config.language or "en"
    builder = app.builder

    def url(docname: str, anchor: str) -> str:
        return f"{builder.get_target_uri(docname)}#{anchor}"

    reports = []
    for name in app.config.shadow_reports:
        meta = domain.reports.get(f"{name}/index")
        if meta is None:
            continue
        reports.append(
            {
                "id": name,
                "country": meta.country,
                "country_name": country_name(meta.country, language),
                "organisations": list(meta.organisations),
                "edition": meta.edition,
                "date": meta.date.isoformat(),
                "status": meta.status.value,
            }
        )
    laws = [
        {
            "id": law_id,
            "report": _report_id(entries[0].docname),
            "country": _country_of(domain, entries[0].docname),
            "title": entries[0].law.title,
            "short_title": entries[0].law.short_title,
            "date": entries[0].law.date.isoformat() if entries[0].law.date else None,
            "reference": entries[0].law.reference,
            "url": entries[0].law.url or None,
            "status": entries[0].law.status.value,
        }
        for law_id, entries in sorted(domain.laws.items())
    ]
    assessments = []
    for entry in domain.all_assessments():
        a = entry.assessment
        article = convention().articles[a.article]
        assessments.append(
            {
                "report": _report_id(a.report),
                "article": a.article,
                "part": article.part.roman,
                "subject": subject_label(a.article),
                "in_law": {"code": a.in_law.code, "label": rating_label(a.in_law)},
                "in_practice": {"code": a.in_practice.code, "label": rating_label(a.in_practice)},
                "provisions": [
                    {"law": c.law_id, "provision": c.provision or None} for c in a.provisions
                ],
                "finding": entry.finding,
                "recommendations": [r.id for r in a.recommendations],
                "url": url(entry.docname, entry.anchor),
            }
        )
    recommendations = []
    for rec_entry in domain.all_recommendations():
        rec = rec_entry.recommendation
        recommendations.append(
            {
                "id": rec.id,
                "report": _report_id(rec.report),
                "article": rec.article,
                "addressee": {"code": rec.addressee.value, "label": addressee_label(rec.addressee)},
                "priority": {"code": rec.priority.value, "label": priority_label(rec.priority)},
                "text": rec_entry.text,
                "url": url(rec_entry.docname, rec_entry.anchor),
            }
        )
    return {
        "$schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "language": language,
        "generator": f"build_tools {__version__}",
        "reports": reports,
        "laws": laws,
        "assessments": assessments,
        "recommendations": recommendations,
    }


def recommendations_csv(data: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "report", "article", "addressee", "priority", "text"])
    for rec in data["recommendations"]:
        writer.writerow(
            [
                rec["id"],
                rec["report"],
                rec["article"],
                rec["addressee"]["code"],
                rec["priority"]["code"],
                rec["text"],
            ]
        )
    return out.getvalue()


def assessments_matrix_csv(data: dict[str, Any]) -> str:
    """One row per assessment: report x article, with both ratings (codes)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["report", "country", "article", "part", "in_law", "in_practice"])
    countries = {r["id"]: r["country"] for r in data["reports"]}
    for a in data["assessments"]:
        writer.writerow(
            [
                a["report"],
                countries.get(a["report"], ""),
                a["article"],
                a["part"],
                a["in_law"]["code"],
                a["in_practice"]["code"],
            ]
        )
    return out.getvalue()


def write_open_data(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != "html":
        return
    data = collect(app)
    folder = Path(app.outdir) / DATA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "assessments.json": json.dumps(data, ensure_ascii=False, indent=2) + "\n",
        "recommendations.csv": recommendations_csv(data),
        "matrix.csv": assessments_matrix_csv(data),
        "assessments.schema.json": SCHEMA_FILE.read_text(encoding="utf-8"),
    }
    for name, text in files.items():
        target = folder / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")


def setup_open_data(app: Sphinx) -> None:
    app.connect("build-finished", write_open_data)
