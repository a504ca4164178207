"""Exercise checkers of chapter 4, gradient descent from scratch.

- :func:`check_standardize`: give every feature (column) mean 0 and standard deviation 1;
- :func:`check_gradient_step`: one step of gradient descent on the mean binary cross-entropy;
- :func:`check_odds_ratio_per_unit`: an interpretation, the odds ratio per original unit of each
  feature of a model fitted on standardised features;
- :func:`check_largest_stable_learning_rate`: an experiment, the largest learning rate of a list
  at which 50 steps of gradient descent lower the loss at every step.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from lrlib import losses as _losses
from lrlib._kernels import binary_cross_entropy_gradient as _binary_cross_entropy_gradient
from lrlib._kernels import binary_cross_entropy_with_logits as _binary_cross_entropy_with_logits
from lrlib._kernels import sigmoid as _sigmoid
from lrlib.checks.building_blocks import (
    BINARY_CASES,
    gradient_with,
    probabilities,
    random_binary_cases,
)
from lrlib.checks.engine import CheckResult, Exercise, Mistake
from lrlib.optim import gradient_descent

__all__ = ["check_gradient_step", "check_largest_stable_learning_rate", "check_odds_ratio_per_unit",
           "check_standardize"]


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


def _random_features(rng):
    # columns on very different scales and far from 0, as real features are
    n, d = int(rng.integers(4, 10)), int(rng.integers(2, 5))
    return [(rng.normal(rng.uniform(-50, 50, size=d), rng.uniform(0.01, 100, size=d), size=(n, d)),)]


STANDARDIZE = Exercise(
    name="standardize", chapter=4,
    reference=_standardized, cases=_STANDARDIZE_CASES, random_cases=_random_features,
    mistakes=_STANDARDIZE_MISTAKES,
    forbidden=("sklearn.preprocessing:StandardScaler.transform", "sklearn.preprocessing:scale",
               "scipy.stats:zscore"),
    success="Every feature now has mean 0 and standard deviation 1, as with StandardScaler.",
    hint="per column: subtract X.mean(axis=0), then divide by X.std(axis=0).",
)


def check_standardize(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(X)``: every column of ``X`` shifted to mean 0 and scaled to standard deviation 1.

    On fixed cases and random ones drawn from ``seed`` (a ✘ shows it). scikit-learn's
    ``StandardScaler`` and ``scale`` and SciPy's ``zscore`` do not count.

    Examples
    --------
    >>> check_standardize(lambda X: (X - X.mean(axis=0)) / X.std(axis=0))
    ✔ Correct! Every feature now has mean 0 and standard deviation 1, as with StandardScaler.
    """
    return STANDARDIZE.check(func, seed=seed)


# --- one gradient step ------------------------------------------------------------------

def _step(X, y, w, b, learning_rate):
    grad_w, grad_b = _losses.binary_cross_entropy_gradient(X, y, w, b)
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


def _random_steps(rng):
    return [(*case, float(rng.uniform(0.05, 1.0))) for case in random_binary_cases(rng)]

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
    reference=_step, cases=_STEP_CASES, random_cases=_random_steps, mistakes=_STEP_MISTAKES,
    forbidden=(gradient_descent,),  # its one step is the answer; chapter 3's gradient is a helper
    success="Repeat this step and you have trained logistic regression.",
    hint="p = sigmoid(X @ w + b); w_new = w - learning_rate * X.T @ (p - y) / n; "
         "b_new = b - learning_rate * mean(p - y).",
    rtol=1e-6, atol=1e-10,
)


def check_gradient_step(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(X, y, w, b, learning_rate)``: one gradient descent step, returning ``(w, b)``.

    The step lowers the mean binary cross-entropy of ``sigmoid(X w + b)``:
    ``w - learning_rate * X^T (p - y) / n`` and ``b - learning_rate * mean(p - y)``. On fixed
    cases and random ones drawn from ``seed`` (a ✘ shows it). ``lrlib.sigmoid`` and
    ``lrlib.binary_cross_entropy_gradient`` may be used; ``lrlib.gradient_descent`` does not count.

    Examples
    --------
    >>> def step(X, y, w, b, learning_rate):
    ...     p = 1 / (1 + np.exp(-(X @ w + b)))
    ...     return w - learning_rate * X.T @ (p - y) / len(y), b - learning_rate * np.mean(p - y)
    >>> check_gradient_step(step)
    ✔ Correct! Repeat this step and you have trained logistic regression.
    """
    return GRADIENT_STEP.check(func, seed=seed)


# --- an interpretation: odds ratios in the features' own units -------------------------------

def _per_unit(coef, X_train, ddof=0, spread=None):
    """``exp(coef / s)``, ``s`` the training columns' standard deviations (or another ``spread``)."""
    X_train = np.asarray(X_train, dtype=float)
    s = X_train.std(axis=0, ddof=ddof) if spread is None else spread(X_train)
    return np.exp(np.asarray(coef, dtype=float) / s)


def _odds_ratio_per_unit(coef, X_train):
    # One original unit is 1 / sigma_j standardised units (StandardScaler's sigma: np.std, ddof=0).
    return _per_unit(coef, X_train)


_PER_UNIT_CASES = [
    (np.array([-1.2, 0.8]), np.array([[10.0, 0.05], [14.0, 0.10], [18.0, 0.20], [22.0, 0.15]])),
    (np.array([0.5, -0.3, 2.0]), np.array([[1.0, 200.0, 0.5], [3.0, 100.0, 1.5], [5.0, 600.0, 1.0],
                                           [2.0, 300.0, 2.5], [4.0, 800.0, 3.5]])),
    (np.array([1.5]), np.array([[40.0], [55.0], [61.0], [48.0], [70.0], [52.0]])),
]


def _random_fits(rng):
    n, d = int(rng.integers(5, 15)), int(rng.integers(1, 5))
    X = rng.normal(rng.uniform(-50, 50, size=d), rng.uniform(1, 20, size=d), size=(n, d))
    return [(rng.normal(0, 1.5, size=d), X)]


_PER_UNIT_MISTAKES = [
    Mistake(lambda coef, X_train: np.exp(np.asarray(coef, dtype=float)),
            "That is the odds ratio per standard deviation of each feature, the standardised unit.",
            "a coefficient of the standardised model is per standard deviation sigma_j; one original unit is "
            "1 / sigma_j of those, so divide the coefficient by sigma_j before exp()."),
    Mistake(lambda coef, X_train: _per_unit(coef, X_train, spread=lambda X: 1 / X.std(axis=0)),
            "You multiplied the coefficient by the standard deviation.",
            "z_j = (x_j - mu_j) / sigma_j, so w_j z_j = (w_j / sigma_j) x_j + const: divide by sigma_j."),
    Mistake(lambda coef, X_train: np.log(_per_unit(coef, X_train)),
            "That is the change of the log-odds per unit, not the factor on the odds.",
            "exponentiate: the odds ratio per unit is exp(w_j / sigma_j)."),
    Mistake(lambda coef, X_train: _per_unit(coef, X_train, ddof=1),
            "You divided by the sample standard deviation (n - 1).",
            "StandardScaler scales by np.std's default, ddof=0: X_train.std(axis=0)."),
    Mistake(lambda coef, X_train: _per_unit(coef, X_train, spread=lambda X: np.abs(X.mean(axis=0))),
            "You divided by each feature's mean.",
            "standardising divides by the standard deviation (after subtracting the mean): w_j / sigma_j."),
]

ODDS_RATIO_PER_UNIT = Exercise(
    name="odds_ratio_per_unit", chapter=4, kind="interpretation",
    reference=_odds_ratio_per_unit, cases=_PER_UNIT_CASES, random_cases=_random_fits,
    mistakes=_PER_UNIT_MISTAKES,
    output_range=(0, None), range_hint="an odds ratio is exp() of a change of log-odds: a positive number.",
    success="exp(w_j / sigma_j): a standardised coefficient is per standard deviation, and a feature "
            "measured in small units has a large sigma_j and so a factor per unit close to 1.",
    hint="the model sees z_j = (x_j - mu_j) / sigma_j, sigma_j = X_train.std(axis=0); write w_j z_j as a "
         "multiple of x_j, then exp() of that multiple.",
    rtol=1e-9, atol=1e-12,
)


def check_odds_ratio_per_unit(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(coef, X_train)``: the odds ratio per original unit of each feature.

    ``coef`` holds the coefficients of a model fitted on ``StandardScaler().fit_transform(X_train)``;
    the answer has one odds ratio per column of ``X_train``. On fixed cases and random ones
    drawn from ``seed`` (a ✘ shows it).

    Examples
    --------
    >>> check_odds_ratio_per_unit(lambda coef, X_train: np.exp(coef / X_train.std(axis=0)))
    ... # doctest: +ELLIPSIS
    ✔ Correct! exp(w_j / sigma_j): ...
    >>> print(check_odds_ratio_per_unit(lambda coef, X_train: np.exp(coef), seed=0))  # doctest: +ELLIPSIS
    ✘ Not yet: ... That is the odds ratio per standard deviation of each feature, the standardised unit.
      Hint: ...
    """
    return ODDS_RATIO_PER_UNIT.check(func, seed=seed)


# --- an experiment: the largest stable learning rate --------------------------------------

STABILITY_STEPS = 50
"""How many gradient steps the experiment runs for each learning rate."""

LEARNING_RATES = [0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0]


def _loss_history(X, y, learning_rate, steps=STABILITY_STEPS):
    """The mean BCE before and after each of ``steps`` gradient steps from w = 0, b = 0."""
    # lrlib's kernels: the numbers of binary_cross_entropy_with_logits and its gradient, without
    # their input checks, which would take most of the time of these 450 steps per data set
    w, b = np.zeros(X.shape[1]), 0.0
    losses = [_binary_cross_entropy_with_logits(y, X @ w + b)]
    for _ in range(steps):
        grad_w, grad_b = _binary_cross_entropy_gradient(X, y, X @ w + b)
        w, b = w - learning_rate * grad_w, b - learning_rate * grad_b
        losses.append(_binary_cross_entropy_with_logits(y, X @ w + b))
    return np.array(losses)


def _largest_loss_change(X, y, learning_rate):
    """The largest step-to-step change of the loss: below 0 when it went down at every step."""
    return np.diff(_loss_history(X, y, learning_rate)).max()


def _stable(X, y, learning_rate):
    return bool(_largest_loss_change(X, y, learning_rate) < 0)


# How far from 0 a case keeps every rate's largest step-to-step change of the loss. A loss that
# has converged changes by rounding (about 1e-16) from one step to the next, so whether such a
# rate went "down at every step" depends on the order of a sum: a learner's correct experiment
# and the reference could then disagree (seed 819315 drew such a case). Every learner's arithmetic
# agrees on a rate whose loss fell by 1e-13 at each step or rose by 1e-8 at one.
CLEARLY_DOWN, CLEARLY_UP = -1e-13, 1e-8


def _clear_stability(X, y, learning_rates):
    """Each learning rate's stability, or None when one of them is too close to call."""
    largest_changes = [_largest_loss_change(X, y, rate) for rate in learning_rates]
    if any(CLEARLY_DOWN <= change <= CLEARLY_UP for change in largest_changes):
        return None
    return [bool(change < 0) for change in largest_changes]


def _monotone_stability(X, y, learning_rates):
    """Whether stability is clear for every rate and ends at one rate: the smallest few stable."""
    stable = _clear_stability(X, y, learning_rates)
    return stable is not None and stable[0] and not stable[-1] and stable == sorted(stable, reverse=True)


def _largest_stable(X, y, learning_rates):
    return max(rate for rate in learning_rates if _stable(X, y, rate))


def _first_unstable(X, y, learning_rates):
    return min(rate for rate in learning_rates if not _stable(X, y, rate))


def _largest_ending_lower(X, y, learning_rates):
    return max(rate for rate in learning_rates if (lambda h: h[-1] < h[0])(_loss_history(X, y, rate)))


def _inverse_curvature_bound(X, y, learning_rates):
    # 1/L, with L = lambda_max(X1^T X1 / 4n): what the descent lemma guarantees, not what the data allow
    X1 = np.column_stack([X, np.ones(len(X))])
    return 1.0 / np.linalg.eigvalsh(X1.T @ X1 / (4 * len(X)))[-1]


def _noisy_problem(rng, n, d, scale):
    # Noisy labels (not separable), so every loss stays well above 0.
    X = rng.normal(size=(n, d)) * scale
    return X, ((X @ rng.normal(size=d) + rng.normal(size=n)) > 0).astype(float)


def _stability_cases():
    # Stability is clear and monotone in the rate on these (_monotone_stability holds): the largest
    # stable rate is just below the first failure, and every typical mistake answers differently.
    return [(*_noisy_problem(np.random.default_rng(seed), n, d, scale), list(LEARNING_RATES))
            for seed, n, d, scale in [(3, 40, 2, 1.0), (2, 60, 3, 2.0), (2, 30, 4, 0.7)]]


def _random_stability_case(rng):
    """Two data sets like the fixed ones, each with the list of rates scaled by a random factor.

    The smallest few rates are stable, one at least. Scaling the list means an answer recorded in
    one check is not even one of the next check's rates.
    """
    cases = []
    while len(cases) < 2:  # about two draws in three are kept: clear for every rate, monotone in the rate
        n, d, scale = int(rng.integers(30, 61)), int(rng.integers(2, 5)), float(rng.uniform(0.7, 2))
        X, y = _noisy_problem(rng, n, d, scale)
        factor = float(rng.uniform(0.6, 0.95))  # below 1 and above 1/2: no scaled rate is a power of 2
        learning_rates = [round(rate * factor, 4) for rate in LEARNING_RATES]
        if _monotone_stability(X, y, learning_rates):
            cases.append((X, y, learning_rates))
    return cases


def _one_of_the_rates(answer, X, y, learning_rates) -> str | None:
    if np.ndim(answer) == 0 and any(np.isclose(float(answer), rate) for rate in learning_rates):
        return None
    return "it is not one of the learning rates of the list"


_STABILITY_MISTAKES = [
    Mistake(_inverse_curvature_bound,
            "You returned 1/L, the step with the largest *guaranteed* decrease.",
            "the question is what the data allow: run the 50 steps for every learning rate of the list and "
            "keep those whose loss goes down at every step."),
    Mistake(lambda X, y, rates: 2 * _inverse_curvature_bound(X, y, rates),
            "You returned 2/L, the guarantee's limit.",
            "2/L is a worst case, not a measurement: run the experiment and return a rate from the list."),
    Mistake(_first_unstable,
            "You returned the first learning rate that fails.",
            "return the largest one that still works: the rate just before the first failure."),
    Mistake(_largest_ending_lower,
            "Some of your rates let the loss rise on the way, though it ended lower than it started.",
            "stable means the loss goes down at *every* step: np.all(np.diff(losses) < 0)."),
    Mistake(lambda X, y, rates: max(rates),
            "You returned the largest rate of the list.",
            "test each rate: run 50 steps from w = 0, b = 0 and check that the loss fell at every step."),
]

LARGEST_STABLE_LEARNING_RATE = Exercise(
    name="largest_stable_learning_rate", chapter=4, kind="experiment",
    reference=_largest_stable, cases=_stability_cases, random_cases=_random_stability_case,
    mistakes=_STABILITY_MISTAKES, validate=_one_of_the_rates,
    range_hint="return the largest stable rate itself, one of the numbers in learning_rates.",
    success="That is the largest step the data allow, found by experiment; compare it with 2/L.",
    hint="for each rate: w, b = 0, 0; 50 times: loss, then a gradient step; the rate is stable when "
         "np.all(np.diff(losses) < 0). Return the largest stable rate.",
    crash_hints={
        "divide": "with a large step the probabilities reach exactly 0 or 1 and log() fails: compute the "
                  "loss from the scores, lrlib.binary_cross_entropy_with_logits(y, X @ w + b).",
        "overflow": "with a large step exp() of a score overflows: use lrlib.sigmoid and "
                    "lrlib.binary_cross_entropy_with_logits, which are stable for any score.",
    },
)


def check_largest_stable_learning_rate(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(X, y, learning_rates)``: the largest rate at which 50 steps all lower the loss.

    Gradient descent on the mean binary cross-entropy of ``sigmoid(X w + b)``,
    from ``w = 0, b = 0``; a rate is stable when the loss goes down at each of
    the :data:`STABILITY_STEPS` steps. Checked on three small data sets with the rates
    0.25, 0.5, ..., 64 and on two drawn from ``seed`` (a ✘ shows it), each with those rates
    scaled by a random factor between 0.6 and 0.95.

    Examples
    --------
    >>> check_largest_stable_learning_rate(lambda X, y, learning_rates: max(learning_rates))
    ... # doctest: +ELLIPSIS
    ✘ Not yet: ... You returned the largest rate of the list.
      Hint: test each rate: ...
      Seed ...
    """
    return LARGEST_STABLE_LEARNING_RATE.check(func, seed=seed)
