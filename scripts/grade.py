"""Grade returned notebooks offline (``python tasks.py grade SUBMISSIONS_DIR``).

Usage::

    python scripts/grade.py SUBMISSIONS_DIR [--out DIR] [--chapter N] [--jobs N] [--timeout S]

Every ``*.ipynb`` under SUBMISSIONS_DIR is a submission: ``alice.ipynb`` is Alice's, and so
is every notebook in ``alice/``. Each is graded in a kernel of its own, in a process of its
own with a time limit, several at once (``--jobs``). A cell that loops for ever is interrupted
at ``--cell-timeout``; ``sys.exit()`` and ``exit()`` stop their cell only; a cell that ends the
kernel (``os._exit``) is left out and the notebook graded again; whatever is left costs that
student's notebook its ``--timeout``, never the others their grades. The grades come from the
autograder's own test files (:func:`teacher.write_tests`, run by otter-grader), which call
the course's checkers: a grade and its hint are the same check.

In the kernel run the chapter's first code cell (the imports) and every code cell from the
exercises' heading on (stubs, the student's own cells), not the chapter's body, which only
costs time (``--run-all`` runs every cell, as Gradescope does). Cells that only call a
checker are skipped: the tests call it.

Writes ``grades.csv`` (student, chapter, exercise, points, max_points, problem) and
``feedback/STUDENT.html``, each exercise not passed with the checker's hint. A notebook that
is not one (bad JSON), is another chapter's (``--chapter``, or its file name ``NN-...``, says
which is expected) or lacks an exercise gets its rows with the reason, never a crash.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import csv
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import teacher

SCRIPT = Path(__file__).resolve()
RESULT_MARK = "@@lrcourse-grades@@"
CHECK_ONLY = re.compile(r"\s*check_\w+\(\s*\w+\s*\)\s*;?\s*")
EXERCISES_HEADING = re.compile(r"^#+\s*Exercises\b", re.M)


@dataclass
class Submission:
    student: str
    path: Path
    chapter: int | None = None  # the chapter it is graded as
    problem: str | None = None  # why it cannot be graded at all
    rows: list[dict] = field(default_factory=list)


# --------------------------------------------------------------------------- which notebook is which

def student_of(path: Path, folder: Path) -> str:
    parts = path.relative_to(folder).parts
    return parts[0] if len(parts) > 1 else path.stem


def chapter_of(nb: dict, course: dict[int, teacher.Chapter]) -> int | None:
    """The chapter a notebook is: its edition's metadata, else the chapter whose stubs it holds most."""
    number = nb.get("metadata", {}).get(teacher.METADATA_KEY, {}).get("chapter")
    if isinstance(number, int) and number in course:
        return number
    stubs = set(teacher.stub_names(nb))
    overlap = {n: len(stubs & set(ch.exercises)) for n, ch in course.items()}
    best = max(overlap, key=overlap.get, default=None)
    return best if best is not None and overlap[best] else None


def read_submission(path: Path, folder: Path, course: dict[int, teacher.Chapter],
                    expected: int | None) -> Submission:
    submission = Submission(student_of(path, folder), path, expected)
    named = re.match(r"(\d\d)-", path.name)
    if expected is None and named and int(named[1]) in course:
        expected = submission.chapter = int(named[1])
    try:
        import nbformat

        with warnings.catch_warnings():  # a notebook of an older Jupyter (cells without ids) is fine
            warnings.simplefilter("ignore")
            nb = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
    except Exception as exc:  # any way of not being a notebook: bad JSON, bad encoding, bad schema
        submission.problem = f"not a valid notebook ({type(exc).__name__}: {str(exc)[:150]})"
        return submission
    actual = chapter_of(nb, course)
    if actual is None:
        submission.problem = "not a notebook of the course (no exercise of any chapter in it)"
    elif expected is not None and actual != expected:
        submission.problem = f"chapter {actual}'s notebook, handed in for chapter {expected}"
    else:
        submission.chapter = actual
    return submission


# --------------------------------------------------------------------------- the kernel (worker side)

def graded_cells(nb, run_all: bool) -> list:
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    if run_all:
        return code
    start = next((i for i, cell in enumerate(nb.cells)
                  if cell.cell_type == "markdown" and EXERCISES_HEADING.search(cell.source)), None)
    later = nb.cells[start:] if start is not None else nb.cells
    chosen = code[:1] + [cell for cell in later if cell.cell_type == "code" and cell not in code[:1]]
    return [cell for cell in chosen if not CHECK_ONLY.fullmatch(cell.source)]


# otter's own test runner, without what ``import otter`` and ``import otter.test_files`` bring
# along (its exporters, API and nbformat: seconds per kernel): empty packages stand in for those
# two unless the notebook imported otter itself. The test files import ``test_case`` from there.
GRADING_CELL = '''
import importlib.util as _lrc_util, json as _lrc_json, sys as _lrc_sys, types as _lrc_types
if "otter" not in _lrc_sys.modules:
    _lrc_root = _lrc_util.find_spec("otter").submodule_search_locations[0]
    for _lrc_name, _lrc_dir in (("otter", _lrc_root), ("otter.test_files", _lrc_root + "/test_files")):
        _lrc_sys.modules[_lrc_name] = _lrc_types.ModuleType(_lrc_name)
        _lrc_sys.modules[_lrc_name].__path__ = [_lrc_dir]
from otter.test_files.exception_test import ExceptionTestFile as _LrcTestFile, test_case as _lrc_test_case
_lrc_sys.modules["otter.test_files"].test_case = _lrc_test_case
_lrc_results = []
for _lrc_path in {paths!r}:
    _lrc_file = _LrcTestFile.from_file(_lrc_path)
    _lrc_file.run(globals())
    _lrc_message = "\\n".join(r.message for r in _lrc_file.test_case_results if not r.passed)
    _lrc_results.append({{"exercise": _lrc_file.name, "points": _lrc_file.score,
                          "max_points": _lrc_file.possible, "message": _lrc_message}})
print({mark!r} + _lrc_json.dumps(_lrc_results))
'''


# IPython's exit() and quit() end the kernel after the cell (it asks to be shut down), which
# nbclient does not always notice until the submission's whole time limit has passed: in
# grading they stop their cell instead, as sys.exit() does, and the checks still run.
NO_EXIT_CELL = '''
def exit(*args, **kwargs):
    raise SystemExit("exit() stops this cell only, while the notebook is graded")


quit = exit
'''


def checker_message(otter_message: str) -> str:
    """The checker's words from otter's failure report ("Error at line ... AssertionError: ✘ ...")."""
    _, found, message = otter_message.partition("AssertionError: ")
    return message.strip() if found else otter_message.strip()


def run_in_kernel(nb_path: Path, tests: list[str], cell_timeout: float, run_all: bool, workdir: Path) -> dict:
    """Run the graded cells, then the tests, in a new kernel; a dead kernel starts again without its cell."""
    import nbformat
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError
    from nbval.kernel import CURRENT_ENV_KERNEL_NAME, NbvalKernelspecManager

    class CurrentEnvKernelManager(KernelManager):
        def _kernel_spec_manager_default(self):
            return NbvalKernelspecManager(data_dir=self.data_dir)

    nb = nbformat.read(nb_path, as_version=4)
    cells = graded_cells(nb, run_all)
    skipped = []
    for _attempt in range(5):
        run = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(NO_EXIT_CELL), *cells,
                                              nbformat.v4.new_code_cell(
                                                  GRADING_CELL.format(paths=tests, mark=RESULT_MARK))])
        # no timeout of nbclient's own: a cell's time limit is a timer that interrupts the kernel
        # (nbclient's interrupt_on_timeout left `while True: pass` running, seen with nbclient 0.11)
        client = NotebookClient(run, timeout=None, allow_errors=True,
                                kernel_name=CURRENT_ENV_KERNEL_NAME,
                                kernel_manager_class=CurrentEnvKernelManager,
                                store_widget_state=True, resources={"metadata": {"path": str(workdir)}})
        index = 0
        try:
            client.reset_execution_trackers()
            with client.setup_kernel():  # shuts the kernel down on the way out, dead or alive
                for index, cell in enumerate(run.cells):
                    # the checks themselves (the last cell) have the submission's whole time limit
                    timer = threading.Timer(cell_timeout, client.km.interrupt_kernel)
                    if index <= len(cells):
                        timer.start()
                    try:
                        client.execute_cell(cell, index)
                    finally:
                        timer.cancel()
        except DeadKernelError:  # os._exit(), a crash: grade again without that cell
            if index > len(cells):
                return {"problem": "the kernel died while the checks ran"}
            if index == 0:
                return {"problem": "the kernel died before the notebook ran"}
            skipped.append(f"cell {index}: {cells.pop(index - 1).source.strip()[:60]!r}")
            continue
        printed = "".join(out.get("text", "") for out in run.cells[-1].outputs if out.output_type == "stream")
        found = [line for line in printed.splitlines() if line.startswith(RESULT_MARK)]
        if not found:
            return {"problem": "the checks did not run to the end in the kernel"}
        results = json.loads(found[-1][len(RESULT_MARK):])
        for result in results:
            result["message"] = checker_message(result["message"])
        note = f"skipped what stopped the kernel, {'; '.join(skipped)}" if skipped else None
        return {"results": results, "note": note}
    return {"problem": "the notebook stopped its kernel again and again"}


# --------------------------------------------------------------------------- grading (parent side)

def grade_one(submission: Submission, tests: list[str], timeout: float, cell_timeout: float,
              run_all: bool) -> dict:
    """Grade in a worker process with a time limit; the worker and its kernel are ended at the limit."""
    import psutil

    with tempfile.TemporaryDirectory(prefix="lrcourse-grade-") as tmp:
        result_path, workdir = Path(tmp) / "result.json", Path(tmp) / "work"
        workdir.mkdir()
        command = [sys.executable, str(SCRIPT), "--worker", str(submission.path),
                   "--result", str(result_path),
                   "--workdir", str(workdir), "--cell-timeout", str(cell_timeout),
                   *(["--run-all"] if run_all else []), "--tests", *tests]
        # the kernel's connection file goes here too, so a kernel ended at the time limit leaves nothing
        env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(Path(tmp) / "runtime")}
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                   env=env)
        try:
            _, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            family = psutil.Process(process.pid).children(recursive=True) + [psutil.Process(process.pid)]
            for member in family:
                try:
                    member.kill()
                except psutil.NoSuchProcess:
                    pass
            psutil.wait_procs(family, timeout=10)
            process.communicate()
            return {"problem": f"grading took longer than {timeout:g} s (an endless loop?) and was stopped"}
        if not result_path.is_file():
            last = (err or "").strip().splitlines()[-1:] or ["no output"]
            return {"problem": f"the grader stopped ({last[0][:200]})"}
        return json.loads(result_path.read_text(encoding="utf-8"))


def rows_for(submission: Submission, chapter: teacher.Chapter | None, points: dict[str, float],
             outcome: dict) -> list[dict]:
    base = {"student": submission.student, "chapter": chapter.number if chapter else "",
            "file": submission.path.name}
    problem = submission.problem or outcome.get("problem")
    if chapter is None:
        return [{**base, "exercise": "", "points": 0.0, "max_points": "", "problem": problem,
                 "message": problem}]
    results = {r["exercise"]: r for r in outcome.get("results", [])}
    rows = []
    for name in chapter.exercises:
        result = results.get(name)
        if problem or result is None:
            why = problem or "not graded"
            rows.append({**base, "exercise": name, "points": 0.0, "max_points": float(points[name]),
                         "problem": why, "message": why})
            continue
        message = result["message"]
        first = message.splitlines()[0] if message else ""
        if outcome.get("note") and first:
            message += f"\n({outcome['note']})"
        rows.append({**base, "exercise": name, "points": float(result["points"]),
                     "max_points": float(result["max_points"]), "problem": first, "message": message})
    return rows


def feedback_page(student: str, rows: list[dict]) -> str:
    who = html.escape(student)
    parts = [f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>Feedback: {who}"
             "</title></head><body>", f"<h1>Feedback for {who}</h1>"]
    for file in dict.fromkeys(r["file"] for r in rows):
        mine = [r for r in rows if r["file"] == file]
        got = sum(float(r["points"] or 0) for r in mine)
        most = sum(float(r["max_points"] or 0) for r in mine)
        chapter = mine[0]["chapter"]
        parts.append(f"<h2>Chapter {html.escape(str(chapter))} ({html.escape(file)}): "
                     f"{got:g} / {most:g}</h2><ul>")
        for row in mine:
            name = f"<code>{html.escape(row['exercise'])}_mine</code>" if row["exercise"] else "the notebook"
            if row["problem"]:
                parts.append(f"<li>✘ {name}: {row['points']:g} / {row['max_points'] or 0:g}"
                             f"<pre>{html.escape(row['message'])}</pre></li>")
            else:
                parts.append(f"<li>✔ {name}: {row['points']:g} / {row['max_points']:g}</li>")
        parts.append("</ul>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def grade(folder: Path, out: Path, *, chapter: int | None = None, jobs: int = 2, timeout: float = 300,
          cell_timeout: float = 60, run_all: bool = False) -> list[dict]:
    """Grade every notebook under ``folder`` into ``out/grades.csv`` and ``out/feedback/``; the rows."""
    course = {ch.number: ch for ch in teacher.course_chapters()}
    if chapter is not None and chapter not in course:
        raise SystemExit(f"--chapter {chapter}: the course has chapters {sorted(course)}")
    points = teacher.points_table()
    paths = sorted(p for p in folder.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts
                   and not p.is_relative_to(out))
    submissions = [read_submission(path, folder, course, chapter) for path in paths]
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="lrcourse-tests-") as tmp:
        tests = {n: [str(p) for p in teacher.write_tests(ch, Path(tmp) / f"{n:02d}", points)]
                 for n, ch in course.items() if any(s.chapter == n and not s.problem for s in submissions)}
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            futures = {id(s): pool.submit(grade_one, s, tests[s.chapter], timeout, cell_timeout, run_all)
                       for s in submissions if not s.problem}
            for submission in submissions:
                outcome = futures[id(submission)].result() if id(submission) in futures else {}
                rows += rows_for(submission, course.get(submission.chapter), points, outcome)
    write_outputs(rows, out)
    return rows


def write_outputs(rows: list[dict], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    columns = ["student", "chapter", "exercise", "points", "max_points", "problem"]
    with open(out / "grades.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    (out / "feedback").mkdir(exist_ok=True)
    for student in dict.fromkeys(r["student"] for r in rows):
        page = feedback_page(student, [r for r in rows if r["student"] == student])
        safe = re.sub(r"[^\w.-]", "_", student)  # a file name whatever the folder was called
        (out / "feedback" / f"{safe}.html").write_text(page, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, nargs="?", help="the returned notebooks (*.ipynb)")
    parser.add_argument("--out", type=Path, help="where grades.csv and feedback/ go (default: FOLDER-grades)")
    parser.add_argument("--chapter", type=int, help="the chapter handed in (default: each file's own)")
    parser.add_argument("--jobs", type=int, default=2, help="submissions graded at once")
    parser.add_argument("--timeout", type=float, default=300, help="seconds one submission may take in all")
    parser.add_argument("--cell-timeout", type=float, default=60, help="seconds one cell may take")
    parser.add_argument("--run-all", action="store_true", help="run every cell, not only the exercises'")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--tests", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker is not None:  # one submission, in this process, for the parent
        outcome = run_in_kernel(args.worker, args.tests, args.cell_timeout, args.run_all, args.workdir)
        args.result.write_text(json.dumps(outcome), encoding="utf-8")
        return 0
    if args.folder is None or not args.folder.is_dir():
        parser.error("give the folder of returned notebooks")
    folder = args.folder.resolve()
    out = (args.out or folder.with_name(folder.name + "-grades")).resolve()
    started = time.perf_counter()
    rows = grade(folder, out, chapter=args.chapter, jobs=args.jobs, timeout=args.timeout,
                 cell_timeout=args.cell_timeout, run_all=args.run_all)
    students = len({r["student"] for r in rows})
    print(f"graded {students} student(s), {len(rows)} row(s) in {time.perf_counter() - started:.1f} s: "
          f"{out / 'grades.csv'}, {out / 'feedback'}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
