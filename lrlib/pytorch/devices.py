"""Where and how PyTorch computes: the device, the random seeds, the number of threads."""

from __future__ import annotations

import os
import random
from contextlib import contextmanager

import numpy as np
import torch

from lrlib._validation import check_scalar

__all__ = ["available_devices", "default_num_threads", "intra_op_threads", "seed_everything",
           "select_device"]

SEED_MAX = 2**32 - 1  # NumPy's legacy generator takes seeds in 0..2**32 - 1


def available_devices() -> list[str]:
    """The devices this machine can compute on: ``"cpu"``, then each CUDA GPU, then ``"mps"``.

    Examples
    --------
    >>> available_devices()[0]
    'cpu'
    """
    devices = ["cpu"]
    if torch.cuda.is_available():
        devices += [f"cuda:{i}" for i in range(torch.cuda.device_count())]
    if torch.backends.mps.is_available():
        devices.append("mps")
    return devices


def select_device(device=None) -> torch.device:
    """The device to compute on: ``device`` if given and available, else CUDA when available, else the CPU.

    Raises
    ------
    ValueError
        For a device PyTorch does not know, or one this machine does not have
        (``"cuda:7"`` on a machine without that GPU, ``"mps"`` off Apple silicon,
        ``"meta"``, which holds no data); the message lists the available ones.

    Examples
    --------
    >>> select_device("cpu")
    device(type='cpu')
    """
    if device is None:
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if not isinstance(device, str | torch.device):
        raise TypeError(f"device must be None, a string such as 'cpu' or 'cuda', or a torch.device, "
                        f"got {type(device).__name__}")
    try:
        chosen = torch.device(device)
    except RuntimeError as exc:
        raise ValueError(f"device {device!r} is not a device PyTorch knows: {exc}") from None
    available = available_devices()
    if chosen.type == "cpu":
        return chosen
    if chosen.type == "cuda" and torch.cuda.is_available() and (
            chosen.index is None or chosen.index < torch.cuda.device_count()):
        return chosen
    if chosen.type == "mps" and "mps" in available:
        return chosen
    raise ValueError(f"device {device!r} is not available on this machine; available: "
                     f"{', '.join(available)}")


def seed_everything(seed: int) -> None:
    """Seed Python's, NumPy's and PyTorch's (CPU and CUDA) random generators.

    Parameters
    ----------
    seed : int in 0..2**32 - 1

    Examples
    --------
    >>> seed_everything(0); a = torch.rand(2)
    >>> seed_everything(0); bool((torch.rand(2) == a).all())
    True
    """
    seed = check_seed(seed)
    random.seed(seed)
    np.random.seed(seed)  # noqa: NPY002 (code outside lrlib may use the legacy global generator)
    torch.manual_seed(seed)  # seeds CUDA too


def check_seed(seed, name: str = "seed") -> int:
    """Return ``seed`` as an int after checking it is an integer in 0..2**32 - 1."""
    return check_scalar(seed, name, min_value=0, max_value=SEED_MAX, integer=True)


NUM_THREADS_ENV_VAR = "LRLIB_NUM_THREADS"


def default_num_threads() -> int:
    """The threads training uses by default: the cores this process may run on.

    That is ``len(os.sched_getaffinity(0))`` where it exists (a container or ``taskset``
    may allow fewer cores than the machine has), else ``os.cpu_count()``. The
    environment variable ``LRLIB_NUM_THREADS`` overrides it, e.g. ``LRLIB_NUM_THREADS=1``
    on a machine whose cores are busy with other work.

    Examples
    --------
    >>> default_num_threads() >= 1
    True
    """
    chosen = os.environ.get(NUM_THREADS_ENV_VAR, "").strip()
    if chosen:
        try:
            value = int(chosen)
        except ValueError:
            value = 0
        if value < 1:
            raise ValueError(f"{NUM_THREADS_ENV_VAR} must be a whole number >= 1, got {chosen!r}")
        return value
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


@contextmanager
def intra_op_threads(num_threads: int):
    """Run the block with ``num_threads`` PyTorch intra-op threads, then restore the previous count.

    Examples
    --------
    >>> before = torch.get_num_threads()
    >>> with intra_op_threads(1):
    ...     torch.get_num_threads()
    1
    >>> torch.get_num_threads() == before
    True
    """
    previous = torch.get_num_threads()
    torch.set_num_threads(num_threads)
    try:
        yield
    finally:
        torch.set_num_threads(previous)
