"""One needless cost of MyST-Parser, removed: every render made a throwaway document.

``DocutilsRenderer.setup_render`` (myst-parser 5.2) reads its document with
``options.get("document", make_document())``: Python evaluates the default first, so each
render built a docutils document with fresh default settings (an ``OptionParser`` of every
docutils option) and threw it away, although Sphinx always passes the document. Sphinx
renders every translated message on its own (``sphinx.transforms.i18n.Locale``), so in a
Spanish or French build that was thousands of throwaway documents: a seventh of the fr
site's build (8.4 s -> 7.2 s serially), for byte-identical pages.

The fix runs MyST's own ``setup_render`` with ``make_document`` made lazy for that one call
when a document is given. It is installed only where ``setup_render`` still reads its
document that way (checked in its source), so a MyST-Parser that fixes this, or changes
it, is left alone. Sphinx reads in parallel with processes, not threads, so swapping the
module's name for the length of the call is safe.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any

#: the eager default this module removes, as myst-parser writes it
EAGER = 'options.get("document", make_document())'


def _never_used(*args: Any, **kwargs: Any) -> None:
    return None  # the document is in the options: the default is evaluated, never read


def install() -> bool:
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
