"""Render a chart script to a file, once: the file name is a hash of every input (the
chart's data, the script's source, the style, the language and its catalogue, the
matplotlib version), and an existing file is reused. Output is byte-identical across
runs: no dates, fixed SVG ids, TrueType fonts in PDF. matplotlib is imported only when a
chart is drawn: a build whose charts are all in the cache never loads it. A build with
cores to spare draws the charts it lacks in child processes first (:func:`render_ahead`),
and its pages then find them in the cache.
"""

from __future__ import annotations

import fcntl
import gc
import hashlib
import importlib.util
import inspect
import io
import multiprocessing
import os
import re
import traceback
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import version
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from build_tools.charts import style
from build_tools.charts.api import NEEDS, ChartInput, Translate

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FORMATS = {"svg": {"Date": None}, "pdf": {"CreationDate": None, "ModDate": None}}


class ChartError(Exception):
    """A chart that cannot be drawn; the message names the chart and the script. A fault of
    the script itself carries its ``path`` and ``line`` (the same on every page using it)."""

    def __init__(
        self, message: str, path: Path | None = None, line: int = 0, what: str = ""
    ) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.what = what or message  # the message without the script's path


def script_error(name: str, path: Path, step: str, error: BaseException) -> ChartError:
    """The exception a chart script raised, at the line of the script where it was raised
    (the deepest frame in the script: the caller of the library call that failed)."""
    line = 0
    if isinstance(error, SyntaxError) and error.filename and Path(error.filename) == path:
        line = error.lineno or 0
    for frame in traceback.extract_tb(error.__traceback__):
        if Path(frame.filename) == path:
            line = frame.lineno or line
    what = f"{step} raised {type(error).__name__}: {error}"
    return ChartError(f"chart '{name}': {path} {what}", path, line or 1, f"chart '{name}': {what}")


@dataclass
class ChartStats:
    """How many charts a build drew and reused (reported at the end of the build)."""

    drawn: int = 0
    reused: int = 0
    names: list[str] = field(default_factory=list)
    seconds: float = 0.0  # spent in the scripts and on drawing (the benchmark's profile)
    #: drawn ahead of their pages (counted as drawn then): the first page using one
    #: counts nothing, as the page that drew it would have
    ahead: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Script:
    name: str
    path: Path
    module: ModuleType

    @property
    def needs(self) -> str:
        return self.module.NEEDS


def available(figures_dir: Path) -> list[str]:
    return sorted(
        p.stem.replace("_", "-") for p in figures_dir.glob("*.py") if not p.name.startswith("_")
    )


_CHART_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")


def load_script(figures_dir: Path, name: str) -> Script:
    """``ratings-by-part`` -> ``figures/ratings_by_part.py``, checked against the contract."""
    # a name, not a path: a page must not run a script outside figures/
    if not _CHART_NAME.fullmatch(name):
        raise ChartError(
            f"chart name '{name}' is not a chart name: lower-case letters, digits and hyphens, "
            f"naming a script in {figures_dir}; valid: {', '.join(available(figures_dir))}"
        )
    path = figures_dir / f"{name.replace('-', '_')}.py"
    if not path.is_file():
        valid = ", ".join(available(figures_dir)) or "none"
        raise ChartError(f"unknown chart '{name}': no {path.name} in {figures_dir}; valid: {valid}")
    spec = importlib.util.spec_from_file_location(f"shadow_figures.{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as error:  # a researcher's script: report, never crash the build
        raise script_error(name, path, "importing it", error) from error
    for needed in ("draw", "describe", "table", "NEEDS"):
        if not hasattr(module, needed):
            raise ChartError(
                f"chart '{name}': {path} has no {needed} (see build_tools/charts/"
                "api.py for what a chart script provides)",
                path,
                1,
                f"chart '{name}': the script has no {needed} (see build_tools/charts/"
                "api.py for what a chart script provides)",
            )
    if module.NEEDS not in NEEDS:
        raise ChartError(
            f"chart '{name}': NEEDS = {module.NEEDS!r} in {path}; valid: {', '.join(NEEDS)}",
            path,
            1,
        )
    return Script(name, path, module)


@cache
def _matplotlib_version() -> str:
    return version("matplotlib")  # without importing it


def fingerprint(script: Script, data: ChartInput, fmt: str, catalogue: bytes) -> str:
    digest = hashlib.sha256()
    for part in (
        repr(data).encode(),
        script.path.read_bytes(),
        inspect.getsource(style).encode(),
        fmt.encode(),
        catalogue,
        _matplotlib_version().encode(),
    ):
        digest.update(part)
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def chart_file(script: Script, data: ChartInput, fmt: str, cache: Path, catalogue: bytes) -> Path:
    """Where the chart is in ``cache``, drawn or not."""
    return (
        cache / f"{script.name}-{data.language}-{fingerprint(script, data, fmt, catalogue)}.{fmt}"
    )


def render(
    script: Script,
    data: ChartInput,
    translate: Translate,
    fmt: str,
    cache: Path,
    catalogue: bytes,
    stats: ChartStats,
) -> Path:
    """The chart as a file in ``cache`` (drawn only if no file has its fingerprint)."""
    target = chart_file(script, data, fmt, cache, catalogue)
    if target.exists():
        if target.name in stats.ahead:
            stats.ahead.discard(target.name)
        else:
            stats.reused += 1
        return target
    cache.mkdir(parents=True, exist_ok=True)
    # The jobs of a language run in parallel (HTML, EPUB, the single page of PDF and
    # Word): the first to need a chart draws it, the others wait for it and reuse it.
    with _drawing(target):
        if target.exists():
            stats.reused += 1
            return target
        import matplotlib

        try:
            with _build_out_of_collectors_sight(), matplotlib.rc_context(style.RC):
                figure = script.module.draw(data, translate)
                _lay_out(figure, fmt)
                buffer = io.BytesIO()
                figure.savefig(buffer, format=fmt, metadata=FORMATS[fmt])
        except Exception as error:
            raise script_error(script.name, script.path, "draw()", error) from error
        staging = target.with_name(f".{target.name}.{os.getpid()}")
        staging.write_bytes(buffer.getvalue())
        os.replace(staging, target)  # a reader never sees half a file
    stats.drawn += 1
    stats.names.append(target.name)
    return target


def render_ahead(
    charts: Sequence[tuple[Script, ChartInput]],
    translate: Translate,
    fmt: str,
    cache: Path,
    catalogue: bytes,
    stats: ChartStats,
    workers: int,
) -> None:
    """Draw the ``charts`` not in ``cache`` in ``workers`` forked processes, so that the
    pages, resolved one after the other, find them there. A chart that fails here is
    left to its pages, which draw it again and report the failure as a serial build
    does (:func:`render` raising :class:`ChartError`)."""
    missing: dict[Path, tuple[Script, ChartInput]] = {}
    for script, data in charts:
        target = chart_file(script, data, fmt, cache, catalogue)
        if not target.exists():
            missing.setdefault(target, (script, data))
    if not missing:
        return
    # imported once here, not once per child: the forked children share it
    import matplotlib.figure  # noqa: F401
    from matplotlib.backend_bases import get_registered_canvas_class

    get_registered_canvas_class(fmt)
    context = multiprocessing.get_context("fork")  # the children inherit the catalogue
    with ProcessPoolExecutor(min(workers, len(missing)), mp_context=context) as pool:
        futures = [
            pool.submit(
                _draw_ahead, script.name, script.path, data, translate, fmt, cache, catalogue
            )
            for script, data in missing.values()
        ]
        for future in futures:
            try:
                name = future.result()
            except Exception:  # a child that died: its pages draw it again, and say why
                continue
            if name:
                stats.drawn += 1
                stats.names.append(name)
                stats.ahead.add(name)


def _draw_ahead(
    name: str,
    path: Path,
    data: ChartInput,
    translate: Translate,
    fmt: str,
    cache: Path,
    catalogue: bytes,
) -> str:
    """In a child: the chart drawn, its file's name; empty if it was there (another job
    drew it meanwhile) or could not be drawn (its pages say why)."""
    drawn = ChartStats()
    try:
        target = render(
            load_script(path.parent, name), data, translate, fmt, cache, catalogue, drawn
        )
    except ChartError:
        return ""
    return target.name if drawn.drawn else ""


def _lay_out(figure: Figure, fmt: str) -> None:
    """Run the figure's layout engine once, with the renderer of ``fmt``, and fix its
    result: ``savefig`` would otherwise draw the whole figure once more, invisibly, only to
    run the layout (a quarter of the drawing time). The same bytes either way."""
    from matplotlib.backend_bases import get_registered_canvas_class

    engine = figure.get_layout_engine()
    if engine is None:
        return
    get_registered_canvas_class(fmt)(figure)  # the layout measures text as fmt writes it
    engine.execute(figure)
    figure.set_layout_engine(None)  # not "none": a placeholder engine draws once more


@contextmanager
def _build_out_of_collectors_sight() -> Iterator[None]:
    """Hide the objects alive before a figure is drawn (a Sphinx build's doctrees and
    environment) from the cyclic garbage collector while it is drawn: matplotlib makes
    many short-lived objects, and each full collection walked the whole build, a fifth of
    the drawing time. What the drawing leaves as garbage is still collected."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextmanager
def _drawing(target: Path) -> Iterator[None]:
    """Hold the lock of one chart file while it is drawn (``fcntl.flock``: released when
    the process ends, even by a crash; the lock file stays, empty)."""
    with open(target.with_name(f".{target.name}.lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def describe(script: Script, data: ChartInput, translate: Translate) -> str:
    try:
        return str(script.module.describe(data, translate))
    except Exception as error:
        raise script_error(script.name, script.path, "describe()", error) from error


def table(
    script: Script, data: ChartInput, translate: Translate
) -> tuple[list[str], list[list[Any]]]:
    try:
        header, rows = script.module.table(data, translate)
    except Exception as error:
        raise script_error(script.name, script.path, "table()", error) from error
    return [str(h) for h in header], [[str(c) for c in row] for row in rows]
