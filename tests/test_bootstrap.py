"""lrlib.bootstrap against scipy.stats.bootstrap (same resamples: intervals to 1e-10) and MLstatkit (DeLong, 1e-8).

scipy's bootstrap with ``paired=True`` resamples the case numbers ``rng.integers(0, n, (batch, n))``
from the generator it is given; lrlib draws the same numbers, so with the same seed both see the
same resamples, and the percentile and BCa intervals, the distribution and the standard error agree
to rounding. The references are written with scipy's and scikit-learn's own functions.
"""

import inspect

import numpy as np
import pytest
import sklearn.metrics as skm
from hypothesis import given, settings
from hypothesis import strategies as st
from MLstatkit import Delong_test
from scipy import stats

from lrlib import metrics
from lrlib.bootstrap import BootstrapResult, bootstrap_difference, bootstrap_interval, delong_test

TOL = 1e-10


# scipy draws the same resamples as lrlib only through its ``rng`` argument (scipy 1.15); the
# oldest compatibility track's scipy has ``random_state`` only, so these comparisons need a newer one
SCIPY_RNG = pytest.mark.skipif("rng" not in inspect.signature(stats.bootstrap).parameters,
                               reason="scipy.stats.bootstrap takes rng from scipy 1.15")


def auc_statistic(y, s, axis=-1):
    """A vectorised AUC for scipy (rank sum, ties sharing their mean rank)."""
    ranks = stats.rankdata(s, axis=axis)
    n_pos = y.sum(axis=axis)
    n_neg = y.shape[axis] - n_pos
    return ((ranks * y).sum(axis=axis) - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def per_row(metric):
    """``metric`` made vectorised along the last axis, for scipy."""
    def statistic(y, s, axis=-1):
        y, s = np.moveaxis(y, axis, -1), np.moveaxis(s, axis, -1)
        flat = [metric(a, b) for a, b in zip(y.reshape(-1, y.shape[-1]), s.reshape(-1, s.shape[-1]), strict=True)]
        return np.array(flat).reshape(y.shape[:-1])
    return statistic


def brier_statistic(y, p, axis=-1):
    return np.mean((p - y) ** 2, axis=axis)


STATISTICS = {"roc_auc": auc_statistic, "average_precision": per_row(skm.average_precision_score),
              "brier_score": brier_statistic}


def data(n=300, seed=0, ties=False, prevalence=0.3):
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < prevalence).astype(int)
    y[:2] = [0, 1]
    s = y + rng.normal(size=n)
    if ties:
        s = np.round(s, 1)
    return y, s, 1 / (1 + np.exp(-2 * s))


def scipy_interval(statistic, samples, method, n_resamples, seed, level=0.95):
    return stats.bootstrap(samples, statistic, paired=True, vectorized=True, n_resamples=n_resamples,
                           method=method, confidence_level=level, rng=np.random.default_rng(seed))


# --- the same as scipy.stats.bootstrap -------------------------------------------------------

@SCIPY_RNG
@pytest.mark.parametrize("metric", STATISTICS)
@pytest.mark.parametrize("method", ["percentile", "BCa"])
@pytest.mark.parametrize("ties", [False, True])
def test_interval_equals_scipy_given_the_same_resamples(metric, method, ties):
    y, s, p = data(n=200, seed=1, ties=ties)
    score = p if metric == "brier_score" else s
    n_resamples = 300 if metric == "average_precision" else 1000  # scipy calls AP once per resample
    ref = scipy_interval(STATISTICS[metric], (y, score), method, n_resamples, seed=7, level=0.9)
    ours = bootstrap_interval(metric, y, score, n_resamples=n_resamples, method=method, confidence_level=0.9,
                              random_state=7)
    assert ours.low == pytest.approx(ref.confidence_interval.low, abs=TOL)
    assert ours.high == pytest.approx(ref.confidence_interval.high, abs=TOL)
    assert np.allclose(ours.distribution, ref.bootstrap_distribution, rtol=0, atol=TOL)
    assert ours.standard_error == pytest.approx(ref.standard_error, abs=TOL)
    assert ours.estimate == pytest.approx(STATISTICS[metric](y, score), abs=TOL)


@SCIPY_RNG
@pytest.mark.parametrize("method", ["percentile", "BCa"])
def test_difference_equals_scipy_given_the_same_resamples(method):
    y, a, _ = data(n=250, seed=2, ties=True)
    b = np.round(a + 0.8 * y + np.random.default_rng(3).normal(size=len(y)), 1)

    def difference(y, a, b, axis=-1):
        return auc_statistic(y, b, axis) - auc_statistic(y, a, axis)

    ref = scipy_interval(difference, (y, a, b), method, 1500, seed=11)
    ours = bootstrap_difference("roc_auc", y, a, b, n_resamples=1500, method=method, random_state=11)
    assert ours.interval == pytest.approx(tuple(ref.confidence_interval), abs=TOL)
    assert np.allclose(ours.distribution, ref.bootstrap_distribution, rtol=0, atol=TOL)
    assert ours.estimate == pytest.approx(skm.roc_auc_score(y, b) - skm.roc_auc_score(y, a), abs=TOL)


@SCIPY_RNG
def test_any_function_as_the_metric_equals_scipy():
    y, s, p = data(n=80, seed=4)

    def accuracy(y_true, y_score):  # not a built-in metric: called once per resample
        return np.mean((y_score > 0.5) == y_true)

    for method in ["percentile", "BCa"]:
        ref = scipy_interval(per_row(accuracy), (y, p), method, 400, seed=5)
        ours = bootstrap_interval(accuracy, y, p, n_resamples=400, method=method, random_state=5)
        assert ours.interval == pytest.approx(tuple(ref.confidence_interval), abs=TOL)
        assert ours.metric == "accuracy"


def test_the_batch_size_does_not_change_the_result():
    y, s, _ = data(n=150, seed=6, ties=True)
    results = [bootstrap_interval("roc_auc", y, s, n_resamples=777, random_state=3, batch=batch)
               for batch in [None, 1, 100, 777, 5000]]
    for result in results[1:]:
        assert np.array_equal(result.distribution, results[0].distribution)
        assert result.interval == results[0].interval


@pytest.mark.parametrize("metric", [metrics.roc_auc_score, skm.roc_auc_score, "roc_auc_score"])
def test_metric_functions_and_names_select_the_fast_metric(metric):
    y, s, _ = data(n=100, seed=8)
    reference = bootstrap_interval("roc_auc", y, s, n_resamples=200, random_state=0)
    result = bootstrap_interval(metric, y, s, n_resamples=200, random_state=0)
    assert result.metric == "roc_auc" and np.array_equal(result.distribution, reference.distribution)


@settings(max_examples=25)
@given(st.integers(0, 2**32 - 1), st.sampled_from(["roc_auc", "average_precision", "brier_score"]))
def test_vectorised_metrics_equal_sklearn_on_every_resample(seed, metric):
    y, s, p = data(n=60, seed=seed % 1000, ties=bool(seed % 2))
    score = p if metric == "brier_score" else s
    result = bootstrap_interval(metric, y, score, n_resamples=20, method="percentile", random_state=seed)
    function = {"roc_auc": skm.roc_auc_score, "average_precision": skm.average_precision_score,
                "brier_score": skm.brier_score_loss}[metric]
    rows = np.random.default_rng(seed).integers(0, len(y), size=(20, len(y)))
    expected = [function(y[i], score[i]) for i in rows]
    assert np.allclose(result.distribution, expected, rtol=0, atol=1e-12)


def test_bca_jackknife_equals_leaving_each_case_out():
    # The BCa interval is scipy's: so its acceleration, from the jackknife, is right; here directly too.
    y, s, _ = data(n=60, seed=9, ties=True)
    from lrlib.bootstrap import _AveragePrecision, _RocAuc
    for kind, function in [(_RocAuc, skm.roc_auc_score), (_AveragePrecision, skm.average_precision_score)]:
        expected = [function(np.delete(y, i), np.delete(s, i)) for i in range(len(y))]
        assert np.allclose(kind(y.astype(float), s).jackknife(), expected, rtol=0, atol=1e-12)


def test_stratified_resamples_keep_the_numbers_of_each_class():
    y, s, _ = data(n=120, seed=10)
    result = bootstrap_interval("roc_auc", y, s, n_resamples=50, stratify=True, method="percentile",
                                random_state=2)
    rng = np.random.default_rng(2)
    neg, pos = np.flatnonzero(y == 0), np.flatnonzero(y == 1)
    rows = np.hstack([neg[rng.integers(0, len(neg), size=(50, len(neg)))],
                      pos[rng.integers(0, len(pos), size=(50, len(pos)))]])
    assert np.allclose(result.distribution, [skm.roc_auc_score(y[i], s[i]) for i in rows], rtol=0, atol=1e-12)


def test_a_seed_repeats_a_run_and_a_generator_is_used_as_given():
    y, s, _ = data()
    first = bootstrap_interval("roc_auc", y, s, n_resamples=100, random_state=42)
    again = bootstrap_interval("roc_auc", y, s, n_resamples=100, random_state=np.random.default_rng(42))
    other = bootstrap_interval("roc_auc", y, s, n_resamples=100, random_state=43)
    assert np.array_equal(first.distribution, again.distribution)
    assert not np.array_equal(first.distribution, other.distribution)


def test_the_interval_narrows_like_one_over_root_n():
    widths = []
    for n in [400, 1600, 6400]:
        y, s, _ = data(n=n, seed=12)
        result = bootstrap_interval("roc_auc", y, s, n_resamples=1000, method="percentile", random_state=0)
        widths.append(result.high - result.low)
    assert 1.6 < widths[0] / widths[1] < 2.5 and 1.6 < widths[1] / widths[2] < 2.5


def test_result_reads_well():
    y, s, _ = data()
    result = bootstrap_interval("roc_auc", y, s, n_resamples=100, random_state=0)
    assert isinstance(result, BootstrapResult) and result.n_resamples == 100
    assert str(result).startswith(f"roc_auc {result.estimate:.4f}, 95% BCa interval [")
    assert result.interval == (result.low, result.high) and result.low < result.estimate < result.high


# --- DeLong's test against MLstatkit ---------------------------------------------------------

@pytest.mark.parametrize("n, ties, seed", [(40, True, 0), (500, False, 1), (3000, True, 2), (200, False, 3)])
def test_delong_equals_mlstatkit(n, ties, seed):
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < 0.3).astype(int)
    y[:2] = [0, 1]
    a = y + rng.normal(size=n)
    b = 0.5 * a + 0.4 * y + rng.normal(size=n)
    if ties:
        a, b = np.round(a, 1), np.round(b, 1)
    z, p, _, _, auc_a, auc_b, info = Delong_test(y, a, b)
    result = delong_test(y, a, b)
    assert info["method"] == "delong"
    assert result.statistic == pytest.approx(z, abs=1e-8)
    assert result.p_value == pytest.approx(p, abs=1e-8)
    assert (result.auc_a, result.auc_b) == pytest.approx((auc_a, auc_b), abs=1e-12)
    assert result.difference == pytest.approx(auc_b - auc_a, abs=1e-12)
    assert np.isclose(result.covariance[0, 1], result.covariance[1, 0])


def test_delong_agrees_with_the_paired_bootstrap():
    rng = np.random.default_rng(5)
    n = 2000
    y = (rng.random(n) < 0.3).astype(int)
    a = y + rng.normal(size=n)
    b = a + 0.3 * y + rng.normal(scale=0.7, size=n)
    delong = delong_test(y, a, b)
    boot = bootstrap_difference("roc_auc", y, a, b, n_resamples=4000, method="percentile", random_state=0)
    assert boot.standard_error == pytest.approx(delong.standard_error, rel=0.1)
    low, high = delong.difference_interval(0.95)
    assert boot.low == pytest.approx(low, abs=0.3 * delong.standard_error)
    assert boot.high == pytest.approx(high, abs=0.3 * delong.standard_error)
    # the variance of a single AUC: DeLong's against the bootstrap's
    single = bootstrap_interval("roc_auc", y, a, n_resamples=4000, random_state=1)
    assert single.standard_error == pytest.approx(np.sqrt(delong.covariance[0, 0]), rel=0.1)


# --- bad input ---------------------------------------------------------------------------------

Y, S, P = data(n=50, seed=13)


@pytest.mark.parametrize("call, error, words", [
    (lambda: bootstrap_interval("roc_auc", np.zeros(10), S[:10]), ValueError, "y_true holds only negatives"),
    (lambda: bootstrap_interval("roc_auc", np.ones(10), S[:10]), ValueError, "roc_auc needs both classes"),
    (lambda: bootstrap_interval("average_precision", np.zeros(10), S[:10]), ValueError, "at least one positive"),
    (lambda: bootstrap_interval("roc_auc", Y, S, n_resamples=1), ValueError, "n_resamples must be at least 2"),
    (lambda: bootstrap_interval("roc_auc", Y, S, n_resamples=100.0), TypeError, "n_resamples must be an integer"),
    (lambda: bootstrap_interval("roc_auc", Y, S, method="basic"), ValueError, "method must be"),
    (lambda: bootstrap_interval("roc_auc", Y, S, confidence_level=1.0), ValueError, "confidence_level"),
    (lambda: bootstrap_interval("roc_auc", Y, S, stratify="yes"), TypeError, "stratify"),
    (lambda: bootstrap_interval("roc_auc", Y, S, random_state="0"), TypeError, "random_state"),
    (lambda: bootstrap_interval("roc_auc", Y, S, random_state=-1), ValueError, "random_state"),
    (lambda: bootstrap_interval("roc_auc", Y, S, batch=0), ValueError, "batch"),
    (lambda: bootstrap_interval("auc", Y, S), ValueError, "metric must be one of"),
    (lambda: bootstrap_interval(3, Y, S), TypeError, "metric must be"),
    (lambda: bootstrap_interval("roc_auc", Y + 1, S), ValueError, "y_true must hold binary labels"),
    (lambda: bootstrap_interval("roc_auc", Y, S[:-1]), ValueError, "same number of samples"),
    (lambda: bootstrap_interval("roc_auc", Y, np.r_[S[:-1], np.nan]), ValueError, "y_score must contain only finite"),
    (lambda: bootstrap_interval("brier_score", Y, S), ValueError, "y_score must hold probabilities"),
    (lambda: bootstrap_interval("roc_auc", [1], [0.5]), ValueError, "at least 2 cases"),
    (lambda: bootstrap_interval(lambda y, s: "high", Y, S, n_resamples=2), TypeError, "must return a number"),
    (lambda: bootstrap_difference("roc_auc", Y, S, S[:-1]), ValueError, "y_score_b has 49"),
    (lambda: bootstrap_difference("brier_score", Y, P, S), ValueError, "y_score_b must hold probabilities"),
    (lambda: delong_test(np.zeros(10), S[:10], S[:10]), ValueError, "at least 2 positives and 2 negatives"),
    (lambda: delong_test(np.r_[1, np.zeros(9)], S[:10], S[:10] + 1), ValueError, "1 positive"),
    (lambda: delong_test(Y, S, 2 * S + 1), ValueError, "nothing to test"),
    (lambda: delong_test(Y, S, S[:-2]), ValueError, "same number of samples"),
])
def test_bad_input_is_named(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_a_resample_without_positives_asks_for_stratification():
    y = np.r_[1, np.zeros(39)]  # one positive in 40: about a third of the resamples lack it
    s = np.arange(40.0)
    with pytest.raises(ValueError, match=r"resamples hold only one class.*stratify=True"):
        bootstrap_interval("roc_auc", y, s, n_resamples=50, method="percentile", random_state=0)
    result = bootstrap_interval("roc_auc", y, s, n_resamples=50, method="percentile", stratify=True,
                                random_state=0)
    assert 0 <= result.low <= result.high <= 1
    with pytest.raises(ValueError, match="at least 2 positives"):  # BCa's jackknife leaves the positive out
        bootstrap_interval("roc_auc", y, s, n_resamples=50, stratify=True, random_state=0)


def test_bca_is_undefined_when_every_resample_lies_on_one_side():
    y = np.array([0, 0, 0, 1, 1, 1])
    s = np.array([0.0, 1.0, 2.0, 3.0, 4.0, 5.0])  # perfectly separated: every resample's AUC is 1
    result = bootstrap_interval("roc_auc", y, s, n_resamples=200, stratify=True, random_state=0)
    assert result.interval == (1.0, 1.0) and result.acceleration == 0.0

    def repeated_share(y_true, y_score):  # 0 on the test set, above 0 on (almost) every resample
        return 1 - len(np.unique(y_score)) / len(y_score)

    with pytest.raises(ValueError, match="every resample's value lies above the estimate"):
        bootstrap_interval(repeated_share, Y, S, n_resamples=20, random_state=0)
    assert bootstrap_interval(repeated_share, Y, S, n_resamples=20, method="percentile", random_state=0).low > 0
