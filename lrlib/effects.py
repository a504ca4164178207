"""Effects people can read: risks, risk ratios, odds ratios and average marginal effects (chapter 11).

A logistic model's coefficients are log odds ratios; most readers think in risks
(probabilities). This module converts:

- :func:`effect_measures`: from a 2x2 table, the two risks, their difference, their ratio
  and the odds ratio. The odds ratio is close to the risk ratio only when the outcome is
  rare; with a common outcome it lies further from 1;
- :func:`mantel_haenszel_odds_ratio`: one odds ratio pooled over strata (2x2 tables for
  several cities, hospitals, age groups), ``sum_k a_k d_k / n_k / sum_k b_k c_k / n_k``;
- :func:`marginal_effects`: the *average marginal effect* of each feature on the
  probability, ``mean_i dp_i / dx_ij = mean_i p_i (1 - p_i) w_j`` (for a 0/1 feature, the
  average change of ``p`` when it goes from 0 to 1), with delta-method standard errors.

The numbers equal statsmodels' (``Table2x2``, ``StratifiedTable.oddsratio_pooled`` and
``Logit(...).fit().get_margeff()``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from scipy import special, stats

from lrlib._report import coefficient_table
from lrlib._validation import check_array, check_scalar

__all__ = [
    "EffectMeasures",
    "MarginalEffects",
    "effect_measures",
    "mantel_haenszel_odds_ratio",
    "marginal_effects",
]


def _check_tables(table, name: str, ndim: int) -> np.ndarray:
    arr = check_array(table, name, ndim=ndim)
    if arr.shape[-2:] != (2, 2):
        raise ValueError(f"{name} must be {'a 2x2 table' if ndim == 2 else 'a stack of 2x2 tables'} "
                         f"(rows: exposed, unexposed; columns: event, no event), got shape {arr.shape}")
    if np.any(arr < 0):
        raise ValueError(f"{name} must hold counts (>= 0), got {arr[arr < 0][0]:g}")
    return arr.astype(np.float64)


class EffectMeasures(NamedTuple):
    """The effect of an exposure on a binary outcome, measured four ways."""

    risk_exposed: float
    risk_unexposed: float
    risk_difference: float
    risk_ratio: float
    odds_ratio: float


def effect_measures(table) -> EffectMeasures:
    """Risks, risk difference, risk ratio and odds ratio of a 2x2 table.

    Parameters
    ----------
    table : array-like of shape (2, 2)
        Counts ``[[a, b], [c, d]]``: row 0 the exposed (``a`` with the event, ``b``
        without), row 1 the unexposed (``c`` with, ``d`` without).

    Returns
    -------
    EffectMeasures
        ``a / (a + b)``, ``c / (c + d)``, their difference and ratio, and ``a d / (b c)``.

    Raises
    ------
    ValueError
        Not a 2x2 table of counts, or a row with no one in it.

    Examples
    --------
    A common outcome (30 % and 20 %): the odds ratio, 1.71, is further from 1 than the
    risk ratio, 1.5.

    >>> measures = effect_measures([[30, 70], [20, 80]])
    >>> round(measures.risk_ratio, 3), round(measures.odds_ratio, 3), round(measures.risk_difference, 3)
    (1.5, 1.714, 0.1)
    """
    (a, b), (c, d) = _check_tables(table, "table", 2)
    if a + b == 0 or c + d == 0:
        raise ValueError("table has an empty row: each group (exposed, unexposed) needs someone in it")
    r1, r0 = a / (a + b), c / (c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        risk_ratio = np.float64(r1) / r0
        odds_ratio = np.float64(a * d) / (b * c)
    return EffectMeasures(float(r1), float(r0), float(r1 - r0), float(risk_ratio), float(odds_ratio))


def mantel_haenszel_odds_ratio(tables) -> float:
    """The Mantel-Haenszel odds ratio pooled over strata: ``sum_k a_k d_k / n_k / sum_k b_k c_k / n_k``.

    A weighted average of the strata's odds ratios ``a_k d_k / (b_k c_k)``, with weights
    ``b_k c_k / n_k``: an estimate of the odds ratio the strata share, if they share one,
    that is not confounded by the stratifying variable (unlike the odds ratio of the
    tables added up) and stays finite when a stratum has an empty cell.

    Parameters
    ----------
    tables : array-like of shape (n_strata, 2, 2)
        One 2x2 table per stratum, laid out as in :func:`effect_measures`.

    Returns
    -------
    float

    Examples
    --------
    Two strata with the same odds ratio, 2.25, but different risks:

    >>> round(mantel_haenszel_odds_ratio([[[30, 20], [20, 30]], [[6, 4], [40, 60]]]), 4)
    2.25
    """
    arr = _check_tables(tables, "tables", 3)
    n = arr.sum(axis=(1, 2))
    if np.any(n == 0):
        raise ValueError(f"tables: stratum {int(np.flatnonzero(n == 0)[0])} is empty")
    a, b, c, d = arr[:, 0, 0], arr[:, 0, 1], arr[:, 1, 0], arr[:, 1, 1]
    numerator, denominator = np.sum(a * d / n), np.sum(b * c / n)
    if denominator == 0:
        raise ValueError("tables: every stratum has b c = 0, so the pooled odds ratio is infinite")
    return float(numerator / denominator)


@dataclass(frozen=True)
class MarginalEffects:
    """Average marginal effects of a logistic model, with statsmodels' names (``get_margeff``).

    Attributes
    ----------
    names : tuple of str
        The features (not the intercept).
    effects, bse, zvalues, pvalues : numpy.ndarray of shape (n_features,)
        Average changes of the probability per unit of each feature (or from 0 to 1
        for a 0/1 feature with ``discrete=True``), their delta-method standard errors,
        ``effects / bse`` and two-sided p-values.
    conf_int : numpy.ndarray of shape (n_features, 2)
    discrete : numpy.ndarray of bool, shape (n_features,)
        Which features' effects are discrete changes.
    level : float
        The confidence level of ``conf_int``.
    """

    names: tuple[str, ...]
    effects: np.ndarray
    bse: np.ndarray
    zvalues: np.ndarray
    pvalues: np.ndarray
    conf_int: np.ndarray
    discrete: np.ndarray
    level: float = 0.95

    def __str__(self) -> str:
        how = "0 to 1 changes for 0/1 features" if self.discrete.any() else "derivatives"
        return "\n".join([f"Average marginal effects on the probability ({how})",
                          *coefficient_table(self.names, self.effects, self.bse, self.zvalues, self.pvalues,
                                             self.conf_int, estimate="dp/dx", level=self.level)])

    __repr__ = __str__


def marginal_effects(X, params, cov_params, *, feature_names: Sequence[str] | None = None,
                     discrete: bool = True, level: float = 0.95) -> MarginalEffects:
    """Average marginal effects of a logistic model on the probability, with standard errors.

    For a feature ``j``: ``mean_i p_i (1 - p_i) w_j``, the average slope of the
    probability along ``x_j`` (its units: probability per unit of ``x_j``). With
    ``discrete=True`` a 0/1 feature (a dummy) gets instead the average change of ``p``
    when it is switched from 0 to 1 for every row, the others kept as they are. The
    standard errors come from the delta method: ``sqrt(J Cov J^T)``, ``J`` the Jacobian of
    the effects with respect to ``[w, b]``.

    An interaction or a polynomial term is a column like any other here, so the effect
    of a feature that enters through several columns is *not* the sum of theirs; fit
    the model without such terms, or compute the effect by finite differences.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The rows to average over (usually the data the model was fitted on).
    params : array-like of shape (n_features + 1,)
        ``[w, b]``: the coefficients, intercept last (``LogitSummary.params``).
    cov_params : array-like of shape (n_features + 1, n_features + 1)
        Their covariance (``LogitSummary.cov_params``).
    feature_names : sequence of str, optional
    discrete : bool, default True
        0/1 features as a change from 0 to 1 (statsmodels' ``dummy=True``); ``False``
        takes the derivative for every feature (statsmodels' default).
    level : float, default 0.95

    Returns
    -------
    MarginalEffects

    Examples
    --------
    >>> X = [[-1.0, 0], [0.0, 1], [1.0, 0], [2.0, 1]]
    >>> effects = marginal_effects(X, [0.5, 1.0, -0.5], np.eye(3) * 0.1, feature_names=["dose", "treated"])
    >>> effects.effects.round(4).tolist(), effects.discrete.tolist()
    ([0.1038, 0.2255], [False, True])
    """
    X = check_array(X, "X", ndim=2)
    n, k = X.shape
    params = check_array(params, "params", ndim=1).astype(np.float64)
    cov = check_array(cov_params, "cov_params", ndim=2).astype(np.float64)
    if len(params) != k + 1:
        raise ValueError(f"params must hold one coefficient per column of X ({k}) and the intercept "
                         f"last: {k + 1} numbers, got {len(params)}")
    if cov.shape != (k + 1, k + 1):
        raise ValueError(f"cov_params must have shape ({k + 1}, {k + 1}), got {cov.shape}")
    if not isinstance(discrete, bool | np.bool_):
        raise TypeError(f"discrete must be True or False, got {discrete!r}")
    level = check_scalar(level, "level", min_value=0, max_value=1, include_min=False, include_max=False)
    names = [f"x{j}" for j in range(k)] if feature_names is None else [str(name) for name in feature_names]
    if len(names) != k:
        raise ValueError(f"feature_names must hold one name per column of X ({k}), got {len(names)}")
    X1 = np.column_stack([X, np.ones(n)])
    z = X1 @ params
    p = special.expit(z)
    s = p * (1 - p)
    effects = np.empty(k)
    jacobian = np.empty((k, k + 1))
    # derivative: d/dparams of mean_i s_i w_j = mean_i [s_i e_j + w_j s_i (1 - 2 p_i) x1_i]
    effects[:] = s.mean() * params[:k]
    jacobian[:] = np.outer(params[:k], (s * (1 - 2 * p)) @ X1 / n)
    jacobian[:, :k] += s.mean() * np.eye(k)
    is_dummy = np.array([discrete and bool(np.all((X[:, j] == 0) | (X[:, j] == 1))) for j in range(k)])
    for j in np.flatnonzero(is_dummy):
        X_on, X_off = X1.copy(), X1.copy()
        X_on[:, j], X_off[:, j] = 1.0, 0.0
        z_on, z_off = X_on @ params, X_off @ params
        p_on, p_off = special.expit(z_on), special.expit(z_off)
        effects[j] = np.mean(p_on - p_off)
        jacobian[j] = ((p_on * (1 - p_on)) @ X_on - (p_off * (1 - p_off)) @ X_off) / n
    bse = np.sqrt(np.einsum("ij,jk,ik->i", jacobian, cov, jacobian))
    zvalues = effects / bse
    q = stats.norm.ppf(0.5 + level / 2)
    return MarginalEffects(tuple(names), effects, bse, zvalues, 2 * stats.norm.sf(np.abs(zvalues)),
                           np.column_stack([effects - q * bse, effects + q * bse]), is_dummy, level)
