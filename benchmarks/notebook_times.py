"""Time each chapter's execution, side by side with its budget.

Usage::

    python benchmarks/notebook_times.py                 # every chapter
    python benchmarks/notebook_times.py notebooks/03-*.ipynb
    python benchmarks/notebook_times.py --record   # also into benchmarks/notebook_times.json

The record (seconds per chapter, the machine's cores, the date) is what the teachers' page
of the website shows as each chapter's Run All time: measured, never typed.

Budgets: 20 s for a chapter; 60 s for chapter 7 (full MNIST, PyTorch) and the appendix that
takes its loop apart; 30 s for chapter 12 (PyTorch's import alone takes about 6 s of it);
Parts I and II (chapters 1-10) under two minutes on two cores, the whole course under three.
Notebooks are executed in memory; the stored copies are not touched. Kernel start-up is
included, as a learner's "Restart and run all" would include it.
"""

from __future__ import annotations

import datetime
import json
import os
import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET_SECONDS = {"07": 60.0, "12": 30.0, "A1": 60.0}
DEFAULT_BUDGET = 20.0
PARTS_I_II_BUDGET = 120.0  # chapters 01-10
COURSE_BUDGET = 180.0
RECORD = ROOT / "benchmarks" / "notebook_times.json"


def main(argv: list[str]) -> int:
    execute = runpy.run_path(str(ROOT / "scripts" / "execute_notebooks.py"))["execute"]
    record = "--record" in argv
    argv = [a for a in argv if a != "--record"]
    paths = [Path(p) for p in argv] or sorted(
        p for pattern in ("[0-9][0-9]-*.ipynb", "A[0-9]-*.ipynb") for p in (ROOT / "notebooks").glob(pattern))
    measured = {}
    print(f"cores: {os.cpu_count()}")
    print(f"{'notebook':45s} {'seconds':>8s} {'budget':>7s}  verdict")
    total, failures = 0.0, 0
    for path in paths:
        seconds = execute(path, write=False)
        budget = BUDGET_SECONDS.get(path.name[:2], DEFAULT_BUDGET)
        verdict = "ok" if seconds <= budget else "OVER BUDGET"
        failures += seconds > budget
        total += seconds
        measured[path.stem] = round(seconds, 1)
        print(f"{path.name:45s} {seconds:8.1f} {budget:7.0f}  {verdict}", flush=True)
    parts_i_ii = sum(seconds for stem, seconds in measured.items() if stem[:2] <= "10")
    print(f"{'Parts I and II (chapters 1-10)':45s} {parts_i_ii:8.1f} {PARTS_I_II_BUDGET:7.0f}  "
          f"{'ok' if parts_i_ii <= PARTS_I_II_BUDGET else 'OVER BUDGET'}")
    print(f"{'whole course':45s} {total:8.1f} {COURSE_BUDGET:7.0f}  "
          f"{'ok' if total <= COURSE_BUDGET else 'OVER BUDGET'}")
    if record:
        known = json.loads(RECORD.read_text()) if RECORD.is_file() else {"seconds": {}}
        known["seconds"].update(measured)
        known.update(cores=os.cpu_count(), date=datetime.date.today().isoformat())
        RECORD.write_text(json.dumps(known, indent=1, sort_keys=True) + "\n")
    return 1 if failures or parts_i_ii > PARTS_I_II_BUDGET or total > COURSE_BUDGET else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
