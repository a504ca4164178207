"""lrlib.model_selection: k-fold splits equal to scikit-learn's KFold, the CV loop to cross_val_score."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.datasets import make_moons
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold, cross_val_score

from lrlib import LogisticRegressionGD
from lrlib.model_selection import cross_validated_log_loss, kfold_indices


@given(n_samples=st.integers(2, 60), data=st.data(), shuffle=st.booleans(), seed=st.integers(0, 2**31 - 1))
def test_kfold_indices_are_scikit_learns_kfold(n_samples, data, shuffle, seed):
    n_folds = data.draw(st.integers(2, n_samples))
    ours = kfold_indices(n_samples, n_folds, shuffle=shuffle, random_state=seed if shuffle else None)
    splitter = KFold(n_folds, shuffle=shuffle, random_state=seed if shuffle else None)
    theirs = list(splitter.split(np.zeros(n_samples)))
    assert len(ours) == n_folds
    for (train, validation), (train_ref, validation_ref) in zip(ours, theirs, strict=True):
        np.testing.assert_array_equal(train, train_ref)
        np.testing.assert_array_equal(validation, validation_ref)
    # a partition: each sample validated once, trained on in the other folds
    counts = np.bincount(np.concatenate([v for _, v in ours]), minlength=n_samples)
    assert np.all(counts == 1)


def test_cross_validated_log_loss_is_cross_val_score():
    X, y = make_moons(60, noise=0.3, random_state=0)
    folds = kfold_indices(60, 5, shuffle=True, random_state=1)
    ours = cross_validated_log_loss(LogisticRegression(C=0.5), X, y, folds)
    theirs = -cross_val_score(LogisticRegression(C=0.5), X, y, cv=folds, scoring="neg_log_loss")
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)


def test_cross_validated_log_loss_does_not_fit_the_given_estimator():
    X, y = make_moons(40, noise=0.3, random_state=0)
    model = LogisticRegressionGD(alpha=0.1, random_state=0)
    losses = cross_validated_log_loss(model, X, y, kfold_indices(40, 4))
    assert losses.shape == (4,) and np.all(losses > 0) and not hasattr(model, "coef_")


@pytest.mark.parametrize("n_samples, n_folds, error, words", [
    (5, 6, ValueError, "n_folds=6 is more than n_samples=5"),
    (5, 1, ValueError, "n_folds must be >= 2"),
    (5.5, 2, TypeError, "n_samples must be an integer"),
    (5, "3", TypeError, "n_folds must be an integer"),
])
def test_kfold_indices_rejects_bad_input(n_samples, n_folds, error, words):
    with pytest.raises(error, match=words):
        kfold_indices(n_samples, n_folds)


def test_kfold_indices_rejects_a_non_boolean_shuffle():
    with pytest.raises(TypeError, match="shuffle must be True or False"):
        kfold_indices(10, 2, shuffle="yes")


def test_cross_validated_log_loss_rejects_bad_input():
    X, y = make_moons(20, random_state=0)
    with pytest.raises(TypeError, match="predict_proba"):
        cross_validated_log_loss(object(), X, y, kfold_indices(20, 2))
    with pytest.raises(ValueError, match="same number of samples"):
        cross_validated_log_loss(LogisticRegression(), X, y[:-1], kfold_indices(20, 2))
    with pytest.raises(ValueError, match="folds is empty"):
        cross_validated_log_loss(LogisticRegression(), X, y, [])
