"""Firth's penalised likelihood: finite, less biased estimates on small or separated data (chapter 11).

When a feature (a level of a category, say) separates the classes, the log-likelihood
keeps rising as its coefficient runs off to infinity: the maximum-likelihood estimate
does not exist (chapter 10). Firth (1993) maximises instead

    l*(b) = l(b) + 1/2 log det I(b),        I(b) = X1^T W X1,  W = diag(p_i (1 - p_i)),

the log-likelihood plus the log of Jeffreys' prior. The penalty falls to minus infinity
as any coefficient grows without bound (the information vanishes), so ``l*`` always has
a finite maximum when ``X1`` has full rank (Kosmidis and Firth, 2021), and the estimate's
bias is of order ``1/n^2`` instead of ``1/n``. Setting the gradient to 0 gives the
*modified score* equations

    sum_i (y_i - p_i + h_i (1/2 - p_i)) x1_i = 0,

``h_i`` the leverage of row ``i``: each row acts as if it were split into its own
outcome with weight 1 and half a success and half a failure with weight ``h_i / 2``.
In a one-factor model this adds 1/2 to every cell of the table (Haldane's correction).

Standard errors are the square roots of the diagonal of the inverse of
``X1^T diag((1 + h_i) p_i (1 - p_i)) X1``, the information of those pseudo-data, as
``firthmodels`` reports them. For intervals, prefer the profile penalised likelihood
(:func:`lrlib.profile_likelihood.profile_interval` with ``firth=True``): Wald intervals
are poor exactly where Firth's method is needed.

- :func:`firth_logistic`: the solver;
- :class:`LogisticRegressionFirth`: the scikit-learn estimator (a
  :class:`~lrlib.models.LogisticRegressionGD` fitted by Firth's method).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from numbers import Integral, Real

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils._param_validation import Interval

from lrlib._binomial import firth_newton, solve_information
from lrlib._estimator_data import training_data
from lrlib._threads import one_blas_thread
from lrlib._validation import check_array, check_binary_labels, check_consistent_length, check_scalar
from lrlib.design import check_full_rank
from lrlib.models import LogisticRegressionGD

__all__ = ["FirthResult", "LogisticRegressionFirth", "firth_logistic"]


@dataclass(frozen=True)
class FirthResult:
    """What :func:`firth_logistic` returns.

    Attributes
    ----------
    params : numpy.ndarray of shape (n_features + 1,)
        ``[w, b]``, the intercept last.
    bse : numpy.ndarray of shape (n_features + 1,)
        Standard errors.
    cov_params : numpy.ndarray of shape (n_features + 1, n_features + 1)
    penalised_loglik : float
        ``l(b) + log det I(b) / 2`` at the estimate.
    n_iter : int
    converged : bool
        Whether every entry of the modified score fell to ``tol`` or below.
    """

    params: np.ndarray
    bse: np.ndarray
    cov_params: np.ndarray
    penalised_loglik: float
    n_iter: int
    converged: bool


def _firth(X: np.ndarray, y: np.ndarray, tol: float, max_iter: int,
           names=None) -> FirthResult:
    check_full_rank(X, feature_names=names)
    X1 = np.column_stack([X, np.ones(len(y))])
    fit = firth_newton(X1, y, tol=tol, max_iter=max_iter)
    cov = solve_information(fit.augmented_information, np.eye(X1.shape[1]), "at Firth's estimate")
    return FirthResult(fit.params, np.sqrt(np.diag(cov)), cov, fit.penalised_loglik, fit.n_iter,
                       fit.converged)


def firth_logistic(X, y, *, tol: float = 1e-10, max_iter: int = 100) -> FirthResult:
    """Fit a logistic regression by Firth's penalised likelihood (Newton steps with step halving).

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Without a column of ones (the intercept is added, last).
    y : array-like of shape (n_samples,)
        Labels 0 and 1.
    tol : float, default 1e-10
        Stop once every entry of the modified score is at most ``tol``.
    max_iter : int, default 100

    Returns
    -------
    FirthResult

    Raises
    ------
    lrlib.newton.SingularHessianError
        Linearly dependent columns of ``[X, 1]`` (named in the message). Separation is no
        obstacle: the estimate is finite.

    Examples
    --------
    ``x = 1`` predicts ``y = 1`` perfectly, so the maximum-likelihood slope is infinite;
    Firth's is ``log(3.5 * 3.5 / (0.5 * 0.5))``, as if 1/2 were added to each cell:

    >>> result = firth_logistic([[0], [0], [0], [1], [1], [1]], [0, 0, 0, 1, 1, 1])
    >>> result.params.round(4).tolist(), result.converged
    ([3.8918, -1.9459], True)
    >>> round(float(np.log(3.5**2 / 0.5**2)), 4)
    3.8918
    """
    X = check_array(X, "X", ndim=2)
    y = check_binary_labels(y, "y")
    check_consistent_length(X=X, y=y)
    tol = check_scalar(tol, "tol", min_value=0, include_min=False)
    max_iter = check_scalar(max_iter, "max_iter", min_value=0, integer=True)
    if y.min() == y.max():
        raise ValueError(f"y holds only the label {y[0]:g}: a logistic model needs both classes")
    with one_blas_thread():
        return _firth(X.astype(np.float64), y, tol, max_iter)


class LogisticRegressionFirth(LogisticRegressionGD):
    """Binary logistic regression by Firth's penalised likelihood: finite estimates even under separation.

    The model is LogisticRegressionGD's (``predict``, ``predict_proba`` and
    ``decision_function`` are its); the fit maximises ``l(b) + log det I(b) / 2`` (see
    :mod:`lrlib.firth`). Where the maximum-likelihood estimate exists, Firth's is close
    to it and pulled towards 0 (less biased on small samples); where it does not
    (separated classes), Firth's is still finite.

    Parameters
    ----------
    max_iter : int, default 100
        Largest number of Newton steps.
    tol : float, default 1e-8
        Stop once every entry of the modified score is at most ``tol``.

    Attributes
    ----------
    classes_ : numpy.ndarray of shape (2,)
    coef_ : numpy.ndarray of shape (1, n_features)
    intercept_ : numpy.ndarray of shape (1,)
    bse_ : numpy.ndarray of shape (n_features + 1,)
        Standard errors of ``[coef_, intercept_]`` (intercept last).
    cov_params_ : numpy.ndarray of shape (n_features + 1, n_features + 1)
    loglik_ : float
        The penalised log-likelihood at the estimate.
    n_iter_ : int
    n_features_in_ : int
    feature_names_in_ : numpy.ndarray of str
        When ``X`` was a DataFrame with string column names.

    Examples
    --------
    >>> X = [[0.0], [0.0], [1.0], [1.0], [2.0], [2.0]]
    >>> model = LogisticRegressionFirth().fit(X, ["no", "no", "no", "yes", "yes", "yes"])
    >>> model.coef_.round(3).tolist(), model.predict([[0.0], [2.0]]).tolist()
    ([[1.855]], ['no', 'yes'])
    """

    _parameter_constraints: dict = {
        "max_iter": [Interval(Integral, 0, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="neither")],
    }

    def __init__(self, max_iter=100, tol=1e-8):
        self.max_iter = max_iter
        self.tol = tol

    def fit(self, X, y):
        """Fit by Firth's penalised likelihood.

        Returns
        -------
        self

        Raises
        ------
        ValueError
            Bad input (NaN in X, a single class, more than two classes, ...).
        lrlib.newton.SingularHessianError
            Linearly dependent columns (named, with a DataFrame's column names).
        """
        self._validate_params()
        X, classes, y_index = training_data(self, X, y)
        self._check_n_classes(classes)
        names = getattr(self, "feature_names_in_", None)
        with one_blas_thread():
            result = _firth(X.astype(np.float64), y_index.astype(np.float64), self.tol, self.max_iter,
                            names=None if names is None else list(names))
        if not result.converged and self.max_iter > 0:
            warnings.warn(
                f"LogisticRegressionFirth stopped after {result.n_iter} steps, before every entry of the "
                f"modified score fell below tol={self.tol:g}: increase max_iter or tol.",
                ConvergenceWarning,
                stacklevel=2,
            )
        self.classes_ = classes
        self.coef_ = result.params[None, :-1]
        self.intercept_ = result.params[-1:]
        self.bse_ = result.bse
        self.cov_params_ = result.cov_params
        self.loglik_ = result.penalised_loglik
        self.n_iter_ = result.n_iter
        return self
