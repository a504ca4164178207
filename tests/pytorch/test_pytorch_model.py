"""lrlib.pytorch.model: one linear layer, images flattened."""

import pytest
import torch

from lrlib.pytorch import LogisticRegressionModel


def test_model_flattens_images_and_has_one_linear_layer():
    model = LogisticRegressionModel()
    assert model(torch.zeros(3, 1, 28, 28)).shape == (3, 10) and model(torch.zeros(3, 784)).shape == (3, 10)
    assert [type(m).__name__ for m in model.children()] == ["Linear"]
    assert model.linear.in_features == 784 and model.linear.out_features == 10


@pytest.mark.parametrize("args, words", [((0, 10), "input_dim"), ((784, 1), "output_dim must be >= 2")])
def test_bad_sizes_are_named(args, words):
    with pytest.raises(ValueError, match=words):
        LogisticRegressionModel(*args)
