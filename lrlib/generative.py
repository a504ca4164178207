"""The generative rivals of logistic regression (chapter 12): linear discriminant analysis and naive Bayes.

Logistic regression models ``P(y | x)`` directly (a *discriminative* model). A *generative*
model describes how each class produces its features, ``p(x | y)``, and the class shares
``P(y)``, then turns them around with Bayes' rule. Two classic choices, each fitted in closed
form by maximum likelihood (means, variances and class shares: no iterations):

- :class:`LinearDiscriminant` (linear discriminant analysis): each class a Gaussian with its
  own mean and a covariance matrix shared by all classes. Its log-odds are *linear* in ``x``,
  ``ln P(1 | x) / P(0 | x) = x^T Sigma^-1 (mu_1 - mu_0) + const``: the very form of logistic
  regression, with weights computed from the means and the covariance instead of fitted;
- :class:`GaussianNaiveBayes`: each class a Gaussian whose features are independent (a
  diagonal covariance, one per class). Its log-odds are quadratic in ``x``, and linear when
  the variances are the same in every class.

When the generative assumptions hold, they use the data more efficiently than logistic
regression; when they do not, logistic regression, which assumes nothing about ``p(x | y)``,
ends up more accurate as the data grow (Ng and Jordan, 2001).

Both follow scikit-learn's estimator API and give the same probabilities as scikit-learn's
:class:`~sklearn.discriminant_analysis.LinearDiscriminantAnalysis` (its default ``svd``
solver; with two classes the same coefficients too) and :class:`~sklearn.naive_bayes.GaussianNB`.
"""

from __future__ import annotations

from numbers import Real

import numpy as np
from scipy.special import expit, logsumexp, softmax
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils._param_validation import Interval
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

__all__ = ["GaussianNaiveBayes", "LinearDiscriminant"]

#: The largest condition number of the pooled covariance LinearDiscriminant accepts.
MAX_CONDITION = 1e12


def _training_data(estimator, X, y):
    """X (float64, 2-D, finite), the sorted classes and y as class indices; at least two classes."""
    X, y = validate_data(estimator, X, y, dtype=np.float64)
    check_classification_targets(y)
    classes, y_index = np.unique(y, return_inverse=True)
    if len(classes) < 2:
        raise ValueError(f"y has only 1 class ({classes[0]!r}): a classifier needs samples of at least "
                         "two classes")
    return X, classes, y_index


def _class_statistics(estimator, X, y):
    """The checked training data with each class's count and feature means.

    Returns ``X, classes, y_index, counts, means``; ``means`` has one row per class.
    """
    estimator._validate_params()
    X, classes, y_index = _training_data(estimator, X, y)
    counts = np.bincount(y_index).astype(np.float64)
    means = np.vstack([X[y_index == k].mean(axis=0) for k in range(len(classes))])
    return X, classes, y_index, counts, means


def _prediction_data(estimator, X):
    check_is_fitted(estimator)
    return validate_data(estimator, X, reset=False, dtype=np.float64)


def _priors(priors, counts: np.ndarray) -> np.ndarray:
    """The class shares: the given ``priors`` (checked), or the classes' shares of the training data."""
    if priors is None:
        return counts / counts.sum()
    p = np.asarray(priors, dtype=np.float64)
    if p.shape != counts.shape:
        raise ValueError(f"priors must hold one probability per class ({len(counts)}), got shape {p.shape}")
    if np.any(~np.isfinite(p)) or np.any(p <= 0) or not np.isclose(p.sum(), 1.0):
        raise ValueError(f"priors must be positive and sum to 1, got {p.tolist()}")
    return p / p.sum()


class _GenerativeClassifier(ClassifierMixin, BaseEstimator):
    """Shared prediction machinery: class scores, then probabilities by softmax (or sigmoid for two)."""

    def _scores(self, X) -> np.ndarray:  # (n, K) joint log-likelihoods, up to a constant per row
        raise NotImplementedError

    def predict_log_proba(self, X) -> np.ndarray:
        """``log P(class | x)``, shape (n_samples, n_classes)."""
        scores = self._scores(X)
        return scores - logsumexp(scores, axis=1, keepdims=True)

    def predict_proba(self, X) -> np.ndarray:
        """``P(class | x)`` by Bayes' rule, shape (n_samples, n_classes); each row sums to 1."""
        return softmax(self._scores(X), axis=1)

    def predict(self, X) -> np.ndarray:
        """The most probable class of each row of ``X``."""
        best = np.argmax(self._scores(X), axis=1)  # checks first that the model is fitted
        return self.classes_[best]


class LinearDiscriminant(_GenerativeClassifier):
    """Linear discriminant analysis: Gaussian classes with a shared covariance, turned around by Bayes' rule.

    Fitted by maximum likelihood: each class's mean ``mu_k``, the pooled within-class
    covariance ``Sigma = sum_k sum_{i in k} (x_i - mu_k)(x_i - mu_k)^T / n``, and the class
    shares ``pi_k``. Bayes' rule gives class scores linear in ``x``::

        delta_k(x) = x^T Sigma^-1 mu_k - 1/2 mu_k^T Sigma^-1 mu_k + ln pi_k

    (the quadratic term ``-1/2 x^T Sigma^-1 x`` is the same for every class and cancels), and
    with two classes the log-odds ``delta_1 - delta_0 = x^T w + b`` with
    ``w = Sigma^-1 (mu_1 - mu_0)``: a logistic regression whose weights come from the means.

    Parameters
    ----------
    priors : array-like of shape (n_classes,), optional
        The class probabilities ``pi_k``; default: the classes' shares of the training data.

    Attributes
    ----------
    classes_ : numpy.ndarray of shape (n_classes,)
    priors_ : numpy.ndarray of shape (n_classes,)
    means_ : numpy.ndarray of shape (n_classes, n_features)
    covariance_ : numpy.ndarray of shape (n_features, n_features)
        The pooled within-class covariance (maximum likelihood: divided by ``n``).
    coef_ : numpy.ndarray of shape (1, n_features) or (n_classes, n_features)
        With two classes, ``w``, the weights of the log-odds of ``classes_[1]`` (scikit-learn's
        ``LinearDiscriminantAnalysis`` has the same); otherwise row ``k`` holds ``Sigma^-1 mu_k``
        (scikit-learn's rows differ from these by a vector common to all classes, which changes
        no probability).
    intercept_ : numpy.ndarray of shape (1,) or (n_classes,)
    n_features_in_ : int
    feature_names_in_ : numpy.ndarray
        With a DataFrame's column names.

    Raises
    ------
    ValueError
        From ``fit``: a pooled covariance that is singular or nearly so (condition number above
        :data:`MAX_CONDITION`), as when there are fewer samples than features, or a feature is
        constant within every class or a combination of others.

    Examples
    --------
    >>> X = np.array([[0.0, 1.0], [1.0, 0.5], [2.0, 2.0], [3.0, 2.5], [4.0, 3.0], [1.5, 0.0]])
    >>> y = np.array([0, 0, 1, 1, 1, 0])
    >>> lda = LinearDiscriminant().fit(X, y)
    >>> lda.coef_.round(3), lda.intercept_.round(3)
    (array([[ 3.221, 11.195]]), array([-22.966]))
    >>> lda.predict_proba([[2.0, 1.4]]).round(3)
    array([[0.701, 0.299]])
    """

    _parameter_constraints: dict = {"priors": ["array-like", None]}

    def __init__(self, priors=None):
        self.priors = priors

    def fit(self, X, y):
        """Estimate the class means, the shared covariance and the class shares; compute ``coef_``.

        Returns
        -------
        self
        """
        X, classes, y_index, counts, means = _class_statistics(self, X, y)
        priors = _priors(self.priors, counts)
        centred = X - means[y_index]
        covariance = centred.T @ centred / len(X)
        condition = np.linalg.cond(covariance)
        if not condition < MAX_CONDITION:
            raise ValueError(
                f"the pooled within-class covariance of X is singular (condition number {condition:.3g}): "
                f"with {len(X)} samples of {X.shape[1]} features, a feature is constant within every class, "
                "repeats a combination of others, or there are too few samples; drop such features or add "
                "samples"
            )
        solved = np.linalg.solve(covariance, means.T).T  # row k: Sigma^-1 mu_k
        coef = solved
        intercept = -0.5 * np.sum(solved * means, axis=1) + np.log(priors)
        if len(classes) == 2:  # the log-odds of classes_[1]
            coef, intercept = (coef[1] - coef[0])[None, :], np.array([intercept[1] - intercept[0]])
        self.classes_, self.priors_, self.means_, self.covariance_ = classes, priors, means, covariance
        self.coef_, self.intercept_ = coef, intercept
        return self

    def decision_function(self, X) -> np.ndarray:
        """``X @ coef_.T + intercept_``: the log-odds of ``classes_[1]`` (two classes, shape (n,)),
        or one linear score per class (shape (n, n_classes))."""
        X = _prediction_data(self, X)
        scores = X @ self.coef_.T + self.intercept_
        return scores[:, 0] if len(self.classes_) == 2 else scores

    def _scores(self, X):
        scores = self.decision_function(X)
        return np.column_stack([np.zeros_like(scores), scores]) if scores.ndim == 1 else scores

    def predict_proba(self, X) -> np.ndarray:
        """``P(class | x)``: ``[1 - sigmoid(z), sigmoid(z)]`` for two classes, else softmax of the scores."""
        scores = self.decision_function(X)
        if scores.ndim == 1:
            return np.column_stack([expit(-scores), expit(scores)])
        return softmax(scores, axis=1)


class GaussianNaiveBayes(_GenerativeClassifier):
    """Gaussian naive Bayes: within each class, every feature an independent Gaussian.

    Fitted by maximum likelihood: per class ``k`` and feature ``j`` a mean ``theta_kj`` and a
    variance ``var_kj`` (divided by the class's count), plus a small ``epsilon`` added to every
    variance for numerical safety; the class shares ``pi_k``. The class score is the joint
    log-likelihood::

        ln pi_k - 1/2 sum_j [ln(2 pi var_kj) + (x_j - theta_kj)^2 / var_kj]

    "Naive" is the independence: correlated features are counted as separate evidence, which
    makes the probabilities overconfident, while the classes they point to are often right.

    Parameters
    ----------
    priors : array-like of shape (n_classes,), optional
        Default: the classes' shares of the training data.
    var_smoothing : float, default 1e-9
        ``epsilon = var_smoothing * (largest variance of a feature)``, as scikit-learn's.

    Attributes
    ----------
    classes_, class_count_, class_prior_ : numpy.ndarray of shape (n_classes,)
    theta_, var_ : numpy.ndarray of shape (n_classes, n_features)
    epsilon_ : float
    n_features_in_ : int

    Examples
    --------
    >>> X = np.array([[0.0, 1.0], [1.0, 0.5], [2.0, 2.0], [3.0, 2.5], [4.0, 3.0], [1.5, 0.0]])
    >>> y = np.array([0, 0, 1, 1, 1, 0])
    >>> nb = GaussianNaiveBayes().fit(X, y)
    >>> nb.theta_.round(3)
    array([[0.833, 0.5  ],
           [3.   , 2.5  ]])
    >>> nb.predict_proba([[2.0, 1.4]]).round(3)
    array([[0.615, 0.385]])
    """

    _parameter_constraints: dict = {
        "priors": ["array-like", None],
        "var_smoothing": [Interval(Real, 0, None, closed="left")],
    }

    def __init__(self, priors=None, var_smoothing=1e-9):
        self.priors = priors
        self.var_smoothing = var_smoothing

    def fit(self, X, y):
        """Estimate each class's feature means and variances and the class shares.

        Returns
        -------
        self
        """
        X, classes, y_index, counts, self.theta_ = _class_statistics(self, X, y)
        self.epsilon_ = float(self.var_smoothing * np.var(X, axis=0).max())
        self.var_ = np.vstack([X[y_index == k].var(axis=0) for k in range(len(classes))]) + self.epsilon_
        if np.any(self.var_ <= 0):
            raise ValueError("every feature of X is constant, so naive Bayes has no variance to work with")
        self.classes_, self.class_count_ = classes, counts
        self.class_prior_ = _priors(self.priors, counts)
        return self

    def _scores(self, X):
        X = _prediction_data(self, X)
        log_norm = -0.5 * np.sum(np.log(2 * np.pi * self.var_), axis=1)
        squares = ((X[:, None, :] - self.theta_[None]) ** 2 / self.var_[None]).sum(axis=2)
        return np.log(self.class_prior_) + log_norm - 0.5 * squares

    def decision_function(self, X) -> np.ndarray:
        """Two classes: the log-odds of ``classes_[1]``, shape (n,); otherwise the joint
        log-likelihood of each class, shape (n, n_classes)."""
        scores = self._scores(X)
        return scores[:, 1] - scores[:, 0] if len(self.classes_) == 2 else scores
