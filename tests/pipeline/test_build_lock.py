"""Concurrent builds of one tree: they take turns on ``_build/.lock`` (the second says
whom it waits for), neither exits 0 with incomplete output, and publication itself never
lets two publishers trample each other's staging."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from build_tools.pipeline.lock import ENV_MARKER, build_lock, read_holder
from build_tools.pipeline.publish import publish_tree

REPO = Path(__file__).resolve().parents[2]
WAITING = "waiting for another build in this tree"

HOLD = """
import sys
from pathlib import Path
from build_tools.pipeline.lock import build_lock
with build_lock(Path(sys.argv[1]), "test hold"):
    print("held", flush=True)
    sys.stdin.readline()
"""
TAKE = """
import sys
from pathlib import Path
from build_tools.pipeline.lock import build_lock
with build_lock(Path(sys.argv[1]), "test take"):
    print("acquired", flush=True)
"""


def environment(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in (ENV_MARKER, "LANGUAGES", "REPORTS")}
    return env | {"PYTHONPATH": str(REPO)} | extra


def python(script: str, *args: str, env: dict[str, str] | None = None, **kwargs):
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        env=env or environment(),
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **kwargs,
    )


def readline(stream, timeout: float = 60.0) -> str:
    """The next line of a child's pipe, or fail after ``timeout`` (never hang the suite)."""
    ready, _, _ = select.select([stream], [], [], timeout)
    assert ready, f"no line within {timeout} s"
    return stream.readline()


@pytest.fixture
def holder(tmp_path):
    """A separate process holding ``tmp_path/_build``'s lock until told to let go."""
    build_dir = tmp_path / "_build"
    process = python(HOLD, str(build_dir), stdin=subprocess.PIPE)
    assert readline(process.stdout) == "held\n"
    yield build_dir, process
    if process.poll() is None:
        process.kill()
    process.wait()


def release(process: subprocess.Popen) -> None:
    process.stdin.write("\n")
    process.stdin.flush()
    assert process.wait(timeout=30) == 0


# --- the lock --------------------------------------------------------------------------


def test_a_second_process_waits_names_the_holder_and_proceeds_after(holder):
    build_dir, hold = holder
    assert read_holder(build_dir / ".lock").pid == hold.pid
    waiter = python(TAKE, str(build_dir))
    line = readline(waiter.stderr)
    assert line.startswith(WAITING) and f"(pid {hold.pid}, 'test hold', started " in line
    assert line.rstrip().endswith("to finish...")
    time.sleep(0.5)
    assert waiter.poll() is None  # still waiting: the holder has not let go
    release(hold)
    out, err = waiter.communicate(timeout=30)
    assert waiter.returncode == 0 and out == "acquired\n"
    assert WAITING not in err  # one line, not one per retry
    assert not build_dir.exists()  # the last holder removed the file, and its folder


def test_a_dead_holder_releases_the_lock(holder, capsys):
    build_dir, hold = holder
    hold.send_signal(signal.SIGKILL)
    hold.wait()
    assert (build_dir / ".lock").exists()  # its record stays, but it is not a lock
    with build_lock(build_dir, "after the crash"):
        assert read_holder(build_dir / ".lock").pid == os.getpid()
    assert WAITING not in capsys.readouterr().err


def test_nested_and_child_processes_of_the_holder_do_not_wait_for_it(tmp_path, capsys):
    build_dir = tmp_path / "_build"
    with build_lock(build_dir, "outer") as path:
        with build_lock(build_dir, "inner"):  # same process: counted, not waited for
            assert read_holder(path).command == "outer"
        assert path.exists()  # the inner one's end does not release the outer one
        assert str(path) in os.environ[ENV_MARKER].split(os.pathsep)
        # a child (it inherits the marker) runs while its parent holds the lock
        child = subprocess.run(
            [sys.executable, "-c", TAKE, str(build_dir)],
            env=os.environ | {"PYTHONPATH": str(REPO)},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert child.returncode == 0 and child.stdout == "acquired\n", child.stderr
        assert WAITING not in child.stderr
        assert read_holder(path).pid == os.getpid()  # the child did not take it over
    assert ENV_MARKER not in os.environ and not path.exists()
    assert WAITING not in capsys.readouterr().err


def test_the_marker_alone_does_not_skip_the_lock(holder):
    """A stale or copied SHADOW_BUILD_LOCK_HELD: the holder is not an ancestor, so wait."""
    build_dir, hold = holder
    marked = environment(**{ENV_MARKER: str((build_dir / ".lock").resolve())})
    waiter = python(TAKE, str(build_dir), env=marked)
    assert readline(waiter.stderr).startswith(WAITING)
    assert waiter.poll() is None
    release(hold)
    out, _ = waiter.communicate(timeout=30)
    assert waiter.returncode == 0 and out == "acquired\n"


# --- two real builds -------------------------------------------------------------------


def test_two_builds_started_at_once_both_end_with_the_complete_site(mini_project):
    command = [sys.executable, "-m", "build_tools", "--root", str(mini_project), "build", "html"]
    builds = [
        subprocess.Popen(
            command, env=environment(), text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(2)
    ]
    outputs = [build.communicate(timeout=600) for build in builds]
    for build, (out, err) in zip(builds, outputs, strict=True):
        assert build.returncode == 0, f"{out}\n{err}"
    # They took turns: one built, the other found its finished output. Usually the second
    # waited for the first (and said so, naming it); on a loaded machine the first may be
    # done before the second even starts, and then nobody waits: both are serialised.
    up_to_date = [
        "en        html    up to date" in out and "es        html    up to date" in out
        for out, _ in outputs
    ]
    assert up_to_date.count(True) == 1, outputs
    waiter = builds[up_to_date.index(True)]
    other = builds[up_to_date.index(False)]
    err = outputs[up_to_date.index(True)][1]
    assert err.count(WAITING) <= 1 and WAITING not in outputs[up_to_date.index(False)][1]
    if WAITING in err:
        line = next(line for line in err.splitlines() if WAITING in line)
        assert f"pid {other.pid}, 'build html'" in line
    assert waiter.returncode == 0

    build_dir = mini_project / "_build"
    sources = {
        p.relative_to(mini_project / "reports").with_suffix(".html").as_posix()
        for p in (mini_project / "reports").rglob("*.md")
    }
    assert len(sources) >= 3
    for language in ("en", "es"):
        site = build_dir / "html" / language
        pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
        assert sources <= pages, f"{language}: missing {sorted(sources - pages)}"
        assert (build_dir / "data" / language / "assessments.json").is_file()
    leftovers = [p for p in build_dir.rglob("*") if ".staging" in p.name or ".retired" in p.name]
    assert leftovers == []
    assert not (build_dir / ".lock").exists()


# --- publication without the lock ------------------------------------------------------


def test_two_publishers_of_one_tree_never_trample_each_other(tmp_path):
    sources = []
    for n in range(3):
        source = tmp_path / f"source-{n}"
        for page in range(40):
            (source / "dir").mkdir(parents=True, exist_ok=True)
            (source / "dir" / f"page-{page}.html").write_text(f"{n} {page}", encoding="utf-8")
        sources.append(source)
    destination = tmp_path / "site" / "en"
    errors: list[BaseException] = []

    def publish_many(source: Path) -> None:
        try:
            for _ in range(15):
                publish_tree(source, destination)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=publish_many, args=(s,)) for s in sources]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    published = sorted(p.read_text() for p in destination.rglob("*.html"))
    assert len(published) == 40  # one whole tree, never a mixture or a part
    assert len({text.split()[0] for text in published}) == 1
    assert sorted(p.name for p in destination.parent.iterdir()) == ["en"]


def test_a_dead_publishers_leftovers_are_removed_a_live_ones_kept(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    (source / "index.html").write_text("new", encoding="utf-8")
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], text=True, capture_output=True
    ).stdout.strip()
    site = tmp_path / "html"
    site.mkdir()
    dead = [site / f".en.staging-{gone}-0badf00d", site / f".en.retired-{gone}-0badf00d-0"]
    old_style = site / ".en.staging"  # the fixed name of earlier versions
    live = site / f".en.staging-{os.getpid()}-feedbeef"
    for folder in (*dead, old_style, live):
        folder.mkdir()
    publish_tree(source, site / "en")
    assert (site / "en" / "index.html").read_text() == "new"
    assert sorted(p.name for p in site.iterdir()) == sorted(["en", live.name])
