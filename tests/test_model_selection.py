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


# --- issue 26 (5, 6, 11): folds and random_state are checked and named ------------------------

@pytest.mark.parametrize("folds, error, words", [
    ([(np.arange(10), np.arange(10, 25))], ValueError, "folds[0]'s validation indices must be in 0..19 (there are 20"),
    ([(np.arange(10), np.array([-1, 12]))], ValueError, "must be in 0..19"),
    ([(np.arange(10.0), np.arange(10, 20))], TypeError, "folds[0]'s train indices must be integers"),
    ([(np.arange(20) < 10, np.arange(20) >= 10)], TypeError, "must be integers (sample numbers), got dtype bool"),
    ([(np.arange(10), np.array([], dtype=int))], ValueError, "folds[0]'s validation indices are empty"),
    ([(np.arange(10), [])], ValueError, "validation indices are empty"),
    ([(np.arange(10), np.arange(10, 20)), (np.arange(5), np.arange(5, 10), np.arange(3))], ValueError,
     "folds[1] must be a (train, validation) pair"),
    ([(np.arange(12), np.arange(10, 20))], ValueError, "folds[0] trains and validates on the same sample(s), e.g. [10, 11]"),
    ([(np.arange(10)[:, None], np.arange(10, 20))], ValueError, "must be 1-dimensional"),
    (5, TypeError, "folds must be a sequence of (train, validation) index pairs, got int"),
])
def test_cross_validated_log_loss_checks_folds(folds, error, words):
    X, y = make_moons(20, noise=0.3, random_state=0)
    with pytest.raises(error) as info:
        cross_validated_log_loss(LogisticRegression(), X, y, folds)
    assert words in str(info.value)


def test_cross_validated_log_loss_takes_a_generator_of_folds():
    X, y = make_moons(40, noise=0.3, random_state=0)
    from_generator = cross_validated_log_loss(LogisticRegression(), X, y, KFold(4).split(X))
    np.testing.assert_array_equal(from_generator, cross_validated_log_loss(LogisticRegression(), X, y, kfold_indices(40, 4)))


@pytest.mark.parametrize("random_state, error, words", [
    ("x", TypeError, "random_state must be None, an integer or a numpy RandomState, got str 'x'"),
    (1.5, TypeError, "random_state must be None, an integer"),
    (True, TypeError, "random_state must be None, an integer"),
    (-1, ValueError, "random_state must be in 0..2**32 - 1"),
])
def test_kfold_indices_names_a_bad_random_state(random_state, error, words):
    with pytest.raises(error) as info:
        kfold_indices(10, 2, shuffle=True, random_state=random_state)
    assert words in str(info.value)


def test_kfold_indices_refuses_a_seed_without_a_shuffle_as_scikit_learn_does():
    with pytest.raises(ValueError, match=r"random_state=0 has no effect without a shuffle"):
        kfold_indices(10, 2, random_state=0)
    with pytest.raises(ValueError, match="no effect"):
        KFold(2, random_state=0)  # the reference refuses it too
    rng = np.random.RandomState(3)
    np.testing.assert_array_equal(kfold_indices(10, 2, shuffle=True, random_state=rng)[0][1],
                                  next(KFold(2, shuffle=True, random_state=np.random.RandomState(3)).split(range(10)))[1])
