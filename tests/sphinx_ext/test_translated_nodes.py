"""A translated page's doctree holds its own nodes only (``sphinx_ext/translated_nodes.py``):
the documents each message was parsed in, and the build environment their settings name,
are not pickled with it."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from build_tools.sphinx_ext.translated_nodes import adopt_moved_nodes


def test_a_node_moved_from_another_document_is_given_to_its_page():
    settings = get_default_settings(Parser)
    page, message = new_document("page", settings), new_document("message", settings)
    message.settings = get_default_settings(Parser)
    message.settings.big = "x" * 100_000  # what a message's settings carry: the environment
    words = nodes.strong("", "palabras")
    message += words  # parsed in the message's document
    paragraph = nodes.paragraph()
    page += paragraph
    paragraph.children = [words]  # moved as Sphinx's Locale transform moves them
    words.parent = paragraph
    assert len(pickle.dumps(page)) > 100_000
    assert adopt_moved_nodes(None, page) == 1  # type: ignore[arg-type]
    assert words.document is page and len(pickle.dumps(page)) < 10_000
    assert adopt_moved_nodes(None, page) == 0  # type: ignore[arg-type]


@pytest.mark.sphinx(
    "html",
    testroot="translated-nodes",
    confoverrides={"language": "es"},
)
def test_a_translated_page_pickles_no_other_document(app):
    app.build()
    doctree = pickle.loads((Path(app.doctreedir) / "index.doctree").read_bytes())
    assert "Una frase con palabras en negrita, code y un enlace." in doctree.astext()
    foreign = [n for n in doctree.findall() if vars(n).get("_document") not in (None, doctree)]
    assert foreign == []
