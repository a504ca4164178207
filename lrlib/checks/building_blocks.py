"""Cases, random cases, wrong-version builders, validators and hints that several chapters' exercises share.

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

from lrlib._kernels import sigmoid as _sigmoid
from lrlib.checks.engine import as_real_array

__all__ = ["AUTOGRAD", "BINARY_CASES", "MISSING_MEAN", "gradient_with", "labels_0_or_1", "probabilities",
           "random_binary_cases", "random_labels"]

# A gradient found by automatic or numerical differentiation of a loss is the answer computed,
# not derived: forbidden in every gradient exercise (a finite difference the learner writes is theirs).
AUTOGRAD = ("torch.autograd:grad", "torch.autograd:backward", "scipy.optimize:approx_fprime")

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



def random_labels(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` labels 0.0 and 1.0 drawn from ``rng``, both present.

    Examples
    --------
    >>> sorted(set(random_labels(np.random.default_rng(0), 5).tolist()))
    [0.0, 1.0]
    """
    y = (rng.random(n) < 0.5).astype(float)
    y[rng.choice(n, size=2, replace=False)] = [0.0, 1.0]
    return y


def random_binary_cases(rng: np.random.Generator, count: int = 2) -> list[tuple]:
    """``count`` problems ``(X, y, w, b)`` like :data:`BINARY_CASES`, drawn from ``rng``.

    6 to 10 points of 2 or 3 features, both labels, and weights that keep the scores
    ``X w + b`` moderate (within about 10), so every probability is far from 0 and 1
    and every Hessian well-conditioned.

    Examples
    --------
    >>> [X.shape for X, y, w, b in random_binary_cases(np.random.default_rng(0))]
    [(10, 3), (8, 3)]
    """
    cases = []
    for _ in range(count):
        n, d = int(rng.integers(6, 11)), int(rng.integers(2, 4))
        X = rng.normal(size=(n, d))
        cases.append((X, random_labels(rng, n), rng.normal(scale=0.7, size=d), float(rng.normal(scale=0.5))))
    return cases


def labels_0_or_1(answer, *args) -> str | None:
    """What keeps ``answer`` from being labels 0 and 1 ("it holds 0.73, not a label 0 or 1"), or None.

    Booleans count as 0 and 1. (A validator for :class:`~lrlib.checks.engine.Exercise`.)

    Examples
    --------
    >>> labels_0_or_1([True, False]), labels_0_or_1([0.0, 0.73])
    (None, 'it holds 0.73, not a label 0 or 1')
    """
    values, _ = as_real_array(answer)
    bad = values[(values != 0) & (values != 1)]
    return None if bad.size == 0 else f"it holds {bad.flat[0]:.4g}, not a label 0 or 1"


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
