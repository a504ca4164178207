"""The functions of logistic regression: odds, logit, sigmoid, softmax and friends.

Every function accepts scalars or arrays, keeps float32 as float32 (float16 and
integers are computed in float64), and is exact where the textbook formula
overflows: ``sigmoid(-1000.0)`` is a tiny positive number (0.0 in floating point),
never a warning, ``inf`` or ``nan``.
"""

from __future__ import annotations

import numpy as np

from lrlib._kernels import log_sigmoid as _log_sigmoid
from lrlib._kernels import log_softmax as _log_softmax
from lrlib._kernels import logsumexp as _logsumexp
from lrlib._kernels import sigmoid as _sigmoid
from lrlib._kernels import softmax as _softmax
from lrlib._validation import check_array, check_axis, check_bool, check_probabilities, check_scalar

__all__ = [
    "generalized_logistic",
    "log_sigmoid",
    "log_softmax",
    "logit",
    "logsumexp",
    "odds",
    "relu",
    "relu_derivative",
    "sigmoid",
    "sigmoid_derivative",
    "softmax",
    "tanh",
    "tanh_derivative",
]


def _as_output(arr: np.ndarray):
    """Return a NumPy scalar for 0-d results so ``sigmoid(0.0)`` prints as ``0.5``."""
    return arr[()] if arr.ndim == 0 else arr


# --- public API ---


def odds(p):
    """Odds of an event with probability ``p``: ``p / (1 - p)``.

    Parameters
    ----------
    p : float or array-like
        Probabilities in [0, 1].

    Returns
    -------
    float or numpy.ndarray
        Odds in [0, inf]; ``p = 1`` gives ``inf`` (certain events have infinite odds).

    Examples
    --------
    >>> float(odds(0.8))  # 4 to 1
    4.000000000000001
    """
    p = check_probabilities(p, "p")
    with np.errstate(divide="ignore"):
        return _as_output(p / (1.0 - p))


def logit(p):
    """Log-odds ``ln(p / (1 - p))``, the inverse of :func:`sigmoid`.

    Computed as ``log(p) - log1p(-p)``, which keeps full precision for ``p``
    close to 0 or 1 where ``1 - p`` would round.

    Parameters
    ----------
    p : float or array-like
        Probabilities in [0, 1]. ``p = 0`` gives ``-inf`` and ``p = 1`` gives
        ``inf``, as in :func:`scipy.special.logit`.

    Returns
    -------
    float or numpy.ndarray

    Examples
    --------
    >>> float(logit(0.5))
    0.0
    >>> round(float(logit(0.8)), 4)
    1.3863
    """
    p = check_probabilities(p, "p")
    with np.errstate(divide="ignore"):
        return _as_output(np.log(p) - np.log1p(-p))


def sigmoid(z):
    """Logistic sigmoid ``1 / (1 + e^(-z))``, numerically stable.

    The naive formula overflows in ``e^(-z)`` for ``z < -709`` (float64); this
    version evaluates ``e^(-|z|)`` only, choosing the algebraically equal form
    ``e^z / (1 + e^z)`` for negative ``z``.

    Parameters
    ----------
    z : float or array-like
        Any finite real numbers.

    Returns
    -------
    float or numpy.ndarray
        Values in [0, 1], same shape and float precision as ``z``.

    Examples
    --------
    >>> float(sigmoid(0.0))
    0.5
    >>> float(sigmoid(-1000.0))
    0.0
    """
    z = check_array(z, "z", allow_empty=True)
    return _as_output(_sigmoid(z))


def log_sigmoid(z):
    """``log(sigmoid(z))`` without forming ``sigmoid(z)`` (which may round to 0).

    Examples
    --------
    >>> float(log_sigmoid(-1000.0))
    -1000.0
    """
    z = check_array(z, "z", allow_empty=True)
    return _as_output(_log_sigmoid(z))


def sigmoid_derivative(z):
    """Derivative of the sigmoid: ``sigmoid(z) * (1 - sigmoid(z))``.

    The derivative is even, so it is computed at ``-|z|``, where ``sigmoid`` is
    ``e^(-|z|) / (1 + e^(-|z|))`` and ``1 - sigmoid`` does not round to 0: exact in
    both tails (``sigmoid_derivative(40.0)`` is about ``4.25e-18``, not 0).

    Examples
    --------
    >>> float(sigmoid_derivative(0.0))
    0.25
    >>> float(sigmoid_derivative(40.0)) == float(sigmoid_derivative(-40.0))
    True
    """
    z = check_array(z, "z", allow_empty=True)
    s = _sigmoid(-np.abs(z))
    return _as_output(s * (1 - s))


def generalized_logistic(x, L: float = 1.0, k: float = 1.0, x0: float = 0.0):
    """The logistic curve ``L / (1 + e^(-k (x - x0)))``.

    Parameters
    ----------
    x : float or array-like
        Points at which to evaluate the curve.
    L : float, default 1.0
        The curve's maximum value (its upper asymptote).
    k : float, default 1.0
        Steepness; negative ``k`` mirrors the curve.
    x0 : float, default 0.0
        The midpoint, where the curve equals ``L / 2``.

    Returns
    -------
    float or numpy.ndarray

    Examples
    --------
    >>> float(generalized_logistic(2.0, L=10, k=3, x0=2.0))
    5.0
    """
    x = check_array(x, "x", allow_empty=True)
    L = check_scalar(L, "L")
    k = check_scalar(k, "k")
    x0 = check_scalar(x0, "x0")
    # k * (x - x0) may exceed the float range; sigmoid of +-inf is exactly 1 or 0.
    with np.errstate(over="ignore", invalid="ignore"):
        z = k * (x - x0)
    z = np.nan_to_num(z, nan=0.0)  # only 0 * inf, i.e. k == 0
    return _as_output((L * _sigmoid(z)).astype(x.dtype, copy=False))


def tanh(z):
    """Hyperbolic tangent, ``2 * sigmoid(2z) - 1``, with values in (-1, 1).

    Examples
    --------
    >>> float(tanh(0.0))
    0.0
    """
    z = check_array(z, "z", allow_empty=True)
    return _as_output(np.tanh(z))


def tanh_derivative(z):
    """Derivative of tanh: ``1 - tanh(z)^2``.

    Computed as ``4 t / (1 + t)^2`` with ``t = e^(-2|z|)``, the same number written so
    that nothing cancels: ``1 - tanh(z)^2`` rounds to 0 once ``tanh(z)`` rounds to 1
    (``|z| > 19`` in float64), while the derivative is still about ``4 e^(-2|z|)``
    (``tanh_derivative(20.0)`` is about ``1.7e-17``, not 0).

    Examples
    --------
    >>> float(tanh_derivative(0.0))
    1.0
    >>> float(tanh_derivative(20.0)) > 0 and float(tanh_derivative(20.0)) == float(tanh_derivative(-20.0))
    True
    """
    z = check_array(z, "z", allow_empty=True)
    t = np.exp(-2 * np.abs(z))  # in (0, 1]: no overflow at any |z|
    return _as_output(4 * t / (1 + t) ** 2)


def relu(z):
    """Rectified linear unit, ``max(0, z)``.

    Examples
    --------
    >>> relu([-2.0, 0.0, 3.0])
    array([0., 0., 3.])
    """
    z = check_array(z, "z", allow_empty=True)
    return _as_output(np.maximum(z, 0).astype(z.dtype, copy=False))


def relu_derivative(z):
    """Derivative of ReLU: 1 where ``z > 0``, else 0 (0 at the kink, by convention).

    Examples
    --------
    >>> relu_derivative([-2.0, 0.0, 3.0])
    array([0., 0., 1.])
    """
    z = check_array(z, "z", allow_empty=True)
    return _as_output((z > 0).astype(z.dtype))


def logsumexp(z, axis: int = -1, keepdims: bool = False):
    """``log(sum(exp(z)))`` along ``axis``, without overflow.

    Uses ``logsumexp(z) = m + log(sum(exp(z - m)))`` with ``m = max(z)``.

    Parameters
    ----------
    z : array-like
        Finite scores, at least 1-dimensional.
    axis : int, default -1
        Axis to reduce.
    keepdims : bool, default False
        Keep the reduced axis with length 1.

    Examples
    --------
    >>> float(logsumexp([1000.0, 1000.0]))  # 1000 + ln 2
    1000.6931471805599
    """
    keepdims = check_bool(keepdims, "keepdims")
    z = check_array(z, "z", ndim=tuple(range(1, 33)))
    axis = check_axis(axis, z.ndim)
    return _as_output(_logsumexp(z, axis=axis, keepdims=bool(keepdims)))


def softmax(z, axis: int = -1):
    """Softmax ``exp(z_k) / sum_j exp(z_j)`` along ``axis``, without overflow.

    Parameters
    ----------
    z : array-like
        Finite scores, at least 1-dimensional; for a batch, one row per sample.
    axis : int, default -1
        The axis that holds the classes.

    Returns
    -------
    numpy.ndarray
        Non-negative values that sum to 1 along ``axis``.

    Examples
    --------
    >>> softmax([1000.0, 1000.0])
    array([0.5, 0.5])
    >>> softmax([-1e308, 1e308])  # the scores' difference exceeds the float range: still exact
    array([0., 1.])
    """
    z = check_array(z, "z", ndim=tuple(range(1, 33)))
    return _softmax(z, axis=check_axis(axis, z.ndim))


def log_softmax(z, axis: int = -1):
    """``log(softmax(z))`` computed as ``z - logsumexp(z)``: exact where softmax rounds to 0.

    Computed from the shifted scores ``z - max(z)``, so nothing cancels at large ``|z|``.
    An entry whose exact value is below the float range (scores spanning more than
    about 1.8e308) is ``-inf``, without a warning.

    Examples
    --------
    >>> log_softmax([0.0, 1000.0])
    array([-1000.,     0.])
    """
    z = check_array(z, "z", ndim=tuple(range(1, 33)))
    return _log_softmax(z, axis=check_axis(axis, z.ndim))
