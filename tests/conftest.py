"""Shared fixtures: Sphinx's test fixtures over the small projects in tests/roots/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest_plugins = ("sphinx.testing.fixtures",)

ROOTS = Path(__file__).parent / "roots"
REPO = Path(__file__).parent.parent


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
