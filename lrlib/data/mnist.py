"""MNIST for chapter 7: the full set when it can be had, the shipped sample otherwise.

:func:`load_mnist` reads and downloads MNIST in one data folder, chosen in this order
(:func:`data_folder`): the ``root`` argument; the folder named by the environment
variable ``LRLIB_MNIST_DIR``; the course's ``data/`` when lrlib runs from the course
checkout; otherwise a per-user cache folder (``~/.cache/lrlib`` on Linux). In it, it
looks for the data in this order and says which source it used:

1. ``files``: the four official files in the folder's ``MNIST/raw/`` (torchvision's
   layout), ``.gz`` or extracted (``LRLIB_MNIST_DIR`` may also hold them directly);
   each file is checked against its MD5 first;
2. ``download``: where there is internet, a download by torchvision, made in a
   temporary folder and moved into ``MNIST/raw/`` only once every file is
   complete and verified, so an interrupted download leaves nothing that looks like data;
3. ``sample``: the small sample of real MNIST images that ships inside the package
   (``lrlib/data/mnist_sample/``: the first 5,000 training and first 1,000 test images),
   with a three-line message saying so, ending with the command that gets the full set
   (``python -m lrlib.data``).

The MD5 of each ``.gz`` file is the published one, as listed by torchvision's
``torchvision.datasets.MNIST.resources``; the MD5 of each extracted file was computed
by decompressing those verified files (torchvision extracts them to the same names).

Importing this module does not import PyTorch; :func:`load_mnist` does.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import shlex
import shutil
import socket
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from lrlib._validation import check_scalar

__all__ = ["MNISTData", "MNISTFileError", "data_folder", "load_mnist"]

#: The environment variable naming the data folder (it then must hold the four official files).
ENV_VAR = "LRLIB_MNIST_DIR"

#: The four files of MNIST, without their ``.gz``, in the order (train images, train
#: labels, test images, test labels).
FILE_NAMES = (
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
)

#: Expected MD5 of every file the loader accepts as official MNIST. The ``.gz`` ones
#: are the published checksums (torchvision's ``MNIST.resources``); the extracted
#: ones were computed from those verified files.
MNIST_MD5 = {
    "train-images-idx3-ubyte.gz": "f68b3c2dcbeaaa9fbdd348bbdeb94873",
    "train-labels-idx1-ubyte.gz": "d53e105ee54ea40749a09fcbcd1e9432",
    "t10k-images-idx3-ubyte.gz": "9fb629c4189551a2d022fa330f9573f3",
    "t10k-labels-idx1-ubyte.gz": "ec29112dd5afa0611ce80d1b7f02629c",
    "train-images-idx3-ubyte": "6bbc9ace898e44ae57da46a324031adb",
    "train-labels-idx1-ubyte": "a25bea736e30d166cdddb491f175f624",
    "t10k-images-idx3-ubyte": "2646ac647ad5339dbf082846283269ea",
    "t10k-labels-idx1-ubyte": "27ae3e4e09519cfbb04c329615203637",
}

#: The sample that ships inside the package (written by ``scripts/make_mnist_sample.py``) and its MD5s.
SAMPLE_DIR = resources.files("lrlib.data") / "mnist_sample"
SAMPLE_MD5 = {
    "train-images-idx3-ubyte.gz": "643db779161588e972219eed3b98a6cb",
    "train-labels-idx1-ubyte.gz": "6983e8e95e0f52e7c5e6b675af4fb2d1",
    "t10k-images-idx3-ubyte.gz": "7d1e65ac28cc2a8baaffb01bb3a4def6",
    "t10k-labels-idx1-ubyte.gz": "94eb77d0b7794d8a79b66cda22f8c7aa",
}

#: Where torchvision downloads from (its first mirror); probed before any download.
PROBE_HOST = ("ossci-datasets.s3.amazonaws.com", 443)

#: The command that gets full MNIST (``lrlib/data/__main__.py``), the last line of the sample's message.
GET_FULL_COMMAND = "python -m lrlib.data"

_IDX_MAGIC = {1: 0x00000801, 3: 0x00000803}  # labels: 1-D, images: 3-D, unsigned bytes


class MNISTFileError(ValueError):
    """An MNIST file is corrupt, truncated or not the official one; the message says how to fix it."""


def _course_checkout() -> Path | None:
    """The course checkout lrlib runs from (an editable install), or None for an installed lrlib."""
    top = Path(__file__).resolve().parents[2]
    if (top / "pyproject.toml").is_file() and (top / "data").is_dir() and (top / "notebooks").is_dir():
        return top
    return None


def user_cache_folder() -> Path:
    """The per-user cache folder of lrlib: ``$XDG_CACHE_HOME/lrlib`` (default ``~/.cache/lrlib``) on
    Linux, ``~/Library/Caches/lrlib`` on macOS, ``%LOCALAPPDATA%\\lrlib`` on Windows."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        base = xdg if os.path.isabs(xdg) else Path.home() / ".cache"  # the XDG spec ignores a relative one
    return Path(base) / "lrlib"


def data_folder(root=None) -> tuple[Path, str]:
    """The folder MNIST is read from and downloaded into, and which rule chose it.

    In this order: ``root``; the environment variable ``LRLIB_MNIST_DIR``; the course's
    ``data/`` when lrlib runs from the course checkout; otherwise the per-user cache
    folder (:func:`user_cache_folder`).

    Examples
    --------
    >>> folder, why = data_folder("/tmp/my-data")
    >>> str(folder), why
    ('/tmp/my-data', 'the root argument')
    """
    if root is not None:
        return Path(root), "the root argument"
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return Path(env).expanduser(), ENV_VAR
    checkout = _course_checkout()
    if checkout is not None:
        return checkout / "data", "the course's data folder"
    return user_cache_folder(), "lrlib's per-user cache folder, as lrlib runs outside the course checkout"


def default_data_dir() -> Path:
    """The data folder :func:`load_mnist` uses when given no ``root`` (see :func:`data_folder`)."""
    return data_folder()[0]


def _shown(path) -> str:
    """``path`` for messages: relative to the course checkout when inside it (as the docs), else in full."""
    checkout = _course_checkout()
    try:
        return str(Path(str(path)).resolve().relative_to(checkout))
    except (TypeError, ValueError):
        return str(path)


def _brief(exc: BaseException, limit: int = 120) -> str:
    """An exception in one short line (folders dropped from paths), for a message that must stay short."""
    text = f"{type(exc).__name__}: {exc}".splitlines()[0] if str(exc) else type(exc).__name__
    text = re.sub(r"(?:/[^/\s]+)+/([^/\s]+)", r"\1", text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


# ----------------------------------------------------------------------------- IDX files

def _md5(path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _read_idx(path, fix: str) -> np.ndarray:
    """Read an IDX file of unsigned bytes (``.gz`` or not) into a uint8 array, or explain why not.

    ``path`` is a :class:`pathlib.Path` or an ``importlib.resources`` file (the shipped sample).
    """
    try:
        raw = gzip.decompress(path.read_bytes()) if path.name.endswith(".gz") else path.read_bytes()
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise MNISTFileError(f"{path} is not a readable gzip file ({exc}). {fix}") from None
    if len(raw) < 4 or raw[:2] != b"\x00\x00" or raw[2] != 0x08 or raw[3] not in _IDX_MAGIC:
        raise MNISTFileError(f"{path} is not an IDX file of unsigned bytes (bad header). {fix}")
    ndim = raw[3]
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise MNISTFileError(f"{path} is truncated: its header is incomplete. {fix}")
    shape = tuple(int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
    expected = header + int(np.prod(shape))
    if len(raw) != expected:
        raise MNISTFileError(f"{path} holds {len(raw)} bytes, but its header {shape} promises "
                             f"{expected}: the file is truncated or corrupt. {fix}")
    return np.frombuffer(bytearray(raw), dtype=np.uint8, offset=header).reshape(shape)  # writable


def _write_idx(path: Path, array: np.ndarray) -> None:
    """Write a uint8 array (1-D labels or 3-D images) as an IDX file, gzipped when ``path`` ends in .gz.

    The gzip header carries no name and no time, so the same array always gives the same bytes.
    """
    array = np.ascontiguousarray(array, dtype=np.uint8)
    if array.ndim not in _IDX_MAGIC:
        raise ValueError(f"array must be 1- or 3-dimensional for an MNIST IDX file, got {array.ndim}")
    header = _IDX_MAGIC[array.ndim].to_bytes(4, "big") + b"".join(
        int(n).to_bytes(4, "big") for n in array.shape)
    data = header + array.tobytes()
    path = Path(path)
    if path.suffix == ".gz":
        with open(path, "wb") as fh, gzip.GzipFile(filename="", mode="wb", fileobj=fh, mtime=0,
                                                   compresslevel=9) as gz:
            gz.write(data)
    else:
        path.write_bytes(data)


def _find_files(folder) -> dict[str, Path]:
    """The MNIST files present in ``folder``: base name -> path, preferring ``.gz``."""
    found = {}
    for name in FILE_NAMES:
        for candidate in (folder / f"{name}.gz", folder / name):
            if candidate.is_file():
                found[name] = candidate
                break
    return found


def _verify(path, checksums: dict[str, str], fix: str) -> None:
    expected = checksums.get(path.name)
    actual = _md5(path)
    if actual != expected:
        raise MNISTFileError(f"{path} has MD5 {actual}, but the official file has {expected}: it is "
                             f"corrupt, truncated or not the official file. {fix}")


def _read_set(files: dict[str, Path], checksums: dict[str, str], fix: str):
    """Verify and read the four files; return (train images, train labels, test images, test labels)."""
    arrays = []
    for name in FILE_NAMES:
        _verify(files[name], checksums, fix.format(file=files[name]))
        arrays.append(_read_idx(files[name], fix.format(file=files[name])))
    for images, labels, split in ((arrays[0], arrays[1], "train"), (arrays[2], arrays[3], "t10k")):
        if images.ndim != 3 or labels.ndim != 1 or len(images) != len(labels):
            raise MNISTFileError(f"the {split} images {images.shape} and labels {labels.shape} in "
                                 f"{files[FILE_NAMES[0]].parent} do not match. " + fix.format(file="them"))
    return arrays


# ----------------------------------------------------------------------------- download

def _internet_available(host: tuple[str, int] = PROBE_HOST, timeout: float = 3.0) -> bool:
    """Whether a TCP connection to ``host`` opens within ``timeout`` seconds.

    The attempt runs in a daemon thread, so even a name lookup that never answers
    (which ignores socket timeouts) cannot hold the caller longer than ``timeout``.
    Any exception of the attempt means "not reachable": none may escape the thread,
    which can still be running (and fail) long after this function has returned.
    """
    result = []

    def probe():
        try:
            socket.create_connection(host, timeout=timeout).close()
        except Exception:
            result.append(False)
        else:
            result.append(True)

    thread = threading.Thread(target=probe, daemon=True)
    thread.start()
    thread.join(timeout)
    return bool(result and result[0])


def _torchvision_download(folder: Path) -> None:
    """Download the four official files with torchvision into ``folder/MNIST/raw``."""
    from torchvision.datasets import MNIST

    MNIST(root=folder, train=True, download=True)


def _download(raw: Path, timeout: float) -> None:
    """Download MNIST into ``raw`` through a temporary folder; nothing lands in ``raw`` unless all is well.

    Raises
    ------
    OSError, RuntimeError, MNISTFileError
        When the download fails or a downloaded file has the wrong MD5; the
        temporary folder is removed in every case.
    """
    raw.parent.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".mnist-download-", dir=raw.parent.parent))
    previous = socket.getdefaulttimeout()
    try:
        socket.setdefaulttimeout(max(timeout, 30.0))  # a stalled transfer fails instead of hanging
        _torchvision_download(tmp)
        got = tmp / "MNIST" / "raw"
        fix = "The download was damaged; run load_mnist() again."
        for name in FILE_NAMES:
            _verify(got / f"{name}.gz", MNIST_MD5, fix)
        raw.mkdir(parents=True, exist_ok=True)
        for name in FILE_NAMES:  # each file is complete and verified: an atomic rename on one disk
            os.replace(got / f"{name}.gz", raw / f"{name}.gz")
    finally:
        socket.setdefaulttimeout(previous)
        shutil.rmtree(tmp, ignore_errors=True)


# ----------------------------------------------------------------------------- the loader

@dataclass(frozen=True, repr=False)
class MNISTData:
    """MNIST as tensors ready for training, and where they came from.

    Attributes
    ----------
    X_train, X_test : torch.Tensor of shape (n, 784), float32 in [0, 1]
        Flattened 28x28 images, pixel values divided by 255.
    y_train, y_test : torch.Tensor of shape (n,), int64
        Digit labels 0..9.
    source : {"files", "download", "sample"}
        Official files found on disk, a fresh download, or the small shipped sample.
    location : pathlib.Path
        The folder the files were read from.
    message : str
        One paragraph saying which data this is (printed by ``load_mnist(verbose=True)``).
    """

    X_train: object
    y_train: object
    X_test: object
    y_test: object
    source: str
    location: Path
    message: str = field(default="")

    @property
    def is_full(self) -> bool:
        """True for the full 60,000 + 10,000 images (files or download), False for the sample."""
        return self.source != "sample"

    def __repr__(self) -> str:
        return (f"MNISTData(source={self.source!r}, train={len(self.y_train)}, "
                f"test={len(self.y_test)}, location='{_shown(self.location)}')")

    def numpy(self):
        """The four arrays as NumPy arrays (sharing memory): X_train, y_train, X_test, y_test."""
        return self.X_train.numpy(), self.y_train.numpy(), self.X_test.numpy(), self.y_test.numpy()

    def train_dataset(self, transform=None):
        """The training images as a ``torchvision.datasets.MNIST`` (see :meth:`test_dataset`)."""
        return self._dataset(train=True, transform=transform)

    def test_dataset(self, transform=None):
        """The test images as a ``torchvision.datasets.MNIST``, for torchvision's per-sample recipe.

        It is what ``torchvision.datasets.MNIST(root, train=..., transform=transform)``
        returns (an instance of a subclass of it, sharing its code): indexing gives a
        ``(PIL image, label)`` pair passed through ``transform``, e.g.
        ``transforms.ToTensor()``, one sample at a time. It is built from the arrays
        this object holds, so it works for every source, the sample included.

        Parameters
        ----------
        transform : callable, optional
            Applied to each PIL image, as in torchvision.

        Returns
        -------
        lrlib.data.in_memory.InMemoryMNIST
        """
        return self._dataset(train=False, transform=transform)

    def _dataset(self, *, train: bool, transform):
        import torch

        from lrlib.data.in_memory import InMemoryMNIST

        X, y = (self.X_train, self.y_train) if train else (self.X_test, self.y_test)
        images = (X * 255).round().to(torch.uint8).reshape(-1, 28, 28)  # exact: X was bytes / 255
        return InMemoryMNIST(images, y, train=train, transform=transform, root=_shown(self.location))


def _to_tensors(arrays):
    import torch

    out = []
    for arr in arrays:
        if arr.ndim == 3:  # images: flatten, scale to [0, 1] in float32
            out.append(torch.from_numpy(arr.reshape(len(arr), -1)).to(torch.float32).div_(255))
        else:
            out.append(torch.from_numpy(arr).to(torch.int64))
    return out


def _describe_counts(arrays) -> str:
    return f"{len(arrays[1]):,} training and {len(arrays[3]):,} test images"


def load_mnist(root=None, *, download: bool = True, timeout: float = 3.0, verbose: bool = True) -> MNISTData:
    """Load MNIST: the official files, else a download, else the shipped sample.

    Parameters
    ----------
    root : str or path-like, optional
        The data folder, in torchvision's layout (the files go in ``root/MNIST/raw/``).
        Without it: the folder named by the environment variable ``LRLIB_MNIST_DIR``
        (which then must hold the four files, directly or in ``MNIST/raw/``), else
        the course's ``data/`` when lrlib runs from the course checkout, else the
        per-user cache folder (``~/.cache/lrlib`` on Linux); see :func:`data_folder`.
    download : bool, default True
        Try a torchvision download when the files are not on disk.
    timeout : float, default 3.0
        Seconds to wait for the download server before deciding there is no internet.
    verbose : bool, default True
        Print which data was loaded (for the sample: at most three lines, the last
        being the command that gets the full set).

    Returns
    -------
    MNISTData
        Tensors ``X_train`` (float32 in [0, 1], shape (n, 784)), ``y_train`` (int64),
        ``X_test``, ``y_test``, and ``source`` (``"files"``, ``"download"`` or ``"sample"``).

    Raises
    ------
    MNISTFileError
        When a file on disk is corrupt, truncated or has the wrong MD5; the message
        names the file and the fix. The loader never falls back silently over bad data.
    FileNotFoundError
        When ``LRLIB_MNIST_DIR`` is set but does not hold the four files, or the
        sample is missing.

    Examples
    --------
    >>> mnist = load_mnist(verbose=False)
    >>> mnist.X_train.dtype, mnist.y_train.dtype, mnist.source in {"files", "download", "sample"}
    (torch.float32, torch.int64, True)
    >>> float(mnist.X_train.min()) >= 0.0 and float(mnist.X_train.max()) <= 1.0
    True
    """
    if not isinstance(download, bool):
        raise TypeError(f"download must be True or False, got {download!r}")
    if not isinstance(verbose, bool):
        raise TypeError(f"verbose must be True or False, got {verbose!r}")
    timeout = check_scalar(timeout, "timeout", min_value=0, include_min=False)
    if root is not None and not isinstance(root, str | os.PathLike):
        raise TypeError(f"root must be a folder path (str or pathlib.Path), got {type(root).__name__}")
    arrays, source, location, message = _locate(root, download=download, timeout=timeout)
    return _finish(arrays, source, location, message, verbose)


def _locate(root, *, download: bool, timeout: float):
    """Find, download or fall back; return (arrays, source, location, message). See :func:`load_mnist`."""
    folder, chosen_by = data_folder(root)
    if chosen_by == ENV_VAR:
        found = _find_files(folder) or _find_files(folder / "MNIST" / "raw")
        if len(found) < len(FILE_NAMES):
            missing = ", ".join(f"{n}.gz" for n in FILE_NAMES if n not in found)
            raise FileNotFoundError(f"{ENV_VAR} is set to {folder}, but that folder lacks {missing}. "
                                    f"Put the four official files there, or unset {ENV_VAR}.")
        fix = ("Replace {file} with the official file (published MD5s: torchvision.datasets.MNIST"
               f".resources), or unset {ENV_VAR}.")
        where = found[FILE_NAMES[0]].parent
        return (_read_set(found, MNIST_MD5, fix), "files", where,
                f"MNIST: the official files in {_shown(where)} ({ENV_VAR}), MD5 verified")

    raw = folder / "MNIST" / "raw"
    found = _find_files(raw)
    fix = ("Delete {file} and run load_mnist() again (it downloads a fresh copy where there is "
           "internet), or copy the official file there again.")
    if len(found) == len(FILE_NAMES):
        return (_read_set(found, MNIST_MD5, fix), "files", raw,
                f"MNIST: the official files in {_shown(raw)}, MD5 verified")
    for path in found.values():  # a partial set: what is there must still be sound
        _verify(path, MNIST_MD5, fix.format(file=path))

    why = (f"only {len(found)} of the 4 full MNIST files are in its folder" if found
           else "the full MNIST files are not in its folder")
    if download:
        if _internet_available(timeout=timeout):
            try:
                _download(raw, timeout)
            except (OSError, RuntimeError, MNISTFileError) as exc:
                why += f" and the download failed ({_brief(exc)})"
            else:
                return (_read_set(_find_files(raw), MNIST_MD5, fix), "download", raw,
                        f"MNIST: downloaded by torchvision into {_shown(raw)}, MD5 verified")
        else:
            why += f" and {PROBE_HOST[0]} did not answer within {timeout:g} s (no internet?)"
    else:
        why += " (download=False)"

    found = _find_files(SAMPLE_DIR)
    if len(found) < len(FILE_NAMES):
        raise FileNotFoundError(f"{why}; the MNIST sample should be in {SAMPLE_DIR} but is not: "
                                "reinstall lrlib (or restore lrlib/data/mnist_sample with git).")
    fix = "The shipped sample is damaged: reinstall lrlib (or restore {file} with git)."
    arrays = _read_set(found, SAMPLE_MD5, fix)
    hint = "" if root is not None else f"; {ENV_VAR} may name another"
    command = GET_FULL_COMMAND if root is None else f"{GET_FULL_COMMAND} --root {shlex.quote(str(root))}"
    message = "\n".join([
        f"MNIST: using the small sample shipped with lrlib ({_describe_counts(arrays)}): {why}.",
        f"Full MNIST belongs in {_shown(raw)} ({chosen_by}{hint}): copy the official .gz files there,"
        " or run:",
        command,
    ])
    return arrays, "sample", SAMPLE_DIR, message


def _finish(arrays, source: str, location: Path, message: str, verbose: bool) -> MNISTData:
    if source != "sample":
        message = f"{message}: {_describe_counts(arrays)}."
    if verbose:
        print(message)
    X_train, y_train, X_test, y_test = _to_tensors(arrays)
    return MNISTData(X_train, y_train, X_test, y_test, source=source, location=location, message=message)
