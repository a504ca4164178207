"""Exercise checkers of chapter 10, reading the model.

- :func:`check_penalised_hessian`: the Hessian of the mean log-loss plus ``alpha / 2 * ||w||^2``;
- :func:`check_newton_step`: one Newton step on the (unpenalised) mean log-loss;
- :func:`check_odds_ratio_interval`: an odds ratio and its 95 % Wald interval from a coefficient;
- :func:`check_odds_ratio_for_change`: read a fit on standardised features in the data's own units:
  by what factor the odds change when the features move by given amounts (an interpretation).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from lrlib import newton as _newton
from lrlib.checks.building_blocks import AUTOGRAD, BINARY_CASES, probabilities, random_binary_cases
from lrlib.checks.engine import CheckResult, Exercise, Mistake, as_real_array

__all__ = ["check_newton_step", "check_odds_ratio_interval", "check_odds_ratio_for_change",
           "check_penalised_hessian"]

_Z95 = 1.959963984540054  # the 97.5 % quantile of the standard normal


def _ones(X):
    return np.column_stack([X, np.ones(len(X))])


def _curvature_matrix(X, w, b, s=lambda p: p * (1 - p), scale=lambda n: 1 / n, with_ones=True):
    """``X1^T diag(s(p)) X1 * scale(n)``, right (the defaults) or wrong."""
    X1 = _ones(X) if with_ones else X
    return (X1.T * s(probabilities(X, w, b))) @ X1 * scale(len(X))


# --- exercise 1: the Hessian with an L2 penalty ---------------------------------------------

def _penalty(d, alpha, *, on_intercept=False):
    return alpha * np.diag(np.append(np.ones(d), 1.0 if on_intercept else 0.0))


def _penalised_hessian(X, y, w, b, alpha):
    return _curvature_matrix(X, w, b) + _penalty(X.shape[1], alpha)


_HESSIAN_CASES = [(*case, alpha) for case, alpha in zip(BINARY_CASES, [0.5, 0.1, 2.0], strict=True)]


def _random_penalised(rng):
    return [(*case, float(rng.uniform(0.05, 2.0))) for case in random_binary_cases(rng)]


def _symmetric(answer, *args) -> str | None:
    H, _ = as_real_array(answer)
    if H.ndim != 2 or H.shape[0] != H.shape[1] or np.allclose(H, H.T, rtol=1e-9, atol=1e-12):
        return None  # a wrong shape is said as such
    i, j = np.unravel_index(np.argmax(np.abs(H - H.T)), H.shape)
    return f"it is not symmetric: H[{i}, {j}] = {H[i, j]:.4g} but H[{j}, {i}] = {H[j, i]:.4g}"

_HESSIAN_MISTAKES = [
    Mistake(lambda X, y, w, b, alpha: _curvature_matrix(X, w, b)
            + _penalty(X.shape[1], alpha, on_intercept=True),
            "Your penalty also curves the intercept's direction.",
            "alpha / 2 * ||w||^2 does not contain b: add alpha to the diagonal entries of the weights "
            "only, not to the intercept's (last) one."),
    Mistake(lambda X, y, w, b, alpha: _curvature_matrix(X, w, b),
            "Changing alpha does not change your Hessian.",
            "forgot the penalty: the second derivative of alpha / 2 * w_j^2 is alpha, on the diagonal."),
    Mistake(lambda X, y, w, b, alpha: _curvature_matrix(X, w, b) + _penalty(X.shape[1], alpha / 2),
            "Your penalty adds alpha / 2 to the diagonal.",
            "differentiate twice: d^2/dw_j^2 of alpha / 2 * w_j^2 is alpha, not alpha / 2."),
    Mistake(lambda X, y, w, b, alpha: _curvature_matrix(X, w, b, scale=lambda n: 1.0)
            + _penalty(X.shape[1], alpha),
            "Your log-loss part is n times too large.",
            "the loss is the *mean* log-loss: divide X1^T S X1 by n (the penalty is not divided)."),
    Mistake(lambda X, y, w, b, alpha: _curvature_matrix(X, w, b, scale=lambda n: 1.0)
            + len(X) * _penalty(X.shape[1], alpha),
            "Your whole Hessian is n times too large.",
            "the loss is the *mean* log-loss: divide X1^T S X1 by n."),
    Mistake(lambda X, y, w, b, alpha: _curvature_matrix(X, w, b, s=lambda p: p) + _penalty(X.shape[1], alpha),
            "Your weights S are not p (1 - p).",
            "the derivative of sigmoid(z) is p (1 - p): S = diag(p * (1 - p)), not diag(p)."),
    Mistake(lambda X, y, w, b, alpha: _curvature_matrix(X, w, b, s=lambda p: np.full_like(p, 0.25))
            + _penalty(X.shape[1], alpha),
            "Your Hessian does not depend on w and b.",
            "1/4 is only the largest value of p (1 - p): use each sample's own p (1 - p)."),
    Mistake(lambda X, y, w, b, alpha: _curvature_matrix(X, w, b, with_ones=False)
            + alpha * np.eye(X.shape[1]),
            "Your Hessian has no row and column for the intercept.",
            "add the column of ones: X1 = np.column_stack([X, np.ones(n)]), intercept last."),
]


PENALISED_HESSIAN = Exercise(
    name="penalised_hessian", chapter=10, kind="derivation",
    reference=_penalised_hessian, cases=_HESSIAN_CASES, random_cases=_random_penalised,
    mistakes=_HESSIAN_MISTAKES,
    forbidden=(_newton.log_loss_hessian, "lrlib.newton:_hessian", *AUTOGRAD,
               "statsmodels.discrete.discrete_model:Logit.hessian"),
    validate=_symmetric,
    range_hint="second derivatives do not depend on the order of differentiation: H[i, j] = H[j, i].",
    success="The penalty adds alpha to the weights' diagonal: the Hessian is positive definite, "
            "Newton always has a step.",
    hint="X1 = [X, 1]; H = X1^T diag(p (1 - p)) X1 / n, plus alpha on the diagonal entries of w.",
    rtol=1e-6, atol=1e-10,
)


def check_penalised_hessian(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(X, y, w, b, alpha)``: the Hessian of ``mean log-loss + alpha / 2 * ||w||^2``.

    In the parameters ``[w, b]`` (intercept last), shape ``(d + 1, d + 1)``. On fixed cases
    and random ones drawn from ``seed`` (a ✘ shows it). lrlib's ``log_loss_hessian``,
    statsmodels' ``Logit.hessian`` and autograd do not count.

    Examples
    --------
    >>> def hessian(X, y, w, b, alpha):
    ...     X1 = np.column_stack([X, np.ones(len(X))])
    ...     p = 1 / (1 + np.exp(-(X @ w + b)))
    ...     return (X1.T * (p * (1 - p))) @ X1 / len(X) + alpha * np.diag([1.0] * len(w) + [0.0])
    >>> check_penalised_hessian(hessian)  # doctest: +ELLIPSIS
    ✔ Correct! The penalty adds alpha to the weights' diagonal: ...
    """
    return PENALISED_HESSIAN.check(func, seed=seed)


# --- exercise 2: one Newton step -----------------------------------------------------------

def _newton_with(*, sign=1.0, gradient_scale=lambda n: 1 / n, solve=True, with_ones=True):
    """One Newton step, right (the defaults) or wrong."""

    def step(X, y, w, b):
        X1 = _ones(X) if with_ones else X
        params = np.append(w, b) if with_ones else np.asarray(w, dtype=float)
        p = probabilities(X, w, b)
        g = X1.T @ (p - y) * gradient_scale(len(y))
        H = (X1.T * (p * (1 - p))) @ X1 / len(y)
        new = params - sign * (np.linalg.solve(H, g) if solve else g)
        return (new[:-1], float(new[-1])) if with_ones else (new, b)

    return step


_newton_step = _newton_with()

_NEWTON_MISTAKES = [
    Mistake(_newton_with(sign=-1.0),
            "Your step goes uphill: it moves along H^-1 g instead of against it.",
            "wrong sign: the new parameters are [w, b] - H^-1 g."),
    Mistake(_newton_with(solve=False),
            "Your step is a gradient step with learning rate 1.",
            "forgot the Hessian: solve H delta = g (np.linalg.solve(H, g)) and subtract delta."),
    Mistake(_newton_with(gradient_scale=lambda n: 1.0),
            "Your step is n times too long.",
            "the gradient and the Hessian must be of the same loss: with the mean Hessian "
            "X1^T S X1 / n, use the mean gradient X1^T (p - y) / n."),
    Mistake(_newton_with(with_ones=False),
            "Your intercept b never changes.",
            "forgot the intercept: Newton's step is in [w, b] together, with X1 = [X, 1]."),
    Mistake(lambda X, y, w, b: _newton_step(X, y, w, b)[0],
            "You returned only the new w.",
            "return a pair: the new w and the new b."),
]


NEWTON_STEP = Exercise(
    name="newton_step", chapter=10,
    reference=_newton_step, cases=BINARY_CASES, random_cases=random_binary_cases, mistakes=_NEWTON_MISTAKES,
    success="Repeat this step five or six times and the gradient is 0 to machine precision.",
    hint="X1 = [X, 1]; g = X1^T (p - y) / n; H = X1^T diag(p (1 - p)) X1 / n; "
         "[w, b] - np.linalg.solve(H, g).",
    rtol=1e-6, atol=1e-10,
)


def check_newton_step(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(X, y, w, b)``: one Newton step on the mean log-loss, returning ``(w_new, b_new)``.

    On fixed cases and random ones drawn from ``seed`` (a ✘ shows it). The gradient and
    the Hessian may come from lrlib (``log_loss_hessian``): the step is the exercise.

    Examples
    --------
    >>> def step(X, y, w, b):
    ...     X1 = np.column_stack([X, np.ones(len(X))])
    ...     p = 1 / (1 + np.exp(-(X @ w + b)))
    ...     H = (X1.T * (p * (1 - p))) @ X1 / len(y)
    ...     new = np.append(w, b) - np.linalg.solve(H, X1.T @ (p - y) / len(y))
    ...     return new[:-1], new[-1]
    >>> check_newton_step(step)
    ✔ Correct! Repeat this step five or six times and the gradient is 0 to machine precision.
    """
    return NEWTON_STEP.check(func, seed=seed)


# --- exercise 3: an odds ratio and its interval --------------------------------------------

def _odds_ratio_interval(coef, std_err, z=_Z95):
    return np.exp(coef), np.exp(coef - z * std_err), np.exp(coef + z * std_err)


_ODDS_CASES = [
    (2.826, 1.263),
    (-0.5, 0.2),
    (np.array([0.095, 2.379, -13.02]), np.array([0.142, 1.065, 4.931])),
]

_ODDS_MISTAKES = [
    Mistake(lambda coef, std_err: (coef, coef - _Z95 * std_err, coef + _Z95 * std_err),
            "Your answer is on the log-odds scale.",
            "exponentiate all three: the odds ratio is exp(coef), the interval exp(coef -/+ 1.96 se)."),
    Mistake(lambda coef, std_err: (np.exp(coef), np.exp(coef) - _Z95 * std_err,
                                   np.exp(coef) + _Z95 * std_err),
            "Your interval is symmetric around the odds ratio.",
            "build the interval on the log-odds scale, where the estimate is normal, then exponentiate "
            "its ends: exp(coef - 1.96 se), exp(coef + 1.96 se)."),
    Mistake(lambda coef, std_err: _odds_ratio_interval(coef, std_err, z=1.6448536269514722),
            "Your interval is a 90 % one.",
            "a two-sided 95 % interval uses 1.96 (the 97.5 % normal quantile), not 1.645."),
    Mistake(lambda coef, std_err: _odds_ratio_interval(coef, std_err, z=1.0),
            "Your interval is one standard error wide on each side.",
            "multiply the standard error by 1.96 for a 95 % interval."),
    Mistake(lambda coef, std_err: _odds_ratio_interval(coef, std_err, z=_Z95 ** 2),
            "Your interval is too wide.",
            "use 1.96 standard errors, not 1.96^2 (3.84 is the chi-squared quantile)."),
]


def _random_coefficients(rng):
    size = int(rng.integers(2, 6))
    return [(rng.normal(scale=1.5, size=size), rng.uniform(0.05, 1.0, size=size)),
            (float(rng.normal(scale=1.5)), float(rng.uniform(0.05, 1.0)))]


ODDS_RATIO_INTERVAL = Exercise(
    name="odds_ratio_interval", chapter=10,
    reference=_odds_ratio_interval, cases=_ODDS_CASES, random_cases=_random_coefficients,
    mistakes=_ODDS_MISTAKES,
    output_range=(0, None), range_hint="odds ratios, and the ends of their interval, are exp() of something: "
                                       "positive numbers.",
    success="exp(coef) multiplies the odds per unit; an interval that excludes 1 is a Wald test at 5 %.",
    hint="odds ratio exp(coef), interval (exp(coef - 1.96 * std_err), exp(coef + 1.96 * std_err)).",
    rtol=1e-3, atol=1e-10,  # 1.96 instead of 1.95996... is fine
)


def check_odds_ratio_interval(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(coef, std_err)``: ``(odds_ratio, low, high)`` at 95 %; 1.96 or the exact quantile.

    On fixed cases and random ones drawn from ``seed`` (a ✘ shows it).

    Examples
    --------
    >>> check_odds_ratio_interval(lambda c, s: (np.exp(c), np.exp(c - 1.96 * s), np.exp(c + 1.96 * s)))
    ✔ Correct! exp(coef) multiplies the odds per unit; an interval that excludes 1 is a Wald test at 5 %.
    """
    return ODDS_RATIO_INTERVAL.check(func, seed=seed)


# --- exercise 4: reading a standardised fit in the data's units ------------------------------

def _sd(X, ddof=0):
    return np.asarray(X, dtype=float).std(axis=0, ddof=ddof)


def _per_raw_unit(coef_std, X, ddof=0):
    """The weights per unit of the raw features: a standardised feature is (x - mean) / sd."""
    return np.asarray(coef_std, dtype=float) / _sd(X, ddof)


def _odds_ratio_for_change(coef_std, X, change):
    return float(np.exp(_per_raw_unit(coef_std, X) @ np.asarray(change, dtype=float)))


_X_SPECTOR_LIKE = np.array([[2.66, 20.0, 0.0], [2.89, 22.0, 0.0], [3.28, 24.0, 1.0], [2.92, 12.0, 0.0],
                            [4.0, 21.0, 1.0], [2.86, 17.0, 0.0], [3.62, 28.0, 1.0], [2.76, 17.0, 1.0]])
_CHANGE_CASES = [
    (np.array([1.298, 0.365, 1.18]), _X_SPECTOR_LIKE, np.array([0.5, 0.0, 0.0])),
    (np.array([1.298, 0.365, 1.18]), _X_SPECTOR_LIKE, np.array([0.0, 5.0, 1.0])),
    (np.array([-0.5, 0.8]), np.array([[1.0, 100.0], [2.0, 140.0], [1.5, 90.0], [3.0, 210.0], [2.5, 160.0]]),
     np.array([1.0, -20.0])),
]


def _random_fits(rng):
    cases = []
    for _ in range(2):
        n, d = int(rng.integers(10, 41)), int(rng.integers(2, 6))
        scales = np.exp(rng.uniform(np.log(0.2), np.log(20), d))  # features on very different scales
        X = rng.normal(rng.uniform(-5, 5, d), scales, size=(n, d))
        change = rng.normal(0, 1, d) * scales * (rng.random(d) < 0.7)  # some features unchanged
        cases.append((rng.normal(0, 1, d), X, change))
    return cases


def _log_odds_change(coef_std, X, change):
    return _per_raw_unit(coef_std, X) @ np.asarray(change, dtype=float)


ODDS_RATIO_FOR_CHANGE = Exercise(
    name="odds_ratio_for_change", chapter=10, kind="interpretation",
    reference=_odds_ratio_for_change, cases=_CHANGE_CASES, random_cases=_random_fits,
    mistakes=[
        Mistake(lambda coef_std, X, change: np.exp(np.asarray(coef_std, dtype=float) @ change),
                "You read the standardised weights as if they were per unit of the data.",
                "a standardised weight is per standard deviation: a change of c units is c / sd standard "
                "deviations of that feature (sd = X.std(axis=0))."),
        Mistake(lambda coef_std, X, change: np.exp(np.asarray(coef_std, dtype=float) * _sd(X) @ change),
                "You multiplied the standardised weights by the standard deviation.",
                "section 5 went the other way: raw weight * sd = standardised weight, so per raw unit the "
                "weight is the standardised one divided by sd."),
        Mistake(lambda coef_std, X, change: _log_odds_change(coef_std, X, change),
                "That is the change of the log-odds, not the factor on the odds.",
                "the odds are multiplied by exp() of the change of the log-odds."),
        Mistake(lambda coef_std, X, change: np.sum(np.exp(_per_raw_unit(coef_std, X) * change)),
                "You added one odds ratio per feature.",
                "changes add on the log-odds scale, so their factors on the odds multiply: add the log-odds "
                "changes, then exponentiate once."),
        Mistake(lambda coef_std, X, change: np.exp(_per_raw_unit(coef_std, X, ddof=1) @ change),
                "You used the sample standard deviation (ddof=1).",
                "StandardScaler, and the chapter, divide by X.std(axis=0) (ddof=0)."),
        Mistake(lambda coef_std, X, change: np.exp(np.asarray(coef_std, dtype=float) @ change
                                                   / np.asarray(X, dtype=float).std()),
                "You used one standard deviation of the whole matrix.",
                "each feature has its own spread: X.std(axis=0), one per column."),
    ],
    output_range=(0, None), range_hint="a factor on the odds is exp() of something: a positive number.",
    success="exp(sum_j w_j * change_j / sd_j): standardising changes the units of the weights, and "
            "dividing by sd_j changes them back.",
    hint="a standardised feature is (x - mean) / sd, so its weight w_j is per sd_j = X[:, j].std() units; "
         "add up the changes of the log-odds, w_j * change_j / sd_j, and exponentiate.",
    rtol=1e-9, atol=0,
)


def check_odds_ratio_for_change(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(coef_std, X, change)``: the factor on the odds when the raw features move by ``change``.

    ``coef_std`` are the weights of a model fitted on the standardised columns of ``X``
    (``StandardScaler``: ``X.std(axis=0)``); ``change`` holds one change per feature, in the
    raw features' units. On fixed cases and random ones drawn from ``seed`` (a ✘ shows it).

    Examples
    --------
    >>> check_odds_ratio_for_change(lambda coef_std, X, change: np.exp(coef_std / X.std(axis=0) @ change))
    ... # doctest: +ELLIPSIS
    ✔ Correct! exp(sum_j w_j * change_j / sd_j): ...
    >>> print(check_odds_ratio_for_change(lambda coef_std, X, change: np.exp(coef_std @ change), seed=0))
    ... # doctest: +ELLIPSIS
    ✘ Not yet: ... You read the standardised weights as if they were per unit of the data.
      Hint: ...
    """
    return ODDS_RATIO_FOR_CHANGE.check(func, seed=seed)
