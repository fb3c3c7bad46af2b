"""Merge a POT template into a PO file, msgmerge-style, without losing a translation.

Pure functions over polib objects (no files): ``update.py`` decides what to read and write.

- Entries follow the template's order; occurrences and extracted comments come from the
  template, translations, translator comments and the fuzzy flag from the PO file.
- A string that changed keeps its old translation as fuzzy, with the old source string in
  ``#| msgid`` so Poedit and Weblate show the translator what changed.
- A string that left the template becomes obsolete (``#~``) and stays until ``purge``; it
  comes back to life if the string returns.
- A new PO file (a renamed or moved page) is filled from the language's translation
  memory: exact matches as they were, close matches as fuzzy.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import polib

from build_tools.i18n import headers
from build_tools.i18n.memory import TranslationMemory, is_fuzzy, is_translated
from build_tools.i18n.pofiles import WRAP_WIDTH, render_entries

Key = tuple[str | None, str]


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
    catalog: polib.POFile
    entries_changed: bool
    stats: MergeStats = field(default_factory=MergeStats)


def _key(entry: polib.POEntry) -> Key:
    return (entry.msgctxt, entry.msgid)


def _translation_entry(
    template: polib.POEntry,
    source: polib.POEntry | None,
    *,
    fuzzy: bool,
    previous: polib.POEntry | None,
    plurals: int,
) -> polib.POEntry:
    """A PO entry for ``template`` carrying ``source``'s translation (or none)."""
    flags = ["fuzzy"] if fuzzy else []
    flags += [flag for flag in template.flags if flag != "fuzzy" and flag not in flags]
    entry = polib.POEntry(
        msgid=template.msgid,
        msgctxt=template.msgctxt,
        msgid_plural=template.msgid_plural,
        occurrences=list(template.occurrences),
        comment=template.comment,
        tcomment=source.tcomment if source is not None else "",
        flags=flags,
    )
    if previous is not None and fuzzy:
        entry.previous_msgid = previous.msgid
        entry.previous_msgctxt = previous.msgctxt
        entry.previous_msgid_plural = previous.msgid_plural or None
    if template.msgid_plural:
        forms = dict(source.msgstr_plural) if source is not None and source.msgid_plural else {}
        if source is not None and not source.msgid_plural:
            forms = {0: source.msgstr}
        entry.msgstr_plural = {index: forms.get(index, "") for index in range(plurals)}
    elif source is not None:
        entry.msgstr = source.msgstr if not source.msgid_plural else source.msgstr_plural.get(0, "")
    return entry


def _keep_previous(entry: polib.POEntry, source: polib.POEntry) -> None:
    """A fuzzy entry keeps the ``#| msgid`` it had; a finished one loses it (as msgmerge)."""
    if is_fuzzy(entry) and source.previous_msgid is not None:
        entry.previous_msgid = source.previous_msgid
        entry.previous_msgctxt = source.previous_msgctxt
        entry.previous_msgid_plural = source.previous_msgid_plural


def _plural_mismatch(template: polib.POEntry, source: polib.POEntry) -> bool:
    return bool(template.msgid_plural) != bool(source.msgid_plural)


def _as_obsolete(entry: polib.POEntry) -> polib.POEntry:
    obsolete = polib.POEntry(
        msgid=entry.msgid,
        msgctxt=entry.msgctxt,
        msgid_plural=entry.msgid_plural,
        msgstr=entry.msgstr,
        msgstr_plural=dict(entry.msgstr_plural),
        tcomment=entry.tcomment,
        flags=["fuzzy"] if is_fuzzy(entry) else [],
        obsolete=True,
    )
    # no occurrences and no "#~|" lines: polib does not read "#~|" back, and a second run
    # must read exactly what the first one wrote
    return obsolete


def _new_catalog() -> polib.POFile:
    catalog = polib.POFile(wrapwidth=WRAP_WIDTH)
    catalog.metadata_is_fuzzy = False
    return catalog


def merge(
    template: polib.POFile,
    previous: polib.POFile | None,
    language: str,
    memory: TranslationMemory | None = None,
) -> Merged:
    """The PO file for ``language`` after merging ``template`` into ``previous``.

    ``memory`` (the language's other PO files) is only consulted when ``previous`` is
    None: a page that appears under a new name takes the translations it had before.
    Existing files are never filled from other pages behind the translator's back.
    """
    plurals = headers.plural_count(language)
    stats = MergeStats()
    old_entries: list[polib.POEntry] = list(previous) if previous is not None else []
    wanted = [entry for entry in template if not entry.obsolete]
    wanted_keys = {_key(entry) for entry in wanted}

    by_key: dict[Key, polib.POEntry] = {}
    for entry in old_entries:  # active entries first: they win over an obsolete copy
        if not entry.obsolete:
            by_key.setdefault(_key(entry), entry)
    for entry in old_entries:
        if entry.obsolete:
            by_key.setdefault(_key(entry), entry)
    # a changed string can only take the translation of a string that left the template
    leftovers = TranslationMemory(e for e in old_entries if _key(e) not in wanted_keys)
    used: set[int] = set()

    merged_entries: list[polib.POEntry] = []
    for item in wanted:
        old = by_key.get(_key(item))
        if old is not None and not _plural_mismatch(item, old):
            used.add(id(old))
            stats.revived += int(old.obsolete and is_translated(old))
            entry = _translation_entry(
                item, old, fuzzy=is_fuzzy(old), previous=None, plurals=plurals
            )
            _keep_previous(entry, old)
        elif (close := leftovers.closest(item.msgctxt, item.msgid)) is not None:
            used.add(id(close))
            stats.fuzzy += 1
            entry = _translation_entry(item, close, fuzzy=True, previous=close, plurals=plurals)
        elif previous is None and memory is not None:
            entry = _from_memory(item, memory, plurals, stats)
        else:
            stats.new += 1
            entry = _translation_entry(item, None, fuzzy=False, previous=None, plurals=plurals)
        merged_entries.append(entry)

    obsolete_entries = _leftover_obsolete(old_entries, used, stats)
    catalog = _new_catalog()
    catalog.extend(merged_entries + obsolete_entries)
    before = render_entries(previous) if previous is not None else None
    changed = before != render_entries(catalog)
    if previous is None:
        catalog.header = headers.header_comment(language, template.header)
        catalog.metadata = headers.metadata(language, template.metadata, None, entries_changed=True)
    else:
        catalog.header = previous.header or headers.header_comment(language, "")
        catalog.metadata = headers.metadata(
            language, template.metadata, previous.metadata, entries_changed=changed
        )
    return Merged(catalog, changed, stats)


def _from_memory(
    item: polib.POEntry, memory: TranslationMemory, plurals: int, stats: MergeStats
) -> polib.POEntry:
    exact = memory.exact(item.msgctxt, item.msgid)
    if exact is not None and not _plural_mismatch(item, exact):
        stats.carried += 1
        entry = _translation_entry(
            item, exact, fuzzy=is_fuzzy(exact), previous=None, plurals=plurals
        )
        _keep_previous(entry, exact)
        return entry
    close = memory.closest(item.msgctxt, item.msgid)
    if close is not None:
        stats.carried += 1
        return _translation_entry(item, close, fuzzy=True, previous=close, plurals=plurals)
    stats.new += 1
    return _translation_entry(item, None, fuzzy=False, previous=None, plurals=plurals)


def _leftover_obsolete(
    old_entries: Iterable[polib.POEntry], used: set[int], stats: MergeStats
) -> list[polib.POEntry]:
    """Translated entries nobody took, as obsolete entries: already obsolete ones first (in
    file order), then the ones that just left the template. Untranslated ones are dropped:
    they hold no work to keep."""
    old_entries = list(old_entries)
    kept = [e for e in old_entries if e.obsolete and id(e) not in used and is_translated(e)]
    leaving = [e for e in old_entries if not e.obsolete and id(e) not in used and is_translated(e)]
    stats.obsoleted += len(leaving)
    return [_as_obsolete(entry) for entry in kept + leaving]


def orphan(previous: polib.POFile, language: str) -> Merged:
    """A PO file whose page is gone: every translation becomes obsolete, none is lost."""
    stats = MergeStats()
    obsolete_entries = _leftover_obsolete(list(previous), set(), stats)
    catalog = _new_catalog()
    catalog.extend(obsolete_entries)
    catalog.header = previous.header
    catalog.metadata = headers.orphan_metadata(language, previous.metadata)
    changed = render_entries(previous) != render_entries(catalog)
    return Merged(catalog, changed, stats)


def purge(catalog: polib.POFile) -> int:
    """Remove the obsolete entries (on purpose: ``make purge-po``). Returns how many."""
    obsolete = [entry for entry in catalog if entry.obsolete]
    for entry in obsolete:
        catalog.remove(entry)
    return len(obsolete)
