"""Get full MNIST: ``python -m lrlib.data [--root FOLDER]``.

Downloads the four official files with torchvision (where there is internet) into the
folder :func:`lrlib.data.load_mnist` reads, verifies them, and says where they are;
without internet it says where to copy them. Exit status 0 once full MNIST is there.
"""

from __future__ import annotations

import argparse
import sys

from lrlib.data.mnist import FILE_NAMES, GET_FULL_COMMAND, MNISTFileError, data_folder, load_mnist


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=GET_FULL_COMMAND, description=__doc__.splitlines()[0])
    parser.add_argument("--root", help="the data folder (files go in ROOT/MNIST/raw); "
                                       "default: the one load_mnist() uses")
    parser.add_argument("--timeout", type=float, default=10.0,
                        help="seconds to wait for the download server (default: 10)")
    args = parser.parse_args(argv)
    try:
        data = load_mnist(args.root, timeout=args.timeout, verbose=False)
    except (FileNotFoundError, MNISTFileError) as exc:  # its message says the fix
        print(exc, file=sys.stderr)
        return 1
    if data.is_full:
        print(data.message)
        return 0
    why = data.message.splitlines()[0].split(": ", 2)[-1]  # after "MNIST: using the sample (...): "
    folder, _ = data_folder(args.root)
    names = ", ".join(f"{name}.gz" for name in FILE_NAMES)
    print(f"Could not get full MNIST: {why}\nCopy the four official files ({names}) into "
          f"{folder / 'MNIST' / 'raw'}, or run {GET_FULL_COMMAND} again where there is internet.",
          file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
