"""Write binder/requirements.txt from requirements.txt (``make binder``); ``--check`` only compares.

Binder gets the course's exact pins, with torch and torchvision as PyTorch's CPU-only
builds (``+cpu``, from PyTorch's own index): Binder has no GPU, and the default Linux
wheels bring gigabytes of CUDA libraries. A test checks that the committed file is
what this script writes, so the two never drift apart.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "requirements.txt"
TARGET = REPO / "binder" / "requirements.txt"
CPU_INDEX = "--extra-index-url https://download.pytorch.org/whl/cpu"
CPU_ONLY = ("torch", "torchvision")
HEADER = f"""\
# Generated from ../requirements.txt by scripts/make_binder_requirements.py (`make binder`):
# edit requirements.txt, never this file. The same versions, with torch and torchvision as
# PyTorch's CPU-only wheels, so the image stays small (Binder has no GPU).
{CPU_INDEX}
"""


def binder_requirements(text: str) -> str:
    """Binder's requirements from the course's: its pins and section comments, minus its header."""
    body = text.split("\n\n", 1)[1] if text.startswith("#") else text  # the header speaks of itself
    out = []
    for line in body.splitlines():
        match = re.fullmatch(r"([A-Za-z0-9._-]+)==(\S+)", line.strip())
        if match and match[1].lower() in CPU_ONLY and "+" not in match[2]:
            line = f"{match[1]}=={match[2]}+cpu"
        out.append(line)
    return HEADER + "\n" + "\n".join(out).strip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed file is stale")
    args = parser.parse_args(argv)
    wanted = binder_requirements(SOURCE.read_text())
    if args.check:
        if TARGET.read_text() != wanted:
            print(f"{TARGET.relative_to(REPO)} is stale: run `make binder`", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(wanted)
    print(f"wrote {TARGET.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
