"""The benchmark harness without timing anything: the scaled corpora, the rewriting of this
project's MyST for plain Sphinx, the measurement of one command, and the budget verdicts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from textwrap import dedent

import pytest

from build_tools.bench import corpus
from build_tools.bench.cases import CASES
from build_tools.bench.corpus import plain_markdown
from build_tools.bench.measure import (
    Case,
    Run,
    Side,
    case_row,
    cases_to_run,
    failures,
    format_profile,
    format_table,
    job_states,
    measure,
    memory_row,
    profile_rows,
    read_phases,
    scaling_rows,
)
from build_tools.bench.phases import Clock, phases
from build_tools.pipeline.project import Project

CONF = """\
project = "Tiny collection"
author = "Tiny Organisation"
version = release = "1"
extensions = ["myst_parser", "build_tools.sphinx_ext"]
root_doc = "index"
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence"]
shadow_languages = ["en", "es"]
shadow_reports = ["alpha", "beta"]
shadow_collection_name = "tiny"
language = "en"
locale_dirs = ["../locale"]
gettext_compact = False
html_theme = "alabaster"
html_sidebars = {"**": ["shadow-navigation.html", "searchbox.html"]}
latex_engine = "xelatex"
"""

ROOT_PAGE = """\
# Tiny collection

```{collection}
:organisations: Tiny Organisation
:edition: First
:date: 2026-01-01
:status: sample
```

```{toctree}
:maxdepth: 1

alpha/index
beta/index
comparative/index
convention/index
```
"""

REPORT_PAGE = """\
# {title}

```{{report}}
:country: {country}
:organisations: Tiny Organisation
:edition: First
:date: 2026-01-01
:status: sample
```

See {{article}}`25`.

```{{toctree}}
introduction
```
"""

PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"

#: ../../reports/{folder}/index.md:1
msgid "{title}"
msgstr "{title} (es)"
"""


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A complete small project: two reports, a comparative chapter, Spanish PO files."""
    root = tmp_path / "tiny"
    (root / "reports").mkdir(parents=True)
    (root / "conf.py").write_text(CONF, encoding="utf-8")
    (root / "reports" / "index.md").write_text(ROOT_PAGE, encoding="utf-8")
    messages = root / "locale" / "es" / "LC_MESSAGES"
    for folder, title, country in [
        ("alpha", "Alpha", "ES"),
        ("beta", "Beta", "FR"),
        ("comparative", "Comparison", "comparative"),
    ]:
        pages = root / "reports" / folder
        pages.mkdir()
        (pages / "index.md").write_text(
            REPORT_PAGE.format(title=title, country=country), encoding="utf-8"
        )
        (pages / "introduction.md").write_text("# Introduction\n\nText.\n", encoding="utf-8")
        (messages / folder).mkdir(parents=True)
        (messages / folder / "index.po").write_text(
            PO.format(folder=folder, title=title), encoding="utf-8"
        )
    (messages / "alpha" / "index.mo").write_bytes(b"compiled, not a source")
    (root / "reports" / "convention").mkdir()  # a chapter that is not a report
    (root / "reports" / "convention" / "index.md").write_text("# Articles\n", encoding="utf-8")
    return root


def md(text: str) -> str:
    return dedent(text).lstrip("\n")


# --- the rewriter ----------------------------------------------------------------------------


def test_a_directive_with_options_becomes_a_bold_line_and_a_bullet_list():
    source = md(
        """
        # Spain

        ```{report}
        :country: ES
        :organisations: EPMWR
        ```

        Text after.
        """
    )
    assert plain_markdown(source) == md(
        """
        # Spain

        **report**

        - country: ES
        - organisations: EPMWR

        Text after.
        """
    )


def test_argument_yaml_options_and_content_are_kept_as_markdown():
    source = md(
        """
        ```{assessment} Article 25
        ---
        rating: partly
        sources: [a, b]
        ---
        Equal pay is guaranteed in law.

        Practice lags behind.
        ```
        """
    )
    assert plain_markdown(source) == md(
        """
        **assessment** Article 25

        - rating: partly
        - sources: a, b

        Equal pay is guaranteed in law.

        Practice lags behind.
        """
    )


def test_nested_fences_are_rewritten_recursively():
    source = md(
        """
        ````{assessment} 25
        :law: partly

        Summary with {law}`es-loex`.

        ```{law} es-loex
        :title: Ley Orgánica 4/2000
        ```

        ```{note}
        A {article}`26` note.
        ```
        ````
        """
    )
    out = plain_markdown(source)
    assert "{assessment}" not in out and "{law}" not in out and "{article}" not in out
    assert "**assessment** 25\n\n- law: partly\n\nSummary with es-loex." in out
    assert "**law** es-loex\n\n- title: Ley Orgánica 4/2000\n" in out
    assert "```{note}\nA 26 note.\n```" in out  # known to plain Sphinx: kept, content rewritten


def test_colon_fences_and_unclosed_fences():
    assert plain_markdown(":::{law} fr-ceseda\nText.\n:::\n") == "**law** fr-ceseda\n\nText.\n"
    assert plain_markdown("```{law}\n:id: x\n") == "**law**\n\n- id: x\n"


def test_code_and_verbatim_directives_are_left_alone():
    source = md(
        """
        ```python
        ```{report}
        x = "{article}`1`"
        ```

        ```{code-block} text
        {article}`1`
        ```

        ```{toctree}
        spain/index
        ```
        """
    )
    assert plain_markdown(source) == source


def test_project_roles_become_their_text_and_standard_roles_stay():
    line = "Art. {article}`25`, {law}`the law <es-loex>`, {ref}`label`, {py:func}`f`, {sub}`2`."
    assert plain_markdown(line) == "Art. 25, the law, {ref}`label`, {py:func}`f`, {sub}`2`."
    shown = "`{article}` links, `{law}` cites, and ``{law}`x` `` too; {law}`es-et, art. 4`."
    assert plain_markdown(shown) == shown.replace("{law}`es-et, art. 4`", "es-et, art. 4")


# --- the corpora -----------------------------------------------------------------------------


def test_a_scaled_corpus_has_k_copies_of_every_chapter_in_its_toctree(tiny, tmp_path):
    made = corpus.generate(tiny, tmp_path / "corpus-3x", 3)
    folders = sorted(d.name for d in made.srcdir.iterdir() if d.is_dir())
    assert len(folders) == 3 * 3 + 1  # alpha, beta, comparative; convention once
    assert made.reports == ("alpha", "alpha-2", "alpha-3", "beta", "beta-2", "beta-3")
    assert made.chapters[-3:] == ("comparative", "comparative-2", "comparative-3")
    toctree = (made.srcdir / "index.md").read_text(encoding="utf-8")
    for folder in folders:
        assert toctree.count(f"\n{folder}/index\n") == 1
    assert (made.srcdir / "beta-2" / "introduction.md").is_file()
    # conf.py runs the project's own, then names the replicas
    project = Project.load(made.root)
    assert project.reports == made.reports
    assert project.languages == ("en", "es")
    assert "exec(" in (made.root / "conf.py").read_text(encoding="utf-8")
    # ids that must be unique in a collection repeat in the replicas: not an error there
    assert "shadow.law" in corpus.read_conf(made.root)["suppress_warnings"]


def test_po_files_follow_the_renamed_folders(tiny, tmp_path):
    made = corpus.generate(tiny, tmp_path / "corpus-2x", 2)
    messages = made.localedir / "es" / "LC_MESSAGES"
    copy = (messages / "alpha-2" / "index.po").read_text(encoding="utf-8")
    assert "#: ../../reports/alpha-2/index.md:1" in copy
    assert 'msgstr "Alpha (es)"' in copy
    assert (messages / "comparative-2" / "index.po").is_file()
    assert not list(made.localedir.rglob("*.mo"))  # each build compiles its own


def test_scale_1_is_the_shipped_corpus(tiny, tmp_path):
    made = corpus.generate(tiny, tmp_path / "corpus-1x", 1)
    assert made.reports == ("alpha", "beta")
    assert (made.srcdir / "index.md").read_text(encoding="utf-8") == ROOT_PAGE
    assert "suppress_warnings" not in corpus.read_conf(made.root)


def test_the_plain_variant_is_myst_only_with_the_same_settings(tiny, tmp_path):
    made = corpus.generate(tiny, tmp_path / "plain-2x", 2, plain=True)
    conf = corpus.read_conf(made.root)
    assert conf["extensions"] == ["myst_parser", corpus.PHASES_EXTENSION]
    assert conf["html_sidebars"] == {}
    # Sphinx's default XeLaTeX font (FreeSerif) is not installed by set-up: TeX Gyre is
    assert "texgyre" in conf["latex_elements"]["fontpkg"]
    assert "FreeSerif" not in conf["latex_elements"]["fontpkg"]
    assert conf["html_theme"] == "alabaster"  # ours comes with the extension
    for name in ("latex_engine", "language", "locale_dirs", "gettext_compact"):
        assert conf[name] == corpus.read_conf(tiny)[name]
    assert [v[1] for v in conf["latex_documents"]] == [
        "alpha.tex",
        "alpha-2.tex",
        "beta.tex",
        "beta-2.tex",
        "tiny.tex",
    ]
    page = (made.srcdir / "alpha-2" / "index.md").read_text(encoding="utf-8")
    assert "{report}" not in page and "**report**" in page and "See 25." in page
    assert "```{toctree}" in page


def test_regenerating_replaces_only_a_corpus(tiny, tmp_path):
    target = tmp_path / "corpus-1x"
    corpus.generate(tiny, target, 1)
    (target / "stale.txt").write_text("old run", encoding="utf-8")
    corpus.generate(tiny, target, 1)
    assert not (target / "stale.txt").exists()
    with pytest.raises(FileExistsError):
        corpus.generate(tiny, tiny, 1)  # never deletes a folder it did not make


# --- measuring and judging -------------------------------------------------------------------


def test_a_command_is_measured_and_logged(tmp_path):
    log = tmp_path / "logs" / "hello.log"
    run = measure([sys.executable, "-c", "print('hello')"], log, tmp_path, "hello")
    assert run.ok and run.seconds > 0 and run.peak_rss_mb > 0
    assert "hello" in log.read_text(encoding="utf-8")


def test_a_failing_or_missing_command_is_reported_not_raised(tmp_path):
    failed = measure([sys.executable, "-c", "raise SystemExit(3)"], tmp_path / "a.log", tmp_path)
    assert failed.returncode == 3 and not failed.ok
    missing = measure(["/nonexistent/program"], tmp_path / "b.log", tmp_path)
    assert not missing.ok


def side(seconds: float, returncode: int = 0) -> Side:
    return Side([Run("x", ["x"], Path("x.log"), seconds, 100.0, 150.0, returncode)])


def test_budget_verdicts():
    row = case_row(Case("all", 1, ours=side(4.0), plain=side(10.0)), None)
    assert (row.ratio, row.result) == (0.4, "pass")
    assert case_row(Case("all", 1, ours=side(6.0), plain=side(10.0)), None).result == "miss"
    assert case_row(Case("all", 1, ours=side(1.0, 2), plain=side(10.0)), None).result == "failed"
    source = Case("html-source", 1, ours=side(10.0), plain=side(9.0))
    translated = case_row(Case("html-translated", 1, ours=side(14.0), plain=side(9.0)), source)
    assert translated.result == "miss" and "1.40 <= 1.3" in translated.budget
    skipped = case_row(Case("pdf", 1, skipped="--quick"), None)
    assert skipped.result == "n/a"
    table = format_table([row, skipped])
    assert table.splitlines()[0].split()[:4] == ["case", "scale", "ours", "(s)"]


def test_html_and_epub_are_judged_against_plain_sphinx_and_the_preview_by_scale():
    html = case_row(Case("html-source", 1, ours=side(11.0), plain=side(10.0)), None)
    assert (html.result, html.budget) == ("pass", "ours/plain 1.10 <= 1.2")
    epub = case_row(Case("epub", 1, ours=side(13.0), plain=side(10.0)), None)
    assert epub.result == "miss" and "1.30 <= 1.2" in epub.budget
    fast = Case("preview", 1, ours=side(0.8), checks={"edits": [0.7, 0.8, 0.9]})
    row = case_row(fast, None)
    assert (row.result, row.plain_s, row.ratio) == ("pass", None, None)
    assert "0.70, 0.80, 0.90" in row.note
    assert case_row(Case("preview", 1, ours=side(1.2)), None).result == "miss"
    assert case_row(Case("preview", 4, ours=side(1.2)), None).result == "pass"  # <= 1.5 s at 4x
    assert case_row(Case("preview", 1, ours=Side()), None).result == "failed"
    record = {"cases": [Case("preview", 1, ours=Side()).to_json()]}
    assert failures(record) == []  # a side that ran nothing is no crash of the report
    record = {"cases": [Case("preview", 1, ours=side(0.0, 1)).to_json()]}
    assert "1x preview ours: 'x' exited with 1" in failures(record)[0]


def test_the_pdf_row_compares_typst_with_xelatex():
    cases = {"pdf-latex": Case("pdf-latex", 1, ours=side(40.0), plain=side(30.0))}
    source = Case("html-source", 1, ours=side(10.0), plain=side(9.0))
    row = case_row(Case("pdf", 1, ours=side(10.0), plain=side(30.0)), source, cases)
    assert "typst/xelatex 0.25" in row.note and row.result == "pass"  # 10/10 <= 1.5


def test_the_pdf_edit_row_wants_the_edited_reports_pdf_alone_within_its_budget():
    alone = {"volumes": {"spain": "written"}}
    row = case_row(Case("pdf-edit", 1, ours=side(4.0), checks=alone), None)
    assert (row.result, row.plain_s, row.budget) == ("pass", None, "ours 4.00 s <= 5 s")
    assert case_row(Case("pdf-edit", 1, ours=side(6.0), checks=alone), None).result == "miss"
    # the collection typeset too, or nothing typeset: not the case it claims to measure
    more = {"volumes": {"spain": "written", "shadow-reports": "written"}}
    row = case_row(Case("pdf-edit", 1, ours=side(4.0), checks=more), None)
    assert row.result == "failed" and "shadow-reports written" in row.note
    nothing = {"volumes": {"spain": "reused"}}
    assert case_row(Case("pdf-edit", 1, ours=side(1.0), checks=nothing), None).result == "failed"
    assert case_row(Case("pdf-edit", 1, skipped="--quick"), None).result == "n/a"


def test_the_profile_sums_phases_and_puts_the_rest_of_the_jobs_in_engine(tmp_path):
    record = {"startup": 1.0, "read": 2.0, "resolve": 0.5, "charts": 0.25, "write": 1.0}
    record |= {"other": 0.25, "total": 4.0}
    plain = {"startup": 0.5, "read": 1.0, "resolve": 0.25, "charts": 0.0, "write": 0.5}
    plain |= {"other": 0.25, "total": 2.0}
    ours = Side([Run("x", ["python", "-m", "build_tools"], Path("x"), 9.0, 1, 1, 0)])
    ours.phases, ours.job_seconds = [record, record], [6.0, 6.0]
    twin = Side(
        [
            Run("s", ["python", "-m", "sphinx"], Path("s"), 2.5, 1, 1, 0),
            Run("l", ["make", "-C", "latex"], Path("l"), 3.0, 1, 1, 0),
        ]
    )
    twin.phases = [plain]
    rows = {r.phase: r for r in profile_rows(Case("all", 1, ours=ours, plain=twin))}
    assert (rows["read"].ours_s, rows["read"].plain_s, rows["read"].extra) == (4.0, 1.0, 3.0)
    assert rows["engine"].ours_s == 2.0  # 12 s of jobs less 2 x (1 + 4) s of Sphinx
    assert rows["engine"].plain_s == 3.0  # the latexmk step
    assert "read" in format_profile(list(rows.values())).splitlines()[2]
    assert profile_rows(Case("all", 1, skipped="--quick")) == []
    lines = tmp_path / "phases.jsonl"
    lines.write_text('{"read": 1}\nnot json\n{"read": 2}\n', encoding="utf-8")
    assert [r["read"] for r in read_phases(lines)] == [1, 2]
    assert read_phases(tmp_path / "none.jsonl") == []


def test_phases_of_one_build_from_its_marks():
    clock = Clock()
    clock.setup, clock.startup, clock.resolve = 100.0, 1.5, 3.0
    clock.marks = {"read-start": 101.0, "read-end": 105.0, "write-start": 106.0}
    record = phases(clock, charts=1.0, finished=112.0)
    assert record == {
        "startup": 1.5,
        "read": 4.0,
        "resolve": 2.0,  # charts are drawn while resolving: counted apart
        "charts": 1.0,
        "write": 3.0,  # 6 s after write-started, less the 3 s of resolving
        "total": 12.0,
        "other": 2.0,  # before reading, between reading and writing
    }


def test_memory_and_scaling_budgets():
    cases = [Case("all", 1, ours=side(4.0), plain=side(10.0)), Case("pdf", 1, skipped="--quick")]
    assert memory_row(cases, 1).result == "pass"  # 100 MB <= 500 MB
    # the preview alone (CASES=preview) measures no process's memory
    alone = memory_row([Case("preview", 1, ours=side(0.5))], 1)
    assert (alone.result, alone.budget, alone.note) == ("-", "-", "not measured")  # not "? MB"
    html = {
        1: Case("html-source", 1, ours=side(10.0), plain=side(9.0)),
        2: Case("html-source", 2, ours=side(21.0), plain=side(30.0)),
        4: Case("html-source", 4, ours=side(50.0), plain=side(90.0)),
    }
    rows = scaling_rows(html)
    assert [(r.scale, r.result) for r in rows] == [("2x/1x", "pass"), ("4x/1x", "miss")]
    assert scaling_rows({2: html[2]}) == []  # nothing to compare without 1x


def test_job_states_are_read_from_the_pipelines_records(tmp_path):
    """The no-op case counts skipped jobs from results.json, never from progress lines."""
    results = tmp_path / "results.json"
    results.write_text(
        '{"version": 1, "jobs": [{"job": "en-html", "status": "up to date"},'
        ' {"job": "es-html", "status": "ok"}]}',
        encoding="utf-8",
    )
    assert job_states(results) == (1, 2)
    assert job_states(tmp_path / "missing.json") == (0, 0)


@pytest.mark.slow  # a generated project built by Sphinx
def test_plain_sphinx_builds_the_plain_variant_without_a_warning(tiny, tmp_path):
    made = corpus.generate(tiny, tmp_path / "plain-1x", 1, plain=True)
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-W", "-q", "-c", str(made.root)]
    done = subprocess.run(
        [*command, str(made.srcdir), str(tmp_path / "html")], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_chosen_cases_run_with_the_builds_they_need_in_the_benchs_order():
    assert cases_to_run(["preview"]) == ["preview"]
    assert cases_to_run(["edit", "noop"]) == ["all", "noop", "html-source", "edit"]
    assert cases_to_run(["epub", "all"]) == ["all", "epub"]
    assert cases_to_run(["pdf-edit"]) == ["pdf", "pdf-edit"]
    assert cases_to_run(CASES) == list(CASES)
