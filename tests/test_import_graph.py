"""The import graph of ``build_tools``, read with ``ast`` from every module, imports inside
functions included: no cycle, and the layers point one way (the model imports nothing above
it and nothing of Sphinx; the Sphinx adapter never reaches the pipeline, bench or CLI)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .conftest import REPO

PACKAGE = REPO / "build_tools"

# what the model may never import: the layers above it, and Sphinx's stack
ABOVE_MODEL = ("sphinx_ext", "pipeline", "word", "charts", "i18n", "bench", "cli")
NOT_IN_MODEL = ("sphinx", "docutils", "myst_parser")
NOT_IN_ADAPTER = ("pipeline", "bench", "cli")

# Known crossings, each with its owner; the test fails when one disappears, so that the
# entry is removed with the fix.
KNOWN_CROSSINGS = {
    # conf.py's line for a configuration error: belongs in a module both can import
    ("build_tools.sphinx_ext.config", "build_tools.pipeline.project"),
}


def module_name(path: Path) -> str:
    if not path.is_relative_to(REPO):
        return path.stem
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path, modules: set[str] = frozenset()) -> set[str]:  # type: ignore[assignment]
    """Every module ``path`` imports, at any depth of its code (functions, methods, ifs).
    ``from pkg import mod`` imports ``pkg.mod`` (a module of ``modules``), not a name of
    ``pkg``'s ``__init__``: the parent package is loaded by any import of its modules."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for block in ast.walk(tree):  # `if TYPE_CHECKING:` imports never run: not edges
        if isinstance(block, ast.If) and ast.unparse(block.test).endswith("TYPE_CHECKING"):
            block.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in modules else base)
    return found


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    edges: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = set()
        for imported in imports(path, set(modules)):
            # an import of a.b.c depends on the innermost module of ours it names
            while imported and imported not in modules:
                imported = imported.rpartition(".")[0]
            if imported and imported != name and imported != "build_tools":
                targets.add(imported)
        edges[name] = targets
    return edges


@pytest.fixture(scope="module")
def edges() -> dict[str, set[str]]:
    """The graph, read once for every test here (each read parses every module)."""
    return graph()


def external(path: Path) -> set[str]:
    return {i.split(".")[0] for i in imports(path)}


def find_cycle(edges: dict[str, set[str]]) -> list[str]:
    """One cycle as a path (a -> b -> a), or [] (depth-first search, three colours)."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for target in sorted(edges.get(node, ())):
            if state.get(target) == 1:
                return stack[stack.index(target) :] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[node] = 2
        return []

    for node in sorted(edges):
        if node not in state and (cycle := visit(node)):
            return cycle
    return []


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_the_graph_sees_imports_inside_functions(tmp_path, edges):
    module = tmp_path / "module.py"
    module.write_text("def f():\n    if True:\n        import build_tools.model.rating\n")
    assert "build_tools.model.rating" in imports(module)
    # build_tools/bench/__init__.py imports its measure module inside main()
    assert "build_tools.bench.measure" in edges["build_tools.bench"]
    assert "build_tools.sphinx_ext.domain" in edges["build_tools.sphinx_ext.data_pages"]


def test_no_import_cycle(edges):
    cycle = find_cycle(edges)
    assert not cycle, "import cycle: " + " -> ".join(cycle)


def test_the_model_imports_nothing_above_it(edges):
    wrong = {
        (module, target)
        for module, targets in edges.items()
        if layer(module) == "model"
        for target in targets
        if layer(target) in ABOVE_MODEL
    }
    assert not wrong, wrong
    for path in (PACKAGE / "model").rglob("*.py"):
        assert not external(path) & set(NOT_IN_MODEL), path


def test_the_sphinx_adapter_does_not_import_the_pipeline_bench_or_cli(edges):
    wrong = {
        (module, target)
        for module, targets in edges.items()
        if layer(module) == "sphinx_ext"
        for target in targets
        if layer(target) in NOT_IN_ADAPTER
    }
    assert wrong == KNOWN_CROSSINGS, wrong ^ KNOWN_CROSSINGS
