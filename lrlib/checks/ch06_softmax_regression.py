"""Exercise checkers of chapter 6, softmax regression.

- :func:`check_softmax`: row-wise softmax of a score matrix, stable at any scale;
- :func:`check_logsumexp`: ``log(sum(exp(z)))`` without overflow;
- :func:`check_cross_entropy_gradient`: ``X^T (P - Y) / n`` and ``mean(P - Y)``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from lrlib.checks.building_blocks import gradient_with
from lrlib.checks.engine import CheckResult, Exercise, Mistake
from lrlib.functions import _sigmoid, _softmax, logsumexp, softmax
from lrlib.losses import cross_entropy_gradient, one_hot

__all__ = ["check_cross_entropy_gradient", "check_logsumexp", "check_softmax"]

_SUBTRACT_THE_MAX = (
    "you forgot to subtract the max: exp(1000) overflows to inf. Softmax does not change when "
    "the same number is subtracted from every score of a row, so use "
    "np.exp(Z - Z.max(axis=1, keepdims=True)): every exponent is then <= 0."
)


# --- softmax ----------------------------------------------------------------------------

def _row_softmax(Z):
    return softmax(Z, axis=1)


_SOFTMAX_CASES = [
    (np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]),),
    (np.array([[2.0, -1.0], [0.5, 0.5], [-1.0, 3.0]]),),
    (np.array([[0.1, 1.2, -0.7, 2.0], [3.0, 0.0, 1.0, -2.0], [-0.5, -0.5, 0.3, 0.1]]),),
    (np.array([[1000.0, 1001.0, 1002.0], [-5.0, 0.0, 5.0]]),),  # the naive formula overflows
    (np.array([[0.0, 1.0], [1000.0, 1001.0]]),),  # rows on very different scales
]


_SOFTMAX_MISTAKES = [
    Mistake(lambda Z: _softmax(Z, axis=0),
            "Your columns sum to 1, not your rows.",
            "each row holds one sample's scores: normalise along axis=1 (sum(axis=1, keepdims=True))."),
    Mistake(lambda Z: np.exp(Z - Z.max(axis=1, keepdims=True)),
            "Your rows do not sum to 1.",
            "divide by the sum of each row: E / E.sum(axis=1, keepdims=True)."),
    Mistake(np.exp,
            "Your rows do not sum to 1.",
            "divide each exp(score) by the sum of its row: E / E.sum(axis=1, keepdims=True)."),
    Mistake(_sigmoid,
            "You applied the sigmoid to each score on its own.",
            "softmax couples the scores of a row: exp(z_k) / sum_j exp(z_j)."),
]

_SOFTMAX_CRASH = {
    "overflow": _SUBTRACT_THE_MAX,
    "invalid": "0 / 0 in a row on a very different scale: subtract each row's own max, "
               "Z.max(axis=1, keepdims=True), not the max of the whole array.",
    "broadcast": "shapes: E.sum(axis=1) has shape (n,); keep it a column with keepdims=True.",
}


SOFTMAX = Exercise(
    name="softmax", chapter=6,
    reference=_row_softmax, cases=_SOFTMAX_CASES, mistakes=_SOFTMAX_MISTAKES,
    success="Every row is a probability distribution, even with scores of 1000.",
    hint="E = np.exp(Z - Z.max(axis=1, keepdims=True)); then E / E.sum(axis=1, keepdims=True).",
    crash_hints=_SOFTMAX_CRASH,
    atol=1e-12,
)


def check_softmax(func: Callable) -> CheckResult:
    """Check ``func(Z)``: the softmax of each row of ``Z`` (n_samples, n_classes), stable at any scale.

    Examples
    --------
    >>> import numpy as np
    >>> check_softmax(lambda Z: np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True))  # doctest: +ELLIPSIS
    ✘ Not yet: softmax_mine hit a floating-point problem (overflow encountered in exp), on ...
      Hint: you forgot to subtract the max: exp(1000) overflows to inf. ...
    """
    return SOFTMAX.check(func)


# --- log-sum-exp ------------------------------------------------------------------------

_LSE_CASES = [
    (np.array([0.0, 0.0]),),
    (np.array([1.0, 2.0, 3.0]),),
    (np.array([-2.0, 0.5, 4.0, 1.0]),),
    (np.array([1000.0, 1000.0, 999.0]),),  # exp(1000) overflows
    (np.array([-1000.0, -1001.0]),),  # exp(-1000) underflows to 0, and log(0) = -inf
]

_LSE_MISTAKES = [
    Mistake(lambda z: float(np.log(np.sum(np.exp(z - np.max(z))))),
            "You subtracted the max but did not add it back.",
            "log(sum(exp(z))) = m + log(sum(exp(z - m))) with m = max(z): add m to the result."),
    Mistake(lambda z: float(np.max(z)),
            "You returned the max; log-sum-exp is a *smooth* max, a little larger.",
            "m + log(sum(exp(z - m))) with m = max(z)."),
    Mistake(lambda z: float(np.sum(z)),
            "You returned the sum of the scores: log and exp do not cancel across a sum.",
            "log(sum(exp(z))) is not sum(z); compute m + log(sum(exp(z - m))) with m = max(z)."),
]

_LSE_CRASH = {
    "overflow": "you forgot to subtract the max: exp(1000) overflows. Use "
                "log(sum(exp(z))) = m + log(sum(exp(z - m))) with m = max(z).",
    "divide": "log(0): exp(-1000) underflows to 0. Subtract the max first, "
              "m + log(sum(exp(z - m))): the largest term is then exp(0) = 1.",
}


LOGSUMEXP = Exercise(
    name="logsumexp", chapter=6,
    reference=logsumexp, cases=_LSE_CASES, mistakes=_LSE_MISTAKES,
    success="Exact at +-1000, where exp() alone overflows or underflows.",
    hint="m = max(z); return m + log(sum(exp(z - m))). For [0, 0] that is log 2 = 0.6931.",
    crash_hints=_LSE_CRASH,
    atol=1e-12,
)


def check_logsumexp(func: Callable) -> CheckResult:
    """Check ``func(z)``: ``log(sum(exp(z)))`` of a 1-D array, for scores as large as +-1000.

    Examples
    --------
    >>> import numpy as np
    >>> check_logsumexp(lambda z: np.log(np.sum(np.exp(z))))  # doctest: +ELLIPSIS
    ✘ Not yet: ...
      Hint: you forgot to subtract the max: exp(1000) overflows. ...
    """
    return LOGSUMEXP.check(func)


# --- the gradient of the cross-entropy ----------------------------------------------------

def _transposed(gradient: Callable):
    """A gradient whose grad_W comes out transposed, (K, d) instead of W's (d, K)."""
    def wrong(X, y, W, b):
        grad_W, grad_b = gradient(X, y, W, b)
        return grad_W.T, grad_b
    return wrong


def _P(X, W, b):
    return _softmax(X @ W + b, axis=1)


def _Y(y, W):
    return one_hot(y, W.shape[1])


def _residual(X, y, W, b):
    return _P(X, W, b) - _Y(y, W)


_GRADIENT_CASES = [
    (np.array([[1.0, 2.0], [0.5, -1.0], [-1.5, 0.3], [2.0, 1.0]]), np.array([0, 2, 1, 2]),
     np.zeros((2, 3)), np.zeros(3)),
    (np.array([[0.2, -1.0], [1.0, 0.5], [-0.7, 2.0], [1.2, -0.3], [0.0, 1.0]]), np.array([1, 0, 2, 1, 0]),
     np.array([[0.5, -0.25, 1.0], [0.3, 0.1, -0.4]]), np.array([0.75, -0.5, 0.0])),
    (np.array([[3.0, -1.0, 0.5], [-2.0, 0.5, 1.0], [0.5, 0.5, -1.0], [1.0, -2.0, 0.0], [-1.0, -1.0, 2.0],
               [2.5, 1.5, -0.5]]), np.array([3, 0, 1, 2, 3, 1]),
     np.array([[1.5, -0.5, 0.2, 0.0], [0.3, 0.8, -1.0, 0.4], [-0.2, 0.1, 0.6, -0.7]]),
     np.array([0.1, -0.2, 0.3, 0.0])),
]

_GRADIENT_MISTAKES = [
    Mistake(gradient_with(lambda X, y, W, b: _Y(y, W) - _P(X, W, b)),
            "Your gradient points the wrong way.",
            "wrong sign: the residual is P - Y (predicted probabilities minus one-hot targets)."),
    Mistake(gradient_with(_residual, lambda n: 1.0),
            "You are off by a factor n, the number of samples.",
            "your gradient is off by a factor n: it is X^T (P - Y) / n, the mean over samples."),
    Mistake(gradient_with(lambda X, y, W, b: _P(X, W, b)),
            "Your residual is the probabilities alone.",
            "subtract the one-hot targets: P - Y, where Y[i, y[i]] = 1."),
    Mistake(gradient_with(lambda X, y, W, b: _softmax(X @ W, axis=1) - _Y(y, W)),
            "Changing b does not change your gradient.",
            "forgot the bias: the scores are Z = X @ W + b."),
    Mistake(gradient_with(lambda X, y, W, b: X @ W + b - _Y(y, W)),
            "Your residual is not probabilities minus targets.",
            "forgot the softmax: P = softmax(X @ W + b), row by row."),
    Mistake(_transposed(gradient_with(_residual)),
            "Your grad_W has shape (n_classes, n_features).",
            "grad_W must have the shape of W, (n_features, n_classes): X.T @ (P - Y) / n."),
    Mistake(lambda X, y, W, b: cross_entropy_gradient(X, y, W, b)[0],
            "You returned only grad_W.",
            "return a pair: grad_W, grad_b (grad_b = (P - Y).mean(axis=0))."),
]

_TRANSPOSE = ("shapes: X is (n, d) and P - Y is (n, K), so grad_W = X.T @ (P - Y) / n has W's shape "
              "(d, K).")


CROSS_ENTROPY_GRADIENT = Exercise(
    name="cross_entropy_gradient", chapter=6,
    reference=cross_entropy_gradient, cases=_GRADIENT_CASES, mistakes=_GRADIENT_MISTAKES,
    success="grad_W = X^T (P - Y) / n and grad_b = mean(P - Y), as finite differences confirm.",
    hint="P = softmax(X @ W + b) row by row; Y = one-hot of y; grad_W = X.T @ (P - Y) / n; "
         "grad_b = (P - Y).mean(axis=0).",
    rtol=1e-6, atol=1e-10,
    crash_hints={"matmul": _TRANSPOSE, "aligned": _TRANSPOSE},
)


def check_cross_entropy_gradient(func: Callable) -> CheckResult:
    """Check ``func(X, y, W, b)``: ``(grad_W, grad_b)`` of the mean cross-entropy of ``softmax(X W + b)``.

    ``y`` holds class indices 0..K-1; ``W`` has shape (n_features, K) and ``b`` (K,).

    Examples
    --------
    >>> import numpy as np
    >>> def grad(X, y, W, b):
    ...     Z = X @ W + b
    ...     P = np.exp(Z - Z.max(axis=1, keepdims=True))
    ...     P /= P.sum(axis=1, keepdims=True)
    ...     P[np.arange(len(y)), y] -= 1  # P - Y
    ...     return X.T @ P / len(y), P.mean(axis=0)
    >>> check_cross_entropy_gradient(grad)
    ✔ Correct! grad_W = X^T (P - Y) / n and grad_b = mean(P - Y), as finite differences confirm.
    """
    return CROSS_ENTROPY_GRADIENT.check(func)
