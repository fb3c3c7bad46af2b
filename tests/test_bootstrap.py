"""Set-up: the package list, and what a user without root is told to run."""

import subprocess

import pytest

from build_tools import bootstrap


def test_every_package_has_a_reason():
    packages = bootstrap.read_package_list()
    latex = bootstrap.read_package_list(bootstrap.LATEX_PACKAGE_LIST)
    # TeX Live only for the XeLaTeX engine: the default (Typst) needs none of it
    assert "texlive-xetex" in latex and "latexmk" in latex
    assert not any(name.startswith("texlive") or name == "latexmk" for name in packages)
    assert all(reason for reason in {**packages, **latex}.values())


def test_missing_packages_without_root_prints_the_exact_command(monkeypatch, capsys):
    monkeypatch.setattr(bootstrap, "missing_packages", lambda names: ["latexmk", "fonts-texgyre"])
    monkeypatch.setattr(bootstrap.os, "geteuid", lambda: 1000)
    monkeypatch.setattr(
        bootstrap.shutil, "which", lambda tool: None if tool == "sudo" else f"/usr/bin/{tool}"
    )
    assert bootstrap.install_system_packages() == 1
    err = capsys.readouterr().err.strip()
    assert err == (
        "error: missing Debian packages; run: sudo apt-get install -y "
        "--no-install-recommends latexmk fonts-texgyre"
    )


def test_installed_machine_needs_nothing():
    # the machine running the tests was set up by `make test` itself
    names = list(bootstrap.read_package_list())
    assert bootstrap.missing_packages(names) == []


# Whether bootstrap.py, run now, would find everything in place: the environment stamp matches
# (the lock file, pyproject.toml and the system Python's version) and no Debian package is
# missing. Asked of the system Python that runs bootstrap.py, by its own functions.
FIRST_RUN_DONE = """
import sys
sys.path.insert(0, sys.argv[1])
import bootstrap
venv = bootstrap.ROOT / ".venv"
stamp = venv / ".requirements.sha256"
ready = stamp.exists() and stamp.read_text().strip() == bootstrap.environment_fingerprint()
wanted = list(bootstrap.read_package_list())
try:
    import ensurepip
except ImportError:
    wanted.append("python3-venv")
debian = bootstrap.shutil.which("dpkg-query") is not None
ready = ready and (venv / "bin/python").exists()
print(ready and not (debian and bootstrap.missing_packages(wanted)))
"""


def test_second_run_does_nothing():
    # A run that is not a second one installs: Debian packages (with sudo), or pip into
    # .venv, which may be shared with other checkouts (git worktrees: `pip install -e` would
    # point it at this one). So it runs only right after `make setup`, as in `make test`.
    script = bootstrap.ROOT / "build_tools" / "bootstrap.py"
    probe = ["python3", "-c", FIRST_RUN_DONE, str(script.parent)]
    done = subprocess.run(probe, capture_output=True, text=True, timeout=30, check=True)
    if done.stdout.strip() != "True":
        pytest.skip("bootstrap.py would install: no `make setup` since the lock changed")
    result = subprocess.run(
        ["python3", str(script)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0
    assert result.stdout == "" and result.stderr == ""
