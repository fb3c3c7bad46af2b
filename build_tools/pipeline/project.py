"""The project as the pipeline sees it: where things are, and what conf.py declares.

:func:`read_conf` is the one reader of conf.py: the pipeline, the Word export, the
scaffold, the i18n templates and the benchmark all get their values from it (mostly
through :meth:`Project.load`), run by Sphinx's own ``Config.read`` exactly as a build runs
it. The CI workflow, which has no Sphinx yet, reads the literals of the same file with
:mod:`build_tools.declared`; :meth:`Project.load` refuses a conf.py on which the two
readings of the languages disagree.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util.tags import Tags

from build_tools.declared import literal_settings, setting_line
from build_tools.model.errors import ModelError
from build_tools.model.report import check_language

__all__ = ["Project", "conf_py_error", "read_conf", "setting_line"]


@dataclass(frozen=True)
class Project:
    root: Path
    languages: tuple[str, ...]
    reports: tuple[str, ...]
    collection_name: str
    #: every value conf.py sets, as it sets them (before extensions add their defaults)
    settings: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

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
        raw = read_conf(root)
        conf_py = root / "conf.py"
        declared = raw.get("shadow_languages", ("en",))
        where = f"{conf_py}:{setting_line(conf_py, 'shadow_languages')}"
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
        if "shadow_languages" in raw and literal_languages(conf_py) != languages:
            raise ModelError(
                f"{where}: shadow_languages must be a plain list of codes (the CI workflow "
                'reads it without running conf.py), e.g. ["en", "es"]',
                field="language",
            )
        return cls(
            root=root,
            languages=languages,
            reports=tuple(raw.get("shadow_reports", ())),
            collection_name=str(raw.get("shadow_collection_name", "shadow-reports")),
            settings=raw,
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


def read_conf(root: Path) -> dict[str, Any]:
    """What ``root/conf.py`` sets, run as Sphinx runs it; a conf.py that cannot run is
    one located :class:`ModelError`."""
    if not (root / "conf.py").is_file():
        raise ModelError(f"{root}: no conf.py here; run from the repository root")
    cwd = os.getcwd()
    try:
        config = Config.read(root, overrides={}, tags=Tags())
    except ConfigError as error:
        raise ModelError(conf_py_error(root / "conf.py", error)) from None
    finally:
        os.chdir(cwd)  # Config.read runs conf.py in its own folder
    return dict(config._raw_config)  # what conf.py itself says, before extensions' defaults


def literal_languages(conf_py: Path) -> tuple[str, ...] | None:
    """``shadow_languages`` as the workflow reads it (:mod:`build_tools.declared`)."""
    try:
        value = literal_settings(conf_py).get("shadow_languages")
    except (OSError, SyntaxError, ValueError):
        return None
    return tuple(value) if isinstance(value, (list, tuple)) else None


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
