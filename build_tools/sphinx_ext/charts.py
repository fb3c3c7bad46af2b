"""The ``{chart}`` directive: a chart drawn from the collection's data by a script in
``figures/``, rendered per language (SVG for HTML and EPUB, PDF for LaTeX), with alt text
generated from the data and the data itself as a table beside it.

    ```{chart} ratings-by-part
    :country: spain
    :part: III IV

    Ratings of Spanish law, by Part of the Convention.
    ```

The content is the caption (translated like any text). Charts are drawn when pages are
written, from everything the domain collected; a chart whose inputs did not change is
reused from the cache (``_build/.charts`` in the pipeline), never drawn again.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
from pathlib import Path
from typing import Any

import yaml
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.logging import get_node_location
from sphinx.util.osutil import relative_uri

from build_tools.charts.api import ChartInput, ProgressRow, Ratification
from build_tools.charts.render import ChartError, ChartStats, describe, load_script, render, table
from build_tools.model.convention import convention
from build_tools.model.report import country_name
from build_tools.outputs import CHART_STATS_FILE
from build_tools.sphinx_ext.data_pages import Resolver, data_placeholder
from build_tools.sphinx_ext.domain import shadow_domain
from build_tools.sphinx_ext.i18n import CATALOG, _
from build_tools.sphinx_ext.tables import table as docutils_table
from build_tools.sphinx_ext.warnings import warn

logger = logging.getLogger(__name__)

RATIFICATIONS = Path(__file__).resolve().parent.parent / "data" / "ratifications.yaml"


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
    option_spec = {"country": directives.unchanged, "part": directives.unchanged}

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
        country = (self.options.get("country") or "").strip()
        if script.needs == "report" and not country:
            root = shadow_domain(self.env).report_root(self.env.docname)
            if root is None or "/" not in self.env.docname:
                warn(
                    "chart",
                    self.get_location(),
                    "chart '%s': name the report with :country: (e.g. spain)",
                    name,
                )
                return []
            country = root.split("/")[0]
        self.env.note_dependency(str(script.path))
        shadow_domain(self.env).data_pages.add(self.env.docname)
        anchor = f"chart-{self.env.current_document.new_serial_number('shadow-chart')}"
        node = data_placeholder(
            kind="chart", chart=name, country=country, parts=parts, anchor=anchor
        )
        self.set_source_info(node)
        if self.content:
            node += self.parse_content_to_nodes()  # the caption, translated like any text
        return [node]


def _ratifications() -> tuple[Ratification, ...]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(RATIFICATIONS, encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=loader)
    return tuple(
        Ratification(
            state=p["state"],
            iso=p.get("iso") or "",
            year=int(p["year"]),
            date=p.get("date"),
            kind=p.get("kind", "ratification"),
            verified=bool(p.get("verified", False)),
            european=bool(p.get("european", False)),
        )
        for p in data["parties"]
    )


def chart_input(resolver: Resolver, node: data_placeholder, needs: str) -> ChartInput:
    domain = resolver.domain
    language = resolver.language
    reports = [f"{r}/index" for r in resolver.app.config.shadow_reports]
    wanted = node["country"]
    if needs == "report":
        chosen = [
            r
            for r in reports
            if r.split("/")[0] == wanted
            or (domain.reports.get(r) and domain.reports[r].country == wanted.upper())
        ]
        if not chosen:
            raise ChartError(
                f"chart '{node['chart']}': no report for :country: {wanted}; "
                f"valid: {', '.join(r.split('/')[0] for r in reports)}"
            )
        reports = chosen
    metas = tuple((r.split("/")[0], domain.reports[r]) for r in reports if r in domain.reports)
    names = {meta.country: country_name(meta.country, language) for _, meta in metas}
    names.update({f"part-{p.roman}": _(p.title) for p in convention().parts})
    assessments: tuple = ()
    if needs in ("report", "collection"):
        assessments = tuple(e.assessment for r in reports for e in domain.assessments_of(r))
    ratifications = _ratifications() if needs == "ratifications" else ()
    if ratifications:
        names.update({r.iso: country_name(r.iso, language) for r in ratifications if r.iso})
    progress: tuple = ()
    if needs == "translation":
        from build_tools.sphinx_ext.translation_status import status_rows

        progress = tuple(
            ProgressRow(
                language=row[0],
                report=row[1],
                translated_words=int(row[2].split()[0]),
                total_words=int(row[2].split()[-1]),
            )
            for row in status_rows(resolver.env, resolver.report_name)
        )
    options = (("part", node["parts"]),) if node["parts"] else ()
    return ChartInput(
        chart=node["chart"],
        language=language,
        options=options,
        reports=metas,
        assessments=assessments,
        ratifications=ratifications,
        progress=progress,
        names=tuple(sorted(names.items())),
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


def resolve_chart(resolver: Resolver, node: data_placeholder) -> list[nodes.Node]:
    app, builder = resolver.app, resolver.builder
    script = load_script(figures_dir(resolver.env), node["chart"])
    data = chart_input(resolver, node, script.needs)
    fmt = "pdf" if builder.format == "latex" else "svg"
    stats: ChartStats = builder.shadow_chart_stats  # type: ignore[attr-defined]
    try:
        drawn = render(
            script,
            data,
            _,
            fmt,
            cache_dir(app),
            _catalogue_bytes(resolver.env, data.language),
            stats,
        )
        alt = describe(script, data, _)
        header, rows = table(script, data, _)
    except ChartError as error:
        if error.path is None:
            raise
        script_failed(app, error, get_node_location(node) or resolver.docname)
        return []

    if builder.format == "latex":
        shutil.copyfile(drawn, Path(app.outdir) / drawn.name)
        uri = drawn.name
    else:
        images = Path(app.outdir) / "_images"
        images.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(drawn, images / drawn.name)
        uri = relative_uri(builder.get_target_uri(resolver.docname), f"_images/{drawn.name}")
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


def script_failed(app: Sphinx, error: ChartError, page: str) -> None:
    """A chart script that raised: reported once, at the script's line, with every page
    that uses it (:func:`report_failures`), not once per page. In a parallel worker, whose
    records the main process never sees, it is reported at once."""
    failures, pid = getattr(app.builder, "shadow_chart_failures", ({}, -1))
    key = (str(error.path), error.line, error.what)
    if pid != os.getpid():
        warn("chart", f"{error.path}:{error.line}", "%s; used on %s", error.what, page)
        return
    pages = failures.setdefault(key, [])
    if page not in pages:
        pages.append(page)


def report_failures(app: Sphinx, exception: Exception | None) -> None:
    failures, _pid = getattr(app.builder, "shadow_chart_failures", ({}, -1))
    for (path, line, what), pages in sorted(failures.items()):
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
    record = {"drawn": stats.drawn, "reused": stats.reused, "files": stats.names}
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
    app.connect("config-inited", locate_figures)
    app.connect("builder-inited", start_stats)
    app.connect("build-finished", report_failures, priority=400)
    app.connect("build-finished", report_stats)
    app.connect("html-collect-pages", prune_old_charts)
