"""Synthetic data sets are reproducible and follow the model they claim."""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from lrlib.data import make_binary_1d, make_blobs_2d


# scikit-learn 1.8.0 (the floor) warns that C is ignored when C=np.inf, its own spelling of
# "no penalty" from 1.8 (1.9.1 warns only for an explicit penalty=None)
@pytest.mark.filterwarnings("ignore:Setting penalty=None will ignore the C:UserWarning")
def test_binary_1d_is_seeded_and_recovers_its_parameters():
    x, y = make_binary_1d(20_000, b0=-1.0, b1=2.0, seed=3)
    x2, y2 = make_binary_1d(20_000, b0=-1.0, b1=2.0, seed=3)
    np.testing.assert_array_equal(x, x2)
    np.testing.assert_array_equal(y, y2)
    fit = LogisticRegression(C=np.inf).fit(x[:, None], y)
    assert fit.intercept_[0] == pytest.approx(-1.0, abs=0.1)
    assert fit.coef_[0, 0] == pytest.approx(2.0, abs=0.1)


def test_blobs_are_balanced_and_separable_when_tight():
    X, y = make_blobs_2d(300, 3, spread=0.3, seed=0)
    assert np.bincount(y).tolist() == [100, 100, 100]
    assert LogisticRegression().fit(X, y).score(X, y) == 1.0


@pytest.mark.parametrize("kwargs, message", [
    ({"n_samples": 0}, "n_samples"), ({"n_classes": 1}, "n_classes"), ({"spread": -1.0}, "spread"),
])
def test_blobs_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        make_blobs_2d(**kwargs)


@pytest.mark.parametrize("make", [make_binary_1d, make_blobs_2d])
@pytest.mark.parametrize("seed, error, words", [
    ("x", TypeError, "seed must be an integer, got str 'x'"),
    (1.5, TypeError, "seed must be an integer, got 1.5"),
    (True, TypeError, "seed must be an integer, got bool True"),
    (-1, ValueError, "seed must be >= 0, got -1"),
])
def test_a_bad_seed_is_named(make, seed, error, words):
    # issue 26 (the class of 6): numpy's "SeedSequence expects int or sequence of ints" named no
    # argument, and True was taken as the seed 1
    with pytest.raises(error) as info:
        make(10, seed=seed)
    assert words in str(info.value)
