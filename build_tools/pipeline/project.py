"""The project as the pipeline sees it: where things are, and what conf.py declares."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sphinx.config import Config
from sphinx.util.tags import Tags

from build_tools.model.errors import ModelError

FORMATS = ("html", "pdf", "epub")


@dataclass(frozen=True)
class Project:
    root: Path
    languages: tuple[str, ...]
    reports: tuple[str, ...]
    collection_name: str

    @property
    def srcdir(self) -> Path:
        return self.root / "reports"

    @property
    def localedir(self) -> Path:
        return self.root / "locale"

    @property
    def build_dir(self) -> Path:
        return self.root / "_build"

    @property
    def work_dir(self) -> Path:
        """Sphinx output and doctrees per job: private, reused by incremental builds."""
        return self.build_dir / ".work"

    @property
    def log_dir(self) -> Path:
        return self.build_dir / "logs"

    def published(self, fmt: str, language: str) -> Path:
        return self.build_dir / fmt / language

    @property
    def pdf_volumes(self) -> tuple[str, ...]:
        return (*self.reports, self.collection_name)

    @classmethod
    def load(cls, root: Path) -> Project:
        """Read the collection's declarations from ``root/conf.py``."""
        root = root.resolve()
        if not (root / "conf.py").is_file():
            raise ModelError(f"{root}: no conf.py here; run from the repository root")
        cwd = os.getcwd()
        try:
            config = Config.read(root, overrides={}, tags=Tags())
        finally:
            os.chdir(cwd)
        raw = config._raw_config  # what conf.py itself says, before extensions add defaults
        languages = tuple(raw.get("shadow_languages", ("en",)))
        return cls(
            root=root,
            languages=languages,
            reports=tuple(raw.get("shadow_reports", ())),
            collection_name=str(raw.get("shadow_collection_name", "shadow-reports")),
        )

    def select(self, what: str, requested: str, valid: tuple[str, ...]) -> tuple[str, ...]:
        """Parse a user's ``LANGUAGES=es fr`` (space or comma separated), or all when empty."""
        names = tuple(n for n in requested.replace(",", " ").split() if n)
        if not names:
            return valid
        unknown = [n for n in names if n not in valid]
        if unknown:
            raise ModelError(f"unknown {what} '{' '.join(unknown)}'; valid: {' '.join(valid)}")
        return names
