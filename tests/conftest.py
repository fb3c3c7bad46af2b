"""Shared fixtures: Sphinx's test fixtures over the small projects in tests/roots/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest_plugins = ("sphinx.testing.fixtures",)

ROOTS = Path(__file__).parent / "roots"
REPO = Path(__file__).parent.parent


def retranslate_home(project: Path, words: str) -> None:
    """A translator's edit in a copy of the mini project: the Spanish home sentence
    "La colección reúne un informe." with ``words`` in place of "un informe"."""
    po = project / "locale" / "es" / "LC_MESSAGES" / "index.po"
    text = po.read_text(encoding="utf-8")
    entry = 'msgstr "La colección reúne un informe."'
    assert entry in text  # the fixture's sentence, or the edit would silently do nothing
    po.write_text(text.replace(entry, f'msgstr "La colección reúne {words}."'), encoding="utf-8")


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture
def mini_project(tmp_path: Path) -> Path:
    """A copy of the small complete project (conf.py, reports/, locale/) to build and break."""
    target = tmp_path / "project"
    shutil.copytree(ROOTS / "project-mini", target)
    return target


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The shipped corpus built as `make all` builds it (a no-op when it is up to date)."""
    from build_tools.cli import main

    assert main(["--root", str(REPO), "build", "html", "pdf", "epub"]) == 0
    return REPO / "_build"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Markers by what a test needs, so that ``make test-fast`` can leave out the long ones:
    the shipped corpus (``corpus``), a whole project built through the pipeline, and the
    catalogue of untrusted input (a sandboxed build per case) are ``slow``."""
    untrusted = Path(__file__).parent / "untrusted"
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "corpus" in fixtures:
            item.add_marker(pytest.mark.corpus)
        if "mini_project" in fixtures or Path(item.path).is_relative_to(untrusted):
            item.add_marker(pytest.mark.slow)
