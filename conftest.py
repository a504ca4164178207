"""pytest configuration of the whole checkout: what happens where PyTorch is missing.

The course's environment (``make test``) has PyTorch, and there a missing torch is an
error, never a reason to skip: the session stops before it collects anything. Only the
compatibility tracks (``python tasks.py test-compat``, scripts/compat.py) run without it,
and they say so with ``LRLIB_COMPAT=torch-free``. There every module of ``lrlib/`` and
``tests/`` that needs PyTorch as soon as it is imported (:func:`torch_modules`) is left
out of collection, the few tests that compare with PyTorch inside a module that
otherwise needs none skip themselves (``pytest.importorskip("torch")``), and a doctest
whose example stops only because torch cannot be imported (``load_mnist`` returns
tensors; chapter 7's checkers run PyTorch code) is reported as skipped, not failed.

This file sits at the top of the checkout because ``collect_ignore`` and the doctests of
``lrlib/`` are governed by the conftest files above them, and ``tests/conftest.py`` is not.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import re
from pathlib import Path

import pytest
from _pytest.doctest import DoctestItem

ROOT = Path(__file__).resolve().parent
HAVE_TORCH = importlib.util.find_spec("torch") is not None
TORCH_FREE = os.environ.get("LRLIB_COMPAT") == "torch-free"
TORCH_PACKAGES = {"torch", "torchvision"}


def module_level_imports(source: str) -> set[str]:
    """The modules a module imports when it is imported (not those imported inside functions)."""
    names: set[str] = set()
    statements = list(ast.parse(source).body)
    while statements:
        node = statements.pop()
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
        elif isinstance(node, ast.If | ast.Try | ast.With):  # module-level blocks run on import too
            for block in ("body", "orelse", "finalbody", "handlers"):
                statements += getattr(node, block, [])
        elif isinstance(node, ast.ExceptHandler):
            statements += node.body
    return names


def torch_modules(root: Path = ROOT, folders: tuple[str, ...] = ("lrlib", "tests")) -> list[str]:
    """Files under ``folders`` that import PyTorch when imported, directly or through lrlib.

    A module needs torch if it imports torch or torchvision, or a module of these folders
    that needs it, or lies in a package whose ``__init__`` needs it (importing a module
    imports its package first). Paths relative to ``root``, sorted.
    """
    modules: dict[str, tuple[Path, set[str]]] = {}
    for folder in folders:
        for path in sorted((root / folder).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = (path, module_level_imports(path.read_text(encoding="utf-8")))

    def loaded(name: str, imports: set[str]) -> set[str]:
        """What importing ``name`` loads besides itself: its imports and every parent package."""
        parts = [dotted.split(".") for dotted in [*imports, name]]
        return {".".join(p[:i]) for p in parts for i in range(1, len(p) + 1)} - {name}

    needs: set[str] = set()
    changed = True
    while changed:  # until no module is added: A needs torch through B through C
        changed = False
        for name, (_, imports) in modules.items():
            if name not in needs and loaded(name, imports) & (needs | TORCH_PACKAGES):
                needs.add(name)
                changed = True
    return sorted(str(modules[name][0].relative_to(root)) for name in needs)


collect_ignore = [] if HAVE_TORCH else torch_modules()


def pytest_configure(config: pytest.Config) -> None:
    if not HAVE_TORCH and not TORCH_FREE:
        raise pytest.UsageError(
            "PyTorch is not installed, and the course's tests need it (make test sets it up). "
            "Only the compatibility tracks run without it (LRLIB_COMPAT=torch-free).")


MISSING_TORCH = re.compile(r"No module named '(torch|torchvision)[.']")


def needs_missing_torch(error: BaseException) -> bool:
    """Whether a doctest failed only because its example imported torch, which is not installed.

    The example raised that ModuleNotFoundError (``doctest.UnexpectedException``), or printed it:
    a checker reports what the function it checks raised (``doctest.DocTestFailure``).
    """
    failures = getattr(error, "failures", [error])  # several with --doctest-continue-on-failure
    for failure in failures:
        raised = getattr(failure, "exc_info", (None, None, None))[1]
        told = raised if raised is not None else getattr(failure, "got", "")
        if not MISSING_TORCH.search(str(told)):
            return False
    return bool(failures)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if (not HAVE_TORCH and report.failed and call.excinfo is not None and isinstance(item, DoctestItem)
            and needs_missing_torch(call.excinfo.value)):
        report.outcome = "skipped"
        report.longrepr = (str(item.path), (item.reportinfo()[1] or 0) + 1,
                           "Skipped: the example needs PyTorch, which this compatibility track lacks")
    return report


def pytest_report_header(config: pytest.Config) -> str | None:
    if collect_ignore:
        return f"without PyTorch, {len(collect_ignore)} modules that need it are not collected"
    return None
