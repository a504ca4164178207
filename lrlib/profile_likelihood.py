"""Profile-likelihood intervals for one coefficient of a logistic regression (chapter 11).

The Wald interval ``b_j -/+ 1.96 se_j`` trusts a quadratic approximation of the
log-likelihood at its maximum. The *profile* interval uses the log-likelihood itself:
fix ``b_j`` at a value ``c``, maximise over the other coefficients (a *constrained* fit:
``c x_j`` becomes an offset), and call the result ``l_p(c)``. The likelihood-ratio test of
``b_j = c`` has statistic ``2 (l_max - l_p(c))``; the interval holds every ``c`` that test
does not reject:

    { c : 2 (l_max - l_p(c)) <= chi2_1(level) }        (3.84 for 95 %).

It follows the likelihood's own shape, so it is not symmetric around ``b_j`` when the
likelihood is not, and it does not change when a coefficient is reparametrised (an odds
ratio's interval is ``exp`` of the coefficient's). On small samples it is the better
interval; near separation the Wald interval fails badly (the Hauck-Donner effect) while
the profile one stays sound, possibly unbounded on one side. With ``firth=True`` the
same is done with Firth's penalised log-likelihood (:mod:`lrlib.firth`), as R's
``logistf`` and ``firthmodels`` do.

- :func:`profile_interval`: the interval's two ends, each found by root finding on the
  profile;
- :func:`profile_statistic`: the statistic ``2 (l_max - l_p(c))`` at given values ``c``,
  to draw the profile.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy import optimize, stats

from lrlib._binomial import LINKS, firth_newton, irls, irls_unless_separated, solve_information
from lrlib._design import SingularHessianError  # public as lrlib.newton.SingularHessianError
from lrlib._threads import one_blas_thread
from lrlib._validation import check_array, check_binary_labels, check_consistent_length, check_scalar
from lrlib.design import check_full_rank

__all__ = ["ProfileInterval", "profile_interval", "profile_statistic"]

_TOL = 1e-11  # constrained fits: relative step (IRLS) or modified score (Firth)
_MAX_DOUBLINGS = 40


class ProfileInterval(NamedTuple):
    """The two ends of a profile-likelihood interval."""

    low: float
    high: float


class _Profile:
    """The maximum and the constrained fits of one coefficient's profile."""

    def __init__(self, X, y, column, firth):
        X = check_array(X, "X", ndim=2).astype(np.float64)
        y = check_binary_labels(y, "y")
        check_consistent_length(X=X, y=y)
        if y.min() == y.max():
            raise ValueError(f"y holds only the label {y[0]:g}: a logistic model needs both classes")
        k = X.shape[1]
        if isinstance(column, bool | np.bool_) or not isinstance(column, int | np.integer):
            raise TypeError(f"column must be an integer: the index of a coefficient in [w, b] (0..{k - 1} "
                            f"for the features, {k} for the intercept), got {column!r}")
        if not 0 <= column <= k:
            raise ValueError(f"column must be in 0..{k} ({k} is the intercept), got {int(column)}")
        if not isinstance(firth, bool | np.bool_):
            raise TypeError(f"firth must be True or False, got {firth!r}")
        check_full_rank(X)
        self.X1 = np.column_stack([X, np.ones(len(y))])
        self.y, self.j, self.firth = y, int(column), bool(firth)
        self.free = np.arange(k + 1) != self.j
        if self.firth:
            fit = firth_newton(self.X1, y, tol=_TOL, max_iter=200)
            self.params, self.max_value = fit.params, fit.penalised_loglik
            information = fit.augmented_information
        else:
            names = [f"column {i}" for i in range(k)] + ["intercept"]
            try:
                fit = irls_unless_separated(self.X1, y, np.ones(len(y)), np.zeros(len(y)), LINKS["logit"],
                                            names, tol=_TOL, max_iter=200)
            except SingularHessianError as error:
                raise SingularHessianError(f"{error} Profile it with firth=True.") from None
            self.params, self.max_value = fit.params, -0.5 * fit.deviance
            information = fit.information
        cov = solve_information(information, np.eye(k + 1), "at the maximum")
        self.se = float(np.sqrt(cov[self.j, self.j]))
        self.known = {float(self.params[self.j]): self.params}  # constrained fits done: value -> params

    def _fit(self, c: float, start: np.ndarray):
        start = start.copy()
        start[self.j] = c
        if self.firth:
            fit = firth_newton(self.X1, self.y, free=self.free, tol=_TOL, max_iter=200, start=start)
            return fit.params, fit.penalised_loglik, fit.converged
        offset = c * self.X1[:, self.j]
        fit = irls(self.X1[:, self.free], self.y, np.ones(len(self.y)), offset, LINKS["logit"], tol=_TOL,
                   max_iter=200, start=start[self.free])
        params = start.copy()
        params[self.free] = fit.params
        return params, -0.5 * fit.deviance, fit.converged

    def value(self, c: float) -> float:
        """The (penalised) log-likelihood maximised with coefficient ``j`` fixed at ``c``.

        Each constrained fit starts from the nearest one done so far, through up to 8
        intermediate fits a standard error or more apart (continuation), so that no fit
        starts far from its answer.
        """
        nearest = min(self.known, key=lambda known: abs(known - c))
        steps = int(np.clip(np.ceil(abs(c - nearest) / self.se), 1, 8))
        params = self.known[nearest]
        for value in np.linspace(nearest, c, steps + 1)[1:]:
            params, result, converged = self._fit(float(value), params)
            if not converged:
                raise RuntimeError(f"the constrained fit with coefficient {self.j} fixed at {value:g} "
                                   "did not converge")
            self.known[float(value)] = params
        return result

    def statistic(self, c: float) -> float:
        return max(2 * (self.max_value - self.value(c)), 0.0)

    def end(self, side: int, critical: float) -> float:
        """Where the statistic reaches ``critical`` on one side of the maximum.

        Where the maximum exists, the log-likelihood falls to minus infinity in every
        direction (and so does Firth's), so the end is finite; the search doubles its step
        until it brackets the end, then Brent's method finds it.
        """
        centre = self.params[self.j]
        inner = centre
        step = self.se
        for _ in range(_MAX_DOUBLINGS):
            outer = centre + side * step
            value = self.statistic(outer)
            if value >= critical:
                return optimize.brentq(lambda c: self.statistic(c) - critical, min(inner, outer),
                                       max(inner, outer), xtol=1e-12, rtol=4 * np.finfo(float).eps)
            inner = outer
            step *= 2
        raise RuntimeError(f"the profile of coefficient {self.j} did not reach {critical:g} within "
                           f"{step / 2:g} of the estimate")


def profile_interval(X, y, column: int, *, level: float = 0.95, firth: bool = False) -> ProfileInterval:
    """The profile-likelihood interval of coefficient ``column`` of a logistic regression of ``y`` on ``X``.

    Each end is the value ``c`` where the likelihood-ratio statistic of ``b_j = c``,
    ``2 (l_max - l_p(c))``, equals the ``level`` quantile of the chi-squared distribution
    with 1 degree of freedom (found by Brent's method on the profile, every point of
    which is a converged constrained fit).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Without the column of ones (the intercept is added, last).
    y : array-like of shape (n_samples,)
        Labels 0 and 1.
    column : int
        The coefficient: ``0 .. n_features - 1`` for a feature, ``n_features`` for the
        intercept.
    level : float, default 0.95
    firth : bool, default False
        Profile Firth's penalised log-likelihood instead (finite intervals where the
        classes are separated).

    Returns
    -------
    ProfileInterval
        ``(low, high)``.

    Raises
    ------
    lrlib.newton.SingularHessianError
        Linearly dependent columns; or, with ``firth=False``, separated classes (no
        maximum-likelihood estimate to profile from: use ``firth=True``).

    Examples
    --------
    >>> X, y = [[-1.0], [0.0], [1.0], [2.0], [3.0], [0.5]], [0, 1, 0, 1, 1, 0]
    >>> low, high = profile_interval(X, y, 0)
    >>> round(low, 3), round(high, 3)
    (-0.298, 4.313)
    """
    level = check_scalar(level, "level", min_value=0, max_value=1, include_min=False, include_max=False)
    critical = stats.chi2.ppf(level, 1)
    with one_blas_thread():  # small products: faster on one thread
        profile = _Profile(X, y, column, firth)
        return ProfileInterval(float(profile.end(-1, critical)), float(profile.end(+1, critical)))


def profile_statistic(X, y, column: int, values, *, firth: bool = False) -> np.ndarray:
    """The likelihood-ratio statistic ``2 (l_max - l_p(c))`` of ``b_column = c`` for each ``c`` in ``values``.

    Parameters
    ----------
    X, y, column, firth
        As in :func:`profile_interval`.
    values : array-like of shape (n_values,)

    Returns
    -------
    numpy.ndarray of shape (n_values,)
        0 at the estimate, rising on both sides; the profile interval is where it is at
        most ``chi2_1(level)``.

    Examples
    --------
    >>> X, y = [[-1.0], [0.0], [1.0], [2.0], [3.0], [0.5]], [0, 1, 0, 1, 1, 0]
    >>> profile_statistic(X, y, 0, [-0.298, 4.313]).round(2)
    array([3.84, 3.84])
    """
    values = check_array(values, "values", ndim=1)
    with one_blas_thread():
        profile = _Profile(X, y, column, firth)
        return np.array([profile.statistic(float(c)) for c in values])
