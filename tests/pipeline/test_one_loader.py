"""conf.py is read by one function, :func:`build_tools.pipeline.project.read_conf`, and
the build date comes from one, :func:`build_tools.dates.source_date_epoch`."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

import build_tools
from build_tools.model.errors import ModelError
from build_tools.pipeline.project import Project

from ..conftest import REPO

PACKAGE = Path(build_tools.__file__).parent


def calls(name: str, attribute: str) -> list[str]:
    """Where build_tools calls ``name.attribute(...)`` (or reads ``_raw_config``)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_bytes())):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == attribute
                and isinstance(node.value, ast.Name)
                and node.value.id == name
            ):
                found.append(path.relative_to(PACKAGE).as_posix())
    return found


def test_conf_py_is_run_in_one_place():
    assert calls("Config", "read") == ["pipeline/project.py"]


def test_source_date_epoch_is_read_in_one_place_of_ours():
    """sphinx_ext/epub.py reads the variable the pipeline sets for every tool."""
    readers = sorted(
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if '"SOURCE_DATE_EPOCH"' in path.read_text(encoding="utf-8")
        or "'SOURCE_DATE_EPOCH'" in path.read_text(encoding="utf-8")
    )
    assert readers == ["dates.py", "sphinx_ext/epub.py"]


def test_every_consumer_gets_the_languages_from_the_one_loader(mini_project):
    from build_tools.bench.corpus import read_conf as bench_conf
    from build_tools.i18n.layout import Layout

    project = Project.load(mini_project)
    assert project.languages == ("en", "es")
    assert Layout.load(mini_project).project.languages == project.languages
    assert tuple(bench_conf(mini_project)["shadow_languages"]) == project.languages
    assert project.settings["extensions"] == ["myst_parser", "build_tools.sphinx_ext"]


def test_the_workflow_reader_needs_no_sphinx_and_agrees(mini_project):
    """``python3 -m build_tools config`` with the standard library only (CI, before set-up)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    # the system python3 of CI has no Sphinx: make importing it fail here too
    script = (
        "import runpy, sys; sys.modules['sphinx'] = None; "
        "runpy.run_module('build_tools', run_name='__main__')"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "--root", str(mini_project), "config", "languages"],
        cwd=REPO,  # as in the workflow: build_tools from the checkout
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == list(Project.load(mini_project).languages)


def test_languages_the_workflow_would_read_differently_are_refused(mini_project):
    conf = mini_project / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8").replace(
            'shadow_languages = ["en", "es"]', 'shadow_languages = ["en"] + ["es"]'
        ),
        encoding="utf-8",
    )
    with pytest.raises(ModelError, match=r"conf\.py:\d+: shadow_languages must be a plain list"):
        Project.load(mini_project)


def test_one_date_with_one_fallback(tmp_path, monkeypatch):
    from build_tools import dates

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert dates.source_date_epoch(tmp_path) == 1767225600
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert dates.source_date_epoch(tmp_path) == dates.FIXED_EPOCH  # no commit here
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(dates.DateError, match="not a number"):
        dates.source_date_epoch(tmp_path)
    env = dates.reproducible_env(tmp_path, {"SOURCE_DATE_EPOCH": "5"})
    assert env["SOURCE_DATE_EPOCH"] == "5" and env["FORCE_SOURCE_DATE"] == "1"
