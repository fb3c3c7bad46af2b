"""Assessments, laws and recommendations: validation with located errors, the pages made
from the data, translation, open data, parallel and incremental builds."""

from __future__ import annotations

import csv
import json
import re
import textwrap
from pathlib import Path

import jsonschema
import pytest

from build_tools.model.convention import convention
from build_tools.sphinx_ext.open_data import SCHEMA_FILE

CONF = """
extensions = ["myst_parser", "build_tools.sphinx_ext"]
project = "Validation test"
author = "Tests"
shadow_languages = ["en"]
shadow_reports = ["alpha"]
myst_enable_extensions = ["colon_fence"]
"""
INDEX = """# Test

```{collection}
:organisations: Tests
:edition: One
:date: 2026-11-27
:status: final
```

```{toctree}
alpha/index
```
"""
ALPHA = """# Alpha

```{report}
:country: ES
:organisations: Alpha
:edition: One
:date: 2026-11-27
:status: sample
```

```{toctree}
laws
analysis
```
"""
LAWS = """# Laws

:::{law} es-loex
:title: Ley Orgánica 4/2000
:short: LOEX
:reference: BOE núm. 10, 12 January 2000
:::
"""


def write_project(root: Path, analysis: str, **extra: str) -> Path:
    files = {
        "conf.py": CONF,
        "index.md": INDEX,
        "alpha/index.md": ALPHA,
        "alpha/laws.md": LAWS,
        "alpha/analysis.md": "# Analysis\n\n" + textwrap.dedent(analysis),
        **extra,
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def build_with(make_app, tmp_path):
    """Build a small project whose analysis page is given; return (app, warnings)."""

    def build(analysis: str, builder: str = "html", **extra: str):
        srcdir = write_project(tmp_path / "src", analysis, **extra)
        app = make_app(builder, srcdir=srcdir, freshenv=True)
        app.build()
        return app, app.warning.getvalue()

    return build


def assessment(article: str = "25", in_law: str = "partly", extra: str = "") -> str:
    return f"""
::::{{assessment}} {article}
:in-law: {in_law}
:in-practice: not in conformity
:provisions: es-loex, art. 10
{extra}
The finding.
::::
"""


@pytest.mark.parametrize("article", ["0", "94", "25a"])
def test_unknown_article_is_located(build_with, article):
    _, warnings = build_with(assessment(article))
    assert (
        f"analysis.md:4: WARNING: assessment: unknown article '{article}': the "
        "Convention has articles 1 to 93" in warnings
    )
    assert "[shadow.assessment]" in warnings


def test_unknown_article_in_a_role(build_with):
    _, warnings = build_with("See {article}`94`.\n")
    assert "analysis.md:3: WARNING: article: unknown article '94'" in warnings


def test_rating_off_the_scale_suggests_a_near_miss(build_with):
    _, warnings = build_with(assessment(in_law="partialy"))
    assert (
        "analysis.md:4: WARNING: assessment: rating 'partialy' is not on the scale "
        "(did you mean 'partly'?); valid: conform, largely, partly" in warnings
    )


def test_duplicate_assessment_in_one_report(build_with):
    _, warnings = build_with(assessment() + assessment())
    assert (
        "analysis.md:12: WARNING: assessment: article 25 is already assessed in this "
        "report, at " in warnings
    )
    assert "analysis.md:4; one assessment per article and report" in warnings


def test_unknown_law_id_in_provisions_and_role(build_with):
    text = assessment().replace("es-loex, art. 10", "es-nope, art. 10")
    _, warnings = build_with(text + "\nSee {law}`es-missing, art. 3`.\n")
    assert "analysis.md:4: WARNING: assessment: unknown law id 'es-nope'" in warnings
    assert "unknown law id 'es-missing': declare it once with a {law} directive" in warnings


def test_recommendation_id_reused_anywhere_in_the_corpus(build_with):
    rec = """
:::{recommendation} ES-25-1
:addressee: government
:priority: high

Do it.
:::
"""
    first = assessment(extra=rec.replace("\n:::", "\n::::: ", 0)).replace(
        "The finding.", "The finding.\n" + rec
    )
    other_page = "# Other\n\n" + assessment("26").replace("The finding.", "Finding.\n" + rec)
    alpha = ALPHA.replace("analysis\n", "analysis\nother\n")
    _, warnings = build_with(first, **{"alpha/other.md": other_page, "alpha/index.md": alpha})
    assert "WARNING: recommendation: id ES-25-1 is already used at" in warnings
    assert "ids are unique in the whole collection" in warnings


def test_missing_required_field(build_with):
    _, warnings = build_with(assessment().replace(":in-practice: not in conformity\n", ""))
    assert "analysis.md:4: WARNING: assessment: missing required field 'in-practice'" in warnings


def test_report_metadata_missing(build_with):
    alpha = ALPHA.split("```{report}")[0] + "```{toctree}\nlaws\nanalysis\n```\n"
    _, warnings = build_with(assessment(), **{"alpha/index.md": alpha})
    assert (
        "alpha/index.md:1: WARNING: report metadata missing: add a {report} directive" in warnings
    )


def test_unknown_country_code(build_with):
    _, warnings = build_with(assessment(), **{"alpha/index.md": ALPHA.replace(": ES", ": XX")})
    assert "alpha/index.md:3: WARNING: report: unknown country code 'XX'" in warnings


def test_valid_project_builds_without_warnings(build_with):
    app, warnings = build_with(assessment())
    assert warnings == ""
    page = (Path(app.outdir) / "alpha" / "analysis.html").read_text(encoding="utf-8")
    assert "Partly in conformity" in page and "shadow-rating-partly" in page
    assert 'href="laws.html#law-es-loex"' in page and "LOEX, art. 10" in page


# --- the test root with two reports, the Convention reference and the comparative chapter --


@pytest.mark.sphinx("html", testroot="assessments")
def test_pages_made_from_the_data(app):
    app.build()
    out = Path(app.outdir)
    assert app.warning.getvalue() == ""
    convention_page = (out / "convention" / "index.html").read_text(encoding="utf-8")
    assert 'id="article-25"' in convention_page and 'id="article-93"' in convention_page
    assert "Part III: Human rights of all migrant workers" in convention_page
    assert 'href="../alpha/analysis.html#assessment-25"' in convention_page  # assessed by
    analysis = (out / "alpha" / "analysis.html").read_text(encoding="utf-8")
    # the article role links to the reference, with the subject as tooltip
    assert 'href="../convention/index.html#article-25"' in analysis
    assert 'title="article 25: Equal pay and working conditions"' in analysis
    summary = (out / "alpha" / "summary.html").read_text(encoding="utf-8")
    assert "Emergency medical care" in summary and "ES-25-1" in summary
    assert "FR-25-1" not in summary  # only this report's recommendations
    # the Priority column gives the level alone: a phone's card reads "Priority: High"
    assert ">High<" in summary and "High priority" not in summary
    comparative = (out / "comparative" / "index.html").read_text(encoding="utf-8")
    assert comparative.count('class="shadow-rating shadow-rating-') >= 3
    assert ">ES<" in comparative and ">FR<" in comparative  # columns: country codes
    assert "ES Spain; FR France." in comparative  # and their key
    assert "Part IV" not in comparative  # :part: III only
    assert ">Parliament<" in comparative and ">Government<" in comparative


@pytest.mark.sphinx("html", testroot="assessments")
def test_open_data_matches_its_schema(app):
    app.build()
    data_dir = Path(app.outdir) / "_data"
    data = json.loads((data_dir / "assessments.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    assert [(a["report"], a["article"]) for a in data["assessments"]] == [
        ("alpha", 25),
        ("alpha", 28),
        ("beta", 25),
    ]
    first = data["assessments"][0]
    assert first["in_law"] == {"code": "partly", "label": "Partly in conformity"}
    assert (
        first["finding"] == "Workers in an irregular situation can claim wages in court, "
        "but seldom do."
    )
    assert first["recommendations"] == ["ES-25-1"]
    # UTF-8 with a byte-order mark, for Excel (tests/data/ checks the rest of the CSVs)
    with open(data_dir / "matrix.csv", newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(data["assessments"])
    assert (
        rows[2].items()
        >= {
            "report": "beta",
            "country": "FR",
            "article": "25",
            "part": "III",
            "in_law": "largely",
            "in_practice": "partly",
        }.items()
    )
    with open(data_dir / "recommendations.csv", newline="", encoding="utf-8-sig") as handle:
        recs = list(csv.DictReader(handle))
    assert [r["id"] for r in recs] == ["ES-25-1", "FR-25-1"]


@pytest.mark.sphinx(
    "html", testroot="assessments", confoverrides={"language": "es"}, srcdir="assessments-es"
)
def test_translated_build(app):
    app.build()
    out = Path(app.outdir)
    analysis = (out / "alpha" / "analysis.html").read_text(encoding="utf-8")
    assert "Parcialmente conforme" in analysis  # rating name
    assert "Partly in conformity" not in analysis
    assert "Los trabajadores en situación irregular" in analysis  # finding text
    assert "Igualdad de remuneración y condiciones de trabajo" in analysis  # subject label
    convention_page = (out / "convention" / "index.html").read_text(encoding="utf-8")
    assert "Parte III: Derechos humanos de todos los trabajadores migratorios" in convention_page
    data = json.loads((out / "_data" / "assessments.json").read_text(encoding="utf-8"))
    assert data["assessments"][0]["finding"].startswith("Los trabajadores en situación")
    assert data["assessments"][0]["in_law"]["label"] == "Parcialmente conforme"


@pytest.mark.sphinx("html", testroot="assessments", parallel=2)
def test_parallel_read_gives_the_same_data(app):
    app.build()
    assert app.warning.getvalue() == ""
    data = json.loads((Path(app.outdir) / "_data" / "assessments.json").read_text("utf-8"))
    assert len(data["assessments"]) == 3 and len(data["recommendations"]) == 2
    comparative = (Path(app.outdir) / "comparative" / "index.html").read_text(encoding="utf-8")
    assert "FR-25-1" in comparative and "ES-25-1" in comparative


def test_incremental_build_updates_the_matrix_and_not_other_pages(make_app, rootdir, tmp_path):
    import shutil

    srcdir = tmp_path / "assessments"
    shutil.copytree(rootdir / "test-assessments", srcdir)
    app = make_app("html", srcdir=srcdir)
    app.build()
    out = Path(app.outdir)
    matrix_before = (out / "comparative" / "index.html").read_text(encoding="utf-8")
    assert "shadow-rating-largely" in matrix_before

    beta = srcdir / "beta" / "analysis.md"
    beta.write_text(
        beta.read_text(encoding="utf-8").replace(":in-law: largely", ":in-law: not in conformity"),
        encoding="utf-8",
    )
    app2 = make_app("html", srcdir=srcdir)
    read: list[str] = []
    app2.connect("source-read", lambda app, docname, source: read.append(docname))
    app2.build()
    assert "beta/analysis" in read
    assert "comparative/index" in read and "alpha/summary" in read  # pages made from data
    assert "alpha/analysis" not in read and "alpha/legal-framework" not in read
    domain = app2.env.get_domain("shadow")
    for table in (domain.assessments, domain.recommendations, domain.laws):
        assert all(len(entries) == 1 for entries in table.values()), "purged, read once"
    matrix_after = (out / "comparative" / "index.html").read_text(encoding="utf-8")
    assert matrix_after != matrix_before
    data = json.loads((out / "_data" / "assessments.json").read_text(encoding="utf-8"))
    beta_25 = next(a for a in data["assessments"] if a["report"] == "beta")
    assert beta_25["in_law"]["code"] == "not_conform"


def test_a_prose_edit_of_a_page_that_declares_data_rereads_no_data_page(
    make_app, rootdir, tmp_path
):
    import shutil

    srcdir = tmp_path / "assessments"
    shutil.copytree(rootdir / "test-assessments", srcdir)
    make_app("html", srcdir=srcdir).build()
    beta = srcdir / "beta" / "analysis.md"
    text = beta.read_text(encoding="utf-8")
    beta.write_text(f"A new first paragraph, shifting every line.\n\n{text}", encoding="utf-8")
    app = make_app("html", srcdir=srcdir)
    read: list[str] = []
    app.connect("source-read", lambda app, docname, source: read.append(docname))
    app.build()
    assert read == ["beta/analysis"]  # the matrix and the summaries are not read again
    out = Path(app.outdir)
    assert "A new first paragraph" in (out / "beta" / "analysis.html").read_text(encoding="utf-8")


def test_catalogue_has_nine_parts_and_93_articles():
    catalogue = convention()
    assert len(catalogue.parts) == 9 and len(catalogue.articles) == 93
    assert catalogue.article(25).part.roman == "III"
    assert catalogue.article("56").scope == "regular"
    assert [p.roman for p in catalogue.parts] == [
        "I",
        "II",
        "III",
        "IV",
        "V",
        "VI",
        "VII",
        "VIII",
        "IX",
    ]


@pytest.mark.sphinx("text", testroot="assessments")
def test_text_builder_shows_ratings_as_words(app):
    app.build()
    assert app.warning.getvalue() == ""
    text = (Path(app.outdir) / "alpha" / "analysis.txt").read_text(encoding="utf-8")
    assert "Partly in conformity" in text and "Recommendation ES-25-1" in text
    matrix = (Path(app.outdir) / "comparative" / "index.txt").read_text(encoding="utf-8")
    assert "Largely" in matrix and "Legend:" in matrix


@pytest.mark.sphinx("latex", testroot="assessments")
def test_latex_ratings_have_colour_and_words_and_tables_break(app):
    app.build()
    assert app.warning.getvalue() == ""
    tex = (Path(app.outdir) / "shadow-reports.tex").read_text(encoding="utf-8")
    assert r"\DUrole{shadow-rating-partly}{Partly in conformity}" in tex
    assert r"\csname DUroleshadow-rating-partly\endcsname" in tex  # the macro is defined
    assert r"\begin{longtable}" in tex  # the matrix may run over several pages
    assert r"\sphinxurl{https://www.boe.es/eli/es/lo/2000/01/11/4/con}" in tex


def test_an_edit_of_prose_alone_rereads_no_data_page(make_app, rootdir, tmp_path):
    import shutil

    srcdir = tmp_path / "assessments"
    shutil.copytree(rootdir / "test-assessments", srcdir)
    notes = srcdir / "alpha" / "notes.md"
    notes.write_text("# Notes\n\nProse only.\n", encoding="utf-8")
    alpha = srcdir / "alpha" / "index.md"
    alpha.write_text(
        alpha.read_text(encoding="utf-8").replace("summary\n", "summary\nnotes\n"), encoding="utf-8"
    )
    make_app("html", srcdir=srcdir).build()
    notes.write_text("# Notes\n\nProse only, edited.\n", encoding="utf-8")
    app = make_app("html", srcdir=srcdir)
    read: list[str] = []
    app.connect("source-read", lambda app, docname, source: read.append(docname))
    app.build()
    assert read == ["alpha/notes"]


def test_law_list_names_each_law_with_the_articles_citing_it(build_with):
    laws = LAWS + "\n:::{law} es-et\n:title: Estatuto de los Trabajadores\n:reference: BOE\n:::\n"
    app, warnings = build_with(
        assessment("25") + assessment("28") + "\n```{law-list}\n```\n",
        **{"alpha/laws.md": laws},
    )
    assert "WARNING" not in warnings
    html = (Path(app.outdir) / "alpha" / "analysis.html").read_text(encoding="utf-8")
    table = html[html.index("shadow-laws") :]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    loex = next(r for r in rows if "LOEX" in r)
    assert 'href="laws.html#law-es-loex"' in loex and "Ley Orgánica 4/2000" in loex
    assert "BOE núm. 10, 12 January 2000" in loex and "25, 28" in loex
    et = next(r for r in rows if "Estatuto" in r)
    assert "–" in et  # declared, cited by no assessment


def test_open_data_that_breaks_its_schema_is_named_by_json_path():
    from build_tools.sphinx_ext.open_data import schema_errors

    data = {
        "$schema": "x",
        "schema_version": "1.0",
        "language": "en",
        "reports": [],
        "laws": [],
        "assessments": [{"report": "alpha", "article": 94}],
        "recommendations": [],
    }
    paths = [path for path, _message in schema_errors(data)]
    assert "$.assessments[0].article" in paths


def test_the_inlined_schema_refuses_what_the_published_one_refuses():
    import json

    import jsonschema

    from build_tools.sphinx_ext.open_data import SCHEMA_FILE, inline_definitions, schema_errors

    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert "$ref" not in json.dumps(inline_definitions(schema))  # every reference inlined
    data = {
        "$schema": "x",
        "schema_version": "1.2",
        "language": "en",
        "licence": {},
        "reports": [{"id": "alpha", "status": "weird"}],
        "laws": [],
        "assessments": [
            {"report": "alpha", "article": 94, "in_law": {"code": "nope", "label": "?"}},
            {"change": {"code": "x"}, "previous_ratings": {"in_law": 5}},
        ],
        "recommendations": [{"priority": {"code": 1, "label": "high", "extra": 3}}],
    }
    published = jsonschema.validators.validator_for(schema)(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    expected = sorted(published.iter_errors(data), key=lambda e: list(map(str, e.path)))
    assert schema_errors(data) == [(error.json_path, error.message) for error in expected]
    assert any("'nope' is not one of" in message for _path, message in schema_errors(data))
