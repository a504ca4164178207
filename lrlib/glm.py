"""Logistic regression as a binomial generalised linear model (GLM), with the deviance (chapter 11).

A GLM has three parts: a distribution for the outcome (here the binomial: ``y``
successes out of ``n`` trials, ``n = 1`` for 0/1 labels), a linear predictor
``eta = X1 b + offset`` (``X1 = [X, 1]``, the intercept last as everywhere in lrlib), and
a *link* ``g`` with ``g(mu) = eta`` for the success probability ``mu``:

- ``"logit"``: ``log(mu / (1 - mu)) = eta``, logistic regression;
- ``"probit"``: ``Phi^-1(mu) = eta``, the standard normal's quantile function;
- ``"cloglog"``: ``log(-log(1 - mu)) = eta``, the complementary log-log, not symmetric.

Every link is fitted by Fisher scoring, i.e. iteratively reweighted least squares
(IRLS), chapter 10's Newton steps with the expected information; for the logit link
the two are the same. The fit's *deviance* is twice the gap between its log-likelihood
and the saturated model's (one probability per row, ``y / n``):
``D = 2 sum_i [y_i log(y_i / (n_i mu_i)) + (n_i - y_i) log((n_i - y_i) / (n_i (1 - mu_i)))]``.
For 0/1 labels the saturated model's log-likelihood is 0, so ``D = -2 log L``: twice
the *summed* log-loss. The numbers equal statsmodels'
``GLM(y, add_constant(X, prepend=False), family=Binomial(link)).fit()``.

- :func:`binomial_glm`: the fit, as a :class:`BinomialGLM` (coefficients, standard
  errors, deviance, null deviance, log-likelihood);
- :func:`deviance`: the deviance of probabilities ``p`` for outcomes ``y``.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats
from sklearn.exceptions import ConvergenceWarning

from lrlib._binomial import (
    LINKS,
    irls,
    irls_unless_separated,
    log_likelihood,
    solve_information,
    unit_deviance,
)
from lrlib._report import coefficient_table
from lrlib._threads import one_blas_thread
from lrlib._validation import check_array, check_consistent_length, check_probabilities, check_scalar
from lrlib.design import check_full_rank

__all__ = ["BinomialGLM", "binomial_glm", "deviance"]


def _check_link(link) -> str:
    if not isinstance(link, str) or link not in LINKS:
        raise ValueError(f"link must be one of {', '.join(map(repr, LINKS))}, got {link!r}")
    return link


def _check_outcomes(y, n_trials):
    """``y`` as success counts and ``n`` as trials (ones for 0/1 labels), validated."""
    y = check_array(y, "y", ndim=1)
    if n_trials is None:
        bad = (y != 0) & (y != 1)
        if np.any(bad):
            raise ValueError(f"y must hold 0/1 labels (or success counts, with n_trials), got "
                             f"{np.unique(y[bad])[:5].tolist()}")
        return y.astype(np.float64), np.ones(len(y))
    n = check_array(n_trials, "n_trials", ndim=1)
    check_consistent_length(y=y, n_trials=n)
    if np.any(n <= 0):
        raise ValueError(f"n_trials must be positive (the number of trials of each row), got "
                         f"{n[n <= 0][0]:g}")
    if np.any((y < 0) | (y > n)):
        i = int(np.flatnonzero((y < 0) | (y > n))[0])
        raise ValueError(f"y must count successes between 0 and n_trials, but row {i} has y={y[i]:g} "
                         f"of n_trials={n[i]:g}")
    return y.astype(np.float64), n.astype(np.float64)


def deviance(y, p, n_trials=None) -> float:
    """The binomial deviance of probabilities ``p`` for outcomes ``y``.

    ``2 sum_i [y_i log(y_i / (n_i p_i)) + (n_i - y_i) log((n_i - y_i) / (n_i (1 - p_i)))]``,
    with ``0 log 0 = 0``: twice the log-likelihood the saturated model (``p_i = y_i / n_i``)
    gains over ``p``. For 0/1 labels it is ``-2 sum_i [y_i log p_i + (1 - y_i) log(1 - p_i)]``,
    twice the summed log-loss (``2 n`` times the mean log-loss of chapter 3).

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        0/1 labels, or success counts when ``n_trials`` is given.
    p : array-like of shape (n_samples,)
        Probabilities of success in [0, 1]. A probability of exactly 0 (or 1) for a row
        with a success (or a failure) makes the deviance infinite.
    n_trials : array-like of shape (n_samples,), optional
        Trials per row (grouped, binomial-count data); default 1.

    Returns
    -------
    float

    Examples
    --------
    >>> round(deviance([1, 0, 1, 1], [0.8, 0.3, 0.6, 0.9]), 4)
    2.392
    >>> deviance([3, 1], [0.5, 0.25], n_trials=[6, 4])  # each p is its row's rate y / n: the saturated fit
    0.0
    """
    y, n = _check_outcomes(y, n_trials)
    p = check_probabilities(p, "p", ndim=1)
    check_consistent_length(y=y, p=p)
    with np.errstate(divide="ignore"):
        return float(np.sum(unit_deviance(y, n, np.log(p), np.log1p(-p))))


@dataclass(frozen=True)
class BinomialGLM:
    """A fitted binomial GLM, with statsmodels' names (``GLMResults``).

    Arrays over parameters follow ``names``: the features, then ``"intercept"``.

    Attributes
    ----------
    link : str
    names : tuple of str
    params, bse, zvalues, pvalues : numpy.ndarray of shape (k,)
        Coefficients, standard errors (from the inverse Fisher information), Wald
        statistics and two-sided p-values.
    conf_int : numpy.ndarray of shape (k, 2)
        95 % Wald intervals.
    cov_params : numpy.ndarray of shape (k, k)
    fitted : numpy.ndarray of shape (n_samples,)
        The fitted probabilities ``mu``.
    linear_predictor : numpy.ndarray of shape (n_samples,)
        ``eta = X1 params + offset``.
    weights : numpy.ndarray of shape (n_samples,)
        The IRLS weights at the fit, ``n (d mu / d eta)^2 / (mu (1 - mu))``.
    deviance, null_deviance : float
        Of the fit, and of the model with only an intercept (and the offset).
    pearson_chi2 : float
        The sum of squared Pearson residuals.
    llf : float
        Log-likelihood (with the constant ``log C(n, y)`` for counts).
    nobs, df_resid : int
        Rows, and rows minus parameters.
    n_iter : int
    converged : bool
    """

    link: str
    names: tuple[str, ...]
    params: np.ndarray
    bse: np.ndarray
    zvalues: np.ndarray
    pvalues: np.ndarray
    conf_int: np.ndarray
    cov_params: np.ndarray
    fitted: np.ndarray
    linear_predictor: np.ndarray
    weights: np.ndarray
    deviance: float
    null_deviance: float
    pearson_chi2: float
    llf: float
    nobs: int
    df_resid: int
    n_iter: int
    converged: bool

    def __str__(self) -> str:
        title = (f"Binomial GLM, {self.link} link, {self.nobs} rows: deviance {self.deviance:.4f} "
                 f"on {self.df_resid} df (null deviance {self.null_deviance:.4f}), "
                 f"log-likelihood {self.llf:.4f}")
        return "\n".join([title, *coefficient_table(self.names, self.params, self.bse, self.zvalues,
                                                     self.pvalues, self.conf_int)])

    __repr__ = __str__


def binomial_glm(X, y, *, n_trials=None, link: str = "logit", offset=None, fit_intercept: bool = True,
                 feature_names: Sequence[str] | None = None, tol: float = 1e-10,
                 max_iter: int = 100) -> BinomialGLM:
    """Fit a binomial GLM (logistic regression with ``link="logit"``) by IRLS.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The features (dummy columns included), without a column of ones; ``n_features``
        may be 0 (the intercept-only model).
    y : array-like of shape (n_samples,)
        0/1 labels, or success counts out of ``n_trials`` (grouped data).
    n_trials : array-like of shape (n_samples,), optional
        Trials per row. Grouped counts give the same coefficients and standard errors
        as the 0/1 rows they summarise (not the same deviance: the saturated models differ).
    link : {"logit", "probit", "cloglog"}, default "logit"
    offset : array-like of shape (n_samples,), optional
        A known part of the linear predictor, with coefficient 1 (profile likelihoods
        and calibration intercepts use it).
    fit_intercept : bool, default True
        Add a column of ones (its coefficient is named ``"intercept"``, last).
    feature_names : sequence of str, optional
        One name per column of ``X``; default ``x0``, ``x1``, ...
    tol : float, default 1e-10
        Stop once no coefficient moves by more than ``tol`` (relative to the largest).
    max_iter : int, default 100

    Returns
    -------
    BinomialGLM

    Raises
    ------
    lrlib.newton.SingularHessianError
        Linearly dependent columns (checked first; the message names them, for instance
        every level of a category with its own dummy beside the intercept), or (quasi-)
        completely separated classes, confirmed by a linear program where the fit looks
        separated (no finite estimate exists; the message names the coefficients that run
        off to infinity).
    ValueError
        Bad input: labels other than 0/1, counts above their trials, NaN, an unknown link.

    Examples
    --------
    >>> X, y = [[-1.0], [0.0], [1.0], [2.0]], [0, 1, 0, 1]
    >>> fit = binomial_glm(X, y, feature_names=["dose"])
    >>> fit.params.round(4).tolist(), round(fit.deviance, 4), round(fit.null_deviance, 4)
    ([0.9082, -0.4541], 4.695, 5.5452)
    >>> binomial_glm(X, y, link="probit").params.round(4).tolist()
    [0.5908, -0.2954]
    """
    X = check_array(X, "X", ndim=2, allow_empty=True)  # no column at all: the intercept-only model
    y, n = _check_outcomes(y, n_trials)
    if len(y) == 0:
        raise ValueError("y is empty: there is nothing to fit")
    check_consistent_length(X=X, y=y)
    link = _check_link(link)
    offset = np.zeros(len(y)) if offset is None else check_array(offset, "offset", ndim=1).astype(np.float64)
    check_consistent_length(X=X, offset=offset)
    tol = check_scalar(tol, "tol", min_value=0, include_min=False)
    max_iter = check_scalar(max_iter, "max_iter", min_value=1, integer=True)
    k = X.shape[1]
    names = [f"x{j}" for j in range(k)] if feature_names is None else [str(name) for name in feature_names]
    if len(names) != k:
        raise ValueError(f"feature_names must hold one name per column of X ({k}), got {len(names)}")
    if k == 0 and not fit_intercept:
        raise ValueError("the model has no parameter: X has no column and fit_intercept is False")
    check_full_rank(X, feature_names=names, fit_intercept=bool(fit_intercept))
    X1 = np.column_stack([X, np.ones(len(y))]) if fit_intercept else X.astype(np.float64)
    names = [*names, "intercept"] if fit_intercept else names
    spec = LINKS[link]
    # Small matrix products run slower on several BLAS threads on a busy machine (as in lrlib.newton)
    with one_blas_thread():
        fit = irls_unless_separated(X1, y, n, offset, spec, names, tol=tol, max_iter=max_iter)
        null_fit = None if np.all(offset == 0) else irls(np.ones((len(y), 1)), y, n, offset, spec, tol=tol,
                                                            max_iter=max_iter)
    if not fit.converged:
        warnings.warn(f"binomial_glm stopped after {fit.n_iter} IRLS steps, before the coefficients settled "
                      f"to tol={tol:g}: increase max_iter or tol.", ConvergenceWarning, stacklevel=2)
    cov = solve_information(fit.information, np.eye(len(fit.params)), "at the fit")
    bse = np.sqrt(np.diag(cov))
    z = fit.params / bse
    q = stats.norm.ppf(0.975)
    mu = spec.mean(fit.eta)
    log_mu, log_1mu = spec.log_mean(fit.eta), spec.log_one_minus_mean(fit.eta)
    if np.all(offset == 0):
        rate = np.full(len(y), y.sum() / n.sum())
        null = float(np.sum(unit_deviance(y, n, np.log(rate), np.log1p(-rate))))
    else:  # the intercept-only model with the same offset (what statsmodels reports)
        null = null_fit.deviance
    return BinomialGLM(
        link=link,
        names=tuple(names),
        params=fit.params,
        bse=bse,
        zvalues=z,
        pvalues=2 * stats.norm.sf(np.abs(z)),
        conf_int=np.column_stack([fit.params - q * bse, fit.params + q * bse]),
        cov_params=cov,
        fitted=mu,
        linear_predictor=fit.eta,
        weights=fit.weights,
        deviance=fit.deviance,
        null_deviance=null,
        pearson_chi2=float(np.sum((y - n * mu) ** 2 / (n * np.exp(log_mu + log_1mu)))),
        llf=log_likelihood(y, n, log_mu, log_1mu),
        nobs=len(y),
        df_resid=len(y) - len(fit.params),
        n_iter=fit.n_iter,
        converged=fit.converged,
    )
