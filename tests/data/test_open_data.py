"""The open data as readers see it: findings in the page's words, every record and row
marked with its report's status and language, labels beside codes, CSVs that Excel opens
with their accents, absolute URLs, the licence, and the JSON valid against the schema
published beside it."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import jsonschema
import pytest

from build_tools.sphinx_ext.open_data import SCHEMA_NAME

BASE = "https://reports.example.org/collection/en/"


def _data(app) -> tuple[Path, dict]:
    folder = Path(app.outdir) / "_data"
    return folder, json.loads((folder / "assessments.json").read_text(encoding="utf-8"))


@pytest.mark.sphinx("html", testroot="open-data")
def test_findings_read_as_the_page_shows_them(app):
    app.build()
    _, data = _data(app)
    law_ids = {law["id"] for law in data["laws"]}
    texts = [a["finding"] for a in data["assessments"]]
    texts += [r["text"] for r in data["recommendations"]]
    for text in texts:
        for law_id in law_ids:
            assert not re.search(rf"(?<![\w-]){re.escape(law_id)}(?![\w-])", text), text
    first = data["assessments"][0]["finding"]
    assert first.startswith("Under LOEX, art. 36.5, a worker in an irregular situation")
    assert "as article 25 requires" in first  # {article}`25` as the page writes it
    assert "see also the regulation." in first  # the author's own words for a law
    assert data["assessments"][1]["finding"] == (
        "Regularisation under Real Decreto 2393/2004, de 30 de diciembre in 2005, "
        "and now under RD 1155/2024."
    )
    assert data["recommendations"][0]["text"].startswith("Tell workers what LOEX, art. 36.5")
    assert data["assessments"][0]["provisions"] == [
        {"law": "es-loex", "provision": "art. 36.5", "text": "LOEX, art. 36.5"}
    ]


@pytest.mark.sphinx("html", testroot="open-data")
def test_every_record_names_its_status_and_language(app):
    app.build()
    _, data = _data(app)
    assert data["licence"] == {
        "name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    (report,) = data["reports"]
    assert (report["status"], report["language"], report["as_of"]) == ("sample", "en", "2026-10-31")
    for kind in ("laws", "assessments", "recommendations"):
        for record in data[kind]:
            assert (record["report_status"], record["language"]) == ("sample", "en"), kind
    for record in data["assessments"] + data["recommendations"]:
        assert record["url"].startswith(BASE + "alpha/analysis.html#"), record["url"]
    repealed = next(law for law in data["laws"] if law["id"] == "es-rd-2393-2004")
    assert (repealed["status"], repealed["replaced_by"]) == ("repealed", "es-rd-1155-2024")
    assert repealed["eli"] == repealed["url"] == "https://www.boe.es/eli/es/rd/2004/12/30/2393"
    assert repealed["page"] == BASE + "alpha/legal-framework.html#law-es-rd-2393-2004"


@pytest.mark.sphinx("html", testroot="open-data")
def test_csvs_carry_labels_subject_status_and_open_in_excel(app):
    app.build()
    folder, _ = _data(app)
    for name in ("matrix.csv", "recommendations.csv"):
        raw = (folder / name).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), name  # UTF-8 BOM: Excel reads UTF-8
        assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""), name  # RFC 4180
    with open(folder / "matrix.csv", newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0] == {
        "report": "alpha",
        "country": "ES",
        "country_name": "Spain",
        "article": "25",
        "part": "III",
        "subject": "Equal pay and working conditions",
        "in_law": "largely",
        "in_law_label": "Largely in conformity",
        "in_practice": "partly",
        "in_practice_label": "Partly in conformity",
        # no previous edition: the edition's columns are there, empty
        "previous_in_law": "",
        "previous_in_practice": "",
        "change": "",
        "change_label": "",
        "report_status": "sample",
        "language": "en",
        "url": BASE + "alpha/analysis.html#assessment-25",
    }
    with open(folder / "recommendations.csv", newline="", encoding="utf-8-sig") as handle:
        (rec,) = list(csv.DictReader(handle))
    assert rec["addressee_label"] == "Government" and rec["priority_label"] == "High priority"
    assert rec["subject"] == "Equal pay and working conditions"
    assert "Ávila" in rec["text"]  # accents survive
    assert (rec["report_status"], rec["language"]) == ("sample", "en")


@pytest.mark.sphinx("html", testroot="open-data")
def test_json_validates_against_the_published_schema(app, warning):
    app.build()
    folder, data = _data(app)
    schema = json.loads((folder / SCHEMA_NAME).read_text(encoding="utf-8"))
    # $schema names the address the schema is published at, and the schema says so
    assert data["$schema"] == schema["$id"] == BASE + "_data/" + SCHEMA_NAME
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    assert "shadow.open-data" not in warning.getvalue()


@pytest.mark.sphinx("html", testroot="open-data")
def test_data_page_lists_files_fields_and_licence(app):
    app.build()
    page = (Path(app.outdir) / "data.html").read_text(encoding="utf-8")
    for name in ("assessments.json", "matrix.csv", "recommendations.csv", SCHEMA_NAME):
        assert f'href="_data/{name}"' in page
    assert "report_status" in page and "finding" in page  # fields, from the schema
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in page


@pytest.mark.sphinx(
    "html",
    testroot="open-data",
    confoverrides={"shadow_licence": {"name": "CC BY 4.0"}},
    srcdir="open-data-bad-licence",
)
def test_a_licence_without_address_is_refused(make_app, app_params):
    from sphinx.errors import ConfigError

    args, kwargs = app_params
    with pytest.raises(ConfigError, match="shadow_licence"):
        make_app(*args, **kwargs)
