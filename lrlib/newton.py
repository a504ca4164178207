"""Newton's method for logistic regression, the same steps as IRLS (chapter 10).

The mean log-loss of ``p = sigmoid(X w + b)`` plus ``alpha / 2 * ||w||^2`` has gradient
``g = X1^T (p - y) / n + alpha [w, 0]`` and Hessian::

    H = X1^T S X1 / n + alpha * diag(1, ..., 1, 0),    S = diag(p_i (1 - p_i)),

with ``X1 = [X, 1]`` (the intercept's column of ones last, as everywhere in lrlib:
parameters are ``[w, b]``). ``v^T H v = sum_i s_i (x1_i^T v)^2 / n + alpha ||v_w||^2 >= 0``,
so the loss is convex. Newton's step solves ``H delta = g`` and moves to
``params - delta``; for ``alpha = 0`` that is iteratively reweighted least squares
(IRLS). Where ``H`` is singular the step does not exist: :class:`SingularHessianError`
says why (linearly dependent columns, or perfectly separated classes) and what to do.

:func:`newton_logistic` is the solver, :func:`log_loss_hessian` the Hessian, and
:class:`LogisticRegressionNewton` the scikit-learn style estimator (a
:class:`~lrlib.models.LogisticRegressionGD` fitted by Newton's method, with ``summary()``,
see :mod:`lrlib.inference`). This module imports scikit-learn.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_is_fitted, column_or_1d

from lrlib._design import (
    SingularHessianError,
    centring_advice,
    check_data,
    check_full_rank,
    check_overlap,
    column_scales,
    fisher_information,
    largest_scaled_gradient,
    singular_hessian,
    solve,
    with_ones,
)
from lrlib._estimator_data import prediction_data, training_data
from lrlib._kernels import binary_cross_entropy_with_logits, sigmoid
from lrlib._threads import one_blas_thread
from lrlib._validation import check_consistent_length, check_scalar
from lrlib.inference import logit_summary
from lrlib.models import LogisticRegressionGD

__all__ = [
    "LogisticRegressionNewton",
    "expected_failed_checks",
    "NewtonResult",
    "SingularHessianError",
    "log_loss_hessian",
    "newton_logistic",
]

# Step halvings tried before giving up on a step that does not lower the loss.
_MAX_HALVINGS = 30
# A rise of the loss this small (relative) is rounding noise: near the minimum a full Newton
# step changes the loss by less than that, and halving it then would stall the iteration.
_LOSS_RTOL = 64 * np.finfo(np.float64).eps


@dataclass(frozen=True)
class NewtonResult:
    """What :func:`newton_logistic` returns.

    Attributes
    ----------
    params : numpy.ndarray of shape (n_features + 1,)
        ``[w, b]``: the weights, then the intercept.
    loss_history : numpy.ndarray
        The objective after each step; ``loss_history[0]`` at ``params = 0``.
    n_iter : int
        Newton steps taken.
    converged : bool
        Whether every gradient entry (per root-mean-square of its column) fell to ``tol`` or below.
    hessian : numpy.ndarray of shape (n_features + 1, n_features + 1)
        The Hessian at ``params``.
    """

    params: np.ndarray
    loss_history: np.ndarray
    n_iter: int
    converged: bool
    hessian: np.ndarray


def _hessian(X1: np.ndarray, z: np.ndarray, alpha: float) -> np.ndarray:
    H = fisher_information(X1, z) / len(z)
    H[np.arange(len(H) - 1), np.arange(len(H) - 1)] += alpha  # the intercept is not penalised
    return H


def log_loss_hessian(X, y, w, b, alpha: float = 0.0) -> np.ndarray:
    """Hessian of the mean log-loss (plus ``alpha / 2 * ||w||^2``) in ``[w, b]``.

    ``X1^T S X1 / n + alpha * diag(1, ..., 1, 0)`` with ``X1 = [X, 1]`` and
    ``S = diag(p (1 - p))``, ``p = sigmoid(X w + b)``. ``y`` does not enter: the
    curvature of the log-loss does not depend on the labels.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
        Labels 0 and 1 (validated, unused).
    w : array-like of shape (n_features,)
    b : float
    alpha : float, default 0.0
        L2 penalty on ``w`` (not on ``b``).

    Returns
    -------
    numpy.ndarray of shape (n_features + 1, n_features + 1)
        Symmetric positive semi-definite; the intercept's row and column last.

    Examples
    --------
    At ``w = 0`` every ``p`` is 1/2, so ``S = I / 4``:

    >>> log_loss_hessian([[1.0], [-1.0]], [0, 1], [0.0], 0.0)
    array([[0.25, 0.  ],
           [0.  , 0.25]])
    """
    X, _, w, b = check_data(X, y, w, b)
    alpha = check_scalar(alpha, "alpha", min_value=0)
    return _hessian(with_ones(X), X @ w + b, alpha)


def newton_logistic(X, y, *, alpha: float = 0.0, max_iter: int = 100, tol: float = 1e-8) -> NewtonResult:
    """Minimise the mean log-loss (plus ``alpha / 2 * ||w||^2``) by Newton's method, from ``params = 0``.

    Each step solves ``H delta = g`` (Cholesky) and moves to ``params - delta``, halving
    the step only if the loss would rise, which a full step from a point far from the
    minimum can do; near the minimum full steps converge quadratically (the number
    of correct digits doubles at each step).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        ``n_features`` may be 0: the intercept-only model.
    y : array-like of shape (n_samples,)
        Labels 0 and 1.
    alpha : float, default 0.0
        L2 penalty on the weights (not on the intercept).
    max_iter : int, default 100
        Largest number of Newton steps.
    tol : float, default 1e-8
        Stop once every entry of the gradient, divided by the root-mean-square of its
        column of ``[X, 1]``, is at most ``tol``: the gradient the problem has with every
        column scaled to root-mean-square 1, so that the test, like Newton's steps, does
        not depend on the units of the features.

    Returns
    -------
    NewtonResult

    Raises
    ------
    SingularHessianError
        With ``alpha = 0``: the columns of ``[X, 1]`` are linearly dependent (checked
        before the first step), or the classes are completely or quasi-completely
        separated (see Notes). With any ``alpha``: a feature with a large mean and a tiny
        spread, which needs centring. Never NaN weights, never weights set by ``tol`` alone.
    ValueError
        Bad input, or features too large or too small for a float64 Hessian (beyond
        about 1e150 or below 1e-150): standardise them.

    Notes
    -----
    Without a penalty, finite maximum-likelihood weights exist exactly when the classes
    overlap: no direction ``v != 0`` of ``[w, b]`` has ``(2 y_i - 1) x1_i^T v >= 0`` for
    every sample (Albert and Anderson, 1984). Such a ``v`` puts every sample strictly on its
    own class's side (complete separation) or some exactly on the boundary (quasi-complete
    separation), and the log-loss keeps falling along it, so a fit that stops returns
    weights set by ``tol`` alone. After the last step, the scores usually prove the overlap
    (Gordan's theorem: the probabilities of the wrong class, weighting the samples, nearly
    cancel in the gradient); otherwise a linear program (``scipy.optimize.linprog``) looks
    for ``v``, and finding one raises :class:`SingularHessianError`, naming the columns
    ``v`` uses and the samples it separates.

    Examples
    --------
    >>> X = [[-2.0], [-1.0], [0.5], [1.0], [2.0], [3.0]]
    >>> result = newton_logistic(X, [0, 0, 1, 0, 1, 1])
    >>> result.converged, result.n_iter, result.params.round(4).tolist()
    (True, 6, [1.6693, -1.1419])
    """
    X, y = check_data(X, y)
    alpha = check_scalar(alpha, "alpha", min_value=0)
    max_iter = check_scalar(max_iter, "max_iter", min_value=0, integer=True)
    tol = check_scalar(tol, "tol", min_value=0)
    X1 = with_ones(X.astype(np.float64, copy=False))
    if alpha == 0:
        check_full_rank(X1)
    scales = column_scales(X1)

    def objective(params):
        z = X1 @ params
        return binary_cross_entropy_with_logits(y, z) + 0.5 * alpha * (params[:-1] @ params[:-1]), z

    params = np.zeros(X1.shape[1])
    loss, z = objective(params)
    losses = [loss]
    converged = False
    step = 0
    while True:
        grad = X1.T @ (sigmoid(z) - y) / len(y)
        grad[:-1] += alpha * params[:-1]
        if largest_scaled_gradient(grad, scales) <= tol:
            converged = True
            break
        if alpha == 0 and np.all((2 * y - 1) * z > 0):
            check_overlap(X1, y)  # every sample already on its own side: the classes are separated
        if step == max_iter:
            break
        try:
            delta = solve(_hessian(X1, z, alpha), grad, singular_hessian(f"at Newton step {step}"))
        except SingularHessianError:
            if alpha == 0:
                check_overlap(X1, y)  # the usual cause: the weights run off along a separating direction
            advice = centring_advice(X)
            if advice is not None:
                raise SingularHessianError(f"The Hessian is singular at step {step}: {advice}") from None
            raise
        for _ in range(_MAX_HALVINGS):
            new_loss, new_z = objective(params - delta)
            if new_loss <= loss + _LOSS_RTOL * abs(loss):
                break
            delta = delta / 2
        else:
            break  # no step lowers the loss: the minimum is reached to rounding precision
        params, loss, z = params - delta, new_loss, new_z
        losses.append(loss)
        step += 1
    if alpha == 0:
        # A small gradient is no proof of a maximum: under quasi-complete separation the weights
        # creep off to infinity while the gradient falls below any tol.
        check_overlap(X1, y, z)
    return NewtonResult(params, np.asarray(losses), step, converged, _hessian(X1, z, alpha))


class LogisticRegressionNewton(LogisticRegressionGD):
    """Binary logistic regression fitted by Newton's method (IRLS), with an optional L2 penalty.

    The same model and objective as :class:`lrlib.LogisticRegressionGD` (mean log-loss
    plus ``alpha / 2 * ||w||^2``, the minimiser of scikit-learn's
    ``LogisticRegression(C=1 / (alpha * n_samples))``), minimised by
    :func:`newton_logistic`: a handful of steps instead of hundreds, and the same
    result on any scaling of the features. ``predict``, ``predict_proba`` and
    ``decision_function`` are LogisticRegressionGD's; :meth:`summary` adds the
    statistician's reading of an unpenalised fit.

    Parameters
    ----------
    alpha : float, default 0.0
        L2 penalty strength; 0 means no penalty (the maximum-likelihood fit).
    max_iter : int, default 100
        Largest number of Newton steps.
    tol : float, default 1e-8
        Stop once every entry of the gradient, per root-mean-square of its column, is at
        most ``tol`` (see :func:`newton_logistic`).

    Attributes
    ----------
    classes_ : numpy.ndarray of shape (2,)
    coef_ : numpy.ndarray of shape (1, n_features)
    intercept_ : numpy.ndarray of shape (1,)
    loss_history_ : numpy.ndarray
        The objective after each Newton step; ``loss_history_[0]`` at zero weights.
    n_iter_ : int
    n_features_in_ : int
    feature_names_in_ : numpy.ndarray of str, one per feature
        The column names, when ``X`` was a DataFrame with string column names.

    Notes
    -----
    scikit-learn's estimator checks: every check passes but those
    :func:`expected_failed_checks` lists, which fail by design (pass it to
    ``check_estimator`` or ``parametrize_with_checks``, scikit-learn's documented way):
    the checks' toy data are separated, so the default unpenalised fit refuses them (with
    ``alpha > 0`` those pass too), and ``X`` with no column is fitted (the intercept-only
    model) where one check expects a refusal.

    Examples
    --------
    >>> X = [[-2.0], [-1.0], [0.5], [1.0], [2.0], [-0.5]]
    >>> model = LogisticRegressionNewton().fit(X, ["no", "no", "no", "yes", "yes", "yes"])
    >>> model.n_iter_, model.predict([[-3.0], [3.0]]).tolist()
    (5, ['no', 'yes'])
    """

    _parameter_constraints: dict = {
        "alpha": [Interval(Real, 0, None, closed="left")],
        "max_iter": [Interval(Integral, 0, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
    }
    # X with no column is the intercept-only model, the null model of the likelihood-ratio test
    _MIN_FEATURES = 0

    def __init__(self, alpha=0.0, max_iter=100, tol=1e-8):
        self.alpha = alpha
        self.max_iter = max_iter
        self.tol = tol

    def fit(self, X, y):
        """Fit by Newton's method.

        Returns
        -------
        self

        Raises
        ------
        ValueError
            Bad input (NaN in X, a single class, more than two classes, ...).
        SingularHessianError
            With ``alpha = 0``: linearly dependent columns, or completely or quasi-completely
            separated classes (see :func:`newton_logistic`).
        """
        self._validate_params()
        X, classes, y_index = training_data(self, X, y)
        self._check_n_classes(classes)
        # As in LogisticRegressionGD: small matrix products are slower on several BLAS threads
        # (20 times slower for digits, 1797 x 65, on a busy 2-core machine).
        with one_blas_thread():
            result = newton_logistic(X, y_index, alpha=self.alpha, max_iter=self.max_iter, tol=self.tol)
        if not result.converged and self.max_iter > 0:
            warnings.warn(
                f"LogisticRegressionNewton stopped after {result.n_iter} steps, before every gradient "
                f"entry (per root-mean-square of its column) fell below tol={self.tol:g}: increase "
                "max_iter or tol.",
                ConvergenceWarning,
                stacklevel=2,
            )
        self.classes_ = classes
        self.coef_ = result.params[None, :-1]
        self.intercept_ = result.params[-1:]
        self.loss_history_ = result.loss_history
        self.n_iter_ = result.n_iter
        return self

    def summary(self, X, y, feature_names=None, level: float = 0.95):
        """Standard errors, Wald tests and confidence intervals of an unpenalised fit.

        Parameters
        ----------
        X, y : the training data the model was fitted on.
        feature_names : sequence of str, optional
            One name per feature; default the DataFrame's column names the model was fitted
            on (``feature_names_in_``), else ``x0``, ``x1``, ...
        level : float, default 0.95
            Confidence level of the intervals.

        Returns
        -------
        lrlib.inference.LogitSummary
            Printing it shows the table.

        Raises
        ------
        ValueError
            If the model is penalised (``alpha > 0``: those standard errors would not be
            the maximum-likelihood ones), or ``X, y`` are not the data it was fitted on.
        """
        check_is_fitted(self)
        if self.alpha != 0:
            raise ValueError(
                f"summary() is for the unpenalised fit, but alpha={self.alpha!r}: the standard errors "
                "and tests of a penalised fit are not the maximum-likelihood ones. Refit with alpha=0."
            )
        X = prediction_data(self, X)
        y = column_or_1d(y, warn=True)
        check_consistent_length(X=X, y=y)
        unknown = ~np.isin(y, self.classes_)
        if np.any(unknown):
            raise ValueError(f"y holds labels the model was not fitted on: "
                             f"{np.unique(y[unknown])[:5].tolist()}")
        if feature_names is None and hasattr(self, "feature_names_in_"):
            feature_names = list(self.feature_names_in_)
        return logit_summary(X, (y == self.classes_[1]).astype(float), self.coef_[0], self.intercept_[0],
                             feature_names=feature_names, level=level)


# scikit-learn's checks that fit on toy data that are separated (many on its blobs, whose
# classes a line separates): the unpenalised maximum-likelihood fit does not exist there.
_CHECKS_ON_SEPARATED_DATA = [
    "check_classifiers_classes",
    "check_dict_unchanged",
    "check_dont_overwrite_parameters",
    "check_estimators_fit_returns_self",
    "check_estimators_overwrite_params",
    "check_estimators_pickle",
    "check_f_contiguous_array_estimator",
    "check_fit2d_1feature",
    "check_fit2d_predict1d",
    "check_methods_sample_order_invariance",
    "check_methods_subset_invariance",
    "check_non_transformer_estimators_n_iter",
    "check_pipeline_consistency",
    "check_positive_only_tag_during_fit",
    "check_readonly_memmap_input",
]


def expected_failed_checks(estimator) -> dict[str, str]:
    """The scikit-learn estimator checks that ``estimator`` fails by design, each with the reason.

    For scikit-learn's ``check_estimator(estimator, expected_failed_checks=...)`` and
    ``parametrize_with_checks(..., expected_failed_checks=expected_failed_checks)``: every
    other check passes. An estimator other than :class:`LogisticRegressionNewton` has none.

    - With ``alpha = 0`` (the default), the checks that fit on separated toy data: the
      maximum-likelihood weights do not exist, and :class:`SingularHessianError` says so
      rather than return weights set by ``tol`` (with ``alpha > 0`` these pass).
    - ``check_estimators_empty_data_messages``: ``X`` with no column is the intercept-only
      model, the null model of the likelihood-ratio test, which is fitted (as statsmodels
      does) where the check expects a refusal.

    Examples
    --------
    >>> sorted(expected_failed_checks(LogisticRegressionNewton(alpha=0.1)))
    ['check_estimators_empty_data_messages']
    >>> len(expected_failed_checks(LogisticRegressionNewton()))
    16
    """
    if not isinstance(estimator, LogisticRegressionNewton):
        return {}
    expected = {"check_estimators_empty_data_messages":
                "X with no column is the intercept-only model (the null model of the likelihood-ratio "
                "test), which LogisticRegressionNewton fits, as statsmodels does, instead of refusing it."}
    if estimator.alpha == 0:
        reason = ("the check fits on toy data whose classes are separated, where the unpenalised fit "
                  "(alpha=0) has no maximum-likelihood weights: SingularHessianError says so, by design.")
        expected.update(dict.fromkeys(_CHECKS_ON_SEPARATED_DATA, reason))
    return expected
