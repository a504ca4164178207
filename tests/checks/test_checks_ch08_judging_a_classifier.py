"""Chapter 8 checkers: other correct ways pass, odd answers get a hint, nothing raises.

(The table-driven tests/checks/test_checks_exercises.py already proves that each reference passes and
each declared mistake gets its own hint.)
"""

import numpy as np
import pytest
import sklearn.metrics as skm
from scipy.stats import rankdata

from lrlib import metrics
from lrlib.checks import (
    check_auc_by_ranking,
    check_precision_recall_from_confusion,
    check_roc_points,
    check_unweighted_probabilities,
)


def precision_recall_sklearn(cm):
    (tn, fp), (fn, tp) = cm
    y = np.r_[np.zeros(tn + fp), np.ones(fn + tp)]
    pred = np.r_[np.zeros(tn), np.ones(fp), np.zeros(fn), np.ones(tp)]
    return skm.precision_score(y, pred, zero_division=0.0), skm.recall_score(y, pred)


def roc_with_a_loop(y_true, y_score):
    fpr, tpr = [0.0], [0.0]
    for t in sorted(set(y_score), reverse=True):
        flagged = np.asarray(y_score) >= t
        tpr.append(np.sum(flagged & (y_true == 1)) / np.sum(y_true == 1))
        fpr.append(np.sum(flagged & (y_true == 0)) / np.sum(y_true == 0))
    return fpr, tpr   # lists are fine


def auc_with_loops(y_true, y_score):
    pos = [s for s, y in zip(y_score, y_true, strict=True) if y == 1]
    neg = [s for s, y in zip(y_score, y_true, strict=True) if y == 0]
    return sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in pos for n in neg) / (len(pos) * len(neg))


def auc_by_rank_sum(y_true, y_score):
    ranks = rankdata(y_score)  # a helper the exercise allows
    n_pos, n_neg = np.sum(y_true == 1), np.sum(y_true == 0)
    return (ranks[y_true == 1].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def unweight_by_logit(p, k):
    z = np.log(p / (1 - p)) - np.log(k)
    return 1 / (1 + np.exp(-z))


@pytest.mark.parametrize("check, func", [
    (check_roc_points, roc_with_a_loop),
    (check_auc_by_ranking, auc_with_loops),
    (check_auc_by_ranking, auc_by_rank_sum),
    (check_unweighted_probabilities, unweight_by_logit),
    (check_unweighted_probabilities, lambda p, k: (p / (1 - p) / k) / (1 + p / (1 - p) / k)),
])
def test_other_correct_ways_pass(check, func):
    result = check(func)
    assert result, result.message


@pytest.mark.parametrize("check, library_way, name", [
    (check_precision_recall_from_confusion, precision_recall_sklearn, "sklearn.metrics.precision_score"),
    (check_roc_points, lambda y, s: skm.roc_curve(y, s, drop_intermediate=False)[:2], "sklearn.metrics.roc_curve"),
    (check_roc_points, lambda y, s: metrics.roc_curve(y, s, drop_intermediate=False)[:2],
     "lrlib.metrics.roc_curve"),
    (check_auc_by_ranking, skm.roc_auc_score, "sklearn.metrics.roc_auc_score"),
    (check_auc_by_ranking, lambda y, s: metrics.roc_auc_score(y, s), "lrlib.metrics.roc_auc_score"),
])
def test_a_library_metric_is_not_yours(check, library_way, name):
    result = check(library_way)
    assert not result and name in result.message and "write it yourself" in result.message, result.message


@pytest.mark.parametrize("func", [
    lambda cm: (cm[1, 1] / (cm[1, 1] + cm[0, 1]), cm[1, 1] / (cm[1, 1] + cm[1, 0])),           # NumPy: 0 / 0
    lambda cm: (int(cm[1, 1]) / int(cm[1, 1] + cm[0, 1]), int(cm[1, 1]) / int(cm[1, 1] + cm[1, 0])),  # Python
])
def test_precision_without_the_zero_case_is_told_about_it(func):
    result = check_precision_recall_from_confusion(func)
    assert not result and "TP + FP = 0" in result.message, result.message


@pytest.mark.parametrize("check", [check_precision_recall_from_confusion, check_roc_points,
                                   check_auc_by_ranking, check_unweighted_probabilities])
@pytest.mark.parametrize("func", [
    None, "not a function", lambda *args: None, lambda *args: "0.5", lambda *args: [[1, 2], [3]],
    lambda *args: np.nan, lambda *args: 1 / 0, lambda *args: (0.5,), lambda *args: 1j,
])
def test_odd_answers_fail_without_raising(check, func):
    result = check(func)
    assert not result and result.message.startswith("✘ Not yet:")


# --- the bug of exercise 2, as the notebook shows it ----------------------------------------

def roc_points_buggy(y_true, y_score):
    y_sorted = y_true[np.argsort(y_score, kind="stable")[::-1]]
    tps, fps = np.cumsum(y_sorted), np.cumsum(1 - y_sorted)
    return np.r_[0, fps] / fps[-1], np.r_[0, tps] / tps[-1]


def test_the_notebooks_buggy_sweep_is_right_without_ties_and_told_about_them():
    rng = np.random.default_rng(0)
    y, s = (rng.random(200) < 0.3).astype(int), rng.random(200)  # no ties
    assert all(np.allclose(a, b) for a, b in zip(roc_points_buggy(y, s), skm.roc_curve(y, s, drop_intermediate=False)[:2], strict=True))
    result = check_roc_points(roc_points_buggy)
    assert not result and "tied scores make separate steps" in result.message, result.message


# --- exercise 5: the threshold for a weighted model -----------------------------------------

def test_the_weighted_threshold_flags_whom_the_bayes_threshold_flags_on_the_real_probabilities():
    from lrlib.checks.ch08_judging_a_classifier import _unweighted, _weighted_threshold
    for cost_fp, cost_fn, k in [(1.0, 20.0, 19.0), (2.0, 5.0, 4.0), (3.0, 1.0, 0.5)]:
        t = _weighted_threshold(cost_fp, cost_fn, k)
        assert np.isclose(_unweighted(t, k), metrics.bayes_threshold(cost_fp, cost_fn))


def test_threshold_for_costs_correct_versions_pass_and_a_number_read_off_fails():
    from lrlib.checks import check_threshold_for_costs
    def by_odds(cost_fp, cost_fn, k):
        real_odds = cost_fp / cost_fn
        return k * real_odds / (1 + k * real_odds)
    assert check_threshold_for_costs(by_odds)
    assert not check_threshold_for_costs(lambda cost_fp, cost_fn, k: 0.487)
