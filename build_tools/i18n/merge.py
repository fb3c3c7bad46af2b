"""Merge a POT template into a PO file with GNU gettext's ``msgmerge --previous``.

msgmerge does the merge and writes the file, in the format every gettext tool (Poedit,
Lokalize, msgcat) writes: 79 columns, its own wrapping, ``#|`` and ``#~|`` lines kept.

- Entries follow the template's order; occurrences and extracted comments come from the
  template, translations, translator comments and the fuzzy flag from the PO file.
- A string that changed keeps the translation of the closest old string as fuzzy, with
  the old source string in ``#| msgid`` so Poedit and Weblate show what changed.
  msgmerge's similarity threshold is its own (``fstrcmp`` >= 0.6), looser than difflib's
  0.8 we used before: a looser match is still only a fuzzy suggestion a translator reviews.
- A string that left the template becomes obsolete (``#~``) and stays until ``purge``; it
  comes back to life (not fuzzy) if the string returns. Untranslated strings that leave
  are dropped: they hold no work.
- A new PO file (a renamed or moved page) is filled from the language's translations
  through msgmerge's compendium (``-C``, built by :mod:`build_tools.i18n.memory`): exact
  matches as they were, close matches as fuzzy with ``#|``.

What stays ours, because msgmerge does not do it:

- the header (:mod:`build_tools.i18n.headers`): msgmerge copies the PO file's header and
  only refreshes ``POT-Creation-Date``; ``Language``, ``Plural-Forms`` and the project's
  fields are set before msgmerge runs;
- "a merge that changes nothing writes nothing": msgmerge moves ``POT-Creation-Date`` on
  every run (``extract`` dates templates by the last commit). The old and the new file are
  compared entry by entry (polib); with no entry changed the file is left as it was
  (bytes and modification time), and a header-only fix keeps the old date;
- a page that is gone (:func:`orphan`): msgmerge against an empty template, which turns
  every translated entry obsolete.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import polib

from build_tools.i18n import headers
from build_tools.i18n.errors import I18nError
from build_tools.i18n.memory import is_translated
from build_tools.i18n.pofiles import WRAP_WIDTH, render_entries

Key = tuple[str | None, str]

#: the header entry at the top of a PO file: its comments, ``msgid ""`` and the fields
_HEADER = re.compile(r'\A(?:#[^\n]*\n)*msgid ""\nmsgstr (?:"[^\n]*"\n)+(?:\n|\Z)')
_POT_DATE = re.compile(r'^"POT-Creation-Date: [^"\n]*\\n"\n', re.M)


@dataclass
class MergeStats:
    """What a merge did, for the summary line of ``update``."""

    new: int = 0  # untranslated strings that were not in the PO file
    fuzzy: int = 0  # changed strings given their old translation as fuzzy
    carried: int = 0  # translations taken from another page of the language
    obsoleted: int = 0  # translated strings that left the template
    revived: int = 0  # obsolete strings back in the template

    def describe(self) -> str:
        parts = [
            f"{count} {label}"
            for count, label in (
                (self.new, "new"),
                (self.fuzzy, "fuzzy"),
                (self.carried, "carried over"),
                (self.obsoleted, "obsolete"),
                (self.revived, "revived"),
            )
            if count
        ]
        return ", ".join(parts) or "header only"


@dataclass
class Merged:
    text: str  # the PO file to write (the previous text itself when nothing changed)
    entries_changed: bool
    stats: MergeStats = field(default_factory=MergeStats)


def _key(entry: polib.POEntry) -> Key:
    return (entry.msgctxt, entry.msgid)


def _run(command: list[str], what: Path | str) -> str:
    tool = shutil.which(command[0])
    if tool is None:
        raise I18nError(f"{command[0]} not found: install GNU gettext (Debian: gettext)")
    done = subprocess.run([tool, *command[1:]], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()
        raise I18nError(f"{command[0]} failed: {detail[-1] if detail else done.returncode}", what)
    return done.stdout


def _header_text(comment: str, metadata: dict[str, str]) -> str:
    catalog = polib.POFile(wrapwidth=WRAP_WIDTH)
    catalog.header = comment
    catalog.metadata = metadata
    catalog.metadata_is_fuzzy = False
    return str(catalog).rstrip("\n") + "\n\n"


def _with_header(text: str, comment: str, metadata: dict[str, str]) -> str:
    """``text`` (a PO file) with its header entry replaced; the entries untouched."""
    body = _HEADER.sub("", text, count=1)
    return _header_text(comment, metadata) + body


def msgmerge(definitions: str, template: Path, compendium: Path | None = None) -> str:
    """``msgmerge --previous`` of the PO text ``definitions`` with ``template``: its output."""
    with tempfile.TemporaryDirectory(prefix="shadow-msgmerge-") as folder:
        source = Path(folder) / "def.po"
        source.write_text(definitions, encoding="utf-8")
        command = ["msgmerge", "--quiet", "--previous", "--force-po", f"--width={WRAP_WIDTH}"]
        if compendium is not None:
            command += ["--compendium", str(compendium)]
        return _run([*command, "--output-file=-", str(source), str(template)], template)


def _stats(previous: polib.POFile | None, merged: polib.POFile) -> MergeStats:
    stats = MergeStats()
    old = {_key(e): e for e in previous or ()}
    for entry in merged:
        before = old.get(_key(entry))
        if entry.obsolete:
            if before is not None and not before.obsolete:
                stats.obsoleted += 1
        elif before is None:
            if not is_translated(entry):
                stats.new += 1
            elif previous is None:
                stats.carried += 1
            else:
                stats.fuzzy += 1
        elif before.obsolete and is_translated(entry):
            stats.revived += 1
    return stats


def _result(
    previous_text: str | None,
    previous: polib.POFile | None,
    output: str,
) -> Merged:
    merged = polib.pofile(output, wrapwidth=WRAP_WIDTH)
    stats = _stats(previous, merged)
    if previous is None or previous_text is None:
        return Merged(output, True, stats)
    if render_entries(previous) != render_entries(merged):
        return Merged(output, True, stats)
    old_fields = {k: v for k, v in previous.metadata.items() if k != "POT-Creation-Date"}
    new_fields = {k: v for k, v in merged.metadata.items() if k != "POT-Creation-Date"}
    if old_fields == new_fields and previous.header == merged.header:
        return Merged(previous_text, False, stats)  # the file as it is, bytes and date
    old_date = previous.metadata.get("POT-Creation-Date")
    if old_date is not None:  # a header-only fix keeps the date of the entries
        line = f'"POT-Creation-Date: {old_date}\\n"\n'
        output = _POT_DATE.sub(lambda _: line, output, count=1)
    return Merged(output, False, stats)


def merge(
    template_path: Path,
    template: polib.POFile,
    previous_path: Path | None,
    previous: polib.POFile | None,
    language: str,
    compendium: Path | None = None,
) -> Merged:
    """The PO file for ``language`` after merging ``template`` into ``previous``.

    ``template`` and ``previous`` are the parsed files (parsed first, so that a broken
    file is named before anything is written). ``compendium`` (the language's other
    translations) is only used when ``previous`` is None: a page that appears under a new
    name takes the translations it had before. Existing files are never filled from
    other pages behind the translator's back.
    """
    if previous is None or previous_path is None:
        comment = headers.header_comment(language, template.header)
        fields = headers.metadata(language, template.metadata, None, entries_changed=True)
        output = msgmerge(_header_text(comment, fields), template_path, compendium)
        return _result(None, None, output)
    previous_text = previous_path.read_text(encoding="utf-8")
    comment = previous.header or headers.header_comment(language, "")
    fields = headers.metadata(language, template.metadata, previous.metadata, entries_changed=True)
    output = msgmerge(_with_header(previous_text, comment, fields), template_path)
    return _result(previous_text, previous, output)


def orphan(previous_path: Path, previous: polib.POFile, language: str) -> Merged:
    """A PO file whose page is gone: every translation becomes obsolete, none is lost."""
    previous_text = previous_path.read_text(encoding="utf-8")
    fields = headers.orphan_metadata(language, previous.metadata)
    date = (
        {"POT-Creation-Date": fields["POT-Creation-Date"]} if "POT-Creation-Date" in fields else {}
    )
    with tempfile.TemporaryDirectory(prefix="shadow-orphan-") as folder:
        empty = Path(folder) / "empty.pot"
        empty.write_text(_header_text("", {**headers.FIXED, **date}), encoding="utf-8")
        definitions = _with_header(previous_text, previous.header, fields)
        output = msgmerge(definitions, empty)
    return _result(previous_text, previous, output)


def purge(path: Path) -> tuple[str, int]:
    """The file without its obsolete entries (on purpose: ``make purge-po``), through
    ``msgattrib --no-obsolete``; and how many were removed."""
    removed = sum(1 for entry in polib.pofile(str(path)) if entry.obsolete)
    if not removed:
        return path.read_text(encoding="utf-8"), 0
    text = _run(
        ["msgattrib", "--no-obsolete", "--force-po", f"--width={WRAP_WIDTH}", "-o", "-", str(path)],
        path,
    )
    return text, removed
