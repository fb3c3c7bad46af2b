"""``make preview``: the served page follows the edits; a broken edit shows its located
error over the last good page."""

from __future__ import annotations

import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from build_tools.pipeline.project import Project
from build_tools.pipeline.stamps import PACKAGE_DIR
from build_tools.preview.builder import BUILD, RECONFIGURE, RESTART, needs, sync_tree
from build_tools.preview.server import BANNER_ID, EVENTS, decorate
from build_tools.preview.session import Session

from .running import running_preview

PAGE = "alpha/introduction"


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def served_until(url: str, condition: Callable[[str], bool], timeout: float = 120.0) -> str:
    """The page at ``url`` once ``condition`` holds (polled, as a reader's reload would)."""
    deadline = time.monotonic() + timeout
    while True:
        page = fetch(url)
        if condition(page) or time.monotonic() > deadline:
            return page
        time.sleep(0.05)


@pytest.fixture
def session(mini_project: Path) -> Iterator[Session]:
    with running_preview(mini_project, "en") as running:
        yield running


def test_an_edit_is_served_and_a_broken_one_shows_its_error_over_the_last_good_page(
    session: Session, mini_project: Path
) -> None:
    url = f"{session.url}{PAGE}.html"
    source = mini_project / "reports" / f"{PAGE}.md"
    first = fetch(url)
    assert "Second section." in first and BANNER_ID not in first.split("<script>")[0]
    assert EVENTS in first  # the reload script

    text = source.read_text(encoding="utf-8")
    source.write_text(text + "\nAn edit the preview must show.\n", encoding="utf-8")
    edited = served_until(url, lambda page: "An edit the preview must show." in page)
    assert "An edit the preview must show." in edited

    source.write_text(text + "\nA broken edit: {article}`999`.\n", encoding="utf-8")
    broken = served_until(url, lambda page: f'id="{BANNER_ID}" role' in page)
    banner = broken[broken.index(f'id="{BANNER_ID}"') : broken.index("</div>")]
    assert f"reports/{PAGE}.md:" in banner and "999" in banner  # located
    assert "An edit the preview must show." in broken  # the last good page, under it
    assert "A broken edit" not in broken
    assert "unknown article" in session.out.getvalue()  # and in the terminal

    source.write_text(text + "\nFixed again.\n", encoding="utf-8")
    fixed = served_until(url, lambda page: "Fixed again." in page)
    assert f'id="{BANNER_ID}" role' not in fixed


def test_a_po_edit_is_served_and_a_refused_one_shows_the_gates_located_line(
    mini_project: Path,
) -> None:
    with running_preview(mini_project, "es") as running:
        url = f"{running.url}index.html"
        assert "La colección reúne un informe." in fetch(url)
        po = mini_project / "locale" / "es" / "LC_MESSAGES" / "index.po"
        text = po.read_text(encoding="utf-8")
        po.write_text(text.replace("reúne un informe", "reúne un solo informe"), encoding="utf-8")
        edited = served_until(url, lambda page: "reúne un solo informe" in page)
        assert "reúne un solo informe" in edited  # the gate's new MO, not a cached catalogue

        po.write_text(text.replace("reúne un informe", "reúne {law}`x` informe"), encoding="utf-8")
        refused = served_until(url, lambda page: f'id="{BANNER_ID}" role' in page)
        banner = refused[refused.index(f'id="{BANNER_ID}"') : refused.index("</div>")]
        assert "locale/es/LC_MESSAGES/index.po:" in banner and "{law}" in banner
        assert "reúne un solo informe" in refused  # the last good page


def test_what_a_change_needs(tmp_path: Path) -> None:
    project = Project(tmp_path, ("en",), ("alpha",), "c")
    assert needs(project, [tmp_path / "reports" / "a.md", tmp_path / "figures" / "x.py"]) == BUILD
    assert needs(project, [tmp_path / "conf.py"]) == RECONFIGURE
    assert needs(project, [tmp_path / "locale" / "es" / "LC_MESSAGES" / "a.po"]) == RECONFIGURE
    assert needs(project, [tmp_path / "conf.py", PACKAGE_DIR / "data" / "x.yaml"]) == RESTART


def test_a_served_page_gets_the_script_and_while_a_build_fails_the_banner() -> None:
    page = b"<html><body class='x'><p>text</p></body></html>"
    good = decorate(page, {"good": 3, "ok": True, "errors": []}).decode()
    assert good.index("<script>") > good.index("<p>text</p>") and "var shown = 3;" in good
    assert BANNER_ID not in good.split("<script>")[0]
    bad = decorate(page, {"good": 3, "ok": False, "errors": ["a.md:2: <b>wrong</b>"]}).decode()
    assert bad.index(BANNER_ID) < bad.index("<p>text</p>")
    assert "a.md:2: &lt;b&gt;wrong&lt;/b&gt;" in bad  # escaped


def test_sync_copies_what_changed_and_removes_what_is_gone(tmp_path: Path) -> None:
    source, target = tmp_path / "out", tmp_path / "site"
    (source / "a").mkdir(parents=True)
    (source / "a" / "one.html").write_text("one")
    (source / "two.html").write_text("two")
    (source / ".buildinfo").write_text("x")
    known: dict[str, tuple[int, int]] = {}
    assert sync_tree(source, target, known) == 2
    assert not (target / ".buildinfo").exists()
    assert sync_tree(source, target, known) == 0
    (source / "two.html").write_text("two, longer")
    (source / "a" / "one.html").unlink()
    assert sync_tree(source, target, known) == 1
    assert (target / "two.html").read_text() == "two, longer"
    assert not (target / "a" / "one.html").exists()
