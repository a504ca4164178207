"""The model of chapter 7: multinomial logistic regression as one ``nn.Linear`` layer."""

from __future__ import annotations

import torch
from torch import nn

from lrlib._validation import check_scalar

__all__ = ["LogisticRegressionModel"]


class LogisticRegressionModel(nn.Module):
    """Multinomial logistic regression: one linear layer producing a logit per class.

    ``forward`` returns logits; softmax turns them into probabilities and
    ``nn.CrossEntropyLoss`` applies it internally (as log-softmax, the stable way).
    Images of any shape are flattened first, so (n, 784) and (n, 1, 28, 28) both work.

    Parameters
    ----------
    input_dim : int, default 784
    output_dim : int, default 10
        The number of classes, at least 2.

    Examples
    --------
    >>> model = LogisticRegressionModel()
    >>> model(torch.zeros(2, 1, 28, 28)).shape
    torch.Size([2, 10])
    """

    def __init__(self, input_dim: int = 28 * 28, output_dim: int = 10):
        super().__init__()
        input_dim = check_scalar(input_dim, "input_dim", min_value=1, integer=True)
        output_dim = check_scalar(output_dim, "output_dim", min_value=2, integer=True)
        self.linear = nn.Linear(input_dim, output_dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.linear(x.flatten(1))


def check_model_input(model: nn.Module, X: torch.Tensor, name: str = "X") -> int | None:
    """Check that ``X``'s columns fit the model's linear layer; return its number of classes.

    Models without a ``linear`` attribute that is an ``nn.Linear`` are not checked (None).
    """
    linear = getattr(model, "linear", None)
    if not isinstance(linear, nn.Linear):
        return None
    if X.shape[1] != linear.in_features:
        raise ValueError(f"{name} has {X.shape[1]} features (columns) but the model expects "
                         f"{linear.in_features} (its linear layer is {linear.in_features} -> "
                         f"{linear.out_features})")
    return linear.out_features
