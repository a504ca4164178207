"""Returned notebooks made from a chapter itself, for the grader's tests and its benchmark.

Three kinds of student, each made from the student edition of a chapter: one who pasted the
chapter's solutions into the stubs (:func:`solved`, full marks), one who handed the stubs back
untouched, and one whose every stub is one of the exercise's declared typical mistakes
(:func:`mistaken`, nothing, with that mistake's hint). The solutions and mistakes come from the
committed chapter and lrlib's exercise table: nothing here knows any answer.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

STUB_DEF = re.compile(r"^def (\w+)_mine\(", re.M)
SOLUTION_DEF = re.compile(r"^def (\w+)_solution\(", re.M)


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def write(nb: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb), encoding="utf-8")


def source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def solution_cells(nb: dict) -> list[str]:
    """The sources of the code cells that define a ``..._solution``."""
    return [source(c) for c in nb["cells"] if c["cell_type"] == "code" and SOLUTION_DEF.search(source(c))]


def with_stubs_replaced(nb: dict, replacement) -> dict:
    """``nb`` with each exercise's stub cell's source replaced by ``replacement(name)``."""
    nb = copy.deepcopy(nb)
    for cell in nb["cells"]:
        found = STUB_DEF.search(source(cell)) if cell["cell_type"] == "code" else None
        if found:
            cell["source"] = replacement(found[1])
    return nb


def solved(student: dict, committed: dict) -> dict:
    """The committed chapter's solutions pasted into the student's stubs, renamed ``name_mine``."""
    cells = {SOLUTION_DEF.findall(c)[0]: c for c in solution_cells(committed)}
    names = "|".join(SOLUTION_DEF.findall("\n".join(cells.values())))
    def replacement(name):
        return re.sub(rf"\b({names})_solution\b", r"\1_mine", cells[name])
    return with_stubs_replaced(student, replacement)


def recognised_mistake(exercise) -> int | None:
    """The first of the exercise's mistakes that its public checker names, given as the learner's function.

    None where there is none: a mistake built on the answer itself is told to write it itself, and
    some checkers take the learner's function through an adapter (chapter 7's training loop).
    """
    import lrlib.checks

    for index, mistake in enumerate(exercise.mistakes):
        if mistake.hint in getattr(lrlib.checks, f"check_{exercise.name}")(mistake.wrong, seed=0).message:
            return index
    return None


def mistaken(student: dict, exercises: dict) -> dict:
    """Each stub replaced by a typical mistake of its exercise (``exercises``: name to Exercise)."""
    def replacement(name):
        index = recognised_mistake(exercises[name]) or 0
        return ("from lrlib.checks.engine import all_exercises\n\n"
                f"{name}_mine = next(e for e in all_exercises() if e.name == {name!r})"
                f".mistakes[{index}].wrong\n")
    return with_stubs_replaced(student, replacement)
