"""No import cycles between claude_files modules, and no package imports one above it.

Every import that can run counts, at the top of a module or inside a function:
a cycle through a function-level import still ties the two modules together.
Imports under `if TYPE_CHECKING:` never run and are left out.

The layers, bottom to top (LAYERS below; a module may import its own layer and the ones
beneath it, never one above):

    adapters         the private APIs of Textual, textual-serve, httpcore and pypdf, one module
                     a library, each with a contract test: import nothing of claude_files
    server           the local API server: imports nothing of the client
    helpers          text, formatting, config, json_file, credentials, clipboard, the package
                     root: pure helpers every layer uses (no Textual, no SDK, no I/O beyond a file)
    model            plain objects the views watch
    service          the SDK's one importer and what stands beside it: service_errors,
                     service_types, launch, session, and the local stores (ledger, deletions,
                     pins, localfs, download_writer, listing_cache)
    jobs             jobs, archive, restores, organization: work both front ends run (no Textual)
    dialogs/widgets  dialogs/, widgets/ and keymap (their bindings): draw and ask
    components       the main screen's working parts, the only Textual code that reaches the network
    screens          compose components and widgets, route their Messages
    app              app, quitting, key_order, hangup: the Textual application
    cli              cli, __main__, commands/, completion, tui_options, web: the entry points

commands/ sits in the top layer beside cli.py but never reaches the Textual side: nothing it
imports, directly or through other modules, imports textual or a module of the layers from
dialogs/widgets up to app (test_commands_stay_off_textual).
"""

from __future__ import annotations

import ast
from pathlib import Path

import claude_files

PACKAGE = "claude_files"
SOURCE_ROOT = Path(claude_files.__file__).resolve().parent

LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("adapters", ("adapters",)),
    ("server", ("server",)),
    ("helpers", ("", "text", "formatting", "config", "json_file", "credentials", "clipboard")),
    ("model", ("model",)),
    (
        "service",
        (
            "service",
            "service_errors",
            "service_types",
            "launch",
            "session",
            "ledger",
            "deletions",
            "pins",
            "localfs",
            "download_writer",
            "listing_cache",
            "upload_reader",
        ),
    ),
    ("jobs", ("jobs", "archive", "restores", "organization")),
    ("dialogs/widgets", ("dialogs", "widgets", "keymap")),
    ("components", ("components",)),
    ("screens", ("screens",)),
    ("app", ("app", "quitting", "key_order", "hangup")),
    ("cli", ("cli", "__main__", "commands", "completion", "tui_options", "web")),
)
"""Bottom to top: each layer's modules and packages, named relative to claude_files ("" is the
package's own `__init__`)."""

TEXTUAL_SIDE = ("dialogs/widgets", "components", "screens", "app")
"""The layers commands/ must never reach."""

SERVICE = f"{PACKAGE}.service"
REACH_THE_NETWORK = ("service", "jobs", "components", "app", "cli")
"""The layers whose modules may import service.py (the SDK's one importer) at run time: the
TUI's components, the jobs both front ends run, the app that connects, commands/. Dialogs,
widgets and screens show and ask; they can name the service in types only."""


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


def layer_of(module: str) -> str | None:
    """The layer a claude_files module belongs to: its longest listed prefix; None when unlisted."""
    relative = module.removeprefix(PACKAGE).removeprefix(".")
    best: tuple[int, str] | None = None
    for layer, names in LAYERS:
        for name in names:
            if relative == name or (name and relative.startswith(name + ".")):
                if best is None or len(name) > best[0]:
                    best = (len(name), layer)
    return best[1] if best is not None else None


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    """Every import of a module from a layer above its own, in words."""
    rank = {layer: index for index, (layer, _) in enumerate(LAYERS)}
    found = []
    for module in sorted(graph):
        here = layer_of(module)
        for target in sorted(graph[module]):
            there = layer_of(target)
            if here is not None and there is not None and rank[there] > rank[here]:
                found.append(f"{module} ({here}) imports {target} ({there})")
    return found


def _imports_textual(module: str, modules: dict[str, Path]) -> bool:
    """Whether a module imports textual (or one of its parts) at run time."""
    tree = ast.parse(modules[module].read_text(encoding="utf-8"))
    for node in _runnable_imports(tree):
        names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
        if not getattr(node, "level", 0) and any(name == "textual" or name.startswith("textual.") for name in names):
            return True
    return False


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


def test_every_module_has_a_layer() -> None:
    unplaced = [module for module in sorted(import_graph()) if layer_of(module) is None]
    assert not unplaced, "modules in no layer (add them to LAYERS): " + ", ".join(unplaced)


def test_upward_import_is_found() -> None:
    """The checker itself: a dialog importing a component is reported, a component importing a dialog is not."""
    graph = {
        "claude_files.dialogs.confirm": {"claude_files.components.bulk"},
        "claude_files.components.bulk": {"claude_files.dialogs.confirm"},
    }
    assert upward_imports(graph) == [
        "claude_files.dialogs.confirm (dialogs/widgets) imports claude_files.components.bulk (components)"
    ]
    assert layer_of("claude_files") == "helpers"
    assert layer_of("claude_files.service_types") == "service"


def test_no_package_imports_one_above_it() -> None:
    upward = upward_imports(import_graph())
    assert not upward, "imports that point up the layers:\n" + "\n".join(upward)


def test_commands_stay_off_textual() -> None:
    """Everything commands/ runs, directly or through other modules, is free of Textual."""
    graph = import_graph()
    modules = _module_names()
    reached: set[str] = set()
    frontier = [module for module in graph if module.startswith(f"{PACKAGE}.commands")]
    while frontier:
        module = frontier.pop()
        if module not in reached:
            reached.add(module)
            frontier.extend(graph[module])
    textual_side = sorted(module for module in reached if layer_of(module) in TEXTUAL_SIDE or _imports_textual(module, modules))
    assert not textual_side, "commands/ reaches the Textual side through: " + ", ".join(textual_side)


def test_only_components_jobs_and_the_front_ends_import_the_service() -> None:
    """Network calls happen in components/, jobs and commands/ (and the app connects): no dialog,
    widget, screen or model module imports service.py at run time."""
    graph = import_graph()
    outside = sorted(
        module for module, targets in graph.items() if SERVICE in targets and layer_of(module) not in REACH_THE_NETWORK
    )
    assert not outside, "modules that import the service outside components/jobs/commands/app: " + ", ".join(outside)
