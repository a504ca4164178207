"""The course's commands, the same on Linux, macOS and Windows.

Usage (Python 3.11 or newer; the Makefile's targets call these)::

    python tasks.py lab      # set up .venv, then open JupyterLab on the course
    python tasks.py test     # set up .venv, then run every test and execute every notebook

and the helpers ``setup``, ``test-random`` (the unit tests in a shuffled order),
``notebooks`` (re-execute every chapter in place), ``lint``, ``e2e`` (only the browser
tests), ``bench`` (notebook timings), ``site`` (build the website into ``_build/html``),
``binder`` (binder/requirements.txt from requirements.txt), ``portability`` (strict nbval
under other processors' BLAS kernels and one thread, by hand), ``test-compat`` (the declared
oldest and the newest versions, on Python 3.11 to 3.13; CI runs it after ``test``), ``release``,
``clean``, and for teachers ``teacher`` (the teacher's edition into ``dist/teacher``) and
``grade DIR`` (grade returned notebooks offline into grades.csv and feedback pages).

A release (``python tasks.py release 0.2.0``; ``--dry-run`` changes nothing and tags
nothing, CI runs it): checks that CHANGELOG.md has a section for the version, sets
``lrlib.__version__`` and CITATION.cff's ``version`` and ``date-released``, builds the wheel
(into ``dist/``) and the website, then commits those two files and tags ``vVERSION``, so that
the Binder and Colab links can name the tag instead of ``main``.

Set-up is done once: it runs again only when ``requirements.txt`` or ``pyproject.toml``
changed (their fingerprint is kept in ``.venv/.installed``).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
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
LINTED = ["lrlib", "tests", "benchmarks", "scripts", "notebooks", "docs/conf.py", "tasks.py", "conftest.py"]
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


def test_compat(args: argparse.Namespace) -> None:
    """The compatibility tracks of scripts/compat.py: pyproject.toml's floors, the newest releases.

    Not part of ``test``, which stays as fast as it is: CI runs both. The tracks build
    their own environments in .compat/ and need no .venv: this Python runs the script.
    Extra arguments go to scripts/compat.py (``--fresh``, ``--tracks``).
    """
    run(sys.executable, "scripts/compat.py", *args.options)


def binder(args: argparse.Namespace) -> None:
    run(sys.executable, "scripts/make_binder_requirements.py")


def notebooks(args: argparse.Namespace) -> None:
    setup()
    folder = ROOT / "notebooks"
    chapters = sorted(folder.glob("[0-9]*.ipynb")) + sorted(folder.glob("A[0-9]*.ipynb"))  # appendices last
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


VERSION_FILE = ROOT / "lrlib" / "__init__.py"
VERSION_LINE = re.compile(r'^__version__ = "([^"]+)"$', re.M)
CITATION = ROOT / "CITATION.cff"
CHANGELOG = ROOT / "CHANGELOG.md"


def current_version() -> str:
    return VERSION_LINE.search(VERSION_FILE.read_text(encoding="utf-8"))[1]


def release_files(version: str, today: datetime.date) -> dict[Path, str]:
    """lrlib/__init__.py and CITATION.cff as they read for ``version``, released ``today``."""
    code = VERSION_LINE.sub(f'__version__ = "{version}"', VERSION_FILE.read_text(encoding="utf-8"))
    citation = CITATION.read_text(encoding="utf-8")
    citation = re.sub(r"^version: .*$", f'version: "{version}"', citation, flags=re.M)
    citation = re.sub(r"^date-released: .*$", f'date-released: "{today.isoformat()}"', citation, flags=re.M)
    return {VERSION_FILE: code, CITATION: citation}


def check_release(version: str) -> None:
    """Stop, saying why, unless ``version`` can be released from this checkout."""
    if not re.fullmatch(r"\d+\.\d+\.\d+", version):
        sys.exit(f"release: {version!r} is not a version MAJOR.MINOR.PATCH (e.g. 0.2.0)")
    if not re.search(rf"^## \[?{re.escape(version)}\]?(\s|$)", CHANGELOG.read_text(encoding="utf-8"), re.M):
        sys.exit(f"release: CHANGELOG.md has no section '## {version}': say what this version adds first")
    for line in ("cff-version:", "title:", "authors:", "version:", "date-released:"):
        if not re.search(rf"^{line}", CITATION.read_text(encoding="utf-8"), re.M):
            sys.exit(f"release: CITATION.cff has no '{line}' line")


def release(args: argparse.Namespace) -> None:
    """Check, set the version, build the wheel and the site, commit and tag (see the module docstring)."""
    version = args.version or current_version()
    check_release(version)
    dry = args.dry_run
    tag = f"v{version}"
    if not dry:
        if subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout:
            sys.exit("release: the checkout has uncommitted changes; commit or stash them first")
        if subprocess.run(["git", "rev-parse", "-q", "--verify", f"refs/tags/{tag}"], cwd=ROOT,
                          capture_output=True).returncode == 0:
            sys.exit(f"release: the tag {tag} exists already")
    setup()
    files = release_files(version, datetime.date.today())
    with tempfile.TemporaryDirectory(prefix="lrlib-release-") as tmp:
        if dry:  # build from a copy that has the new version, and leave the checkout alone
            source = Path(tmp) / "src"
            shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
                ".git", ".venv", "_build", "node_modules", "data", "dist", "build", "*.egg-info", ".*cache"))
            for path, text in files.items():
                (source / path.relative_to(ROOT)).write_text(text, encoding="utf-8")
        else:
            source = ROOT
            for path, text in files.items():
                path.write_text(text, encoding="utf-8")
        wheels = Path(tmp) / "dist" if dry else ROOT / "dist"
        run(PYTHON, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-index", "--no-build-isolation",
            "--wheel-dir", wheels, source)
        print(f"wheel: {sorted(wheels.glob(f'lrlib-{version}-*.whl'))[-1]}", flush=True)
        if site_setup(required=not dry):
            site_folder = Path(tmp) / "site" if dry else ROOT / "_build" / "html"
            run(PYTHON, "scripts/build_site.py", "--out", site_folder)
    if dry:
        print(f"dry run: {version} would be released as the tag {tag}; nothing was changed", flush=True)
        return
    run("git", "commit", "-m", f"Release {version}", "--", *[p.relative_to(ROOT) for p in files])
    run("git", "tag", "-a", tag, "-m", f"lrlib course {version}")
    print(f"tagged {tag}: push it with `git push origin {tag}`", flush=True)


def teacher(args: argparse.Namespace) -> None:
    setup()
    run(PYTHON, "scripts/teacher.py")


def grade(args: argparse.Namespace) -> None:
    setup()
    run(PYTHON, "scripts/grade.py", *args.options)


def clean(args: argparse.Namespace) -> None:
    for name in [VENV, ".compat", ".pytest_cache", ".hypothesis", ".ruff_cache", "_build",
                 DOCS / "node_modules"]:
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
    compat_parser = commands.add_parser(
        "test-compat", help="lrlib's tests and the torch-free chapters at the oldest and the newest versions"
    )
    compat_parser.add_argument("options", nargs=argparse.REMAINDER, help="--fresh, --tracks (compat.py)")
    release_parser = commands.add_parser("release", help="check, set the version, build wheel and site, tag")
    release_parser.add_argument("version", nargs="?", help="MAJOR.MINOR.PATCH (default: lrlib's version)")
    release_parser.add_argument("--dry-run", action="store_true", help="build in a copy, change nothing")
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
        passed_on = {"test": "pytest_args", "portability": "options", "test-compat": "options",
                     "grade": "options"}.get(args.command)
        if passed_on is None:
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
        setattr(args, passed_on, [*extra, *getattr(args, passed_on)])
    action = {"setup": lambda _: setup()}.get(args.command) or globals()[args.command.replace("-", "_")]
    action(args)


if __name__ == "__main__":
    main()
