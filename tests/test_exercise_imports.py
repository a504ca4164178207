"""A chapter never hands the learner the answer: nothing imported above an exercise is what it asks for.

For each exercise stub ``def name_mine(`` of a chapter notebook, the ``from module import name``
statements of the code cells above it are resolved, and none may be one of the functions the
exercise forbids (lrlib's, scikit-learn's, ... version of the answer) or its checker's own
answer, nor the class or function a forbidden attribute belongs to (``StandardScaler`` for
``StandardScaler.transform``). A module imported whole (``import lrlib``) is allowed: the chapter
then calls ``lrlib.odds(...)`` by its full name, and the checker still catches a learner who does.
Notebooks and exercises are discovered, so new chapters are covered as they land.
"""

import ast
import importlib
import re
from pathlib import Path

import nbformat
import pytest

from lrlib.checks.engine import all_exercises

NOTEBOOKS = sorted((Path(__file__).parents[1] / "notebooks").glob("[0-9][0-9]-*.ipynb"))
EXERCISES = {exercise.name: exercise for exercise in all_exercises()}
STUB = re.compile(r"^def (\w+)_mine\(", re.M)
MAGIC = re.compile(r"^(\s*)[%!].*$", re.M)  # IPython's %pip and !shell lines are not Python
# Exercises of chapters reworked on other branches that still import their answer above them
# (strict: an entry that starts passing fails the run, so it is removed as soon as it is fixed).
STILL_IMPORTED: set[str] = set()


def imported_names(source: str) -> list[tuple[str, str]]:
    """``(module, name)`` of each ``from module import name`` in a cell (absolute imports only)."""
    tree = ast.parse(MAGIC.sub(r"\1pass", source))
    return [(node.module, alias.name) for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.level == 0 for alias in node.names]


def answers(exercise) -> list[object]:
    """The answer already written: each forbidden function, the class it belongs to, the checker's own."""
    found = [exercise._reference]
    for entry in exercise.forbidden:
        if callable(entry):
            found.append(entry)
            continue
        module_name, _, path = entry.partition(":")
        obj = importlib.import_module(module_name)
        for attribute in path.split("."):  # StandardScaler, then StandardScaler.transform: both are the answer
            obj = getattr(obj, attribute)
            found.append(obj)
    return found


def stubs_and_imports_above(path: Path):
    """For each exercise stub of the notebook: its name and the ``(module, name)`` imported above it."""
    imported = []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        for name in STUB.findall(cell.source):
            yield name, list(imported)
        imported += imported_names(cell.source)


def cases():
    for path in NOTEBOOKS:
        for name, imported in stubs_and_imports_above(path):
            case = f"{path.stem[:2]}-{name}"
            marks = [pytest.mark.xfail(strict=True, reason="imports its answer")] if case in STILL_IMPORTED else []
            yield pytest.param(path.name, name, imported, id=case, marks=marks)


@pytest.mark.parametrize("notebook, name, imported", list(cases()))
def test_nothing_imported_above_an_exercise_is_its_answer(notebook, name, imported):
    assert name in EXERCISES, f"{notebook}: `{name}_mine` has no Exercise in lrlib.checks"
    forbidden = answers(EXERCISES[name])
    handed_over = set()
    for module, attribute in imported:
        obj = getattr(importlib.import_module(module), attribute, None)
        handed_over |= {f"from {module} import {attribute}" for answer in forbidden if obj is answer}
    assert not handed_over, f"{notebook} imports, above exercise `{name}_mine`, its answer: {sorted(handed_over)}"


def test_the_rule_sees_a_forbidden_import():
    # the test above would catch the chapter 1 of 2026-11, whose first cell imported odds and log_loss
    source = "try:\n    import lrlib\nexcept ModuleNotFoundError:\n    %pip install lrlib\nfrom lrlib import odds\n" \
             "from sklearn.metrics import log_loss\nfrom sklearn.preprocessing import StandardScaler"
    imported = imported_names(source)
    assert imported == [("lrlib", "odds"), ("sklearn.metrics", "log_loss"), ("sklearn.preprocessing", "StandardScaler")]
    objects = [getattr(importlib.import_module(module), name) for module, name in imported]
    for exercise, obj in zip(["odds", "log_likelihood", "standardize"], objects, strict=True):
        assert any(obj is answer for answer in answers(EXERCISES[exercise])), exercise


def test_notebooks_and_stubs_are_found():
    assert len(NOTEBOOKS) >= 7 and len(list(cases())) >= 20
