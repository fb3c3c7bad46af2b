"""Sphinx through :mod:`build_tools.pipeline.sphinx_run`: Sphinx's exit status and every
line it wrote, the ``atexit`` functions run, fewer collections, the objects of the build not
freed one by one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from build_tools.pipeline.jobs import SPHINX_ENTRY, sphinx_build
from build_tools.pipeline.sphinx_run import GC_YOUNG

CONF = '''
import atexit, gc, os, sys, types

sys.stderr.write(f"gc after {gc.get_threshold()[0]}\\n")

class _Held:
    """Alive until the interpreter tears its module down at exit."""
    def __del__(self, write=os.write):
        write(2, b"torn down\\n")

_probe = types.ModuleType("_shadow_probe")
_probe.held = _Held()
sys.modules["_shadow_probe"] = _probe
del _probe
atexit.register(lambda: sys.stderr.write("atexit ran\\n"))
'''


def run(tmp_path: Path, page: str, *options: str) -> subprocess.CompletedProcess[str]:
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    (src / "index.rst").write_text(page, encoding="utf-8")
    command = sphinx_build(
        "html", src, src, tmp_path / "out", tmp_path / "doctrees", options=["-q", *options]
    )
    assert command[1:3] == ["-m", SPHINX_ENTRY]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def test_a_build_ends_with_sphinx_status_its_output_and_no_teardown(tmp_path):
    done = run(tmp_path, "Title\n=====\n\nText.\n")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "index.html").is_file()
    assert "atexit ran" in done.stderr
    assert f"gc after {GC_YOUNG}\n" in done.stderr
    # the module's objects are left to the operating system: python -m sphinx frees them
    assert "torn down" not in done.stderr
    plain = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", str(tmp_path / "src"),
         str(tmp_path / "plain")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert plain.returncode == 0 and "torn down" in plain.stderr


def test_a_warning_in_a_strict_build_is_written_and_fails_it(tmp_path):
    done = run(tmp_path, "Title\n=====\n\n:ref:`nowhere`\n", "-W", "-n")
    assert done.returncode != 0
    assert "index.rst:4" in done.stderr and "nowhere" in done.stderr
    assert "atexit ran" in done.stderr


def test_a_command_line_sphinx_refuses_exits_as_sphinx_does():
    def exit_of(entry: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", entry, "--no-such-option"]
        return subprocess.run(command, capture_output=True, text=True, check=False)

    ours, sphinx = exit_of(SPHINX_ENTRY), exit_of("sphinx")
    assert ours.returncode == sphinx.returncode == 2  # argparse's usage error
    assert "error: the following arguments are required" in ours.stderr
