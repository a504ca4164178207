"""Logistic regression models trained by plain gradient descent (chapters 4 to 6).

Three scikit-learn compatible classifiers, written to be read:

- :class:`LogisticRegressionGD`: binary logistic regression;
- :class:`OneVsRestClassifier`: one binary classifier per class, argmax of their scores;
- :class:`SoftmaxRegression`: multinomial (softmax) logistic regression.

They inherit from :class:`sklearn.base.BaseEstimator` and
:class:`sklearn.base.ClassifierMixin`, so ``get_params``, ``set_params``,
:func:`sklearn.base.clone`, ``score``, pipelines and grid search work. Training
calls :func:`lrlib.optim.gradient_descent` on the losses of :mod:`lrlib.losses`.

Input is checked with scikit-learn's own tools (``validate_data``,
``check_classification_targets`` and the parameters' ``_parameter_constraints``), so
errors read as scikit-learn's do, and a DataFrame's column names are recorded in
``feature_names_in_`` and checked at predict time.

The objective
-------------
With scores ``z = X w + b``, the models minimise the mean log-loss plus an L2
penalty on the weights (never on the intercept)::

    J(w, b) = mean_i log-loss(y_i, z_i) + alpha / 2 * ||w||^2

or, with ``LogisticRegressionGD(penalty="l1")``, an L1 penalty (trained by proximal
gradient descent, see :func:`lrlib.optim.gradient_descent`)::

    J(w, b) = mean_i log-loss(y_i, z_i) + alpha * ||w||_1

scikit-learn's :class:`~sklearn.linear_model.LogisticRegression` minimises
``C * sum_i log-loss(y_i, z_i) + 1/2 * ||w||^2`` (``+ ||w||_1`` for L1); dividing
by ``C * n`` shows that, for either penalty, the two have the same minimiser when
``alpha = 1 / (C * n)`` (``alpha = 0`` is ``C = np.inf``). :func:`alpha_from_C`
does the conversion. (scikit-learn's ``liblinear`` solver penalises the intercept
too; its other solvers, and lrlib, do not.)
"""

from __future__ import annotations

import warnings
from numbers import Integral, Real

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.exceptions import ConvergenceWarning

# scikit-learn's documented way for an estimator to declare its parameters' constraints
# (checked by BaseEstimator._validate_params); the one private module lrlib uses.
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_random_state

from lrlib._estimator_data import prediction_data, training_data
from lrlib._kernels import (
    binary_cross_entropy_gradient,
    binary_cross_entropy_with_logits,
    cross_entropy,
    cross_entropy_gradient,
    sigmoid,
    softmax,
)
from lrlib._threads import one_blas_thread
from lrlib._validation import check_scalar
from lrlib.optim import DivergenceError, GradientDescentResult, gradient_descent

__all__ = ["LogisticRegressionGD", "OneVsRestClassifier", "SoftmaxRegression", "alpha_from_C"]

# Starting weights are drawn from N(0, INIT_SCALE^2): small, so the first scores are
# near 0 and every probability starts near 1/K, but not all equal.
INIT_SCALE = 0.01


def alpha_from_C(C: float, n_samples: int) -> float:
    """The ``alpha`` of lrlib's models equivalent to scikit-learn's ``C`` on ``n_samples`` samples.

    scikit-learn minimises ``C * sum(log-loss) + ||w||^2 / 2``; lrlib minimises
    ``mean(log-loss) + alpha * ||w||^2 / 2``. Both have the same minimiser when
    ``alpha = 1 / (C * n_samples)``.

    Examples
    --------
    >>> alpha_from_C(1.0, 500)
    0.002
    >>> alpha_from_C(float("inf"), 500)
    0.0
    """
    if C == np.inf:
        return 0.0
    C = check_scalar(C, "C", min_value=0, include_min=False)
    n_samples = check_scalar(n_samples, "n_samples", min_value=1, integer=True)
    with np.errstate(over="ignore"):
        product = C * n_samples
        # a product that overflows would make the penalty 0: divide twice then
        alpha = 1.0 / product if product < np.inf else 1.0 / C / n_samples
    if not np.isfinite(alpha):
        raise ValueError(f"C={C!r} is so small that alpha = 1 / (C * n_samples) is beyond the largest "
                         "float64")
    return alpha


def _largest_curvature(X: np.ndarray, bound: float, alpha: float) -> float:
    """Upper bound L on the curvature of the penalised log-loss of a linear model.

    The Hessian of the mean log-loss is ``X1^T D X1 / n`` with ``X1 = [X, 1]`` and
    ``D <= bound`` (1/4 for the sigmoid, 1/2 for the softmax), so its largest
    eigenvalue is at most ``bound * lambda_max(X1^T X1 / n)``; the penalty adds ``alpha``.

    Raises ``ValueError`` when the features are so large (beyond about 1e150) that L,
    or the step 1 / L, does not fit in a float64.
    """
    X1 = np.column_stack([X, np.ones(len(X))])
    with np.errstate(over="ignore", invalid="ignore"):
        gram = X1.T @ X1 / len(X)
        finite = bool(np.all(np.isfinite(gram)))
        curvature = bound * float(np.linalg.eigvalsh(gram)[-1]) + alpha if finite else np.inf
    if not np.isfinite(curvature) or 1.0 / curvature < np.finfo(np.float64).tiny:
        raise ValueError(
            f"X holds values up to {float(np.max(np.abs(X))):.3g}: too large for gradient descent in "
            "float64 (the safe step size 1 / L is below the smallest float). Standardise the "
            "features (e.g. with sklearn.preprocessing.StandardScaler)."
        )
    return curvature


class _GradientDescentClassifier(ClassifierMixin, BaseEstimator):
    """Shared parameters and machinery of the linear models trained by gradient descent.

    Subclasses define ``_CURVATURE`` (bound on the loss's second derivative in the
    score), ``_check_n_classes``, ``_n_outputs`` and ``_objective``. ``fit`` validates,
    draws the starting weights, and hands them to ``_optimise``, the one place where the
    weights are optimised.
    """

    _parameter_constraints: dict = {
        "learning_rate": [StrOptions({"auto"}), Interval(Real, 0, None, closed="neither")],
        "max_iter": [Interval(Integral, 0, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "random_state": ["random_state"],
    }

    def __init__(self, learning_rate="auto", max_iter=1000, tol=1e-4, alpha=0.0, random_state=None):
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.tol = tol
        self.alpha = alpha
        self.random_state = random_state

    def _check_n_classes(self, classes):
        pass

    def _penalties(self, alpha):
        """``(L2 strength, L1 strength)`` of the objective for the ``alpha`` parameter."""
        return alpha, 0.0

    def fit(self, X, y):
        """Fit the model to ``X`` (n_samples, n_features) and labels ``y`` by gradient descent.

        Returns
        -------
        self

        Raises
        ------
        ValueError
            Bad input (NaN in X, a single class, X and y of different lengths, ...) or
            a bad parameter (:class:`sklearn.utils._param_validation.InvalidParameterError`).
        lrlib.DivergenceError
            The loss blew up: ``learning_rate`` is too large (or the features are not
            standardised). Its ``loss_history`` holds the losses until then.
        """
        self._validate_params()
        X, classes, y_index = training_data(self, X, y)
        self._check_n_classes(classes)
        n_outputs = self._n_outputs(len(classes))
        shape = (X.shape[1] + 1,) if n_outputs == 1 else (X.shape[1] + 1, n_outputs)
        params0 = check_random_state(self.random_state).normal(scale=INIT_SCALE, size=shape)
        params0[-1] = 0.0  # intercept(s) start at 0
        result = self._optimise(X, y_index, params0)
        self.classes_ = classes
        weights, intercept = result.params[:-1], result.params[-1]
        self.coef_ = np.atleast_2d(weights.T)  # (1, n_features) or (n_classes, n_features)
        self.intercept_ = np.atleast_1d(intercept)
        self.loss_history_ = result.loss_history
        self.n_iter_ = result.n_iter
        return self

    def _optimise(self, X, y_index, params0) -> GradientDescentResult:
        """Minimise the penalised objective from ``params0``; set ``learning_rate_``.

        ``params0`` and the result's ``params`` stack the weights over the intercept(s)
        in their last row.
        """
        alpha, l1 = self._penalties(float(self.alpha))  # the L1 part does not change the curvature
        if isinstance(self.learning_rate, str):  # "auto"
            learning_rate = 1.0 / _largest_curvature(X, self._CURVATURE, alpha)
        else:
            learning_rate = float(self.learning_rate)
        l1_weights = np.zeros(params0.shape)
        l1_weights[:-1] = l1  # the intercept(s) are not penalised
        try:
            # Each step multiplies small matrices; handing them to several BLAS threads
            # costs more than it saves (5 times slower on a busy 2-core machine).
            # A too-large step can overflow the scores: reported as a DivergenceError
            # (the loss became inf or nan), not as a stream of RuntimeWarnings.
            with one_blas_thread(), np.errstate(over="ignore", invalid="ignore"):
                result = gradient_descent(
                    self._objective(X, y_index, alpha),
                    params0,
                    learning_rate=learning_rate,
                    max_iter=self.max_iter,
                    tol=self.tol,
                    l1=l1_weights if l1 > 0 else None,
                )
        except DivergenceError as exc:
            raise DivergenceError(
                f"{type(self).__name__} did not train: {exc} Also check that the features are "
                "standardised (e.g. with sklearn.preprocessing.StandardScaler): large feature "
                "values make the safe learning rate tiny. learning_rate='auto' picks a step "
                "that cannot diverge.",
                exc.loss_history,
            ) from None
        if not result.converged and self.max_iter > 0:
            # with an L1 penalty the loss has no gradient at 0: the stopping test uses the gradient mapping
            measured = ("entry of the gradient mapping (the proximal step divided by the learning rate)"
                        if l1 > 0 else "gradient entry")
            warnings.warn(
                f"{type(self).__name__} stopped after max_iter={self.max_iter} steps, before every "
                f"{measured} fell below tol={self.tol:g}: increase max_iter or learning_rate "
                "(or standardise the features).",
                ConvergenceWarning,
                stacklevel=3,
            )
        self.learning_rate_ = learning_rate
        return result


class LogisticRegressionGD(_GradientDescentClassifier):
    """Binary logistic regression trained by full-batch gradient descent.

    Minimises the mean binary cross-entropy of ``sigmoid(X w + b)`` plus
    ``alpha / 2 * ||w||^2`` (or ``alpha * ||w||_1``): the same minimiser as
    scikit-learn's ``LogisticRegression(C=1 / (alpha * n_samples))`` with the same
    ``penalty`` (see :mod:`lrlib.models` and :func:`alpha_from_C`).

    Parameters
    ----------
    learning_rate : float or "auto", default "auto"
        Gradient descent step size. ``"auto"`` uses ``1 / L``, where
        ``L = lambda_max(X1^T X1 / n) / 4 + alpha`` (``X1`` is ``X`` with a column of
        ones) bounds the objective's curvature: with that step the loss goes down at
        every step (the descent lemma), on any scaling of the data. A number sets
        the step yourself; one that is too large raises :class:`lrlib.DivergenceError`.
    max_iter : int, default 1000
        Largest number of gradient steps.
    tol : float, default 1e-4
        Stop once every entry of the gradient is at most ``tol`` in absolute value
        (scikit-learn's lbfgs uses the same test).
    alpha : float, default 0.0
        Penalty strength; 0 means no penalty.
    penalty : {"l2", "l1"}, default "l2"
        ``"l1"`` trains by proximal gradient descent (ISTA: a gradient step, then
        :func:`lrlib.optim.soft_threshold`), which sets weights exactly to 0; ``tol``
        then applies to the gradient mapping (see :func:`lrlib.optim.gradient_descent`).
    random_state : int, numpy Generator/RandomState or None, default None
        Seed of the small random starting weights. The same seed gives the same model.

    Attributes
    ----------
    classes_ : numpy.ndarray of shape (2,)
        The two labels, sorted; ``classes_[1]`` is the "positive" class.
    coef_ : numpy.ndarray of shape (1, n_features)
    intercept_ : numpy.ndarray of shape (1,)
    loss_history_ : numpy.ndarray
        The objective (log-loss plus penalty) after each step; ``loss_history_[0]``
        is at the starting weights.
    n_iter_ : int
        Number of gradient steps taken.
    learning_rate_ : float
        The step size used (the one ``"auto"`` chose, or ``learning_rate``).
    n_features_in_ : int
    feature_names_in_ : numpy.ndarray of str, one per feature
        The column names, when ``X`` was a DataFrame with string column names; predicting
        from a DataFrame whose columns differ (or come in another order) raises.

    Examples
    --------
    >>> X = [[-2.0], [-1.0], [1.0], [2.0]]
    >>> model = LogisticRegressionGD(alpha=0.1, random_state=0)
    >>> model.fit(X, ["no", "no", "yes", "yes"]).predict([[-3.0], [3.0]]).tolist()
    ['no', 'yes']
    >>> model.predict_proba([[0.0]]).round(2)
    array([[0.5, 0.5]])
    """

    _CURVATURE = 0.25  # sigmoid'(z) <= 1/4

    def __init__(self, learning_rate="auto", max_iter=1000, tol=1e-4, alpha=0.0, penalty="l2",
                 random_state=None):
        super().__init__(learning_rate=learning_rate, max_iter=max_iter, tol=tol, alpha=alpha,
                         random_state=random_state)
        self.penalty = penalty

    _parameter_constraints: dict = {
        **_GradientDescentClassifier._parameter_constraints,
        "penalty": [StrOptions({"l2", "l1"})],
    }

    def _penalties(self, alpha):
        return (0.0, alpha) if self.penalty == "l1" else (alpha, 0.0)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = False
        return tags

    def _check_n_classes(self, classes):
        if len(classes) > 2:
            raise ValueError(
                f"Only binary classification is supported by LogisticRegressionGD, but y has "
                f"{len(classes)} classes {classes[:5].tolist()}{'...' if len(classes) > 5 else ''}: "
                "use SoftmaxRegression or OneVsRestClassifier(LogisticRegressionGD())"
            )

    def _n_outputs(self, n_classes):
        return 1

    @staticmethod
    def _objective(X, y_index, alpha):
        y = y_index.astype(X.dtype)  # 1.0 for classes_[1], 0.0 for classes_[0]

        def loss_and_grad(params):
            w, b = params[:-1], params[-1]
            z = X @ w + b
            loss = binary_cross_entropy_with_logits(y, z) + 0.5 * alpha * (w @ w)
            grad_w, grad_b = binary_cross_entropy_gradient(X, y, z)
            return loss, np.append(grad_w + alpha * w, grad_b)

        return loss_and_grad

    def decision_function(self, X):
        """Scores (log-odds of ``classes_[1]``) ``X @ coef_[0] + intercept_[0]``.

        Returns
        -------
        numpy.ndarray of shape (n_samples,)
        """
        X = prediction_data(self, X)
        return X @ self.coef_[0] + self.intercept_[0]

    def predict_proba(self, X):
        """Probabilities of ``classes_[0]`` and ``classes_[1]``: ``1 - sigmoid(z)`` and ``sigmoid(z)``.

        Returns
        -------
        numpy.ndarray of shape (n_samples, 2)
        """
        z = self.decision_function(X)
        # sigmoid(-z) rather than 1 - sigmoid(z): exact where sigmoid(z) rounds to 1
        return np.column_stack([sigmoid(-z), sigmoid(z)])

    def predict(self, X):
        """Predicted labels: ``classes_[1]`` where its probability exceeds 0.5 (score > 0).

        Returns
        -------
        numpy.ndarray of shape (n_samples,)
        """
        positive = self.decision_function(X) > 0
        return self.classes_[positive.astype(np.intp)]


class SoftmaxRegression(_GradientDescentClassifier):
    """Multinomial (softmax) logistic regression trained by full-batch gradient descent.

    Scores ``Z = X W^T + b`` (one column per class), probabilities ``softmax(Z)``.
    Minimises the mean cross-entropy plus ``alpha / 2 * ||W||^2``: the same minimiser
    as scikit-learn's multinomial ``LogisticRegression(C=1 / (alpha * n_samples))``.

    Parameters
    ----------
    learning_rate : float or "auto", default "auto"
        As in :class:`LogisticRegressionGD`, with the curvature bound
        ``L = lambda_max(X1^T X1 / n) / 2 + alpha`` of the softmax cross-entropy.
    max_iter : int, default 1000
    tol : float, default 1e-4
    alpha : float, default 0.0
    random_state : int, numpy Generator/RandomState or None, default None
        As in :class:`LogisticRegressionGD`.

    Attributes
    ----------
    classes_ : numpy.ndarray of shape (n_classes,)
    coef_ : numpy.ndarray of shape (n_classes, n_features)
        Row ``k`` holds the weights of class ``classes_[k]``.
    intercept_ : numpy.ndarray of shape (n_classes,)
    loss_history_ : numpy.ndarray
    n_iter_ : int
    learning_rate_ : float
    n_features_in_ : int
    feature_names_in_ : numpy.ndarray of str, one per feature
        The column names, when ``X`` was a DataFrame with string column names; predicting
        from a DataFrame whose columns differ (or come in another order) raises.

    Examples
    --------
    >>> X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [2.0, 2.0], [2.0, 3.0]]
    >>> y = ["a", "a", "b", "b", "c", "c"]
    >>> model = SoftmaxRegression(alpha=0.1, random_state=0).fit(X, y)
    >>> model.predict([[0.0, 0.5], [3.0, 3.0]]).tolist()
    ['a', 'c']
    >>> float(model.predict_proba([[1.0, 1.0]]).sum())
    1.0
    """

    _CURVATURE = 0.5  # the Hessian of log-sum-exp is diag(p) - p p^T <= 1/2

    def _n_outputs(self, n_classes):
        return n_classes

    @staticmethod
    def _objective(X, y_index, alpha):
        def loss_and_grad(params):
            W, b = params[:-1], params[-1]
            Z = X @ W + b
            loss = cross_entropy(y_index, Z) + 0.5 * alpha * np.sum(W * W)
            grad_W, grad_b = cross_entropy_gradient(X, y_index, Z)
            return loss, np.vstack([grad_W + alpha * W, grad_b])

        return loss_and_grad

    def _scores(self, X):
        X = prediction_data(self, X)
        return X @ self.coef_.T + self.intercept_

    def decision_function(self, X):
        """Class scores ``X @ coef_.T + intercept_``, one column per class.

        With two classes, scikit-learn's convention: one column, the score of
        ``classes_[1]`` minus that of ``classes_[0]`` (its log-odds).

        Returns
        -------
        numpy.ndarray of shape (n_samples, n_classes), or (n_samples,) for two classes
        """
        Z = self._scores(X)
        return Z[:, 1] - Z[:, 0] if Z.shape[1] == 2 else Z

    def predict_proba(self, X):
        """``softmax`` of the class scores: one column per entry of ``classes_``, rows sum to 1.

        Returns
        -------
        numpy.ndarray of shape (n_samples, n_classes)
        """
        return softmax(self._scores(X), axis=1)

    def predict(self, X):
        """Predicted labels: the class with the largest score (and probability).

        Returns
        -------
        numpy.ndarray of shape (n_samples,)
        """
        best = np.argmax(self._scores(X), axis=1)
        return self.classes_[best]


def _base_has(method):
    """For available_if: the wrapped binary estimator (or the default) has ``method``."""
    return lambda self: hasattr(self._base_estimator(), method)


class OneVsRestClassifier(ClassifierMixin, BaseEstimator):
    """One-vs-rest (one-vs-all): one binary classifier per class, argmax of their scores.

    For each class ``k``, a copy of ``estimator`` (made with
    :func:`sklearn.base.clone`) learns "class k" (1) against "every other class" (0).
    A sample goes to the class whose classifier is the most confident. With only
    two classes one classifier is enough (``classes_[1]`` against ``classes_[0]``),
    as in scikit-learn.

    Parameters
    ----------
    estimator : estimator, default None
        Any binary classifier with ``fit`` and ``decision_function`` or
        ``predict_proba`` (lrlib's or scikit-learn's). None means
        ``LogisticRegressionGD(random_state=0)``: the same model at every fit.

    Attributes
    ----------
    classes_ : numpy.ndarray of shape (n_classes,)
    estimators_ : list of estimators
        ``estimators_[k]`` separates ``classes_[k]`` from the rest (with two classes,
        the single ``estimators_[0]`` separates ``classes_[1]`` from ``classes_[0]``).
    coef_ : numpy.ndarray of shape (n_classes, n_features), or (1, n_features) for two classes
        Row ``k`` from ``estimators_[k]`` (when the estimators have ``coef_``).
    intercept_ : numpy.ndarray of shape (n_classes,), or (1,) for two classes
    loss_history_ : list of numpy.ndarray
        One loss history per class (when the estimators record one).
    n_iter_ : numpy.ndarray of shape (n_classes,)
        Steps taken by each binary classifier (when they report it).
    n_features_in_ : int
    feature_names_in_ : numpy.ndarray of str, one per feature
        The column names, when ``X`` was a DataFrame with string column names; predicting
        from a DataFrame whose columns differ (or come in another order) raises.

    Examples
    --------
    >>> X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [2.0, 2.0], [2.0, 3.0]]
    >>> y = ["a", "a", "b", "b", "c", "c"]
    >>> ovr = OneVsRestClassifier(LogisticRegressionGD(alpha=0.1, random_state=0)).fit(X, y)
    >>> len(ovr.estimators_), ovr.decision_function(X).shape
    (3, (6, 3))
    >>> ovr.predict([[0.0, 0.5], [3.0, 3.0]]).tolist()
    ['a', 'c']
    """

    _parameter_constraints: dict = {"estimator": [HasMethods(["fit"]), None]}

    def __init__(self, estimator=None):
        self.estimator = estimator

    def _base_estimator(self):
        # seeded, so that the default gives the same classifiers at every fit
        return LogisticRegressionGD(random_state=0) if self.estimator is None else self.estimator

    def fit(self, X, y):
        """Fit one binary classifier per class of ``y`` (one in all for two classes).

        Returns
        -------
        self
        """
        self._validate_params()
        base = self._base_estimator()
        if not hasattr(base, "fit") or not (
            hasattr(base, "decision_function") or hasattr(base, "predict_proba")
        ):
            raise TypeError(
                "estimator must be a binary classifier with fit and decision_function or "
                f"predict_proba methods, got {type(base).__name__}"
            )
        X, classes, y_index = training_data(self, X, y)
        positives = [1] if len(classes) == 2 else range(len(classes))
        estimators = []
        for k in positives:
            try:
                estimators.append(clone(base).fit(X, (y_index == k).astype(np.int64)))
            except DivergenceError as exc:
                raise DivergenceError(f"the classifier of class {classes[k]!r} against the rest: "
                                      f"{exc}", exc.loss_history) from None
        self.estimators_ = estimators
        self.classes_ = classes
        # Gather the per-class fitted attributes the binary classifiers have.
        if all(hasattr(e, "coef_") and hasattr(e, "intercept_") for e in estimators):
            self.coef_ = np.vstack([np.reshape(e.coef_, (1, -1)) for e in estimators])
            self.intercept_ = np.concatenate([np.ravel(e.intercept_) for e in estimators])
        if all(hasattr(e, "n_iter_") for e in estimators):
            self.n_iter_ = np.concatenate([np.ravel(e.n_iter_) for e in estimators])
        if all(hasattr(e, "loss_history_") for e in estimators):
            self.loss_history_ = [e.loss_history_ for e in estimators]
        return self

    @available_if(_base_has("decision_function"))
    def decision_function(self, X):
        """Each binary classifier's score for "its" class, one column per class.

        The scores are independent: a row need not sum to anything in particular.
        With two classes, the one classifier's score of ``classes_[1]``.

        Returns
        -------
        numpy.ndarray of shape (n_samples, n_classes), or (n_samples,) for two classes
        """
        return self._scores(prediction_data(self, X))

    def _scores(self, X):
        scores = np.column_stack([e.decision_function(X) for e in self.estimators_])
        return scores[:, 0] if len(self.classes_) == 2 else scores

    def _positive_probabilities(self, X):
        return np.column_stack([e.predict_proba(X)[:, 1] for e in self.estimators_])

    def predict(self, X):
        """The class whose classifier is the most confident (largest score, or probability).

        Returns
        -------
        numpy.ndarray of shape (n_samples,)
        """
        X = prediction_data(self, X)
        if hasattr(self.estimators_[0], "decision_function"):
            scores, threshold = self._scores(X), 0.0
        else:
            scores, threshold = self._positive_probabilities(X), 0.5
        if len(self.classes_) == 2:
            return self.classes_[(np.ravel(scores) > threshold).astype(np.intp)]
        return self.classes_[np.argmax(scores, axis=1)]

    @available_if(_base_has("predict_proba"))
    def predict_proba(self, X):
        """Each classifier's probability of its class, divided by the row's sum so rows sum to 1.

        This normalisation is a convenience (scikit-learn's OneVsRestClassifier does
        the same); the binary classifiers were not trained to make it a calibrated
        distribution, unlike :class:`SoftmaxRegression`.

        Returns
        -------
        numpy.ndarray of shape (n_samples, n_classes)
        """
        P = self._positive_probabilities(prediction_data(self, X))
        if len(self.classes_) == 2:
            return np.column_stack([1.0 - P[:, 0], P[:, 0]])
        total = P.sum(axis=1, keepdims=True)
        # A row of all-zero probabilities (every classifier certain "not mine") is uniform.
        return np.divide(P, total, out=np.full_like(P, 1 / P.shape[1]), where=total > 0)
