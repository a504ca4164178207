"""Build the course website into ``_build/html`` from the committed notebooks.

Usage::

    python scripts/build_site.py                 # -> _build/html
    python scripts/build_site.py --out DIR       # somewhere else (the site test does this)

Sphinx (with ``docs/conf.py``) reads a staging folder that mirrors the repository, so
every chapter page has its notebook's path and the launch buttons open that notebook:

- ``index.md``: README.md, the landing page, with the table of contents appended;
- ``notebooks/``: the chapters as committed (their nbval-verified outputs are shown;
  nothing is executed), with the cells collapsed in JupyterLab folded on the page too;
- ``api.md``: lrlib's API reference, one section per public module, from its docstrings;
- ``docs/teachers.md``: the "For teachers" page, its table of chapters, exercises, kinds and
  points made from the course (scripts/teacher.py), Run All times from
  benchmarks/notebook_times.json.

MathJax is copied from npm's ``mathjax`` package (``docs/node_modules``, installed by
``npm ci --prefix docs``), so the pages load nothing from outside the site. Sphinx
warnings are errors: a broken link or a malformed docstring fails the build.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from course import REPO, chapters

from teacher import teachers_page

DOCS = REPO / "docs"
MATHJAX = DOCS / "node_modules" / "mathjax" / "es5"

# Part I builds logistic regression, Part II puts it to use (chapters 8-10), Part III works with it in
# practice (chapter numbers from 11); the appendices (A1, ...) come after them.
PARTS = [
    ("Part I · Building logistic regression", range(1, 8)),
    ("Part II · Using it well", range(8, 11)),
    ("Part III · Logistic regression in practice", range(11, 100)),
    ("Appendices", range(101, 200)),
]

# The modules of the API reference, in teaching order.
API_MODULES = [
    "lrlib.functions",
    "lrlib.losses",
    "lrlib.optim",
    "lrlib.models",
    "lrlib.metrics",
    "lrlib.model_selection",
    "lrlib.newton",
    "lrlib.inference",
    "lrlib.design",
    "lrlib.glm",
    "lrlib.diagnostics",
    "lrlib.effects",
    "lrlib.profile_likelihood",
    "lrlib.firth",
    "lrlib.bootstrap",
    "lrlib.calibration",
    "lrlib.generative",
    "lrlib.data",
    "lrlib.pytorch",
    "lrlib.plots",
    "lrlib.checks",
]


def chapter_number(path: Path) -> int:
    """01-... is 1; an appendix, A1-..., is 101 (after every chapter)."""
    prefix = path.name[:2]
    return 100 + int(prefix[1]) if prefix.startswith("A") else int(prefix)


def toctree(caption: str, entries: list[str]) -> str:
    lines = ["```{toctree}", ":hidden:", ":maxdepth: 2", f":caption: {caption}", "", *entries, "```"]
    return "\n".join(lines) + "\n"


def landing_page() -> str:
    """README.md with the site's table of contents appended (hidden: the sidebar shows it)."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    tocs = []
    for caption, numbers in PARTS:
        entries = [f"notebooks/{p.stem}" for p in chapters() if chapter_number(p) in numbers]
        if entries:
            tocs.append(toctree(caption, entries))
    tocs.append(toctree("Reference", ["api", "docs/teachers"]))
    return text.rstrip() + "\n\n" + "\n".join(tocs)


def api_page() -> str:
    """The API reference: an automodule section per module, in teaching order."""
    parts = [
        "# API reference: `lrlib`\n",
        "Everything the chapters build, as the library's docstrings describe it. "
        "Bad input raises a `ValueError` or `TypeError` naming the argument.\n",
        "## Chapter by chapter\n\n```{eval-rst}\n.. automodule:: lrlib\n   :no-members:\n```\n",
    ]
    for module in API_MODULES:
        parts.append(f"## `{module}`\n\n```{{eval-rst}}\n.. automodule:: {module}\n```\n")
    return "\n".join(parts)


def fold_hidden_cells(nb: dict) -> dict:
    """Cells collapsed in JupyterLab (solutions, pure checks) folded on the page too.

    JupyterLab keeps a collapsed cell as ``metadata.jupyter.source_hidden``; myst-nb folds
    a cell tagged ``hide-input`` behind a "Show code cell source" toggle.
    """
    for cell in nb["cells"]:
        if cell.get("metadata", {}).get("jupyter", {}).get("source_hidden"):
            tags = cell["metadata"].setdefault("tags", [])
            if "hide-input" not in tags:
                tags.append("hide-input")
    return nb


def stage(folder: Path) -> None:
    """Lay out the Sphinx source folder (mirrors the repository's paths)."""
    (folder / "index.md").write_text(landing_page(), encoding="utf-8")
    (folder / "api.md").write_text(api_page(), encoding="utf-8")
    (folder / "docs").mkdir()
    (folder / "docs" / "teachers.md").write_text(teachers_page(), encoding="utf-8")
    (folder / "notebooks").mkdir()
    for path in chapters():
        staged = folder / "notebooks" / path.name
        staged.write_text(json.dumps(fold_hidden_cells(json.loads(path.read_text(encoding="utf-8")))))
    # Images README links to by a repository path (the Binder badge).
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for image in re.findall(r"\]\((docs/_static/[^)\s]+)\)", readme):
        target = folder / image
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / image, target)


def build(out: Path) -> None:
    if not (MATHJAX / "tex-chtml.js").is_file():
        sys.exit(f"MathJax is missing ({MATHJAX}): run `npm ci --prefix docs` first (make site does).")
    with tempfile.TemporaryDirectory(prefix="lrlib-site-") as tmp:
        source = Path(tmp) / "src"
        source.mkdir()
        stage(source)
        cmd = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "--keep-going",
               "-c", str(DOCS), "-d", str(Path(tmp) / "doctrees"), str(source), str(out)]  # fmt: skip
        subprocess.run(cmd, check=True)
    shutil.copytree(MATHJAX, out / "_static" / "mathjax", dirs_exist_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "_build" / "html")
    args = parser.parse_args(argv)
    try:
        build(args.out.resolve())
    except subprocess.CalledProcessError as exc:
        return exc.returncode
    print(f"site built: {args.out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
