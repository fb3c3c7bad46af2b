"""The authoring handbook's examples are test inputs: built together as a small project,
they must produce no warning and the output the handbook describes."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import REPO

HANDBOOK = REPO / "reports" / "handbook" / "authoring.md"
EXAMPLE = re.compile(
    r"^% example: (?P<name>\S+)\n(?P<fence>`{3,})markdown\n(?P<body>.*?)\n(?P=fence)$",
    re.MULTILINE | re.DOTALL,
)

CONF = """
extensions = ["myst_parser", "build_tools.sphinx_ext"]
project = "Handbook examples"
author = "Tests"
shadow_reports = ["spain"]
myst_enable_extensions = ["colon_fence"]
bibtex_bibfiles = ["references.bib"]
bibtex_reference_style = "author_year"
"""
ROOT = """# Handbook examples

```{collection}
:organisations: Tests
:edition: One
:date: 2026-11-27
:status: sample
```

```{toctree}
convention
spain/index
comparative
```
"""


def examples() -> dict[str, str]:
    found = {m["name"]: m["body"] + "\n" for m in EXAMPLE.finditer(HANDBOOK.read_text("utf-8"))}
    assert found, "no example found in the handbook"
    return found


def test_every_directive_and_role_has_an_example():
    text = "\n".join(examples().values())
    for syntax in (
        "{report}",
        "{law}",
        "{article}",
        "{assessment}",
        "{recommendation}",
        "{assessment-summary}",
        "{recommendation-list}",
        "{conformity-matrix}",
        "{recommendation-index}",
        "{chart}",
        "{convention-reference}",
        "{law-list}",
        "{cite:p}",
        "{cite:t}",
        "{bibliography}",
    ):
        assert syntax in text, f"the handbook shows no example of {syntax}"


def test_handbook_examples_build_cleanly(make_app, tmp_path):
    ex = examples()
    index = ex["report-index"] + "\n```{toctree}\nlegal-framework\nanalysis\nsummary\n```\n"
    files = {
        "conf.py": CONF,
        "index.md": ROOT,
        "convention.md": ex["convention"],
        "comparative.md": ex["comparative"],
        "spain/index.md": index,
        "spain/legal-framework.md": ex["legal-framework"],
        "spain/analysis.md": "# Analysis\n\n" + ex["citations"] + "\n" + ex["assessment"],
        "spain/summary.md": ex["summary"] + "\n" + ex["chart"] + "\n" + ex["sources"],
        "references.bib": (REPO / "reports" / "references.bib").read_text(encoding="utf-8"),
    }
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    overrides = {"shadow_figures_dir": str(REPO / "figures")}
    app = make_app("html", srcdir=tmp_path, freshenv=True, confoverrides=overrides)
    app.build()
    assert app.warning.getvalue() == ""
    out = Path(app.outdir)
    analysis = (out / "spain" / "analysis.html").read_text(encoding="utf-8")
    assert "Estatuto de los Trabajadores, art. 4" in analysis  # the law role
    assert 'href="../convention.html#article-25"' in analysis  # the article role
    assert "Partly in conformity" in analysis and "Not in conformity" in analysis
    assert "Recommendation ES-25-1" in analysis and "High priority" in analysis
    summary = (out / "spain" / "summary.html").read_text(encoding="utf-8")
    assert "ES-25-1" in summary and "Equal pay and working conditions" in summary
    assert "ratings-by-part-en-" in summary and "by Part of the Convention" in summary
    laws = summary[summary.index("shadow-laws") :]
    assert 'href="legal-framework.html#law-es-et"' in laws  # the law list links each law
    assert "MacDonald and Cholewinski, 2007" in summary and "UNESCO Migration Studies" in summary
    comparative = (out / "comparative.html").read_text(encoding="utf-8")
    assert "shadow-rating-partly" in comparative and ">Government<" in comparative
    assert 'id="article-25"' in (out / "convention.html").read_text(encoding="utf-8")
