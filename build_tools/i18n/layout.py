"""Where the translation files live, and what each one is called in reports and tables.

One PO file per page: ``locale/<lang>/LC_MESSAGES/<docname>.po`` (``gettext_compact =
False``), plus ``shadow-interface.po`` for the interface words. The POT templates are in
``_build/gettext/`` under the same relative paths. A catalogue's *domain* is that relative
path without the suffix (``spain/index``); its *report* is the first path component.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from build_tools.pipeline.project import Project

# the interface catalogue's name; the Sphinx extension loads it under the same name
INTERFACE_DOMAIN = "shadow-interface"

#: report name of the pages at the root of ``reports/`` (the collection's own pages)
COLLECTION = "collection"
#: report name of the interface catalogue
INTERFACE = "interface"


@dataclass(frozen=True)
class Layout:
    """The translation side of a project: languages and folders."""

    project: Project

    @classmethod
    def load(cls, root: Path) -> Layout:
        return cls(Project.load(root))

    @property
    def root(self) -> Path:
        return self.project.root

    @property
    def source_language(self) -> str:
        return self.project.languages[0]

    @property
    def target_languages(self) -> tuple[str, ...]:
        """Every declared language but the source (the first of ``shadow_languages``)."""
        return self.project.languages[1:]

    def select_languages(self, requested: str) -> tuple[str, ...]:
        """``"es fr"`` -> those languages (validated); ``""`` -> every target language."""
        return self.project.select("language", requested, self.target_languages)

    @property
    def pot_dir(self) -> Path:
        return self.project.build_dir / "gettext"

    def catalog_dir(self, language: str) -> Path:
        return self.project.localedir / language / "LC_MESSAGES"

    def terminology_file(self, language: str) -> Path:
        return self.project.localedir / language / "terminology.yaml"

    def po_path(self, language: str, domain: str) -> Path:
        return self.catalog_dir(language) / f"{domain}.po"

    def po_files(self, language: str) -> dict[str, Path]:
        """The language's PO files by domain, in a stable order."""
        return files_by_domain(self.catalog_dir(language), ".po")


def files_by_domain(folder: Path, suffix: str) -> dict[str, Path]:
    """``{"spain/index": folder/spain/index<suffix>, ...}``, sorted by domain."""
    if not folder.is_dir():
        return {}
    found = {
        path.relative_to(folder).with_suffix("").as_posix(): path
        for path in folder.rglob(f"*{suffix}")
        if path.is_file() and not path.name.startswith(".")
    }
    return dict(sorted(found.items()))


def report_of(domain: str) -> str:
    """``spain/introduction`` -> ``spain``; ``index`` -> ``collection``; interface words."""
    if domain == INTERFACE_DOMAIN:
        return INTERFACE
    head, _, rest = domain.partition("/")
    return head if rest else COLLECTION
