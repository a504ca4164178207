"""Evaluation: probabilities, accuracy, the confusion matrix, the most confident mistakes."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn

from lrlib._validation import check_consistent_length, check_scalar, check_tensor
from lrlib.pytorch.model import check_model_input

__all__ = ["Evaluation", "accuracy", "confusion_matrix", "evaluate", "most_confident_mistakes",
           "predict_proba"]


def _device_of(model: nn.Module) -> torch.device:
    param = next(model.parameters(), None)
    return param.device if param is not None else torch.device("cpu")


def _check_model(model, X, name: str = "X"):
    """Check the model (an nn.Module with finite weights) and X; return X as a tensor."""
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    for pname, param in model.named_parameters():
        if not bool(torch.isfinite(param).all()):
            raise ValueError(f"the model's weights are not finite ({pname} holds inf or NaN): it diverged "
                             "during training; train it again with a smaller learning rate")
    X = check_tensor(X, name, ndim=2)
    check_model_input(model, X, name)
    return X


def _logits(model: nn.Module, X: torch.Tensor, batch_size: int = 10_000) -> torch.Tensor:
    """The model's logits for X, in eval mode and without autograd, on the CPU."""
    device = _device_of(model)
    model.eval()
    with torch.inference_mode():
        return torch.cat([model(X[i:i + batch_size].to(device)).float().cpu()
                          for i in range(0, len(X), batch_size)])


def accuracy(model: nn.Module, X, y) -> float:
    """The fraction of rows of ``X`` whose largest logit is at the label ``y``.

    Examples
    --------
    >>> from lrlib.pytorch.model import LogisticRegressionModel
    >>> accuracy(LogisticRegressionModel(4, 3), torch.zeros(5, 4), [0, 0, 0, 0, 0]) in {0.0, 1.0}
    True
    """
    X = _check_model(model, X)
    y = check_tensor(y, "y", ndim=1, kind="int").cpu()
    check_consistent_length(X=X, y=y)
    return float((_logits(model, X).argmax(1) == y).double().mean())


def predict_proba(model: nn.Module, X) -> torch.Tensor:
    """Softmax probabilities of every class, shape (n_samples, n_classes), on the CPU.

    Examples
    --------
    >>> from lrlib.pytorch.model import LogisticRegressionModel
    >>> p = predict_proba(LogisticRegressionModel(4, 3), torch.zeros(2, 4))
    >>> p.shape, torch.allclose(p.sum(1), torch.ones(2))
    (torch.Size([2, 3]), True)
    """
    X = _check_model(model, X)
    return torch.softmax(_logits(model, X), dim=1)


def confusion_matrix(y_true, y_pred, n_classes: int = 10) -> np.ndarray:
    """Counts of (true class, predicted class) pairs: row i, column j = true i predicted as j.

    Examples
    --------
    >>> confusion_matrix([0, 1, 1], [0, 0, 1], n_classes=2).tolist()
    [[1, 0], [1, 1]]
    """
    n_classes = check_scalar(n_classes, "n_classes", min_value=1, integer=True)
    y_true = check_tensor(y_true, "y_true", ndim=1, kind="int", n_classes=n_classes).cpu()
    y_pred = check_tensor(y_pred, "y_pred", ndim=1, kind="int", n_classes=n_classes).cpu()
    check_consistent_length(y_true=y_true, y_pred=y_pred)
    counts = torch.bincount(y_true * n_classes + y_pred, minlength=n_classes * n_classes)
    return counts.reshape(n_classes, n_classes).numpy()


@dataclass(frozen=True)
class Evaluation:
    """How a model does on a labelled set.

    Attributes
    ----------
    accuracy : float
        Fraction of correct predictions.
    loss : float
        Mean cross-entropy.
    confusion_matrix : numpy.ndarray of shape (n_classes, n_classes)
        Rows: true class; columns: predicted class.
    probabilities : torch.Tensor of shape (n_samples, n_classes)
        Softmax outputs.
    predictions : torch.Tensor of shape (n_samples,)
        Predicted classes (argmax of the probabilities).
    """

    accuracy: float
    loss: float
    confusion_matrix: np.ndarray
    probabilities: torch.Tensor = field(repr=False)
    predictions: torch.Tensor = field(repr=False)


def evaluate(model: nn.Module, X, y) -> Evaluation:
    """Accuracy, mean cross-entropy and confusion matrix of ``model`` on ``(X, y)``.

    Raises
    ------
    ValueError
        When the model's weights are not finite (it diverged), or X does not fit it.

    Examples
    --------
    >>> from lrlib.pytorch.model import LogisticRegressionModel
    >>> model = LogisticRegressionModel(4, 3)
    >>> result = evaluate(model, torch.zeros(5, 4), [0, 1, 2, 2, 1])
    >>> int(result.confusion_matrix.sum()), 0.0 <= result.accuracy <= 1.0
    (5, True)
    """
    X = _check_model(model, X)
    logits = _logits(model, X)
    y = check_tensor(y, "y", ndim=1, kind="int", n_classes=logits.shape[1]).cpu()
    check_consistent_length(X=X, y=y)
    predictions = logits.argmax(1)
    return Evaluation(
        accuracy=float((predictions == y).double().mean()),
        loss=float(nn.functional.cross_entropy(logits, y)),
        confusion_matrix=confusion_matrix(y, predictions, n_classes=logits.shape[1]),
        probabilities=torch.softmax(logits, dim=1),
        predictions=predictions,
    )


def most_confident_mistakes(probabilities, y_true, k: int = 8):
    """The ``k`` wrong predictions made with the highest probability, most confident first.

    Parameters
    ----------
    probabilities : tensor or array of shape (n_samples, n_classes)
        Predicted probabilities (e.g. ``evaluate(...).probabilities``).
    y_true : tensor or array of shape (n_samples,)
    k : int, default 8

    Returns
    -------
    indices : numpy.ndarray of int64
        Rows of the mistakes (fewer than ``k`` if there are fewer mistakes).
    predicted : numpy.ndarray of int64
        The class predicted for each.
    confidence : numpy.ndarray of float
        The probability given to that wrong class.

    Examples
    --------
    >>> p = torch.tensor([[0.9, 0.1], [0.3, 0.7], [0.6, 0.4]])
    >>> idx, pred, conf = most_confident_mistakes(p, [1, 1, 1])
    >>> idx.tolist(), pred.tolist(), conf.round(2).tolist()
    ([0, 2], [0, 0], [0.9, 0.6])
    """
    probabilities = check_tensor(probabilities, "probabilities", ndim=2).cpu()
    y_true = check_tensor(y_true, "y_true", ndim=1, kind="int", n_classes=probabilities.shape[1]).cpu()
    check_consistent_length(probabilities=probabilities, y_true=y_true)
    k = check_scalar(k, "k", min_value=1, integer=True)
    confidence, predicted = probabilities.max(dim=1)
    wrong = torch.nonzero(predicted != y_true).flatten()
    order = torch.argsort(confidence[wrong], descending=True, stable=True)[:k]
    indices = wrong[order]
    return indices.numpy(), predicted[indices].numpy(), confidence[indices].double().numpy()
