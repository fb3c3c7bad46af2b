"""Set-up: the package list, and what a user without root is told to run."""

import subprocess

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


def test_second_run_does_nothing():
    result = subprocess.run(
        ["python3", str(bootstrap.ROOT / "build_tools" / "bootstrap.py")],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0
    assert result.stdout == "" and result.stderr == ""
