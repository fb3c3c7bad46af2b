"""The catalogue of hostile and broken inputs: what a case is, and how one is run.

A case changes a copy of ``tests/roots/project-mini`` (an author's page, a translator's PO
file, a partner's Word file, ``conf.py``, a data file), runs one real command of the
command line, and states what a person must see: the exit code, the ``file:line`` that
locates the problem, what it says. Every case is also checked for what must never happen:
a Python traceback or Sphinx crash report instead of the line, and a canary file planted
*outside* the project reaching anything under ``_build/`` (zipped EPUB and DOCX members and
PDF text included).

Cases live in ``cases_<area>.py`` modules beside this one, each exporting ``CASES``.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MINI = REPO / "tests" / "roots" / "project-mini"


@dataclass(frozen=True)
class Sandbox:
    """A project copy, and a canary outside it whose token must never be published."""

    root: Path  # the project (conf.py, reports/, locale/, figures/)
    canary: Path  # tmp/outside/canary.txt, not inside root
    token: str

    @property
    def po(self) -> Path:
        """The Spanish catalogue of the collection's root page."""
        return self.root / "locale" / "es" / "LC_MESSAGES" / "index.po"

    def page(self, name: str = "alpha/introduction.md") -> Path:
        return self.root / "reports" / name

    def relative_canary(self, page: str = "alpha/introduction.md") -> str:
        """The canary's path as a page ``reports/<page>`` would write it (``../../..``)."""
        return os.path.relpath(self.canary, (self.root / "reports" / page).parent)

    def add_translation(self, msgid: str, msgstr: str) -> int:
        """Give ``msgid`` (which must be in index.po) the translation ``msgstr``; returns
        the line of the msgstr in the PO file."""
        text = self.po.read_text(encoding="utf-8")
        quoted = _quote(msgid)
        start = text.index(f"msgid {quoted}\n")
        end = text.index("\n\n", start) if "\n\n" in text[start:] else len(text)
        entry = f"msgid {quoted}\nmsgstr {_quote(msgstr)}"
        text = text[:start] + entry + text[end:]
        self.po.write_text(text, encoding="utf-8")
        return text[:start].count("\n") + 2

    def append_entry(self, msgid: str, msgstr: str) -> int:
        """A new entry at the end of index.po; returns the line of its msgstr."""
        text = self.po.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
        line = text.count("\n") + 2
        text += f"msgid {_quote(msgid)}\nmsgstr {_quote(msgstr)}\n"
        self.po.write_text(text, encoding="utf-8")
        return line


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


@dataclass(frozen=True)
class Case:
    id: str
    #: makes the project bad; may return the line the message must name (``<LINE>`` in
    #: ``where`` stands for it)
    setup: Callable[[Sandbox], int | None]
    #: arguments of ``python -m build_tools`` (``build html``) or of another module
    #: (``["-m", "build_tools.i18n", "check"]``: a list starting with "-m")
    command: tuple[str, ...] = ("build", "html", "--languages", "es")
    #: regular expression the output must match: the file and line
    where: str = ""
    #: regular expression the output must also match: what is wrong, what is valid
    says: str = ""
    exit_code: int | None = None  # None: any non-zero
    env: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    returncode: int
    output: str


CRASH_SIGNS = (
    "Traceback (most recent call last)",
    "Exception occurred",
    "please report",
    "Please also report",
    "The full traceback has been saved",
)


def make_sandbox(tmp_path: Path) -> Sandbox:
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    outside = tmp_path / "outside"
    outside.mkdir()
    token = "CANARY-" + secrets.token_hex(12)
    canary = outside / "canary.txt"
    canary.write_text(f"{token}\n", encoding="utf-8")
    # the same token in files of the kinds directives read, beside it
    for name in ("canary.png", "canary.csv", "canary.bib", "canary.md", "canary.py"):
        (outside / name).write_text(f"{token}\n", encoding="utf-8")
    return Sandbox(root=root, canary=canary, token=token)


def run(sandbox: Sandbox, case: Case) -> Outcome:
    if case.command and case.command[0] == "-m":
        argv = [sys.executable, *case.command]
    else:
        argv = [sys.executable, "-m", "build_tools", "--root", str(sandbox.root), *case.command]
    env = {**os.environ, "PYTHONPATH": str(REPO), **case.env}
    env.pop("LANGUAGES", None)
    env.pop("REPORTS", None)
    completed = subprocess.run(
        argv,
        cwd=sandbox.root,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )
    return Outcome(completed.returncode, completed.stdout + completed.stderr)


def leaked(sandbox: Sandbox) -> list[str]:
    """Files under ``_build/`` (and members of its zips, and PDF text) holding the token."""
    token = sandbox.token.encode()
    found = []
    build = sandbox.root / "_build"
    if not build.exists():
        return found
    for path in build.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if token in data:
            found.append(str(path.relative_to(sandbox.root)))
        if path.suffix in {".epub", ".docx", ".zip"} and zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    if token in archive.read(member):
                        found.append(f"{path.relative_to(sandbox.root)}!{member}")
        if path.suffix == ".pdf" and shutil.which("pdftotext"):
            text = subprocess.run(
                ["pdftotext", str(path), "-"], capture_output=True, check=False
            ).stdout
            if token in text:
                found.append(f"{path.relative_to(sandbox.root)} (text)")
    return found


def assert_case(sandbox: Sandbox, case: Case, outcome: Outcome, line: int | None = None) -> None:
    output = outcome.output
    if case.exit_code is None:
        assert outcome.returncode != 0, f"exit 0 for a bad input:\n{output}"
    else:
        assert outcome.returncode == case.exit_code, f"exit {outcome.returncode}:\n{output}"
    for sign in CRASH_SIGNS:
        assert sign not in output, f"a crash report instead of one line:\n{output}"
    if case.where:
        where = case.where.replace("<LINE>", str(line)) if line else case.where
        assert re.search(where, output), f"no {where!r} in:\n{output}"
    if case.says:
        assert re.search(case.says, output, re.I | re.S), f"no {case.says!r} in:\n{output}"
    assert not leaked(sandbox), f"the canary reached {leaked(sandbox)}"
