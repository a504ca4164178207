"""The compatibility tracks: the versions pyproject.toml declares, tested.

Usage (``python tasks.py test-compat`` and ``make test-compat`` call it; ``.ci/run`` does,
after ``make test``)::

    python scripts/compat.py                      # every track: oldest, then newest on 3.12 and 3.13
    python scripts/compat.py --tracks oldest 3.13 # some of them
    python scripts/compat.py --fresh              # rebuild their environments first

``make test`` is the *pinned* track: requirements.txt's exact versions, strict nbval. This
script runs the two others, each in a virtual environment of its own under ``.compat/``:

- *oldest*: the oldest Python ``requires-python`` allows (3.11) with exactly the floor
  (``==``) of every runtime dependency pyproject.toml declares, and of statsmodels (the
  tests' and chapter 10's reference) and ipywidgets (chapter 2's sliders) from its
  ``notebooks`` extra;
- *newest*: Python 3.12 and 3.13, each with the newest release of the same packages, no pins.

Neither has PyTorch (its wheels are gigabytes), so both are torch-free. They run lrlib's
unit tests and doctests, ``pytest -p no:cacheprovider tests lrlib``: pyproject's addopts
still apply (doctests, strict markers, warnings as errors; nbval's options collect no
notebook, as none is named), and ``LRLIB_COMPAT=torch-free`` tells conftest.py to leave
out the modules that need torch (anywhere else a missing torch stops the session). Then
they execute every chapter that needs no torch (``course.uses_torch``) top to bottom. A
chapter passes when every cell runs (every ``# Check:`` cell and assert holds) and every
cell whose stored output holds a ✔ prints one again; outputs are not compared otherwise,
since other versions may print other digits. A cell that now writes to stderr (a
warning) is reported, as information. The test tools (pytest, nbclient, …) are the newest
that fit, in both tracks (but for ``NEWEST_ONLY_TOOLS``, a reference whose own floors lie
above lrlib's: the oldest track goes without it, and its comparisons skip). Among the
tests, tests/test_wheel.py checks that a chapter's install line on Colab adds lrlib alone:
in the newest track, that recent everything needs no upgrade (or downgrade) for lrlib.

Left out of the tracks' tests, as they check the pinned course tooling, not lrlib's
versions:

- ``tests/e2e``: drives JupyterLab in a browser (Playwright, Chromium, the pinned JupyterLab);
- ``tests/test_exercise_imports.py``: reads every chapter's imports above its exercises (a
  property of the notebooks, checked by ``make test``), importing each checker, PyTorch's too;
- ``tests/test_teacher.py``: builds the teacher's edition and grades notebooks with the pinned
  otter-grader, course tooling that the tracks do not install;
- ``tests/test_solution_isolation.py``: executes every chapter, the torch ones too, in a
  kernel to ask about the learner's stubs (a property of the notebooks, checked by ``make
  test``; six minutes of a track's time);
- ``test_jupyterlab_overrides_name_real_settings`` (tests/test_launch_files.py): reads the
  settings schemas of the pinned JupyterLab, which the tracks do not install;
- ``notebooks/``: strict nbval compares every stored output, which other versions need not
  reproduce; the chapters are executed instead, as above.

An environment is reused while its fingerprint (pyproject.toml, the track's requirements
and Python, and for newest the date: "newest" changes daily) is unchanged. A Python that
is missing is reported in one line, how to install it included; the track then fails
only with ``LRLIB_COMPAT_REQUIRED=1`` (``.ci/run`` sets it). Each track ends with a
one-line verdict naming the versions it used; exit status 1 if any track failed.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from course import REPO, chapters, uses_torch

ENVIRONMENTS = REPO / ".compat"
BIN = "Scripts" if os.name == "nt" else "bin"  # where a virtual environment keeps its programs
NEWEST_PYTHONS = ("3.12", "3.13")
# the notebooks extra's packages that tests and chapters need beyond lrlib's own dependencies
NOTEBOOK_PACKAGES = ("statsmodels", "ipywidgets")
# what the tests and the chapter runner import, and pyproject's pytest addopts name (nbval,
# pytest-randomly); pyproject's build requirements are added (lrlib is built without isolation)
TOOLS = ("pytest", "pytest-randomly", "nbval", "hypothesis", "psutil", "pandas", "jsonschema",
         "colorspacious", "tqdm", "nbformat", "nbclient", "nbconvert", "ipykernel", "firthmodels",
         "MLstatkit")
# firthmodels (chapter 11's reference for Firth's method) needs scipy 1.12, above lrlib's floor: the
# oldest track goes without it, and the tests and the chapter skip that one comparison there
NEWEST_ONLY_TOOLS = ("firthmodels",)
LEFT_OUT = ("tests/e2e", "tests/test_solution_isolation.py", "tests/test_teacher.py",
            "tests/test_exercise_imports.py",
            "tests/test_launch_files.py::test_jupyterlab_overrides_name_real_settings")
TICK = "✔"
CELL_TIMEOUT = 300  # seconds, as nbval's in pyproject.toml
REQUIRED = "LRLIB_COMPAT_REQUIRED"


# --------------------------------------------------------------------------- the tracks

@dataclass(frozen=True)
class Track:
    """One compatibility track: a Python, the packages to test and where its environment lives."""

    name: str  # "oldest" or "newest"
    python: str  # "3.11"
    requirements: tuple[str, ...]  # "numpy==1.26.0" (oldest) or "numpy" (newest)
    tools: tuple[str, ...] = TOOLS

    @property
    def folder(self) -> Path:
        return ENVIRONMENTS / ("oldest" if self.name == "oldest" else f"py{self.python}")

    @property
    def interpreter(self) -> Path:
        """The environment's Python."""
        return self.folder / BIN / ("python.exe" if os.name == "nt" else "python")

    @property
    def packages(self) -> list[str]:
        return [re.split(r"[=<>]", requirement)[0] for requirement in self.requirements]


def floors(pyproject: dict) -> dict[str, str]:
    """Each runtime dependency of lrlib and each NOTEBOOK_PACKAGES entry -> its floor (``>=``)."""
    project = pyproject["project"]
    wanted = list(project["dependencies"])
    for requirement in project["optional-dependencies"]["notebooks"]:
        if re.split(r"[<>=!~ ]", requirement)[0] in NOTEBOOK_PACKAGES:
            wanted.append(requirement)
    found = {}
    for requirement in wanted:
        match = re.fullmatch(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*>=\s*([0-9][0-9A-Za-z.]*)\s*", requirement)
        if not match:
            raise ValueError(f"pyproject.toml: {requirement!r} is not a plain floor (name>=version)")
        found[match[1]] = match[2]
    return found


def oldest_python(pyproject: dict) -> str:
    """The Python ``requires-python`` starts at: ">=3.11" -> "3.11"."""
    match = re.fullmatch(r"\s*>=\s*(3\.\d+)\s*", pyproject["project"]["requires-python"])
    if not match:
        raise ValueError("pyproject.toml: requires-python is not a plain floor (>=3.N)")
    return match[1]


def tracks(pyproject: dict) -> list[Track]:
    declared = floors(pyproject)
    tools = (*TOOLS, *pyproject["build-system"]["requires"])
    oldest = Track("oldest", oldest_python(pyproject), tuple(f"{n}=={v}" for n, v in declared.items()),
                   tuple(tool for tool in tools if tool not in NEWEST_ONLY_TOOLS))
    return [oldest, *(Track("newest", version, tuple(declared), tools) for version in NEWEST_PYTHONS)]


def same_version(a: str, b: str) -> bool:
    """Whether two release numbers are one release, as pip compares them: 1.26 is 1.26.0."""
    def release(version: str) -> list[str]:
        parts = version.split(".")
        while len(parts) > 1 and parts[-1] == "0":
            parts.pop()
        return parts
    return release(a) == release(b)


def fingerprint(pyproject: bytes, track: Track, python_version: str, today: datetime.date) -> str:
    """What an environment was built from; another fingerprint means rebuilding it."""
    digest = hashlib.sha256(pyproject)
    digest.update("\n".join([track.name, python_version, *track.requirements, *track.tools]).encode())
    if track.name == "newest":  # the newest releases change from day to day
        digest.update(today.isoformat().encode())
    return digest.hexdigest()


# --------------------------------------------------------------------------- finding a Python

def pyenv_root() -> Path | None:
    """pyenv's folder: $PYENV_ROOT, what ``pyenv root`` says, or ~/.pyenv; None without pyenv."""
    if os.environ.get("PYENV_ROOT"):
        return Path(os.environ["PYENV_ROOT"])
    pyenv = shutil.which("pyenv")
    if pyenv:
        answer = subprocess.run([pyenv, "root"], capture_output=True, text=True)
        if answer.returncode == 0 and answer.stdout.strip():
            return Path(answer.stdout.strip())
    default = Path.home() / ".pyenv"
    return default if default.is_dir() else None


def candidates(version: str, path: str | None, pyenv: Path | None) -> list[Path]:
    """Where a Python ``version`` ("3.12") may be, in the order tried.

    ``python3.12`` on ``path`` first, then pyenv's installed ``3.12.N`` from the newest
    patch release down (a pyenv shim on PATH fails for a version that is not selected,
    so the versions folder is looked into too).
    """
    found = []
    on_path = shutil.which(f"python{version}", path=path)
    if on_path:
        found.append(Path(on_path))
    if pyenv is not None and (pyenv / "versions").is_dir():
        release_name = re.compile(rf"{re.escape(version)}\.(\d+)")  # not 3.13.0t (free-threaded), 3.13-dev
        releases = [d for d in (pyenv / "versions").iterdir() if release_name.fullmatch(d.name)]
        for release in sorted(releases, key=lambda d: int(release_name.fullmatch(d.name)[1]), reverse=True):
            if (release / "bin" / f"python{version}").is_file():
                found.append(release / "bin" / f"python{version}")
    return found


def probe(python: Path) -> str | None:
    """The full version ("3.12.1") of ``python``, or None if it does not run."""
    try:
        answer = subprocess.run([str(python), "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"],
                                capture_output=True, text=True, timeout=60)
    except OSError:
        return None
    return answer.stdout.strip() if answer.returncode == 0 else None


def find_python(version: str, path: str | None = None, pyenv: Path | None = None) -> tuple[Path, str] | None:
    """A Python ``version`` that runs, with its full version, or None."""
    for python in candidates(version, path, pyenv):
        full = probe(python)
        if full is not None and full.rsplit(".", 1)[0] == version:
            return python, full
    return None


# --------------------------------------------------------------------------- reading results

def output_text(cell: dict) -> str:
    """Everything a code cell printed or displayed as text (streams, results, errors)."""
    parts = []
    for output in cell.get("outputs", []):
        if "text" in output:
            parts.append("".join(output["text"]))
        for mime, value in output.get("data", {}).items():
            if mime.startswith("text/"):
                parts.append("".join(value))
        if output.get("output_type") == "error":
            parts.append(f"{output.get('ename')}: {output.get('evalue')}")
    return "\n".join(parts)


def stderr_text(cell: dict) -> str:
    return "".join("".join(o["text"]) for o in cell.get("outputs", [])
                   if o.get("output_type") == "stream" and o.get("name") == "stderr")


def ticks(stored: list[dict], new: list[dict]) -> tuple[int, list[int]]:
    """How many cells whose stored output holds a ✔ print one again, and the indices of those that do not."""
    held, lost = 0, []
    for index, (before, after) in enumerate(zip(stored, new, strict=True)):
        if before["cell_type"] == "code" and TICK in output_text(before):
            if TICK in output_text(after):
                held += 1
            else:
                lost.append(index)
    return held, lost


def new_stderr(stored: list[dict], new: list[dict]) -> list[tuple[int, str]]:
    """Cells that write to stderr what they did not when stored: (index, the first line of it)."""
    found = []
    for index, (before, after) in enumerate(zip(stored, new, strict=True)):
        text = stderr_text(after).strip()
        if text and text != stderr_text(before).strip():
            found.append((index, text.splitlines()[0][:200]))
    return found


def cell_seconds(cell: dict) -> float:
    """How long a cell ran, from the timestamps nbclient records (0 if it did not run)."""
    timing = cell.get("metadata", {}).get("execution", {})
    if "iopub.status.busy" not in timing or "shell.execute_reply" not in timing:
        return 0.0
    start, end = (datetime.datetime.fromisoformat(timing[key].replace("Z", "+00:00"))
                  for key in ("iopub.status.busy", "shell.execute_reply"))
    return (end - start).total_seconds()


def test_counts(junit_xml: str) -> dict[str, int]:
    """passed, failed (failures and errors) and skipped, from pytest's JUnit XML report."""
    root = ET.fromstring(junit_xml)
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    total = {key: sum(int(suite.get(key, 0)) for suite in suites)
             for key in ("tests", "failures", "errors", "skipped")}
    failed, skipped = total["failures"] + total["errors"], total["skipped"]
    return {"passed": total["tests"] - failed - skipped, "failed": failed, "skipped": skipped}


def pip_errors(stderr: str) -> str:
    """pip's account of a failure: its ERROR lines, else a build's exception, else its last line."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    errors = ([line.removeprefix("ERROR: ") for line in lines if line.startswith("ERROR:")]
              or [line for line in lines if re.match(r"[A-Za-z_.]*(Error|Exception): ", line)])
    return "; ".join(errors[:2]) if errors else (lines[-1] if lines else "no message")


# --------------------------------------------------------------------------- verdicts

@dataclass
class Outcome:
    """What a track found, for its verdict."""

    track: Track
    python: str = ""  # the full version that ran, "" if none was found
    versions: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # each one fails the track
    missing: str = ""  # why the track could not run (no Python)
    tests: dict[str, int] = field(default_factory=dict)
    chapters: int = 0
    chapters_failed: int = 0
    held: int = 0
    lost: int = 0
    seconds: float = 0.0

    def passed(self, required: bool) -> bool:
        if self.missing:
            return not required
        return not (self.problems or self.tests.get("failed") or self.chapters_failed or self.lost)


def duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"


def verdict(outcome: Outcome, required: bool) -> str:
    """One line: the track, the versions it used, PASS / FAIL / MISSING and what it counted."""
    if outcome.missing:
        state = "FAIL" if required else "MISSING"
        why = f" ({REQUIRED}=1)" if required else ""
        return f"{outcome.track.name} (Python {outcome.track.python}): {state} - {outcome.missing}{why}"
    used = ", ".join(f"{name} {version}" for name, version in outcome.versions.items())
    head = f"{outcome.track.name} (Python {outcome.python}{'; ' + used if used else ''})"
    counts = []
    tests = outcome.tests
    if tests:
        ran = tests["passed"] + tests["failed"]
        counts.append(f"{tests['failed']} of {ran} tests failed" if tests["failed"]
                      else f"{tests['passed']} tests passed ({tests['skipped']} skipped)")
    if outcome.chapters:
        failed = outcome.chapters_failed
        counts.append(f"{failed} of {outcome.chapters} chapters failed" if failed
                      else f"{outcome.chapters} chapters executed")
        counts.append(f"{outcome.held} {TICK} held" + (f", {outcome.lost} lost" if outcome.lost else ""))
    if outcome.problems:
        counts = [*outcome.problems, *counts]
    state = "PASS" if outcome.passed(required) else "FAIL"
    return f"{head}: {state} - {', '.join(counts)}; {duration(outcome.seconds)}"


# --------------------------------------------------------------------------- running a track

def child_env(folder: Path) -> dict[str, str]:
    """The environment of the track's commands: its own Python first on PATH, torch-free tests."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["PATH"] = f"{folder / BIN}{os.pathsep}{env.get('PATH', '')}"
    env["LRLIB_COMPAT"] = "torch-free"
    return env


def call(command: list, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(part) for part in command], cwd=REPO, text=True, **kwargs)


def build(track: Track, python: Path, full_version: str, *, fresh: bool) -> str | None:
    """Create the track's environment, unless one with the same fingerprint is there; a problem or None."""
    folder = track.folder
    stamp = folder / ".fingerprint"
    wanted = fingerprint((REPO / "pyproject.toml").read_bytes(), track, full_version, datetime.date.today())
    if not fresh and stamp.is_file() and stamp.read_text() == wanted:
        print(f"{track.folder.relative_to(REPO)}: reused (same fingerprint; --fresh rebuilds it)", flush=True)
        return None
    print(f"{track.folder.relative_to(REPO)}: building with Python {full_version}", flush=True)
    shutil.rmtree(folder, ignore_errors=True)
    env = child_env(folder)
    made = call([python, "-m", "venv", folder], capture_output=True)
    if made.returncode:
        return f"cannot create a virtual environment: {pip_errors(made.stderr)}"
    pip = [track.interpreter, "-m", "pip"]
    call([*pip, "install", "--quiet", "--upgrade", "pip"], env=env, capture_output=True)  # or keep the old
    # A floor must install as a wheel: one that only builds from source is not a floor a learner has.
    binary = ["--only-binary", ",".join(track.packages)] if track.name == "oldest" else []
    # --upgrade: a new environment holds its Python's bundled setuptools, which may be too old to build lrlib
    installed = call([*pip, "install", "--quiet", "--upgrade", *binary, *track.requirements, *track.tools],
                     env=env, capture_output=True)
    if installed.returncode:
        return install_problem(track, pip, env, installed.stderr)
    lrlib = call([*pip, "install", "--quiet", "--no-deps", "--no-build-isolation", "-e", REPO], env=env,
                 capture_output=True)
    if lrlib.returncode:
        return f"pip cannot install lrlib: {pip_errors(lrlib.stderr)}"
    stamp.write_text(wanted)
    return None


def install_problem(track: Track, pip: list, env: dict[str, str], stderr: str) -> str:
    """Why pip failed, naming the requirement: each is tried alone before blaming the combination."""
    alone = [requirement for requirement in track.requirements
             if call([*pip, "install", "--dry-run", "--quiet", "--no-deps", "--only-binary", ":all:",
                      requirement], env=env, capture_output=True).returncode]
    if alone:
        return f"pip cannot install {', '.join(alone)}: no wheel of it for Python {track.python}"
    return f"pip failed: {pip_errors(stderr)}"


def installed_versions(track: Track) -> dict[str, str]:
    code = ("import importlib.metadata as m, json, sys\n"
            "print(json.dumps({n: m.version(n) for n in sys.argv[1:]}))")
    answer = call([track.interpreter, "-c", code, *track.packages], capture_output=True, check=True)
    return json.loads(answer.stdout)


def leave_out(test: str) -> str:
    """The pytest option that leaves out a module or folder (not even collected), or one test."""
    return f"--deselect={test}" if "::" in test else f"--ignore={test}"


def run_tests(track: Track, outcome: Outcome) -> None:
    junit = track.folder / "pytest.xml"
    junit.unlink(missing_ok=True)
    command = [track.interpreter, "-m", "pytest", "-p", "no:cacheprovider", "-q",
               f"--junitxml={junit}", *map(leave_out, LEFT_OUT), "tests", "lrlib"]
    print("+", " ".join(str(part) for part in command), flush=True)
    done = call(command, env=child_env(track.folder))
    if junit.is_file():
        outcome.tests = test_counts(junit.read_text(encoding="utf-8"))
    if done.returncode not in (0, 1):  # 1: some tests failed (counted); anything else stopped pytest
        why = {2: " (errors while collecting)", 5: " (no test collected)"}.get(done.returncode, "")
        outcome.problems.append(f"pytest stopped with exit status {done.returncode}{why}")
        outcome.tests = {}  # what it counted are collection errors, not tests
    elif not outcome.tests.get("passed"):
        outcome.problems.append("no test passed")


def run_chapters(track: Track, outcome: Outcome) -> None:
    torch_free = [path for path in chapters() if not uses_torch(json.loads(path.read_text(encoding="utf-8")))]
    report = track.folder / "chapters.json"
    report.unlink(missing_ok=True)
    names = ", ".join(path.name[:2] for path in torch_free)
    print(f"executing the chapters that need no PyTorch ({names})", flush=True)
    done = call([track.interpreter, Path(__file__), "chapters", "--report", report, *torch_free],
                env=child_env(track.folder), capture_output=True)
    if not report.is_file():
        outcome.problems.append("the chapter runner failed")
        print(done.stdout, done.stderr, sep="\n")
        return
    for chapter in json.loads(report.read_text(encoding="utf-8")):
        outcome.chapters += 1
        name = chapter["chapter"]
        if chapter["error"]:
            outcome.chapters_failed += 1
            print(f"  {name}: FAILED at {chapter['error']}")
            continue
        outcome.held += chapter["held"]
        outcome.lost += len(chapter["lost"])
        lost = ", ".join(f"Cell {index}" for index in chapter["lost"])
        lost = f", {TICK} lost in {lost}" if lost else ""
        index, slowest = chapter["slowest"]
        outside = chapter["seconds"] - chapter["in_cells"]
        # a kernel slow to start or to stop shows here
        outside = f", {outside:.0f} s outside the cells" if outside > 30 else ""
        print(f"  {name}: {chapter['seconds']:.1f} s (slowest Cell {index}: {slowest:.1f} s{outside}), "
              f"{chapter['held']} {TICK} held{lost}")
        for index, line in chapter["stderr"]:
            print(f"    information: Cell {index} now writes to stderr: {line}")
    if not outcome.chapters:
        outcome.problems.append("no chapter ran")


def run_track(track: Track, *, fresh: bool) -> Outcome:
    start = time.perf_counter()
    outcome = Outcome(track)
    root = pyenv_root()
    found = find_python(track.python, pyenv=root)
    if found is None:
        where = f"on PATH or under {root / 'versions'}" if root else "on PATH (and no pyenv)"
        outcome.missing = (f"no python{track.python} {where}; install it with `pyenv install {track.python}` "
                           f"or from python.org")
        return outcome
    python, outcome.python = found
    print(f"\n=== {track.name}: Python {outcome.python} ({python})", flush=True)
    problem = build(track, python, outcome.python, fresh=fresh)
    print(f"environment ready after {duration(time.perf_counter() - start)}", flush=True)
    if problem:
        outcome.problems.append(problem)
    else:
        outcome.versions = installed_versions(track)
        if track.name == "oldest":
            outcome.problems += [f"{name} {outcome.versions[name]} is installed, not the floor {version}"
                                 for name, version in (r.split("==") for r in track.requirements)
                                 if not same_version(outcome.versions[name], version)]
        run_tests(track, outcome)
        print(f"tests done after {duration(time.perf_counter() - start)}", flush=True)
        run_chapters(track, outcome)
    outcome.seconds = time.perf_counter() - start
    return outcome


# --------------------------------------------------------------------------- inside a track's environment

def execute_chapters(paths: list[Path], report: Path) -> None:
    """Execute each chapter (not written back) and record its ✔ and new stderr; runs in the track's Python."""
    import nbformat
    from execute_notebooks import run_cells

    results = []
    for path in paths:
        stored = json.loads(path.read_text(encoding="utf-8"))["cells"]
        nb = nbformat.read(path, as_version=4)
        result = {"chapter": path.stem, "error": "", "seconds": 0.0, "held": 0, "lost": [], "stderr": [],
                  "slowest": [0, 0.0], "in_cells": 0.0}
        start = time.perf_counter()
        try:
            run_cells(nb, path.parent, timeout=CELL_TIMEOUT, record_timing=True)
        except Exception as error:  # a failed cell, a timeout, a dead kernel: each fails the chapter
            failed = next((i for i, cell in enumerate(nb.cells)
                           if any(o.get("output_type") == "error" for o in cell.get("outputs", []))), None)
            where = f"Cell {failed}: " if failed is not None else ""
            name = getattr(error, "ename", type(error).__name__)
            message = str(getattr(error, "evalue", error)).strip().splitlines() or [""]
            result["error"] = f"{where}{name}: {message[0][:300]}"
        else:
            # only a chapter executed to its end is compared: cells after a failure keep their stored outputs
            new = json.loads(nbformat.writes(nb))["cells"]
            result["held"], result["lost"] = ticks(stored, new)
            result["stderr"] = new_stderr(stored, new)
        # where the time went: the slowest cell, and the kernel's start and stop outside the cells
        result["seconds"] = time.perf_counter() - start
        seconds = [cell_seconds(cell) for cell in nb.cells]
        result["in_cells"] = sum(seconds)
        slowest = max(range(len(seconds)), key=seconds.__getitem__, default=0)
        result["slowest"] = [slowest, seconds[slowest] if seconds else 0.0]
        print(f"{path.name}: {'failed' if result['error'] else 'executed'}", flush=True)
        results.append(result)
    report.write_text(json.dumps(results, indent=1), encoding="utf-8")


# --------------------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true", help="rebuild the environments")
    parser.add_argument("--tracks", nargs="+", choices=["oldest", "newest", *NEWEST_PYTHONS],
                        default=["oldest", "newest"], help="newest means every newest Python")
    commands = parser.add_subparsers(dest="command")
    inside = commands.add_parser("chapters", help="(run by the tracks in their environment)")
    inside.add_argument("--report", type=Path, required=True)
    inside.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    if args.command == "chapters":
        execute_chapters(args.notebooks, args.report)
        return 0

    required = os.environ.get(REQUIRED) == "1"
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    chosen = [track for track in tracks(pyproject)
              if track.name in args.tracks or (track.name == "newest" and track.python in args.tracks)]
    verdicts = []
    ok = True
    for track in chosen:
        outcome = run_track(track, fresh=args.fresh)
        line = verdict(outcome, required)
        print(line, flush=True)
        verdicts.append(line)
        ok &= outcome.passed(required)
    print("\ncompatibility tracks:", *verdicts, sep="\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
