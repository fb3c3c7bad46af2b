"""The ``{chart}`` directive: a chart drawn from the collection's data by a script in
``figures/``, rendered per language (SVG for HTML and EPUB, PDF for LaTeX), with alt text
generated from the data and the data itself as a table beside it.

    ```{chart} ratings-by-part
    :report: spain
    :part: III IV

    Ratings of Spanish law, by Part of the Convention.
    ```

The content is the caption (translated like any text). ``:report:`` takes the report's
folder (or its country code); ``:country:``, its former name, still works, with a
``shadow.deprecated`` warning. Charts are drawn when pages are written, from the
collection's :meth:`~build_tools.model.collection.Collection.chart_input`; a chart whose
inputs did not change is reused from the cache (``_build/.charts`` in the pipeline), never
drawn again. Pages are resolved one after the other in the main process, even in a
parallel build (``-j``): there, the first chart resolved draws every chart of the build
the cache lacks in as many processes (:func:`draw_ahead`), from what the pages declared
when they were read (:func:`charts_of`).
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.logging import get_node_location
from sphinx.util.osutil import relative_uri

from build_tools.charts.api import ChartInput
from build_tools.charts.render import (
    ChartError,
    ChartStats,
    Script,
    describe,
    load_script,
    render,
    render_ahead,
    table,
)
from build_tools.model.convention import convention
from build_tools.outputs import CHART_STATS_FILE
from build_tools.sphinx_ext.data_pages import Page, add_placeholder, data_placeholder
from build_tools.sphinx_ext.domain import report_of, shadow_domain
from build_tools.sphinx_ext.i18n import CATALOG, _
from build_tools.sphinx_ext.tables import table as docutils_table
from build_tools.sphinx_ext.translation_status import progress_rows
from build_tools.sphinx_ext.warnings import warn

logger = logging.getLogger(__name__)


class chart_placeholder(data_placeholder):  # noqa: N801
    """Replaced by the chart (an image), its caption and its data as a table."""


class chart_data(nodes.General, nodes.Element):  # noqa: N801
    """The data behind a chart: collapsible in HTML, a plain table elsewhere."""


def visit_chart_data_html(self: Any, node: chart_data) -> None:
    if self.builder.name == "epub":  # EPUB readers: an ordinary table
        self.body.append('<div class="shadow-chart-data">')
    else:
        self.body.append(
            f'<details class="shadow-chart-data"><summary>{self.encode(node["summary"])}</summary>'
        )


def depart_chart_data_html(self: Any, node: chart_data) -> None:
    self.body.append("</div>" if self.builder.name == "epub" else "</details>")


def _pass(self: Any, node: nodes.Node) -> None:
    pass


def figures_dir(env: Any) -> Path:
    return (Path(env.srcdir) / env.config.shadow_figures_dir).resolve()


class ChartDirective(SphinxDirective):
    required_arguments = 1
    has_content = True
    option_spec = {
        "report": directives.unchanged,
        "country": directives.unchanged,  # deprecated: the former name of :report:
        "part": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0].strip()
        try:
            script = load_script(figures_dir(self.env), name)
            parts = " ".join(
                str(convention().part(p).number)
                for p in (self.options.get("part") or "").replace(",", " ").split()
            )
        except ChartError as error:
            if error.path is None:
                warn("chart", self.get_location(), "chart: %s", error)
            else:
                script_failed(self.env.app, error, self.get_location())
            return []
        except ValueError as error:
            warn("chart", self.get_location(), "chart: %s", error)
            return []
        except Exception as error:  # ModelError from an unknown Part
            warn("chart", self.get_location(), "chart '%s': %s", name, error)
            return []
        option = "report"
        if "country" in self.options:
            option = "country"
            warn(
                "deprecated",
                self.get_location(),
                "chart '%s': :country: is the former name of :report:; write :report: %s",
                name,
                (self.options.get("country") or "").strip(),
            )
        wanted = (self.options.get(option) or "").strip()
        if script.needs == "report" and not wanted:
            report = report_of(self.env.docname)
            if report is None:
                warn(
                    "chart",
                    self.get_location(),
                    "chart '%s': name the report with :report: (e.g. spain)",
                    name,
                )
                return []
            wanted = report.name
        self.env.note_dependency(str(script.path))
        shadow_domain(self.env).data_pages.add(self.env.docname)
        anchor = f"chart-{self.env.current_document.new_serial_number('shadow-chart')}"
        request = {"chart": name, "report": wanted, "option": option, "parts": parts}
        charts_of(self.env).setdefault(self.env.docname, []).append(request)
        node = chart_placeholder(**request, anchor=anchor)
        self.set_source_info(node)
        if self.content:
            node += self.parse_content_to_nodes()  # the caption, translated like any text
        return [node]


def charts_of(env: BuildEnvironment) -> dict[str, list[dict[str, str]]]:
    """Per page, the charts it asks for (the placeholder's options), as read: kept in the
    pickled environment, purged and merged with the page."""
    if not hasattr(env, "shadow_charts"):
        env.shadow_charts = {}  # type: ignore[attr-defined]
    return env.shadow_charts  # type: ignore[attr-defined]


def purge_charts(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    charts_of(env).pop(docname, None)


def merge_charts(
    app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    theirs = charts_of(other)
    charts_of(env).update({d: theirs[d] for d in docnames if d in theirs})
    # what a parallel reader's scripts raised, reported once with the main process's
    for key, pages in getattr(other, "shadow_chart_failures", {}).items():
        _failed(app, key, pages)


def chart_input(page: Page, request: Mapping[str, str], needs: str) -> ChartInput:
    """The collection's input for this chart, in the page's language."""
    collection = page.collection
    report = None
    if needs == "report":
        report = collection.find_report(request["report"])
        if report is None:
            valid = ", ".join(r.name for r in collection.reports)
            raise ChartError(
                f"chart '{request['chart']}': no report for :{request['option']}: "
                f"{request['report']}; valid: {valid}"
            )
    progress = progress_rows(page.env, page.report_name) if needs == "translation" else ()
    return collection.chart_input(
        request["chart"],
        needs,
        page.language,
        _,
        parts=request["parts"],
        report=report,
        progress=progress,
    )


def _catalogue_bytes(env: Any, language: str) -> bytes:
    """The compiled interface catalogue: a new translation of a chart word redraws it."""
    for locale_dir in env.config.locale_dirs:
        mo = Path(env.srcdir, locale_dir, language, "LC_MESSAGES", f"{CATALOG}.mo")
        if mo.is_file():
            return mo.read_bytes()
    return b""


def cache_dir(app: Sphinx) -> Path:
    configured = app.config.shadow_chart_cache
    return Path(configured) if configured else Path(app.doctreedir).parent / "charts"


def resolve_chart(page: Page, node: chart_placeholder) -> list[nodes.Node]:
    try:
        return draw_chart(page, node)
    except ChartError as error:  # no such report: named, located, build fails
        warn("chart", node, "%s", error)
        return []


def _chart_format(builder: Any) -> str:
    return "pdf" if builder.format == "latex" else "svg"


def draw_ahead(page: Page) -> None:
    """Every chart the pages ask for that the cache lacks, drawn in as many processes as
    the build has (``-j``); once per build, when its first chart is resolved. Not in the
    LaTeX builder, whose volumes may hold only some pages; nor where a chart's script or
    input fails: that chart's page draws it and reports it."""
    builder = page.builder
    if not getattr(builder, "shadow_charts_ahead", False):
        return
    builder.shadow_charts_ahead = False  # type: ignore[attr-defined]
    scripts: dict[str, Script] = {}
    charts = []
    for docname in sorted(charts_of(page.env)):
        for request in charts_of(page.env)[docname]:
            name = request["chart"]
            try:
                if name not in scripts:
                    scripts[name] = load_script(figures_dir(page.env), name)
                charts.append((scripts[name], chart_input(page, request, scripts[name].needs)))
            except ChartError:
                continue
    render_ahead(
        charts,
        _,
        _chart_format(builder),
        cache_dir(page.app),
        _catalogue_bytes(page.env, page.language),
        builder.shadow_chart_stats,  # type: ignore[attr-defined]
        page.app.parallel,
    )


def draw_chart(page: Page, node: chart_placeholder) -> list[nodes.Node]:
    app, builder = page.app, page.builder
    stats: ChartStats = builder.shadow_chart_stats  # type: ignore[attr-defined]
    started = time.perf_counter()
    try:
        draw_ahead(page)
    finally:
        stats.seconds += time.perf_counter() - started
    script = load_script(figures_dir(page.env), node["chart"])
    data = chart_input(page, node.attributes, script.needs)
    fmt = _chart_format(builder)
    started = time.perf_counter()
    try:
        drawn = render(
            script,
            data,
            _,
            fmt,
            cache_dir(app),
            _catalogue_bytes(page.env, data.language),
            stats,
        )
        alt = describe(script, data, _)
        header, rows = table(script, data, _)
    except ChartError as error:
        if error.path is None:
            raise
        script_failed(app, error, get_node_location(node) or page.docname)
        return []
    finally:
        stats.seconds += time.perf_counter() - started

    if builder.format == "latex":
        shutil.copyfile(drawn, Path(app.outdir) / drawn.name)
        uri = drawn.name
    else:
        images = Path(app.outdir) / "_images"
        images.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(drawn, images / drawn.name)
        uri = relative_uri(builder.get_target_uri(page.docname), f"_images/{drawn.name}")
        uri = posixpath.normpath(uri)

    figure = nodes.figure(classes=["shadow-chart"], ids=[node["anchor"]])
    figure += nodes.image(uri=uri, alt=alt, candidates={"*": uri})
    caption = nodes.caption()
    caption_text = [c for c in node.children if isinstance(c, nodes.paragraph)]
    if caption_text:
        for paragraph in caption_text:
            caption.extend(paragraph.children)
    else:
        caption += nodes.Text(alt)
    figure += caption
    # the numbers are in the alt text already; the search need not index them twice
    data_node = chart_data(summary=_("Data of this chart"), classes=["no-search"])
    data_node += docutils_table(
        header,
        rows,
        widths=[100 // max(1, len(header))] * len(header),
        classes=["shadow-chart-table"],
        long=True,
    )
    return [figure, data_node]


def start_stats(app: Sphinx) -> None:
    app.builder.shadow_chart_stats = ChartStats()  # type: ignore[attr-defined]
    app.builder.shadow_chart_failures = ({}, os.getpid())  # type: ignore[attr-defined]


def start_writing(app: Sphinx, builder: Any) -> None:
    """Each build (a preview rebuilds with one application) may draw ahead once: where
    Sphinx may run in parallel and pages hold SVG."""
    builder.shadow_charts_ahead = app.parallel > 1 and builder.format == "html"


FailureKey = tuple[str, int, str]  # the script, its line, what it raised


def script_failed(app: Sphinx, error: ChartError, page: str) -> None:
    """A chart script that raised: reported once, at the script's line, with every page
    that uses it (:func:`report_failures`), not once per page. A parallel reader keeps it
    in its environment, which the main process merges (:func:`merge_charts`)."""
    key = (str(error.path), error.line, error.what)
    _failures, pid = getattr(app.builder, "shadow_chart_failures", ({}, -1))
    if pid != os.getpid():
        if not hasattr(app.env, "shadow_chart_failures"):
            app.env.shadow_chart_failures = {}  # type: ignore[attr-defined]
        app.env.shadow_chart_failures.setdefault(key, []).append(page)  # type: ignore[attr-defined]
        return
    _failed(app, key, [page])


def _failed(app: Sphinx, key: FailureKey, pages: list[str]) -> None:
    failures, _pid = getattr(app.builder, "shadow_chart_failures", ({}, -1))
    known = failures.setdefault(key, [])
    known.extend(page for page in pages if page not in known)


def _in_page_order(location: str) -> tuple[str, int]:
    """``reports/a.md:12`` -> ``("reports/a.md", 12)``: the pages as a serial build
    meets them, whichever parallel reader met them first."""
    path, _sep, line = location.rpartition(":")
    return (path, int(line)) if line.isdigit() else (location, 0)


def report_failures(app: Sphinx, exception: Exception | None) -> None:
    failures, _pid = getattr(app.builder, "shadow_chart_failures", ({}, -1))
    for (path, line, what), pages in sorted(failures.items()):
        pages = sorted(pages, key=_in_page_order)
        warn("chart", f"{path}:{line}", "%s; used on %s", what, ", ".join(pages))
    failures.clear()


STATS_FILE = CHART_STATS_FILE
CHART_FILE = re.compile(r"^[a-z0-9-]+-[A-Za-z_-]+-[0-9a-f]{16}\.svg$")


def prune_old_charts(app: Sphinx) -> list:
    """Remove chart files no page refers to any more (an earlier version of a chart), before
    the site is copied and the EPUB is zipped. Runs when every page is written."""
    images = Path(app.outdir) / "_images"
    if not images.is_dir():
        return []
    used: set[str] = set()
    for page in Path(app.outdir).rglob(f"*{app.builder.out_suffix}"):
        used.update(re.findall(r"_images/([^\"'\s)]+\.svg)", page.read_text(encoding="utf-8")))
    for image in images.iterdir():
        if CHART_FILE.match(image.name) and image.name not in used:
            image.unlink()
    return []


def report_stats(app: Sphinx, exception: Exception | None) -> None:
    """Say how many charts were drawn and reused: in the log, and in a file the pipeline
    reads (its builds run quiet)."""
    stats = getattr(app.builder, "shadow_chart_stats", None)
    if stats is None or exception is not None:
        return
    logger.info("charts: %d drawn, %d reused", stats.drawn, stats.reused)
    record = {
        "drawn": stats.drawn,
        "reused": stats.reused,
        "files": stats.names,
        "seconds": round(stats.seconds, 3),
    }
    # beside the doctrees, not in the output: an EPUB would try to package it
    (Path(app.doctreedir) / STATS_FILE).write_text(json.dumps(record) + "\n", encoding="utf-8")


def locate_figures(app: Sphinx, config: Config) -> None:
    if not (Path(app.srcdir) / config.shadow_figures_dir).is_dir():
        config.shadow_figures_dir = "figures"  # a project whose figures/ is in the sources


def setup_charts(app: Sphinx) -> None:
    app.add_config_value("shadow_figures_dir", "../figures", "env", types=[str])
    app.add_config_value("shadow_chart_cache", "", "", types=[str])
    app.add_node(
        chart_data,
        html=(visit_chart_data_html, depart_chart_data_html),
        latex=(_pass, _pass),
        text=(_pass, _pass),
    )
    app.add_directive("chart", ChartDirective)
    add_placeholder(app, chart_placeholder, resolve_chart)
    app.connect("config-inited", locate_figures)
    app.connect("builder-inited", start_stats)
    app.connect("write-started", start_writing)
    app.connect("env-purge-doc", purge_charts)
    app.connect("env-merge-info", merge_charts)
    app.connect("build-finished", report_failures, priority=400)
    app.connect("build-finished", report_stats)
    app.connect("html-collect-pages", prune_old_charts)
