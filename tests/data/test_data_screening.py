"""lrlib.data.ScreeningStudy draws chapter 8's data, and each person's true probability is Bayes' rule."""

import numpy as np
import pytest
from scipy.stats import multivariate_normal

from lrlib import sigmoid
from lrlib.data import ScreeningStudy


def chapter_8(seed=0, n=10_000, d=6, prevalence=0.05):
    """Chapter 8's cell, as it is written there."""
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(d, d))
    cov = A @ A.T / d + 0.3 * np.eye(d)
    mu = rng.normal(size=d)
    mu *= 3.0 / np.sqrt(mu @ np.linalg.solve(cov, mu))
    w_true = np.linalg.solve(cov, mu)
    b_true = -0.5 * mu @ w_true + np.log(prevalence / (1 - prevalence))
    y = (rng.random(n) < prevalence).astype(int)
    X = rng.multivariate_normal(np.zeros(d), cov, size=n) + y[:, None] * mu
    return X, y, sigmoid(X @ w_true + b_true), rng


def test_the_first_sample_is_chapter_8s_data_and_the_generator_runs_on():
    X, y, p, rng = chapter_8()
    study = ScreeningStudy(seed=0)
    X2, y2, p2 = study.sample(10_000)
    assert np.array_equal(X, X2) and np.array_equal(y, y2) and np.array_equal(p, p2)
    assert np.array_equal(study.sample(3)[1], (rng.random(3) < 0.05).astype(int))


def test_the_true_probability_is_bayes_rule():
    study = ScreeningStudy(seed=3, n_features=3, prevalence=0.2, separation=2.0)
    X, _, p = study.sample(20)
    healthy = multivariate_normal(np.zeros(3), study.covariance).pdf(X)
    ill = multivariate_normal(study.shift, study.covariance).pdf(X)
    assert np.allclose(p, 0.2 * ill / (0.2 * ill + 0.8 * healthy), rtol=1e-9)
    assert study.shift @ np.linalg.solve(study.covariance, study.shift) == pytest.approx(4.0)


@pytest.mark.parametrize("kwargs, words", [
    ({"seed": -1}, "seed must be >= 0"), ({"prevalence": 1.0}, "prevalence must be < 1"),
    ({"separation": 0}, "separation must be > 0"), ({"n_features": 0}, "n_features must be >= 1"),
])
def test_bad_parameters_are_named(kwargs, words):
    with pytest.raises(ValueError, match=words):
        ScreeningStudy(**kwargs)
    with pytest.raises(ValueError, match="n_people must be >= 1"):
        ScreeningStudy().sample(0)
