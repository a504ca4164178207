"""lrlib imports in one direction: no import cycle, and no ``_private`` name taken from a public module.

Shared internals live in private modules (``lrlib._kernels``, ``lrlib._design``,
``lrlib._validation``, ...) under names that are public within lrlib; a public module
(``lrlib.functions``, ``lrlib.checks.engine``, ...) keeps its private names to itself.
Read from the source with ``ast``: every import, at module level or inside a function.
"""

import ast
from pathlib import Path

import pytest

LRLIB = Path(__file__).resolve().parents[1] / "lrlib"


def module_names(package: Path) -> dict[str, Path]:
    """``{"lrlib.functions": path, "lrlib.checks": path/__init__.py, ...}`` for every module of ``package``."""
    names = {}
    for path in package.rglob("*.py"):
        parts = list(path.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def is_private(module: str) -> bool:
    """``lrlib._design`` and anything under a private package; not ``lrlib.checks.engine``."""
    return any(part.startswith("_") for part in module.split(".")[1:])


def _imports(module: str, path: Path, modules: dict[str, Path]):
    """``(imported module, name or None, line)`` for each import of a module of the package."""
    top = next(iter(modules)).split(".")[0]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]

    def owner(dotted: str) -> str:  # the module a dotted name lives in
        while dotted not in modules:
            dotted = dotted.rpartition(".")[0]
        return dotted

    aliases = {}  # local name -> module, for `module._name` attribute access
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == top:
                    yield owner(alias.name), None, node.lineno
                    aliases[alias.asname or alias.name] = owner(alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from . import x, from ..y import z
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            if base.split(".")[0] != top:
                continue
            for alias in node.names:
                if f"{base}.{alias.name}" in modules:  # a module: from lrlib import functions
                    yield f"{base}.{alias.name}", None, node.lineno
                    aliases[alias.asname or alias.name] = f"{base}.{alias.name}"
                else:
                    yield owner(base), alias.name, node.lineno
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases:
            yield aliases[node.value.id], node.attr, node.lineno


def private_imports(package: Path) -> list[str]:
    """Each ``_name`` (not ``__dunder__``) a module takes from another, public, module."""
    modules = module_names(package)
    found = []
    for module, path in modules.items():
        for imported, name, line in _imports(module, path, modules):
            if (name is not None and name.startswith("_") and not name.startswith("__")
                    and imported != module and not is_private(imported)):
                found.append(f"{path.relative_to(package.parent)}:{line}: {name} from {imported}")
    return sorted(set(found))


def import_cycles(package: Path) -> list[list[str]]:
    """The strongly connected components (more than one module) of the import graph (Tarjan)."""
    modules = module_names(package)
    edges = {m: {imported for imported, _, _ in _imports(m, p, modules) if imported != m}
             for m, p in modules.items()}
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while not component or component[-1] != v:
                component.append(stack.pop())
                on_stack.discard(component[-1])
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(modules):
        if module not in index:
            visit(module)
    return cycles


def test_lrlib_has_no_import_cycle():
    assert import_cycles(LRLIB) == []


def test_no_module_takes_a_private_name_from_a_public_module():
    assert private_imports(LRLIB) == [], (
        "move the shared piece into a private module (lrlib._kernels, lrlib._design, ...) under a "
        "name public within lrlib")


@pytest.fixture
def tangled(tmp_path):
    """A package with both faults: ``a`` and ``b`` import each other, ``b`` takes ``a._helper``."""
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "_shared.py").write_text("def kernel():\n    pass\n")
    (package / "a.py").write_text("from pkg.b import thing\n\ndef _helper():\n    pass\n")
    (package / "b.py").write_text("def thing():\n    from pkg.a import _helper\n    from pkg._shared import kernel\n")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "c.py").write_text("from .. import a\n\nx = a._helper\n")
    return package


def test_the_checks_find_a_cycle_and_private_imports(tangled):
    assert import_cycles(tangled) == [["pkg.a", "pkg.b"]]
    assert private_imports(tangled) == ["pkg/b.py:2: _helper from pkg.a", "pkg/sub/c.py:3: _helper from pkg.a"]
