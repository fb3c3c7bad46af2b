"""``update`` and ``purge``: bring every language's PO files in line with the POT templates.

Every file is parsed first (a broken one is named at its line before anything is
written), then merged with ``msgmerge`` (:mod:`build_tools.i18n.merge`) in memory; only
when every file of every language merged are files written, each one atomically and
only if its bytes change. A PO file whose page disappeared keeps its translations as
obsolete entries (they are the memory a renamed page takes its translations from) until
``purge`` is run on purpose.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import polib

from build_tools.i18n import merge as merging
from build_tools.i18n.errors import I18nError
from build_tools.i18n.layout import Layout, files_by_domain
from build_tools.i18n.memory import TranslationMemory
from build_tools.i18n.pofiles import load, write_if_changed


@dataclass(frozen=True)
class FileChange:
    """One PO file after ``update`` or ``purge``."""

    path: Path
    action: str  # created, updated, unchanged, removed
    detail: str = ""


@dataclass(frozen=True)
class Template:
    path: Path
    catalog: polib.POFile


def load_templates(pot_dir: Path) -> dict[str, Template]:
    templates = files_by_domain(pot_dir, ".pot")
    if not templates:
        # without templates every translation would turn obsolete: refuse instead
        raise I18nError("no POT templates here; run the extract command first", pot_dir)
    return {domain: Template(path, load(path)) for domain, path in templates.items()}


def plan_language(
    layout: Layout, language: str, templates: dict[str, Template]
) -> list[tuple[Path, merging.Merged, bool]]:
    """Merge every template into the language's PO files, in memory: (path, result, new)."""
    paths = layout.po_files(language)
    existing = {domain: load(path) for domain, path in paths.items()}
    planned: list[tuple[Path, merging.Merged, bool]] = []
    memory: TranslationMemory | None = None
    with tempfile.TemporaryDirectory(prefix="shadow-memory-") as folder:
        for domain, template in templates.items():
            previous = existing.get(domain)
            compendium: Path | None = None
            if previous is None:  # only a new page is filled from the others
                if memory is None:
                    memory = TranslationMemory(e for c in existing.values() for e in c)
                compendium = memory.write_compendium(template.catalog, Path(folder) / "memory.po")
            result = merging.merge(
                template.path,
                template.catalog,
                paths.get(domain),
                previous,
                language,
                compendium,
            )
            planned.append((layout.po_path(language, domain), result, previous is None))
    for domain in sorted(set(existing) - set(templates)):
        result = merging.orphan(paths[domain], existing[domain], language)
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
            written = write_if_changed(path, result.text)
            action = "created" if new else "updated" if written else "unchanged"
            changes.append(FileChange(path, action, result.stats.describe() if written else ""))
    return changes


def purge(layout: Layout, languages: tuple[str, ...]) -> list[FileChange]:
    """Remove obsolete entries. A PO file left with no entry at all (its page is gone and
    its translations were purged) is removed, with its compiled ``.mo``."""
    paths = [path for language in languages for path in layout.po_files(language).values()]
    loaded = [(path, load(path)) for path in paths]  # every file parses, or nothing changes
    changes: list[FileChange] = []
    for path, catalog in loaded:
        if not any(not entry.obsolete for entry in catalog):
            removed = len(catalog)
            path.unlink()
            path.with_suffix(".mo").unlink(missing_ok=True)
            changes.append(FileChange(path, "removed", f"{removed} obsolete, no entry left"))
            continue
        text, removed = merging.purge(path)
        if removed and write_if_changed(path, text):
            changes.append(FileChange(path, "updated", f"{removed} obsolete removed"))
        else:
            changes.append(FileChange(path, "unchanged"))
    return changes
