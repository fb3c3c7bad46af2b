"""A translated page's nodes belong to the page, not to the message they were parsed from.

Sphinx translates a page by parsing each message's translation as a small document of
its own (``sphinx.transforms.i18n.Locale``) and moving that document's nodes into the
page. The moved nodes keep a reference to the small document (docutils' ``_document``),
and through its settings to the whole build environment; pickling the page's doctree then
pickled both, once per page. In this corpus an es or fr doctree was six times the size of
its en one (34 MB of doctrees against 5.3 MB), and every reader of them (the writers after
a shared read, the single page that inlines all 106 pages) spent seconds unpickling
environments it never used: a third of the es single page's build.

Each moved node is given back to its page when the page has been read (``doctree-read``,
before Sphinx pickles it), as docutils does for a node it appends itself.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx


def adopt_moved_nodes(app: Sphinx, doctree: nodes.document) -> int:
    """Point every node that still names another document at ``doctree``; how many."""
    adopted = 0
    for node in doctree.findall():
        own = vars(node).get("_document")
        if own is not None and own is not doctree:
            node.document = doctree
            adopted += 1
    return adopted


def setup_translated_nodes(app: Sphinx) -> None:
    # late: after the extension's own handlers, which may move nodes too
    app.connect("doctree-read", adopt_moved_nodes, priority=900)
