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
DISTRIBUTION = {"sklearn": "scikit-learn", "MLstatkit": "mlstatkit", "otter": "otter-grader"}


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


def chapter_titles() -> list[str]:
    """``Chapter 7, *PyTorch on MNIST*`` for each chapter notebook (from its first heading)."""
    import json

    from course import chapters  # scripts/course.py: how the tasks and the site find the chapters

    titles = []
    for path in chapters():
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        heading = next(line for cell in cells if cell["cell_type"] == "markdown"
                       for line in "".join(cell["source"]).splitlines() if line.startswith("# "))
        label, title = heading[2:].split(" · ", 1)
        titles.append(f"{label}, *{title}*")
    return titles


def test_lrlib_docstring_maps_every_chapter_to_modules_that_exist(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    lines = {line.split(":", 1)[0].removeprefix("- ").strip(): line
             for line in re.sub(r"\n  ", " ", lrlib.__doc__).splitlines() if line.startswith("- ")}
    for title in chapter_titles():
        assert title in lines, f"lrlib's docstring does not say where the code of {title} lives"
        for module in re.findall(r":mod:`([\w.]+)`", lines[title]):
            assert (ROOT / Path(*module.split("."))).with_suffix(".py").is_file() or \
                (ROOT / Path(*module.split(".")) / "__init__.py").is_file(), module


def test_the_citation_file_names_this_version_the_licence_and_the_repository():
    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    fields = dict(re.findall(r'^([\w-]+): "?([^"\n]*)"?$', citation, re.M))
    assert fields["cff-version"] == "1.2.0" and fields["version"] == lrlib.__version__
    assert fields["license"] == "MIT" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", fields["date-released"])
    assert "Copyright (c) 2026 lrlib course authors" in (ROOT / "LICENSE").read_text()
    assert re.search(r'^  - name: "lrlib course authors"$', citation, re.M)  # as LICENSE names them
    binder = re.search(r"^\[binder\]: https://mybinder\.org/v2/gh/([^/\s]+/[^/\s]+)/", (ROOT / "README.md").read_text(),
                       re.M)[1]
    assert fields["repository-code"] == f"https://github.com/{binder}"


def test_the_changelog_has_a_section_for_this_version():
    assert re.search(rf"^## \[{re.escape(lrlib.__version__)}\] - \d{{4}}-\d{{2}}-\d{{2}}$",
                     (ROOT / "CHANGELOG.md").read_text(encoding="utf-8"), re.M)
