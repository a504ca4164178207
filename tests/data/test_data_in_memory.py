"""lrlib.data.in_memory: torchvision's MNIST class fed from tensors."""

import subprocess
import sys

import pytest
import torch

from lrlib.data.in_memory import InMemoryMNIST


def test_in_memory_mnist_checks_its_input():
    with pytest.raises(TypeError, match="images"):
        InMemoryMNIST(torch.zeros(2, 28, 28), torch.tensor([0, 1]))
    with pytest.raises(ValueError, match="targets"):
        InMemoryMNIST(torch.zeros(2, 28, 28, dtype=torch.uint8), torch.tensor([0, 10]))
    with pytest.raises(ValueError, match="same number"):
        InMemoryMNIST(torch.zeros(2, 28, 28, dtype=torch.uint8), torch.tensor([0, 1, 2]))


def test_the_data_layer_does_not_import_the_training_layer():
    code = ("import sys; from lrlib.data import load_mnist; "
            "ds = load_mnist(root='/nonexistent-lrlib-test-root', download=False, verbose=False).test_dataset(); "
            "print(type(ds).__module__, 'lrlib.pytorch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["lrlib.data.in_memory", "False"]
