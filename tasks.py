"""The course's commands, the same on Linux, macOS and Windows.

Usage (Python 3.11 or newer; the Makefile's targets call these)::

    python tasks.py lab      # set up .venv, then open JupyterLab on the course
    python tasks.py test     # set up .venv, then run every test and execute every notebook

and the helpers ``setup``, ``test-random`` (the unit tests in a shuffled order),
``notebooks`` (re-execute every chapter in place), ``lint``, ``e2e`` (only the browser
tests), ``bench`` (notebook timings), ``site`` (build the website into ``_build/html``),
``binder`` (binder/requirements.txt from requirements.txt), ``portability`` (strict nbval
under other processors' BLAS kernels and one thread, by hand), ``clean``, and for teachers
``teacher`` (the teacher's edition into ``dist/teacher``) and ``grade DIR`` (grade returned
notebooks offline into grades.csv and feedback pages).

Set-up is done once: it runs again only when ``requirements.txt`` or ``pyproject.toml``
changed (their fingerprint is kept in ``.venv/.installed``).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("VENV", ROOT / ".venv"))
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed"
SET_UP_FROM = ["requirements.txt", "pyproject.toml"]
# PyTorch's own index of CPU-only wheels: on Linux the default wheels bring ~3 GB of CUDA
# libraries that a laptop without an NVIDIA GPU never uses (Windows and macOS wheels from
# PyPI are CPU-only already).
CPU_TORCH_INDEX = "https://download.pytorch.org/whl/cpu"
LINTED = ["lrlib", "tests", "benchmarks", "scripts", "notebooks", "docs/conf.py", "tasks.py"]
DOCS = ROOT / "docs"


def run(*command, env: dict[str, str] | None = None) -> None:
    """Run a command in the repository, echoed first; stop at its failure with its exit code."""
    command = [str(part) for part in command]
    print("+", " ".join(command), flush=True)
    result = subprocess.run(command, cwd=ROOT, env=env)
    if result.returncode:
        sys.exit(result.returncode)


TORCH_STAMP = VENV / ".torch-build"


def torch_build() -> str:
    """Which PyTorch build set-up installs: "cpu" or "default".

    LRLIB_TORCH (``TORCH=`` with make) chooses; without it, the build .venv was set up
    with, so that ``make test`` after ``make lab TORCH=cpu`` keeps the CPU-only build.
    """
    recorded = TORCH_STAMP.read_text().strip() if TORCH_STAMP.is_file() else "default"
    build = os.environ.get("LRLIB_TORCH") or recorded
    if build not in ("cpu", "default"):
        sys.exit(f"LRLIB_TORCH must be 'cpu' or 'default', not {build!r}.")
    return build


def fingerprint() -> str:
    digest = hashlib.sha256(torch_build().encode())
    for name in SET_UP_FROM:
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def setup() -> None:
    """Create .venv and install the exact versions and lrlib (editable), unless done already."""
    if STAMP.is_file() and STAMP.read_text() == fingerprint():
        return
    if sys.version_info < (3, 11):  # noqa: UP036 (tasks.py may be started by an older python)
        sys.exit(f"The course needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    if not PYTHON.exists():
        run(sys.executable, "-m", "venv", VENV)
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    cpu = ["--extra-index-url", CPU_TORCH_INDEX] if torch_build() == "cpu" else []
    run(PYTHON, "-m", "pip", "install", "--quiet", *cpu, "-r", "requirements.txt")
    run(PYTHON, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "-e", ".")
    install_lab_settings()
    TORCH_STAMP.write_text(torch_build())
    STAMP.write_text(fingerprint())


def install_lab_settings() -> None:
    """JupyterLab settings of the course (no news pop-up), as Binder's postBuild installs them.

    They go into the environment's own settings folder in .venv, never into the user's
    Jupyter settings.
    """
    folder = VENV / "share" / "jupyter" / "lab" / "settings"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "binder" / "overrides.json", folder / "overrides.json")


def site_setup(*, required: bool) -> bool:
    """Install the site's front-end files (MathJax, pinned in docs/package-lock.json) with npm."""
    if (DOCS / "node_modules" / "mathjax" / "es5" / "tex-chtml.js").is_file():
        return True
    npm = shutil.which("npm")
    if npm is None:
        message = "the website needs npm (Node.js) for MathJax: install Node.js, or skip the site."
        if required:
            sys.exit(message)
        print(f"note: {message}", flush=True)
        return False
    run(npm, "ci", "--prefix", DOCS, "--no-audit", "--no-fund")
    return True


def lab(args: argparse.Namespace) -> None:
    setup()
    command = [BIN / "jupyter", "lab", "--notebook-dir=notebooks", f"--port={args.port}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # Jupyter refuses root (containers, CI) unless told
    if args.no_browser:
        command.append("--no-browser")
    run(*command)


def lint(args: argparse.Namespace | None = None) -> None:
    setup()
    run(BIN / "ruff", "check", *LINTED)


def test(args: argparse.Namespace) -> None:
    lint()
    site_setup(required=False)
    run(PYTHON, "-m", "pytest", *args.pytest_args)


def test_random(args: argparse.Namespace) -> None:
    """tests/ and lrlib's doctests in a shuffled order, to find tests that depend on each other.

    Never the notebooks: nbval's cells must run in order. The seed is printed.
    """
    setup()
    seed = [] if args.seed == "random" else [f"--randomly-seed={args.seed}"]  # randomly picks and prints one
    run(PYTHON, "-m", "pytest", "-p", "randomly", *seed, "tests", "lrlib")


def binder(args: argparse.Namespace) -> None:
    run(sys.executable, "scripts/make_binder_requirements.py")


def notebooks(args: argparse.Namespace) -> None:
    setup()
    chapters = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
    run(PYTHON, "scripts/execute_notebooks.py", *[c.relative_to(ROOT) for c in chapters])


def e2e(args: argparse.Namespace) -> None:
    setup()
    site_setup(required=False)
    run(PYTHON, "-m", "pytest", "-m", "e2e", "tests/e2e")


def bench(args: argparse.Namespace) -> None:
    setup()
    run(PYTHON, "benchmarks/notebook_times.py")


def portability(args: argparse.Namespace) -> None:
    """Strict nbval over every chapter under each OpenBLAS kernel this CPU runs, and one thread.

    By hand, like the benchmarks: neither ``test`` nor CI calls it (they keep the machine's
    own BLAS settings). Extra arguments go to scripts/portability.py (``--kernels``, ``--chapters``).
    """
    setup()
    run(PYTHON, "scripts/portability.py", *args.options)


def site(args: argparse.Namespace) -> None:
    setup()
    site_setup(required=True)
    run(PYTHON, "scripts/build_site.py")


def teacher(args: argparse.Namespace) -> None:
    setup()
    run(PYTHON, "scripts/teacher.py")


def grade(args: argparse.Namespace) -> None:
    setup()
    run(PYTHON, "scripts/grade.py", *args.options)


def clean(args: argparse.Namespace) -> None:
    for name in [VENV, ".pytest_cache", ".hypothesis", ".ruff_cache", "_build", DOCS / "node_modules"]:
        shutil.rmtree(ROOT / name, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    lab_parser = commands.add_parser("lab", help="set up, then open JupyterLab on notebooks/")
    lab_parser.add_argument("--no-browser", action="store_true", help="print the address, open no browser")
    lab_parser.add_argument("--port", type=int, default=8888)
    test_parser = commands.add_parser("test", help="set up, then lint and run every test and notebook")
    test_parser.add_argument("pytest_args", nargs=argparse.REMAINDER, help="passed on to pytest")
    random_parser = commands.add_parser("test-random", help="tests/ and lrlib's doctests, shuffled")
    random_parser.add_argument("--seed", default="random", help="repeat a run with its printed seed")
    portability_parser = commands.add_parser(
        "portability", help="strict nbval under other BLAS kernels and one thread (by hand)"
    )
    portability_parser.add_argument("options", nargs=argparse.REMAINDER, help="for scripts/portability.py")
    grade_parser = commands.add_parser("grade", help="grade returned notebooks (grades.csv, feedback)")
    grade_parser.add_argument("options", nargs=argparse.REMAINDER,
                              help="SUBMISSIONS_DIR and scripts/grade.py's options (--chapter, --out...)")
    for name, help_text in [
        ("setup", "create .venv with the exact versions (once)"),
        ("notebooks", "re-execute every chapter in place"),
        ("lint", "ruff on the library, tests and scripts"),
        ("e2e", "only the browser tests"),
        ("bench", "each chapter's execution time against its budget"),
        ("site", "build the website into _build/html"),
        ("binder", "make binder/requirements.txt from requirements.txt"),
        ("clean", "remove .venv, caches and the built site"),
        ("teacher", "the teacher's edition into dist/teacher (student notebooks, autograders, solutions)"),
    ]:
        commands.add_parser(name, help=help_text)
    # `test` and `portability` pass what follows them on (argparse's REMAINDER keeps only
    # the arguments after the first positional one, so options like `-k` arrive here)
    args, extra = parser.parse_known_args(argv)
    if extra:
        passed_on = {"test": "pytest_args", "portability": "options", "grade": "options"}.get(args.command)
        if passed_on is None:
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        setattr(args, passed_on, [*extra, *getattr(args, passed_on)])
    action = {"setup": lambda _: setup()}.get(args.command) or globals()[args.command.replace("-", "_")]
    action(args)


if __name__ == "__main__":
    main()
