"""The law fields (``:eli:``, ``:replaced-by:``), ``:as-of:`` on a report, and the rules on
them: a link that is only a home page, a rated assessment resting on a repealed law."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from build_tools.model.assessment import parse_assessment
from build_tools.model.collection import Collection
from build_tools.model.convention import convention
from build_tools.model.errors import ModelError
from build_tools.model.law import (
    Citation,
    LawMention,
    LawStatus,
    parse_instrument,
    render_prose,
)
from build_tools.model.records import AssessmentEntry, LawEntry
from build_tools.model.report import ReportId, parse_report_metadata

REPO = Path(__file__).parent.parent.parent


def law(law_id: str, **fields: str):
    return parse_instrument(law_id, "ES", {"title": law_id.upper(), "reference": "BOE", **fields})


def test_eli_and_replacement():
    old = law(
        "es-rd-2393-2004",
        eli="https://www.boe.es/eli/es/rd/2004/12/30/2393",
        **{"replaced-by": "es-rd-1155-2024"},
    )
    assert old.status is LawStatus.REPEALED  # replaced means repealed
    assert old.link == old.eli and old.link_has_path
    with pytest.raises(ModelError, match="cannot be in force"):
        law("es-a", status="in force", **{"replaced-by": "es-b"})
    with pytest.raises(ModelError, match="invalid eli"):
        law("es-a", eli="data.europa.eu/eli/dir/2024/1233/oj")
    assert not law("es-a", url="https://www.boe.es").link_has_path
    assert not law("es-a", url="https://www.boe.es/").link_has_path


def test_as_of_is_the_date_the_law_is_stated_at():
    fields = {
        "country": "ES",
        "organisations": "A",
        "edition": "1",
        "date": "2026-11-27",
        "status": "sample",
    }
    assert parse_report_metadata("report", fields).law_date == dt.date(2026, 11, 27)
    meta = parse_report_metadata("report", {**fields, "as-of": "2026-06-12"})
    assert meta.as_of == meta.law_date == dt.date(2026, 6, 12)
    with pytest.raises(ModelError, match="after the report's date"):
        parse_report_metadata("report", {**fields, "as-of": "2027-01-01"})


def test_law_mentions_render_as_short_titles():
    laws = {"es-loex": law("es-loex", short="LOEX")}
    prose = (
        "Under ",
        LawMention(Citation("es-loex", "art. 36.5")),
        ", and ",
        LawMention(Citation("es-loex"), "the organic law"),
        ".",
    )
    assert render_prose(prose, laws) == "Under LOEX, art. 36.5, and the organic law."


def _collection(laws, provisions: str, rating: str = "largely") -> Collection:
    fields = {"in-law": rating, "in-practice": rating, "provisions": provisions}
    assessment = parse_assessment(convention(), ReportId("spain"), "69", fields)
    return Collection.build(
        ["spain"],
        {},
        {x.id: [LawEntry("spain/legal-framework", 1 + i, x)] for i, x in enumerate(laws)},
        {("spain", 69): [AssessmentEntry("spain/part-iv", 9, assessment, "assessment-69")]},
        {},
        ["spain/index", "spain/legal-framework", "spain/part-iv"],
    )


def test_home_page_links_and_repealed_laws_are_reported():
    old = law(
        "es-old", eli="https://www.boe.es/eli/es/rd/2004/12/30/2393", **{"replaced-by": "es-new"}
    )
    new = law("es-new", url="https://www.boe.es")
    found = _collection([old, new], "es-old").problems(lambda page: page + ".md")
    subtypes = sorted(p.subtype for p in found if p.subtype != "metadata")
    assert subtypes == ["law-link", "repealed-law"]
    repealed = next(p for p in found if p.subtype == "repealed-law")
    assert "article 69" in repealed.message and "replaced by es-new" in repealed.message
    assert repealed.where.docname == "spain/part-iv"
    # citing the law that replaced it beside it says the old law still matters
    both = _collection([old, law("es-new")], "es-old; es-new").problems(str)
    assert not [p for p in both if p.subtype in ("law-link", "repealed-law")]
    # an assessment not yet rated rests on nothing
    unrated = _collection([old, law("es-new")], "es-old", rating="not yet assessed")
    assert not [p for p in unrated.problems(str) if p.subtype == "repealed-law"]


def _declared_laws():
    """(page, id, options) of every {law} the corpus declares (the handbook's are examples)."""
    declared = re.compile(r"^(?:```|:::)\{law\} (\S+)\n((?::[^\n]*\n)*)", re.M)
    for page in sorted((REPO / "reports").rglob("*.md")):
        if "handbook" in page.parts:
            continue
        for law_id, options in declared.findall(page.read_text(encoding="utf-8")):
            fields = dict(
                (k.strip(), v.strip())
                for k, _, v in (line[1:].partition(":") for line in options.splitlines())
            )
            yield page, law_id, fields


def test_corpus_links_lead_to_texts_and_elis_are_set():
    """Every link a declared law of the corpus gives has a path on its site, the laws of
    jurisdictions with an ELI (EU, UK, Ireland, Spain) give one, and an address that is an ELI
    (Riigi Teataja's, Justel's) is declared as the law's :eli:, not as a plain :url:."""
    missing = []
    for page, law_id, fields in _declared_laws():
        for key in ("url", "eli"):
            if key in fields:
                assert law(law_id, **{key: fields[key]}).link_has_path, (page, law_id)
        assert "/eli/" not in fields.get("url", ""), (page, law_id)
        if law_id.split("-")[0] in ("eu", "gb", "es") and "eli" not in fields:
            missing.append(law_id)
    # the EU Treaties link to EUR-Lex by their CELEX number
    assert sorted(missing) == ["eu-charter", "eu-tfeu"]


JUSTEL_ELI = re.compile(
    r"^https://www\.ejustice\.just\.fgov\.be/eli/[a-z]+/(\d{4})/(\d{2})/(\d{2})/(\w{10})/justel$"
)


def test_justel_elis_name_the_declared_act():
    """A Justel ELI is built from the act's date and its NUMAC: the date in the address is the
    law's :date:, and the NUMAC is the one its reference gives, so an address copied from
    another act of the same day, or a NUMAC mistyped in one of the two, fails here."""
    checked = 0
    for page, law_id, fields in _declared_laws():
        eli = fields.get("eli", "")
        if "ejustice.just.fgov.be" not in eli:
            continue
        match = JUSTEL_ELI.match(eli)
        assert match, (page, law_id, eli)
        year, month, day, numac = match.groups()
        assert fields["date"] == f"{year}-{month}-{day}", (page, law_id)
        cited = re.search(r"NUMAC (\w{10})", fields["reference"], re.I)
        assert cited and cited.group(1) == numac, (page, law_id)
        checked += 1
    assert checked >= 10
