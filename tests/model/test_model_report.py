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


def test_isbn_and_doi_are_optional_and_kept_as_written():
    meta = parse_report_metadata(
        "report",
        {**VALID, "isbn": " 978-0-306-40615-7 ", "doi": "https://doi.org/10.5281/zenodo.1234567"},
    )
    assert meta.isbn == "978-0-306-40615-7"
    assert meta.doi == "10.5281/zenodo.1234567"  # the resolver's address taken off
    assert parse_report_metadata("report", VALID).isbn == ""


@pytest.mark.parametrize(
    ("isbn", "message"),
    [
        ("978-0-306-40615-8", "check digit 8; the first twelve digits give 7"),
        ("0-306-40615-2", "is an ISBN-10: give the 13-digit ISBN"),
        ("978-0-306-4061", "13 digits starting with 978 or 979"),
        ("ISBN 978-0-306-40615-7", "13 digits starting with 978 or 979"),
    ],
)
def test_a_wrong_isbn_says_what_is_wrong(isbn, message):
    with pytest.raises(ModelError, match=message) as info:
        parse_report_metadata("report", {**VALID, "isbn": isbn})
    assert info.value.field == "isbn"


@pytest.mark.parametrize("doi", ["10.12/abc", "doi.org/10.5281/x", "10.5281/with space"])
def test_a_wrong_doi_says_what_a_doi_is(doi):
    with pytest.raises(ModelError, match="a registrant number of 4 to 9 digits") as info:
        parse_report_metadata("report", {**VALID, "doi": doi})
    assert info.value.field == "doi"
