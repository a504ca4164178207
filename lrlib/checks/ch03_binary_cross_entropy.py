"""Exercise checkers of chapter 3, binary cross-entropy.

- :func:`check_fraction_of_loss_removed`: an interpretation, how much of the best constant
  prediction's loss a model removes;
- :func:`check_binary_cross_entropy_gradient`: ``X^T (sigmoid(X w + b) - y) / n`` and its bias part;
- :func:`check_binary_cross_entropy_with_logits`: the loss from scores, exact at any ``|z|``;
- :func:`check_logistic_loss_gradient`: a derivation, the gradient of ``mean log(1 + e^(-y z))``
  for labels -1 and +1.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from lrlib import losses as _losses
from lrlib._kernels import sigmoid as _sigmoid
from lrlib.checks.building_blocks import (
    AUTOGRAD,
    BINARY_CASES,
    MISSING_MEAN,
    gradient_with,
    probabilities,
    random_binary_cases,
    random_labels,
)
from lrlib.checks.engine import CheckResult, Exercise, Mistake

__all__ = [
    "check_binary_cross_entropy_gradient",
    "check_binary_cross_entropy_with_logits",
    "check_fraction_of_loss_removed",
    "check_logistic_loss_gradient",
]


# --- an interpretation: how much better than the best constant? -------------------------------

def _constant_loss(y):
    """The mean BCE of predicting the fraction of 1s for every point: the entropy of that fraction."""
    q = float(np.mean(np.asarray(y, dtype=float)))
    return -(q * np.log(q) + (1 - q) * np.log1p(-q))


def _fraction_of_loss_removed(y, model_loss):
    # the best constant prediction is the fraction of 1s (section 3's table); its loss is the entropy
    return 1 - model_loss / _constant_loss(y)


_REMOVED_CASES = [
    (np.array([1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 1.0]), 0.35),
    (np.array([1.0, 1.0, 1.0, 0.0, 1.0]), 0.2),
    (np.array([0.0, 1.0, 0.0, 1.0]), 0.5),
    (np.array([0.0, 0.0, 0.0, 0.0, 1.0]), 0.7),  # worse than the constant: a negative answer
]


def _random_losses(rng):
    n = int(rng.integers(8, 40))
    return [(random_labels(rng, n), float(rng.uniform(0.05, 0.9))) for _ in range(2)]


_REMOVED_MISTAKES = [
    Mistake(lambda y, model_loss: 1 - model_loss / np.log(2),
            "You compared with p = 0.5 for every point, the constant's best only when half the labels are 1.",
            "the best constant prediction is the fraction of 1s (section 3's table); its loss is the BCE of "
            "predicting that fraction for every point."),
    Mistake(lambda y, model_loss: _constant_loss(y) - model_loss,
            "That is the loss removed, not the fraction of the constant's loss.",
            "divide what the model removes by the constant prediction's loss."),
    Mistake(lambda y, model_loss: model_loss / _constant_loss(y),
            "That is the fraction of the constant's loss the model keeps.",
            "the fraction removed is 1 minus the fraction kept."),
    Mistake(lambda y, model_loss: 1 - model_loss / -(np.mean(y) * np.log(np.mean(y))),
            "Your constant's loss leaves out the points with y = 0.",
            "the constant q costs -ln q on each 1 and -ln(1 - q) on each 0: "
            "-(q ln q + (1 - q) ln(1 - q)) on average."),
    Mistake(lambda y, model_loss: 1 - model_loss * np.log(2) / _constant_loss(y),
            "Your constant's loss is in bits (log base 2); the model's BCE is in natural logs.",
            "measure both losses the same way: the BCE uses ln, so the constant's loss is "
            "-(q ln q + (1 - q) ln(1 - q)) with np.log."),
]

FRACTION_OF_LOSS_REMOVED = Exercise(
    name="fraction_of_loss_removed", chapter=3, kind="interpretation",
    reference=_fraction_of_loss_removed, cases=_REMOVED_CASES, random_cases=_random_losses,
    mistakes=_REMOVED_MISTAKES,
    output_range=(None, 1),
    range_hint="a loss is never below 0, so a model removes at most all of the constant's loss: the answer "
               "is at most 1 (and below 0 for a model worse than the constant).",
    success="1 - loss / H(q), H(q) = -(q ln q + (1 - q) ln(1 - q)) being the loss of the best constant "
            "q = mean(y): ln 2 on balanced labels, much less on rare ones, so a loss is judged against it.",
    hint="the best constant prediction is q = mean(y); its mean BCE is -(q ln q + (1 - q) ln(1 - q)). "
         "Return 1 - model_loss / that.",
    rtol=1e-9, atol=1e-12,
)


def check_fraction_of_loss_removed(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(y, model_loss)``: the fraction of the best constant prediction's BCE a model removes.

    ``y`` holds the labels (0 and 1, both present) and ``model_loss`` a model's mean BCE on
    them. On fixed cases and random ones drawn from ``seed`` (a ✘ shows it).

    Examples
    --------
    >>> import numpy as np
    >>> def removed(y, model_loss):
    ...     q = np.mean(y)
    ...     return 1 - model_loss / -(q * np.log(q) + (1 - q) * np.log(1 - q))
    >>> check_fraction_of_loss_removed(removed)  # doctest: +ELLIPSIS
    ✔ Correct! 1 - loss / H(q), ...
    >>> print(check_fraction_of_loss_removed(lambda y, model_loss: 1 - model_loss / np.log(2), seed=0))
    ... # doctest: +ELLIPSIS
    ✘ Not yet: ... You compared with p = 0.5 for every point, ...
      Hint: ...
    """
    return FRACTION_OF_LOSS_REMOVED.check(func, seed=seed)


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
    Mistake(lambda X, y, w, b: _losses.binary_cross_entropy_gradient(X, y, w, b)[0],
            "You returned only the gradient with respect to w.",
            "return a pair: grad_w, grad_b (grad_b = mean(p - y))."),
]


_TRANSPOSE = ("shapes: X is (n, d) and p - y is (n,), so the gradient, one entry per feature, is "
              "X.T @ (p - y) / n, with the transpose (and p = sigmoid(X @ w + b) without it).")


BINARY_CROSS_ENTROPY_GRADIENT = Exercise(
    name="binary_cross_entropy_gradient", chapter=3,
    reference=_losses.binary_cross_entropy_gradient, cases=_GRADIENT_CASES, random_cases=random_binary_cases,
    mistakes=_GRADIENT_MISTAKES, forbidden=(_losses.binary_cross_entropy_gradient, *AUTOGRAD),
    success="grad_w = X^T (p - y) / n and grad_b = mean(p - y), as finite differences confirm.",
    hint="p = sigmoid(X @ w + b); grad_w = X.T @ (p - y) / n (shape: one entry per feature); "
         "grad_b = mean(p - y).",
    rtol=1e-6, atol=1e-10,
    crash_hints={"matmul": _TRANSPOSE, "aligned": _TRANSPOSE},
)


def check_binary_cross_entropy_gradient(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(X, y, w, b)``: returns ``(grad_w, grad_b)`` of the mean BCE of ``sigmoid(X w + b)``.

    On fixed cases and on random ones drawn from ``seed`` (a ✘ shows it). A sigmoid may be
    used, lrlib's too; lrlib's gradient, autograd and SciPy's finite differences do not count.

    Examples
    --------
    >>> import numpy as np
    >>> def grad(X, y, w, b):
    ...     p = 1 / (1 + np.exp(-(X @ w + b)))
    ...     return X.T @ (p - y) / len(y), np.mean(p - y)
    >>> check_binary_cross_entropy_gradient(grad)
    ✔ Correct! grad_w = X^T (p - y) / n and grad_b = mean(p - y), as finite differences confirm.
    """
    return BINARY_CROSS_ENTROPY_GRADIENT.check(func, seed=seed)


# --- BCE from logits --------------------------------------------------------------------

def _clipped(eps: float):
    def wrong(y, z):
        p = np.clip(_sigmoid(z), eps, 1 - eps)
        return _losses.binary_cross_entropy(y, p)
    return wrong


_LOGITS_CASES = [
    (np.array([1.0, 0.0]), np.array([1.3862943611198906, -0.4054651081081644])),  # p = 0.8, 0.4
    (np.array([1.0, 0.0, 1.0, 0.0]), np.array([2.0, -1.0, -0.5, 3.0])),
    (np.array([0.0, 1.0]), np.array([40.0, -40.0])),  # sigmoid(40) is exactly 1.0 in float64
    (np.array([0.0, 1.0, 1.0]), np.array([1000.0, -1000.0, 0.5])),
]

_LOGITS_MISTAKES = [
    Mistake(lambda y, z: -_losses.binary_cross_entropy_with_logits(y, z),
            "Your loss is negative.",
            "wrong sign: BCE = -mean(y log sigmoid(z) + (1 - y) log(1 - sigmoid(z)))."),
    Mistake(lambda y, z: _losses.binary_cross_entropy_with_logits(y, z) * len(y),
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

_NEVER_NEGATIVE = "a loss built from -log(probability) is never negative: each -log p is 0 or more."

_LOGITS_CRASH = {
    "divide": "log(0) at large |z|: sigmoid(40) rounds to exactly 1.0, so log(1 - sigmoid(40)) = log(0). "
              "Never form sigmoid(z) first. Per point the loss is log(1 + exp(z)) - y z, and "
              "log(1 + exp(z)) = max(z, 0) + log1p(exp(-|z|)) never overflows.",
    "overflow": "overflow at large |z|: exp(1000) is inf. Rewrite log(1 + exp(z)) as "
                "max(z, 0) + log1p(exp(-|z|)), whose exp() only sees numbers <= 0.",
    "invalid": "a NaN at large |z|, usually inf - inf or 0 * log(0) from exp(1000) or log(0). "
               "Per point the loss is max(z, 0) - y z + log1p(exp(-|z|)).",
}


def _random_labels_and_scores(rng):
    n = int(rng.integers(4, 20))
    return [(random_labels(rng, n), rng.uniform(-30, 30, size=n))]


BINARY_CROSS_ENTROPY_WITH_LOGITS = Exercise(
    name="binary_cross_entropy_with_logits", chapter=3,
    reference=_losses.binary_cross_entropy_with_logits, cases=_LOGITS_CASES,
    random_cases=_random_labels_and_scores, mistakes=_LOGITS_MISTAKES,
    # the loss from probabilities (lrlib's, scikit-learn's) stays allowed: it is the clipping mistake
    forbidden=(_losses.binary_cross_entropy_with_logits,
               "torch.nn.functional:binary_cross_entropy_with_logits"),
    output_range=(0, None), range_hint=_NEVER_NEGATIVE,
    success="Exact even at z = ±1000, where sigmoid(z) rounds to 0 or 1.",
    hint="per point: log(1 + exp(z)) - y z, with log(1 + exp(z)) = max(z, 0) + log1p(exp(-|z|)); "
         "then the mean.",
    crash_hints=_LOGITS_CRASH,
)


def check_binary_cross_entropy_with_logits(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(y, z)``: binary cross-entropy from scores ``z``, exact for any finite ``z``.

    On fixed cases up to ``|z| = 1000`` and random ones drawn from ``seed`` (a ✘ shows it).
    lrlib's and PyTorch's loss from logits do not count.

    Examples
    --------
    >>> import numpy as np
    >>> def bce(y, z):
    ...     return np.mean(np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z))))
    >>> check_binary_cross_entropy_with_logits(bce)
    ✔ Correct! Exact even at z = ±1000, where sigmoid(z) rounds to 0 or 1.
    """
    return BINARY_CROSS_ENTROPY_WITH_LOGITS.check(func, seed=seed)


# --- a derivation: the gradient for labels -1 and +1 ---------------------------------------

def _logistic_loss_gradient(X, y, w, b):
    # log(1 + e^(-y z)) is the BCE of the label (y + 1) / 2: the same loss, so the same gradient
    return _losses.binary_cross_entropy_gradient(X, (y + 1) / 2, w, b)


def _signed(y01):
    return 2 * y01 - 1


_SIGNED_CASES = [(X, _signed(y), w, b) for X, y, w, b in BINARY_CASES]


def _random_signed_cases(rng):
    return [(X, _signed(y), w, b) for X, y, w, b in random_binary_cases(rng)]


def _signed_residual(factor: Callable):
    """A gradient whose per-point derivative with respect to z is ``factor(y, z)``."""
    return gradient_with(lambda X, y, w, b: factor(y, X @ w + b))


_SIGNED_MISTAKES = [
    Mistake(_signed_residual(lambda y, z: y * _sigmoid(-y * z)),
            "Your gradient points the wrong way.",
            "the derivative of log(1 + e^(-y z)) with respect to z is -y e^(-y z) / (1 + e^(-y z)) "
            "= -y sigmoid(-y z): keep the minus from the chain rule."),
    Mistake(_signed_residual(lambda y, z: -y * _sigmoid(y * z)),
            "Your per-point factor uses sigmoid(y z) instead of sigmoid(-y z).",
            "e^(-y z) / (1 + e^(-y z)) = 1 / (1 + e^(y z)) = sigmoid(-y z), with the minus inside."),
    Mistake(_signed_residual(lambda y, z: _sigmoid(z) - y),
            "You used the 0/1 formula p - y with labels -1 and +1.",
            "p - y holds for labels 0 and 1 only; for y = -1 and +1 the factor is -y sigmoid(-y z) "
            "(which is p - (y + 1) / 2)."),
    Mistake(_signed_residual(lambda y, z: -_sigmoid(-y * z)),
            "You lost the factor y: every point pushes the same way.",
            "the chain rule brings down d(-y z)/dz = -y: the factor is -y sigmoid(-y z)."),
    Mistake(lambda X, y, w, b: tuple(g * len(y) for g in _logistic_loss_gradient(X, y, w, b)),
            "You are off by a factor n, the number of points.",
            "the loss is a mean over the points: divide X^T r and sum(r) by n."),
]

LOGISTIC_LOSS_GRADIENT = Exercise(
    name="logistic_loss_gradient", chapter=3, kind="derivation",
    reference=_logistic_loss_gradient, cases=_SIGNED_CASES, random_cases=_random_signed_cases,
    mistakes=_SIGNED_MISTAKES, forbidden=(_losses.binary_cross_entropy_gradient, *AUTOGRAD),
    success="With r = -y sigmoid(-y z): grad_w = X^T r / n, grad_b = mean(r), which is the BCE gradient "
            "for the labels (y + 1) / 2: the same loss under another name.",
    hint="differentiate log(1 + e^(-y z)) with respect to z (chain rule), then multiply by x_j and "
         "average, as in section 4.",
    rtol=1e-6, atol=1e-10,
    crash_hints={"matmul": _TRANSPOSE, "aligned": _TRANSPOSE},
)


def check_logistic_loss_gradient(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(X, y, w, b)``: the gradient pair of ``mean log(1 + exp(-y (X w + b)))``, ``y`` in {-1, 1}.

    On fixed cases and random ones drawn from ``seed`` (a ✘ shows it). A finite difference
    you write passes; lrlib's BCE gradient, autograd and SciPy's ``approx_fprime`` do not count.

    Examples
    --------
    >>> import numpy as np
    >>> def grad(X, y, w, b):
    ...     r = -y / (1 + np.exp(y * (X @ w + b)))  # -y sigmoid(-y z)
    ...     return X.T @ r / len(y), np.mean(r)
    >>> check_logistic_loss_gradient(grad)  # doctest: +ELLIPSIS
    ✔ Correct! With r = -y sigmoid(-y z): grad_w = X^T r / n, grad_b = mean(r), ...
    """
    return LOGISTIC_LOSS_GRADIENT.check(func, seed=seed)
