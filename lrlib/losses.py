"""Loss functions and their gradients.

Classification losses come in two forms: from probabilities (what the maths on
the page uses) and from logits, the raw scores ``z = Xw + b`` (what you should
train with). The logit form never computes ``log(sigmoid(z))`` through a
rounded probability, so it stays exact at any ``|z|``.
"""

from __future__ import annotations

import numpy as np

from lrlib._kernels import binary_cross_entropy_gradient as _binary_cross_entropy_gradient
from lrlib._kernels import binary_cross_entropy_with_logits as _binary_cross_entropy_with_logits
from lrlib._kernels import cross_entropy as _cross_entropy
from lrlib._kernels import cross_entropy_gradient as _cross_entropy_gradient
from lrlib._validation import (
    check_array,
    check_binary_labels,
    check_class_indices,
    check_consistent_length,
    check_scalar,
    check_targets_and_predictions,
)

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_gradient",
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "cross_entropy_gradient",
    "log_likelihood",
    "mean_absolute_error",
    "mean_squared_error",
    "one_hot",
]


def _clip_probabilities(p: np.ndarray) -> np.ndarray:
    # log(0) = -inf: clip to [eps, 1 - eps] of p's own precision, as
    # sklearn.metrics.log_loss does, so a confident wrong answer costs a large
    # but finite amount (about 36 in float64, 16 in float32).
    eps = np.finfo(p.dtype).eps
    return np.clip(p, eps, 1 - eps)


# one_hot refuses outputs larger than this many entries (1 GiB of float64)
_MAX_ONE_HOT_ENTRIES = 2**27


def _finite(value, what: str, dtype) -> float:
    """``value`` as a float, or a named error where the exact value is beyond the float range."""
    if not np.isfinite(value):
        raise ValueError(f"{what} exceeds the largest {np.dtype(dtype)} ({np.finfo(dtype).max:.3g}): "
                         "the inputs are too large")
    return float(value)


def _mean_error(y: np.ndarray, pred: np.ndarray, power: int, what: str) -> float:
    """``mean(|y - pred|^power)``, also where a difference, power or sum exceeds the float range."""
    with np.errstate(over="ignore"):
        mean = np.mean(np.abs(y - pred) ** power)
        if not np.isfinite(mean):  # in float64 (the result's type), each error scaled by n^(-1/power)
            y, pred = y.astype(np.float64), pred.astype(np.float64)
            scale = len(y) ** (1 / power)
            mean = np.sum(np.abs(y / scale - pred / scale) ** power)
    return _finite(mean, what, np.float64)


def log_likelihood(y_true, p):
    """Bernoulli log-likelihood ``sum_i y_i log p_i + (1 - y_i) log(1 - p_i)``.

    A product of many probabilities underflows to 0.0; the sum of their logs
    does not, which is why maximum likelihood is done on this sum.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Observed labels, 0 or 1.
    p : array-like of shape (n_samples,)
        Predicted probabilities of label 1. Clipped to ``[eps, 1 - eps]`` as in
        :func:`binary_cross_entropy`, so the result is finite.

    Returns
    -------
    float
        A number <= 0; larger is a better fit.

    Examples
    --------
    >>> round(log_likelihood([1, 0], [0.8, 0.4]), 4)  # ln 0.8 + ln 0.6
    -0.734
    """
    y, p = check_targets_and_predictions(y_true, p, "p", probabilities=True)
    p = _clip_probabilities(p)
    return float(np.sum(y * np.log(p) + (1 - y) * np.log1p(-p)))


def binary_cross_entropy(y_true, p):
    """Binary cross-entropy (log-loss) from probabilities: ``-log_likelihood / n``.

    Matches :func:`sklearn.metrics.log_loss`, including its clipping of ``p``
    to ``[eps, 1 - eps]``.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Labels, 0 or 1.
    p : array-like of shape (n_samples,)
        Predicted probabilities of label 1.

    Returns
    -------
    float

    Examples
    --------
    >>> round(binary_cross_entropy([1, 0], [0.8, 0.4]), 4)
    0.367
    """
    y, p = check_targets_and_predictions(y_true, p, "p", probabilities=True)
    p = _clip_probabilities(p)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log1p(-p)))


def binary_cross_entropy_with_logits(y_true, z):
    """Binary cross-entropy from scores ``z`` (logits), exact for any finite ``z``.

    Uses ``-log sigmoid(z) = log(1 + e^(-z))`` and ``-log(1 - sigmoid(z)) =
    log(1 + e^z)``, each evaluated without overflow. Matches
    :func:`torch.nn.functional.binary_cross_entropy_with_logits`.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Labels, 0 or 1.
    z : array-like of shape (n_samples,)
        Scores; the predicted probability is ``sigmoid(z)``.

    Returns
    -------
    float

    Examples
    --------
    >>> binary_cross_entropy_with_logits([0], [1000.0])  # the from-p version stops at ~36
    1000.0
    """
    y, z = check_targets_and_predictions(y_true, z, "z", probabilities=False)
    return _binary_cross_entropy_with_logits(y, z)  # <= max |z| + log 2: always finite


def _check_design(X, y_true, w, b, *, multiclass: bool):
    X = check_array(X, "X", ndim=2)
    w_name = "W" if multiclass else "w"  # the public functions' own argument names
    w = check_array(w, w_name, ndim=2 if multiclass else 1)
    # W has one row per class and one column per feature (scikit-learn's coef_); w one entry per feature
    if w.shape[-1] != X.shape[1]:
        raise ValueError(
            f"{w_name} must have one {'column' if multiclass else 'entry'} per feature: X has {X.shape[1]} "
            f"features, {w_name} has shape {w.shape}"
        )
    if multiclass:
        n_classes = w.shape[0]
        b = check_array(b, "b", ndim=1)
        if b.shape != (n_classes,):
            raise ValueError(f"b must have shape ({n_classes},) to match W, got {b.shape}")
        y = check_class_indices(y_true, n_classes, "y_true")
    else:
        b = check_array(b, "b", ndim=0)
        y = check_binary_labels(y_true, "y_true")
    check_consistent_length(X=X, y_true=y)
    return X, y, w, b


def binary_cross_entropy_gradient(X, y_true, w, b):
    """Gradient of the mean binary cross-entropy of ``sigmoid(X w + b)``.

    ``dL/dw = X^T (sigmoid(X w + b) - y) / n`` and ``dL/db = mean(sigmoid(X w + b) - y)``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y_true : array-like of shape (n_samples,)
        Labels, 0 or 1.
    w : array-like of shape (n_features,)
    b : float

    Returns
    -------
    grad_w : numpy.ndarray of shape (n_features,)
    grad_b : float

    Examples
    --------
    >>> gw, gb = binary_cross_entropy_gradient([[1.0], [2.0]], [1, 0], [0.0], 0.0)
    >>> gw, gb
    (array([0.25]), 0.0)
    """
    X, y, w, b = _check_design(X, y_true, w, b, multiclass=False)
    return _binary_cross_entropy_gradient(X, y, X @ w + b)


def one_hot(y, n_classes: int):
    """One-hot encode class indices: row ``i`` has a 1 in column ``y[i]``.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        Class indices 0..n_classes-1.
    n_classes : int
        Number of classes (columns), at least 1; the result may hold at most
        2**27 entries (1 GiB).

    Returns
    -------
    numpy.ndarray of shape (n_samples, n_classes)

    Examples
    --------
    >>> one_hot([0, 2], 3)
    array([[1., 0., 0.],
           [0., 0., 1.]])
    """
    n_classes = check_scalar(n_classes, "n_classes", min_value=1, integer=True)
    y = check_class_indices(y, n_classes, "y")
    if len(y) * n_classes > _MAX_ONE_HOT_ENTRIES:
        raise ValueError(f"n_classes={n_classes} with {len(y)} labels would make a one-hot array of "
                         f"{len(y) * n_classes:.3g} entries, more than the {_MAX_ONE_HOT_ENTRIES} "
                         "lrlib allows: is n_classes right?")
    out = np.zeros((len(y), n_classes))
    out[np.arange(len(y)), y] = 1.0
    return out


def cross_entropy(y_true, Z):
    """Multiclass cross-entropy from scores (logits), exact for any finite scores.

    ``-mean_i log softmax(Z_i)[y_i]``, computed by :func:`lrlib.log_softmax` from the
    shifted scores ``Z_i - max(Z_i)``: no probability that could round to 0, and no
    cancellation between two huge numbers (``logsumexp(Z_i) - Z_i[y_i]`` gives 0.0
    instead of ``log 2`` for scores ``[1e17, 1e17]``). Matches
    :func:`torch.nn.functional.cross_entropy` and, on ``softmax(Z)``,
    :func:`sklearn.metrics.log_loss`.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        Class indices 0..K-1.
    Z : array-like of shape (n_samples, K)
        Scores, one column per class.

    Returns
    -------
    float

    Examples
    --------
    >>> round(cross_entropy([0], [[2.0, 0.0, 0.0]]), 4)
    0.2395
    """
    Z = check_array(Z, "Z", ndim=2)
    y = check_class_indices(y_true, Z.shape[1], "y_true")
    check_consistent_length(y_true=y, Z=Z)
    # finite unless the scores of a row differ by more than the float range
    return _finite(_cross_entropy(y, Z), "the cross-entropy of these scores Z", Z.dtype)


def cross_entropy_gradient(X, y_true, W, b):
    """Gradient of the mean cross-entropy of ``softmax(X W^T + b)``.

    ``dL/dW = (P - Y)^T X / n`` and ``dL/db = mean(P - Y)`` over samples, with
    ``P = softmax(X W^T + b)`` and ``Y`` the one-hot targets. ``W`` has one row
    per class, the layout of scikit-learn's ``coef_``, of
    :class:`lrlib.SoftmaxRegression`'s and of PyTorch's ``nn.Linear.weight``.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y_true : array-like of shape (n_samples,)
        Class indices 0..K-1.
    W : array-like of shape (K, n_features)
    b : array-like of shape (K,)

    Returns
    -------
    grad_W : numpy.ndarray of shape (K, n_features)
    grad_b : numpy.ndarray of shape (K,)

    Examples
    --------
    >>> gW, gb = cross_entropy_gradient([[1.0]], [0], [[0.0], [0.0]], [0.0, 0.0])
    >>> gW
    array([[-0.5],
           [ 0.5]])
    """
    X, y, W, b = _check_design(X, y_true, W, b, multiclass=True)
    grad_W, grad_b = _cross_entropy_gradient(X, y, X @ W.T + b)
    return grad_W.T, grad_b


def _check_regression(y_true, y_pred):
    y = check_array(y_true, "y_true", ndim=1)
    pred = check_array(y_pred, "y_pred", ndim=1)
    check_consistent_length(y_true=y, y_pred=pred)
    return y, pred


def mean_squared_error(y_true, y_pred):
    """Mean squared error ``mean((y_true - y_pred)^2)``, the regression loss.

    Examples
    --------
    >>> mean_squared_error([1.0, 2.0], [1.0, 4.0])
    2.0
    """
    y, pred = _check_regression(y_true, y_pred)
    return _mean_error(y, pred, 2, "the mean squared error")


def mean_absolute_error(y_true, y_pred):
    """Mean absolute error ``mean(|y_true - y_pred|)``: less swayed by outliers than MSE.

    Examples
    --------
    >>> mean_absolute_error([1.0, 2.0], [1.0, 4.0])
    1.0
    """
    y, pred = _check_regression(y_true, y_pred)
    return _mean_error(y, pred, 1, "the mean absolute error")
