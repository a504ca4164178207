"""Exercise checkers of chapter 6, softmax regression.

- :func:`check_softmax`: row-wise softmax of a score matrix, stable at any scale (a bug to find: a
  colleague's version subtracts the max of the whole matrix);
- :func:`check_logsumexp`: ``log(sum(exp(z)))`` without overflow;
- :func:`check_cross_entropy_gradient`: ``(P - Y)^T X / n`` and ``mean(P - Y)``, W one row per class;
- :func:`check_binary_from_softmax`: a derivation, the logistic regression a two-class softmax model is;
- :func:`check_class_odds_ratio`: read a fitted softmax model's weights: by what factor one unit of a
  feature multiplies the odds of one class against another (an interpretation).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from lrlib import functions as _functions
from lrlib._kernels import sigmoid as _sigmoid
from lrlib._kernels import softmax as _softmax
from lrlib.checks.building_blocks import AUTOGRAD, gradient_with
from lrlib.checks.engine import CheckResult, Exercise, Mistake, as_real_array
from lrlib.losses import cross_entropy_gradient as _cross_entropy_gradient
from lrlib.losses import one_hot

__all__ = ["check_binary_from_softmax", "check_class_odds_ratio", "check_cross_entropy_gradient",
           "check_logsumexp", "check_softmax"]

_SUBTRACT_THE_MAX = (
    "you forgot to subtract the max: exp(1000) overflows to inf. Softmax does not change when "
    "the same number is subtracted from every score of a row, so use "
    "np.exp(Z - Z.max(axis=1, keepdims=True)): every exponent is then <= 0."
)


# --- softmax ----------------------------------------------------------------------------

def _row_softmax(Z):
    return _functions.softmax(Z, axis=1)


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


def _random_score_matrices(rng):
    return [(rng.normal(scale=3, size=(int(rng.integers(2, 6)), int(rng.integers(2, 6)))),)]


SOFTMAX = Exercise(
    name="softmax", chapter=6, kind="bug",  # the notebook's colleague subtracts the whole matrix's max
    reference=_row_softmax, cases=_SOFTMAX_CASES, random_cases=_random_score_matrices,
    mistakes=_SOFTMAX_MISTAKES,
    forbidden=(_functions.softmax, _functions.log_softmax, "scipy.special:softmax",
               "scipy.special:log_softmax", "torch:softmax", "torch:Tensor.softmax",
               "torch.nn.functional:softmax", "torch.special:softmax"),
    output_range=(0, 1), range_hint="softmax gives probabilities: every entry lies between 0 and 1.",
    success="Every row is a probability distribution, even with scores of 1000.",
    hint="E = np.exp(Z - Z.max(axis=1, keepdims=True)); then E / E.sum(axis=1, keepdims=True).",
    crash_hints=_SOFTMAX_CRASH,
    atol=1e-12,
)


def check_softmax(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(Z)``: the softmax of each row of ``Z`` (n_samples, n_classes), stable at any scale.

    On fixed cases and random ones drawn from ``seed`` (a ✘ shows it). lrlib's, SciPy's and
    PyTorch's softmax (and log-softmax) do not count.

    Examples
    --------
    >>> import numpy as np
    >>> check_softmax(lambda Z: np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True))  # doctest: +ELLIPSIS
    ✘ Not yet: softmax_mine hit a floating-point problem (overflow encountered in exp), on ...
      Hint: you forgot to subtract the max: exp(1000) overflows to inf. ...
      Seed ...
    """
    return SOFTMAX.check(func, seed=seed)


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


def _random_scores(rng):
    return [(rng.normal(scale=5, size=int(rng.integers(2, 9))),)]


def _a_smooth_max(answer, z) -> str | None:
    # max(z) <= logsumexp(z) <= max(z) + log(n): the largest term alone, or n terms as large as it
    value, top, slack = float(as_real_array(answer)[0]), float(np.max(z)), 1e-9 * (1 + abs(float(np.max(z))))
    if top - slack <= value <= top + np.log(len(z)) + slack:
        return None
    return f"it is outside [max(z), max(z) + log(n)] = [{top:.6g}, {top + np.log(len(z)):.6g}]"


LOGSUMEXP = Exercise(
    name="logsumexp", chapter=6,
    reference=_functions.logsumexp, cases=_LSE_CASES, random_cases=_random_scores, mistakes=_LSE_MISTAKES,
    forbidden=(_functions.logsumexp, "scipy.special:logsumexp", "torch:logsumexp", "torch:Tensor.logsumexp",
               "numpy:logaddexp.reduce"),
    validate=_a_smooth_max,
    range_hint="log(sum(exp(z))) is at least max(z) (the largest term alone) and at most max(z) + log(n).",
    success="Exact at +-1000, where exp() alone overflows or underflows.",
    hint="m = max(z); return m + log(sum(exp(z - m))). For [0, 0] that is log 2 = 0.6931.",
    crash_hints=_LSE_CRASH,
    atol=1e-12,
)


def check_logsumexp(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(z)``: ``log(sum(exp(z)))`` of a 1-D array, for scores as large as +-1000.

    On fixed cases and random ones drawn from ``seed`` (a ✘ shows it). lrlib's, SciPy's,
    PyTorch's log-sum-exp and ``np.logaddexp.reduce`` do not count.

    Examples
    --------
    >>> import numpy as np
    >>> check_logsumexp(lambda z: np.log(np.sum(np.exp(z))))  # doctest: +ELLIPSIS
    ✘ Not yet: ...
      Hint: you forgot to subtract the max: exp(1000) overflows. ...
      Seed ...
    """
    return LOGSUMEXP.check(func, seed=seed)


# --- the gradient of the cross-entropy ----------------------------------------------------
# W has one row per class, (K, d), as scikit-learn's coef_: scores Z = X @ W.T + b.

def _class_gradient_with(residual: Callable, scale: Callable = lambda n: 1 / n, *, transpose: bool = True):
    """``((R^T X) * scale(n), sum(R) * scale(n))`` for a residual ``R`` (right or wrong), W's layout (K, d).

    ``transpose=False`` keeps chapter 3's ``X^T R``, of shape (d, K): the transposed mistake.
    """
    gradient = gradient_with(residual, scale)

    def grad(X, y, W, b):
        grad_W, grad_b = gradient(X, y, W, b)
        return (grad_W.T if transpose else grad_W), grad_b
    return grad


def _P(X, W, b):
    return _softmax(X @ W.T + b, axis=1)


def _Y(y, W):
    return one_hot(y, W.shape[0])


def _residual(X, y, W, b):
    return _P(X, W, b) - _Y(y, W)


# (X, y, W, b) with d features and K classes: W is (K, d); d != K, so a transposed W shows.
_GRADIENT_CASES = [
    (np.array([[1.0, 2.0], [0.5, -1.0], [-1.5, 0.3], [2.0, 1.0]]), np.array([0, 2, 1, 2]),
     np.zeros((3, 2)), np.zeros(3)),
    (np.array([[0.2, -1.0], [1.0, 0.5], [-0.7, 2.0], [1.2, -0.3], [0.0, 1.0]]), np.array([1, 0, 2, 1, 0]),
     np.array([[0.5, 0.3], [-0.25, 0.1], [1.0, -0.4]]), np.array([0.75, -0.5, 0.0])),
    (np.array([[3.0, -1.0, 0.5], [-2.0, 0.5, 1.0], [0.5, 0.5, -1.0], [1.0, -2.0, 0.0], [-1.0, -1.0, 2.0],
               [2.5, 1.5, -0.5]]), np.array([3, 0, 1, 2, 3, 1]),
     np.array([[1.5, 0.3, -0.2], [-0.5, 0.8, 0.1], [0.2, -1.0, 0.6], [0.0, 0.4, -0.7]]),
     np.array([0.1, -0.2, 0.3, 0.0])),
]

_GRADIENT_MISTAKES = [
    Mistake(_class_gradient_with(lambda X, y, W, b: _Y(y, W) - _P(X, W, b)),
            "Your gradient points the wrong way.",
            "wrong sign: the residual is P - Y (predicted probabilities minus one-hot targets)."),
    Mistake(_class_gradient_with(_residual, lambda n: 1.0),
            "You are off by a factor n, the number of samples.",
            "your gradient is off by a factor n: it is (P - Y)^T X / n, the mean over samples."),
    Mistake(_class_gradient_with(lambda X, y, W, b: _P(X, W, b)),
            "Your residual is the probabilities alone.",
            "subtract the one-hot targets: P - Y, where Y[i, y[i]] = 1."),
    Mistake(_class_gradient_with(lambda X, y, W, b: _softmax(X @ W.T, axis=1) - _Y(y, W)),
            "Changing b does not change your gradient.",
            "forgot the bias: the scores are Z = X @ W.T + b."),
    Mistake(_class_gradient_with(lambda X, y, W, b: X @ W.T + b - _Y(y, W)),
            "Your residual is not probabilities minus targets.",
            "forgot the softmax: P = softmax(X @ W.T + b), row by row."),
    Mistake(_class_gradient_with(_residual, transpose=False),
            "Your grad_W has shape (n_features, n_classes), W's transpose.",
            "grad_W must have the shape of W, one row per class (n_classes, n_features): (P - Y).T @ X / n."),
    Mistake(lambda X, y, W, b: _cross_entropy_gradient(X, y, W, b)[0],
            "You returned only grad_W.",
            "return a pair: grad_W, grad_b (grad_b = (P - Y).mean(axis=0))."),
]

_SHAPES = ("shapes: W has one row per class, (K, d), so the scores are Z = X @ W.T + b, of shape (n, K), "
           "and grad_W = (P - Y).T @ X / n has W's shape (K, d).")


def _random_problems(rng):
    n, d = int(rng.integers(4, 8)), int(rng.integers(2, 4))
    k = int(rng.choice([k for k in (2, 3, 4, 5) if k != d]))  # d != K, so a transposed W shows
    y = rng.integers(0, k, size=n)
    return [(rng.normal(size=(n, d)), y, rng.normal(scale=0.7, size=(k, d)), rng.normal(scale=0.5, size=k))]


CROSS_ENTROPY_GRADIENT = Exercise(
    name="cross_entropy_gradient", chapter=6,
    reference=_cross_entropy_gradient, cases=_GRADIENT_CASES, random_cases=_random_problems,
    mistakes=_GRADIENT_MISTAKES, forbidden=(_cross_entropy_gradient, *AUTOGRAD),
    success="grad_W = (P - Y)^T X / n and grad_b = mean(P - Y), as finite differences confirm.",
    hint="P = softmax(X @ W.T + b) row by row; Y = one-hot of y; grad_W = (P - Y).T @ X / n; "
         "grad_b = (P - Y).mean(axis=0).",
    rtol=1e-6, atol=1e-10,
    crash_hints={"matmul": _SHAPES, "aligned": _SHAPES, "broadcast": _SHAPES},
)


def check_cross_entropy_gradient(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(X, y, W, b)``: ``(grad_W, grad_b)`` of the mean cross-entropy of ``softmax(X W^T + b)``.

    ``y`` holds class indices 0..K-1; ``W`` has shape (K, n_features), one row per class
    as scikit-learn's ``coef_``, and ``b`` (K,). On fixed cases and random ones drawn from
    ``seed`` (a ✘ shows it). A softmax may be used, lrlib's too; lrlib's gradient, autograd
    and SciPy's finite differences do not count.

    Examples
    --------
    >>> import numpy as np
    >>> def grad(X, y, W, b):
    ...     Z = X @ W.T + b
    ...     P = np.exp(Z - Z.max(axis=1, keepdims=True))
    ...     P /= P.sum(axis=1, keepdims=True)
    ...     P[np.arange(len(y)), y] -= 1  # P - Y
    ...     return P.T @ X / len(y), P.mean(axis=0)
    >>> check_cross_entropy_gradient(grad)
    ✔ Correct! grad_W = (P - Y)^T X / n and grad_b = mean(P - Y), as finite differences confirm.
    """
    return CROSS_ENTROPY_GRADIENT.check(func, seed=seed)


# --- a derivation: two-class softmax is logistic regression --------------------------------

def _binary_from_softmax(W, b):
    # softmax(z)[1] = sigmoid(z_1 - z_0), and z_1 - z_0 = x (W[1] - W[0]) + (b[1] - b[0])
    return W[1] - W[0], float(b[1] - b[0])


_BINARY_CASES = [
    (np.array([[0.5, -1.0], [1.5, 0.25]]), np.array([0.2, -0.3])),
    (np.array([[1.0, 0.0, -2.0], [-0.5, 2.0, 1.0]]), np.array([-1.0, 0.5])),
    (np.array([[0.3, 0.3, 0.1, -0.4], [0.3, -0.7, 0.9, 0.6]]), np.array([0.0, 1.25])),
]

_BINARY_MISTAKES = [
    Mistake(lambda W, b: (W[0] - W[1], float(b[0] - b[1])),
            "Your model gives the probability of class 0, not class 1.",
            "wrong sign: softmax(z)[1] = sigmoid(z_1 - z_0), so w = W[1] - W[0] and b = b[1] - b[0]."),
    Mistake(lambda W, b: (W[1], float(b[1])),
            "You kept class 1's row alone.",
            "the sigmoid sees the *difference* of the two scores: subtract class 0's row and bias."),
    Mistake(lambda W, b: (W[1] - W[0], float(b[1])),
            "Your weights are right, your bias is not.",
            "forgot the bias difference: b = b[1] - b[0]."),
    Mistake(lambda W, b: (W[1] + W[0], float(b[1] + b[0])),
            "You added the two classes' rows.",
            "divide numerator and denominator of softmax(z)[1] by exp(z_1): what is left is z_1 - z_0."),
]

def _random_two_class_models(rng):
    d = int(rng.integers(2, 6))
    return [(rng.normal(size=(2, d)), rng.normal(size=2))]


BINARY_FROM_SOFTMAX = Exercise(
    name="binary_from_softmax", chapter=6, kind="derivation",
    reference=_binary_from_softmax, cases=_BINARY_CASES, random_cases=_random_two_class_models,
    mistakes=_BINARY_MISTAKES,
    success="sigmoid(X @ w + b) now equals softmax(X @ W.T + b)[:, 1]: two-class softmax is "
            "logistic regression.",
    hint="write softmax(z)[1] = e^z1 / (e^z0 + e^z1) as 1 / (1 + e^-(z1 - z0)) and read off w and b.",
)


def check_binary_from_softmax(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(W, b)``: the ``(w, b)`` of the logistic regression equal to a two-class softmax model.

    ``W`` has shape (2, n_features), one row per class, and ``b`` shape (2,);
    the answer must satisfy ``sigmoid(X @ w + b) == softmax(X @ W.T + b)[:, 1]``. On fixed
    cases and random ones drawn from ``seed`` (a ✘ shows it).

    Examples
    --------
    >>> check_binary_from_softmax(lambda W, b: (W[1] - W[0], b[1] - b[0]))  # doctest: +ELLIPSIS
    ✔ Correct! sigmoid(X @ w + b) now equals softmax(X @ W.T + b)[:, 1]: ...
    """
    return BINARY_FROM_SOFTMAX.check(func, seed=seed)


# --- an interpretation: odds of one class against another --------------------------------

def _class_odds_ratio(coef, k, j, feature):
    # log(P_k / P_j) = z_k - z_j = x (W[k] - W[j]) + b_k - b_j: one unit of x_f adds W[k, f] - W[j, f]
    coef = np.asarray(coef, dtype=float)
    return float(np.exp(coef[k, feature] - coef[j, feature]))


_CLASS_ODDS_CASES = [
    (np.array([[0.5, -1.0, 0.2], [1.5, 0.25, -0.4], [-0.3, 0.6, 1.1]]), 1, 0, 0),
    (np.array([[0.5, -1.0, 0.2], [1.5, 0.25, -0.4], [-0.3, 0.6, 1.1]]), 0, 2, 2),
    (np.array([[0.0, 1.2], [-0.8, 0.3], [0.4, -0.5], [1.0, 0.9]]), 3, 1, 1),
]


def _random_softmax_models(rng):
    cases = []
    for _ in range(3):
        n_classes, n_features = int(rng.integers(3, 7)), int(rng.integers(2, 9))
        k, j = (int(c) for c in rng.choice(n_classes, size=2, replace=False))
        coef = rng.normal(scale=0.8, size=(n_classes, n_features))
        cases.append((coef, k, j, int(rng.integers(n_features))))
    return cases


def _entry(coef, row, column):
    return float(np.asarray(coef, dtype=float)[row, column])


_CLASS_ODDS_MISTAKES = [
    Mistake(lambda coef, k, j, feature: np.exp(_entry(coef, k, feature)),
            "You read class k's weight alone, as if it were a binary model's coefficient.",
            "a softmax weight means nothing on its own (adding the same vector to every row changes no "
            "probability): the log-odds of k against j are z_k - z_j, so the slope is W[k, f] - W[j, f]."),
    Mistake(lambda coef, k, j, feature: np.exp(_entry(coef, j, feature) - _entry(coef, k, feature)),
            "Your odds ratio is upside down: that is j against k.",
            "the odds of k against j are P_k / P_j = exp(z_k - z_j): class k's weight minus class j's."),
    Mistake(lambda coef, k, j, feature: _entry(coef, k, feature) - _entry(coef, j, feature),
            "That is the change of the log-odds, not the factor on the odds.",
            "a change of the log-odds by D multiplies the odds by exp(D)."),
    Mistake(lambda coef, k, j, feature: np.exp(_entry(coef, k, feature)) - np.exp(_entry(coef, j, feature)),
            "You subtracted the two exponentials.",
            "effects add on the log-odds scale: subtract the weights first, then exponentiate."),
    Mistake(lambda coef, k, j, feature: np.exp(_entry(coef, k, feature) + _entry(coef, j, feature)),
            "You added the two classes' weights.",
            "P_k / P_j = exp(z_k) / exp(z_j) = exp(z_k - z_j): the weights are subtracted."),
]

CLASS_ODDS_RATIO = Exercise(
    name="class_odds_ratio", chapter=6, kind="interpretation",
    reference=_class_odds_ratio, cases=_CLASS_ODDS_CASES, random_cases=_random_softmax_models,
    mistakes=_CLASS_ODDS_MISTAKES,
    output_range=(0, None), range_hint="an odds ratio is exp() of a change of log-odds: a positive number.",
    success="exp(W[k, f] - W[j, f]): only differences of rows mean something, as the two-class case "
            "showed.",
    hint="write log(P_k / P_j) from the softmax formula: the denominators cancel, and what is left is "
         "linear in x.",
    rtol=1e-9, atol=0,
)


def check_class_odds_ratio(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(coef, k, j, feature)``: the factor on the odds of class ``k`` against ``j`` per unit.

    ``coef`` has one row of weights per class, as ``coef_`` (``(n_classes, n_features)``).
    On fixed models and random ones drawn from ``seed`` (a ✘ shows it).

    Examples
    --------
    >>> check_class_odds_ratio(lambda coef, k, j, f: np.exp(coef[k, f] - coef[j, f]))  # doctest: +ELLIPSIS
    ✔ Correct! exp(W[k, f] - W[j, f]): ...
    >>> print(check_class_odds_ratio(lambda coef, k, j, f: np.exp(coef[k, f]), seed=0))  # doctest: +ELLIPSIS
    ✘ Not yet: ... You read class k's weight alone, as if it were a binary model's coefficient.
      Hint: ...
    """
    return CLASS_ODDS_RATIO.check(func, seed=seed)
