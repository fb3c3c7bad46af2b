"""The model is plain Python: its tests run with Sphinx, docutils and MyST-Parser blocked.

While a test module of this folder is imported, and while each of its tests runs, those
packages are hidden from ``sys.modules`` and a ``sys.meta_path`` finder refuses to import
them; the model's own modules are imported afresh under the block, so a model module that
imported Sphinx (at the top or inside a function) fails here. Other tests are unaffected:
everything is put back afterwards.
"""

from __future__ import annotations

import importlib.abc
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

BLOCKED = ("sphinx", "docutils", "myst_parser")
FRESH = ("build_tools.model",)


def _matches(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


class BlockSphinx(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):  # type: ignore[no-untyped-def]
        if _matches(fullname, BLOCKED):
            raise ImportError(f"the model must not import {fullname} (tests/model/conftest.py)")
        return None


@contextmanager
def sphinx_blocked(fresh: bool) -> Iterator[None]:
    hidden = {n: m for n, m in sys.modules.items() if _matches(n, BLOCKED)}
    replaced = {n: m for n, m in sys.modules.items() if fresh and _matches(n, FRESH)}
    for name in [*hidden, *replaced]:
        del sys.modules[name]
    finder = BlockSphinx()
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)
        if fresh:  # the fresh copies stay with the test module only
            for name in [n for n in sys.modules if _matches(n, FRESH)]:
                del sys.modules[name]
        sys.modules.update(hidden)
        sys.modules.update(replaced)


@pytest.hookimpl(wrapper=True)
def pytest_pycollect_makemodule(module_path, parent):  # type: ignore[no-untyped-def]
    module = yield
    original = module._getobj

    def import_blocked():  # type: ignore[no-untyped-def]
        with sphinx_blocked(fresh=True):
            return original()

    module._getobj = import_blocked
    return module


@pytest.fixture(autouse=True)
def _no_sphinx() -> Iterator[None]:
    with sphinx_blocked(fresh=False):
        yield
