"""Packaging: light imports, the version in one place, requirements that match the imports."""

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import lrlib

ROOT = Path(__file__).resolve().parents[1]


def test_import_lrlib_does_not_import_torch_or_matplotlib():
    code = "import sys, lrlib, lrlib.data, lrlib.checks; print('torch' in sys.modules, 'matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_requirements_pin_every_line_exactly():
    lines = [ln.split("#")[0].strip() for ln in (ROOT / "requirements.txt").read_text().splitlines()]
    pins = [ln for ln in lines if ln]
    assert pins, "requirements.txt is empty"
    for pin in pins:
        assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][0-9A-Za-z.+\-]*", pin), f"not an exact pin: {pin}"
    names = {p.split("==")[0].lower() for p in pins}
    for needed in ["torch", "torchvision", "numpy", "scikit-learn", "jupyterlab", "nbval", "pytest"]:
        assert needed in names
    assert "torch==2.14.1" in pins and "torchvision==0.29.1" in pins


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def requirement_names(requirements: list[str]) -> set[str]:
    return {re.split(r"[<>=!~\[; ]", req, maxsplit=1)[0].lower() for req in requirements}


def third_party_imports(folder: Path) -> set[str]:
    """Top-level modules imported anywhere in ``folder`` (at any depth, lazily or not), minus stdlib and lrlib."""
    found = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                found.add(node.module.split(".")[0])
    # local modules: the folder's own, the root's (tasks.py) and the scripts tests import as neighbours
    local = {p.stem for p in [*folder.rglob("*.py"), *ROOT.glob("*.py"), *(ROOT / "scripts").glob("*.py")]}
    return found - set(sys.stdlib_module_names) - {"lrlib"} - local


# import name -> distribution name, where they differ
DISTRIBUTION = {"sklearn": "scikit-learn", "otter": "otter-grader"}


def test_the_version_is_defined_once_in_lrlib():
    project = pyproject()["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert pyproject()["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "lrlib.__version__"}
    assert re.fullmatch(r"\d+\.\d+\.\d+", lrlib.__version__)


def test_runtime_requirements_are_exactly_what_lrlib_imports():
    project = pyproject()["project"]
    imported = {DISTRIBUTION.get(name, name) for name in third_party_imports(ROOT / "lrlib")}
    declared = requirement_names(project["dependencies"]) | requirement_names(
        project["optional-dependencies"]["torch"])
    assert imported == declared


def test_every_package_the_tests_import_is_pinned():
    pinned = {ln.split("==")[0].lower() for ln in (ROOT / "requirements.txt").read_text().splitlines()
              if "==" in ln and not ln.startswith("#")}
    for folder in ["tests", "lrlib", "scripts", "benchmarks"]:
        imported = {DISTRIBUTION.get(name, name) for name in third_party_imports(ROOT / folder)}
        assert imported <= pinned, f"{folder}: not pinned: {sorted(imported - pinned)}"


def test_the_license_file_is_the_mit_licence_pyproject_declares():
    assert pyproject()["project"]["license"] == "MIT" and pyproject()["project"]["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("MIT License") and "lrlib course authors" in text
