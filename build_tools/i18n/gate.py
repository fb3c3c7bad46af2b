"""The translation gate: what every build checks, and compiles, before it uses a PO file.

``make check-po`` is advice a person may skip; this is the lock. Before a language is
built, in every format, each of its PO files must:

- pass ``msgfmt --check`` (syntax, encoding, format strings, the header and its
  Plural-Forms): a file msgfmt rejects would otherwise be compiled by a lenient reader
  into a silently mangled, or silently dropped, translation;
- parse without duplicate entries;
- add nothing to its sources but words: no directive, role, link or image address,
  target, HTML, substitution or new block (``structure.added``), no markup token the
  source lacks (``markup.compare``), nothing script-like (``safety.unsafe_markup``).

The same ``msgfmt`` run writes the MO file the build reads, so what is checked is what is
used, and there is one compiler. A file that passed is remembered by the SHA-256 of its
bytes (in a cache folder the caller names), so an unchanged catalogue costs a ``stat``.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import polib

from build_tools.i18n.errors import I18nError
from build_tools.i18n.pofiles import load, msgstr_lines
from build_tools.i18n.safety import unsafe_markup
from build_tools.i18n.structure import added

#: bump when the rules change: every catalogue is checked again
GATE_VERSION = "1"

_MSGFMT_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?:\d+:)?\s*(?P<message>.*)$")


@dataclass(frozen=True, order=True)
class Refusal:
    """One reason a PO file cannot be used, at the line a translator edits."""

    path: Path
    line: int
    message: str

    def format(self, relative_to: Path | None = None) -> str:
        path = self.path
        if relative_to is not None and path.is_relative_to(relative_to):
            path = path.relative_to(relative_to)
        return f"{path}:{self.line}: {self.message}"


def source_of(entry: polib.POEntry) -> str:
    """``reports/spain/part-iii.md:12``: where the entry's text comes from (its first
    ``#:`` occurrence, without the ``../`` that locate it from the POT folder)."""
    if not entry.occurrences:
        return ""
    path, line = entry.occurrences[0]
    while path.startswith("../"):
        path = path[3:]
    return f"{path}:{line}" if line else path


def added_markup(source: str, translation: str) -> list[str]:
    """Everything ``translation`` adds to ``source`` that is not words, each once."""
    found = added(source, translation) + unsafe_markup(source, translation)
    return [" ".join(item.split())[:80] for item in dict.fromkeys(found)]


def entry_refusals(path: Path, catalog: polib.POFile) -> list[Refusal]:
    entries = [entry for entry in catalog if entry.translated()]
    lines = msgstr_lines(path, entries)
    refusals = []
    for entry in entries:
        forms = (
            [(entry.msgid if i == 0 else entry.msgid_plural, text)
             for i, text in sorted(entry.msgstr_plural.items())]
            if entry.msgid_plural
            else [(entry.msgid, entry.msgstr)]
        )  # fmt: skip
        extra: list[str] = []
        for source, translation in forms:
            extra += [item for item in added_markup(source, translation) if item not in extra]
        if extra:
            where = f" ({source_of(entry)})" if source_of(entry) else ""
            refusals.append(
                Refusal(
                    path,
                    lines[id(entry)],
                    f"the translation adds {'; '.join(extra)}, which its source{where} does "
                    "not have; a translation may change words only",
                )
            )
    return refusals


def msgfmt(path: Path, mo: Path | None) -> list[Refusal]:
    """``msgfmt --check`` of ``path``, writing ``mo`` (atomically) when it passes."""
    target = os.devnull
    if mo is not None:
        handle, target = tempfile.mkstemp(dir=mo.parent, prefix=f".{mo.name}.", suffix=".tmp")
        os.close(handle)
    try:
        result = subprocess.run(
            ["msgfmt", "--check", "-o", target, str(path)],
            capture_output=True,
            text=True,
            env={**os.environ, "LC_ALL": "C"},  # messages in English, as we parse them
            check=False,
        )
    except FileNotFoundError:
        raise I18nError("msgfmt not found: install gettext (make setup)") from None
    refusals: list[Refusal] = []
    warning = False  # msgfmt's warnings (an optional header field left out): usable
    for raw in result.stderr.splitlines():
        if raw.startswith((" ", "\t")):  # continuation of the previous message
            if warning or not refusals:
                continue
            last = refusals.pop()
            refusals.append(Refusal(path, last.line, f"{last.message} {raw.strip()}"))
            continue
        warning = ": warning: " in raw
        if warning:
            continue
        if (found := _MSGFMT_LINE.match(raw)) and found["file"] == str(path):
            refusals.append(Refusal(path, int(found["line"]), f"msgfmt: {found['message']}"))
        elif raw.startswith(f"{path}:"):
            refusals.append(Refusal(path, 1, f"msgfmt: {raw[len(str(path)) + 1 :].strip()}"))
        elif raw.strip() and result.returncode != 0 and "fatal error" not in raw:
            refusals.append(Refusal(path, 1, f"msgfmt: {raw.strip()}"))
    if result.returncode != 0 and not refusals:
        refusals.append(Refusal(path, 1, "msgfmt: " + (result.stderr.strip() or "failed")))
    if mo is not None:
        if refusals:
            Path(target).unlink(missing_ok=True)
        else:
            os.chmod(target, 0o644)
            os.replace(target, mo)
    return refusals


def check_catalog(path: Path, mo: Path | None = None) -> list[Refusal]:
    """Every reason ``path`` cannot be used; writes ``mo`` when there is none."""
    refusals = msgfmt(path, mo)
    try:
        catalog = load(path)
    except I18nError as error:
        if not refusals:  # msgfmt's diagnosis is the more precise one
            refusals.append(Refusal(path, error.line or 1, error.message))
        return refusals
    refusals += entry_refusals(path, catalog)
    if refusals and mo is not None:
        mo.unlink(missing_ok=True)  # never leave an MO of a refused catalogue
    return sorted(set(refusals))


def admit(po_files: Iterable[Path], cache: Path) -> list[Refusal]:
    """Check and compile ``po_files``; the refusals of all of them (empty: all admitted).

    A catalogue admitted before with the same bytes, whose MO is in place, is not checked
    again; ``cache`` holds one empty file per admitted SHA-256."""
    refusals: list[Refusal] = []
    for po in po_files:
        data = po.read_bytes()
        key = hashlib.sha256(GATE_VERSION.encode() + b"\0" + data).hexdigest()
        mark = cache / key
        mo = po.with_suffix(".mo")
        if mark.exists() and mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        found = check_catalog(po, mo)
        if found:
            refusals += found
        else:
            cache.mkdir(parents=True, exist_ok=True)
            mark.touch()
    return refusals
