"""The lines at the top of every chapter that make ``lrlib`` importable where it is missing.

Usage::

    python scripts/notebook_bootstrap.py            # check every chapter (exit 1 if one differs)
    python scripts/notebook_bootstrap.py --write    # put the current lines into every chapter

On Colab, or in a Jupyter where the course was not set up, ``import lrlib`` fails; the
chapter's first cell then installs lrlib from the course's repository with ``%pip`` (with
PyTorch for the chapters that use it) and goes on. Where lrlib is installed (``make lab``,
Binder) the lines do nothing. ``LRLIB_SOURCE`` points the install at another source (a
fork, a local wheel: the tests use it); the repository named by default is the one README's
Binder line names, so the repository is written in one place.
"""

from __future__ import annotations

import argparse
import json
import re
import sys

import nbformat
from course import chapters, repository, uses_torch

MARK = "# Colab, or a Jupyter without the course set up:"


def bootstrap(uses_torch: bool) -> str:
    """The lines, for a chapter that does (or does not) import torch."""
    extra = "[torch]" if uses_torch else ""
    return (
        f"{MARK} install lrlib from the course's repository.\n"
        "try:\n"
        "    import lrlib  # noqa: F401\n"
        "except ModuleNotFoundError:\n"
        "    import os\n"
        "\n"
        f'    source = os.environ.get("LRLIB_SOURCE", "git+https://github.com/{repository()}")\n'
        f'    %pip install --quiet "lrlib{extra} @ {{source}}"\n'
        "\n"
    )


def first_code_cell(nb: dict) -> dict:
    return next(cell for cell in nb["cells"] if cell["cell_type"] == "code")


def expected_source(nb: dict) -> str:
    """The first code cell's source with the current bootstrap lines at its top."""
    cell = first_code_cell(nb)
    source = "".join(cell["source"])
    source = re.sub(rf"^{re.escape(MARK)}.*?%pip install[^\n]*\n\n?", "", source, flags=re.S)  # old lines
    return bootstrap(uses_torch(nb)) + source


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the lines into every chapter")
    args = parser.parse_args(argv)
    stale = []
    for path in chapters():
        nb = json.loads(path.read_text(encoding="utf-8"))
        cell = first_code_cell(nb)
        wanted = expected_source(nb)
        if "".join(cell["source"]) != wanted:
            stale.append(path.name)
            if args.write:
                cell["source"] = wanted
                nbformat.write(nbformat.from_dict(nb), path)
    verb = "updated" if args.write else "out of date"
    print(f"{verb}: {', '.join(stale)}" if stale else "every chapter has the current lines")
    return 1 if stale and not args.write else 0


if __name__ == "__main__":
    sys.exit(main())
