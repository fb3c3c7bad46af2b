"""Editions in a build: the change in the card (HTML, LaTeX, text), the changes page and its
chart, the comparative count, the open data, a bad previous-edition file located, and an
edited file reaching the cards in an incremental build."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from build_tools.model.edition import Change
from build_tools.sphinx_ext.editions import change_label
from tests.sphinx_ext.test_assessments import write_project

ANALYSIS = """
::::{assessment} 25
:in-law: largely
:in-practice: not in conformity
:provisions: es-loex, art. 10

The finding.
::::

::::{assessment} 26
:in-law: partly
:in-practice: partly

Another finding.
::::
"""
PREVIOUS = """\
edition: "First edition"
title: "Alpha, first report"
date: 2014-06-16
status: sample
ratings:
  - {article: 25, in-law: partly, in-practice: not}
  - {article: 26, in-law: largely, in-practice: partly}
  - {article: 62, in-law: partly, in-practice: partly}
recommendations:
  - {id: ES-25-1, article: 25, follow-up: implemented}
"""
CHANGES = """# Changes

```{edition-changes}
```

```{chart} changes-by-part
```

```{edition-comparison}
```
"""


@pytest.fixture
def build(make_app, tmp_path):
    def run(builder: str = "html", previous: str = PREVIOUS):
        extra = {"alpha/changes.md": CHANGES, "alpha/previous-edition.yaml": previous}
        srcdir = write_project(tmp_path / "src", ANALYSIS, **extra)
        index = srcdir / "alpha" / "index.md"
        index.write_text(index.read_text().replace("analysis\n", "analysis\nchanges\n"))
        figures = srcdir / "figures"
        figures.mkdir(exist_ok=True)
        repo_figures = Path(__file__).parents[2] / "figures"
        (figures / "changes_by_part.py").write_text(
            (repo_figures / "changes_by_part.py").read_text(), encoding="utf-8"
        )
        app = make_app(builder, srcdir=srcdir, freshenv=True)
        app.build()
        return app, app.warning.getvalue()

    return run


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_card_shows_the_previous_ratings_and_the_change(build):
    app, warnings = build()
    assert "WARNING" not in warnings, warnings
    page = (app.outdir / "alpha" / "analysis.html").read_text(encoding="utf-8")
    card_25 = text_of(page[page.index('id="assessment-25"') : page.index('id="assessment-26"')])
    assert "Previous edition (2014)" in card_25
    assert "In law: Partly in conformity ; in practice: Not in conformity" in card_25
    assert 'class="shadow-change shadow-change-improved"' in page
    assert 'class="shadow-change shadow-change-worsened"' in page  # 26: largely -> partly


def test_the_changes_page_has_the_sentence_the_table_and_the_chart(build):
    app, _ = build()
    page = (app.outdir / "alpha" / "changes.html").read_text(encoding="utf-8")
    text = text_of(page)
    assert (
        "of the 2 articles rated in both editions, 1 improved, 1 worsened and 0 did not change; "
        "newly assessed: 0, no longer assessed: 1." in text
    )
    assert "its ratings are illustrative" in text  # a sample edition says so
    assert "No longer assessed" in text  # article 62, rated in 2014 only
    assert "Implemented" in text  # the follow-up of ES-25-1
    assert re.search(r'<img [^>]*changes-by-part-[^"]*\.svg', page)
    assert "Changes since the previous edition, by Part of the Convention: Spain." in page


def test_the_open_data_has_the_previous_ratings_and_the_change(build):
    app, _ = build()
    data = json.loads((app.outdir / "_data" / "assessments.json").read_text(encoding="utf-8"))
    by_article = {a["article"]: a for a in data["assessments"]}
    assert by_article[25]["previous_ratings"]["in_law"]["code"] == "partly"
    assert by_article[25]["change"]["code"] == "improved"
    assert by_article[26]["change"]["code"] == "worsened"
    assert data["reports"][0]["previous_edition"]["no_longer_assessed"] == [62]


def test_print_and_text_show_the_change_as_words(build):
    app, _ = build("text")
    text = (app.outdir / "alpha" / "analysis.txt").read_text(encoding="utf-8")
    assert "Previous edition (2014)" in text and "Improved" in text


@pytest.mark.parametrize(
    ("old", "new", "line", "says"),
    [
        ("{article: 62,", "{article: 94,", 8, r"unknown article '94'"),
        ("in-practice: not}", "in-practice: nott}", 6, r"did you mean 'not'"),
        ("follow-up: implemented", "follow-up: done it", 10, r"follow-up 'done it'.*valid:"),
    ],
)
def test_a_bad_previous_edition_is_one_located_warning(build, old, new, line, says):
    app, warnings = build(previous=PREVIOUS.replace(old, new))
    where = f"previous-edition.yaml:{line}: WARNING: previous edition: "
    assert where in warnings, warnings
    assert re.search(says, warnings) and "[shadow.edition]" in warnings
    assert warnings.count("previous edition:") == 1  # once, not once per card


def test_latex_shows_the_change_in_the_card(build):
    app, _ = build("latex")
    tex = "\n".join(p.read_text(encoding="utf-8") for p in app.outdir.glob("*.tex"))
    assert "Previous edition (2014)" in tex
    assert "Improved" in tex and "Worsened" in tex  # words, not colour alone


def test_an_edited_previous_edition_reaches_the_cards_and_the_page(build, make_app):
    app, _ = build()
    srcdir = app.srcdir
    previous = srcdir / "alpha" / "previous-edition.yaml"
    previous.write_text(
        PREVIOUS.replace("in-law: partly, in-practice: not}", "in-law: conform, in-practice: not}")
    )
    again = make_app("html", srcdir=srcdir)
    again.build()
    page = (again.outdir / "alpha" / "analysis.html").read_text(encoding="utf-8")
    card_25 = page[page.index('id="assessment-25"') : page.index('id="assessment-26"')]
    assert "shadow-change-worsened" in card_25  # conform -> largely
    changes = text_of((again.outdir / "alpha" / "changes.html").read_text(encoding="utf-8"))
    assert "0 improved, 2 worsened" in changes


def test_a_corrected_previous_edition_reaches_the_cards(build, make_app):
    app, _ = build(previous=PREVIOUS.replace("in-practice: not}", "in-practice: nott}"))
    assert "shadow-change" not in (app.outdir / "alpha" / "analysis.html").read_text()
    (app.srcdir / "alpha" / "previous-edition.yaml").write_text(PREVIOUS)
    again = make_app("html", srcdir=app.srcdir)
    again.build()
    assert "previous edition:" not in again.warning.getvalue()
    assert "shadow-change-improved" in (again.outdir / "alpha" / "analysis.html").read_text()


def test_a_report_without_a_previous_edition_says_so_and_its_cards_are_unchanged(
    make_app, tmp_path
):
    srcdir = write_project(tmp_path / "src", ANALYSIS, **{"alpha/changes.md": CHANGES})
    index = srcdir / "alpha" / "index.md"
    index.write_text(index.read_text().replace("analysis\n", "analysis\nchanges\n"))
    (srcdir / "figures").mkdir()
    (srcdir / "figures" / "changes_by_part.py").write_text(
        (Path(__file__).parents[2] / "figures" / "changes_by_part.py").read_text()
    )
    app = make_app("html", srcdir=srcdir, freshenv=True)
    app.build()
    assert "WARNING" not in app.warning.getvalue()
    changes = text_of((app.outdir / "alpha" / "changes.html").read_text(encoding="utf-8"))
    assert "This report has no previous edition." in changes
    assert "No report has a previous edition yet." in changes
    assert "Previous edition" not in (app.outdir / "alpha" / "analysis.html").read_text()


def test_the_charts_words_for_a_change_are_the_catalogues():
    """The charts translate ``Change.label``; the catalogue gets its entries from
    ``change_label``: an English word changed in one place only would leave the charts'
    word untranslated."""
    assert {c: change_label(c) for c in Change} == {c: c.label for c in Change}
