"""lrlib.pytorch.devices: the device, the seeds, the thread count."""

import os

import numpy as np
import pytest
import torch

from lrlib.pytorch import available_devices, default_num_threads, seed_everything, select_device


def test_device_selection(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert select_device() == torch.device("cpu")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 2)
    assert select_device() == torch.device("cuda")
    assert select_device("cuda:1") == torch.device("cuda:1")
    assert select_device("cpu") == torch.device("cpu")
    assert select_device(torch.device("cpu")) == torch.device("cpu")
    with pytest.raises(ValueError, match="device"):
        select_device("gpu-please")
    with pytest.raises(TypeError, match="device"):
        select_device(0.5)


@pytest.mark.parametrize("device", ["cuda:7", "cuda", "mps", "meta", torch.device("meta"), "xpu"])
def test_unavailable_devices_are_refused_naming_the_available_ones(device, monkeypatch):
    """Issue 10 G: these passed and failed later inside torch."""
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)
    with pytest.raises(ValueError, match=r"not available on this machine; available: cpu$"):
        select_device(device)


def test_available_devices_lists_each_gpu(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 2)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)
    assert available_devices() == ["cpu", "cuda:0", "cuda:1"]
    with pytest.raises(ValueError, match="available: cpu, cuda:0, cuda:1"):
        select_device("cuda:2")


def test_seed_everything_seeds_numpy_and_torch():
    seed_everything(2**32 - 1)  # the largest seed NumPy takes
    a = np.random.rand(), torch.rand(1)  # noqa: NPY002 (the legacy generator is what it seeds)
    seed_everything(2**32 - 1)
    assert a == (np.random.rand(), torch.rand(1))  # noqa: NPY002


@pytest.mark.parametrize("seed, error", [(2**32, ValueError), (-1, ValueError), (1.5, TypeError),
                                         ("0", TypeError)])
def test_seed_outside_the_range_is_named(seed, error):
    """Issue 10 H: 2**32 raised NumPy's own error from inside seed_everything."""
    with pytest.raises(error, match="seed"):
        seed_everything(seed)


def test_default_threads_are_the_cores_this_process_may_use(monkeypatch):
    monkeypatch.delenv("LRLIB_NUM_THREADS", raising=False)
    if hasattr(os, "sched_getaffinity"):
        assert default_num_threads() == len(os.sched_getaffinity(0))
        monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
        assert default_num_threads() == 1
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 6)
    assert default_num_threads() == 6


def test_the_environment_can_choose_the_default_threads(monkeypatch):
    monkeypatch.setenv("LRLIB_NUM_THREADS", "3")
    assert default_num_threads() == 3
    for bad in ["0", "two", "-1", "1.5"]:
        monkeypatch.setenv("LRLIB_NUM_THREADS", bad)
        with pytest.raises(ValueError, match="LRLIB_NUM_THREADS must be a whole number >= 1"):
            default_num_threads()
