"""``new-report``: create a report tree from the template and register it, all or nothing.

Everything is checked and written aside first (the pages in a hidden folder under
``reports/``, the new ``conf.py`` and ``reports/index.md`` in hidden files beside them);
only then are they moved into place, each by a rename on the same file system. If any step
fails, or Sphinx does not read back the list we meant to write, the earlier steps are
undone, so the project is either unchanged or complete.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from build_tools.scaffold.countries import Country, check_folder_name, folder_name, resolve_country
from build_tools.scaffold.errors import ScaffoldError
from build_tools.scaffold.pages import render_pages
from build_tools.scaffold.register import add_to_shadow_reports, add_to_toctree, declared_reports


@dataclass(frozen=True)
class NewReport:
    """What ``create_report`` did, for the command line to tell."""

    country: Country
    name: str
    folder: Path
    pages: tuple[Path, ...]
    registered_in_conf: bool  # False when conf.py listed the name already
    registered_in_index: bool  # False when the toctree listed the page already


def build_date(root: Path) -> dt.date:
    """The build's one date (:func:`build_tools.dates.build_date`): ``SOURCE_DATE_EPOCH``,
    else the day of the last commit."""
    from build_tools.dates import DateError
    from build_tools.dates import build_date as day

    try:
        return day(root)
    except DateError as error:
        raise ScaffoldError(str(error)) from None


def _read(path: Path) -> str:
    # bytes, not read_text: keeps the file's own line endings for the rewrite
    return path.read_bytes().decode("utf-8")


@dataclass(frozen=True)
class _Declared:
    reports: tuple[str, ...]
    colon_fence: bool


def _read_conf(root: Path) -> _Declared:
    """What conf.py declares, as Sphinx reads it (the pipeline's one loader)."""
    from build_tools.model.errors import ModelError
    from build_tools.pipeline.project import read_conf  # Sphinx: only once input is valid

    try:
        raw = read_conf(root)
    except ModelError as error:
        raise ScaffoldError(f"conf.py cannot be read by Sphinx: {error}") from None
    except Exception as error:  # conf.py is arbitrary Python: any error means "cannot read"
        raise ScaffoldError(f"conf.py cannot be read by Sphinx: {error}") from None
    extensions = raw.get("myst_enable_extensions") or ()
    return _Declared(tuple(raw.get("shadow_reports", ())), "colon_fence" in extensions)


def _write_aside(target: Path, text: str) -> Path:
    """``text`` in a hidden file beside ``target``, with ``target``'s permissions."""
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".new")
    with os.fdopen(handle, "wb") as out:
        out.write(text.encode("utf-8"))
    shutil.copymode(target, name)
    return Path(name)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def create_report(
    root: Path, code: str, name: str | None = None, date: dt.date | None = None
) -> NewReport:
    """Create ``reports/<name>/`` for the country ``code`` and register it in ``conf.py``
    and ``reports/index.md``. Raises ScaffoldError, with nothing changed, when it cannot."""
    root = root.resolve()
    conf, index = root / "conf.py", root / "reports" / "index.md"
    for required in (conf, index):
        if not required.is_file():
            raise ScaffoldError(f"{required}: not found; give the project root with --root")

    country = resolve_country(code)
    name = check_folder_name(name) if name else folder_name(country.name)
    target = index.parent / name
    if os.path.lexists(target):
        raise ScaffoldError(
            f"reports/{name}/ already exists; nothing was changed (a report is never "
            "overwritten: edit it, or choose another folder with --name)"
        )

    conf_text, index_text = _read(conf), _read(index)
    reports = declared_reports(conf_text)
    declared = _read_conf(root)
    if tuple(reports) != declared.reports:
        raise ScaffoldError(
            "shadow_reports in conf.py is changed after its assignment, so the tool cannot "
            "edit it safely; add the report to it by hand"
        )
    expected = reports if name in reports else [*reports, name]
    new_conf = conf_text if name in reports else add_to_shadow_reports(conf_text, name)
    if declared_reports(new_conf) != expected:  # the edit must change exactly that list
        raise ScaffoldError("could not add the report to shadow_reports in conf.py safely")
    entry = f"{name}/index"
    new_index = add_to_toctree(index_text, entry, reports)
    pages = render_pages(country, date or build_date(root), declared.colon_fence)

    staged: list[tuple[Path, Path]] = []  # (hidden new version, file it replaces)
    stage = Path(tempfile.mkdtemp(dir=index.parent, prefix=f".{name}.new-"))
    try:
        os.chmod(stage, 0o777 & ~_umask())  # mkdtemp makes it private; the report is not
        for filename, text in pages.items():
            (stage / filename).write_bytes(text.encode("utf-8"))
        for final, old, new in ((conf, conf_text, new_conf), (index, index_text, new_index)):
            if new != old:
                staged.append((_write_aside(final, new), final))
        originals = {conf: conf_text, index: index_text}
        _move_into_place(stage, target, staged, originals, root, tuple(expected))
    finally:
        shutil.rmtree(stage, ignore_errors=True)  # gone already after a successful move
        for aside, _final in staged:
            aside.unlink(missing_ok=True)

    return NewReport(
        country=country,
        name=name,
        folder=target,
        pages=tuple(target / filename for filename in pages),
        registered_in_conf=new_conf != conf_text,
        registered_in_index=new_index != index_text,
    )


def _move_into_place(
    stage: Path,
    target: Path,
    replacements: list[tuple[Path, Path]],
    originals: dict[Path, str],
    root: Path,
    expected: tuple[str, ...],
) -> None:
    """The commit: the folder, then conf.py and index.md; undone if any step fails."""
    if os.path.lexists(target):  # created meanwhile by someone else
        raise ScaffoldError(f"{target} already exists; nothing was changed")
    stage.rename(target)
    done: list[Path] = []
    try:
        for staged, final in replacements:
            os.replace(staged, final)
            done.append(final)
        if _read_conf(root).reports != expected:
            raise ScaffoldError(
                "after the edit, Sphinx does not read the expected shadow_reports from "
                "conf.py; nothing was changed"
            )
    except BaseException:
        for final in done:
            final.write_bytes(originals[final].encode("utf-8"))
        shutil.rmtree(target, ignore_errors=True)
        raise
