"""The teacher's edition (scripts/teacher.py) and the grader (scripts/grade.py).

The edition is built once; then every chapter is graded from three submissions made from
its student notebook: the chapter's solutions pasted into the stubs (full marks), the stubs
untouched (nothing, "not written yet"), and each stub replaced by one of the exercise's
declared typical mistakes (nothing, with that mistake's hint). Beside them, in the same
pass: a notebook that is not JSON, one of another chapter, one without an exercise, and
ones that call ``sys.exit``, ``exit()`` or loop forever at the top level (and, graded apart,
ones that end their kernel with ``os._exit`` or ignore interrupts). Chapters and
exercises are discovered (``all_exercises()`` and notebooks/), never listed here.
"""

import copy
import csv
import html
import json
import re
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCRIPTS = REPO / "scripts"


@pytest.fixture(scope="module")
def scripts():
    """scripts/teacher.py and scripts/grade.py, imported as the neighbours they are."""
    sys.path.insert(0, str(SCRIPTS))
    try:
        import grade

        import teacher
        yield teacher, grade
    finally:
        sys.path.remove(str(SCRIPTS))


@pytest.fixture(scope="module")
def samples(scripts):
    """scripts/sample_submissions.py: returned notebooks made from a chapter (it imports teacher.py)."""
    sys.path.insert(0, str(SCRIPTS))
    try:
        import sample_submissions
        return sample_submissions
    finally:
        sys.path.remove(str(SCRIPTS))


@pytest.fixture(scope="module")
def module_tmp(tmp_path_factory):
    """A private temporary folder, also for what the grader's processes make (TMPDIR)."""
    folder = tmp_path_factory.mktemp("teacher")
    scratch = folder / "scratch"
    scratch.mkdir()
    before, tempfile.tempdir = tempfile.tempdir, str(scratch)
    mp = pytest.MonkeyPatch()
    mp.setenv("TMPDIR", str(scratch))
    try:
        yield folder
    finally:
        mp.undo()
        tempfile.tempdir = before


@pytest.fixture(scope="module")
def edition(scripts, module_tmp):
    teacher, _ = scripts
    out = module_tmp / "dist"
    started = time.perf_counter()
    seconds = teacher.build(out)
    print(f"\nteacher's edition built in {time.perf_counter() - started:.1f} s ({seconds['total']:.1f} s build)")
    return out


@pytest.fixture(scope="module")
def course(scripts):
    teacher, _ = scripts
    return teacher.course_chapters()


@pytest.fixture(scope="module")
def exercises():
    from lrlib.checks.engine import all_exercises

    return {ex.name: ex for ex in all_exercises()}


def function_bodies(cell_source: str) -> list[str]:
    """The body lines (stripped, non-trivial) of each ``def ..._solution`` in a cell."""
    bodies = []
    for block in re.split(r"^def ", cell_source, flags=re.M)[1:]:
        lines = [ln.strip() for ln in block.splitlines()[1:] if ln.startswith("    ")]
        bodies.append("\n".join(ln for ln in lines if ln and not ln.startswith("#")))
    return bodies


# --------------------------------------------------------------------------- the edition

def test_every_chapter_is_in_the_edition(edition, course):
    assert len(course) >= 11
    for chapter in course:
        assert (edition / "student" / chapter.path.name).is_file()
        assert (edition / "solutions" / chapter.path.name).is_file()
        assert (edition / "autograder" / f"{chapter.stem}.zip").is_file()


def test_no_student_notebook_holds_a_solution(edition, course, exercises, samples):
    for chapter in course:
        committed = samples.read(chapter.path)
        student_text = (edition / "student" / chapter.path.name).read_text(encoding="utf-8")
        student = json.loads(student_text)
        flat = "\n".join(ln.strip() for c in student["cells"] for ln in samples.code_source(c).splitlines())
        assert not [c for c in student["cells"] if c["cell_type"] == "code" and "_solution" in samples.code_source(c)]
        # what the chapter itself shows (a transcription's formula, say) may be in both
        taught = "\n".join(ln.strip() for c in committed["cells"] if samples.code_source(c) not in samples.solution_cells(committed)
                           for ln in samples.code_source(c).splitlines())
        for cell in samples.solution_cells(committed):
            for body in function_bodies(cell):
                assert body and (body not in flat or body in taught), (chapter.stem, body)
        for name in chapter.exercises:  # no ✔ of the exercise in any stored output
            assert exercises[name].success not in student_text, (chapter.stem, name)


def test_no_student_notebook_sends_its_reader_to_the_solutions(edition, course, samples):
    for chapter in course:
        student = samples.read(edition / "student" / chapter.path.name)
        prose = "\n".join(samples.code_source(c) for c in student["cells"] if c["cell_type"] == "markdown")
        assert not re.search(r"\bSolutions\b|solutions? (is|are) (at the end|below)", prose), chapter.stem


def test_student_notebooks_keep_the_stubs_and_the_checkers(edition, course, samples):
    for chapter in course:
        student = samples.read(edition / "student" / chapter.path.name)
        text = "\n".join(samples.code_source(c) for c in student["cells"])
        for name in chapter.exercises:
            assert re.search(rf"^def {name}_mine\(.*\n\s+raise NotImplementedError", text, re.M), name
            assert f"check_{name}({name}_mine)" in text, name
        assert student["metadata"]["lrcourse"] == {"chapter": chapter.number, "edition": "student"}


def test_the_solutions_edition_shows_every_solution(edition, course, samples):
    for chapter in course:
        solutions = samples.read(edition / "solutions" / chapter.path.name)
        cells = [c for c in solutions["cells"] if c["cell_type"] == "code"
                 and samples.SOLUTION_DEF.search(samples.code_source(c))]
        assert {name for c in cells for name in samples.SOLUTION_DEF.findall(samples.code_source(c))} \
            >= set(chapter.exercises)
        assert not any(c["metadata"].get("jupyter", {}).get("source_hidden") for c in cells)


def test_each_autograder_has_one_test_per_exercise_calling_its_checker(edition, course, scripts):
    teacher, _ = scripts
    points = teacher.points_table()
    for chapter in course:
        with zipfile.ZipFile(edition / "autograder" / f"{chapter.stem}.zip") as zf:
            names = set(zf.namelist())
            assert {"run_autograder", "setup.sh", "environment.yml", "otter_config.json",
                    "files/lrlib/checks/engine.py"} <= names
            tests = sorted(n for n in names if n.startswith("tests/"))
            assert tests == sorted(f"tests/{name}.py" for name in chapter.exercises)
            for name in chapter.exercises:
                text = zf.read(f"tests/{name}.py").decode()
                assert f"check_{name}({name}_mine)" in text and f"points = {points[name]!r}" in text
            assert json.loads(zf.read("otter_config.json"))["show_hidden"] is True


def test_points_come_from_the_table(scripts, tmp_path, exercises):
    teacher, _ = scripts
    table = tmp_path / "points.toml"
    name = next(iter(exercises))
    table.write_text(f"default = 2\n[exercises]\n{name} = 5\n")
    points = teacher.points_table(table)
    assert points[name] == 5 and set(points.values()) == {2, 5} and set(points) == set(exercises)
    table.write_text("default = 1\n[exercises]\nno_such_exercise = 3\n")
    with pytest.raises(SystemExit, match="no_such_exercise"):
        teacher.points_table(table)


# --------------------------------------------------------------------------- submissions

@pytest.fixture(scope="module")
def graded(edition, course, exercises, scripts, module_tmp, samples):
    """Every chapter's three submissions and the bad ones, graded in one pass."""
    _, grade = scripts
    folder = module_tmp / "submissions"
    first, second = course[0], course[1]
    for chapter in course:
        student = samples.read(edition / "student" / chapter.path.name)
        samples.write(samples.solved(student, samples.read(chapter.path)), folder / "solved" / chapter.path.name)
        samples.write(student, folder / "stubs" / chapter.path.name)
        samples.write(samples.mistaken(student, exercises), folder / "mistakes" / chapter.path.name)
    good = samples.solved(samples.read(edition / "student" / first.path.name), samples.read(first.path))
    (folder / "corrupt").mkdir()
    (folder / "corrupt" / first.path.name).write_text('{"cells": [', encoding="utf-8")
    samples.write(samples.read(edition / "student" / second.path.name), folder / "wrong-chapter" / first.path.name)
    missing = copy.deepcopy(good)
    missing["cells"] = [c for c in missing["cells"] if f"def {first.exercises[0]}_mine(" not in samples.code_source(c)]
    samples.write(missing, folder / "missing" / first.path.name)
    samples.write(samples.add_before_stubs(good, "import sys\nsys.exit(1)"), folder / "sys-exit" / first.path.name)
    samples.write(samples.add_before_stubs(good, "while True:\n    pass"), folder / "loop" / first.path.name)
    samples.write(samples.add_before_stubs(good, "exit()"), folder / "exit" / first.path.name)
    out = module_tmp / "grades"
    started = time.perf_counter()
    # limits generous for a busy machine (a chapter's imports alone may take seconds); the endless
    # loop costs one cell's limit, interrupted, and the stubborn one below the whole limit
    rows = grade.grade(folder, out, jobs=2, timeout=900, cell_timeout=90)
    print(f"\ngraded {len(list(folder.rglob('*.ipynb')))} submissions in {time.perf_counter() - started:.1f} s")
    return rows, out


def rows_of(graded, student, chapter=None):
    rows, _ = graded
    found = [r for r in rows if r["student"] == student and (chapter is None or r["chapter"] == chapter)]
    assert found, (student, chapter)
    return found


def test_the_solutions_get_full_marks(graded, course):
    for chapter in course:
        rows = rows_of(graded, "solved", chapter.number)
        assert [r["exercise"] for r in rows] == list(chapter.exercises)
        for row in rows:
            assert row["points"] == row["max_points"] > 0 and not row["problem"], row


def test_the_stubs_get_nothing_and_are_told_they_are_not_written_yet(graded, course):
    _, out = graded
    page = (out / "feedback" / "stubs.html").read_text(encoding="utf-8")
    for chapter in course:
        for row in rows_of(graded, "stubs", chapter.number):
            assert row["points"] == 0 and row["problem"] == f"✘ Not yet: {row['exercise']}_mine is not written yet."
            assert html.escape(f"{row['exercise']}_mine is not written yet.") in page
    assert html.escape("Hint: replace `raise NotImplementedError` with your code.") in page


def test_a_typical_mistake_gets_nothing_and_its_own_hint(graded, course, exercises, samples):
    _, out = graded
    page = (out / "feedback" / "mistakes.html").read_text(encoding="utf-8")
    for chapter in course:
        for row in rows_of(graded, "mistakes", chapter.number):
            assert row["points"] == 0, row
            exercise = exercises[row["exercise"]]
            index = samples.recognised_mistake(exercise)
            if index is not None:  # a mistake built on the answer itself is told to write it itself
                assert html.escape(exercise.mistakes[index].hint) in page, row


def test_the_grades_file_has_a_row_per_student_chapter_and_exercise(graded):
    rows, out = graded
    with open(out / "grades.csv", encoding="utf-8") as f:
        written = list(csv.DictReader(f))
    assert len(written) == len(rows)
    assert list(written[0])[:4] == ["student", "chapter", "exercise", "points"]


def test_a_notebook_that_is_not_json_gets_its_rows(graded, course):
    rows = rows_of(graded, "corrupt")
    assert len(rows) == len(course[0].exercises)
    assert all(r["points"] == 0 and r["problem"].startswith("not a valid notebook") for r in rows)


def test_another_chapters_notebook_gets_its_rows(graded, course):
    for row in rows_of(graded, "wrong-chapter"):
        assert row["points"] == 0 and row["chapter"] == course[0].number
        assert row["problem"] == f"chapter {course[1].number}'s notebook, handed in for chapter {course[0].number}"


def test_a_missing_exercise_gets_its_row_and_the_others_their_points(graded, course):
    rows = {r["exercise"]: r for r in rows_of(graded, "missing")}
    gone = course[0].exercises[0]
    assert rows[gone]["points"] == 0 and rows[gone]["problem"] == f"✘ Not yet: {gone}_mine is not in the notebook."
    assert all(r["points"] == r["max_points"] for name, r in rows.items() if name != gone)


@pytest.mark.parametrize("student", ["sys-exit", "exit", "loop"])
def test_a_runaway_cell_stops_neither_its_grading_nor_the_others(graded, student):
    rows = rows_of(graded, student)
    assert all(r["points"] == r["max_points"] > 0 for r in rows), rows


def test_a_kernel_that_ignores_interrupts_is_ended_at_the_time_limit(scripts, edition, course, module_tmp, samples):
    _, grade = scripts
    folder = module_tmp / "stubborn"
    nb = samples.add_before_stubs(samples.read(edition / "student" / course[0].path.name),
                          "import time\nwhile True:\n    try:\n        time.sleep(1)\n    except KeyboardInterrupt:\n        pass")
    samples.write(nb, folder / "stubborn" / course[0].path.name)
    # os._exit ends the kernel: graded again without that cell, or (nbclient does not always see the
    # kernel die) stopped at the time limit; either way its rows, and no other notebook waits for it
    samples.write(samples.add_before_stubs(samples.read(edition / "student" / course[0].path.name), "import os\nos._exit(3)"),
          folder / "os-exit" / course[0].path.name)
    started = time.perf_counter()
    rows = grade.grade(folder, module_tmp / "stubborn-grades", jobs=2, timeout=30, cell_timeout=5)
    assert time.perf_counter() - started < 90
    stubborn = [r for r in rows if r["student"] == "stubborn"]
    assert stubborn and all(r["points"] == 0 and "longer than 30 s" in r["problem"] for r in stubborn), rows
    assert len([r for r in rows if r["student"] == "os-exit"]) == len(course[0].exercises)


def test_the_grader_leaves_nothing_in_its_temporary_folder(graded, module_tmp):
    assert not list((module_tmp / "scratch").glob("lrcourse-*"))  # (torch keeps a cache there, not ours)


def test_the_teachers_page_lists_every_chapter_and_exercise_with_its_kind(scripts, course, exercises):
    teacher, _ = scripts
    page = teacher.teachers_page()
    assert teacher.TABLE_MARK not in page
    for chapter in course:
        assert f"</notebooks/{chapter.stem}>" in page
        for name in chapter.exercises:
            assert f"`{name}_mine` ({exercises[name].kind}, " in page
