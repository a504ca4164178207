"""What the maintenance scripts and the website's configuration need to know about the course.

- :func:`chapters`: the chapter notebooks, then the appendices, in order;
- :func:`repository`: owner/name of the course's GitHub repository, read from README's
  Binder line, the one place that names it;
- :func:`uses_torch`: whether a chapter needs PyTorch, read from its code.

Only the standard library is imported here: scripts/compat.py runs with a bare Python.
"""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
_BINDER_LINE = re.compile(r"^\[binder\]: https://mybinder\.org/v2/gh/([^/\s]+/[^/\s]+)/", re.M)
# a code line that imports PyTorch, torchvision or lrlib's PyTorch layer (which imports both)
_TORCH_IMPORT = re.compile(r"^\s*(import|from)\s+(torch|torchvision|lrlib\.pytorch)\b", re.M)


# The chapters (01-..., 02-...), then the appendices (A1-...), which sort after them.
CHAPTER_PATTERNS = ("[0-9][0-9]-*.ipynb", "A[0-9]-*.ipynb")


def chapters() -> list[Path]:
    """The chapter notebooks (``notebooks/NN-*.ipynb``), then the appendices (``A1-*.ipynb``), in order."""
    return sorted(path for pattern in CHAPTER_PATTERNS for path in (REPO / "notebooks").glob(pattern))


def repository() -> str:
    """owner/name of the course's GitHub repository, from README's Binder line."""
    return _BINDER_LINE.search((REPO / "README.md").read_text(encoding="utf-8"))[1]


def uses_torch(nb: dict) -> bool:
    """Whether the chapter ``nb`` (a notebook's JSON) imports PyTorch in a code cell.

    Such a chapter's first cell installs ``lrlib[torch]`` (scripts/notebook_bootstrap.py),
    and the torch-free compatibility tracks leave it out (scripts/compat.py).
    """
    return any(_TORCH_IMPORT.search("".join(cell["source"]))
               for cell in nb["cells"] if cell["cell_type"] == "code")
