"""What the preview's resident application keeps from its last build: kept on an edit of
prose, made anew on an edit of what it is made from; and the environment pickled aside."""

from __future__ import annotations

import json
import os
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest
import sphinx.builders

from build_tools import dates
from build_tools.pipeline.project import Project
from build_tools.preview.builder import ResidentBuild
from build_tools.preview.reuse import write_environment_aside
from build_tools.sphinx_ext.collection import collection_of

ASSESSMENT = """
```{assessment} 8
:in-law: conform
:in-practice: conform

The finding on leaving the country.
```
"""

BIB = """@misc{first,
  author = {{First Author}},
  title = {{The First Source}},
  year = {2001},
}

@misc{second,
  author = {{Second Author}},
  title = {{The Second Source}},
  year = {2002},
}
"""


@pytest.fixture
def resident(mini_project: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ResidentBuild]:
    """The mini project with an assessment, the matrix, a citation and a bibliography,
    built once by a resident application."""
    reports = mini_project / "reports"
    intro = reports / "alpha" / "introduction.md"
    intro.write_text(
        intro.read_text(encoding="utf-8")
        + "\n## Article 8\n"
        + ASSESSMENT
        + "\nA source says so {cite:p}`first`.\n",
        encoding="utf-8",
    )
    index = reports / "alpha" / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8")
        + "\n## Sources\n\n```{bibliography}\n```\n\n## Matrix\n\n"
        + "```{conformity-matrix}\n:part: III\n```\n",
        encoding="utf-8",
    )
    (reports / "references.bib").write_text(BIB, encoding="utf-8")
    conf = mini_project / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8") + 'bibtex_bibfiles = ["references.bib"]\n',
        encoding="utf-8",
    )
    project = Project.load(mini_project)
    for name, value in dates.reproducible_env(project.root).items():
        monkeypatch.setenv(name, value)
    build = ResidentBuild(project, "en", fresh=True)
    outcome = build.build()
    assert outcome.ok, outcome.errors
    yield build
    build.namespace.close()  # docutils' registry as it was, for the next application


def edit(build: ResidentBuild, page: str, old: str, new: str) -> None:
    path = build.project.srcdir / page
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    # a new modification time even on a fast file system (Sphinx compares them)
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 10**9))
    outcome = build.build()
    assert outcome.ok, outcome.errors


def page(build: ResidentBuild, name: str) -> str:
    return (build.outdir / f"{name}.html").read_text(encoding="utf-8")


def ratings_in_open_data(build: ResidentBuild) -> list[str]:
    data = json.loads((build.outdir / "_data" / "assessments.json").read_text("utf-8"))
    return [a["in_law"]["label"] for a in data["assessments"]]


def test_prose_keeps_the_collection_and_a_rating_makes_a_new_one(resident: ResidentBuild) -> None:
    first = collection_of(resident.app.env)
    assert ratings_in_open_data(resident) == ["In conformity"]

    edit(resident, "alpha/introduction.md", "Second section.", "Second section, edited.")
    assert "Second section, edited." in page(resident, "alpha/introduction")
    assert collection_of(resident.app.env) is first  # nothing it is made from changed

    edit(resident, "alpha/introduction.md", ":in-law: conform", ":in-law: not")
    assert collection_of(resident.app.env) is not first
    assert "Not in conformity" in page(resident, "alpha/index")  # the matrix
    assert ratings_in_open_data(resident) == ["Not in conformity"]  # written again


def test_prose_keeps_the_citations_and_a_new_citation_formats_them_again(
    resident: ResidentBuild,
) -> None:
    kept = resident.citations
    assert kept is not None
    assert "The First Source" in page(resident, "alpha/index")
    assert "The Second Source" not in page(resident, "alpha/index")

    edit(resident, "alpha/introduction.md", "Second section.", "Second section, edited.")
    assert kept.reused == 1
    assert "The First Source" in page(resident, "alpha/index")

    edit(resident, "alpha/introduction.md", "{cite:p}`first`", "{cite:p}`first,second`")
    assert kept.reused == 1  # formatted again
    assert "The Second Source" in page(resident, "alpha/index")


def test_the_environment_is_pickled_aside_and_complete(
    resident: ResidentBuild, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sphinx.builders, "pickle", sphinx.builders.pickle)  # undone after
    writer = write_environment_aside()
    edit(resident, "alpha/introduction.md", ":in-law: conform", ":in-law: partly")
    assert writer.child  # a forked child writes it
    writer.wait()
    path = resident.where / "doctrees" / "environment.pickle"
    env = pickle.loads(path.read_bytes())
    [entry] = env.domaindata["shadow"]["assessments"][("alpha/index", 8)]
    assert entry.assessment.in_law.name == "PARTLY"
    assert not list(path.parent.glob("environment.pickle.*"))  # no staging file left


def test_old_charts_are_pruned_on_the_first_build_only(resident: ResidentBuild) -> None:
    """The prune reads every page of the site: a later build of the same application
    leaves an unreferenced chart (no page links to it); a new application removes it."""
    images = resident.outdir / "_images"
    images.mkdir(exist_ok=True)
    orphan = images / "alpha-ratings_by_part-0123456789abcdef.svg"
    orphan.write_text("<svg/>", encoding="utf-8")
    edit(resident, "alpha/introduction.md", "Second section.", "Second section, edited.")
    assert orphan.exists()
    outcome = resident.build(reconfigure=True)  # a new application
    assert outcome.ok, outcome.errors
    assert not orphan.exists()
