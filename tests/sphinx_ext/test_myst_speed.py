"""MyST's renderer without its throwaway document (``sphinx_ext/myst_speed.py``): the same
doctree, no document made when one is given, and no patch where MyST does not need it."""

from __future__ import annotations

from docutils.core import publish_doctree
from myst_parser.mdit_to_docutils import base
from myst_parser.parsers.docutils_ import Parser

from build_tools.sphinx_ext import myst_speed

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
    assert myst_speed.install()
    fixed = doctree()
    monkeypatch.setattr(
        base.DocutilsRenderer, "setup_render", base.DocutilsRenderer.setup_render.__wrapped__
    )
    assert doctree() == fixed


def test_no_throwaway_document_when_one_is_given(monkeypatch):
    assert myst_speed.install()
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
    monkeypatch.setattr(myst_speed.inspect, "getsource", lambda function: "def setup_render")
    assert myst_speed.install() is False
    assert base.DocutilsRenderer.setup_render is unfixed
