"""Write the small MNIST sample that ships inside lrlib (lrlib/data/mnist_sample/), from the official files.

Usage::

    python scripts/make_mnist_sample.py [--source FOLDER]

FOLDER holds the four official files (default: the MNIST/raw/ folder of the data folder
load_mnist() uses, or $LRLIB_MNIST_DIR);
each is verified against its published MD5 before use. The sample is the first
5,000 training images and the first 1,000 test images, with their labels, in the
official IDX format (gzip without name or time stamp, so the output is byte-for-byte
reproducible). A prefix of the official files, rather than a selection, is the
easiest sample to describe and to check; its classes are nearly balanced (the
script prints the counts). It prints the MD5s that lrlib.data.mnist.SAMPLE_MD5 must hold.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np

from lrlib.data.mnist import (
    ENV_VAR,
    FILE_NAMES,
    MNIST_MD5,
    SAMPLE_DIR,
    _find_files,
    _md5,
    _read_set,
    _write_idx,
    default_data_dir,
)

N_TRAIN, N_TEST = 5_000, 1_000


def make_sample(source: Path, out: Path) -> dict[str, str]:
    """Write the sample's four files from the official ones in ``source``; return their MD5s."""
    found = _find_files(source)
    if len(found) < len(FILE_NAMES):
        raise SystemExit(f"{source} does not hold the four official MNIST files")
    arrays = _read_set(found, MNIST_MD5, "Use the official file for {file}.")
    sizes = (N_TRAIN, N_TRAIN, N_TEST, N_TEST)
    out.mkdir(parents=True, exist_ok=True)
    md5s = {}
    for name, array, size in zip(FILE_NAMES, arrays, sizes, strict=True):
        path = out / f"{name}.gz"
        _write_idx(path, array[:size])
        md5s[path.name] = _md5(path)
    for split, labels in (("train", arrays[1][:N_TRAIN]), ("test", arrays[3][:N_TEST])):
        print(f"{split} images per class:", np.bincount(labels, minlength=10).tolist())
    return md5s


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = Path(os.environ.get(ENV_VAR) or default_data_dir() / "MNIST" / "raw")
    parser.add_argument("--source", type=Path, default=default)
    parser.add_argument("--out", type=Path, default=Path(str(SAMPLE_DIR)))  # the package's own folder
    args = parser.parse_args(argv)
    md5s = make_sample(args.source, args.out)
    total = sum((args.out / name).stat().st_size for name in md5s)
    print(f"wrote {args.out} ({total / 1e6:.2f} MB); SAMPLE_MD5 = {{")
    for name, digest in md5s.items():
        print(f'    "{name}": "{digest}",')
    print("}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
