"""``extract``: the POT templates of every page and of the interface words.

Sphinx's gettext builder writes one POT per page; babel extracts ``_()`` calls from the
``build_tools`` package into ``shadow-interface.pot``. Both run into a staging folder, and
only templates whose bytes changed are moved into ``_build/gettext/``; templates of pages
that no longer exist are removed (else ``update`` would keep their PO files alive).

Deterministic: ``POT-Creation-Date`` is ``SOURCE_DATE_EPOCH`` when set, else the time of the
last git commit of the project, else the epoch; never the clock of the run.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import write_po

import build_tools
from build_tools import dates
from build_tools.i18n.errors import I18nError
from build_tools.i18n.layout import INTERFACE_DOMAIN, Layout, files_by_domain
from build_tools.i18n.pofiles import WRAP_WIDTH
from build_tools.model.convention import catalogue_messages
from build_tools.pipeline.jobs import sphinx_build

#: the interface translation function: ``_("Country")``
KEYWORDS = {"_": None}
#: where the interface words are extracted from by default: this package
DEFAULT_SOURCES = Path(build_tools.__file__).parent


@dataclass(frozen=True)
class Extracted:
    written: tuple[Path, ...]
    removed: tuple[Path, ...]
    unchanged: tuple[Path, ...]


def source_date_epoch(root: Path) -> int:
    """The timestamp written as ``POT-Creation-Date``: the build's one date
    (:func:`build_tools.dates.source_date_epoch`)."""
    try:
        return dates.source_date_epoch(root)
    except dates.DateError as error:
        raise I18nError(str(error)) from None


def run_gettext_builder(layout: Layout, out: Path, epoch: int) -> None:
    """``sphinx-build -b gettext -c <root> <root>/reports <out>``, in a subprocess."""
    command = sphinx_build(
        "gettext", layout.root, layout.project.srcdir, out, out / ".doctrees", options=["-q"]
    )
    env = {**os.environ, dates.VARIABLE: str(epoch)}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        tail = "\n".join((result.stderr or result.stdout).strip().splitlines()[-20:])
        raise I18nError(f"sphinx-build -b gettext failed:\n{tail}", layout.root)


CATALOGUE_FILE = "build_tools/data/convention.yaml"


def interface_template(layout: Layout, sources: Path, epoch: int) -> bytes:
    """The POT of the interface words: every ``_("...")`` in ``sources`` (Python files)."""
    conf = _conf_values(layout)
    catalog = Catalog(
        project=conf.get("project") or "PROJECT",
        version=conf.get("version") or "VERSION",
        copyright_holder=conf.get("author") or "ORGANIZATION",
        creation_date=datetime.fromtimestamp(epoch, tz=UTC),
        charset="UTF-8",
    )
    catalog.msgid_bugs_address = ""  # babel forces a placeholder; Sphinx's templates say ""
    # babel's own comment has the year of *now*: a template made on 1 January would differ
    catalog.header_comment = (
        f"# Interface words of {catalog.project}: the _() calls of {sources.name} and "
        "figures.\n"
        f"# Copyright (C) {conf.get('copyright') or catalog.copyright_holder}\n#"
    )
    # the code's words, then the project's chart scripts (figures/: titles, axes, notes)
    folders = [sources, *([layout.root / "figures"] if (layout.root / "figures").is_dir() else [])]
    for folder in folders:
        for filename, lineno, message, comments, context in extract_from_dir(
            str(folder),
            method_map=[("**.py", "python")],
            keywords=KEYWORDS,
            comment_tags=("Translators:",),
        ):
            catalog.add(
                message,
                locations=[(f"{folder.name}/{filename}", lineno)],
                auto_comments=comments,
                context=context,
            )
    # words that live in data, not in code: the Convention's Part titles and article
    # subjects, and the collection's title from conf.py
    for message, note in catalogue_messages():
        catalog.add(message, locations=[(CATALOGUE_FILE, 0)], auto_comments=[note])
    if conf.get("project"):
        catalog.add(
            conf["project"],
            locations=[("conf.py", 0)],
            auto_comments=["Title of the collection (conf.py: project)"],
        )
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WRAP_WIDTH)
    return buffer.getvalue()


def _conf_values(layout: Layout) -> dict[str, str]:
    """The catalogue's header values, as conf.py sets them (the one loader's reading)."""
    raw = layout.project.settings
    keys = ("project", "version", "author", "copyright")
    return {key: str(raw[key]) for key in keys if key in raw}


def extract(layout: Layout, out: Path | None = None, sources: Path | None = None) -> Extracted:
    """Write the POT templates into ``out`` (default ``_build/gettext``)."""
    out = out or layout.pot_dir
    sources = sources or DEFAULT_SOURCES
    epoch = source_date_epoch(layout.root)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        run_gettext_builder(layout, staging, epoch)
        (staging / f"{INTERFACE_DOMAIN}.pot").write_bytes(
            interface_template(layout, sources, epoch)
        )
        return _sync(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _sync(staging: Path, out: Path) -> Extracted:
    """Move the staged templates into ``out``: changed ones only; remove stale ones."""
    fresh = files_by_domain(staging, ".pot")
    current = files_by_domain(out, ".pot")
    written: list[Path] = []
    unchanged: list[Path] = []
    for path in fresh.values():
        target = out / path.relative_to(staging)
        if target.is_file() and target.read_bytes() == path.read_bytes():
            unchanged.append(target)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)  # same file system: atomic
        written.append(target)
    removed = [current[domain] for domain in sorted(set(current) - set(fresh))]
    for path in removed:
        path.unlink()
    return Extracted(tuple(written), tuple(removed), tuple(unchanged))
