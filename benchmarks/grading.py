"""Time the teacher's edition: building it, and grading one chapter for a class.

Usage::

    python benchmarks/grading.py                     # chapter 9, a class of 30
    python benchmarks/grading.py --chapter 7 --students 30 --reference 3

Builds the edition (``scripts/teacher.py``) into a temporary folder, then makes a class of
returned notebooks of one chapter from the chapter itself (``scripts/sample_submissions.py``):
a third with the solutions pasted into the stubs, a third with the stubs untouched, a third
with typical mistakes. They are graded three ways, on all the machine's cores:

- ``tasks.py grade`` as a teacher runs it (``scripts/grade.py --jobs 2``): the chapter's
  imports and its exercises' part only;
- the same with ``--run-all``: every cell of the chapter, as Gradescope runs it;
- the reference, otter-grader's own ``otter run`` with the chapter's autograder zip (what
  Gradescope calls in its container), one notebook at a time, on ``--reference`` of the
  notebooks, its time per notebook multiplied out to the class.

Every grade is checked against what the notebook holds (full marks, nothing, nothing), so a
fast run that grades wrongly is not a result. Nothing is written outside a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))  # scripts/grade.py imports its neighbour teacher.py

import grade  # noqa: E402
import sample_submissions as samples  # noqa: E402

import teacher  # noqa: E402

KINDS = ("solved", "stubs", "mistakes")


def make_class(edition: Path, chapter: teacher.Chapter, students: int, folder: Path) -> dict[str, str]:
    """``students`` returned notebooks of ``chapter`` in ``folder``; each student's kind."""
    from lrlib.checks.engine import all_exercises

    exercises = {ex.name: ex for ex in all_exercises()}
    student = samples.read(edition / "student" / chapter.path.name)
    made = {"solved": samples.solved(student, samples.read(chapter.path)), "stubs": student,
            "mistakes": samples.mistaken(student, exercises)}
    kinds = {}
    for number in range(students):
        name = f"student-{number + 1:02d}"
        kinds[name] = KINDS[number % len(KINDS)]
        samples.write(made[kinds[name]], folder / f"{name}.ipynb")
    return kinds


def wrongly_graded(rows: list[dict], kinds: dict[str, str]) -> list[dict]:
    """Rows whose points are not what the notebook's kind earns (all, or nothing)."""
    return [r for r in rows
            if (r["points"] == r["max_points"]) != (kinds[r["student"]] == "solved") or r["max_points"] == 0]


def otter_run(autograder: Path, notebook: Path, out: Path) -> float:
    """Points ``otter run`` gives ``notebook``."""
    out.mkdir(parents=True)
    subprocess.run([str(Path(sys.executable).with_name("otter")), "run", "--no-logo", "-a", str(autograder),
                    "-o", str(out), str(notebook)], check=True, capture_output=True, text=True)
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    return sum(test.get("score", 0) for test in results["tests"])  # the summary row has none


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chapter", type=int, default=9)
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--reference", type=int, default=3, help="notebooks given to otter run (0: none)")
    args = parser.parse_args(argv)
    course = {ch.number: ch for ch in teacher.course_chapters()}
    chapter = course[args.chapter]
    points = teacher.points_table()
    full = sum(points[name] for name in chapter.exercises)
    print(f"cores: {os.cpu_count()}; chapter {chapter.stem}: {len(chapter.exercises)} exercises, "
          f"{args.students} students")
    failures = 0
    with tempfile.TemporaryDirectory(prefix="lrcourse-bench-") as tmp:
        tmp = Path(tmp)
        started = time.perf_counter()
        teacher.build(tmp / "dist")
        build_seconds = time.perf_counter() - started
        kinds = make_class(tmp / "dist", chapter, args.students, tmp / "returned")
        timings = {}
        for label, run_all in (("tasks.py grade", False), ("tasks.py grade --run-all", True)):
            started = time.perf_counter()
            rows = grade.grade(tmp / "returned", tmp / f"grades-{run_all}", chapter=chapter.number, jobs=2,
                               run_all=run_all)
            timings[label] = time.perf_counter() - started
            wrong = wrongly_graded(rows, kinds)
            failures += bool(wrong)
            print(f"{label}: {timings[label]:.1f} s, {len(rows)} rows, {len(wrong)} graded wrongly "
                  f"{wrong[:2] if wrong else ''}", flush=True)
        if args.reference:
            chosen = sorted(kinds)[:args.reference]
            started = time.perf_counter()
            for name in chosen:
                got = otter_run(tmp / "dist" / "autograder" / f"{chapter.stem}.zip",
                                tmp / "returned" / f"{name}.ipynb", tmp / "otter" / name)
                expected = full if kinds[name] == "solved" else 0
                if abs(got - expected) > 1e-9:
                    failures += 1
                    print(f"otter run gave {name} ({kinds[name]}) {got} points, not {expected}")
            per_notebook = (time.perf_counter() - started) / len(chosen)
            timings[f"otter run, one at a time ({len(chosen)} timed)"] = per_notebook * args.students
    print(f"\n{'':44s} {'seconds':>8s} {'per notebook':>13s}")
    built = f"build the edition ({len(course)} chapters)"
    print(f"{built:44s} {build_seconds:8.1f}")
    for label, seconds in timings.items():
        print(f"{'grade ' + str(args.students) + ': ' + label:44s} {seconds:8.1f} "
              f"{seconds / args.students:13.2f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
