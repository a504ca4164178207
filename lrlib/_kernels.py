"""The numerical kernels of lrlib: no validation, inputs are clean float arrays.

The public functions (:mod:`lrlib.functions`, :mod:`lrlib.losses`) check their
arguments and call these; the estimators, Newton's method, inference and the
exercise checkers call them directly on data they have checked already. Each is
exact where the textbook formula overflows or cancels.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "average_over_samples",
    "binary_cross_entropy_gradient",
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "cross_entropy_gradient",
    "log_sigmoid",
    "log_softmax",
    "logsumexp",
    "mean",
    "pool_adjacent_violators",
    "sigmoid",
    "softmax",
]


# --- activations ---


def sigmoid(z: np.ndarray) -> np.ndarray:
    # exp(-|z|) is in (0, 1], so neither branch can overflow.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e)).astype(z.dtype, copy=False)


def log_sigmoid(z: np.ndarray) -> np.ndarray:
    # log(sigmoid(z)) = -log(1 + e^-z) = min(z, 0) - log1p(e^-|z|)
    return np.minimum(z, 0) - np.log1p(np.exp(-np.abs(z)))


def _shift_by_max(z: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    # Subtracting the maximum makes the largest exponent exp(0) = 1: no overflow,
    # and at least one term is 1, so a log of the sum never sees 0. A difference
    # beyond the float range (z spanning -1e308 to 1e308) is -inf, whose exp is
    # exactly the 0.0 it rounds to anyway.
    m = np.max(z, axis=axis, keepdims=True)
    with np.errstate(over="ignore"):
        return m, z - m


def logsumexp(z: np.ndarray, axis: int = -1, keepdims: bool = False) -> np.ndarray:
    m, shifted = _shift_by_max(z, axis)
    out = m + np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))
    return out if keepdims else np.squeeze(out, axis=axis)


def log_softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    # Shift first: z - logsumexp(z) would lose everything when |z| dwarfs log(K).
    _, shifted = _shift_by_max(z, axis)
    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))


def softmax(z: np.ndarray, axis: int = -1) -> np.ndarray:
    e = np.exp(_shift_by_max(z, axis)[1])
    return e / np.sum(e, axis=axis, keepdims=True)


# --- losses and their gradients ---


def mean(values: np.ndarray) -> float:
    """The mean of ``values``, also where their sum exceeds the float range (else inf).

    Dividing by n before summing is done only when needed, so ordinary inputs give
    exactly ``np.mean``.
    """
    with np.errstate(over="ignore"):
        result = np.mean(values)
        if not np.isfinite(result):
            result = np.sum(values / len(values))
    return float(result)


def average_over_samples(X: np.ndarray, residual: np.ndarray) -> np.ndarray:
    """``X.T @ residual / n``; dividing first only where the sum would overflow."""
    with np.errstate(over="ignore", invalid="ignore"):
        out = X.T @ residual / len(X)
    if not np.all(np.isfinite(out)):
        out = (X / len(X)).T @ residual
    return out


def binary_cross_entropy_with_logits(y: np.ndarray, z: np.ndarray) -> float:
    # -[y log s(z) + (1 - y) log s(-z)], each log-sigmoid exact at any |z|
    return -mean(y * log_sigmoid(z) + (1 - y) * log_sigmoid(-z))


def binary_cross_entropy_gradient(X: np.ndarray, y: np.ndarray, z: np.ndarray):
    # gradient with respect to (w, b) of the mean BCE at scores z = X w + b
    residual = sigmoid(z) - y
    return average_over_samples(X, residual), float(np.mean(residual))


def cross_entropy(y: np.ndarray, Z: np.ndarray) -> float:
    # y holds class indices. -log softmax(Z_i)[y_i] from the shifted scores: the
    # textbook logsumexp(Z_i) - Z_i[y_i] subtracts two huge numbers and cancels
    # (it gives 0.0 instead of log 2 for scores [1e17, 1e17]).
    return -mean(log_softmax(Z, axis=1)[np.arange(len(y)), y])


def cross_entropy_gradient(X: np.ndarray, y: np.ndarray, Z: np.ndarray):
    # gradient with respect to (W, b) of the mean cross-entropy at scores Z = X W + b
    residual = softmax(Z, axis=1)
    residual[np.arange(len(y)), y] -= 1.0  # P - Y without building Y
    return average_over_samples(X, residual), residual.mean(axis=0)


# --- isotonic regression (chapter 12's calibration) ---

def pool_adjacent_violators(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The non-decreasing sequence closest to ``values`` in weighted least squares.

    Walk left to right keeping blocks (mean, weight, length); whenever a block's mean is
    below the previous block's, pool the two (their weighted mean), and look back again.
    """
    means: list[float] = []
    block_weights: list[float] = []
    lengths: list[int] = []
    for value, weight in zip(values.tolist(), weights.tolist(), strict=True):
        means.append(value)
        block_weights.append(weight)
        lengths.append(1)
        while len(means) > 1 and means[-2] >= means[-1]:
            w = block_weights[-2] + block_weights[-1]
            means[-2] = (block_weights[-2] * means[-2] + block_weights[-1] * means[-1]) / w
            block_weights[-2] = w
            lengths[-2] += lengths[-1]
            del means[-1], block_weights[-1], lengths[-1]
    return np.repeat(means, lengths)
