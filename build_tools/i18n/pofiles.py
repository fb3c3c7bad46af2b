"""Reading and writing PO files the same way every time.

polib does the parsing; msgmerge and msgattrib write the PO files (:mod:`build_tools.i18n.merge`).
This module fixes the width (79 columns, msgmerge's), maps parse errors to ``file:line``,
finds the line of an entry's ``msgstr``, compares catalogues entry by entry, and writes
files atomically and only when their bytes change (an unchanged PO keeps its modification
time, so the translation gate and the build stamps see nothing new).
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

import polib

from build_tools.i18n.errors import I18nError

#: msgmerge's default page width: translators' tools produce the same wrapping.
WRAP_WIDTH = 79

_POLIB_LINE = re.compile(r"\(line (\d+)\)(?::\s*(.*))?")
_MSGSTR = re.compile(r"^(?:#~\s*)?msgstr(?:\[\d+\])?\s")


def load(path: Path) -> polib.POFile:
    """Parse a PO or POT file; bad input raises ``I18nError`` naming the file and line."""
    if not path.is_file():  # polib would parse a missing path as PO *text*
        raise I18nError("no such file", path)
    try:
        catalog = polib.pofile(str(path), wrapwidth=WRAP_WIDTH)
    except UnicodeDecodeError as error:
        line = _first_undecodable_line(path, error.encoding)
        raise I18nError(f"not valid {error.encoding}: {error.reason}", path, line) from None
    except (OSError, ValueError) as error:
        found = _POLIB_LINE.search(str(error))
        line = int(found.group(1)) if found else None
        detail = found.group(2) if found and found.group(2) else "syntax error"
        raise I18nError(detail, path, line) from None
    _reject_duplicates(catalog, path)
    return catalog


def _first_undecodable_line(path: Path, encoding: str) -> int | None:
    # the decoder's offset is relative to a buffer polib read, not to the file
    for number, raw in enumerate(path.read_bytes().split(b"\n"), start=1):
        try:
            raw.decode(encoding)
        except UnicodeDecodeError:
            return number
    return None


def _reject_duplicates(catalog: polib.POFile, path: Path) -> None:
    # polib keeps both copies; merging would silently keep one translation of the two.
    seen: set[tuple[str | None, str]] = set()
    for entry in catalog:
        if entry.obsolete:
            continue
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            raise I18nError(f"duplicate msgid {entry.msgid[:60]!r}", path, entry.linenum)
        seen.add(key)


def render_entries(catalog: polib.POFile) -> str:
    """The entries alone, in file order, to tell a real change from a header-only one
    (polib's rendering: the same text whatever the wrapping of the file it was read from)."""
    entries = [e for e in catalog if not e.obsolete] + [e for e in catalog if e.obsolete]
    return "\n".join(entry.__unicode__(WRAP_WIDTH) for entry in entries)


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` to ``path`` atomically unless the file already holds it. True if written.

    The text goes to a temporary file in the same folder, then ``os.replace``: a crash or a
    full disk leaves the previous file whole, never half a catalogue.
    """
    data = text.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    # mkstemp creates 0600 files; keep the mode of the file we replace (0644 for a new one)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def msgstr_lines(path: Path, entries: Iterable[polib.POEntry]) -> dict[int, int]:
    """Line of each entry's first ``msgstr`` (keyed by ``id(entry)``), as msgfmt reports it.

    polib records where an entry starts (its first comment); editors and CI annotations
    need the translation's own line, the one a translator edits.
    """
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    found: dict[int, int] = {}
    for entry in entries:
        start = max((entry.linenum or 1) - 1, 0)
        found[id(entry)] = entry.linenum or 1
        for number in range(start, len(lines)):
            if _MSGSTR.match(lines[number]):
                found[id(entry)] = number + 1
                break
    return found
