"""Set up a machine for building: the Debian packages, then the pinned Python environment.

Runs with the system Python and its standard library only (it is what creates the
environment everything else runs in). Called by every Makefile target that needs it; when
everything is in place it finishes in a fraction of a second and prints nothing.

    python3 build_tools/bootstrap.py [--venv .venv] [--no-system] [--latex]

TeX Live (``data/debian-packages-latex.txt``) is installed only for the XeLaTeX engine:
``--latex``, or ``PDF_ENGINE=latex`` in the environment; the default engine (Typst) comes
in the Python environment's ``typst`` wheel.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_LIST = ROOT / "build_tools" / "data" / "debian-packages.txt"
LATEX_PACKAGE_LIST = ROOT / "build_tools" / "data" / "debian-packages-latex.txt"
LOCK = ROOT / "requirements.lock"


def read_package_list(path: Path = PACKAGE_LIST) -> dict[str, str]:
    """Package name -> why it is needed."""
    packages = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        name, _, reason = line.partition("#")
        if name.strip():
            packages[name.strip()] = reason.strip()
    return packages


def missing_packages(names: list[str]) -> list[str]:
    """The packages of ``names`` that dpkg does not list as installed."""
    result = subprocess.run(
        ["dpkg-query", "-W", "-f=${Package} ${db:Status-Abbrev}\n", *names],
        capture_output=True,
        text=True,
    )
    installed = {
        line.split()[0]
        for line in result.stdout.splitlines()
        if len(line.split()) > 1 and line.split()[1].startswith("ii")
    }
    return [name for name in names if name not in installed]


def wants_latex(environ: dict[str, str] | None = None) -> bool:
    """Whether the XeLaTeX engine is asked for (``PDF_ENGINE=latex``)."""
    return (environ if environ is not None else os.environ).get("PDF_ENGINE", "") == "latex"


def install_system_packages(latex: bool = False) -> int:
    if shutil.which("dpkg-query") is None:
        needed = ["pdffonts", "java", *(["xelatex", "latexmk"] if latex else [])]
        absent = [tool for tool in needed if shutil.which(tool) is None]
        if absent:
            print(
                f"error: not a Debian system and {', '.join(absent)} not found; install "
                "poppler-utils and a Java runtime"
                + (", and TeX Live (XeLaTeX, latexmk)" if latex else ""),
                file=sys.stderr,
            )
            return 1
        return 0
    wanted = read_package_list()
    if latex:
        wanted.update(read_package_list(LATEX_PACKAGE_LIST))
    try:
        import ensurepip  # noqa: F401  (Debian ships venv's pip bootstrap separately)
    except ImportError:
        wanted["python3-venv"] = "creates the project's Python environment"
    missing = missing_packages(list(wanted))
    if not missing:
        return 0
    if os.geteuid() == 0:
        prefix: list[str] = []
    elif (
        shutil.which("sudo")
        and subprocess.run(["sudo", "-n", "true"], capture_output=True).returncode == 0
    ):
        prefix = ["sudo", "-n"]
    else:
        print(
            "error: missing Debian packages; run: sudo apt-get install -y "
            "--no-install-recommends " + " ".join(missing),
            file=sys.stderr,
        )
        return 1
    print("Installing Debian packages this project needs:")
    for name in missing:
        print(f"  {name:<28} {wanted[name]}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    steps = [
        [*prefix, "apt-get", "update", "-q"],
        [*prefix, "apt-get", "install", "-y", "-q", "--no-install-recommends", *missing],
    ]
    for step in steps:
        print("$ " + " ".join(step), flush=True)
        if subprocess.run(step, env=env).returncode != 0:
            print(f"error: '{' '.join(step)}' failed", file=sys.stderr)
            return 1
    return 0


def environment_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in (LOCK, ROOT / "pyproject.toml"):
        digest.update(path.read_bytes())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def create_environment(venv: Path) -> int:
    """The pinned Python environment; rebuilt only when the lock file changes."""
    stamp = venv / ".requirements.sha256"
    wanted = environment_fingerprint()
    if stamp.exists() and stamp.read_text().strip() == wanted and (venv / "bin/python").exists():
        return 0
    print(f"Creating the Python environment in {venv} from {LOCK.name}", flush=True)
    python = venv / "bin" / "python"
    steps = []
    if not python.exists():
        steps.append([sys.executable, "-m", "venv", str(venv)])
    steps += [
        [str(python), "-m", "pip", "install", "-q", "--upgrade", "pip"],
        [str(python), "-m", "pip", "install", "-q", "-r", str(LOCK)],
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "-e", str(ROOT)],
    ]
    for step in steps:
        if subprocess.run(step).returncode != 0:
            print(f"error: '{' '.join(step)}' failed", file=sys.stderr)
            return 1
    stamp.write_text(wanted + "\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venv", default=str(ROOT / ".venv"))
    parser.add_argument(
        "--no-system",
        action="store_true",
        help="skip the Debian packages (Python environment only)",
    )
    parser.add_argument(
        "--latex",
        action="store_true",
        help="also TeX Live, for PDF_ENGINE=latex and make bench (also when PDF_ENGINE=latex)",
    )
    args = parser.parse_args(argv)
    latex = args.latex or wants_latex()
    if not args.no_system and install_system_packages(latex) != 0:
        return 1
    return create_environment(Path(args.venv))


if __name__ == "__main__":
    sys.exit(main())
