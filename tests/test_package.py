"""Packaging: light imports, pinned versions."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_lrlib_does_not_import_torch_or_matplotlib():
    code = "import sys, lrlib, lrlib.data, lrlib.checks; print('torch' in sys.modules, 'matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_requirements_pin_every_line_exactly():
    lines = [ln.split("#")[0].strip() for ln in (ROOT / "requirements.txt").read_text().splitlines()]
    pins = [ln for ln in lines if ln]
    assert pins, "requirements.txt is empty"
    for pin in pins:
        assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][0-9A-Za-z.+\-]*", pin), f"not an exact pin: {pin}"
    names = {p.split("==")[0].lower() for p in pins}
    for needed in ["torch", "torchvision", "numpy", "scikit-learn", "jupyterlab", "nbval", "pytest"]:
        assert needed in names
    assert "torch==2.14.1" in pins and "torchvision==0.29.1" in pins
