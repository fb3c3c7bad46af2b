"""Charts in a build: translated, cached by their inputs, deterministic, accessible, and
errors that name the page, the chart and the script."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from build_tools.checks import pdf as pdf_check
from tests.conftest import REPO

FIGURES = str(REPO / "figures")


def build(make_app, srcdir: Path, builder: str = "html", **overrides: str):
    conf = {"shadow_figures_dir": FIGURES, "shadow_chart_cache": str(srcdir / "_cache")}
    app = make_app(builder, srcdir=srcdir, confoverrides={**conf, **overrides})
    app.build()
    return app


def stats(app) -> dict:
    return json.loads((Path(app.doctreedir) / ".shadow-charts.json").read_text(encoding="utf-8"))


@pytest.fixture
def project(rootdir, tmp_path) -> Path:
    target = tmp_path / "charts"
    shutil.copytree(rootdir / "test-charts", target)
    return target


def test_translated_chart_has_translated_words_only(make_app, project):
    app = build(make_app, project, language="es")
    assert app.warning.getvalue() == ""
    images = Path(app.outdir) / "_images"
    svg = next(images.glob("ratings-by-part-es-*.svg")).read_text(encoding="utf-8")
    assert "Calificaciones por parte: España" in svg and "Conforme" in svg
    assert "Ratings by Part" not in svg and "In conformity" not in svg
    page = (Path(app.outdir) / "charts.html").read_text(encoding="utf-8")
    assert '<details class="shadow-chart-data">' in page  # the data, beside the chart
    assert 'alt="' in page and "España" in page


@pytest.mark.slow
def test_rebuilds_are_byte_identical_and_a_noop_draws_nothing(make_app, project, tmp_path):
    first = build(make_app, project)
    assert stats(first)["drawn"] == 3
    files = {p.name: p.read_bytes() for p in (project / "_cache").iterdir()}

    # a fresh output folder, same cache: everything reused
    shutil.rmtree(first.outdir)
    again = build(make_app, project)
    counts = stats(again)
    assert (counts["drawn"], counts["reused"], counts["files"]) == (0, 3, [])

    # a fresh cache: drawn again, byte for byte the same
    shutil.rmtree(project / "_cache")
    shutil.rmtree(again.outdir)
    redrawn = build(make_app, project)
    assert stats(redrawn)["drawn"] == 3
    assert {p.name: p.read_bytes() for p in (project / "_cache").iterdir()} == files


@pytest.mark.slow
def test_changing_one_rating_redraws_only_the_charts_that_use_it(make_app, project):
    build(make_app, project)
    beta = project / "beta" / "analysis.md"
    beta.write_text(
        beta.read_text(encoding="utf-8").replace(":in-law: largely", ":in-law: partly"),
        encoding="utf-8",
    )
    second = build(make_app, project)
    record = stats(second)
    # the heat map shows beta; alpha's chart and the ratification chart do not
    assert record["drawn"] == 1 and record["reused"] == 2
    assert record["files"][0].startswith("heatmap-en-")


@pytest.mark.slow
def test_chart_pdf_in_latex_has_no_type3_font(make_app, project):
    app = build(make_app, project, "latex", latex_engine="xelatex")
    pdfs = sorted(Path(app.outdir).glob("*-en-*.pdf"))
    assert len(pdfs) == 3
    for chart in pdfs:
        assert pdf_check.font_problems(chart) == []
        assert pdf_check.fonts(chart), f"{chart.name}: no font, text drawn as paths?"
    tex = (Path(app.outdir) / "shadow-reports.tex").read_text(encoding="utf-8")
    assert "sphinxincludegraphics" in tex and "ratings-by-part-en-" in tex


@pytest.mark.parametrize(
    ("directive", "message"),
    [
        ("```{chart} pie\n```", "chart: unknown chart 'pie': no pie.py in"),
        (
            "```{chart} ratings-by-part\n:report: atlantis\n```",
            "chart 'ratings-by-part': no report for :report: atlantis; valid: alpha, beta",
        ),
        (  # the former name still works, with a warning of its own
            "```{chart} ratings-by-part\n:country: atlantis\n```",
            "chart 'ratings-by-part': :country: is the former name of :report:; "
            "write :report: atlantis",
        ),
        ("```{chart} broken\n```", "chart 'broken': "),
    ],
)
def test_bad_charts_are_located(make_app, project, tmp_path, directive, message):
    figures = tmp_path / "figures"
    shutil.copytree(FIGURES, figures)
    (figures / "broken.py").write_text(
        'NEEDS = "collection"\n\n\ndef draw(data, _):\n    raise ValueError("no data")\n\n\n'
        "def describe(data, _):\n    return ''\n\n\ndef table(data, _):\n    return [], []\n",
        encoding="utf-8",
    )
    (project / "charts.md").write_text(f"# Charts\n\n{directive}\n", encoding="utf-8")
    app = build(make_app, project, shadow_figures_dir=str(figures))
    warnings = app.warning.getvalue()
    assert message in warnings
    if "broken" in directive:  # once, at the script's line, naming the pages that use it
        assert (
            f"{figures / 'broken.py'}:5: WARNING: chart 'broken': draw() raised ValueError: "
            "no data; used on "
        ) in warnings
        assert "charts.md:3" in warnings
    else:
        assert "charts.md:3: WARNING: " in warnings


@pytest.mark.slow
def test_an_older_version_of_a_chart_is_not_published(make_app, project):
    build(make_app, project)
    images = project / "_build" / "html" / "_images"
    before = {p.name for p in images.glob("heatmap-*.svg")}
    beta = project / "beta" / "analysis.md"
    beta.write_text(
        beta.read_text(encoding="utf-8").replace(":in-law: largely", ":in-law: partly"),
        encoding="utf-8",
    )
    build(make_app, project)
    after = {p.name for p in images.glob("heatmap-*.svg")}
    assert len(after) == 1 and after != before


@pytest.mark.slow
def test_a_parallel_build_draws_the_same_charts_ahead_and_counts_them_once(make_app, project):
    conf = {"shadow_figures_dir": FIGURES, "shadow_chart_cache": str(project / "_cache")}
    parallel = make_app("html", srcdir=project, parallel=2, confoverrides=conf)
    parallel.build()
    assert parallel.warning.getvalue() == ""
    record = stats(parallel)
    assert (record["drawn"], record["reused"]) == (3, 0)  # drawn ahead, counted once
    files = {p.name: p.read_bytes() for p in (project / "_cache").iterdir()}
    pages = {p.name: p.read_bytes() for p in Path(parallel.outdir).glob("*.html")}
    shutil.rmtree(project / "_cache")
    shutil.rmtree(parallel.outdir)

    serial = make_app("html", srcdir=project, freshenv=True, confoverrides=conf)
    serial.build()
    assert stats(serial)["drawn"] == 3
    # what the children drew is what a serial build draws, and so are the pages
    assert {p.name: p.read_bytes() for p in (project / "_cache").iterdir()} == files
    assert {p.name: p.read_bytes() for p in Path(serial.outdir).glob("*.html")} == pages


BROKEN_ON_TWO_PAGES = {
    # draw() raises: the child drawing ahead fails, the pages draw it again and report it
    "draw": ('NEEDS = "collection"\n\n\ndef draw(data, _):\n    raise ValueError("no data")\n', 5),
    # the script cannot be imported: the parallel readers meet it
    "import": ('NEEDS = "collection"\n\n\ndef draw(data, _)\n    return 1\n', 4),
}


@pytest.mark.slow
@pytest.mark.parametrize("fault", sorted(BROKEN_ON_TWO_PAGES))
def test_a_failing_script_in_a_parallel_build_is_reported_once_naming_both_pages(
    make_app, project, tmp_path, fault
):
    figures = tmp_path / "figures"
    shutil.copytree(FIGURES, figures)
    script, line = BROKEN_ON_TWO_PAGES[fault]
    tail = "\n\ndef describe(data, _):\n    return ''\n\n\ndef table(data, _):\n    return [], []\n"
    (figures / "broken.py").write_text(script + tail, encoding="utf-8")
    (project / "charts.md").write_text("# Charts\n\n```{chart} broken\n```\n", encoding="utf-8")
    beta = project / "beta" / "analysis.md"
    beta.write_text(beta.read_text(encoding="utf-8") + "\n```{chart} broken\n```\n", "utf-8")
    app = make_app(
        "html",
        srcdir=project,
        freshenv=True,
        parallel=2,
        confoverrides={
            "shadow_figures_dir": str(figures),
            "shadow_chart_cache": str(project / "_cache"),
        },
    )
    app.build()
    reports = [w for w in app.warning.getvalue().splitlines() if "broken.py" in w]
    assert len(reports) == 1, reports
    assert f"{figures / 'broken.py'}:{line}: WARNING: chart 'broken': " in reports[0]
    assert re.search(r"used on \S*beta/analysis\.md:\d+, \S*charts\.md:3", reports[0])
