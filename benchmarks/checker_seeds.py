"""How often each exercise's checker turns down a correct answer: the chapters' solutions, many seeds.

Usage::

    python benchmarks/checker_seeds.py                        # every chapter, 100 seeds each
    python benchmarks/checker_seeds.py --seeds 500 notebooks/04-*.ipynb

A checker draws fresh cases at every call, so a learner who runs it ten times meets ten seeds,
and CI meets a new one at every run. Each chapter's solutions are written apart from lrlib's
references (other formulas, other sums, their own rounding), so they stand for a learner's
correct code: run with seeds 0 to N-1, every one must get a ✔. The reference is 0 ✘; anything
else is a checker that fails correct work on some draws (a case too close to call, a tolerance
too tight), with the seeds that draw those cases again.

Each chapter runs in a process of its own (plots to Agg, its printing discarded), so that its
solutions can be called; chapter 7 trains on MNIST as the chapter does (about half a minute).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import multiprocessing
import os
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def chapter_namespace(path: Path) -> dict:
    """The variables of a chapter after all its code cells ran in order (as Run All would)."""
    import matplotlib.pyplot as plt

    nb = json.loads(path.read_text(encoding="utf-8"))
    namespace: dict = {"__name__": "__main__"}
    os.chdir(path.parent)  # where Jupyter runs a notebook
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        # a line magic (only the set-up cell's `%pip`, for a Jupyter without the course) does nothing here
        code = re.sub(r"^(\s*)[%!].*$", r"\1pass", "".join(cell["source"]), flags=re.M)
        with contextlib.redirect_stdout(io.StringIO()):  # the chapter's printing is not this script's output
            try:
                exec(compile(code, f"{path.name}, cell {index}", "exec"), namespace)
            except Exception as error:
                raise SystemExit(f"{path.name}: cell {index} failed: {error!r}") from error
        plt.close("all")
    return namespace


def sweep(path: Path, seeds: int) -> list[tuple[str, list[int], float]]:
    """For each exercise of the chapter: the seeds at which its solution got a ✘, and the seconds."""
    import lrlib.checks
    from lrlib.checks.engine import all_exercises

    namespace = chapter_namespace(path)
    found = []
    for exercise in all_exercises():
        solution = namespace.get(f"{exercise.name}_solution")
        if solution is None:
            continue
        check = getattr(lrlib.checks, f"check_{exercise.name}")
        started = time.perf_counter()
        failed = [seed for seed in range(seeds) if not check(solution, seed=seed)]
        found.append((exercise.name, failed, time.perf_counter() - started))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--seeds", type=int, default=100, help="seeds 0..N-1 per exercise (default 100)")
    args = parser.parse_args(argv)
    os.environ.setdefault("MPLBACKEND", "Agg")
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    header = f"✘ of {args.seeds}"
    print(f"{'exercise':40s} {header:>9s} {'reference':>9s} {'seconds':>8s}  seeds that fail")
    total = 0
    for path in paths:
        print(path.name, flush=True)
        # each chapter in a new process, as in a new kernel: a chapter may change global state
        # (PyTorch's default dtype, NumPy's print options) that the next one does not expect
        with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
            found = pool.submit(sweep, path.resolve(), args.seeds).result()
        for name, failed, seconds in found:
            total += len(failed)
            shown = ", ".join(map(str, failed[:8])) + (" ..." if len(failed) > 8 else "")
            print(f"  {name:38s} {len(failed):9d} {0:9d} {seconds:8.1f}  {shown}", flush=True)
    print(f"correct answers turned down: {total}")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
