"""Diagnostics of a fitted logistic regression: residuals, leverage, influence, calibration (chapter 11).

With fitted probabilities ``p`` (``mu``) for outcomes ``y`` (0/1, or counts out of ``n``):

- the *Pearson residual* ``(y - n p) / sqrt(n p (1 - p))``: the raw residual in standard
  deviations; the sum of its squares is Pearson's chi-squared;
- the *deviance residual* ``sign(y - n p) sqrt(d_i)``, ``d_i`` the row's share of the
  deviance: the sum of its squares is the deviance;
- the *leverage* ``h_i``, the diagonal of the hat matrix of the last IRLS step,
  ``H = W^1/2 X1 (X1^T W X1)^-1 X1^T W^1/2``: how far row ``i``'s features lie from
  the others', weighted by how uncertain its outcome is (``sum_i h_i`` is the number of
  parameters);
- *Cook's distance* ``r_i^2 h_i / (k (1 - h_i)^2)`` with ``r_i`` the Pearson residual and
  ``k`` parameters: a one-step estimate of how far all coefficients move when row ``i``
  is left out, in units of their covariance;
- *binned residuals*: with 0/1 outcomes a residual plot shows two bands; averaging the
  residuals over rows with similar ``p`` (Gelman and Hill, 2007) shows a pattern;
- the *calibration intercept and slope* of probabilities on data the model has not seen:
  the slope of ``logit P(y = 1) = a + b logit(p)`` (1 when the predictions are neither
  too extreme nor too timid) and the intercept ``a`` of the same model with ``b`` fixed
  at 1 (0 when they are right on average).

The numbers equal statsmodels' (``GLMResults.resid_pearson``, ``resid_deviance``,
``get_influence().hat_matrix_diag`` and ``.cooks_distance[0]``; for a probit or cloglog
link ``get_influence(observed=False)``, the expected information IRLS uses).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from scipy import special

from lrlib._binomial import LINKS, irls, solve_information, unit_deviance
from lrlib._threads import one_blas_thread
from lrlib._validation import check_array, check_consistent_length, check_probabilities, check_scalar

__all__ = [
    "BinnedResiduals",
    "Calibration",
    "binned_residuals",
    "calibration_slope_intercept",
    "cooks_distance",
    "deviance_residuals",
    "leverage",
    "pearson_residuals",
]


def _outcomes(y, p, n_trials, *, open_interval: bool):
    """Validated ``y`` (counts), ``p`` and ``n`` (trials, ones for 0/1 labels)."""
    y = check_array(y, "y", ndim=1)
    p = check_probabilities(p, "p", ndim=1)
    check_consistent_length(y=y, p=p)
    if n_trials is None:
        n = np.ones(len(y))
        bad = (y != 0) & (y != 1)
        if np.any(bad):
            raise ValueError(f"y must hold 0/1 labels (or success counts, with n_trials), got "
                             f"{np.unique(y[bad])[:5].tolist()}")
    else:
        n = check_array(n_trials, "n_trials", ndim=1)
        check_consistent_length(y=y, n_trials=n)
        if np.any(n <= 0) or np.any((y < 0) | (y > n)):
            raise ValueError("n_trials must be positive and y must count successes between 0 and n_trials")
    if open_interval and np.any((p == 0) | (p == 1)):
        raise ValueError("p must be strictly between 0 and 1 here (a fitted probability of exactly 0 or 1 "
                         "has no variance: the fit is separated)")
    return y.astype(np.float64), p.astype(np.float64), n.astype(np.float64)


def _design(X, n_rows: int, fit_intercept: bool) -> np.ndarray:
    X = check_array(X, "X", ndim=2)
    if len(X) != n_rows:
        raise ValueError(f"X and p must have the same number of samples: X has {len(X)}, p has {n_rows}")
    if not isinstance(fit_intercept, bool | np.bool_):
        raise TypeError(f"fit_intercept must be True or False, got {fit_intercept!r}")
    return np.column_stack([X, np.ones(n_rows)]) if fit_intercept else X.astype(np.float64)


def _link(link):
    if not isinstance(link, str) or link not in LINKS:
        raise ValueError(f"link must be one of {', '.join(map(repr, LINKS))}, got {link!r}")
    return LINKS[link]


def pearson_residuals(y, p, n_trials=None) -> np.ndarray:
    """Pearson residuals ``(y - n p) / sqrt(n p (1 - p))``.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        0/1 labels, or success counts out of ``n_trials``.
    p : array-like of shape (n_samples,)
        Fitted probabilities, strictly between 0 and 1.
    n_trials : array-like of shape (n_samples,), optional

    Returns
    -------
    numpy.ndarray of shape (n_samples,)

    Examples
    --------
    >>> pearson_residuals([1, 0], [0.8, 0.2])
    array([ 0.5, -0.5])
    """
    y, p, n = _outcomes(y, p, n_trials, open_interval=True)
    return (y - n * p) / np.sqrt(n * p * (1 - p))


def deviance_residuals(y, p, n_trials=None) -> np.ndarray:
    """Deviance residuals ``sign(y - n p) sqrt(d_i)``: their squares add up to the deviance.

    For a 0/1 label, ``d_i = -2 log p_i`` when ``y_i = 1`` and ``-2 log(1 - p_i)`` when
    ``y_i = 0``: twice the row's log-loss.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        0/1 labels, or success counts out of ``n_trials``.
    p : array-like of shape (n_samples,)
        Fitted probabilities in [0, 1].
    n_trials : array-like of shape (n_samples,), optional

    Returns
    -------
    numpy.ndarray of shape (n_samples,)

    Examples
    --------
    >>> deviance_residuals([1, 0], [0.5, 0.5]).round(4)
    array([ 1.1774, -1.1774])
    """
    y, p, n = _outcomes(y, p, n_trials, open_interval=False)
    with np.errstate(divide="ignore"):
        d = unit_deviance(y, n, np.log(p), np.log1p(-p))
    return np.sign(y - n * p) * np.sqrt(d)


def _irls_weights(p, n, link) -> np.ndarray:
    dmu = link.derivative_from_mean(p)
    return n * dmu**2 / (p * (1 - p))


def _hat_diagonal(X1, w) -> np.ndarray:
    with one_blas_thread():  # small products: faster on one thread
        information = (X1.T * w) @ X1
        solved = solve_information(information, X1.T, "at these probabilities")
        return np.einsum("ij,ji->i", X1, solved) * w


def leverage(X, p, *, n_trials=None, link: str = "logit", fit_intercept: bool = True) -> np.ndarray:
    """Leverage: the diagonal of the hat matrix ``W^1/2 X1 (X1^T W X1)^-1 X1^T W^1/2`` of IRLS.

    ``W`` holds the IRLS weights at the fit, ``n p (1 - p)`` for the logit link. Each
    ``h_i`` is in [0, 1] and they add up to the number of parameters ``k``; a row far from
    the others in feature space, where the model is not already certain, has a large one.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The features the model was fitted on (without the column of ones).
    p : array-like of shape (n_samples,)
        The fitted probabilities, strictly between 0 and 1.
    n_trials : array-like of shape (n_samples,), optional
    link : {"logit", "probit", "cloglog"}, default "logit"
    fit_intercept : bool, default True

    Returns
    -------
    numpy.ndarray of shape (n_samples,)

    Examples
    --------
    >>> h = leverage([[0.0], [1.0], [2.0], [10.0]], [0.3, 0.4, 0.5, 0.9])
    >>> h.round(3), round(float(h.sum()), 10)
    (array([0.398, 0.344, 0.317, 0.941]), 2.0)
    """
    p = check_probabilities(p, "p", ndim=1)
    X1 = _design(X, len(p), fit_intercept)
    _, p, n = _outcomes(np.zeros(len(p)), p, n_trials, open_interval=True)
    return _hat_diagonal(X1, _irls_weights(p, n, _link(link)))


def cooks_distance(X, y, p, *, n_trials=None, link: str = "logit", fit_intercept: bool = True) -> np.ndarray:
    """Cook's distance ``r_i^2 h_i / (k (1 - h_i)^2)`` of each row (``r_i`` Pearson, ``k`` parameters).

    A one-step approximation of ``(b - b_(i))^T Cov^-1 (b - b_(i)) / k``, the move of
    the coefficients when row ``i`` is left out. Large for a row that is both badly
    fitted (large residual) and influential on the fit (large leverage).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    p : array-like of shape (n_samples,)
        The fitted probabilities.
    n_trials : array-like of shape (n_samples,), optional
    link : {"logit", "probit", "cloglog"}, default "logit"
    fit_intercept : bool, default True

    Returns
    -------
    numpy.ndarray of shape (n_samples,)

    Examples
    --------
    >>> cooks_distance([[0.0], [1.0], [2.0], [3.0]], [0, 1, 0, 1], [0.3, 0.4, 0.5, 0.6]).round(3)
    array([1.326, 0.52 , 0.326, 2.571])
    """
    y, p, n = _outcomes(y, p, n_trials, open_interval=True)
    X1 = _design(X, len(p), fit_intercept)
    h = _hat_diagonal(X1, _irls_weights(p, n, _link(link)))
    r = (y - n * p) / np.sqrt(n * p * (1 - p))
    return r**2 * h / (X1.shape[1] * (1 - h) ** 2)


@dataclass(frozen=True)
class BinnedResiduals:
    """Residuals ``y - p`` averaged in bins of rows with similar ``p`` (sorted by ``p``).

    Attributes
    ----------
    mean_p : numpy.ndarray of shape (n_bins,)
        The average fitted probability in each bin.
    mean_residual : numpy.ndarray of shape (n_bins,)
        The average of ``y - p`` in each bin: about 0 when the model fits there.
    bound : numpy.ndarray of shape (n_bins,)
        ``2 sqrt(sum p (1 - p)) / count``: about 95 % of the bins' averages fall within
        ``+/- bound`` when the model is right.
    count : numpy.ndarray of shape (n_bins,)
    """

    mean_p: np.ndarray
    mean_residual: np.ndarray
    bound: np.ndarray
    count: np.ndarray


def binned_residuals(y, p, n_bins: int = 20) -> BinnedResiduals:
    """Average residuals ``y - p`` over ``n_bins`` bins of about equal size, by fitted probability.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        0/1 labels.
    p : array-like of shape (n_samples,)
        Fitted (or predicted) probabilities.
    n_bins : int, default 20
        At most one bin per row; rows with tied ``p`` stay in the same bin.

    Returns
    -------
    BinnedResiduals

    Examples
    --------
    >>> binned = binned_residuals([0, 1, 0, 1, 1, 1], [0.1, 0.2, 0.4, 0.6, 0.7, 0.9], n_bins=2)
    >>> binned.mean_p.round(3).tolist(), binned.mean_residual.round(3).tolist(), binned.count.tolist()
    ([0.233, 0.733], [0.1, 0.267], [3, 3])
    """
    y, p, _ = _outcomes(y, p, None, open_interval=False)
    n_bins = check_scalar(n_bins, "n_bins", min_value=1, max_value=len(y), integer=True)
    order = np.argsort(p, kind="stable")
    p_sorted, r_sorted = p[order], (y - p)[order]
    # cut points at equal counts, moved to the end of a run of tied probabilities
    starts = np.linspace(0, len(p), n_bins + 1)[1:-1].astype(int)  # where each bin but the first starts
    cuts = np.unique(np.searchsorted(p_sorted, p_sorted[starts - 1], side="right"))
    groups = np.split(np.arange(len(p)), cuts[(cuts > 0) & (cuts < len(p))])
    groups = [g for g in groups if len(g)]
    count = np.array([len(g) for g in groups])
    mean_p = np.array([p_sorted[g].mean() for g in groups])
    mean_r = np.array([r_sorted[g].mean() for g in groups])
    bound = np.array([2 * np.sqrt(np.sum(p_sorted[g] * (1 - p_sorted[g]))) / len(g) for g in groups])
    return BinnedResiduals(mean_p, mean_r, bound, count)


class Calibration(NamedTuple):
    """Calibration of predicted probabilities (usually on held-out data)."""

    intercept: float
    """``a`` in ``logit P(y = 1) = a + logit(p)``: 0 when the predictions are right on average;
    above 0 when they are too low."""
    slope: float
    """``b`` in ``logit P(y = 1) = a' + b logit(p)``: 1 when they are well spread; below 1 when
    they are too extreme (overfitting), above 1 when too timid."""


def calibration_slope_intercept(y, p) -> Calibration:
    """The calibration intercept ("calibration-in-the-large") and slope of probabilities ``p``.

    The slope is the coefficient of ``logit(p)`` in a logistic regression of ``y`` on it;
    the intercept is that of a logistic regression of ``y`` with ``logit(p)`` as an offset
    (the slope fixed at 1), the usual definition (Van Calster et al., 2019). A model
    evaluated on its own training data has intercept 0 and slope 1 exactly (its score
    equations say so); on new data, a slope below 1 is the mark of overfitting.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        0/1 labels, both present.
    p : array-like of shape (n_samples,)
        Predicted probabilities, strictly between 0 and 1.

    Returns
    -------
    Calibration
        ``(intercept, slope)``.

    Examples
    --------
    >>> y, p = [0, 0, 1, 0, 1, 1, 0, 1], [0.1, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
    >>> calibration_slope_intercept(y, p)  # doctest: +ELLIPSIS
    Calibration(intercept=-0.200..., slope=0.886...)
    """
    y, p, n = _outcomes(y, p, None, open_interval=True)
    if y.min() == y.max():
        raise ValueError(f"y holds only the label {y[0]:g}: calibration needs both outcomes")
    score = special.logit(p)
    logit = LINKS["logit"]
    with one_blas_thread():
        offset_fit = irls(np.ones((len(y), 1)), y, n, score, logit, tol=1e-12, max_iter=100)
        slope_fit = irls(np.column_stack([score, np.ones(len(y))]), y, n, np.zeros(len(y)), logit,
                         tol=1e-12, max_iter=100)
    return Calibration(float(offset_fit.params[0]), float(slope_fit.params[0]))
