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

from teacher import SOLUTION_DEF, STUB_DEF, code_source
from teacher import write_notebook as write

__all__ = ["SOLUTION_DEF", "STUB_DEF", "add_before_stubs", "code_cell", "code_source", "mistaken", "read",
           "recognised_mistake", "solution_cells", "solved", "with_stubs_replaced", "write"]


def read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def solution_cells(nb: dict) -> list[str]:
    """The sources of the code cells that define a ``..._solution``."""
    return [code_source(c) for c in nb["cells"]
            if c["cell_type"] == "code" and SOLUTION_DEF.search(code_source(c))]


def code_cell(text: str) -> dict:
    return {"cell_type": "code", "execution_count": None, "id": "added-by-the-test", "metadata": {},
            "outputs": [], "source": text}


def add_before_stubs(nb: dict, text: str) -> dict:
    """``nb`` with ``text`` as a cell just before the first stub (in the part the grader runs)."""
    nb = copy.deepcopy(nb)
    first = next(i for i, c in enumerate(nb["cells"]) if STUB_DEF.search(code_source(c)))
    nb["cells"].insert(first, code_cell(text))
    return nb


def with_stubs_replaced(nb: dict, replacement) -> dict:
    """``nb`` with each exercise's stub cell's source replaced by ``replacement(name)``."""
    nb = copy.deepcopy(nb)
    for cell in nb["cells"]:
        found = STUB_DEF.search(code_source(cell)) if cell["cell_type"] == "code" else None
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
