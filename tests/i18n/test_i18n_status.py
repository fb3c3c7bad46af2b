"""``status`` on PO files with hand-counted strings and words (see the comments at the top
of each file in tests/roots/i18n-status): fuzzy never counts as translated, obsolete
entries are not counted, ``--min`` fails below the threshold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from build_tools.i18n.cli import status_main
from build_tools.i18n.errors import I18nError
from build_tools.i18n.layout import Layout
from build_tools.i18n.status import Progress, collect, page_progress, word_count
from tests.conftest import ROOTS

ROOT = ROOTS / "i18n-status"
ES = ROOT / "locale/es/LC_MESSAGES"


def status(*args: str) -> int:
    return status_main(["--root", str(ROOT), *args])


def test_page_progress_counts_words_and_strings_fuzzy_apart() -> None:
    progress = page_progress(ES / "index.po")
    assert progress == Progress(
        translated_words=8,
        fuzzy_words=3,
        total_words=15,
        translated_strings=2,
        fuzzy_strings=1,
        total_strings=4,
    )
    assert (progress.untranslated_words, progress.untranslated_strings) == (4, 1)
    assert progress.percent == pytest.approx(100 * 8 / 15)
    assert progress.shown_percent == 53.3


def test_a_fully_fuzzy_page_is_not_translated() -> None:
    intro = page_progress(ES / "alpha/intro.po")
    assert (intro.translated_words, intro.fuzzy_words, intro.total_words) == (1, 5, 6)
    assert intro.shown_percent == 16.6  # rounded down, never up


def test_word_count() -> None:
    assert word_count("Migrant Workers' Rights") == 3
    assert word_count("Under article 25, rights apply.") == 5
    assert word_count("") == 0


def test_by_report_and_language() -> None:
    result = collect(Layout.load(ROOT), ("es", "fr"))
    rows = {(r.language, r.name): r.progress for r in result.rows}
    assert list(rows) == [
        ("es", "collection"),
        ("es", "alpha"),
        ("es", "interface"),
        ("fr", "collection"),
    ]
    assert rows["es", "alpha"] == Progress(4, 5, 12, 2, 1, 4)
    assert rows["es", "interface"] == Progress(2, 0, 2, 2, 0, 2)
    totals = {r.language: r.progress for r in result.totals}
    assert totals["es"] == Progress(14, 8, 29, 6, 2, 10)
    assert totals["es"].shown_percent == 48.2
    assert totals["fr"] == Progress(2, 0, 2, 1, 0, 1)


def test_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert status("--languages", "es") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == [
        "language", "report", "strings", "done", "fuzzy", "todo",
        "words", "done", "fuzzy", "todo", "translated",
    ]  # fmt: skip
    assert lines[2].split() == [
        "es",
        "collection",
        "4",
        "2",
        "1",
        "1",
        "15",
        "8",
        "3",
        "4",
        "53.3",
        "%",
    ]
    assert lines[5].split() == ["es", "all", "10", "6", "2", "2", "29", "14", "8", "7", "48.2", "%"]


def test_json_per_page(capsys: pytest.CaptureFixture[str]) -> None:
    assert status("--pages", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    es = data["languages"][0]
    assert es["language"] == "es" and es["percent"] == 48.2
    assert es["words"] == {"translated": 14, "fuzzy": 8, "untranslated": 7, "total": 29}
    pages = {page["name"]: page for page in es["pages"]}
    assert list(pages) == ["index", "alpha/index", "alpha/intro", "shadow-interface"]
    assert pages["alpha/index"]["strings"] == {
        "translated": 1,
        "fuzzy": 0,
        "untranslated": 1,
        "total": 2,
    }
    assert pages["alpha/index"]["percent"] == 50.0


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--min", "48"], 0),  # es 48.2 %, fr 100 %
        (["--min", "48.3"], 1),
        (["--min", "50", "--languages", "fr"], 0),
        (["--min", "40", "--pages"], 1),  # es alpha/intro is at 16.6 %
        (["--min", "16", "--pages"], 0),
        (["--min", "0"], 0),
    ],
)
def test_min_exit_codes(args: list[str], code: int, capsys: pytest.CaptureFixture[str]) -> None:
    assert status(*args) == code
    if code:
        assert "below" in capsys.readouterr().err


def test_min_must_be_a_percentage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        status("--min", "120")
    assert "between 0 and 100" in capsys.readouterr().err


def test_pages_without_a_po_file_count_when_templates_are_given(tmp_path: Path) -> None:
    pot = tmp_path / "alpha/new.pot"
    pot.parent.mkdir()
    pot.write_text('msgid ""\nmsgstr ""\n\nmsgid "Four words of source"\nmsgstr ""\n')
    result = collect(Layout.load(ROOT), ("es",), pages=True, pot_dir=tmp_path)
    rows = {r.name: r.progress for r in result.rows}
    assert rows["alpha/new"] == Progress(0, 0, 4, 0, 0, 1)


def test_a_broken_po_file_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.po"
    bad.write_text('msgid "a"\nmsgstr "b"\nmsgstr "c"\n', encoding="utf-8")
    with pytest.raises(I18nError) as raised:
        page_progress(bad)
    assert str(raised.value).startswith(f"{bad}:3: ")
