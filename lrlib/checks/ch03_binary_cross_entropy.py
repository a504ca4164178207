"""Exercise checkers of chapter 3, binary cross-entropy.

- :func:`check_binary_cross_entropy`: the loss from probabilities;
- :func:`check_binary_cross_entropy_gradient`: ``X^T (sigmoid(X w + b) - y) / n`` and its bias part;
- :func:`check_binary_cross_entropy_with_logits`: the loss from scores, exact at any ``|z|``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from lrlib.checks.building_blocks import BINARY_CASES, MISSING_MEAN, gradient_with, probabilities
from lrlib.checks.engine import CheckResult, Exercise, Mistake
from lrlib.functions import _sigmoid
from lrlib.losses import (
    binary_cross_entropy,
    binary_cross_entropy_gradient,
    binary_cross_entropy_with_logits,
)

__all__ = [
    "check_binary_cross_entropy",
    "check_binary_cross_entropy_gradient",
    "check_binary_cross_entropy_with_logits",
]


# --- BCE from probabilities -------------------------------------------------------------

_BCE_CASES = [
    (np.array([1.0, 0.0]), np.array([0.8, 0.4])),
    (np.array([0.0, 1.0, 1.0]), np.array([0.5, 0.5, 0.5])),
    (np.array([1.0, 1.0, 0.0, 0.0, 1.0]), np.array([0.9, 0.6, 0.3, 0.2, 0.7])),
]

_BCE_MISTAKES = [
    Mistake(lambda y, p: -binary_cross_entropy(y, p),
            "Your loss is negative; a loss built from -log(probability) is never below 0.",
            "wrong sign: BCE = -mean(y log p + (1 - y) log(1 - p)), with a minus in front."),
    Mistake(lambda y, p: binary_cross_entropy(y, p) * len(y),
            "You are off by a factor n, the number of points.", MISSING_MEAN),
    Mistake(lambda y, p: float(-np.mean(y * np.log(p))),
            "The points with y = 0 cost nothing in your loss.",
            "add the (1 - y) log(1 - p) term: a point with y = 0 costs -log(1 - p)."),
    Mistake(lambda y, p: float(-np.mean(y * np.log1p(-p) + (1 - y) * np.log(p))),
            "You swapped p and 1 - p.",
            "p is the probability of y = 1, so y goes with log(p) and (1 - y) with log(1 - p)."),
    Mistake(lambda y, p: float(np.mean((y - p) ** 2)),
            "You computed the squared error.",
            "binary cross-entropy is -mean(y log p + (1 - y) log(1 - p)), not mean((y - p)^2)."),
]


BINARY_CROSS_ENTROPY = Exercise(
    name="binary_cross_entropy", chapter=3,
    reference=binary_cross_entropy, cases=_BCE_CASES, mistakes=_BCE_MISTAKES,
    success="Your loss is the negative mean log-likelihood, as sklearn.metrics.log_loss computes it.",
    hint="for y = [1, 0] and p = [0.8, 0.4], BCE = -(ln 0.8 + ln 0.6) / 2 = 0.367.",
)


def check_binary_cross_entropy(func: Callable) -> CheckResult:
    """Check ``func(y, p)``: the binary cross-entropy ``-mean(y log p + (1 - y) log(1 - p))``.

    Probabilities in the cases are strictly between 0 and 1.

    Examples
    --------
    >>> import numpy as np
    >>> check_binary_cross_entropy(lambda y, p: -np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)))
    ... # doctest: +ELLIPSIS
    ✘ Not yet: ... You are off by a factor n, the number of points.
      Hint: forgot the mean: the loss is the *average* over the points (divide the sum by n).
    """
    return BINARY_CROSS_ENTROPY.check(func)


# --- its gradient ---------------------------------------------------------------------

_GRADIENT_CASES = BINARY_CASES


def _squared_error_residual(X, y, w, b):
    p = probabilities(X, w, b)
    return (p - y) * p * (1 - p)


_GRADIENT_MISTAKES = [
    Mistake(gradient_with(lambda X, y, w, b: y - probabilities(X, w, b)),
            "Your gradient points the wrong way (uphill on the loss would be downhill).",
            "wrong sign: the residual is p - y (prediction minus label), not y - p."),
    Mistake(gradient_with(lambda X, y, w, b: probabilities(X, w, b) - y, scale=lambda n: 1.0),
            "You are off by a factor n, the number of points.",
            "forgot the mean: divide X^T (p - y) and sum(p - y) by n."),
    Mistake(gradient_with(lambda X, y, w, b: _sigmoid(X @ w) - y),
            "Changing b does not change your gradient.",
            "forgot the bias: the scores are z = X @ w + b, so p = sigmoid(X @ w + b)."),
    Mistake(gradient_with(lambda X, y, w, b: X @ w + b - y),
            "Your residual is not a probability minus a label.",
            "forgot the sigmoid: p = sigmoid(X @ w + b), and the residual is p - y."),
    Mistake(gradient_with(_squared_error_residual),
            "That is the gradient of the squared error (p - y)^2 / 2 through a sigmoid.",
            "for cross-entropy the sigmoid's derivative p (1 - p) cancels: the residual is just p - y."),
    Mistake(lambda X, y, w, b: binary_cross_entropy_gradient(X, y, w, b)[0],
            "You returned only the gradient with respect to w.",
            "return a pair: grad_w, grad_b (grad_b = mean(p - y))."),
]


_TRANSPOSE = ("shapes: X is (n, d) and p - y is (n,), so the gradient, one entry per feature, is "
              "X.T @ (p - y) / n, with the transpose (and p = sigmoid(X @ w + b) without it).")


BINARY_CROSS_ENTROPY_GRADIENT = Exercise(
    name="binary_cross_entropy_gradient", chapter=3,
    reference=binary_cross_entropy_gradient, cases=_GRADIENT_CASES, mistakes=_GRADIENT_MISTAKES,
    success="grad_w = X^T (p - y) / n and grad_b = mean(p - y), as finite differences confirm.",
    hint="p = sigmoid(X @ w + b); grad_w = X.T @ (p - y) / n (shape: one entry per feature); "
         "grad_b = mean(p - y).",
    rtol=1e-6, atol=1e-10,
    crash_hints={"matmul": _TRANSPOSE, "aligned": _TRANSPOSE},
)


def check_binary_cross_entropy_gradient(func: Callable) -> CheckResult:
    """Check ``func(X, y, w, b)``: returns ``(grad_w, grad_b)`` of the mean BCE of ``sigmoid(X w + b)``.

    Examples
    --------
    >>> import numpy as np
    >>> def grad(X, y, w, b):
    ...     p = 1 / (1 + np.exp(-(X @ w + b)))
    ...     return X.T @ (p - y) / len(y), np.mean(p - y)
    >>> check_binary_cross_entropy_gradient(grad)
    ✔ Correct! grad_w = X^T (p - y) / n and grad_b = mean(p - y), as finite differences confirm.
    """
    return BINARY_CROSS_ENTROPY_GRADIENT.check(func)


# --- BCE from logits --------------------------------------------------------------------

def _clipped(eps: float):
    def wrong(y, z):
        p = np.clip(_sigmoid(z), eps, 1 - eps)
        return binary_cross_entropy(y, p)
    return wrong


_LOGITS_CASES = [
    (np.array([1.0, 0.0]), np.array([1.3862943611198906, -0.4054651081081644])),  # p = 0.8, 0.4
    (np.array([1.0, 0.0, 1.0, 0.0]), np.array([2.0, -1.0, -0.5, 3.0])),
    (np.array([0.0, 1.0]), np.array([40.0, -40.0])),  # sigmoid(40) is exactly 1.0 in float64
    (np.array([0.0, 1.0, 1.0]), np.array([1000.0, -1000.0, 0.5])),
]

_LOGITS_MISTAKES = [
    Mistake(lambda y, z: -binary_cross_entropy_with_logits(y, z),
            "Your loss is negative.",
            "wrong sign: BCE = -mean(y log sigmoid(z) + (1 - y) log(1 - sigmoid(z)))."),
    Mistake(lambda y, z: binary_cross_entropy_with_logits(y, z) * len(y),
            "You are off by a factor n, the number of points.", MISSING_MEAN),
    Mistake(_clipped(1e-15),
            "Your loss is capped: clipping p keeps it finite, but wrong for confident mistakes.",
            "at z = 40 with y = 0 the loss is exactly 40, not -log(1e-15) = 34.5. Work with z: "
            "-log sigmoid(z) = log(1 + exp(-z)), and log(1 + exp(z)) = max(z, 0) + log1p(exp(-|z|))."),
    Mistake(_clipped(float(np.finfo(float).eps)),
            "Your loss is capped: clipping p keeps it finite, but wrong for confident mistakes.",
            "at z = 40 with y = 0 the loss is exactly 40, not -log(eps) = 36.04. Work with z: "
            "-log sigmoid(z) = log(1 + exp(-z)), and log(1 + exp(z)) = max(z, 0) + log1p(exp(-|z|))."),
]

_LOGITS_CRASH = {
    "divide": "log(0) at large |z|: sigmoid(40) rounds to exactly 1.0, so log(1 - sigmoid(40)) = log(0). "
              "Never form sigmoid(z) first. Per point the loss is log(1 + exp(z)) - y z, and "
              "log(1 + exp(z)) = max(z, 0) + log1p(exp(-|z|)) never overflows.",
    "overflow": "overflow at large |z|: exp(1000) is inf. Rewrite log(1 + exp(z)) as "
                "max(z, 0) + log1p(exp(-|z|)), whose exp() only sees numbers <= 0.",
    "invalid": "a NaN at large |z|, usually inf - inf or 0 * log(0) from exp(1000) or log(0). "
               "Per point the loss is max(z, 0) - y z + log1p(exp(-|z|)).",
}


BINARY_CROSS_ENTROPY_WITH_LOGITS = Exercise(
    name="binary_cross_entropy_with_logits", chapter=3,
    reference=binary_cross_entropy_with_logits, cases=_LOGITS_CASES, mistakes=_LOGITS_MISTAKES,
    success="Exact even at z = ±1000, where sigmoid(z) rounds to 0 or 1.",
    hint="per point: log(1 + exp(z)) - y z, with log(1 + exp(z)) = max(z, 0) + log1p(exp(-|z|)); "
         "then the mean.",
    crash_hints=_LOGITS_CRASH,
)


def check_binary_cross_entropy_with_logits(func: Callable) -> CheckResult:
    """Check ``func(y, z)``: binary cross-entropy from scores ``z``, exact for any finite ``z``.

    Examples
    --------
    >>> import numpy as np
    >>> def bce(y, z):
    ...     return np.mean(np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z))))
    >>> check_binary_cross_entropy_with_logits(bce)
    ✔ Correct! Exact even at z = ±1000, where sigmoid(z) rounds to 0 or 1.
    """
    return BINARY_CROSS_ENTROPY_WITH_LOGITS.check(func)
