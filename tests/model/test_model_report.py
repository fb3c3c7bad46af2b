"""Report metadata as the model validates it, without Sphinx."""

import datetime as dt

import pytest

from build_tools.model.errors import ModelError
from build_tools.model.report import Status, country_name, parse_report_metadata

VALID = {
    "country": "es",
    "organisations": "One; Two ;",
    "edition": "Sample edition",
    "date": "2026-11-27",
    "status": "Sample",
}


def test_valid_metadata_is_normalised():
    meta = parse_report_metadata("report", VALID)
    assert meta.country == "ES"
    assert meta.organisations == ("One", "Two")
    assert meta.date == dt.date(2026, 11, 27)
    assert meta.status is Status.SAMPLE and meta.status.is_provisional


@pytest.mark.parametrize("field", ["country", "organisations", "edition", "date", "status"])
def test_missing_field_is_named(field):
    fields = {k: v for k, v in VALID.items() if k != field}
    with pytest.raises(ModelError, match=f"missing required field '{field}'") as info:
        parse_report_metadata("report", fields)
    assert info.value.field == field


def test_collection_needs_no_country():
    fields = {k: v for k, v in VALID.items() if k != "country"}
    assert parse_report_metadata("collection", fields).country == ""


def test_unknown_country_suggests_valid_codes():
    with pytest.raises(ModelError, match="unknown country code 'XQ'.*ISO 3166-1"):
        parse_report_metadata("report", {**VALID, "country": "XQ"})


def test_eu_and_comparative_are_accepted():
    assert parse_report_metadata("report", {**VALID, "country": "EU"}).country == "EU"
    meta = parse_report_metadata("report", {**VALID, "country": "comparative"})
    assert meta.is_comparative


def test_unknown_status_lists_the_valid_ones():
    message = "unknown status 'published': valid are draft, sample, final"
    with pytest.raises(ModelError, match=message):
        parse_report_metadata("report", {**VALID, "status": "published"})


def test_bad_date_says_the_format():
    with pytest.raises(ModelError, match="YYYY-MM-DD"):
        parse_report_metadata("report", {**VALID, "date": "27/11/2026"})


def test_country_names_follow_the_language():
    assert country_name("ES", "es") == "España"
    assert country_name("BE", "fr") == "Belgique"
    assert country_name("EE", "en") == "Estonia"
