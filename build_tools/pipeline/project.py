"""The project as the pipeline sees it: where things are, and what conf.py declares."""

from __future__ import annotations

import ast
import os
import traceback
from dataclasses import dataclass
from pathlib import Path

from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util.tags import Tags

from build_tools.model.errors import ModelError
from build_tools.model.report import check_language

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
        except ConfigError as error:
            raise ModelError(conf_py_error(root / "conf.py", error)) from None
        finally:
            os.chdir(cwd)
        raw = config._raw_config  # what conf.py itself says, before extensions add defaults
        declared = raw.get("shadow_languages", ("en",))
        where = f"{root / 'conf.py'}:{setting_line(root / 'conf.py', 'shadow_languages')}"
        if not isinstance(declared, (list, tuple)) or not declared:
            raise ModelError(
                f"{where}: shadow_languages is {declared!r}; list the languages, the source "
                'language first, e.g. ["en", "es"]',
                field="language",
            )
        languages = tuple(declared)
        for language in languages:
            try:
                check_language(language)
            except ModelError as error:
                raise ModelError(f"{where}: shadow_languages: {error}", field="language") from None
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


def setting_line(conf_py: Path, name: str) -> int:
    """The line of conf.py that assigns ``name`` (1 if it cannot be found)."""
    try:
        tree = ast.parse(conf_py.read_bytes())
    except (OSError, SyntaxError, ValueError):
        return 1
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            targets = [node.target]
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            return node.lineno
    return 1


def conf_py_error(conf_py: Path, error: ConfigError) -> str:
    """One located line for a conf.py that Python cannot run (the traceback is not news
    to the reader: conf.py only declares values)."""
    cause = error.__cause__
    if isinstance(cause, SyntaxError):
        line = cause.lineno or 1
        return (
            f"{conf_py}:{line}: Python syntax error: {cause.msg}; conf.py declares values "
            'in Python (name = value), e.g. shadow_languages = ["en", "es"]'
        )
    if cause is not None:
        frames = [
            f for f in traceback.extract_tb(cause.__traceback__) if Path(f.filename) == conf_py
        ]
        line = frames[-1].lineno if frames else 1
        return (
            f"{conf_py}:{line}: conf.py raised {type(cause).__name__}: {cause}; conf.py "
            "should only declare values (name = value)"
        )
    message = " ".join(str(error).split())
    return f"{conf_py}:1: {message}"
