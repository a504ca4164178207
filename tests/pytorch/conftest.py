"""Test configuration for lrlib.pytorch: no progress bars, as a user would silence them."""

import pytest


@pytest.fixture(autouse=True)
def no_progress_bars(monkeypatch):
    """Progress bars off in these tests through the variable the library documents."""
    monkeypatch.setenv("LRLIB_PROGRESS", "0")


@pytest.fixture(scope="session")
def sample():
    """The MNIST sample that ships with the course (always there, whatever else is on disk)."""
    from lrlib.data import load_mnist

    return load_mnist(root="/nonexistent-lrlib-test-root", download=False, verbose=False)


@pytest.fixture
def toy():
    """300 rows, 6 features, 3 classes."""
    import torch

    gen = torch.Generator().manual_seed(0)
    X = torch.rand(300, 6, generator=gen)
    y = (X[:, :3].sum(1) > X[:, 3:].sum(1)).long() + (X[:, 0] > 0.8).long()
    return X, y
