"""The teacher's edition, built from the committed chapters (``python tasks.py teacher``).

Usage::

    python scripts/teacher.py                  # -> dist/teacher/
    python scripts/teacher.py --out DIR

``dist/teacher/`` holds:

- ``student/``: every chapter without its solution cells (nor any cell that uses a
  solution), stubs and checkers kept, so the hints still come while a student works;
- ``solutions/``: every chapter as committed, its solution cells unfolded;
- ``autograder/NN-name.zip``: an otter-grader autograder per chapter (the zip Gradescope
  takes). Its tests, one per exercise, call the course's own checker on the student's
  ``name_mine``: fresh random cases at every run, points from ``teacher/points.toml``.

Nothing here holds an exercise: the chapters' notebooks and ``lrlib.checks``'
:func:`~lrlib.checks.engine.all_exercises` are read, so a new chapter or exercise is in the
edition as soon as it is committed. An exercise is found in a chapter by its stub
(``def name_mine(``) and its solution cell by ``def name_solution(``, as the design has
them.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import json
import re
import shutil
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

from course import REPO, chapters

from lrlib.checks.engine import TIMEOUT_SECONDS

POINTS = REPO / "teacher" / "points.toml"
DIST = REPO / "dist" / "teacher"
# The autograder's environment is Binder's: the course's exact pins, PyTorch's CPU-only wheels.
AUTOGRADER_REQUIREMENTS = REPO / "binder" / "requirements.txt"
AUTOGRADER_PYTHON = "3.11"
GRADING_CASE_SECONDS = 20.0  # per case of a check when grading (lrlib.checks.engine.TIMEOUT_SECONDS)
METADATA_KEY = "lrcourse"  # notebook metadata of an edition: {"chapter": N, "edition": "student"}
SOLUTION_DEF = re.compile(r"^def (\w+)_solution\(", re.M)
SOLUTIONS_SECTION = re.compile(r"^#+\s*Solutions\b.*?(?=^#{1,2}\s|\Z)", re.M | re.S)  # its heading and words
STUB_DEF = re.compile(r"^def (\w+)_mine\(", re.M)


@dataclass(frozen=True)
class Chapter:
    """A chapter notebook, its exercises (names, in the notebook's order) and its size."""

    path: Path
    number: int
    exercises: tuple[str, ...]
    prose_words: int  # in its markdown cells
    code_lines: int  # in its code cells, the solutions left out (what a student reads and runs)

    @property
    def stem(self) -> str:
        return self.path.stem


def code_source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def stub_names(nb: dict) -> list[str]:
    """Exercise names whose stub ``def name_mine(`` a notebook holds, in order."""
    names = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            names += [n for n in STUB_DEF.findall(code_source(cell)) if n not in names]
    return names


def solution_names(nb: dict) -> set[str]:
    return {name for cell in nb["cells"] if cell["cell_type"] == "code"
            for name in SOLUTION_DEF.findall(code_source(cell))}


def exercises_by_chapter() -> dict[int, list]:
    """lrlib's exercises (:func:`all_exercises`), by chapter number."""
    from lrlib.checks.engine import all_exercises

    found: dict[int, list] = {}
    for exercise in all_exercises():
        found.setdefault(exercise.chapter, []).append(exercise)
    return found


def course_chapters() -> list[Chapter]:
    """Every chapter notebook and its exercises; a stub without an exercise (or the reverse) stops here."""
    declared = exercises_by_chapter()
    found = []
    for path in chapters():
        nb = json.loads(path.read_text(encoding="utf-8"))
        names = stub_names(nb)
        if not path.name[:2].isdigit():  # an appendix (A1-...): read, not assigned
            if names:
                raise SystemExit(f"{path.name}: an appendix has no exercises, but stubs {names}")
            continue
        number = int(path.name[:2])
        known = {ex.name for ex in declared.get(number, [])}
        if set(names) != known:
            raise SystemExit(f"{path.name}: its stubs {sorted(names)} are not the exercises lrlib.checks "
                             f"declares for chapter {number}, {sorted(known)}")
        words = sum(len(code_source(c).split()) for c in nb["cells"] if c["cell_type"] == "markdown")
        code = sum(len(code_source(c).splitlines()) for c in nb["cells"]
                   if c["cell_type"] == "code" and not SOLUTION_DEF.search(code_source(c)))
        found.append(Chapter(path, number, tuple(names), words, code))
    return found


def points_table(path: Path = POINTS) -> dict[str, float]:
    """Points of every exercise of lrlib.checks, from ``teacher/points.toml`` (``default`` if unnamed)."""
    table = tomllib.loads(path.read_text(encoding="utf-8"))
    default = table.get("default", 1)
    named = table.get("exercises", {})
    names = {ex.name for exercises in exercises_by_chapter().values() for ex in exercises}
    unknown = sorted(set(named) - names)
    if unknown:
        raise SystemExit(f"{path.name} names no exercise: {unknown}")
    bad = {name: value for name, value in {"default": default, **named}.items()
           if not isinstance(value, int | float) or isinstance(value, bool) or value < 0}
    if bad:
        raise SystemExit(f"{path.name}: points must be numbers >= 0, got {bad}")
    return {name: named.get(name, default) for name in names}


# --------------------------------------------------------------------------- the notebooks

def uses_a_solution(cell: dict, solutions: set[str]) -> bool:
    if cell["cell_type"] != "code":
        return False
    return any(re.search(rf"\b{re.escape(name)}_solution\b", code_source(cell)) for name in solutions)


def without_solutions_section(cell: dict) -> dict:
    """A markdown cell without its "Solutions" heading and that section's words (to the next heading)."""
    if cell["cell_type"] != "markdown":
        return cell
    text = SOLUTIONS_SECTION.sub("", code_source(cell)).rstrip()
    return {**cell, "source": text + "\n" if text else ""}


def student_notebook(nb: dict, chapter: int) -> dict:
    """The chapter without its solution cells, any cell that runs a solution (with its output),
    or the heading and words that introduce the solutions."""
    solutions = solution_names(nb)
    nb = copy.deepcopy(nb)
    cells = [without_solutions_section(cell) for cell in nb["cells"] if not uses_a_solution(cell, solutions)]
    nb["cells"] = [cell for cell in cells if cell["cell_type"] != "markdown" or cell["source"]]
    nb["metadata"][METADATA_KEY] = {"chapter": chapter, "edition": "student"}
    return nb


def solutions_notebook(nb: dict, chapter: int) -> dict:
    """The chapter as committed, its solution cells unfolded."""
    nb = copy.deepcopy(nb)
    for cell in nb["cells"]:
        if cell["cell_type"] == "code" and SOLUTION_DEF.search(code_source(cell)):
            cell["metadata"].get("jupyter", {}).pop("source_hidden", None)
            if cell["metadata"].get("jupyter") == {}:
                del cell["metadata"]["jupyter"]
    nb["metadata"][METADATA_KEY] = {"chapter": chapter, "edition": "solutions"}
    return nb


def write_notebook(nb: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------- the autograder

TEST_FILE = '''\
"""Exercise {name!r} of chapter {chapter} ({kind}): the course's own checker on the student's {name}_mine.

Generated by scripts/teacher.py from lrlib.checks; points from teacher/points.toml. The
checker draws fresh random cases at each run, so a table of answers does not pass.
"""

from otter.test_files import test_case

import lrlib.checks.engine
from lrlib.checks import check_{name}

OK_FORMAT = False
# A grading machine runs many notebooks at once: each case of the check may take this long
# (the notebooks' own checks give {laptop:g} s).
lrlib.checks.engine.TIMEOUT_SECONDS = {grading:g}

name = {name!r}
points = {points!r}


@test_case(hidden=True)
def test_{name}({name}_mine):
    assert {name}_mine is not None, (
        "✘ Not yet: {name}_mine is not in the notebook.\\n"
        "  Hint: keep the exercise's cell `def {name}_mine(...)` and write your code in it."
    )
    result = check_{name}({name}_mine)
    assert result.passed, result.message
'''


def write_tests(chapter: Chapter, folder: Path, points: dict[str, float]) -> list[Path]:
    """One otter test file per exercise of ``chapter`` in ``folder``."""
    kinds = {ex.name: ex.kind for ex in exercises_by_chapter()[chapter.number]}
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in chapter.exercises:
        path = folder / f"{name}.py"
        text = TEST_FILE.format(name=name, chapter=chapter.number, kind=kinds[name], points=points[name],
                                laptop=TIMEOUT_SECONDS, grading=GRADING_CASE_SECONDS)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def autograder_zip(chapter: Chapter, out: Path, points: dict[str, float]) -> Path:
    """Gradescope's zip for ``chapter``, by otter-grader's ``otter generate``.

    It ships lrlib as a support file (otter copies it beside the submission, where the
    notebook imports it) and Binder's requirements; hidden tests' results (the hints) are
    shown to students once grades are published.
    """
    from otter.generate import main as otter_generate

    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lrlib-autograder-") as tmp:
        staging = Path(tmp)
        write_tests(chapter, staging / "tests", points)
        shutil.copytree(REPO / "lrlib", staging / "lrlib",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        requirements = staging / "requirements.txt"  # otter adds its own pin of otter-grader
        requirements.write_text("".join(line for line in AUTOGRADER_REQUIREMENTS.read_text().splitlines(True)
                                        if not line.startswith("otter-grader")), encoding="utf-8")
        config = staging / "otter_config.json"
        config.write_text(json.dumps({"lang": "python", "show_hidden": True, "pdf": False}), encoding="utf-8")
        with contextlib.chdir(staging):  # otter takes support files relative to the working directory
            otter_generate(tests_dir="tests", output_path=str(out.resolve()), config=str(config),
                           requirements=str(requirements), no_environment=True,
                           files=["lrlib"], python_version=AUTOGRADER_PYTHON)
    return out


# --------------------------------------------------------------------------- the build

def build(out: Path = DIST) -> dict[str, float]:
    """Write the edition into ``out`` (emptied first); returns seconds per part."""
    started = time.perf_counter()
    course = course_chapters()
    points = points_table()
    if out.exists():
        shutil.rmtree(out)
    seconds = {}
    for chapter in course:
        nb = json.loads(chapter.path.read_text(encoding="utf-8"))
        write_notebook(student_notebook(nb, chapter.number), out / "student" / chapter.path.name)
        write_notebook(solutions_notebook(nb, chapter.number), out / "solutions" / chapter.path.name)
        tick = time.perf_counter()
        autograder_zip(chapter, out / "autograder" / f"{chapter.stem}.zip", points)
        seconds[chapter.stem] = time.perf_counter() - tick
    (out / "README.md").write_text(edition_readme(course, points), encoding="utf-8")
    seconds["total"] = time.perf_counter() - started
    return seconds


def edition_readme(course: list[Chapter], points: dict[str, float]) -> str:
    lines = ["# The teacher's edition", "",
             "Built by `python tasks.py teacher` from the committed chapters: never edit these files.", "",
             "- `student/`: hand these out (no solutions; the checkers still give hints).",
             "- `solutions/`: the chapters with their solution cells unfolded.",
             "- `autograder/NN-*.zip`: upload to Gradescope (otter-grader), one per chapter.", "",
             "| chapter | exercises (points) |", "| --- | --- |"]
    for chapter in course:
        listed = ", ".join(f"`{name}_mine` ({points[name]:g})" for name in chapter.exercises)
        lines.append(f"| {chapter.stem} | {listed} |")
    return "\n".join(lines) + "\n"


RUN_ALL_TIMES = REPO / "benchmarks" / "notebook_times.json"  # written by notebook_times.py --record
# The page's prose is docs/teachers.md; the table of chapters is made here, into its marked place.
TEACHERS_PAGE = REPO / "docs" / "teachers.md"
TABLE_MARK = "<!-- made when the site is built: scripts/teacher.py, teachers_page() -->"


def teachers_page() -> str:
    """The website's "For teachers" page: docs/teachers.md with its table made from the course itself."""
    course = course_chapters()
    points = points_table()
    kinds = {ex.name: ex.kind for exercises in exercises_by_chapter().values() for ex in exercises}
    times = json.loads(RUN_ALL_TIMES.read_text()) if RUN_ALL_TIMES.is_file() else {"seconds": {}}
    rows = []
    for chapter in course:
        seconds = times["seconds"].get(chapter.stem)
        run_all = f"{seconds:.0f}" if seconds is not None else "not measured yet"
        listed = "<br>".join(f"`{name}_mine` ({kinds[name]}, {points[name]:g} pt)"
                             for name in chapter.exercises)
        link = f"{{doc}}`{chapter.number} </notebooks/{chapter.stem}>`"
        rows.append(f"| {link} | {listed} | {chapter.prose_words:,} | {chapter.code_lines} | {run_all} |")
    measured = (f"measured by `python benchmarks/notebook_times.py --record` on {times['cores']} cores, "
                f"{times['date']}") if "date" in times else "not measured yet"
    total = sum(len(ch.exercises) for ch in course)
    table = "\n".join([f"{len(course)} chapters, {total} exercises; Run All {measured}.", "",
                       "| chapter | exercises (kind, points) | prose (words) | code (lines) | Run All (s) |",
                       "| --- | --- | --- | --- | --- |",
                       *rows])
    text = TEACHERS_PAGE.read_text(encoding="utf-8")
    wrote_here = (f"{TABLE_MARK}\n\nThe table of chapters, their exercises, kinds and points is on the "
                  "website's version of this page.")
    if wrote_here not in text:
        raise SystemExit(f"{TEACHERS_PAGE.name} lost its table's place: {TABLE_MARK}")
    return text.replace(wrote_here, table)




def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DIST)
    args = parser.parse_args(argv)
    seconds = build(args.out.resolve())
    print(f"teacher's edition built in {seconds['total']:.1f} s: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
