"""``extract`` on a tiny real project: one POT per page plus the interface words, the same
bytes on every run, and stale templates removed; then a renamed page end to end."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from build_tools.i18n.cli import extract_main, update_main
from build_tools.i18n.extract import DEFAULT_SOURCES, extract, interface_template
from build_tools.i18n.layout import Layout
from tests.conftest import ROOTS

EPOCH = "1767225600"  # 2026-01-01 00:00 UTC
PAGES = ["alpha/index", "alpha/methodology", "index", "shadow-interface"]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    target = tmp_path / "project"
    shutil.copytree(ROOTS / "i18n-project", target)
    return target


def run_extract(project: Path) -> int:
    return extract_main(["--root", str(project), "--sources", str(project / "interface")])


def templates(project: Path) -> dict[str, bytes]:
    folder = project / "_build" / "gettext"
    return {
        p.relative_to(folder).with_suffix("").as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*.pot"))
    }


def test_one_template_per_page_and_one_for_the_interface(project: Path) -> None:
    assert run_extract(project) == 0
    found = templates(project)
    assert sorted(found) == PAGES
    page = polib.pofile(found["alpha/methodology"].decode())
    assert [e.msgid for e in page][:2] == [
        "Methodology",
        "The analysis is based on legislation as published in the official journal.[^alpha-method]",
    ]
    interface = polib.pofile(found["shadow-interface"].decode())
    from_code = [(e.msgid, e.occurrences) for e in interface if e.occurrences[0][1]]
    assert from_code == [
        ("Country", [("interface/widgets.py", "8")]),
        ("Status", [("interface/widgets.py", "8")]),
    ]
    # words kept in data: the Convention's Part titles and article subjects, with a note
    from_data = {e.msgid: e.comment for e in interface if not e.occurrences[0][1]}
    assert from_data["Equal pay and working conditions"].startswith("Subject of article 25")
    assert from_data["Human rights of all migrant workers and members of their families"] == (
        "Title of Part III of the Convention"
    )
    assert len(from_data) == 9 + 93 + 1  # Parts, articles, the collection title
    for text in found.values():
        assert b'"POT-Creation-Date: 2026-01-01 00:00+0000\\n"' in text


@pytest.mark.slow  # two whole gettext builds
def test_extract_twice_writes_nothing(project: Path) -> None:
    layout = Layout.load(project)
    first = extract(layout, sources=project / "interface")
    assert len(first.written) == len(PAGES)
    before = templates(project)
    mtimes = {p: p.stat().st_mtime_ns for p in (project / "_build/gettext").rglob("*.pot")}
    second = extract(layout, sources=project / "interface")
    assert (second.written, second.removed, len(second.unchanged)) == ((), (), len(PAGES))
    assert templates(project) == before
    assert {p: p.stat().st_mtime_ns for p in (project / "_build/gettext").rglob("*.pot")} == mtimes


def test_the_date_is_the_last_commit_without_source_date_epoch(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_COMMITTER_DATE": "2026-03-04T05:06:00+00:00",
    }
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "fixture"]):
        subprocess.run(["git", "-C", str(project), *command], env=env, check=True)
    assert run_extract(project) == 0
    assert b"POT-Creation-Date: 2026-03-04 05:06+0000" in templates(project)["index"]


@pytest.mark.slow
def test_renamed_page_end_to_end(project: Path) -> None:
    """Rename a page: its template is replaced, and its translations follow it."""
    assert run_extract(project) == 0
    assert update_main(["--root", str(project)]) == 0
    locale = project / "locale/es/LC_MESSAGES"
    translated = {e.msgid: e.msgstr for e in polib.pofile(str(locale / "alpha/methodology.po"))}
    assert len(translated) == 4 and all(translated.values())

    (project / "reports/alpha/methodology.md").rename(project / "reports/alpha/method.md")
    index = project / "reports/alpha/index.md"
    index.write_text(index.read_text().replace("methodology", "method"), encoding="utf-8")
    assert run_extract(project) == 0
    assert "alpha/methodology" not in templates(project)  # the stale template is gone
    assert update_main(["--root", str(project)]) == 0

    moved = polib.pofile(str(locale / "alpha/method.po"))
    assert {e.msgid: e.msgstr for e in moved} == translated
    assert not any(e.fuzzy for e in moved)
    old = polib.pofile(str(locale / "alpha/methodology.po"))
    assert {e.msgid for e in old.obsolete_entries()} == set(translated)


def test_default_sources_are_the_build_tools_package(project: Path) -> None:
    text = interface_template(Layout.load(project), DEFAULT_SOURCES, 0).decode()
    assert 'msgid "Country"' in text and "build_tools/sphinx_ext/report_metadata.py" in text


def test_a_failing_sphinx_run_is_an_error_and_keeps_the_old_templates(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_extract(project) == 0
    before = templates(project)
    conf = project / "conf.py"
    conf.write_text(conf.read_text() + "\nextensions.append('no_such_extension')\n")
    assert run_extract(project) == 2
    assert "sphinx-build -b gettext failed" in capsys.readouterr().err
    assert templates(project) == before
    assert [p.name for p in (project / "_build").iterdir()] == ["gettext"]  # no staging left
