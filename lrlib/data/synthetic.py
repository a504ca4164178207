"""Small synthetic data sets, drawn from a known model with a fixed seed.

Because the true parameters are known, a chapter can show how close an
estimate gets to them.
"""

from __future__ import annotations

import numpy as np

from lrlib._kernels import sigmoid
from lrlib._validation import check_scalar

__all__ = ["make_binary_1d", "make_blobs_2d"]


def make_binary_1d(n_samples: int = 100, b0: float = -1.0, b1: float = 2.0, *, seed: int = 0):
    """One feature ``x ~ N(0, 1)`` and labels ``y ~ Bernoulli(sigmoid(b0 + b1 x))``.

    Parameters
    ----------
    n_samples : int, default 100
    b0, b1 : float
        True intercept and slope of the log-odds.
    seed : int >= 0, default 0

    Returns
    -------
    x : numpy.ndarray of shape (n_samples,)
    y : numpy.ndarray of shape (n_samples,), values 0.0 and 1.0

    Examples
    --------
    >>> x, y = make_binary_1d(5, seed=1)
    >>> x.shape, sorted(set(y.tolist())) <= [0.0, 1.0]
    ((5,), True)
    """
    n_samples = check_scalar(n_samples, "n_samples", min_value=1, integer=True)
    b0 = check_scalar(b0, "b0")
    b1 = check_scalar(b1, "b1")
    rng = np.random.default_rng(check_scalar(seed, "seed", min_value=0, integer=True))
    x = rng.normal(size=n_samples)
    y = (rng.random(n_samples) < sigmoid(b0 + b1 * x)).astype(float)
    return x, y


def make_blobs_2d(
    n_samples: int = 200, n_classes: int = 2, *, spread: float = 1.0, seed: int = 0
):
    """Gaussian clouds in the plane, one per class, centred on a circle of radius 3.

    Parameters
    ----------
    n_samples : int, default 200
        Total number of points, split as evenly as possible between classes.
    n_classes : int, default 2
    spread : float, default 1.0
        Standard deviation of each cloud; larger means more overlap.
    seed : int >= 0, default 0

    Returns
    -------
    X : numpy.ndarray of shape (n_samples, 2)
    y : numpy.ndarray of shape (n_samples,), int64 class indices 0..n_classes-1

    Examples
    --------
    >>> X, y = make_blobs_2d(6, 3, seed=0)
    >>> X.shape, y.tolist()
    ((6, 2), [0, 0, 1, 1, 2, 2])
    """
    n_samples = check_scalar(n_samples, "n_samples", min_value=1, integer=True)
    n_classes = check_scalar(n_classes, "n_classes", min_value=2, integer=True)
    spread = check_scalar(spread, "spread", min_value=0, include_min=False)
    rng = np.random.default_rng(check_scalar(seed, "seed", min_value=0, integer=True))
    y = np.sort(np.arange(n_samples) % n_classes)
    angles = 2 * np.pi * np.arange(n_classes) / n_classes
    centres = 3.0 * np.column_stack([np.cos(angles), np.sin(angles)])
    X = centres[y] + spread * rng.normal(size=(n_samples, 2))
    return X, y.astype(np.int64)
