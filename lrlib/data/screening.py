"""Chapter 8's simulated screening study: a rare condition and six correlated measurements.

The measurements of healthy people (``y = 0``) are Gaussian with mean 0 and a covariance
``Sigma``; those of people with the condition (``y = 1``) are the same Gaussian shifted by
``mu``. For such data Bayes' rule gives exactly a logistic model (linear discriminant
analysis's log-odds), so every person's *true* probability is known:

``P(y = 1 | x) = sigmoid(x^T w + b)``, ``w = Sigma^-1 mu``,
``b = -1/2 mu^T Sigma^-1 mu + ln(prevalence / (1 - prevalence))``.

:class:`ScreeningStudy` draws exactly what chapter 8 draws: with the same seed, its first
``sample(10_000)`` is chapter 8's data set, and later samples are new people from the same
population (the generator runs on).
"""

from __future__ import annotations

import numpy as np

from lrlib._validation import check_scalar
from lrlib.functions import sigmoid

__all__ = ["ScreeningStudy"]


class ScreeningStudy:
    """A population to draw screening data from, with each person's true probability.

    Parameters
    ----------
    seed : int >= 0, default 0
        Seeds the population (covariance and shift) and then every sample drawn.
    n_features : int, default 6
    prevalence : float in (0, 1), default 0.05
        The share of people with the condition.
    separation : float > 0, default 3.0
        The Mahalanobis distance ``sqrt(mu^T Sigma^-1 mu)`` between the two clouds: 3 means
        about 3 "standard deviations" apart.

    Attributes
    ----------
    covariance : numpy.ndarray of shape (n_features, n_features)
        ``A A^T / n_features + 0.3 I`` for a random matrix ``A``: correlated measurements.
    shift : numpy.ndarray of shape (n_features,)
        ``mu``, the mean of the people with the condition.
    w_true, b_true : numpy.ndarray, float
        The true log-odds ``x^T w_true + b_true``.

    Examples
    --------
    >>> study = ScreeningStudy(seed=0)
    >>> X, y, p_true = study.sample(10_000)   # chapter 8's data set
    >>> X.shape, int(y.sum())
    ((10000, 6), 499)
    >>> X_new, y_new, p_new = study.sample(5)   # five new people
    >>> p_new.round(3)
    array([0.001, 0.032, 0.   , 0.001, 0.   ])
    """

    def __init__(self, seed: int = 0, *, n_features: int = 6, prevalence: float = 0.05,
                 separation: float = 3.0):
        self.seed = check_scalar(seed, "seed", min_value=0, integer=True)
        d = check_scalar(n_features, "n_features", min_value=1, integer=True)
        self.prevalence = check_scalar(prevalence, "prevalence", min_value=0, max_value=1,
                                       include_min=False, include_max=False)
        separation = check_scalar(separation, "separation", min_value=0, include_min=False)
        self._rng = np.random.default_rng(self.seed)
        A = self._rng.normal(size=(d, d))
        self.covariance = A @ A.T / d + 0.3 * np.eye(d)
        mu = self._rng.normal(size=d)
        self.shift = mu * (separation / np.sqrt(mu @ np.linalg.solve(self.covariance, mu)))  # as chapter 8
        self.w_true = np.linalg.solve(self.covariance, self.shift)
        self.b_true = float(-0.5 * self.shift @ self.w_true + np.log(self.prevalence / (1 - self.prevalence)))

    def sample(self, n_people: int):
        """Draw ``n_people`` new people.

        Returns
        -------
        X : numpy.ndarray of shape (n_people, n_features)
        y : numpy.ndarray of int, shape (n_people,)
            1 for the condition.
        p_true : numpy.ndarray of shape (n_people,)
            Each person's true probability of the condition given ``X``.
        """
        n_people = check_scalar(n_people, "n_people", min_value=1, integer=True)
        y = (self._rng.random(n_people) < self.prevalence).astype(int)
        X = self._rng.multivariate_normal(np.zeros(len(self.shift)), self.covariance, size=n_people)
        X = X + y[:, None] * self.shift
        return X, y, sigmoid(X @ self.w_true + self.b_true)
