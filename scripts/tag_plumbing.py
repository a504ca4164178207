"""Tag the chapters' plumbing cells ``hide-input``, so the website folds them.

Usage::

    python scripts/tag_plumbing.py            # tag every chapter in place
    python scripts/tag_plumbing.py --check    # exit 1 if a chapter lacks a tag (the tests do this)

Plumbing is what a notebook needs to run but a reader of the website need not read first:

- the cell that opens every chapter: installing lrlib where it is missing (Colab), the
  imports, the seed and the figure style;
- a code cell that only imports, sets a seed (``SEED = 0``, ``torch.manual_seed(...)``,
  ``np.random.seed(...)``), sets the figure style (``use_course_style()``, ``plt.rcParams``)
  or filters warnings.

Only the cells' ``metadata.tags`` change: sources and outputs stay as they are (nbval
compares outputs, never tags; nothing is executed), and a tag already there is left
alone, so running it twice changes nothing. myst-nb folds a ``hide-input`` cell behind a
"Show code cell source" toggle; JupyterLab ignores the tag.
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
from pathlib import Path

from course import chapters

TAG = "hide-input"
INSTALL_MARK = "# Colab, or a Jupyter without the course set up"

# Calls that only set a seed, the figure style or the warnings filter: the called name, or its ending.
SETUP_CALLS = ("use_course_style", "manual_seed", "random.seed", "filterwarnings", "simplefilter",
               "style.use", "rcParams.update")
SETUP_TARGETS = {"SEED", "plt.rcParams", "mpl.rcParams", "matplotlib.rcParams"}


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    if isinstance(node, ast.Subscript):
        return _dotted(node.value)
    return ""


def _is_setup(statement: ast.stmt) -> bool:
    if isinstance(statement, ast.Import | ast.ImportFrom):
        return True
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call):
        name = _dotted(statement.value.func)
        return any(name == call or name.endswith(f".{call}") for call in SETUP_CALLS)
    if isinstance(statement, ast.Assign):
        return all(_dotted(target) in SETUP_TARGETS for target in statement.targets)
    return False


def is_plumbing(source: str, first_code_cell: bool) -> bool:
    """Whether a code cell is plumbing (see the module docstring)."""
    if first_code_cell and source.lstrip().startswith(INSTALL_MARK):
        return True
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython magics: not a cell of plain setup
        return False
    return bool(tree.body) and all(_is_setup(statement) for statement in tree.body)


def plumbing_cells(nb: dict) -> list[int]:
    """Indices of the notebook's plumbing cells."""
    found, first = [], True
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        if is_plumbing("".join(cell["source"]), first):
            found.append(index)
        first = False
    return found


def tag(path: Path, *, write: bool) -> list[int]:
    """Tag the plumbing cells of ``path`` (in place if ``write``); return the cells that lacked it."""
    text = path.read_text(encoding="utf-8")
    nb = json.loads(text)
    missing = []
    for index in plumbing_cells(nb):
        tags = nb["cells"][index].setdefault("metadata", {}).setdefault("tags", [])
        if TAG not in tags:
            tags.append(TAG)
            missing.append(index)
    if write and missing:
        # nbformat's own layout (one-space indent, UTF-8 as is), so only the tags show in a diff
        path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a tag is missing")
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every chapter")
    args = parser.parse_args(argv)
    untagged = {}
    for path in args.notebooks or chapters():
        missing = tag(path, write=not args.check)
        if missing:
            untagged[path.name] = missing
    for name, cells in untagged.items():
        print(f"{name}: cells {cells} {'lack' if args.check else 'tagged'} {TAG!r}")
    return 1 if args.check and untagged else 0


if __name__ == "__main__":
    sys.exit(main())
