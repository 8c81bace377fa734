"""No import cycles between claude_files modules.

Every import that can run counts, at the top of a module or inside a function:
a cycle through a function-level import still ties the two modules together.
Imports under `if TYPE_CHECKING:` never run and are left out.
"""

from __future__ import annotations

import ast
from pathlib import Path

import claude_files

PACKAGE = "claude_files"
SOURCE_ROOT = Path(claude_files.__file__).resolve().parent


def _module_names() -> dict[str, Path]:
    """Each module's dotted name to its file; a package is its `__init__`."""
    modules: dict[str, Path] = {}
    for path in SOURCE_ROOT.rglob("*.py"):
        parts = [PACKAGE, *path.relative_to(SOURCE_ROOT).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _is_type_checking(test: ast.expr) -> bool:
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def _runnable_imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """The import statements of a module, skipping `if TYPE_CHECKING:` bodies."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
            return
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _owning_module(name: str, modules: dict[str, Path]) -> str | None:
    """The longest known module that `name` names or lies inside."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def _targets(node: ast.Import | ast.ImportFrom, module: str, is_package: bool, modules: dict[str, Path]) -> set[str]:
    """The claude_files modules one import statement loads.

    A package counts as its `__init__`. The parent packages Python runs on the way
    to a submodule are left out: counting them would make every package that
    re-exports its submodules a cycle with each of them.
    """
    names: list[str] = []
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        if node.level:
            package_parts = module.split(".") if is_package else module.split(".")[:-1]
            base_parts = package_parts[: len(package_parts) - (node.level - 1)]
            base = ".".join(base_parts + ([node.module] if node.module else []))
        else:
            base = node.module or ""
        # `from package import name` loads the submodule when `name` is one,
        # and reads the package's `__init__` for anything else.
        for alias in node.names:
            submodule = f"{base}.{alias.name}"
            names.append(submodule if submodule in modules else base)
    targets = {owner for name in names if name.split(".")[0] == PACKAGE and (owner := _owning_module(name, modules)) is not None}
    targets.discard(module)
    return targets


def import_graph() -> dict[str, set[str]]:
    """Each claude_files module to the claude_files modules it imports."""
    modules = _module_names()
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        edges: set[str] = set()
        for node in _runnable_imports(tree):
            edges |= _targets(node, module, is_package, modules)
        graph[module] = edges
    return graph


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle path per strongly connected group of modules that import each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group: set[str] = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return [_cycle_in(group, graph) for group in groups]


def _cycle_in(group: set[str], graph: dict[str, set[str]]) -> list[str]:
    """A shortest cycle through the group's first module, as a path back to itself."""
    start = min(group)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        next_frontier = []
        for node in frontier:
            for target in sorted(graph[node] & group):
                if target == start:
                    return [*paths[node], start]
                if target not in paths:
                    paths[target] = [*paths[node], target]
                    next_frontier.append(target)
        frontier = next_frontier
    raise AssertionError(f"no cycle found in group {sorted(group)}")


def _describe(cycles: list[list[str]]) -> str:
    return "\n".join(" -> ".join(cycle) for cycle in cycles)


def test_graph_sees_relative_and_function_level_imports() -> None:
    """The graph builder itself: a known edge of each kind is present."""
    graph = import_graph()
    # `from .runner import LocalServer` in a package's `__init__`: relative to the package.
    assert "claude_files.server.runner" in graph["claude_files.server"]
    # `from claude_files.model.query.vocabulary import KEYS`: absolute, to a submodule.
    assert "claude_files.model.query.vocabulary" in graph["claude_files.model.query"]


def test_type_checking_imports_are_left_out() -> None:
    source = (
        "import typing\n"
        "if typing.TYPE_CHECKING:\n    from .app import App\nelse:\n    from . import cli\n"
        "def later():\n    from .service import FilesService\n"
    )
    found = [ast.unparse(node) for node in _runnable_imports(ast.parse(source))]
    assert found == ["import typing", "from . import cli", "from .service import FilesService"]


def test_cycle_finder_reports_the_path() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set()}
    assert find_cycles(graph) == [["a", "b", "c", "a"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles() -> None:
    cycles = find_cycles(import_graph())
    assert not cycles, "import cycles:\n" + _describe(cycles)
