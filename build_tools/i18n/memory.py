"""Translation memory: find an earlier translation of a source string, exact or close.

Used by the merge when a string changed (close match in the same page) and when a page was
renamed or moved (its strings are looked up in every PO file of the language, obsolete
entries included). Close means difflib's ratio >= ``CLOSE_RATIO``, the kind of edit a
reviser makes to a sentence; such matches always come back as fuzzy for a translator to
review, never as finished translations.
"""

from __future__ import annotations

from collections.abc import Iterable
from difflib import SequenceMatcher

import polib

#: difflib ratio from which an earlier translation is offered (fuzzy) for a new string
CLOSE_RATIO = 0.8


def is_translated(entry: polib.POEntry) -> bool:
    """Has a translation, finished or fuzzy (polib's ``translated()`` excludes fuzzy)."""
    if entry.msgid_plural:
        return any(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def is_fuzzy(entry: polib.POEntry) -> bool:
    return "fuzzy" in entry.flags


class TranslationMemory:
    """Translated entries (fuzzy included), searchable by (context, source string)."""

    def __init__(self, entries: Iterable[polib.POEntry] = ()) -> None:
        self._entries: list[polib.POEntry] = []
        self._exact: dict[tuple[str | None, str], polib.POEntry] = {}
        for entry in entries:
            self.add(entry)

    def add(self, entry: polib.POEntry) -> None:
        if not entry.msgid or not is_translated(entry):
            return
        self._entries.append(entry)
        key = (entry.msgctxt, entry.msgid)
        known = self._exact.get(key)
        # a finished translation beats a fuzzy one; otherwise the first one found wins
        if known is None or (is_fuzzy(known) and not is_fuzzy(entry)):
            self._exact[key] = entry

    def __len__(self) -> int:
        return len(self._entries)

    def exact(self, msgctxt: str | None, msgid: str) -> polib.POEntry | None:
        return self._exact.get((msgctxt, msgid))

    def closest(self, msgctxt: str | None, msgid: str) -> polib.POEntry | None:
        """The most similar other source string (ratio >= CLOSE_RATIO), or None."""
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(msgid)  # difflib caches the analysis of seq2: the fixed side
        best: polib.POEntry | None = None
        best_ratio = CLOSE_RATIO
        for entry in self._entries:
            if entry.msgctxt != msgctxt or entry.msgid == msgid:
                continue
            matcher.set_seq1(entry.msgid)
            # cheap upper bounds first; strictly better only, so the first of equals wins
            if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio or (best is None and ratio >= best_ratio):
                best, best_ratio = entry, ratio
        return best
