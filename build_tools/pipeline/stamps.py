"""Input fingerprints: a job whose inputs hash to the stamp of its last successful build,
and whose outputs are in place, is skipped. Content hashes, never timestamps."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

import build_tools

PACKAGE_DIR = Path(build_tools.__file__).parent
_SKIP_DIRS = {"__pycache__", ".pytest_cache"}
# files a build writes among its inputs: the MO the translation gate compiles from each PO
# (the PO is the input); counted, they made every translated language's second build
# after a clean one a rebuild
_DERIVED_SUFFIXES = (".mo",)


def _files_under(path: Path, suffixes: tuple[str, ...] | None = None) -> Iterable[Path]:
    if path.is_file():
        yield path
        return
    for dirpath, dirnames, filenames in os.walk(path):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS and not d.startswith("."))
        for name in sorted(filenames):
            if name.endswith(_DERIVED_SUFFIXES):
                continue
            if suffixes is None or name.endswith(suffixes):
                yield Path(dirpath, name)


def fingerprint(paths: Iterable[Path], extra: Iterable[str] = ()) -> str:
    """sha256 over the relative names and contents of every file under ``paths``."""
    digest = hashlib.sha256()
    for item in extra:
        digest.update(item.encode() + b"\0")
    for root in paths:
        if not root.exists():
            digest.update(f"missing:{root}".encode())
            continue
        for file in _files_under(root):
            digest.update(str(file).encode() + b"\0")
            digest.update(file.read_bytes())
    return digest.hexdigest()


def read_stamp(path: Path) -> str | None:
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        return None


def write_stamp(path: Path, value: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(value + "\n")
    os.replace(tmp, path)
