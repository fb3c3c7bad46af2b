"""The shipped corpus's open data, in every language (the corpus built once by the session
fixture of tests/conftest.py): no finding shows a law id, the JSON validates against the
schema published beside it, the CSVs open in Excel, every law that links leads to a text,
and the laws updated for the report's date say so."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import jsonschema
import pytest

from build_tools.declared import literal_settings
from build_tools.sphinx_ext.open_data import SCHEMA_NAME

LANGUAGES = ("en", "es", "fr")


@pytest.fixture(scope="module")
def data(corpus):
    return {lang: corpus / "data" / lang for lang in LANGUAGES}


@pytest.mark.parametrize("language", LANGUAGES)
def test_open_data_reads_as_the_pages(data, language):
    folder = data[language]
    records = json.loads((folder / "assessments.json").read_text(encoding="utf-8"))
    schema = json.loads((folder / SCHEMA_NAME).read_text(encoding="utf-8"))
    jsonschema.validate(records, schema, format_checker=jsonschema.FormatChecker())
    assert records["$schema"].endswith("/en/_data/" + SCHEMA_NAME)
    ids = [law["id"] for law in records["laws"]]
    pattern = re.compile("|".join(rf"(?<![\w-]){re.escape(i)}(?![\w-])" for i in ids))
    texts = [a["finding"] for a in records["assessments"]]
    texts += [r["text"] for r in records["recommendations"]]
    assert [t for t in texts if pattern.search(t)] == []
    for kind in ("laws", "assessments", "recommendations"):
        assert {(r["report_status"], r["language"]) for r in records[kind]} == {
            ("sample", language)
        }, kind
    for name in ("matrix.csv", "recommendations.csv"):
        assert (folder / name).read_bytes().startswith(b"\xef\xbb\xbf"), name


def test_laws_link_to_texts_and_stand_at_the_reports_date(data):
    records = json.loads((data["en"] / "assessments.json").read_text(encoding="utf-8"))
    laws = {law["id"]: law for law in records["laws"]}
    for law in laws.values():
        if law["url"]:
            assert urlsplit(law["url"]).path.strip("/"), law["id"]
    assert {law["id"] for law in laws.values() if law["url"]} >= {
        i for i in laws if i.startswith(("eu-dir", "eu-reg", "gb-", "es-l", "es-r"))
    }
    replaced = {i: law["replaced_by"] for i, law in laws.items() if law["replaced_by"]}
    assert (
        replaced["ie-international-protection-act-2015"] == "ie-international-protection-act-2026"
    )
    assert replaced["eu-dir-2011-98"] == "eu-dir-2024-1233"
    for new in (
        "eu-dir-2008-115",
        "eu-reg-2024-1351",
        "gb-border-security-asylum-and-immigration-act-2025",
        "fr-loi-2025-796",
        "be-loi-2025-07-18",
        "ee-constitution-amendment-2025",
    ):
        assert laws[new]["status"] == "in force", new
    assert {r["as_of"] for r in records["reports"]} == {"2026-11-27"}


def test_the_licence_is_declared_once_in_conf_py(data, corpus):
    conf = literal_settings(corpus.parent / "conf.py")
    records = json.loads((data["fr"] / "assessments.json").read_text(encoding="utf-8"))
    assert records["licence"] == conf["shadow_licence"]


UPDATED = ("ireland", "france", "united-kingdom", "estonia")  # the reports the seed calls updates


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_updated_reports_carry_their_previous_edition(data, language):
    records = json.loads((data[language] / "assessments.json").read_text(encoding="utf-8"))
    reports = {r["id"]: r for r in records["reports"]}
    for name in UPDATED:
        edition = reports[name]["previous_edition"]
        assert edition is not None and edition["status"] == "sample", name  # illustrative
        assert edition["date"].startswith("2014-"), name
    for report in set(reports) - set(UPDATED):
        assert reports[report]["previous_edition"] is None, report
    for record in records["assessments"]:
        if record["report"] in UPDATED:
            # every assessed article has the previous edition's ratings (not yet assessed
            # then, for an article this edition assesses for the first time)
            assert record["previous_ratings"] is not None, (record["report"], record["article"])
        else:
            assert record["previous_ratings"] is None and record["change"] is None
    changes = {
        r["change"]["code"]
        for r in records["assessments"]
        if r["report"] in UPDATED and r["change"]
    }
    assert {"improved", "unchanged", "worsened"} <= changes
