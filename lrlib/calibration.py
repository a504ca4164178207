"""Recalibration (chapter 12): fixing a classifier's probabilities after it is trained.

A model can rank well and still be over- or underconfident. A *calibrator* is a second,
tiny model fitted on a held-out **calibration split**: it maps the first model's scores to
new probabilities and never changes their order (so the AUC stays what it was).

- :class:`PlattCalibrator`: Platt scaling, a one-feature logistic regression on the score,
  ``p = sigmoid(a * score + b)`` (the same fit as scikit-learn's
  ``CalibratedClassifierCV(method="sigmoid")``);
- :class:`IsotonicCalibrator`: isotonic regression, the best non-decreasing step function
  of the score, by the pool-adjacent-violators algorithm (scikit-learn's
  ``IsotonicRegression(out_of_bounds="clip")``);
- :class:`TemperatureScaling`: one temperature ``T`` for all the logits of a multiclass
  model, ``softmax(z / T)`` (Guo et al., 2017): it changes how sure the model is, never
  which class it picks;
- :func:`expected_calibration_error`: the average gap between confidence and accuracy
  over bins of predictions; :func:`temperature_log_loss`: the log-loss at given temperatures.

The calibrators follow scikit-learn's conventions (``fit`` returns ``self``, parameters in
``__init__``, fitted attributes end in ``_``, ``get_params``/``clone`` work). Their input
is the first model's scores, one number per case (Platt, isotonic) or one row of logits
per case (temperature), not the features.
"""

from __future__ import annotations

import warnings

import numpy as np
from scipy.special import expit, log_expit, logsumexp, softmax
from sklearn.base import BaseEstimator
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils.validation import check_is_fitted

from lrlib._kernels import pool_adjacent_violators
from lrlib._validation import (
    check_array,
    check_binary_labels,
    check_class_indices,
    check_consistent_length,
    check_probabilities,
    check_scalar,
)

__all__ = ["IsotonicCalibrator", "PlattCalibrator", "TemperatureScaling", "expected_calibration_error",
           "temperature_log_loss"]


def _as_numpy(x):
    """A torch tensor (detached, on the CPU) as a NumPy array, anything else unchanged (no torch import)."""
    if hasattr(x, "detach") and hasattr(x, "cpu") and hasattr(x, "numpy"):
        return x.detach().cpu().numpy()
    return x


def _scores(y_score, name: str = "y_score") -> np.ndarray:
    """One score per case: a 1-D array, or a single column (n, 1) as scikit-learn passes it."""
    s = check_array(_as_numpy(y_score), name, ndim=(1, 2)).astype(np.float64)
    if s.ndim == 2:
        if s.shape[1] != 1:
            raise ValueError(f"{name} must hold one score per case (shape (n,) or (n, 1)), "
                             f"got shape {s.shape}")
        s = s[:, 0]
    return s


def _scores_and_labels(y_score, y) -> tuple[np.ndarray, np.ndarray]:
    s = _scores(y_score)
    labels = check_binary_labels(_as_numpy(y), "y")
    check_consistent_length(y_score=s, y=labels)
    if len(np.unique(labels)) < 2:
        only = "positives (1)" if labels[0] == 1 else "negatives (0)"
        raise ValueError(f"y holds only {only}: a calibrator needs both classes in the calibration split")
    return s, labels


# --------------------------------------------------------------------------- Platt scaling

class PlattCalibrator(BaseEstimator):
    """Platt scaling: ``p = sigmoid(a * score + b)``, fitted by maximum likelihood on a calibration split.

    A logistic regression with the old score as its only feature. For a model that is
    overconfident (probabilities too extreme), the slope ``a`` comes out below 1 and pulls
    the logits towards 0; an intercept ``b`` corrects a probability that is too high or
    too low on average. Fitted by Newton's method (two parameters) to the exact optimum.

    Parameters
    ----------
    platt_targets : bool, default True
        Replace the labels 1 and 0 by ``(n1 + 1) / (n1 + 2)`` and ``1 / (n0 + 2)`` (Platt,
        1999), as scikit-learn does: a little prior that keeps the fit finite when the scores
        separate the classes. False fits the plain labels.
    tol : float, default 1e-12
        Stop when the Newton decrement ``g^T H^-1 g`` per case falls below ``tol ** 2``.
    max_iter : int, default 100

    Attributes
    ----------
    coef_ : float
        The slope ``a``.
    intercept_ : float
        The intercept ``b``.
    n_iter_ : int
        Newton steps taken.

    Examples
    --------
    >>> scores = np.array([-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0, 4.0])
    >>> y = np.array([0, 0, 1, 0, 1, 0, 1, 1])
    >>> platt = PlattCalibrator().fit(scores, y)
    >>> round(platt.coef_, 4), round(platt.intercept_, 4)
    (0.3457, -0.1729)
    >>> platt.predict([0.0, 2.0]).round(3)
    array([0.457, 0.627])
    """

    def __init__(self, platt_targets: bool = True, tol: float = 1e-12, max_iter: int = 100):
        self.platt_targets = platt_targets
        self.tol = tol
        self.max_iter = max_iter

    def fit(self, y_score, y):
        """Fit ``a`` and ``b`` to the scores ``y_score`` (shape (n,) or (n, 1)) and labels ``y`` (0 and 1).

        Returns
        -------
        self

        Raises
        ------
        ValueError
            Bad input; a single class in ``y``; scores that are all equal (no slope to fit);
            with ``platt_targets=False``, scores that separate the classes (the likelihood
            then has no maximum).
        """
        if not isinstance(self.platt_targets, bool):
            raise TypeError(f"platt_targets must be True or False, got {self.platt_targets!r}")
        tol = check_scalar(self.tol, "tol", min_value=0, include_min=False)
        max_iter = check_scalar(self.max_iter, "max_iter", min_value=1, integer=True)
        s, labels = _scores_and_labels(y_score, y)
        if np.all(s == s[0]):
            raise ValueError("y_score holds one distinct value: Platt scaling needs scores that vary, "
                             "to fit a slope")
        n1 = labels.sum()
        n0 = len(labels) - n1
        if self.platt_targets:
            t = np.where(labels == 1, (n1 + 1) / (n1 + 2), 1 / (n0 + 2))
        else:
            if s[labels == 0].max() <= s[labels == 1].min() or s[labels == 1].max() <= s[labels == 0].min():
                raise ValueError("y_score separates the two classes, so the likelihood grows without end as "
                                 "the slope does: use platt_targets=True")
            t = labels
        X1 = np.column_stack([s, np.ones_like(s)])
        params = np.array([0.0, np.log((n1 + 1) / (n0 + 1))])  # scikit-learn's start: the prior's logit

        def loss(p):
            z = X1 @ p
            return float(np.sum(-t * log_expit(z) - (1 - t) * log_expit(-z)))

        current, n_iter = loss(params), 0
        for _ in range(max_iter):
            n_iter += 1
            z = X1 @ params
            p = expit(z)
            g = X1.T @ (p - t)
            H = (X1.T * (p * (1 - p))) @ X1
            delta = np.linalg.solve(H, g)
            decrement = float(g @ delta) / len(s)
            shrink = 1.0
            while True:  # a full Newton step, halved while it would raise the loss
                candidate = params - shrink * delta
                new = loss(candidate)
                if new <= current + 1e-15 * abs(current) or shrink < 1e-10:
                    break
                shrink /= 2
            params, current = candidate, new
            if decrement < tol**2:
                break
        else:
            warnings.warn(f"Platt scaling stopped after max_iter={max_iter} Newton steps before converging",
                          ConvergenceWarning, stacklevel=2)
        self.coef_, self.intercept_ = float(params[0]), float(params[1])
        self.n_iter_ = n_iter
        return self

    def predict(self, y_score) -> np.ndarray:
        """Calibrated probabilities ``sigmoid(coef_ * y_score + intercept_)``, shape (n,)."""
        check_is_fitted(self)
        return expit(self.coef_ * _scores(y_score) + self.intercept_)


# --------------------------------------------------------------------------- isotonic regression

class IsotonicCalibrator(BaseEstimator):
    """Isotonic regression: the non-decreasing function of the score that best fits the labels.

    Sorted by score, the labels are replaced by the closest non-decreasing sequence (least
    squares), found by pooling adjacent violators: wherever the running fraction of positives
    would go down, the neighbouring blocks are merged into their mean. Between the fitted
    points the calibrated probability is interpolated linearly; outside the calibration
    split's scores it is the first or last value. No shape is assumed, so it can fix any
    monotone miscalibration, but with few cases per block it is noisy, and a block of
    negatives only gives probability exactly 0 (and an infinite log-loss if a positive lands
    there later).

    Attributes
    ----------
    X_thresholds_, y_thresholds_ : numpy.ndarray
        The fitted points (score, probability) through which ``predict`` interpolates: the
        first and last score of each block of equal probability, as scikit-learn keeps them.
    X_min_, X_max_ : float
        The smallest and largest calibration score.

    Examples
    --------
    >>> iso = IsotonicCalibrator().fit([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [0, 1, 0, 0, 1, 1])
    >>> iso.y_thresholds_.round(3)
    array([0.   , 0.333, 0.333, 1.   , 1.   ])
    >>> iso.predict([0.0, 2.5, 5.5, 9.0]).round(3)
    array([0.   , 0.333, 1.   , 1.   ])
    """

    def __init__(self):
        pass

    def fit(self, y_score, y):
        """Fit the step function to scores ``y_score`` (shape (n,) or (n, 1)) and labels ``y`` (0 and 1).

        Returns
        -------
        self
        """
        s, labels = _scores_and_labels(y_score, y)
        distinct, inverse = np.unique(s, return_inverse=True)
        counts = np.bincount(inverse).astype(np.float64)
        share = np.bincount(inverse, weights=labels) / counts  # tied scores: their mean label
        fitted = pool_adjacent_violators(share, counts)
        # Keep the two ends of each run of equal values: interpolating through them is the same function.
        keep = np.ones(len(fitted), dtype=bool)
        keep[1:-1] = (fitted[1:-1] != fitted[:-2]) | (fitted[1:-1] != fitted[2:])
        self.X_thresholds_, self.y_thresholds_ = distinct[keep], fitted[keep]
        self.X_min_, self.X_max_ = float(distinct[0]), float(distinct[-1])
        return self

    def predict(self, y_score) -> np.ndarray:
        """Calibrated probabilities: linear interpolation through the fitted points, clipped at the ends."""
        check_is_fitted(self)
        return np.interp(_scores(y_score), self.X_thresholds_, self.y_thresholds_)


# --------------------------------------------------------------------------- temperature scaling

def _logits_and_labels(logits, y):
    Z = check_array(_as_numpy(logits), "logits", ndim=2).astype(np.float64)
    if Z.shape[1] < 2:
        raise ValueError(f"logits must have one column per class (at least 2), got shape {Z.shape}")
    labels = check_class_indices(_as_numpy(y), Z.shape[1], "y")
    check_consistent_length(logits=Z, y=labels)
    return Z, labels


class TemperatureScaling(BaseEstimator):
    """Temperature scaling: one number ``T > 0`` dividing every logit, ``p = softmax(z / T)``.

    ``T > 1`` softens the probabilities (an overconfident model), ``T < 1`` sharpens them.
    Dividing a row of logits by a positive number keeps its largest entry the largest, so the
    predicted classes, and the accuracy, do not change. ``T`` minimises the log-loss on a
    held-out split. In the inverse temperature ``beta = 1 / T`` the loss
    ``L(beta) = mean_i [logsumexp(beta z_i) - beta z_i,y_i]`` is convex, with

    ``L'(beta) = mean_i [sum_k p_ik z_ik - z_i,y_i]`` and ``L''(beta) = mean_i Var_{p_i}(z_i) >= 0``,

    so Newton's method on ``beta`` finds the one minimum in a few steps.

    Parameters
    ----------
    tol : float, default 1e-12
        Stop when the Newton step changes ``beta`` by less than ``tol`` times ``beta``.
    max_iter : int, default 100

    Attributes
    ----------
    temperature_ : float
    n_iter_ : int

    Examples
    --------
    >>> logits = np.array([[4.0, 0.0, 0.0], [0.0, 4.0, 0.0], [0.0, 0.0, 4.0], [4.0, 0.0, 0.0]])
    >>> y = np.array([0, 1, 2, 1])   # the last one is wrong, with confidence
    >>> ts = TemperatureScaling().fit(logits, y)
    >>> round(ts.temperature_, 3)
    2.232
    >>> ts.predict_proba(logits)[0].round(3)
    array([0.75 , 0.125, 0.125])
    >>> float(temperature_log_loss(logits, y, ts.temperature_)) < temperature_log_loss(logits, y, 1.0)
    True
    """

    def __init__(self, tol: float = 1e-12, max_iter: int = 100):
        self.tol = tol
        self.max_iter = max_iter

    @staticmethod
    def _loss_and_derivatives(Z, labels, beta):
        scaled = beta * Z
        log_norm = logsumexp(scaled, axis=1)
        p = np.exp(scaled - log_norm[:, None])
        mean_z = np.sum(p * Z, axis=1)
        true_z = Z[np.arange(len(Z)), labels]
        loss = float(np.mean(log_norm - beta * true_z))
        first = float(np.mean(mean_z - true_z))
        second = float(np.mean(np.sum(p * Z**2, axis=1) - mean_z**2))
        return loss, first, second

    def fit(self, logits, y):
        """Find ``T`` minimising the mean log-loss of ``softmax(logits / T)`` against the classes ``y``.

        Parameters
        ----------
        logits : array-like or torch tensor of shape (n, K)
            One row of logits (scores before softmax) per case, K >= 2.
        y : array-like or torch tensor of shape (n,)
            Class indices 0..K-1.

        Returns
        -------
        self

        Raises
        ------
        ValueError
            Bad input, or logits for which no finite positive temperature is best: logits
            that favour the true class no more than the others on average (the best
            temperature would be infinite), or that put every case's true class first (the
            loss keeps falling as ``T`` goes to 0).
        """
        tol = check_scalar(self.tol, "tol", min_value=0, include_min=False)
        max_iter = check_scalar(self.max_iter, "max_iter", min_value=1, integer=True)
        Z, labels = _logits_and_labels(logits, y)
        slope_at_zero = float(np.mean(Z.mean(axis=1) - Z[np.arange(len(Z)), labels]))
        if slope_at_zero >= 0:
            raise ValueError("the logits do not favour the true classes y over the others on average, so no "
                             "positive temperature beats uniform probabilities (T would be infinite): check "
                             "that logits and y belong together")
        beta, n_iter = 1.0, 0
        loss, first, second = self._loss_and_derivatives(Z, labels, beta)
        for _ in range(max_iter):
            n_iter += 1
            if second <= 0 or beta > 1e12:
                raise ValueError("the logits rank every case's true class first, so the log-loss keeps "
                                 "falling as the temperature goes to 0: there is no best temperature to fit")
            new_beta = beta - first / second
            if new_beta <= 0:
                new_beta = beta / 2  # stay at a positive temperature
            new_loss, new_first, new_second = self._loss_and_derivatives(Z, labels, new_beta)
            while new_loss > loss and abs(new_beta - beta) > tol * beta:  # convex: halving the step helps
                new_beta = (beta + new_beta) / 2
                new_loss, new_first, new_second = self._loss_and_derivatives(Z, labels, new_beta)
            converged = abs(new_beta - beta) <= tol * beta
            beta, loss, first, second = new_beta, new_loss, new_first, new_second
            if converged:
                break
        else:
            warnings.warn(f"temperature scaling stopped after max_iter={max_iter} Newton steps before "
                          "converging", ConvergenceWarning, stacklevel=2)
        self.temperature_ = 1.0 / beta
        self.n_iter_ = n_iter
        return self

    def predict_proba(self, logits) -> np.ndarray:
        """``softmax(logits / temperature_)``, shape (n, K)."""
        check_is_fitted(self)
        Z = check_array(_as_numpy(logits), "logits", ndim=2).astype(np.float64)
        return softmax(Z / self.temperature_, axis=1)

    def predict(self, logits) -> np.ndarray:
        """The predicted classes, ``argmax`` of the logits: the same at every temperature."""
        check_is_fitted(self)
        return np.argmax(check_array(_as_numpy(logits), "logits", ndim=2), axis=1)


def temperature_log_loss(logits, y, temperature):
    """The mean log-loss of ``softmax(logits / temperature)``: what temperature scaling minimises.

    Parameters
    ----------
    logits : array-like or torch tensor of shape (n, K)
    y : array-like or torch tensor of shape (n,)
        Class indices 0..K-1.
    temperature : float or array-like of floats, each > 0
        One temperature, or several (a grid) at once.

    Returns
    -------
    float, or numpy.ndarray with ``temperature``'s shape

    Examples
    --------
    >>> logits = [[2.0, 0.0], [0.0, 1.0], [3.0, 0.0]]
    >>> temperature_log_loss(logits, [0, 1, 1], [0.5, 1.0, 2.0]).round(4)
    array([2.0492, 1.1629, 0.8296])
    """
    Z, labels = _logits_and_labels(logits, y)
    T = check_array(temperature, "temperature", ndim=(0, 1), allow_bool=False).astype(np.float64)
    if np.any(T <= 0):
        bad = float(T.ravel()[T.ravel() <= 0][0])
        raise ValueError(f"temperature must be > 0 (the logits are divided by it), got {bad:g}")
    true_z = Z[np.arange(len(Z)), labels]
    losses = np.array([np.mean(logsumexp(Z / t, axis=1) - true_z / t) for t in np.atleast_1d(T)])
    return float(losses[0]) if T.ndim == 0 else losses


# --------------------------------------------------------------------------- ECE

def expected_calibration_error(y_true, y_prob, *, n_bins: int = 15) -> float:
    """The expected calibration error: the mean gap between confidence and accuracy, over bins.

    The predictions are put in ``n_bins`` bins of equal width on [0, 1] (bin ``k`` holds
    ``k / n_bins < p <= (k + 1) / n_bins``, and 0 goes to the first); in each bin, the gap
    between the mean prediction and how often it came true is weighted by the bin's share of
    the cases::

        ECE = sum_k (n_k / n) * |accuracy_k - confidence_k|

    Two readings, by the shape of ``y_prob``:

    - 1-D, the probability of class 1 (binary): ``confidence`` is that probability and
      ``accuracy`` the fraction of positives, the points of a reliability diagram
      (:func:`lrlib.metrics.calibration_curve`);
    - 2-D, one row of class probabilities per case (multiclass, Guo et al., 2017):
      ``confidence`` is the largest probability of a row and ``accuracy`` whether its class
      is ``y_true`` (the "top-label" ECE).

    Parameters
    ----------
    y_true : array-like of shape (n,)
        0 and 1 (1-D ``y_prob``) or class indices 0..K-1 (2-D).
    y_prob : array-like of shape (n,) or (n, K)
        Probabilities; each row of a 2-D one sums to 1.
    n_bins : int, default 15

    Returns
    -------
    float
        Between 0 (calibrated, bin by bin) and 1.

    Examples
    --------
    >>> expected_calibration_error([0, 1, 1, 1], [0.2, 0.6, 0.8, 0.9], n_bins=5)
    0.225
    >>> expected_calibration_error([0, 2], [[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]], n_bins=10)
    0.25
    """
    n_bins = check_scalar(n_bins, "n_bins", min_value=1, integer=True)
    p = check_probabilities(_as_numpy(y_prob), "y_prob", ndim=(1, 2)).astype(np.float64)
    if p.ndim == 1:
        outcome = check_binary_labels(_as_numpy(y_true), "y_true")
        check_consistent_length(y_true=outcome, y_prob=p)
        confidence = p
    else:
        if p.shape[1] < 2:
            raise ValueError(f"y_prob must have one column per class (at least 2), got shape {p.shape}")
        worst = float(np.max(np.abs(p.sum(axis=1) - 1)))
        if worst > 1e-6:
            raise ValueError(f"each row of y_prob must sum to 1 (class probabilities), but a row is off by "
                             f"{worst:.3g}: pass softmax probabilities, not logits")
        labels = check_class_indices(_as_numpy(y_true), p.shape[1], "y_true")
        check_consistent_length(y_true=labels, y_prob=p)
        confidence = p.max(axis=1)
        outcome = (p.argmax(axis=1) == labels).astype(np.float64)
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    bin_of = np.searchsorted(edges[1:-1], confidence)  # as lrlib.metrics.calibration_curve
    gap = np.abs(np.bincount(bin_of, weights=outcome, minlength=n_bins)
                 - np.bincount(bin_of, weights=confidence, minlength=n_bins))
    return float(np.sum(gap) / len(confidence))  # sum_k n_k/n |acc_k - conf_k| = sum_k |sum (y - p)| / n
