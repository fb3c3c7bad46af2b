"""``python -m build_tools.edition start``: the current ratings become the previous edition,
all or nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from build_tools.edition import main
from build_tools.model.edition import load_previous_edition
from build_tools.model.rating import Rating

from .conftest import REPO

PAGE = """# Analysis

::::{assessment} 25
:in-law: largely
:in-practice: not in conformity

The finding.

:::{recommendation} EE-25-1
:addressee: government
:priority: high

Do it.
:::
::::

```{assessment} 26
:in-law: n/a
:in-practice: insufficient information
```
"""


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(REPO / "tests" / "roots" / "project-mini", root)
    (root / "reports" / "alpha" / "analysis.md").write_text(PAGE, encoding="utf-8")
    return root


def test_start_copies_the_current_ratings_and_recommendations(project, capsys):
    assert main(["--root", str(project), "start", "--report", "alpha"]) == 0
    target = project / "reports" / "alpha" / "previous-edition.yaml"
    edition = load_previous_edition(target, "alpha")
    assert (edition.edition, edition.date.isoformat(), edition.status.value) == (
        "First edition",
        "2026-11-27",
        "draft",
    )
    assert edition.title == "Alpha: national law and the Convention"
    assert [(r.article, r.in_law, r.in_practice) for r in edition.ratings] == [
        (25, Rating.LARGELY, Rating.NOT_CONFORM),
        (26, Rating.NOT_APPLICABLE, Rating.NO_INFORMATION),
    ]
    assert [(r.id, r.article, r.follow_up) for r in edition.recommendations] == [
        ("EE-25-1", 25, None)
    ]
    assert "created reports/alpha/previous-edition.yaml" in capsys.readouterr().out


def test_start_never_overwrites_and_leaves_no_file_behind(project, capsys):
    target = project / "reports" / "alpha" / "previous-edition.yaml"
    target.write_text("kept: as it was\n", encoding="utf-8")
    assert main(["--root", str(project), "start", "--report", "alpha"]) == 2
    assert target.read_text(encoding="utf-8") == "kept: as it was\n"
    assert "exists already, nothing changed" in capsys.readouterr().err
    assert sorted(p.name for p in target.parent.iterdir() if p.suffix == ".yaml") == [
        "previous-edition.yaml"
    ]


def test_start_refuses_an_invalid_page_at_its_line(project, capsys):
    page = project / "reports" / "alpha" / "analysis.md"
    page.write_text(PAGE.replace(":in-law: largely", ":in-law: largley"), encoding="utf-8")
    assert main(["--root", str(project), "start", "--report", "alpha"]) == 2
    error = capsys.readouterr().err
    assert f"{page}:3: assessment: rating 'largley'" in error and "did you mean" in error
    assert not (project / "reports" / "alpha" / "previous-edition.yaml").exists()
    assert not list(page.parent.glob(".previous-edition-*"))  # the temporary file is gone
