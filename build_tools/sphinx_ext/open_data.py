"""The collected data, published for reuse: per language, ``assessments.json`` (schema in
``build_tools/data/schemas/``), ``recommendations.csv`` and ``matrix.csv``.

Written by the HTML build into ``_data/`` of its output (so the site offers them for
download); the pipeline publishes that folder as ``_build/data/<lang>/``. Deterministic:
sorted, no timestamps. The records are the collection's
(:meth:`~build_tools.model.collection.Collection.open_data`); this module adds the words
of the build's language, the addresses of the pages, and the envelope. What is written is
validated against the published schema, in every HTML build: a record that does not match
is a warning at the output file and the record's JSON path.
"""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from sphinx.application import Sphinx

from build_tools import __version__
from build_tools.model.assessment import Addressee, Priority
from build_tools.model.rating import Rating
from build_tools.outputs import OPEN_DATA_DIR
from build_tools.sphinx_ext.assessments import addressee_label, priority_label
from build_tools.sphinx_ext.collection import collection_of
from build_tools.sphinx_ext.ratings import rating_label
from build_tools.sphinx_ext.references import subject_label
from build_tools.sphinx_ext.warnings import warn

SCHEMA_VERSION = "1.0"
SCHEMA_ID = "https://shadow-reports.example/schemas/assessments-1.0.json"
SCHEMA_FILE = Path(__file__).resolve().parent.parent / "data" / "schemas" / "assessments-1.0.json"
DATA_DIR = OPEN_DATA_DIR


class Labels:
    """The open data's words, from the interface catalogue of the build's language."""

    def rating(self, rating: Rating) -> str:
        return rating_label(rating)

    def addressee(self, addressee: Addressee) -> str:
        return addressee_label(addressee)

    def priority(self, priority: Priority) -> str:
        return priority_label(priority)

    def subject(self, article: int) -> str:
        return subject_label(article)


def collect(app: Sphinx) -> dict[str, Any]:
    """The whole data set in the build's language, as plain JSON-ready values."""
    language = app.config.language or "en"
    builder = app.builder

    def url(docname: str, anchor: str) -> str:
        return f"{builder.get_target_uri(docname)}#{anchor}"

    return {
        "$schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "language": language,
        "generator": f"build_tools {__version__}",
        **collection_of(app.env).open_data(language, Labels(), url),
    }


@cache
def _validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def schema_errors(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(JSON path, what is wrong) for every part of ``data`` the schema refuses, in order."""
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.path)))
    return [(error.json_path, error.message) for error in errors]


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
    for json_path, message in schema_errors(data):
        warn(
            "open-data",
            str(folder / "assessments.json"),
            "open data: %s does not match %s: %s",
            json_path,
            SCHEMA_FILE.name,
            message,
        )
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
