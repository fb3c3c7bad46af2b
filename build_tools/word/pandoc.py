"""pandoc, wrapped once: the binary that the pinned ``pypandoc-binary`` wheel ships, its
version, and one function that runs it with an argument list and a typed error.

We call the binary directly (its path comes from pypandoc) rather than
``pypandoc.convert_file`` because a build needs to pass ``SOURCE_DATE_EPOCH`` (the same
input gives the same bytes) and to keep pandoc's warnings for the summary.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from build_tools.dates import VARIABLE as DATE_VARIABLE
from build_tools.dates import source_date_epoch as build_date_epoch


class WordError(Exception):
    """Anything that stops a Word export or import; the message says what and where."""


class InputError(WordError):
    """The request or the input file is refused (exit code 2); nothing was written."""


class PandocError(WordError):
    """pandoc could not be found or exited with an error (stderr in the message)."""


@cache
def pandoc_path() -> str:
    """The pandoc of the pinned pypandoc-binary wheel (a system pandoc only as fallback)."""
    try:
        import pypandoc

        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError) as error:
        found = shutil.which("pandoc")
        if found:
            return found
        raise PandocError(
            "pandoc not found: run 'make setup' (it installs pypandoc-binary)"
        ) from error


@cache
def pandoc_version() -> str:
    """``3.9``: what the pipeline prints, so a log says which pandoc made a file."""
    result = subprocess.run(
        [pandoc_path(), "--version"], capture_output=True, text=True, check=False
    )
    first = result.stdout.splitlines()[0] if result.stdout else ""
    return first.split()[-1] if first else "unknown"


@cache
def pandoc_identity() -> str:
    """Which pandoc converts, cheaply (no process started, no binary hashed): its path and
    the version of the wheel that ships it. Part of the key of every converted report."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        wheel = version("pypandoc_binary")
    except PackageNotFoundError:
        wheel = "no wheel"
    return f"{pandoc_path()} {wheel}"


@dataclass(frozen=True)
class PandocRun:
    stdout: str
    warnings: list[str]


def run_pandoc(
    args: Sequence[str | os.PathLike[str]],
    *,
    cwd: Path | None = None,
    source_date_epoch: int | None = None,
    timeout: float = 300,
) -> PandocRun:
    """Run pandoc; return its output and warnings, raise :class:`PandocError` on failure.
    The dates inside a .docx are ``source_date_epoch`` (a Word export passes its report's
    date), else the build's date (:func:`build_tools.dates.source_date_epoch`)."""
    env = dict(os.environ)
    if source_date_epoch is None:
        source_date_epoch = build_date_epoch(cwd or Path.cwd())
    env[DATE_VARIABLE] = str(source_date_epoch)
    command = [pandoc_path(), *(str(a) for a in args)]
    try:
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise PandocError(f"pandoc took longer than {timeout:.0f} s and was stopped") from error
    warnings = [line for line in result.stderr.splitlines() if line.strip()]
    if result.returncode != 0:
        detail = "\n".join(warnings[-10:]) or "no message"
        raise PandocError(f"pandoc exited with status {result.returncode}: {detail}")
    return PandocRun(result.stdout, warnings)


def svg_converter() -> str | None:
    """pandoc turns SVG charts into PNG (kept beside the SVG in the .docx) with
    ``rsvg-convert``; without it Word 2013 and LibreOffice show an empty frame."""
    return shutil.which("rsvg-convert")
