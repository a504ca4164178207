"""lrlib.metrics against sklearn.metrics and sklearn.calibration: same numbers to 1e-12, ties included."""

import warnings

import numpy as np
import pytest
import sklearn.metrics as skm
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.calibration import calibration_curve as sk_calibration_curve

from lrlib import metrics

TOL = 1e-12


@st.composite
def labelled_scores(draw, *, probabilities=False, both_classes=True):
    """Labels and scores, often with heavy ties (scores drawn from a handful of values)."""
    n = draw(st.integers(2 if both_classes else 1, 60))
    y = np.array(draw(st.lists(st.integers(0, 1), min_size=n, max_size=n)))
    if both_classes:
        y[0], y[1] = 0, 1
    n_values = draw(st.sampled_from([1, 2, 3, 5, n]))
    if probabilities:
        values = st.floats(0, 1) if n_values == n else st.sampled_from(np.linspace(0, 1, n_values + 1).tolist())
    else:
        values = st.floats(-1e6, 1e6) if n_values == n else st.integers(-n_values, n_values).map(float)
    scores = np.array(draw(st.lists(values, min_size=n, max_size=n)))
    return y, scores


def close(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return a.shape == b.shape and np.allclose(a, b, rtol=TOL, atol=TOL)


# --- one threshold ------------------------------------------------------------------------

@given(labelled_scores(both_classes=False), st.floats(-3, 3))
def test_threshold_metrics_equal_sklearn(data, threshold):
    y, s = data
    pred = metrics.predict_at_threshold(s, threshold)
    assert np.array_equal(pred, (s >= threshold).astype(int))
    assert np.array_equal(metrics.confusion_matrix(y, pred), skm.confusion_matrix(y, pred, labels=[0, 1]))
    for ours, theirs in [(metrics.precision_score, skm.precision_score), (metrics.recall_score, skm.recall_score),
                         (metrics.f1_score, skm.f1_score)]:
        assert ours(y, pred) == pytest.approx(theirs(y, pred, zero_division=0.0), abs=TOL)
        assert ours(y, pred, zero_division=1.0) == pytest.approx(theirs(y, pred, zero_division=1.0), abs=TOL)
    assert metrics.specificity_score(y, pred) == pytest.approx(
        skm.recall_score(y, pred, pos_label=0, zero_division=0.0), abs=TOL)
    assert metrics.accuracy_score(y, pred) == pytest.approx(skm.accuracy_score(y, pred), abs=TOL)


def test_f1_is_the_harmonic_mean():
    y = [0, 1, 1, 0, 1, 1, 0, 0, 1]
    pred = [1, 1, 0, 0, 1, 1, 1, 0, 0]
    p, r = metrics.precision_score(y, pred), metrics.recall_score(y, pred)
    assert metrics.f1_score(y, pred) == pytest.approx(2 * p * r / (p + r), abs=TOL)


# --- every threshold ----------------------------------------------------------------------

@settings(max_examples=150)
@given(labelled_scores())
def test_roc_curve_and_auc_equal_sklearn(data):
    y, s = data
    for drop in (True, False):
        ours, theirs = metrics.roc_curve(y, s, drop_intermediate=drop), skm.roc_curve(y, s, drop_intermediate=drop)
        assert all(close(a, b) for a, b in zip(ours, theirs, strict=True))
    auc = skm.roc_auc_score(y, s)
    assert metrics.roc_auc_score(y, s) == pytest.approx(auc, abs=TOL)
    assert metrics.roc_auc_by_ranking(y, s) == pytest.approx(auc, abs=TOL)
    fpr, tpr, _ = metrics.roc_curve(y, s)
    assert metrics.auc(fpr, tpr) == pytest.approx(skm.auc(fpr, tpr), abs=TOL)


@settings(max_examples=150)
@given(labelled_scores())
def test_precision_recall_curve_and_average_precision_equal_sklearn(data):
    y, s = data
    for drop in (False, True):
        ours = metrics.precision_recall_curve(y, s, drop_intermediate=drop)
        theirs = skm.precision_recall_curve(y, s, drop_intermediate=drop)
        assert all(close(a, b) for a, b in zip(ours, theirs, strict=True))
    assert metrics.average_precision_score(y, s) == pytest.approx(skm.average_precision_score(y, s), abs=TOL)


@given(labelled_scores())
def test_auc_is_the_share_of_correctly_ordered_pairs(data):
    y, s = data
    pos, neg = s[y == 1][:, None], s[y == 0][None, :]
    pairs = np.mean((pos > neg) + 0.5 * (pos == neg))
    assert metrics.roc_auc_by_ranking(y, s) == pytest.approx(pairs, abs=TOL)


def test_ties_are_diagonal_steps():
    # two points tied at 0.5, one of each class: one diagonal step from (0, 0.5) to (0.5, 1)
    fpr, tpr, thresholds = metrics.roc_curve([1, 0, 1, 0], [0.9, 0.5, 0.5, 0.1])
    assert fpr.tolist() == [0, 0, 0.5, 1] and tpr.tolist() == [0, 0.5, 1, 1]
    assert thresholds.tolist() == [np.inf, 0.9, 0.5, 0.1]
    assert metrics.roc_auc_score([1, 0, 1, 0], [0.9, 0.5, 0.5, 0.1]) == 0.875


def test_auc_orientation():
    assert metrics.auc([1, 0.5, 0], [1, 1, 0]) == metrics.auc([0, 0.5, 1], [0, 1, 1]) == 0.75


# --- costs --------------------------------------------------------------------------------

@given(labelled_scores(), st.floats(0, 10), st.floats(0.1, 10))
def test_min_cost_threshold_is_the_cheapest(data, cost_fp, cost_fn):
    y, s = data
    threshold, cost = metrics.min_cost_threshold(y, s, cost_fp=cost_fp, cost_fn=cost_fn)
    at = metrics.expected_cost(y, metrics.predict_at_threshold(s, threshold), cost_fp=cost_fp, cost_fn=cost_fn)
    assert cost == pytest.approx(at, abs=1e-12)
    for t in np.r_[np.inf, np.unique(s)]:
        other = metrics.expected_cost(y, metrics.predict_at_threshold(s, t), cost_fp=cost_fp, cost_fn=cost_fn)
        assert cost <= other + 1e-12


def test_bayes_threshold_minimises_expected_cost_of_a_calibrated_probability():
    p = np.linspace(0, 1, 1001)
    cost_fp, cost_fn = 1.0, 9.0
    cheaper_to_say_yes = (1 - p) * cost_fp < p * cost_fn
    assert np.array_equal(cheaper_to_say_yes, p > metrics.bayes_threshold(cost_fp, cost_fn))


# --- probabilities ------------------------------------------------------------------------

@given(labelled_scores(probabilities=True, both_classes=False))
def test_brier_score_equals_sklearn(data):
    y, p = data
    assert metrics.brier_score(y, p) == pytest.approx(skm.brier_score_loss(y, p), abs=TOL)


@settings(max_examples=150)
@given(labelled_scores(probabilities=True, both_classes=False), st.integers(1, 12),
       st.sampled_from(["uniform", "quantile"]))
def test_calibration_curve_equals_sklearn(data, n_bins, strategy):
    y, p = data
    ours = metrics.calibration_curve(y, p, n_bins=n_bins, strategy=strategy)
    theirs = sk_calibration_curve(y, p, n_bins=n_bins, strategy=strategy)
    assert all(close(a, b) for a, b in zip(ours, theirs, strict=True))


def test_calibration_curve_bin_edges():
    # 0.5 is an edge: it belongs to the lower bin, 0 to the first one
    prob_true, prob_pred = metrics.calibration_curve([0, 1, 1, 1], [0.0, 0.5, 0.51, 1.0], n_bins=2)
    assert prob_pred.tolist() == [0.25, 0.755] and prob_true.tolist() == [0.5, 1.0]


# --- bad input ----------------------------------------------------------------------------

Y, S = [0, 1, 1, 0], [0.2, 0.8, 0.6, 0.4]
CURVES = [metrics.roc_curve, metrics.roc_auc_score, metrics.roc_auc_by_ranking,
          metrics.precision_recall_curve, metrics.average_precision_score]


@pytest.mark.parametrize("func", CURVES + [metrics.brier_score, metrics.calibration_curve])
@pytest.mark.parametrize("y, s, error, words", [
    ([0, 2, 1, 0], S, ValueError, "y_true must hold binary labels"),
    (Y, [0.2, np.nan, 0.6, 0.4], ValueError, "finite"),
    (Y, [0.2, 0.8, 0.6], ValueError, "same number of samples"),
    (Y, [[0.2, 0.8, 0.6, 0.4]], ValueError, "1-dimensional"),
    (None, S, TypeError, "y_true"),
    (Y, ["a", "b", "c", "d"], TypeError, "real numbers"),
    ([], [], ValueError, "empty"),
])
def test_bad_input_names_the_argument(func, y, s, error, words):
    with pytest.raises(error, match=words):
        func(y, s)


@pytest.mark.parametrize("func", [metrics.roc_curve, metrics.roc_auc_score, metrics.roc_auc_by_ranking])
@pytest.mark.parametrize("y, words", [([1, 1, 1], "only positives"), ([0, 0, 0], "only negatives")])
def test_roc_needs_both_classes(func, y, words):
    with pytest.raises(ValueError, match=words):
        func(y, [0.1, 0.2, 0.3])


def test_precision_recall_with_only_positives_equals_sklearn():
    y, s = [1, 1, 1], [0.1, 0.2, 0.2]
    assert all(close(a, b) for a, b in zip(metrics.precision_recall_curve(y, s),
                                           skm.precision_recall_curve(y, s), strict=True))
    assert metrics.average_precision_score(y, s) == skm.average_precision_score(y, s) == 1.0


def test_precision_recall_needs_a_positive():
    with pytest.raises(ValueError, match="no positive"):
        metrics.precision_recall_curve([0, 0], [0.1, 0.2])


@pytest.mark.parametrize("func", [metrics.brier_score, metrics.calibration_curve])
def test_probabilities_must_lie_in_0_1(func):
    with pytest.raises(ValueError, match="y_prob must hold probabilities"):
        func(Y, [0.2, 1.5, 0.6, 0.4])


@pytest.mark.parametrize("call, error, words", [
    (lambda: metrics.confusion_matrix([0, 1], [0, 0.5]), ValueError, "y_pred must hold binary labels"),
    (lambda: metrics.precision_score([0, 1], [0, 1], zero_division=2), ValueError, "zero_division"),
    (lambda: metrics.predict_at_threshold(S, "0.5"), TypeError, "threshold"),
    (lambda: metrics.predict_at_threshold(S, np.nan), ValueError, "threshold"),
    (lambda: metrics.calibration_curve(Y, S, n_bins=0), ValueError, "n_bins"),
    (lambda: metrics.calibration_curve(Y, S, n_bins=2.5), TypeError, "n_bins"),
    (lambda: metrics.calibration_curve(Y, S, strategy="equal"), ValueError, "strategy"),
    (lambda: metrics.auc([0, 1, 0.5], [0, 1, 1]), ValueError, "monotonic"),
    (lambda: metrics.auc([0], [0]), ValueError, "at least 2"),
    (lambda: metrics.bayes_threshold(-1, 1), ValueError, "cost_fp"),
    (lambda: metrics.bayes_threshold(0, 0), ValueError, "both 0"),
    (lambda: metrics.min_cost_threshold(Y, S, cost_fp=1, cost_fn="x"), TypeError, "cost_fn"),
])
def test_bad_arguments(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_extreme_scores_stay_finite():
    y = np.array([0, 1, 0, 1])
    s = np.array([-1e308, 1e308, 1e308, -1e308])
    with np.errstate(all="raise"):
        auc, ap = metrics.roc_auc_score(y, s), metrics.average_precision_score(y, s)
        ranked = metrics.roc_auc_by_ranking(y, s)
    with np.errstate(over="ignore"):  # scikit-learn's np.diff of the scores overflows
        assert auc == ranked == skm.roc_auc_score(y, s) == 0.5
        assert ap == pytest.approx(skm.average_precision_score(y, s), abs=TOL)


def test_float32_scores_and_lists_give_sklearn_numbers():
    y = [0, 1, 1, 0, 1, 0, 0, 1]
    s = np.array([0.1, 0.7, 0.7, 0.3, 0.2, 0.7, 0.05, 0.9], dtype=np.float32)
    assert metrics.roc_auc_score(y, s) == pytest.approx(skm.roc_auc_score(y, s), abs=TOL)
    assert metrics.average_precision_score(y, s.tolist()) == pytest.approx(skm.average_precision_score(y, s), abs=TOL)
    assert metrics.brier_score(y, s) == pytest.approx(skm.brier_score_loss(y, s), abs=1e-7)  # float32 inputs


# issue 26 (11): a numpy complex threshold and a string flag used to be taken
@pytest.mark.parametrize("call, error, words", [
    (lambda: metrics.predict_at_threshold(S, np.complex128(0.5)), TypeError, "threshold must be a real number, got complex128"),
    (lambda: metrics.predict_at_threshold(S, np.complex64(0.5 + 1j)), TypeError, "threshold must be a real number"),
    (lambda: metrics.roc_curve(Y, S, drop_intermediate="no"), TypeError, "drop_intermediate must be True or False, got str"),
    (lambda: metrics.precision_recall_curve(Y, S, drop_intermediate=1), TypeError, "drop_intermediate must be True or False"),
])
def test_flags_and_thresholds_are_checked(call, error, words):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no ComplexWarning on the way
        with pytest.raises(error) as info:
            call()
    assert words in str(info.value)


def test_huge_costs_give_the_right_threshold_and_cost():
    # issue 26 (the class of 3 and 9): cost_fp + cost_fn overflowed, so bayes_threshold(1e308, 1e308)
    # was 0.0 instead of 0.5, and the mean costs were inf (with an overflow warning)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert metrics.bayes_threshold(1e308, 1e308) == 0.5
        assert metrics.bayes_threshold(1e308, 3e307) == pytest.approx(1 / 1.3)
        assert metrics.expected_cost(Y, [1, 0, 0, 0], cost_fp=1e308, cost_fn=1e308) == pytest.approx(
            metrics.expected_cost(Y, [1, 0, 0, 0], cost_fp=1, cost_fn=1) * 1e308)
        threshold, cost = metrics.min_cost_threshold(Y, S, cost_fp=1e308, cost_fn=1e308)
        assert (threshold, cost / 1e308) == pytest.approx(metrics.min_cost_threshold(Y, S, cost_fp=1, cost_fn=1))
        assert metrics.expected_cost([0, 1], [1, 0], cost_fp=1.7e308, cost_fn=1.7e308) == 1.7e308
