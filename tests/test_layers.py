"""The folders are the layers: each package imports only the packages below it, nothing but the
MkDocs adapter knows MkDocs, the core starts no process and keeps nothing on disk, and no module
imports itself back through others. Read from the source (every `import`, at any depth)."""

from __future__ import annotations

import ast
from pathlib import Path

from helpers import ROOT

SCRIPTS = ROOT / "scripts"
# From the bottom up: a package may import itself and the packages before it.
LAYERS = ("contract", "sheets", "exports", "pages", "core")
ABOVE = {"mkdocs_adapter": LAYERS + ("tools",), "tools": LAYERS}
# The command entry points (`python -m scripts.validate`, …): each calls its tool.
ENTRY_POINTS = {"validate", "new", "urls", "build", "docs"}
# Names of the standard library that start with an underscore and are public all the same.
STANDARD_LIBRARY = {"os._exit"}
# What the core never imports: a publisher, processes, threads, pickles, the speed machinery.
NOT_IN_CORE = ("mkdocs", "markdown", "multiprocessing", "concurrent", "subprocess", "threading", "pickle",
               "scripts.mkdocs_adapter", "scripts.tools")


def _modules() -> dict[str, Path]:
    return {".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): path
            for path in sorted(SCRIPTS.rglob("*.py")) if "__pycache__" not in path.parts}


def _imports(path: Path) -> set[str]:
    """Every module `path` imports, as a dotted name (`from a import b` gives a.b when it is a module)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import (the layers are read from absolute names)"
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def _layer(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "scripts" or len(parts) < 2:
        return None
    return parts[1]


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: {imported for imported in _imports(path) if imported in modules and imported != name}
            for name, path in modules.items()}


def test_each_package_imports_only_the_packages_below_it():
    wrong = []
    for module, path in _modules().items():
        layer = _layer(module)
        if layer in ENTRY_POINTS or layer is None:
            continue
        allowed = ABOVE.get(layer) or LAYERS[:LAYERS.index(layer) + 1]
        allowed = set(allowed) | {layer}
        for imported in _imports(path):
            target = _layer(imported)
            if target is not None and target not in allowed:
                wrong.append(f"{module} importe {imported}")
    assert wrong == []


def test_only_the_adapter_knows_mkdocs_and_the_core_starts_no_process():
    wrong = []
    for module, path in _modules().items():
        layer = _layer(module)
        if layer not in LAYERS:
            continue
        for imported in _imports(path):
            if any(imported == name or imported.startswith(name + ".") for name in NOT_IN_CORE):
                wrong.append(f"{module} importe {imported}")
    assert wrong == []
    knows = sorted(module for module, path in _modules().items()
                   if any(i == "mkdocs" or i.startswith("mkdocs.") for i in _imports(path)))
    assert knows and all(module.startswith("scripts.mkdocs_adapter.") for module in knows), knows


def test_no_module_imports_itself_back():
    graph = _graph()
    cycles = []
    state: dict[str, int] = {}  # 1: being visited, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for imported in sorted(graph[module]):
            if state.get(imported) == 1:
                cycles.append(" -> ".join(path[path.index(imported):] + [imported]))
            elif imported not in state:
                visit(imported, path + [imported])
        state[module] = 2
    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_checking_a_sheet_does_not_build_the_site():
    """The validator's checks (sheets/validate.py) import nothing that makes pages: a contributor's
    `make validate` loads the contract and the sheet readers only."""
    graph = _graph()
    reached, todo = set(), ["scripts.sheets.validate"]
    while todo:
        module = todo.pop()
        if module not in reached:
            reached.add(module)
            todo += graph[module]
    assert {_layer(module) for module in reached} <= {"contract", "sheets"}, sorted(reached)


def test_the_entry_points_are_one_line_calls_of_their_tools():
    for name in ENTRY_POINTS:
        path = SCRIPTS / f"{name}.py"
        assert _imports(path) == {"sys", f"scripts.tools.{name}", f"scripts.tools.{name}.main"}, name
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 10, name


def test_the_hooks_file_only_wires_events():
    """The file named in mkdocs.yml: at most 300 lines, each function a MkDocs event handing over to
    the adapter's objects, no state of its own but the session."""
    hooks = SCRIPTS / "mkdocs_adapter" / "hooks.py"
    assert "scripts/mkdocs_adapter/hooks.py" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    tree = ast.parse(hooks.read_text(encoding="utf-8"))
    assert len(hooks.read_text(encoding="utf-8").splitlines()) <= 300
    functions = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    assert functions and all(f.name.startswith("on_") for f in functions)
    assert all(len(f.body) <= 4 for f in functions), [f.name for f in functions if len(f.body) > 4]
    assigned = [target.id for node in tree.body if isinstance(node, ast.Assign) for target in node.targets]
    assert assigned == ["SESSION"]


def test_no_private_mkdocs_api():
    """The adapter uses MkDocs' public API only: a private name of MkDocs (`_populate_page`,
    `_inject_js_into_html`, `_title_from_render`…) may change in any release."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted((SCRIPTS / "mkdocs_adapter").glob("*.py"))}
    own = {node.attr for tree in trees.values() for node in ast.walk(tree)  # the adapter's own private attributes
           if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "self"}
    private = []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
                if node.attr not in own and ast.unparse(node) not in STANDARD_LIBRARY:
                    private.append(f"{path.name}:{node.lineno}: {ast.unparse(node)}")
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("mkdocs"):
                private += [f"{path.name}:{node.lineno}: {alias.name}" for alias in node.names if alias.name[0] == "_"]
    assert private == []
