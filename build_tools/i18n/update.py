"""``update`` and ``purge``: bring every language's PO files in line with the POT templates.

Everything is read and merged in memory first; only when every file of every language
parsed are files written, each one atomically and only if its bytes change. A PO file
whose page disappeared keeps its translations as obsolete entries (they are the memory a
renamed page takes its translations from) until ``purge`` is run on purpose.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polib

from build_tools.i18n import merge as merging
from build_tools.i18n.errors import I18nError
from build_tools.i18n.layout import Layout, files_by_domain
from build_tools.i18n.memory import TranslationMemory
from build_tools.i18n.pofiles import load, render, write_if_changed


@dataclass(frozen=True)
class FileChange:
    """One PO file after ``update`` or ``purge``."""

    path: Path
    action: str  # created, updated, unchanged, removed
    detail: str = ""


def load_templates(pot_dir: Path) -> dict[str, polib.POFile]:
    templates = files_by_domain(pot_dir, ".pot")
    if not templates:
        # without templates every translation would turn obsolete: refuse instead
        raise I18nError("no POT templates here; run the extract command first", pot_dir)
    return {domain: load(path) for domain, path in templates.items()}


def plan_language(
    layout: Layout, language: str, templates: dict[str, polib.POFile]
) -> list[tuple[Path, merging.Merged, bool]]:
    """Merge every template into the language's PO files, in memory: (path, result, new)."""
    existing = {domain: load(path) for domain, path in layout.po_files(language).items()}
    memory = TranslationMemory(entry for catalog in existing.values() for entry in catalog)
    planned: list[tuple[Path, merging.Merged, bool]] = []
    for domain, template in templates.items():
        previous = existing.get(domain)
        result = merging.merge(template, previous, language, memory)
        planned.append((layout.po_path(language, domain), result, previous is None))
    for domain in sorted(set(existing) - set(templates)):
        result = merging.orphan(existing[domain], language)
        planned.append((layout.po_path(language, domain), result, False))
    return planned


def update(
    layout: Layout, languages: tuple[str, ...], pot_dir: Path | None = None
) -> list[FileChange]:
    """Merge the POT templates into the PO files of ``languages``."""
    templates = load_templates(pot_dir or layout.pot_dir)
    plans = [plan_language(layout, language, templates) for language in languages]
    changes: list[FileChange] = []
    for planned in plans:
        for path, result, new in planned:
            written = write_if_changed(path, render(result.catalog))
            action = "created" if new else "updated" if written else "unchanged"
            changes.append(FileChange(path, action, result.stats.describe() if written else ""))
    return changes


def purge(layout: Layout, languages: tuple[str, ...]) -> list[FileChange]:
    """Remove obsolete entries. A PO file left with no entry at all (its page is gone and
    its translations were purged) is removed, with its compiled ``.mo``."""
    loaded = [
        (path, load(path)) for language in languages for path in layout.po_files(language).values()
    ]
    changes: list[FileChange] = []
    for path, catalog in loaded:
        removed = merging.purge(catalog)
        if len(catalog) == 0:
            path.unlink()
            path.with_suffix(".mo").unlink(missing_ok=True)
            changes.append(FileChange(path, "removed", f"{removed} obsolete, no entry left"))
        elif removed and write_if_changed(path, render(catalog)):
            changes.append(FileChange(path, "updated", f"{removed} obsolete removed"))
        else:
            changes.append(FileChange(path, "unchanged"))
    return changes
