"""Cases, wrong-version builders and hints that several chapters' exercises share.

Chapter modules import from here, never from each other.

Examples
--------
>>> import numpy as np
>>> X, y, w, b = BINARY_CASES[0]
>>> grad_w, grad_b = gradient_with(lambda X, y, w, b: probabilities(X, w, b) - y)(X, y, w, b)
>>> grad_w.shape == w.shape, float(np.round(grad_b, 6))
(True, 0.0)
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from lrlib.functions import _sigmoid

__all__ = ["BINARY_CASES", "MISSING_MEAN", "gradient_with", "probabilities"]

# Features X (n, d), labels y, weights w and bias b of a binary logistic model: zero
# weights first, then ones that make every residual different.
BINARY_CASES = [
    (np.array([[1.0, 2.0], [0.5, -1.0], [-1.5, 0.3], [2.0, 1.0]]), np.array([1.0, 0.0, 0.0, 1.0]),
     np.array([0.0, 0.0]), 0.0),
    (np.array([[0.2, -1.0, 1.5], [1.0, 0.5, -0.5], [-0.7, 2.0, 0.1], [1.2, -0.3, 0.8], [0.0, 1.0, -1.0]]),
     np.array([1.0, 0.0, 1.0, 1.0, 0.0]), np.array([0.5, -0.25, 1.0]), 0.75),
    (np.array([[3.0, -1.0], [-2.0, 0.5], [0.5, 0.5], [1.0, -2.0], [-1.0, -1.0], [2.5, 1.5]]),
     np.array([1.0, 0.0, 1.0, 0.0, 0.0, 1.0]), np.array([1.5, -0.5]), -1.0),
]

MISSING_MEAN = "forgot the mean: the loss is the *average* over the points (divide the sum by n)."


def probabilities(X, w, b):
    """``sigmoid(X @ w + b)``, the binary model's probabilities."""
    return _sigmoid(X @ w + b)


def gradient_with(residual: Callable, scale: Callable = lambda n: 1 / n) -> Callable:
    """The gradient ``(X^T r * scale(n), sum(r) * scale(n))`` for some residual ``r`` (right or wrong).

    ``r = residual(X, y, w, b)`` is a vector (one score per sample) or a matrix (one
    column per class, chapter 6); the bias part is then one entry per column.
    """
    def grad(X, y, w, b):
        r = residual(X, y, w, b)
        s = scale(len(y))
        return X.T @ r * s, np.sum(r, axis=0) * s
    return grad
