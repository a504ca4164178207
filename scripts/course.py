"""What the maintenance scripts and the website's configuration need to know about the course.

- :func:`chapters`: the chapter notebooks, then the appendices, in order;
- :func:`repository`: owner/name of the course's GitHub repository, read from README's
  Binder line, the one place that names it.
"""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
_BINDER_LINE = re.compile(r"^\[binder\]: https://mybinder\.org/v2/gh/([^/\s]+/[^/\s]+)/", re.M)


# The chapters (01-..., 02-...), then the appendices (A1-...), which sort after them.
CHAPTER_PATTERNS = ("[0-9][0-9]-*.ipynb", "A[0-9]-*.ipynb")


def chapters() -> list[Path]:
    """The chapter notebooks (``notebooks/NN-*.ipynb``), then the appendices (``A1-*.ipynb``), in order."""
    return sorted(path for pattern in CHAPTER_PATTERNS for path in (REPO / "notebooks").glob(pattern))


def repository() -> str:
    """owner/name of the course's GitHub repository, from README's Binder line."""
    return _BINDER_LINE.search((REPO / "README.md").read_text(encoding="utf-8"))[1]
