"""Chapter 12 checkers beyond the table-driven test (which also feeds them odd answers): other correct
versions pass, the references are scikit-learn's, autograd's and scipy's, random comparisons are consistent."""

import inspect

import numpy as np
import pytest
import scipy.stats
from sklearn.isotonic import isotonic_regression
from sklearn.metrics import roc_auc_score

from lrlib.checks.ch12_how_sure_are_we import (
    _gradient_with,
    _pool_adjacent_violators,
    _random_readings,
    _verdict,
    check_paired_auc_differences,
    check_pool_adjacent_violators,
    check_reading_the_comparison,
)


def test_other_correct_versions_pass():
    def all_rows_at_once(y_true, score_a, score_b, n_resamples, seed):
        rows = np.random.default_rng(seed).integers(0, len(y_true), size=(n_resamples, len(y_true)))
        return np.array([roc_auc_score(y_true[r], score_b[r]) - roc_auc_score(y_true[r], score_a[r]) for r in rows])

    assert check_paired_auc_differences(all_rows_at_once)
    assert check_pool_adjacent_violators(lambda v: list(_pav_by_blocks_of_means(v)))
    assert check_reading_the_comparison(lambda c: float(np.sign(c["difference"])) if c["delong_p"] < 0.05 else 0)


def _pav_by_blocks_of_means(values):
    blocks = []  # [mean, count]
    for value in values:
        blocks.append([float(value), 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            mean, count = blocks.pop()
            blocks[-1] = [(blocks[-1][0] * blocks[-1][1] + mean * count) / (blocks[-1][1] + count),
                          blocks[-1][1] + count]
    return np.repeat([m for m, _ in blocks], [c for _, c in blocks])


@pytest.mark.parametrize("seed", range(20))
def test_the_pool_adjacent_violators_reference_is_scikit_learns(seed):
    values = np.random.default_rng(seed).normal(size=15)
    assert np.allclose(_pool_adjacent_violators(values), isotonic_regression(values), rtol=0, atol=1e-12)


def test_the_temperature_gradient_reference_is_autograds():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    for temperature in [0.4, 1.0, 3.0]:
        logits, y = rng.normal(scale=2.0, size=(9, 4)), rng.integers(0, 4, size=9)
        t = torch.tensor(temperature, dtype=torch.float64, requires_grad=True)
        loss = torch.nn.functional.cross_entropy(torch.tensor(logits) / t, torch.tensor(y))
        (autograd,) = torch.autograd.grad(loss, t)
        assert abs(_gradient_with()(logits, y, temperature) - autograd.item()) < 1e-12


@pytest.mark.parametrize("seed", range(10))
def test_random_comparisons_are_consistent(seed):
    # the paired interval and DeLong's p-value agree, and every significant case's separate intervals overlap
    for (comparison,) in _random_readings(np.random.default_rng(seed)):
        low, high = comparison["paired_interval"]
        assert (comparison["delong_p"] < 0.05) == (high < 0 or low > 0)
        assert low < comparison["difference"] < high
        (low_a, high_a), (low_b, high_b) = comparison["interval_a"], comparison["interval_b"]
        assert low_a <= high_b and low_b <= high_a and 0 <= min(low_a, low_b) and max(high_a, high_b) <= 1
    assert {_verdict(c) for (c,) in _random_readings(np.random.default_rng(seed))} == {-1, 0, 1}


@pytest.mark.skipif("rng" not in inspect.signature(scipy.stats.bootstrap).parameters,
                    reason="scipy.stats.bootstrap takes rng from scipy 1.15 (the oldest track's has random_state)")
def test_the_paired_reference_draws_scipys_resamples():
    rng = np.random.default_rng(3)
    y = np.r_[np.zeros(20), np.ones(20)]
    a, b = y + rng.normal(size=40), y + rng.normal(size=40)
    ours = check_paired_auc_differences.__globals__["PAIRED_AUC_DIFFERENCES"]._reference(y, a, b, 30, 7)
    theirs = scipy.stats.bootstrap((y, a, b), lambda yy, aa, bb: roc_auc_score(yy, bb) - roc_auc_score(yy, aa),
                                   paired=True, vectorized=False, n_resamples=30, method="percentile",
                                   rng=np.random.default_rng(7)).bootstrap_distribution
    assert np.allclose(ours, theirs, rtol=0, atol=1e-12)
