"""The ``singlehtml`` page of some reports only, for a job that prints or exports only
them (``build pdf --reports spain``; Word ``--reports``): Sphinx's single-page builder,
under the same name (every handler that asks for ``singlehtml`` still acts), which
inlines of the root page's toctrees only the reports ``shadow_page_reports`` names
(comma separated; empty, the default: the whole page, as Sphinx's own builder writes it).

Sphinx's builder assembles, resolves and writes every page of the language, whatever the
job prints. Measured with cProfile on the en corpus after a one-sentence edit of
``spain/introduction.md``, ``-j 1``: of 11.6 s, ``write_documents`` 9.2 s, of which
assembling 6.2 s (inlining 1.9 s, post-transforms 4.4 s: the data pages' placeholders
alone 2.5 s, the charts' input and the translation status) and the HTML translator 2.7 s.
Of all that, a report's volume keeps its own section: the root page's own matter and the
report's pages are all it needs. The page of spain alone, same edit, wall (the log's
step): ``singlehtml`` 8.2, 6.5, 9.6 s -> 3.4, 3.6, 3.2 s (2-core machine under load).
Everything a report's pages resolve comes from the environment, not from the page (links
to a page are ``#document-<page>`` for every page Sphinx knows; numbers, citations and
titles are the environment's), so its section is the same HTML in both pages (the
volume's typst source, its PDF and the Word file compared byte for byte in
``tests/pdf/test_reports_page.py``; on en and es of the corpus too).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.util import logging
from sphinx.util.console import darkgreen
from sphinx.util.nodes import inline_all_toctrees

#: the setting: the reports the page holds, comma separated ("": every page)
SETTING = "shadow_page_reports"

logger = logging.getLogger(__name__)


def page_reports(config: Any) -> tuple[str, ...]:
    """The reports ``config`` limits the page to; () for the whole page."""
    value = getattr(config, SETTING, "") or ""
    return tuple(name.strip() for name in str(value).split(",") if name.strip())


class ReportsPageBuilder(SingleFileHTMLBuilder):
    """``singlehtml``, whose page holds the root page's own matter and only the reports
    :data:`SETTING` names, when it names some."""

    name = "singlehtml"

    def assemble_doctree(self) -> nodes.document:
        reports = page_reports(self.config)
        if not reports:
            return super().assemble_doctree()
        master = self.config.root_doc
        tree = self.env.get_doctree(master)
        wanted = {f"{name}/index" for name in reports}
        listed = [
            str(docname)
            for toctree in tree.findall(addnodes.toctree)
            for docname in toctree["includefiles"]
        ]
        if not wanted <= set(listed):
            # a report the root page does not list itself: the whole page holds it
            return super().assemble_doctree()
        # inline_all_toctrees skips what it has "already traversed": the other pages of
        # the root's toctrees, and with them everything under them
        skipped = [docname for docname in listed if docname not in wanted]
        logger.info(darkgreen(master))
        tree = inline_all_toctrees(self, set(), master, tree, darkgreen, [master, *skipped])
        tree["docname"] = master
        self.env.resolve_references(tree, master, self)
        return tree


def setup_reports_page(app: Sphinx) -> None:
    # no rebuild: the environment (the shared read's) is the same for every page
    app.add_config_value(SETTING, "", "", types=frozenset({str}))
    app.add_builder(ReportsPageBuilder, override=True)
