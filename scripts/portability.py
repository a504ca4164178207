"""Replay every chapter under strict nbval as other processors would run it.

Usage (``python tasks.py portability`` / ``make portability`` call it in .venv)::

    python scripts/portability.py                       # every kernel this CPU runs, then 1 thread
    python scripts/portability.py --kernels Haswell --chapters 09   # one kernel, one chapter

A stored output must be what the problem determines, not what this machine's BLAS and
SIMD code paths happen to print: a learner's laptop runs OpenBLAS's AVX2 (Haswell, Zen)
or older kernels where this machine may run AVX-512, Apple's Accelerate, or one thread.
Each run sets, in the child process only, the OpenBLAS kernel (``OPENBLAS_CORETYPE``,
read by numpy's and scipy's OpenBLAS) and caps the other dispatchers at the same
instruction set, so the whole stack runs the older processor's code: numpy's own loops
(``NPY_DISABLE_CPU_FEATURES``), PyTorch's kernels (``ATEN_CPU_CAPABILITY``), MKL
(``MKL_ENABLE_INSTRUCTIONS``) and oneDNN (``ONEDNN_MAX_CPU_ISA``). A last run keeps this
machine's kernel with one thread everywhere.

A kernel this CPU cannot execute is reported as skipped, as is one OpenBLAS does not
take (checked with threadpoolctl in the child). The result is a table, kernel ×
chapter → cells passed / failed, then the failed cells by name. Exit status 1 if any
cell failed. This is a tool like the benchmarks: neither ``make test`` nor ``.ci/run``
calls it, and both keep the machine's own BLAS settings.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from course import REPO, chapters


@dataclass(frozen=True)
class Kernel:
    """An OpenBLAS kernel and the instruction set the other dispatchers are capped at."""

    name: str
    needs: tuple[str, ...]  # numpy's names of the CPU features the kernel executes
    level: int  # 1 = SSE (x86-64-v2), 2 = AVX, 3 = AVX2 + FMA (v3), 4 = AVX-512 (v4)


KERNELS = (
    Kernel("Prescott", ("SSE3",), 1),
    Kernel("Sandybridge", ("AVX",), 2),
    Kernel("Haswell", ("AVX2", "FMA3"), 3),
    Kernel("Zen", ("AVX2", "FMA3"), 3),
    Kernel("SkylakeX", ("AVX512F", "AVX512CD", "AVX512BW", "AVX512DQ", "AVX512VL"), 4),
)
# numpy's dispatch targets from the lowest level that runs them (numpy 2.x names; a name
# this numpy does not dispatch is left out, since numpy warns about it)
NUMPY_TARGETS = {"AVX": 2, "F16C": 2, "AVX2": 3, "FMA3": 3, "X86_V3": 3, "AVX512F": 4, "AVX512_SKX": 4,
                 "X86_V4": 4, "AVX512_CLX": 5, "AVX512_CNL": 5, "AVX512_ICL": 5, "AVX512_SPR": 5}
ATEN = {1: "default", 2: "default", 3: "avx2", 4: "avx512"}
MKL = {1: "SSE4_2", 2: "AVX", 3: "AVX2", 4: "AVX512"}
ONEDNN = {1: "SSE41", 2: "AVX", 3: "AVX2", 4: "AVX512_CORE"}
PRESCOTT_ALIASES = {"katmai", "coppermine", "northwood", "prescott"}
ONE_THREAD = "1 thread"
THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
RESULT = re.compile(r"^(PASSED|FAILED|ERROR) (\S+\.ipynb)::(.+?)(?: - .*)?$", re.M)


@dataclass
class Run:
    """One replay of the chapters: its column of the table."""

    label: str
    env: dict[str, str]
    skipped: str = ""  # why it did not run
    cells: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # chapter -> outcome -> cells
    seconds: float = 0.0


def cpu_features(python: Path) -> dict[str, bool]:
    """The CPU features numpy found on this machine (the same names on every OS)."""
    code = "import json, numpy._core._multiarray_umath as m; print(json.dumps(m.__cpu_features__))"
    return json.loads(subprocess.run([python, "-c", code], capture_output=True, text=True, check=True).stdout)


def numpy_dispatch(python: Path) -> list[str]:
    code = "import json, numpy._core._multiarray_umath as m; print(json.dumps(list(m.__cpu_dispatch__)))"
    return json.loads(subprocess.run([python, "-c", code], capture_output=True, text=True, check=True).stdout)


def kernel_env(kernel: Kernel, dispatched: list[str]) -> dict[str, str]:
    """The environment that makes every dispatcher run ``kernel``'s instruction set."""
    disabled = [name for name in dispatched if NUMPY_TARGETS.get(name, 5) > kernel.level]
    env = {
        "OPENBLAS_CORETYPE": kernel.name,
        "ATEN_CPU_CAPABILITY": ATEN[kernel.level],
        "MKL_ENABLE_INSTRUCTIONS": MKL[kernel.level],
        "ONEDNN_MAX_CPU_ISA": ONEDNN[kernel.level],
    }
    if disabled:
        env["NPY_DISABLE_CPU_FEATURES"] = " ".join(disabled)
    return env


def blas_architectures(python: Path, env: dict[str, str]) -> set[str]:
    """The kernels every OpenBLAS loaded by numpy and scipy runs under ``env``."""
    code = (
        "import json, numpy, scipy.linalg, threadpoolctl\n"
        "print(json.dumps([i.get('architecture', '') for i in threadpoolctl.threadpool_info()"
        " if i.get('internal_api') == 'openblas']))"
    )
    done = subprocess.run([python, "-c", code], capture_output=True, text=True, env={**os.environ, **env})
    if done.returncode:
        return {f"(a failed probe, exit {done.returncode})"}
    return {kernel_name(arch) for arch in json.loads(done.stdout)}


def kernel_name(architecture: str) -> str:
    """The kernel OpenBLAS runs, from the name it reports (threadpoolctl's ``architecture``).

    x86-64 builds alias the pre-SSE3 kernels (Katmai, Coppermine, Northwood) to Prescott's
    code and report the first of those names.
    """
    return "Prescott" if architecture.lower() in PRESCOTT_ALIASES else architecture


def replay(python: Path, run: Run, notebooks: list[Path]) -> None:
    """Strict nbval over ``notebooks`` in a child process with ``run.env``; fill ``run.cells``."""
    env = {**os.environ, **run.env}
    command = [python, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:randomly", "-q", "-rA",
               "--color=no", *[str(path.relative_to(REPO)) for path in notebooks]]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    run.seconds = time.perf_counter() - start
    run.cells = cell_results(done.stdout)
    if not run.cells:
        tail = (done.stdout + done.stderr)[-600:]
        run.skipped = f"pytest collected nothing (exit {done.returncode}): {tail}"


def cell_results(report: str) -> dict[str, dict[str, list[str]]]:
    """Chapter number -> {"PASSED": cells, "FAILED": cells} from pytest's ``-rA`` summary lines."""
    cells: dict[str, dict[str, list[str]]] = {}
    for outcome, notebook, cell in RESULT.findall(report):
        by_outcome = cells.setdefault(Path(notebook).name[:2], {"PASSED": [], "FAILED": []})
        by_outcome["PASSED" if outcome == "PASSED" else "FAILED"].append(cell)
    return cells


def table(runs: list[Run], names: list[str]) -> str:
    """Markdown table: one row per chapter, one column per run, "passed/total" (✘ where any failed)."""
    header = ["chapter", *[run.label for run in runs]]
    rows = [header, ["---"] * len(header)]
    for name in names:
        row = [name]
        for run in runs:
            if run.skipped:
                row.append("skipped")
                continue
            cells = run.cells.get(name[:2], {"PASSED": [], "FAILED": []})
            passed, failed = len(cells["PASSED"]), len(cells["FAILED"])
            row.append(f"{passed}/{passed + failed}" + (f" ✘{failed}" if failed else ""))
        rows.append(row)
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [" | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows]
    return "\n".join(f"| {line} |" for line in lines)


def plan(python: Path, kernels: list[str], one_thread: bool) -> list[Run]:
    """The runs to make: each kernel asked for (or why it is skipped), then one thread."""
    features = cpu_features(python)
    dispatched = numpy_dispatch(python)
    runs = []
    for kernel in KERNELS:
        if kernel.name not in kernels:
            continue
        run = Run(kernel.name, kernel_env(kernel, dispatched))
        missing = [need for need in kernel.needs if not features.get(need)]
        if missing:
            run.skipped = f"this CPU lacks {', '.join(missing)}"
        else:
            ran = blas_architectures(python, run.env)
            if {arch.lower() for arch in ran} != {kernel.name.lower()}:
                # e.g. an OpenBLAS built without Zen's kernels runs Haswell's for it: that column
                run.skipped = f"this OpenBLAS runs {', '.join(sorted(ran)) or 'no'} kernels for {kernel.name}"
        runs.append(run)
    if one_thread:
        runs.append(Run(ONE_THREAD, dict.fromkeys(THREADS, "1")))
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kernels", nargs="*", default=[k.name for k in KERNELS],
                        choices=[k.name for k in KERNELS], help="OpenBLAS kernels to try (default: all)")
    parser.add_argument("--no-one-thread", action="store_true", help="leave out the one-thread run")
    parser.add_argument("--chapters", nargs="*", default=[], help="chapter numbers (default: all): 07 09")
    args = parser.parse_args(argv)
    python = Path(sys.executable)
    notebooks = [path for path in chapters() if not args.chapters or path.name[:2] in args.chapters]
    if not notebooks:
        parser.error(f"no chapter matches {args.chapters}")
    runs = plan(python, args.kernels, not args.no_one_thread)
    for run in runs:
        if run.skipped:
            print(f"{run.label}: skipped ({run.skipped})", flush=True)
            continue
        settings = " ".join(f"{key}={value}" for key, value in sorted(run.env.items()))
        print(f"{run.label}: {settings}", flush=True)
        replay(python, run, notebooks)
        failed = sum(len(c["FAILED"]) for c in run.cells.values())
        print(f"  {run.seconds:.0f} s, {failed} failed cell(s)" + (f"; {run.skipped}" if run.skipped else ""),
              flush=True)
    print()
    print(table(runs, [path.stem for path in notebooks]))
    failures = [(run.label, chapter, cell) for run in runs for chapter, cells in run.cells.items()
                for cell in cells["FAILED"]]
    for label, chapter, cell in failures:
        print(f"✘ {label}: chapter {chapter}, {cell}")
    broken = [run for run in runs if run.skipped.startswith("pytest collected nothing")]
    verdict = "all green" if not failures and not broken else "NOT green"
    ran = [run.label for run in runs if not run.skipped]
    print(f"portability: {verdict} ({len(ran)} run(s): {', '.join(ran)})")
    return 1 if failures or broken else 0


if __name__ == "__main__":
    sys.exit(main())
