"""Reading a fitted logistic regression: standard errors, Wald tests, intervals, LR tests (chapter 10).

For the unpenalised (maximum-likelihood) fit, the covariance of the estimated
``[w, b]`` is approximately the inverse of the Fisher information
``I = X1^T S X1`` (``X1 = [X, 1]``, ``S = diag(p_i (1 - p_i))``): the Hessian of the
*summed* negative log-likelihood. The standard errors are the square roots of its
diagonal; ``z = coef / se`` is the Wald statistic, normal under "this coefficient is 0".
The numbers are those of statsmodels' ``Logit(y, add_constant(X, prepend=False)).fit()``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from lrlib import _design  # the design matrix, its checks, the Fisher information and its solve
from lrlib._kernels import binary_cross_entropy_with_logits, sigmoid
from lrlib._report import coefficient_table
from lrlib._validation import check_array, check_scalar

__all__ = ["LogitSummary", "coefficient_covariance", "likelihood_ratio_test", "logit_summary"]

# The gradient of the mean log-loss at a maximum-likelihood fit is 0; above this (per
# root-mean-square of its column, as Newton's tol) it is not one.
_GRADIENT_TOL = 1e-4


def _covariance(X1: np.ndarray, y: np.ndarray, z: np.ndarray) -> np.ndarray:
    _design.check_full_rank(X1)
    _design.check_overlap(X1, y, z)  # separated classes: no maximum-likelihood weights to have a covariance
    fisher = _design.fisher_information(X1, z)
    return _design.solve(fisher, np.eye(len(fisher)), _design.singular_hessian("at these weights"))


def coefficient_covariance(X, y, w, b) -> np.ndarray:
    """The inverse Fisher information ``(X1^T S X1)^-1``: the covariance of ``[w, b]``.

    Raises
    ------
    SingularHessianError
        Linearly dependent columns, or completely or quasi-completely separated classes
        (see :func:`lrlib.newton.newton_logistic`): there are no maximum-likelihood
        weights, and the covariance would be infinite; no NaN standard errors are returned.

    Examples
    --------
    >>> coefficient_covariance([[-1.0], [0.0], [1.0], [2.0]], [0, 1, 0, 1], [0.0], 0.0).round(3)
    array([[ 0.8, -0.4],
           [-0.4,  1.2]])
    """
    X, y, w, b = _design.check_data(X, y, w, b)
    return _covariance(_design.with_ones(X), y, X @ w + b)


def likelihood_ratio_test(llf_full: float, llf_reduced: float, df: int) -> tuple[float, float]:
    """Likelihood-ratio test of a reduced model nested in a full one.

    The statistic ``2 (llf_full - llf_reduced)`` follows a chi-squared distribution with
    ``df`` (the number of parameters dropped) degrees of freedom when the dropped
    parameters are 0.

    Returns
    -------
    (statistic, p_value)

    Examples
    --------
    >>> stat, p = likelihood_ratio_test(-12.0, -13.92, 1)
    >>> round(stat, 2), round(p, 3)
    (3.84, 0.05)
    """
    llf_full = check_scalar(llf_full, "llf_full", max_value=0)
    llf_reduced = check_scalar(llf_reduced, "llf_reduced", max_value=0)
    df = check_scalar(df, "df", min_value=1, integer=True)
    statistic = 2 * (llf_full - llf_reduced)
    if statistic < -1e-8 * abs(llf_full):
        raise ValueError(f"llf_full={llf_full} is below llf_reduced={llf_reduced}: the full model, which "
                         "contains the reduced one, cannot fit worse. Are they swapped, or not fitted?")
    statistic = max(statistic, 0.0)
    return float(statistic), float(stats.chi2.sf(statistic, df))


@dataclass(frozen=True)
class LogitSummary:
    """The reading of an unpenalised logistic regression, with statsmodels' names.

    Arrays follow ``names``: the features, then ``"intercept"`` (statsmodels' order with
    ``add_constant(X, prepend=False)``).

    Attributes
    ----------
    names : tuple of str
    params, bse, zvalues, pvalues : numpy.ndarray of shape (k + 1,)
        Coefficients, standard errors, Wald statistics ``params / bse``, two-sided p-values.
    conf_int : numpy.ndarray of shape (k + 1, 2)
        Wald intervals ``params -/+ q * bse`` at ``level`` (``q`` = 1.96 for 95 %).
    cov_params : numpy.ndarray of shape (k + 1, k + 1)
        The inverse Fisher information.
    llf, llnull : float
        Log-likelihood of the model and of the intercept-only model.
    llr, llr_pvalue : float
        ``2 (llf - llnull)`` and its chi-squared p-value with ``k`` degrees of freedom
        (for the intercept-only model, ``k = 0``: no feature to test, 0 and 1.0, where
        statsmodels gives NaN).
    nobs : int
    level : float
    """

    names: tuple[str, ...]
    params: np.ndarray
    bse: np.ndarray
    zvalues: np.ndarray
    pvalues: np.ndarray
    conf_int: np.ndarray
    cov_params: np.ndarray
    llf: float
    llnull: float
    llr: float
    llr_pvalue: float
    nobs: int
    level: float

    def odds_ratios(self, unit=None) -> np.ndarray:
        """Odds ratios with their interval, ``exp([params, conf_int] * unit)``: shape (k + 1, 3).

        Parameters
        ----------
        unit : array-like of shape (k,), optional
            The change of each feature the odds ratio is for; default 1 (per unit).
            ``X.std(axis=0)`` gives odds ratios per standard deviation, which compare
            across features and do not depend on the units. The last row, the intercept's,
            is the odds at ``x = 0`` whatever ``unit``.

        Raises
        ------
        ValueError
            If an odds ratio or an end of its interval is beyond the range of float64
            (``exp`` of more than 709.78 in size): a feature measured in tiny units has a
            huge coefficient per unit. The message says which, and to ask per standard deviation.

        Examples
        --------
        >>> summary = LogitSummary(("dose", "intercept"), np.array([2.0, -1.0]), np.array([0.5, 0.4]),
        ...     np.array([4.0, -2.5]), np.array([6e-5, 0.012]), np.array([[1.02, 2.98], [-1.78, -0.22]]),
        ...     np.eye(2), -10.0, -15.0, 10.0, 0.0016, 30, 0.95)
        >>> summary.odds_ratios().round(2)
        array([[ 7.39,  2.77, 19.69],
               [ 0.37,  0.17,  0.8 ]])
        >>> summary.odds_ratios(unit=[0.5]).round(2)  # per half a unit of dose
        array([[2.72, 1.67, 4.44],
               [0.37, 0.17, 0.8 ]])
        """
        k = len(self.params) - 1
        unit = np.ones(k) if unit is None else check_array(unit, "unit", ndim=1, allow_empty=True)
        if len(unit) != k:
            raise ValueError(f"unit must hold one value per feature ({k}), got {len(unit)}")
        log_ratios = np.column_stack([self.params, self.conf_int]) * np.append(unit, 1.0)[:, None]
        too_far = np.abs(log_ratios) > np.log(np.finfo(np.float64).max)
        if np.any(too_far):
            j = int(np.flatnonzero(too_far.any(axis=1))[0])
            value = log_ratios[j][too_far[j]][0]
            where = ("the intercept's odds (at x = 0)" if j == k else
                     f"the odds ratio of {self.names[j]} per {'unit' if unit[j] == 1 else f'{unit[j]:g}'}")
            raise ValueError(
                f"{where}, or an end of its interval, is exp({value:.4g}): beyond the range of float64 "
                f"(exp of at most 709.8 in size). "
                + ("Centre the features, so that x = 0 is a typical point." if j == k else
                   f"Its coefficient per unit is large because one unit of {self.names[j]} is far from "
                   "its typical spread: ask per standard deviation, odds_ratios(unit=X.std(axis=0)), "
                   "or rescale it.")
            )
        return np.exp(log_ratios)

    def probability_interval(self, X) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Predicted probabilities with a pointwise confidence band at ``level``.

        The interval is made on the log-odds scale, ``z -/+ q * sqrt(x1^T Cov x1)``, and
        mapped through the sigmoid, so it stays inside (0, 1).

        Returns
        -------
        (p, low, high) : three arrays of shape (n_samples,)
        """
        X = check_array(X, "X", ndim=2, allow_empty=True)  # no column: the intercept-only model
        if len(X) == 0:
            raise ValueError(f"X must hold at least one sample, got shape {X.shape}")
        if X.shape[1] != len(self.params) - 1:
            raise ValueError(f"X has {X.shape[1]} features, but the model has {len(self.params) - 1}")
        X1 = _design.with_ones(X)
        z = X1 @ self.params
        se = np.sqrt(np.einsum("ij,jk,ik->i", X1, self.cov_params, X1))
        q = stats.norm.ppf(0.5 + self.level / 2)
        return sigmoid(z), sigmoid(z - q * se), sigmoid(z + q * se)

    def __str__(self) -> str:
        title = (f"Logistic regression, {self.nobs} samples: log-likelihood {self.llf:.4f} "
                 f"(intercept only {self.llnull:.4f}), LR test p-value {self.llr_pvalue:.4g}")
        return "\n".join([title, *coefficient_table(self.names, self.params, self.bse, self.zvalues,
                                                     self.pvalues, self.conf_int, level=self.level)])

    __repr__ = __str__


def logit_summary(X, y, w, b, *, feature_names: Sequence[str] | None = None,
                  level: float = 0.95) -> LogitSummary:
    """Standard errors, Wald z, p-values, intervals and the LR test of the fit ``(w, b)`` to ``X, y``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
        Labels 0 and 1.
    w : array-like of shape (n_features,)
    b : float
        The maximum-likelihood weights and intercept (an unpenalised fit to this X, y).
    feature_names : sequence of str, optional
        Default ``x0``, ``x1``, ...
    level : float, default 0.95

    Returns
    -------
    LogitSummary

    Raises
    ------
    ValueError
        If ``(w, b)`` is not a maximum of the likelihood of ``X, y`` (its gradient is not 0).
    SingularHessianError
        Linearly dependent columns, or completely or quasi-completely separated classes.

    Examples
    --------
    >>> X, y = [[-1.0], [0.0], [1.0], [2.0]], [0, 1, 0, 1]
    >>> from lrlib.newton import newton_logistic
    >>> w0, b0 = newton_logistic(X, y).params
    >>> print(logit_summary(X, y, [w0], b0, feature_names=["dose"]))
    Logistic regression, 4 samples: log-likelihood -2.3475 (intercept only -2.7726), LR test p-value 0.3565
                   coef   std err       z   P>|z|    [0.025    0.975]
    dose         0.9082    1.0852   0.837  0.4027   -1.2188    3.0351
    intercept   -0.4541    1.2429  -0.365  0.7149   -2.8902    1.9820
    """
    X, y, w, b = _design.check_data(X, y, w, b)
    level = check_scalar(level, "level", min_value=0, max_value=1, include_min=False)
    if level == 1:
        raise ValueError("level must be < 1 (a 100 % interval is infinite), got 1")
    n, k = X.shape
    if feature_names is None:
        feature_names = [f"x{j}" for j in range(k)]
    elif isinstance(feature_names, str) or not hasattr(feature_names, "__len__"):
        # a string is a sequence too: "abc" would name three features a, b and c
        raise TypeError(f"feature_names must be a sequence of names, one per column of X, got "
                        f"{type(feature_names).__name__} {feature_names!r}")
    feature_names = [str(name) for name in feature_names]
    if len(feature_names) != k:
        raise ValueError(f"feature_names must hold one name per column of X ({k}), got {len(feature_names)}")
    if y.min() == y.max():
        raise ValueError(f"y holds only the label {y[0]:g}: the model cannot be fitted to one class")
    X1 = _design.with_ones(X)
    params = np.append(w, b)
    z = X1 @ params
    largest = _design.largest_scaled_gradient(X1.T @ (sigmoid(z) - y) / n, _design.column_scales(X1))
    if largest > _GRADIENT_TOL:
        raise ValueError(
            f"w, b do not maximise the likelihood of this X, y (largest gradient entry, per "
            f"root-mean-square of its column, {largest:.2g}): pass the data the model was fitted on, and "
            "an unpenalised fit (alpha=0) run to convergence (LogisticRegressionNewton converges in a few "
            "steps)."
        )
    cov = _covariance(X1, y, z)
    bse = np.sqrt(np.diag(cov))
    zvalues = params / bse
    q = stats.norm.ppf(0.5 + level / 2)
    llf = -n * binary_cross_entropy_with_logits(y, z)
    ybar = float(y.mean())
    llnull = n * (ybar * np.log(ybar) + (1 - ybar) * np.log1p(-ybar))
    llr = 2 * (llf - llnull)
    return LogitSummary(
        names=(*feature_names, "intercept"),
        params=params,
        bse=bse,
        zvalues=zvalues,
        pvalues=2 * stats.norm.sf(np.abs(zvalues)),
        conf_int=np.column_stack([params - q * bse, params + q * bse]),
        cov_params=cov,
        llf=float(llf),
        llnull=float(llnull),
        llr=float(llr),
        llr_pvalue=float(stats.chi2.sf(llr, k)) if k else 1.0,  # chi2 with 0 df is undefined
        nobs=n,
        level=level,
    )
