"""Two needless costs of the libraries under the build, removed where they still exist.

**MyST made a throwaway document for every render.** ``DocutilsRenderer.setup_render``
(myst-parser 5.2) reads its document with ``options.get("document", make_document())``:
Python evaluates the default first, so each render built a docutils document with fresh
default settings (an ``OptionParser`` of every docutils option) and threw it away,
although Sphinx always passes the document. Sphinx renders every translated message on
its own (``sphinx.transforms.i18n.Locale``), so a Spanish or French build made thousands:
a seventh of the fr site's build (8.4 s -> 7.2 s serially). :func:`lazy_myst_document`
runs MyST's own ``setup_render`` with ``make_document`` lazy for that call when a
document is given.

**Sphinx wrote debug text nobody reads.** ``sphinx.util.nodes`` passes
``repr_domxml(node)`` (the node as XML, through ``xml.dom.minidom``) to ``logger.debug``
for each node it checks for translation, and Python evaluates the argument before the
logger finds debug messages off. A translated read and the single page's source-language
marks (``extract_messages``) checked tens of thousands of nodes. :func:`lazy_domxml`
hands ``logger.debug`` an object that makes the same text only when a message is written.

Each fix is installed only where the library still has the line it fixes (checked in its
source), so a release that fixes or changes it is left alone. Sphinx reads in parallel
with processes, not threads, so swapping a module's name for one call is safe.
"""

from __future__ import annotations

import ast
import functools
import inspect
from typing import Any

#: the eager default :func:`lazy_myst_document` removes, as myst-parser writes it
EAGER = 'options.get("document", make_document())'


def _never_used(*args: Any, **kwargs: Any) -> None:
    return None  # the document is in the options: the default is evaluated, never read


def lazy_myst_document() -> bool:
    """Make ``setup_render`` build no throwaway document; False where MyST needs no fix."""
    from myst_parser.mdit_to_docutils import base

    original = base.DocutilsRenderer.setup_render
    if getattr(original, "_shadow_lazy", False):
        return True
    try:
        eager = EAGER in inspect.getsource(original)
    except (OSError, TypeError):
        eager = False
    if not eager:
        return False

    @functools.wraps(original)
    def setup_render(self: Any, options: dict[str, Any], env: Any) -> None:
        if "document" not in options:
            return original(self, options, env)
        make_document = base.make_document
        base.make_document = _never_used
        try:
            return original(self, options, env)
        finally:
            base.make_document = make_document

    setup_render._shadow_lazy = True  # type: ignore[attr-defined]
    base.DocutilsRenderer.setup_render = setup_render  # type: ignore[method-assign]
    return True


class DomXml:
    """``repr_domxml(node)``'s text, made when a debug message that shows it is written."""

    __slots__ = ("length", "node")

    def __init__(self, node: Any, length: int = 80) -> None:
        self.node, self.length = node, length

    def __str__(self) -> str:
        return _REPR_DOMXML(self.node, self.length)


_REPR_DOMXML: Any = None


def only_debug_arguments(source: str, name: str = "repr_domxml") -> bool:
    """True if every call of ``name`` in ``source`` is an argument of a ``.debug()`` call."""
    tree = ast.parse(source)
    debug_args = {
        id(arg)
        for call in ast.walk(tree)
        if isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr == "debug"
        for arg in call.args
    }
    calls = [
        call
        for call in ast.walk(tree)
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == name
    ]
    return bool(calls) and all(id(call) in debug_args for call in calls)


def lazy_domxml() -> bool:
    """Make ``sphinx.util.nodes`` build its debug XML only for a message that is written;
    False where it does not build it only for debug messages (nothing is changed)."""
    global _REPR_DOMXML
    from sphinx.util import nodes as sphinx_nodes

    current = sphinx_nodes.repr_domxml
    if current is DomXml:
        return True
    try:
        eager = only_debug_arguments(inspect.getsource(sphinx_nodes))
    except (OSError, TypeError, SyntaxError):
        eager = False
    if not eager:
        return False
    _REPR_DOMXML = current
    sphinx_nodes.repr_domxml = DomXml  # type: ignore[assignment]
    return True


def install() -> None:
    lazy_myst_document()
    lazy_domxml()
