"""The chart scripts of figures/: each one draws from a hand-made ChartInput, translates
every visible word, describes and tabulates its data, fits the column width, and renders
to the same bytes every time. Plus the ratification facts they draw from."""

from __future__ import annotations

import ast
import datetime as dt
import io
import pickle
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib
import pytest
import yaml
from matplotlib.backends.backend_agg import FigureCanvasAgg

from build_tools.charts import api, style
from build_tools.charts import render as chart_render
from build_tools.charts.api import ChartInput, ProgressRow, Ratification
from build_tools.charts.render import ChartStats, load_script
from build_tools.model import ratification
from build_tools.model.assessment import Assessment
from build_tools.model.convention import convention
from build_tools.model.rating import Rating
from build_tools.model.report import (
    ReportId,
    ReportMetadata,
    Status,
    country_name,
)

REPO = Path(__file__).resolve().parents[2]
FIGURES = REPO / "figures"
RATIFICATIONS = REPO / "build_tools" / "data" / "ratifications.yaml"
SCRIPTS = ("ratings-by-part", "heatmap", "ratification", "translation-progress")
EU_MEMBERS = set(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
)


def identity(text: str) -> str:
    return text


def fake(text: str) -> str:
    """A 'translation' that shows where every visible word came from."""
    return "«" + text + "»"


def longer(text: str) -> str:
    """A translation 40-50 % longer than English, as German or French often are."""
    return text + " " + "w" * (len(text) // 2)


# --- data -----------------------------------------------------------------------------


def meta(country: str) -> ReportMetadata:
    return ReportMetadata("report", country, ("NGO",), "2025", dt.date(2025, 1, 1), Status.DRAFT)


C, L, P, N = Rating.CONFORM, Rating.LARGELY, Rating.PARTLY, Rating.NOT_CONFORM
# Spain: Part III 4 articles, Part IV 3 articles; France: Parts III, IV and VI
SPAIN = [
    (10, C, P),
    (11, P, P),
    (12, P, N),
    (25, N, N),
    (40, L, Rating.NO_INFORMATION),
    (41, P, Rating.NOT_APPLICABLE),
    (44, P, P),
]
FRANCE = [(10, C, C), (25, P, N), (52, N, N), (64, C, C)]
ASSESSMENTS = tuple(
    Assessment(ReportId.named(report), article, law, practice)
    for report, rows in (("spain", SPAIN), ("france", FRANCE))
    for article, law, practice in rows
)


def names(language: str, codes: list[str]) -> tuple[tuple[str, str], ...]:
    found = {code: country_name(code, language) for code in codes}
    found.update({f"part-{p.roman}": p.title for p in convention().parts})
    return tuple(sorted(found.items()))


def report_input(language: str = "en", part: str = "") -> ChartInput:
    return ChartInput(
        chart="ratings-by-part",
        language=language,
        options=(("part", part),) if part else (),
        reports=(("spain", meta("ES")),),
        assessments=tuple(a for a in ASSESSMENTS if a.report == "spain/index"),
        names=names(language, ["ES"]),
    )


def collection_input(language: str = "en", part: str = "") -> ChartInput:
    comparative = ReportMetadata(
        "report", "comparative", ("NGO",), "2025", dt.date(2025, 1, 1), Status.DRAFT
    )
    return ChartInput(
        chart="heatmap",
        language=language,
        options=(("part", part),) if part else (),
        reports=(("spain", meta("ES")), ("france", meta("FR")), ("comparative", comparative)),
        assessments=ASSESSMENTS,
        names=names(language, ["ES", "FR"]),
    )


def load_parties() -> list[dict]:
    with open(RATIFICATIONS, encoding="utf-8") as handle:
        return yaml.safe_load(handle)["parties"]


def ratifications() -> tuple[Ratification, ...]:
    return ratification.ratifications()  # the package's loader of ratifications.yaml


def ratification_input(language: str = "en", extra: tuple[Ratification, ...] = ()) -> ChartInput:
    parties = ratifications() + extra
    return ChartInput(
        chart="ratification",
        language=language,
        ratifications=parties,
        signatories=ratification.signatories(),
        names=names(language, [p.iso for p in (*parties, *ratification.signatories())]),
    )


PROGRESS = (
    ProgressRow("Spanish", "Spain", 10450, 10450),
    ProgressRow("Spanish", "France", 7990, 8000),  # 99.9 %: shown as 99 %, never 100 %
    ProgressRow("French", "Spain", 2000, 8000),
)


def progress_input(language: str = "en") -> ChartInput:
    return ChartInput(chart="translation-progress", language=language, progress=PROGRESS)


INPUTS = {
    "ratings-by-part": report_input,
    "heatmap": collection_input,
    "ratification": ratification_input,
    "translation-progress": progress_input,
}
TITLES = {
    "ratings-by-part": "Ratings by Part: %(country)s",
    "heatmap": "Conformity of national law, article by article",
    "ratification": "States parties to the Convention",
    "translation-progress": "Translation progress",
}
# words a chart shows as they come in the data (names), not through _()
DATA_WORDS = {
    "ratings-by-part": set(),
    "heatmap": {"Spain", "France"},
    "ratification": set(),
    "translation-progress": set(),
}


# --- helpers --------------------------------------------------------------------------


def script(name: str):
    return load_script(FIGURES, name).module


def render(name: str, data: ChartInput, translate=identity, fmt: str = "svg") -> bytes:
    metadata = {"svg": {"Date": None}, "pdf": {"CreationDate": None}}[fmt]
    with matplotlib.rc_context(style.RC):
        figure = script(name).draw(data, translate)
        buffer = io.BytesIO()
        figure.savefig(buffer, format=fmt, metadata=metadata)
    return buffer.getvalue()


def svg_texts(svg: bytes) -> list[str]:
    """The visible strings of an SVG drawn with svg.fonttype "none" (text stays text)."""
    root = ET.fromstring(svg)
    return [
        "".join(element.itertext()).strip()
        for element in root.iter()
        if element.tag.endswith("}text")
    ]


NUMBER = re.compile(r"^[\d\s\u00a0\u202f.,%\u2212-]*$")


def untranslated(texts: list[str], data_words: set[str]) -> list[str]:
    """Strings that are neither translated (fake: «...»), nor numbers, nor names from data."""
    return [t for t in texts if "«" not in t and not NUMBER.match(t) and t not in data_words]


# --- the contract ---------------------------------------------------------------------


@pytest.mark.parametrize("name", SCRIPTS)
def test_script_follows_the_contract(name):
    needs = {
        "ratings-by-part": "report",
        "heatmap": "collection",
        "ratification": "ratifications",
        "translation-progress": "translation",
    }
    module = script(name)
    assert module.NEEDS in api.NEEDS
    assert module.NEEDS == needs[name]


@pytest.mark.parametrize("name", SCRIPTS)
def test_script_source_is_plain_and_extractable(name):
    """No pyplot, no global state, no files; every _() has a literal English string (so
    babel extracts it), except the rating labels (``_(r.label)``, in the catalogue)."""
    path = FIGURES / f"{name.replace('-', '_')}.py"
    source = path.read_text(encoding="utf-8")
    for forbidden in ("pyplot", "rcParams", "matplotlib.use", "open(", "random", "today("):
        assert forbidden not in source, f"{path.name} uses {forbidden}"
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_":
            argument = node.args[0]
            literal = isinstance(argument, ast.Constant) and isinstance(argument.value, str)
            label = isinstance(argument, ast.Attribute) and argument.attr == "label"
            assert literal or label, f"{path.name}:{node.lineno}: _() of a non-literal"


# --- drawing --------------------------------------------------------------------------


@pytest.mark.parametrize("name", SCRIPTS)
def test_every_visible_word_is_translated(name):
    data = INPUTS[name]()
    texts = svg_texts(render(name, data, fake))
    title = fake(TITLES[name]) % {"country": "Spain"}
    assert title in texts
    assert untranslated(texts, DATA_WORDS[name]) == []


@pytest.mark.parametrize("name", ["ratings-by-part", "heatmap"])
def test_rating_legend_is_translated_and_hatched(name):
    svg = render(name, INPUTS[name](), fake)
    texts = svg_texts(svg)
    for rating in (Rating.CONFORM, Rating.PARTLY, Rating.NOT_CONFORM):
        assert fake(rating.label) in texts
    assert b"<pattern" in svg  # hatches: readable in greyscale print


def test_ratings_by_part_draws_the_parts_with_assessments():
    texts = svg_texts(render("ratings-by-part", report_input(), fake))
    assert "«Part III»" in texts
    assert "«Part IV»" in texts
    assert "«Part VI»" not in texts
    assert "«In law»" in texts and "«In practice»" in texts
    only_iii = svg_texts(render("ratings-by-part", report_input(part="III"), fake))
    assert "«Part III»" in only_iii and "«Part IV»" not in only_iii


def test_heatmap_rows_are_country_reports_and_columns_articles():
    texts = svg_texts(render("heatmap", collection_input()))
    assert "Spain" in texts and "France" in texts
    assert "comparative" not in texts
    assert {str(n) for n in range(8, 57)} <= set(texts)
    part_iii = svg_texts(render("heatmap", collection_input(part="III")))
    assert "35" in part_iii and "36" not in part_iii
    # the directive passes Part numbers: the same chart
    assert render("heatmap", collection_input(part="3")) == render(
        "heatmap", collection_input(part="III")
    )


def test_ratification_marks_unconfirmed_years_and_the_eu():
    texts = svg_texts(render("ratification", ratification_input(), fake))
    assert "«No EU member state has ratified»" in texts
    assert "«Date not confirmed by an official source (see the table)»" in texts
    assert "«Signatories that have not ratified (by year of signature)»" in texts
    assert "60" in texts  # the total, above the last bar
    assert {"1990", "2025"} <= set(texts)


def test_ratification_note_follows_the_data():
    france = Ratification("France", "FR", 2030, None, "ratification", True, True)
    texts = svg_texts(render("ratification", ratification_input(extra=(france,)), fake))
    assert "«No EU member state has ratified»" not in texts


@pytest.mark.parametrize("name", SCRIPTS)
def test_figure_is_column_width_and_nothing_is_clipped(name):
    """Nothing drawn outside the figure, legends never over the axes: in English and in a
    longer translation."""
    for translate in (identity, longer):
        with matplotlib.rc_context(style.RC):
            figure = script(name).draw(INPUTS[name](), translate)
            canvas = FigureCanvasAgg(figure)
            canvas.draw()
            renderer = canvas.get_renderer()
            assert tuple(figure.get_size_inches())[0] == pytest.approx(style.WIDTH_IN)
            box = figure.get_tightbbox(renderer)
            width, height = figure.get_size_inches()
            assert box.x0 >= -0.01 and box.y0 >= -0.01, (name, translate.__name__, box)
            assert box.x1 <= width + 0.01 and box.y1 <= height + 0.01, (name, box)
            for legend in figure.legends + [a.get_legend() for a in figure.axes]:
                if legend is None:
                    continue
                for ax in figure.axes:
                    assert not legend.get_window_extent(renderer).overlaps(
                        ax.get_window_extent(renderer)
                    ), f"{name}: legend over the axes"


@pytest.mark.slow
@pytest.mark.parametrize("name", SCRIPTS)
def test_renders_are_byte_identical(name):
    data = INPUTS[name]()
    assert render(name, data) == render(name, data)
    assert render(name, data, fmt="pdf") == render(name, data, fmt="pdf")


@pytest.mark.parametrize("name", SCRIPTS)
def test_the_builds_render_is_savefigs_bytes_and_stable(name, tmp_path):
    """The build lays a figure out once before saving it (render.py): the same bytes as a
    plain savefig, which runs the layout itself, and the same on every run."""
    data = INPUTS[name]()
    drawn = [
        chart_render.render(
            load_script(FIGURES, name),
            data,
            identity,
            "svg",
            tmp_path / str(run),
            b"",
            ChartStats(),
        ).read_bytes()
        for run in range(2)
    ]
    assert drawn[0] == drawn[1] == render(name, data)


def test_a_build_that_draws_nothing_never_imports_matplotlib(tmp_path):
    """Loading the scripts, describing and tabulating (what every build does, even when
    every chart is cached) leave matplotlib unimported: it costs a second a process."""
    inputs = tmp_path / "inputs.pickle"
    inputs.write_bytes(pickle.dumps({name: INPUTS[name]() for name in SCRIPTS}))
    code = (
        "import pickle, sys\n"
        "from pathlib import Path\n"
        "import build_tools.sphinx_ext\n"
        "from build_tools.charts.render import describe, load_script, table\n"
        f"for name, data in pickle.loads(Path({str(inputs)!r}).read_bytes()).items():\n"
        f"    chart = load_script(Path({str(FIGURES)!r}), name)\n"
        "    describe(chart, data, str), table(chart, data, str)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


@pytest.mark.slow  # a PDF per chart, fonts embedded
@pytest.mark.parametrize("name", SCRIPTS)
def test_pdf_embeds_truetype_never_type3(name):
    pdf = render(name, INPUTS[name](), fmt="pdf")
    assert pdf.startswith(b"%PDF")
    assert b"/Type3" not in pdf
    assert b"/TrueType" in pdf or b"/CIDFontType2" in pdf


@pytest.mark.slow  # a PDF: proves the check of the test above, slow too
def test_type3_check_can_fail():
    """Without the shared style, matplotlib writes Type 3 fonts: the check above bites."""
    figure = script("translation-progress").draw(progress_input(), identity)
    buffer = io.BytesIO()
    with matplotlib.rc_context({"pdf.fonttype": 3}):
        figure.savefig(buffer, format="pdf", metadata={"CreationDate": None})
    assert b"/Type3" in buffer.getvalue()


@pytest.mark.parametrize("name", SCRIPTS)
def test_drawing_leaves_global_state_alone(name):
    before = dict(matplotlib.rcParams)
    render(name, INPUTS[name]())
    assert dict(matplotlib.rcParams) == before


@pytest.mark.parametrize("name", SCRIPTS)
def test_no_data_still_draws(name, recwarn):
    """A new collection, a report without assessments: a chart, never a crash or a warning."""
    empty = ChartInput(chart=name, language="en", reports=(("spain", meta("ES")),))
    module = script(name)
    render(name, empty)
    assert isinstance(module.describe(empty, identity), str)
    assert module.table(empty, identity)[1] == []
    assert [str(w.message) for w in recwarn] == []


# --- describe() -----------------------------------------------------------------------


def test_describe_ratings_by_part():
    text = script("ratings-by-part").describe(report_input(), identity)
    assert "Spain" in text
    assert "Part III: 4 articles assessed." in text
    assert "Part IV: 3 articles assessed." in text
    assert "Partly in conformity (2)" in text  # Part IV, in law: articles 41 and 44
    assert script("ratings-by-part").describe(report_input(), fake).startswith("«")


def test_describe_heatmap():
    text = script("heatmap").describe(collection_input(), identity)
    assert "2 reports" in text
    assert "Spain, 7 articles assessed" in text
    assert "France, 3 articles assessed" in text  # article 64 is in Part VI: not shown
    assert "comparative" not in text


def test_describe_ratification():
    text = script("ratification").describe(ratification_input(), identity)
    assert "60 by 2024" in text
    assert "not confirmed by an official source" in text
    # the States whose year no official source read for this edition confirms, and no other
    assert "Mozambique" in text and "Zimbabwe" in text
    assert "Malawi" not in text  # its date is confirmed by the UN Treaty Collection
    assert "No EU member state has ratified." in text
    assert "Albania" in text and "Türkiye" in text


def test_describe_translation_progress():
    text = script("translation-progress").describe(progress_input(), identity)
    assert "Spain (Spanish): 100%" in text
    assert "France (Spanish): 99%" in text  # rounded down
    assert "Spain (French): 25%" in text


def test_describe_writes_numbers_the_readers_way():
    text = script("translation-progress").describe(progress_input("fr"), identity)
    assert style.percent(0.25, "fr") in text and "25%" not in text


# --- table() --------------------------------------------------------------------------


@pytest.mark.parametrize("name", SCRIPTS)
def test_table_is_strings_and_translated(name):
    header, rows = script(name).table(INPUTS[name](), fake)
    assert header and all(isinstance(h, str) and h.startswith("«") for h in header)
    assert rows and all(len(row) == len(header) for row in rows)
    assert all(isinstance(cell, str) for row in rows for cell in row)


def test_table_rows():
    by_part = script("ratings-by-part").table(report_input(), identity)[1]
    # Part III: C, P, N in law or practice; Part IV: L, P, N/A, no information
    assert len(by_part) == 3 + 4
    assert ["Part III", "Partly in conformity", "2", "2"] in by_part
    heatmap = script("heatmap").table(collection_input(), identity)[1]
    assert len(heatmap) == 7 + 3  # one per assessed cell of Parts III and IV
    assert ["France", "52", "Not in conformity"] in heatmap
    assert len(script("heatmap").table(collection_input(part="III"), identity)[1]) == 4 + 2
    parties = script("ratification").table(ratification_input(), identity)[1]
    assert len(parties) == 60 + 11  # the States parties, then the signatories
    assert ["Serbia", "2004", "11 November 2004", "Signature only", "Yes"] in parties[60:]
    assert ["Mexico", "1999", "8 March 1999", "Ratification", "Yes"] in parties
    assert ["Zimbabwe", "2024", "November 2024", "Accession", "No"] in parties
    progress = script("translation-progress").table(progress_input(), identity)[1]
    assert progress == [
        ["Spanish", "Spain", "10,450 of 10,450", "100%"],
        ["Spanish", "France", "7,990 of 8,000", "99%"],
        ["French", "Spain", "2,000 of 8,000", "25%"],
    ]


# --- the ratification facts -----------------------------------------------------------


# the facts of ratifications.yaml: tests/data/test_ratifications.py
