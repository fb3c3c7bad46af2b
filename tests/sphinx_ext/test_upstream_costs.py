"""The libraries' needless costs removed (``sphinx_ext/upstream_costs.py``): MyST's renderer
makes no throwaway document (the same doctree; no patch where MyST does not need it), and
Sphinx's debug XML is made only for a message that is written (the same text)."""

from __future__ import annotations

from docutils.core import publish_doctree
from myst_parser.mdit_to_docutils import base
from myst_parser.parsers.docutils_ import Parser

from build_tools.sphinx_ext import upstream_costs

SAMPLE = """# A heading

Some *text* with a [link](https://example.org) and a footnote.[^1]

```{note}
A note with **bold** words.
```

| a | b |
|---|---|
| 1 | 2 |

[^1]: The footnote.
"""


def doctree() -> str:
    return publish_doctree(SAMPLE, parser=Parser()).pformat()


def test_the_same_doctree_with_and_without_the_fix(monkeypatch):
    assert upstream_costs.lazy_myst_document()
    fixed = doctree()
    monkeypatch.setattr(
        base.DocutilsRenderer, "setup_render", base.DocutilsRenderer.setup_render.__wrapped__
    )
    assert doctree() == fixed


def test_no_throwaway_document_when_one_is_given(monkeypatch):
    assert upstream_costs.lazy_myst_document()
    made = []

    def counting(*args, **kwargs):
        made.append(1)
        return base.new_document("counted", base.get_default_settings(base.RSTParser))

    monkeypatch.setattr(base, "make_document", counting)
    document = counting()
    made.clear()
    renderer = base.DocutilsRenderer(None)
    config = Parser().config_section  # any value: setup_render only stores the config
    renderer.setup_render({"myst_config": config, "document": document}, {})
    assert renderer.document is document and made == []
    assert base.make_document is counting  # put back after the call
    renderer.setup_render({"myst_config": config}, {})  # none given: MyST makes its own
    assert made == [1]


def test_a_myst_that_reads_its_document_otherwise_is_left_alone(monkeypatch):
    unfixed = getattr(
        base.DocutilsRenderer.setup_render, "__wrapped__", base.DocutilsRenderer.setup_render
    )
    monkeypatch.setattr(base.DocutilsRenderer, "setup_render", unfixed)
    monkeypatch.setattr(upstream_costs.inspect, "getsource", lambda function: "def setup_render")
    assert upstream_costs.lazy_myst_document() is False
    assert base.DocutilsRenderer.setup_render is unfixed


def test_the_debug_xml_is_the_same_text_made_late():
    from docutils import nodes
    from sphinx.util import nodes as sphinx_nodes

    assert upstream_costs.lazy_domxml()
    assert sphinx_nodes.repr_domxml is upstream_costs.DomXml
    paragraph = nodes.paragraph("", "", nodes.Text("Some "), nodes.strong("", "words"))
    original = upstream_costs._REPR_DOMXML
    assert str(sphinx_nodes.repr_domxml(paragraph)) == original(paragraph)
    assert str(sphinx_nodes.repr_domxml(paragraph, 5)) == original(paragraph, 5) == "<para..."


def test_the_debug_xml_is_made_late_only_where_debug_messages_are_all_that_use_it():
    debug_only = "def f(node):\n    logger.debug('%s', repr_domxml(node))\n"
    used = debug_only + "def g(node):\n    return repr_domxml(node)\n"
    assert upstream_costs.only_debug_arguments(debug_only)
    assert not upstream_costs.only_debug_arguments(used)
    assert not upstream_costs.only_debug_arguments("def f():\n    pass\n")
