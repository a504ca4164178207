"""Exercise checkers of chapter 4, gradient descent from scratch.

- :func:`check_standardize`: give every feature (column) mean 0 and standard deviation 1;
- :func:`check_gradient_step`: one step of gradient descent on the mean binary cross-entropy;
- :func:`check_predict_labels`: 0/1 labels from the 0.5 threshold on ``sigmoid(X w + b)``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from lrlib.checks.building_blocks import BINARY_CASES, gradient_with, probabilities
from lrlib.checks.engine import CheckResult, Exercise, Mistake
from lrlib.functions import _sigmoid
from lrlib.losses import binary_cross_entropy_gradient

__all__ = ["check_gradient_step", "check_predict_labels", "check_standardize"]


# --- standardising the features ----------------------------------------------------------

def _standardized(X):
    # what sklearn.preprocessing.StandardScaler().fit_transform(X) returns
    return (X - X.mean(axis=0)) / X.std(axis=0)


_STANDARDIZE_CASES = [
    (np.array([[1.0, 200.0], [3.0, 100.0], [5.0, 600.0]]),),
    (np.array([[0.5, 1000.0, -3.0], [1.5, 3000.0, 1.0], [2.5, 2000.0, 0.0], [3.5, 6000.0, 2.0]]),),
    (np.array([[10.0, 0.01], [20.0, 0.03], [60.0, 0.02], [30.0, 0.09], [80.0, 0.05]]),),
]

_STANDARDIZE_MISTAKES = [
    Mistake(lambda X: (X - X.mean()) / X.std(),
            "You used one mean and one standard deviation for the whole matrix.",
            "each feature (column) gets its own: X.mean(axis=0) and X.std(axis=0)."),
    Mistake(lambda X: (X - X.mean(axis=1, keepdims=True)) / X.std(axis=1, keepdims=True),
            "You standardised each sample (row).",
            "standardise each feature, i.e. each column: axis=0, not axis=1."),
    Mistake(lambda X: X / X.std(axis=0),
            "Your columns do not have mean 0.",
            "forgot to subtract the mean: (X - X.mean(axis=0)) / X.std(axis=0)."),
    Mistake(lambda X: X - X.mean(axis=0),
            "Your columns have mean 0 but not standard deviation 1.",
            "divide by the standard deviation too: (X - X.mean(axis=0)) / X.std(axis=0)."),
    Mistake(lambda X: (X - X.mean(axis=0)) / X.var(axis=0),
            "You divided by the variance.",
            "divide by the standard deviation, the square root of the variance: X.std(axis=0)."),
    Mistake(lambda X: (X - X.mean(axis=0)) / X.std(axis=0, ddof=1),
            "Your standard deviations are 1 only with the n - 1 (sample) formula.",
            "use np.std's default ddof=0, as scikit-learn's StandardScaler does."),
]


STANDARDIZE = Exercise(
    name="standardize", chapter=4,
    reference=_standardized, cases=_STANDARDIZE_CASES, mistakes=_STANDARDIZE_MISTAKES,
    success="Every feature now has mean 0 and standard deviation 1, as with StandardScaler.",
    hint="per column: subtract X.mean(axis=0), then divide by X.std(axis=0).",
)


def check_standardize(func: Callable) -> CheckResult:
    """Check ``func(X)``: every column of ``X`` shifted to mean 0 and scaled to standard deviation 1.

    Examples
    --------
    >>> check_standardize(lambda X: (X - X.mean(axis=0)) / X.std(axis=0))
    ✔ Correct! Every feature now has mean 0 and standard deviation 1, as with StandardScaler.
    """
    return STANDARDIZE.check(func)


# --- one gradient step ------------------------------------------------------------------

def _step(X, y, w, b, learning_rate):
    grad_w, grad_b = binary_cross_entropy_gradient(X, y, w, b)
    return w - learning_rate * grad_w, b - learning_rate * grad_b


def _step_with(residual: Callable, *, sign: float = 1.0, scale: Callable = lambda n: 1 / n,
               rate: Callable = lambda lr: lr, update_bias: bool = True):
    """A gradient step built from some residual ``r`` (chapter 3's gradient of it), right or wrong."""
    gradient = gradient_with(residual, scale)

    def step(X, y, w, b, learning_rate):
        grad_w, grad_b = gradient(X, y, w, b)
        lr = rate(learning_rate)
        return w - sign * lr * grad_w, (b - sign * lr * grad_b if update_bias else b)
    return step


def _residual(X, y, w, b):
    return probabilities(X, w, b) - y


_STEP_CASES = [(*case, rate) for case, rate in zip(BINARY_CASES, [0.5, 0.1, 0.3], strict=True)]

_STEP_MISTAKES = [
    Mistake(_step_with(_residual, sign=-1.0),
            "Your step goes uphill: the loss rises after it.",
            "wrong sign: step *against* the gradient, w - learning_rate * grad_w (and the same for b)."),
    Mistake(_step_with(_residual, scale=lambda n: 1.0),
            "Your step is n times too long (n = the number of points).",
            "your gradient is off by a factor n: it is the *mean* X^T (p - y) / n, not the sum."),
    Mistake(_step_with(_residual, update_bias=False),
            "Your bias b never changes.",
            "forgot to update the bias: b - learning_rate * mean(p - y)."),
    Mistake(_step_with(_residual, rate=lambda lr: 1.0),
            "Your step ignores the learning rate.",
            "multiply the gradient by learning_rate: w - learning_rate * grad_w."),
    Mistake(_step_with(lambda X, y, w, b: _sigmoid(X @ w) - y),
            "Changing b does not change your step for w.",
            "forgot the bias in the scores: p = sigmoid(X @ w + b)."),
    Mistake(_step_with(lambda X, y, w, b: X @ w + b - y),
            "Your residual is not a probability minus a label.",
            "forgot the sigmoid: p = sigmoid(X @ w + b), and the gradient uses p - y."),
    Mistake(lambda X, y, w, b, learning_rate: _step(X, y, w, b, learning_rate)[0],
            "You returned only the new w.",
            "return a pair: the new w and the new b."),
]


GRADIENT_STEP = Exercise(
    name="gradient_step", chapter=4,
    reference=_step, cases=_STEP_CASES, mistakes=_STEP_MISTAKES,
    success="Repeat this step and you have trained logistic regression.",
    hint="p = sigmoid(X @ w + b); w_new = w - learning_rate * X.T @ (p - y) / n; "
         "b_new = b - learning_rate * mean(p - y).",
    rtol=1e-6, atol=1e-10,
)


def check_gradient_step(func: Callable) -> CheckResult:
    """Check ``func(X, y, w, b, learning_rate)``: one gradient descent step, returning ``(w, b)``.

    The step lowers the mean binary cross-entropy of ``sigmoid(X w + b)``:
    ``w - learning_rate * X^T (p - y) / n`` and ``b - learning_rate * mean(p - y)``.

    Examples
    --------
    >>> def step(X, y, w, b, learning_rate):
    ...     p = 1 / (1 + np.exp(-(X @ w + b)))
    ...     return w - learning_rate * X.T @ (p - y) / len(y), b - learning_rate * np.mean(p - y)
    >>> check_gradient_step(step)
    ✔ Correct! Repeat this step and you have trained logistic regression.
    """
    return GRADIENT_STEP.check(func)


# --- labels from the 0.5 threshold ------------------------------------------------------

def _labels(X, w, b):
    return (probabilities(X, w, b) > 0.5).astype(float)


# Scores z = X w + b include values in (0, 0.5): their probability is above 0.5.
_LABEL_CASES = [
    (np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.2, 0.1], [-0.1, -0.3]]), np.array([2.0, -1.0]), 0.0),
    (np.array([[0.1, 0.0], [0.3, 0.0], [-0.2, 0.0], [1.0, 1.0], [0.0, -2.0], [-3.0, 0.0]]),
     np.array([1.0, 0.5]), 0.1),
    (np.array([[2.0, 1.0, 0.0], [0.0, 0.0, 0.0], [1.0, -1.0, 1.0], [-1.0, 0.5, 0.5]]),
     np.array([0.25, 0.5, -1.0]), -0.2),
    (np.array([[0.1, 0.0], [0.3, 0.0], [-0.2, 0.0], [1.0, 1.0], [0.4, -0.6]]), np.array([1.0, 1.0]), -0.25),
]

_LABEL_MISTAKES = [
    Mistake(lambda X, w, b: (X @ w + b > 0.5).astype(float),
            "You compared the score z = X w + b with 0.5.",
            "the 0.5 threshold is on the probability sigmoid(z) (equivalently, z > 0), not on z."),
    Mistake(lambda X, w, b: (probabilities(X, w, b) < 0.5).astype(float),
            "Your labels are flipped.",
            "predict 1 where the probability of class 1 is above 0.5: sigmoid(z) > 0.5."),
    Mistake(lambda X, w, b: probabilities(X, w, b),
            "You returned probabilities, not labels.",
            "turn each probability into a label: (p > 0.5).astype(int)."),
    Mistake(lambda X, w, b: (_sigmoid(X @ w) > 0.5).astype(float),
            "Changing b does not change your labels.",
            "forgot the bias: the scores are z = X @ w + b."),
]


PREDICT_LABELS = Exercise(
    name="predict_labels", chapter=4,
    reference=_labels, cases=_LABEL_CASES, mistakes=_LABEL_MISTAKES,
    success="Probability above 0.5 means score above 0: the decision boundary is X w + b = 0.",
    hint="p = sigmoid(X @ w + b), then (p > 0.5).astype(int).",
)


def check_predict_labels(func: Callable) -> CheckResult:
    """Check ``func(X, w, b)``: label 1 where ``sigmoid(X w + b) > 0.5``, else 0.

    Booleans or integers are accepted. No case sits exactly on the threshold.

    Examples
    --------
    >>> check_predict_labels(lambda X, w, b: (X @ w + b > 0.5).astype(int))  # doctest: +ELLIPSIS
    ✘ Not yet: ... You compared the score z = X w + b with 0.5.
      Hint: the 0.5 threshold is on the probability sigmoid(z) (equivalently, z > 0), not on z.
    """
    return PREDICT_LABELS.check(func)
