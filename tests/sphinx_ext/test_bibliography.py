"""Citations scoped to their report: the same source cited by two reports is listed in
both reports' bibliographies, each citation links to its own report's list, and a missing
key is a located warning."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CONF = """
extensions = ["myst_parser", "build_tools.sphinx_ext"]
bibtex_bibfiles = ["refs.bib"]
bibtex_reference_style = "author_year"
"""
BIB = """
@book{macdonald2007,
  author = {MacDonald, Euan and Cholewinski, Ryszard},
  title = {The Migrant Workers Convention in Europe},
  publisher = {UNESCO}, year = {2007},
}
@misc{fra2015severe,
  author = {{European Union Agency for Fundamental Rights}},
  title = {Severe labour exploitation}, year = {2015},
}
"""


REPORT_INDEX = """# %s

```{report}
:country: ES
:organisations: Tests
:edition: One
:date: 2026-11-27
:status: sample
```

```{toctree}
findings
annexes
```
"""


def write(root: Path, pages: dict[str, str]) -> Path:
    files = {
        "conf.py": CONF,
        "refs.bib": BIB,
        "index.md": "# Collection\n\n```{toctree}\nalpha/index\nbeta/index\n```\n",
        "alpha/index.md": "# Alpha\n\n```{toctree}\nfindings\nannexes\n```\n",
        "beta/index.md": "# Beta\n\n```{toctree}\nfindings\nannexes\n```\n",
        "alpha/annexes.md": "# Annexes\n\n```{bibliography}\n```\n",
        "beta/annexes.md": "# Annexes\n\n```{bibliography}\n```\n",
        **pages,
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def build(make_app, tmp_path):
    def run(pages: dict[str, str], builder: str = "html"):
        app = make_app(builder, srcdir=write(tmp_path / "src", pages), freshenv=True)
        app.build()
        return Path(app.outdir), app.warning.getvalue()

    return run


def test_a_source_cited_by_two_reports_is_in_both_bibliographies(build):
    out, warnings = build(
        {
            "alpha/findings.md": (
                "# F\n\nAs shown {cite:p}`macdonald2007`, and {cite:t}`fra2015severe`.\n"
            ),
            "beta/findings.md": "# F\n\nSee {cite:p}`{see}macdonald2007{p. 3}`.\n",
        }
    )
    assert warnings.strip() == ""
    alpha = (out / "alpha" / "annexes.html").read_text(encoding="utf-8")
    beta = (out / "beta" / "annexes.html").read_text(encoding="utf-8")
    assert "Migrant Workers Convention in Europe" in alpha and "Severe labour" in alpha
    # each report lists only what it cites
    assert "Migrant Workers Convention in Europe" in beta and "Severe labour" not in beta
    for report in ("alpha", "beta"):
        page = (out / report / "findings.html").read_text(encoding="utf-8")
        links = re.findall(r'href="([^"]*annexes\.html#[^"]+)"', page)
        assert links and all(link.startswith("annexes.html#") for link in links), links
    assert "MacDonald and Cholewinski, 2007" in (out / "beta" / "findings.html").read_text(
        encoding="utf-8"
    )


def test_an_unknown_key_is_located(build):
    _, warnings = build(
        {"alpha/findings.md": "# F\n\nSee {cite:p}`nosuchkey`.\n", "beta/findings.md": "# F\n"}
    )
    assert re.search(
        r"alpha/findings\.md:3: WARNING: could not find bibtex key \"alpha:nosuchkey\"", warnings
    )


def test_latex_bibliography_per_report(build):
    out, warnings = build(
        {
            "alpha/findings.md": "# F\n\nSee {cite:p}`macdonald2007`.\n",
            "beta/findings.md": "# F\n\nSee {cite:p}`macdonald2007`.\n",
        },
        builder="latex",
    )
    assert warnings.strip() == ""
    tex = next(out.glob("*.tex")).read_text(encoding="utf-8")
    assert tex.count(r"\bibitem") == 2
    assert r"\hyperlink{cite.alpha/annexes:" in tex and r"\hyperlink{cite.beta/annexes:" in tex


def test_a_link_to_a_page_of_another_volume_prints_its_title_in_the_pdf(build):
    """Each report is a PDF of its own: a link from one report to a page outside it shows
    the page's title, not the raw target."""
    out, warnings = build(
        {
            "conf.py": CONF + 'shadow_reports = ["alpha", "beta"]\n',
            "alpha/findings.md": "# F\n\nSee {doc}`../beta/findings` and {doc}`annexes`.\n",
            "beta/findings.md": "# Beta findings\n",
            **{f"{r}/index.md": REPORT_INDEX % r for r in ("alpha", "beta")},
        },
        builder="latex",
    )
    assert warnings.strip() == ""
    alpha = (out / "alpha.tex").read_text(encoding="utf-8")
    assert r"See \sphinxstyleemphasis{Beta findings} and" in alpha
    assert "../beta/findings" not in alpha
    assert r"\hyperref[\detokenize{alpha/annexes::doc}]" in alpha  # same volume: a link
