"""The ratification data: every State party with an exact date and kind, signatories as a
series of their own, and "confirmed" only where an official source read for this edition
gives the date."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from build_tools.model.ratification import ratifications, signatories
from build_tools.model.report import known_country_codes

DATA = Path(__file__).parent.parent.parent / "build_tools" / "data" / "ratifications.yaml"
EU = set("AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split())
OFFICIAL = {"cmw-annex", "cmw-annex-zh", "cmw-co", "untc"}  # read for this edition; may confirm
SOURCES = OFFICIAL | {"untc-copy", "reviewer", "un-geneva", "knowledge"}


def load() -> dict:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def test_every_party_has_an_exact_date_and_kind():
    data = load()
    parties = data["parties"]
    assert len(parties) == data["count"] == 60 and data["as_of"] == dt.date(2025, 2, 21)
    assert "UN Treaty Collection, chapter IV-13" in DATA.read_text(encoding="utf-8")
    codes = [p["iso"] for p in parties]
    assert len(set(codes)) == 60 and set(codes) <= known_country_codes()
    assert not set(codes) & EU and "GB" not in codes
    for p in parties:
        assert isinstance(p["date"], dt.date) and p["date"].year == p["year"], p  # no null
        assert p["kind"] in ("ratification", "accession", "succession"), p
        assert p["source"] in SOURCES, p
        if p["kind"] == "ratification":  # a ratification follows a signature
            assert isinstance(p["signature"], dt.date) and p["signature"] <= p["date"], p
        else:
            assert "signature" not in p, p
    assert [p["state"] for p in parties if p.get("date_precision") == "month"] == ["Zimbabwe"]


def test_confirmed_only_from_an_official_source():
    parties = load()["parties"]
    for p in parties:
        assert p["verified"] is (p["source"] in OFFICIAL), p
    for s in load()["signatories"]:
        assert s["verified"] is (s["source"] in OFFICIAL), s
    mexico = next(p for p in parties if p["iso"] == "MX")
    assert (mexico["date"], mexico["kind"], mexico["verified"]) == (
        dt.date(1999, 3, 8),
        "ratification",
        True,
    )


def test_a_date_from_concluding_observations_names_the_document_read():
    # Nigeria and Saint Vincent and the Grenadines: date and kind from the Committee's
    # concluding observations on them; each note names the symbol, which the header gives
    # with its address, so a reader can open the page that confirms the entry.
    header = DATA.read_text(encoding="utf-8").split("\nas_of:")[0]
    from_co = {p["iso"]: p for p in load()["parties"] if p["source"] == "cmw-co"}
    assert {"NG", "VC"} <= set(from_co)
    for p in from_co.values():
        symbols = re.findall(r"CMW/C/[A-Z]{3}/CO/[0-9-]+", p.get("note", ""))
        assert symbols, p
        assert f"{symbols[0]} (" in header and "docstore.ohchr.org" in header, p


def test_malawi_ratified_in_2022():
    malawi = next(p for p in load()["parties"] if p["iso"] == "MW")
    assert (malawi["year"], malawi["date"], malawi["kind"]) == (
        2022,
        dt.date(2022, 9, 23),
        "ratification",
    )


def test_signatories_are_their_own_series():
    data = load()
    parties = {p["iso"] for p in data["parties"]}
    signed = data["signatories"]
    assert {s["iso"] for s in signed} == {
        "AM", "KH", "CM", "KM", "GA", "HT", "LR", "ME", "PW", "RS", "SL",
    }  # fmt: skip
    assert not {s["iso"] for s in signed} & parties
    for s in signed:
        assert isinstance(s["signature"], dt.date) and s["source"] in SOURCES, s
    # what the charts receive
    assert len(ratifications()) == 60 and len(signatories()) == 11
    zimbabwe = next(p for p in ratifications() if p.iso == "ZW")
    assert zimbabwe.date_precision == "month"
