"""How a date is written for a reader (:func:`build_tools.dates.long_date`): day first in
every language of the corpus, English included (CLDR's plain "en" is American)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from build_tools.dates import long_date

DAY = dt.date(2026, 11, 27)
#: "November 27, 2026": the American order the site and the PDFs wrote before
AMERICAN = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November"
    r"|December) \d{1,2}, \d{4}\b"
)


@pytest.mark.parametrize(
    ("language", "written"),
    [("en", "27 November 2026"), ("es", "27 de noviembre de 2026"), ("fr", "27 novembre 2026")],
)
def test_a_date_is_written_day_first_in_the_readers_language(language, written):
    assert long_date(DAY, language) == written


def test_a_date_known_to_the_month_shows_no_day():
    assert long_date(DAY, "en", month_only=True) == "November 2026"
    assert long_date(DAY, "fr", month_only=True) == "novembre 2026"


def test_no_english_page_of_the_site_writes_an_american_date(corpus: Path):
    found = {
        page.relative_to(corpus).as_posix(): match[0]
        for page in sorted((corpus / "html" / "en").rglob("*.html"))
        if (match := AMERICAN.search(page.read_text(encoding="utf-8")))
    }
    assert found == {}
