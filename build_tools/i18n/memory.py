"""Translation memory: a language's translations, as a compendium for ``msgmerge -C``.

A page that was renamed or moved gets a new PO file; msgmerge fills it from the
compendium (exact matches as they were, close ones as fuzzy with ``#|``). We write the
compendium ourselves instead of passing the language's PO files to ``-C``, for two
reasons:

- msgmerge ignores obsolete entries of a compendium, and those are exactly where the
  translations of a page that disappeared are kept (``update`` turns them obsolete);
- over a whole language, msgmerge's fuzzy matching (``fstrcmp`` >= 0.6) offers unrelated
  short strings (``translator`` given the translation of ``Translated``). The compendium
  holds, for each string of the new page, only its exact match or its closest earlier
  string with difflib's ratio >= ``CLOSE_RATIO``: the kind of edit a reviser makes to a
  sentence. Such matches always come back fuzzy, for a translator to review.
"""

from __future__ import annotations

from collections.abc import Iterable
from difflib import SequenceMatcher
from pathlib import Path

import polib

from build_tools.i18n.pofiles import WRAP_WIDTH, write_if_changed

#: difflib ratio from which an earlier translation is offered (fuzzy) for a new string
CLOSE_RATIO = 0.8
Key = tuple[str | None, str]


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
        self._exact: dict[Key, polib.POEntry] = {}
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

    def compendium(self, wanted: Iterable[polib.POEntry]) -> polib.POFile:
        """For each of the ``wanted`` strings, its exact match or else its closest string,
        as an active entry (obsolete ones included): the compendium of one new page."""
        chosen: dict[Key, polib.POEntry] = {}
        for item in wanted:
            if item.obsolete:
                continue
            match = self.exact(item.msgctxt, item.msgid) or self.closest(item.msgctxt, item.msgid)
            if match is not None:
                chosen.setdefault((match.msgctxt, match.msgid), match)
        catalog = polib.POFile(wrapwidth=WRAP_WIDTH)
        catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
        for entry in chosen.values():
            catalog.append(
                polib.POEntry(
                    msgid=entry.msgid,
                    msgctxt=entry.msgctxt,
                    msgid_plural=entry.msgid_plural,
                    msgstr=entry.msgstr,
                    msgstr_plural=dict(entry.msgstr_plural),
                    tcomment=entry.tcomment,
                    flags=["fuzzy"] if is_fuzzy(entry) else [],
                )
            )
        return catalog

    def write_compendium(self, wanted: Iterable[polib.POEntry], path: Path) -> Path:
        write_if_changed(path, str(self.compendium(wanted)))
        return path
