"""Kernels of chapter 11's binomial models, without input validation (shared within lrlib).

- the three links of a binomial GLM (:data:`LINKS`): the inverse link and its
  derivative, ``log mu`` and ``log(1 - mu)`` computed stably from the linear predictor;
- :func:`irls`: Fisher scoring (iteratively reweighted least squares) for any of them;
- :func:`firth_newton`: Firth's penalised likelihood for the logit link;
- :func:`solve_information`: ``I^-1 b`` for an information matrix, or a
  :class:`~lrlib.newton.SingularHessianError` when it is singular;
- :func:`irls_unless_separated` runs IRLS, and where the fit looks separated the check of
  :func:`lrlib._design.check_overlap` (a linear program), which says so.

Arrays: ``X1`` is the design with every column the model has (the intercept's
column of ones included, last, when there is one); ``y`` counts successes out of
``n`` trials (``n = 1``: 0/1 labels); ``offset`` is added to the linear predictor.
The public modules (:mod:`lrlib.glm`, :mod:`lrlib.diagnostics`, :mod:`lrlib.firth`,
:mod:`lrlib.profile_likelihood`) validate their input and call these.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.linalg
from scipy import special

from lrlib._design import SingularHessianError, check_overlap, solve

__all__ = ["LINKS", "FirthFit", "IRLSFit", "Link", "firth_newton", "irls", "irls_unless_separated",
           "log_likelihood", "solve_information",
           "unit_deviance"]

MAX_HALVINGS = 30


@dataclass(frozen=True)
class Link:
    """A binomial GLM's link ``g(mu) = eta``, with what IRLS and the deviance need."""

    name: str
    link: Callable[[np.ndarray], np.ndarray]  # eta = g(mu)
    mean: Callable[[np.ndarray], np.ndarray]  # mu = g^-1(eta)
    log_mean: Callable[[np.ndarray], np.ndarray]  # log(mu), stable for any eta
    log_one_minus_mean: Callable[[np.ndarray], np.ndarray]  # log(1 - mu), stable for any eta
    mean_derivative: Callable[[np.ndarray], np.ndarray]  # d mu / d eta, from eta
    derivative_from_mean: Callable[[np.ndarray], np.ndarray]  # d mu / d eta, from mu


def _cloglog_log_mean(eta):
    return np.log(-np.expm1(-np.exp(eta)))


LINKS = {
    "logit": Link("logit", special.logit, special.expit, special.log_expit,
                  lambda eta: special.log_expit(-eta),
                  lambda eta: special.expit(eta) * special.expit(-eta),
                  lambda mu: mu * (1 - mu)),
    "probit": Link("probit", special.ndtri, special.ndtr, special.log_ndtr,
                   lambda eta: special.log_ndtr(-eta),
                   lambda eta: np.exp(-0.5 * eta**2) / np.sqrt(2 * np.pi),
                   lambda mu: np.exp(-0.5 * special.ndtri(mu) ** 2) / np.sqrt(2 * np.pi)),
    "cloglog": Link("cloglog", lambda mu: np.log(-np.log1p(-mu)), lambda eta: -np.expm1(-np.exp(eta)),
                    _cloglog_log_mean, lambda eta: -np.exp(eta),
                    lambda eta: np.exp(eta - np.exp(eta)),
                    lambda mu: -(1 - mu) * np.log1p(-mu)),
}


def unit_deviance(y: np.ndarray, n: np.ndarray, log_mu: np.ndarray, log_1mu: np.ndarray) -> np.ndarray:
    """Each row's deviance ``2 [y log(y / (n mu)) + (n - y) log((n - y) / (n (1 - mu)))]`` (0 log 0 = 0)."""
    y_rate = y / n
    with np.errstate(divide="ignore"):
        saturated = special.xlogy(y, y_rate) + special.xlogy(n - y, 1 - y_rate)
    fitted = y * np.where(y > 0, log_mu, 0.0) + (n - y) * np.where(n - y > 0, log_1mu, 0.0)  # 0 log 0 = 0
    return np.maximum(2 * (saturated - fitted), 0.0)


def log_likelihood(y: np.ndarray, n: np.ndarray, log_mu: np.ndarray, log_1mu: np.ndarray) -> float:
    """The binomial log-likelihood, with the ``log C(n, y)`` constant (0 for 0/1 data)."""
    constant = special.gammaln(n + 1) - special.gammaln(y + 1) - special.gammaln(n - y + 1)
    fitted = y * np.where(y > 0, log_mu, 0.0) + (n - y) * np.where(n - y > 0, log_1mu, 0.0)  # 0 log 0 = 0
    return float(np.sum(constant + fitted))


def solve_information(information: np.ndarray, rhs: np.ndarray, where: str) -> np.ndarray:
    """``information^-1 rhs`` (:func:`lrlib._design.solve`); raise, saying what to do, if it is singular."""
    return solve(information, rhs, lambda ratio: (
        f"The information matrix X1^T W X1 is singular {where} (its smallest eigenvalue, once the "
        f"columns are scaled alike, is {ratio:.1e} of its largest): the classes are (almost) "
        "perfectly separated, so a coefficient runs off to infinity, or columns are (almost) linearly "
        "dependent. Look for a level of a category, or a range of a feature, where every outcome "
        "is the same; Firth's penalised likelihood (lrlib.firth) gives finite estimates."
    ))


@dataclass(frozen=True)
class IRLSFit:
    params: np.ndarray
    eta: np.ndarray  # the linear predictor, offset included
    weights: np.ndarray  # the IRLS weights n (d mu / d eta)^2 / (mu (1 - mu)) at the fit
    information: np.ndarray  # X1^T W X1
    deviance: float
    n_iter: int
    converged: bool


def _deviance(y, n, eta, link: Link) -> float:
    return float(np.sum(unit_deviance(y, n, link.log_mean(eta), link.log_one_minus_mean(eta))))


def irls(X1: np.ndarray, y: np.ndarray, n: np.ndarray, offset: np.ndarray, link: Link, *,
         tol: float, max_iter: int, start: np.ndarray | None = None) -> IRLSFit:
    """Fisher scoring for a binomial GLM (IRLS), halving a step that would raise the deviance.

    Each step is a weighted least-squares fit of the working response
    ``u = eta - offset + (y / n - mu) / (d mu / d eta)`` on ``X1``, with weights
    ``n (d mu / d eta)^2 / (mu (1 - mu))``; for the logit link that is Newton's method.
    Stops once no coefficient moves by more than ``tol * max(1, max |params|)``.
    """
    if start is None:  # statsmodels' and R's start: the observed rates pulled away from 0 and 1
        eta = link.link((y + 0.5) / (n + 1))
        params = None
    else:
        params = np.asarray(start, dtype=float)
        eta = X1 @ params + offset
    deviance = np.inf if params is None else _deviance(y, n, eta, link)
    converged = False
    step = 0
    while True:
        mu = link.mean(eta)
        dmu = link.mean_derivative(eta)
        variance = np.exp(link.log_mean(eta) + link.log_one_minus_mean(eta))  # mu (1 - mu), no cancellation
        weights = n * dmu**2 / variance
        information = (X1.T * weights) @ X1
        if step == max_iter or converged:
            break
        working = eta - offset + (y / n - mu) / dmu
        new = solve_information(information, X1.T @ (weights * working), f"at IRLS step {step}")
        if params is not None:
            delta = new - params
            full_step = np.max(np.abs(delta))
            for _ in range(MAX_HALVINGS):
                new_eta = X1 @ (params + delta) + offset
                new_deviance = _deviance(y, n, new_eta, link)
                if new_deviance <= deviance * (1 + 1e-15):
                    break
                delta = delta / 2
            else:  # no step lowers the deviance: the minimum to rounding precision, if the step was tiny
                converged = full_step <= np.sqrt(tol) * max(1.0, np.max(np.abs(params)))
                break
            new = params + delta
            converged = np.max(np.abs(delta)) <= tol * max(1.0, np.max(np.abs(new)))
        params = new
        eta = X1 @ params + offset
        deviance = _deviance(y, n, eta, link)
        step += 1
    return IRLSFit(params, eta, weights, information, deviance, step, bool(converged))


@dataclass(frozen=True)
class FirthFit:
    params: np.ndarray
    penalised_loglik: float  # log-likelihood + log det(I) / 2
    information: np.ndarray  # X1^T W X1, the Fisher information (of every column)
    augmented_information: np.ndarray  # X1^T diag((1 + h) p (1 - p)) X1
    leverage: np.ndarray  # h, the diagonal of the hat matrix
    modified_score: np.ndarray  # of every parameter: 0 at the free ones, the profile's slope at a fixed one
    n_iter: int
    converged: bool


def _firth_quantities(X1, y, params, offset):
    z = X1 @ params + offset
    p = special.expit(z)
    w = special.expit(z) * special.expit(-z)
    information = (X1.T * w) @ X1
    scale = np.sqrt(np.diag(information))
    try:
        factor = scipy.linalg.cho_factor(information / np.outer(scale, scale))
    except np.linalg.LinAlgError:
        return None
    logdet = 2 * np.sum(np.log(np.diag(factor[0]))) + 2 * np.sum(np.log(scale))
    root_w = np.sqrt(w)
    XW = X1 * root_w[:, None]
    solved = scipy.linalg.cho_solve(factor, (XW / scale).T) / scale[:, None]
    h = np.einsum("ij,ji->i", XW, solved)
    loglik = float(np.sum(y * special.log_expit(z) + (1 - y) * special.log_expit(-z)))
    score = X1.T @ (y - p + h * (0.5 - p))
    augmented = (X1.T * ((1 + h) * w)) @ X1
    return loglik + 0.5 * logdet, score, information, augmented, h


def firth_newton(X1: np.ndarray, y: np.ndarray, *, free: np.ndarray | None = None, offset=0.0,
                 tol: float, max_iter: int, start: np.ndarray | None = None, max_step: float = 5.0
                 ) -> FirthFit:
    """Maximise Firth's penalised log-likelihood ``l(b) + log det I(b) / 2`` of a logistic model.

    Parameters not in ``free`` (a boolean mask) stay at their ``start`` values: the
    constrained fits of a profile. The penalty always uses the information of every
    column of ``X1``. Each step solves the augmented information (the information of
    the pseudo-data Firth's fit is a maximum-likelihood fit to) against the modified
    score, clipped to ``max_step`` and halved while the penalised likelihood would fall.
    Stops once every free entry of the modified score is at most ``tol``.
    """
    k = X1.shape[1]
    free = np.ones(k, dtype=bool) if free is None else free
    params = np.zeros(k) if start is None else np.array(start, dtype=float)
    quantities = _firth_quantities(X1, y, params, offset)
    if quantities is None:
        raise SingularHessianError("The Fisher information X1^T W X1 is singular at the starting point: "
                                   "the columns of the design are linearly dependent.")
    converged = False
    step = 0
    while True:
        value, score, information, augmented, h = quantities
        if np.max(np.abs(score[free]), initial=0.0) <= tol:
            converged = True
            break
        if step == max_iter:
            break
        delta = np.zeros(k)
        delta[free] = solve_information(augmented[np.ix_(free, free)], score[free],
                                        f"at Firth step {step}")
        largest = np.max(np.abs(delta))
        if largest > max_step:
            delta *= max_step / largest
        for _ in range(MAX_HALVINGS):
            trial = _firth_quantities(X1, y, params + delta, offset)
            if trial is not None and trial[0] >= value - 1e-13 * abs(value):
                break
            delta = delta / 2
        else:
            break  # no step raises the penalised likelihood: the maximum, to rounding precision
        params = params + delta
        quantities = trial
        step += 1
    value, score, information, augmented, h = quantities
    return FirthFit(params, float(value), information, augmented, h, score, step, converged)


def irls_unless_separated(X1: np.ndarray, y: np.ndarray, n: np.ndarray, offset: np.ndarray, link: Link,
                          names, *, tol: float, max_iter: int) -> IRLSFit:
    """:func:`irls`, raising a :class:`~lrlib.newton.SingularHessianError` that says so under separation.

    The linear program of :func:`~lrlib._design.check_overlap` runs only when the fit looks
    separated (it failed, did not settle, or put a probability within 1e-6 of 0 or 1),
    so that ordinary fits do not pay for it.
    """
    try:
        fit, failure = irls(X1, y, n, offset, link, tol=tol, max_iter=max_iter), None
    except SingularHessianError as error:
        fit, failure = None, error
    if fit is not None and fit.converged:
        log_mu, log_1mu = link.log_mean(fit.eta), link.log_one_minus_mean(fit.eta)
        if min(log_mu.min(), log_1mu.min()) > np.log(1e-6):
            return fit
    check_overlap(X1, y, n_trials=n, names=names)  # raises under separation
    if failure is not None:
        raise failure
    return fit
