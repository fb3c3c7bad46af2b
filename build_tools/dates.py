"""The one build date: every date an output carries (HTML, PDF, EPUB, POT templates, a new
report's front matter) comes from here, so that two builds of one commit are byte-identical.

``SOURCE_DATE_EPOCH`` when the caller sets it; else the time of the last commit of the
project; else a fixed date (1980-01-01, the first date a zip archive can hold). The
pipeline puts the value it settled on into the environment of every tool it runs (Sphinx,
LaTeX, pandoc), so the extension's readers of the variable (the EPUB's zip dates) see the
same number. Standard library only, but for Babel in :func:`long_date`.

It also says how a date is written for a reader (:func:`long_date`): one place, so the
site, the PDFs, the EPUB, Word and the charts write a date alike.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

from build_tools.model.errors import ModelError

#: the locale a language's dates are written in, where it is not the language itself:
#: CLDR's "en" is American ("November 27, 2026"); the UN and the EU write "27 November 2026"
DATE_LOCALES = {"en": "en_GB"}

#: 1980-01-01 00:00 UTC: the fallback when there is neither a variable nor a commit
FIXED_EPOCH = 315532800
VARIABLE = "SOURCE_DATE_EPOCH"


class DateError(ModelError):
    """``SOURCE_DATE_EPOCH`` is set to something that is not a number of seconds."""


def last_commit_epoch(root: Path) -> int | None:
    """The committer time of the last commit of the repository ``root`` is in, if any."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"},
        )
    except OSError:
        return None
    value = done.stdout.strip()
    return int(value) if done.returncode == 0 and value.isdigit() else None


def source_date_epoch(root: Path, environ: Mapping[str, str] | None = None) -> int:
    """The build's date in seconds since 1970 (see the module docstring)."""
    environ = os.environ if environ is None else environ
    value = environ.get(VARIABLE, "").strip()
    if value:
        try:
            return int(value)
        except ValueError:
            raise DateError(f"{VARIABLE}={value!r} is not a number of seconds since 1970") from None
    commit = last_commit_epoch(root)
    return FIXED_EPOCH if commit is None else commit


def build_date(root: Path, environ: Mapping[str, str] | None = None) -> dt.date:
    """The day of :func:`source_date_epoch`, in UTC."""
    epoch = source_date_epoch(root, environ)
    try:
        return dt.datetime.fromtimestamp(epoch, tz=dt.UTC).date()
    except (OverflowError, OSError, ValueError):
        raise DateError(f"{VARIABLE}={epoch} is not a date") from None


def reproducible_env(root: Path, environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of every tool a build runs: the caller's, with the build's date.
    FORCE_SOURCE_DATE makes TeX (and xdvipdfmx's PDF dates) honour it too."""
    env = dict(os.environ if environ is None else environ)
    env[VARIABLE] = str(source_date_epoch(root, env))
    env["FORCE_SOURCE_DATE"] = "1"
    return env


def day_epoch(day: str) -> int:
    """``2026-05-01`` as seconds since 1970 at midnight UTC: a Word file carries its
    report's own date (same report, same bytes, whatever the commit)."""
    date = dt.date.fromisoformat(day)
    return int(dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC).timestamp())


def long_date(day: dt.date, language: str, *, month_only: bool = False) -> str:
    """``day`` as a reader of ``language`` reads it: "27 November 2026", "27 de noviembre
    de 2026", "27 novembre 2026"; with ``month_only``, "November 2024" (a day not known)."""
    from babel.dates import format_date  # imported here: the build date needs no Babel

    locale = DATE_LOCALES.get(language, language or "en")
    return format_date(day, "MMMM y" if month_only else "long", locale=locale)
