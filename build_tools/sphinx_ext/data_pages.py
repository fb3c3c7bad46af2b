"""What every page made from the data shares: a placeholder left by a directive and
replaced, once every page is read, by nodes built from the collection; and the re-reading
of such pages when the data may have changed.

Each kind of data page is owned by its feature module, which subclasses
:class:`data_placeholder`, registers it and its resolver from its own ``setup_<feature>``
with :func:`add_placeholder` (as ``sphinx.ext.todo`` owns ``todolist``): the Convention
reference (``convention_reference.py``), a report's summary (``summary.py``), the
recommendation lists and index (``recommendation_lists.py``), the law list (``laws.py``),
the matrix (``matrix.py``), charts (``charts.py``) and the translation status
(``translation_status.py``). Nothing here knows them.

Pages holding placeholders are re-read whenever any document changed what it declares, so
that an edited rating reaches the matrix in an incremental build, while pages without them
are left alone, and so is every data page when an edit changed prose only.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from build_tools.model.collection import Collection
from build_tools.model.convention import Part, convention
from build_tools.model.errors import ModelError
from build_tools.model.report import ReportId, country_name
from build_tools.sphinx_ext.collection import collection_of
from build_tools.sphinx_ext.domain import report_of, shadow_domain
from build_tools.sphinx_ext.i18n import _
from build_tools.sphinx_ext.warnings import directive_warning

# directives whose declarations feed the pages made from the data
DATA_DIRECTIVES = ("report", "collection", "law", "assessment", "recommendation")


class data_placeholder(nodes.General, nodes.Element):  # noqa: N801
    """Base of every feature's placeholder: replaced by nodes once every page is read."""


def part_title(part: Part) -> str:
    return _("Part %(roman)s: %(title)s") % {"roman": part.roman, "title": _(part.title)}


def report_option(directive: SphinxDirective, option: str = "report") -> ReportId:
    """``:report: spain`` -> the report ``spain``; default: the page's own report."""
    name = (directive.options.get(option) or "").strip()
    if not name:
        report = report_of(directive.env.docname)
        if report is None:
            raise ModelError(f"name the report with :{option}: (e.g. spain)", field=option)
        return report
    valid = list(directive.config.shadow_reports)
    if name not in valid:
        raise ModelError(f"unknown report '{name}'; valid: {', '.join(valid)}", field=option)
    return ReportId.named(name)


class DataDirective(SphinxDirective):
    """Base: validates options, records the page as data-driven, leaves a placeholder."""

    placeholder: type[data_placeholder] = data_placeholder
    has_content = False
    option_spec: dict[str, Callable[[str], Any]] = {}

    def check_options(self) -> dict[str, Any]:
        return {}

    def run(self) -> list[nodes.Node]:
        try:
            options = self.check_options()
        except ModelError as error:
            directive_warning(self, "data", error)
            return []
        shadow_domain(self.env).data_pages.add(self.env.docname)
        node = self.placeholder(**options)
        self.set_source_info(node)
        return [node]

    def report_option(self) -> ReportId:
        return report_option(self)

    def parts_option(self, default: str) -> list[int]:
        text = self.options.get("part") or default
        return [convention().part(p).number for p in text.replace(",", " ").split()]


class Page:
    """What a resolver needs of the page being written: the collection, the builder and
    the language, links that PDF turns into text, and the names of reports."""

    def __init__(self, app: Sphinx, docname: str) -> None:
        self.app = app
        self.env: BuildEnvironment = app.env
        self.builder: Builder = app.builder
        self.collection: Collection = collection_of(app.env)
        self.docname = docname
        self.language = app.config.language or "en"

    def link(self, target_doc: str, anchor: str, text: str) -> nodes.Node:
        """A link in HTML and EPUB; plain text in PDF, where the target may be another
        volume."""
        if self.builder.format == "latex":
            return nodes.inline(text, text)
        return make_refnode(
            self.builder, self.docname, target_doc, anchor, nodes.inline(text, text)
        )

    def report_name(self, report: ReportId) -> str:
        """The country's name in the build's language, else the report's title."""
        meta = self.collection.report(report).metadata
        if meta and meta.country and not meta.is_comparative:
            return country_name(meta.country, self.language)
        title = self.env.titles.get(report.root)
        return title.astext() if title is not None else report.name

    def report_code(self, report: ReportId) -> str:
        """The country code (matrix columns), else the report's name."""
        return self.collection.report(report).country or report.name


Resolve = Callable[[Page, Any], list[nodes.Node]]

#: every feature's placeholder, in the order registered: its resolver, and whether searchable
_resolvers: dict[type[data_placeholder], tuple[Resolve, bool]] = {}


def add_placeholder(
    app: Sphinx, node_class: type[data_placeholder], resolve: Resolve, searchable: bool = True
) -> None:
    """Register a feature's placeholder and replace each one when its page is written.

    ``searchable=False``: the nodes repeat, in another arrangement, text the search already
    finds where it was written (a finding, a recommendation, a law's title). Sphinx's
    search skips "no-search" elements: the index stays small, and indexing stays fast."""
    app.add_node(node_class)
    _resolvers[node_class] = (resolve, searchable)


def resolve_placeholders(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Every placeholder of the page, kind by kind in the order registered; one walk of the
    page finds them all (not one walk of every page per kind)."""
    if app.builder.name == "gettext":
        # message extraction wants the author's text (chart captions) as written; the
        # tables and charts hold interface words, which have their own catalogue
        return
    found: dict[type[data_placeholder], list[data_placeholder]] = {}
    for node in doctree.findall(data_placeholder):
        kind = next((k for k in _resolvers if isinstance(node, k)), None)
        if kind is not None:
            found.setdefault(kind, []).append(node)
    if not found:
        return
    page = Page(app, docname)
    for kind, (resolve, searchable) in _resolvers.items():
        for node in found.get(kind, ()):
            made = resolve(page, node)
            if not searchable:
                for element in made:
                    if isinstance(element, nodes.Element):
                        element["classes"].append("no-search")
            node.replace_self(made)


_FENCE_OPEN = re.compile(r"^[ \t]*(?P<fence>`{3,}|:{3,})\{(?P<name>[^}\s]+)\}")


def declared_text(source: str) -> str:
    """What of a page can reach the collected data: the blocks of our data directives
    (opening fence to closing fence, options and bodies) and the headings, in order,
    without their line numbers. Prose outside them changes none of it."""
    kept: list[str] = []
    closing = ""
    for line in source.splitlines():
        if closing:
            kept.append(line)
            if line.strip() == closing:
                closing = ""
            continue
        opening = _FENCE_OPEN.match(line)
        if opening and opening["name"] in DATA_DIRECTIVES:
            closing = opening["fence"]
            kept.append(line)
        elif line.startswith("#"):
            kept.append(line)
    return "\n".join(kept)


def _digest(env: BuildEnvironment, docname: str) -> str | None:
    """The page's declared text and the files it depends on: in a translated build its
    compiled catalogue (the findings and recommendations as the data pages show them come
    from it), and data read beside the report (a previous edition)."""
    try:
        source = Path(env.doc2path(docname)).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):  # reported when the page is read
        return None
    digest = hashlib.sha256(declared_text(source).encode("utf-8"))
    for dependency in sorted(map(str, env.dependencies.get(docname, ()))):
        if dependency.endswith((".mo", ".yaml")):
            try:
                digest.update(Path(env.srcdir, dependency).read_bytes())
            except OSError:
                return None
    return digest.hexdigest()


def _declared_digests(env: BuildEnvironment) -> dict[str, str]:
    """Per page, the digest of its declared text when it was last read (kept in the
    pickled environment; a page missing from it counts as changed)."""
    if not hasattr(env, "shadow_declared"):
        env.shadow_declared = {}  # type: ignore[attr-defined]
    return env.shadow_declared  # type: ignore[attr-defined]


def note_declared(app: Sphinx, docname: str, source: list[str]) -> None:
    digest = _digest(app.env, docname)
    if digest is not None:
        _declared_digests(app.env)[docname] = digest


def merge_declared(
    app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
) -> None:
    theirs = getattr(other, "shadow_declared", {})
    _declared_digests(env).update({d: theirs[d] for d in docnames if d in theirs})


def reread_data_pages(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """A change that may alter the collected data re-reads the pages made from it.

    A page may alter the data if it declared some before (it is in the domain) or declares
    some now (its source names one of our directives), and its declared text (the data
    directives' blocks and the headings: :func:`declared_text`) is not what it was when it
    was last read. An edit of prose alone re-reads nothing more, on a page that declares
    data too: the preview of a one-paragraph edit stays fast."""
    domain = shadow_domain(env)
    touched = added | changed | removed
    if not touched:
        return []
    declaring = domain.declaring_documents()
    known = _declared_digests(env)
    for docname in sorted(touched):
        if docname in removed:
            break
        try:
            source = Path(env.doc2path(docname)).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):  # reported when the page is read
            break
        if docname in declaring or any(f"{{{name}}}" in source for name in DATA_DIRECTIVES):
            digest = _digest(env, docname)
            if digest is None or known.get(docname) != digest:
                break
    else:
        return []
    return sorted(domain.data_pages - touched)


def setup_data_pages(app: Sphinx) -> None:
    app.connect("source-read", note_declared)
    app.connect("env-merge-info", merge_declared)
    app.connect("env-get-outdated", reread_data_pages)
    app.connect("doctree-resolved", resolve_placeholders)
