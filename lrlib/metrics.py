"""Judging a binary classifier (chapter 8), written from scratch in NumPy.

Every function here gives the same numbers as its namesake in
:mod:`sklearn.metrics` (or :func:`sklearn.calibration.calibration_curve`),
ties included, and validates its input like the rest of lrlib:

- at one threshold: :func:`predict_at_threshold`, :func:`confusion_matrix`,
  :func:`precision_score`, :func:`recall_score`, :func:`specificity_score`,
  :func:`f1_score`, :func:`accuracy_score`;
- over every threshold: :func:`roc_curve`, :func:`auc`, :func:`roc_auc_score`,
  :func:`roc_auc_by_ranking`, :func:`precision_recall_curve`,
  :func:`average_precision_score`;
- costs: :func:`expected_cost`, :func:`bayes_threshold`, :func:`min_cost_threshold`;
- probabilities: :func:`brier_score`, :func:`calibration_curve`.

Labels are 0 and 1 (1 is the positive class); scores are any real numbers where
larger means "more likely positive" (probabilities, logits, SVM decision values).
"""

from __future__ import annotations

from numbers import Real

import numpy as np

from lrlib._validation import (
    check_array,
    check_binary_labels,
    check_bool,
    check_consistent_length,
    check_scalar,
    check_targets_and_predictions,
)

__all__ = [
    "accuracy_score",
    "auc",
    "average_precision_score",
    "bayes_threshold",
    "brier_score",
    "calibration_curve",
    "confusion_matrix",
    "expected_cost",
    "f1_score",
    "min_cost_threshold",
    "precision_recall_curve",
    "precision_score",
    "predict_at_threshold",
    "recall_score",
    "roc_auc_by_ranking",
    "roc_auc_score",
    "roc_curve",
    "specificity_score",
]


# --- input checks -------------------------------------------------------------------------

def _labels_and(y_true, other, other_name: str, *, probabilities: bool = False):
    """``y_true`` as 0.0/1.0 and ``other`` as a 1-D float64 array of the same length."""
    y, s = check_targets_and_predictions(y_true, other, other_name, probabilities)
    return y, s.astype(np.float64)


def _check_threshold(threshold) -> float:
    """A real threshold; +-inf allowed (nothing or everything positive), NaN not."""
    # np.number would let a numpy complex in, whose imaginary part float() drops with a warning
    if isinstance(threshold, bool) or not isinstance(threshold, Real | np.floating | np.integer):
        raise TypeError(f"threshold must be a real number, got {type(threshold).__name__} {threshold!r}")
    if np.isnan(threshold):
        raise ValueError("threshold must be a number, got NaN")
    return float(threshold)


def _both_classes(n_pos: int, n_neg: int, what: str) -> None:
    """A rate per class needs positives and negatives (scikit-learn warns and returns NaN)."""
    if n_pos == 0 or n_neg == 0:
        only = "positives (1)" if n_pos else "negatives (0)"
        raise ValueError(f"y_true holds only {only}: {what} needs both classes")


# --- one threshold ---------------------------------------------------------------------------

def predict_at_threshold(y_score, threshold: float) -> np.ndarray:
    """Labels from scores: 1 where ``y_score >= threshold``, else 0.

    ``>=`` is the convention of :func:`roc_curve`: the point of the curve at a
    threshold counts a score equal to it as positive. (``predict`` of a model
    uses ``p > 0.5``; the two differ only for a probability of exactly 0.5.)

    Parameters
    ----------
    y_score : array-like of shape (n,)
    threshold : float

    Returns
    -------
    numpy.ndarray of int, shape (n,)

    Examples
    --------
    >>> predict_at_threshold([0.1, 0.5, 0.9], 0.5)
    array([0, 1, 1])
    """
    s = check_array(y_score, "y_score", ndim=1)
    return (s >= _check_threshold(threshold)).astype(np.int64)


def confusion_matrix(y_true, y_pred) -> np.ndarray:
    """The 2 x 2 confusion matrix ``[[TN, FP], [FN, TP]]``: rows true class, columns predicted.

    The layout of ``sklearn.metrics.confusion_matrix(y_true, y_pred, labels=[0, 1])``.

    Parameters
    ----------
    y_true, y_pred : array-like of 0 and 1, shape (n,)

    Returns
    -------
    numpy.ndarray of int, shape (2, 2)

    Examples
    --------
    >>> confusion_matrix([0, 0, 1, 1, 1], [0, 1, 0, 1, 1])
    array([[1, 1],
           [1, 2]])
    """
    y = check_binary_labels(y_true, "y_true").astype(np.int64)
    p = check_binary_labels(y_pred, "y_pred").astype(np.int64)
    check_consistent_length(y_true=y, y_pred=p)
    # 2 * true + predicted numbers the four cells 0 (TN), 1 (FP), 2 (FN), 3 (TP).
    return np.bincount(2 * y + p, minlength=4).reshape(2, 2)


def _ratio(numerator: int, denominator: int, zero_division: float) -> float:
    return float(numerator / denominator) if denominator else float(zero_division)


def _counts(y_true, y_pred):
    (tn, fp), (fn, tp) = confusion_matrix(y_true, y_pred)
    return int(tn), int(fp), int(fn), int(tp)


def _check_zero_division(zero_division) -> float:
    return check_scalar(zero_division, "zero_division", min_value=0, max_value=1)


def precision_score(y_true, y_pred, *, zero_division: float = 0.0) -> float:
    """Precision TP / (TP + FP): of the points called positive, the share that are.

    Parameters
    ----------
    y_true, y_pred : array-like of 0 and 1, shape (n,)
    zero_division : float in [0, 1], default 0.0
        The value when nothing is predicted positive (scikit-learn's default value,
        without its warning).

    Returns
    -------
    float

    Examples
    --------
    >>> precision_score([0, 0, 1, 1, 1], [0, 1, 0, 1, 1])
    0.6666666666666666
    """
    zd = _check_zero_division(zero_division)
    _, fp, _, tp = _counts(y_true, y_pred)
    return _ratio(tp, tp + fp, zd)


def recall_score(y_true, y_pred, *, zero_division: float = 0.0) -> float:
    """Recall (sensitivity, true positive rate) TP / (TP + FN): the share of positives found.

    Examples
    --------
    >>> recall_score([0, 0, 1, 1, 1], [0, 1, 0, 1, 1])
    0.6666666666666666
    """
    zd = _check_zero_division(zero_division)
    _, _, fn, tp = _counts(y_true, y_pred)
    return _ratio(tp, tp + fn, zd)


def specificity_score(y_true, y_pred, *, zero_division: float = 0.0) -> float:
    """Specificity (true negative rate) TN / (TN + FP): the share of negatives called negative.

    It is the recall of class 0, ``sklearn.metrics.recall_score(y_true, y_pred, pos_label=0)``,
    and 1 - specificity is the false positive rate of the ROC curve.

    Examples
    --------
    >>> specificity_score([0, 0, 1, 1, 1], [0, 1, 0, 1, 1])
    0.5
    """
    zd = _check_zero_division(zero_division)
    tn, fp, _, _ = _counts(y_true, y_pred)
    return _ratio(tn, tn + fp, zd)


def f1_score(y_true, y_pred, *, zero_division: float = 0.0) -> float:
    """F1 = 2 TP / (2 TP + FP + FN), the harmonic mean of precision and recall.

    Examples
    --------
    >>> f1_score([0, 0, 1, 1, 1], [0, 1, 0, 1, 1])
    0.6666666666666666
    """
    zd = _check_zero_division(zero_division)
    _, fp, fn, tp = _counts(y_true, y_pred)
    # 2TP / (2TP + FP + FN) equals 2PR / (P + R) without dividing twice.
    return _ratio(2 * tp, 2 * tp + fp + fn, zd)


def accuracy_score(y_true, y_pred) -> float:
    """Accuracy (TP + TN) / n: the share of points labelled right.

    Examples
    --------
    >>> accuracy_score([0, 0, 1, 1, 1], [0, 1, 0, 1, 1])
    0.6
    """
    tn, fp, fn, tp = _counts(y_true, y_pred)
    return (tp + tn) / (tn + fp + fn + tp)


# --- every threshold -------------------------------------------------------------------------

def _sweep(y_true, y_score):
    """Sort by score (descending) and count, at each distinct score, the positives above it.

    Returns ``fps, tps, thresholds``: at ``thresholds[k]`` (distinct scores, descending),
    predicting positive for ``score >= thresholds[k]`` gives ``tps[k]`` true and
    ``fps[k]`` false positives. Points with tied scores enter together, which is
    what makes a tie a diagonal step of the ROC curve.
    """
    y, s = _labels_and(y_true, y_score, "y_score")
    order = np.argsort(s, kind="mergesort")[::-1]  # scikit-learn's order, ties included
    s, y = s[order], y[order]
    # s[1:] != s[:-1] rather than np.diff(s), which overflows for scores near +-1e308
    last_of_each_score = np.r_[np.flatnonzero(s[1:] != s[:-1]), y.size - 1]
    tps = np.cumsum(y)[last_of_each_score]
    fps = 1 + last_of_each_score - tps
    return fps, tps, s[last_of_each_score]


def roc_curve(y_true, y_score, *, drop_intermediate: bool = True):
    """The ROC curve: false and true positive rates as the threshold sweeps down the scores.

    Parameters
    ----------
    y_true : array-like of 0 and 1, shape (n,)
    y_score : array-like of shape (n,)
        Higher means more likely positive.
    drop_intermediate : bool, default True
        Drop the points that lie on a straight segment between their neighbours
        (they do not change the curve or its area), as scikit-learn does.

    Returns
    -------
    fpr, tpr, thresholds : numpy.ndarray
        ``fpr[k]`` and ``tpr[k]`` are the rates when predicting positive for
        ``score >= thresholds[k]``; the first threshold is ``inf`` (nothing
        positive: the point (0, 0)).

    Raises
    ------
    ValueError
        If ``y_true`` holds one class only (a rate would divide by zero).

    Examples
    --------
    >>> fpr, tpr, thresholds = roc_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> fpr, tpr
    (array([0. , 0. , 0.5, 0.5, 1. ]), array([0. , 0.5, 0.5, 1. , 1. ]))
    >>> thresholds
    array([ inf, 0.8 , 0.4 , 0.35, 0.1 ])
    """
    drop_intermediate = check_bool(drop_intermediate, "drop_intermediate")
    fps, tps, thresholds = _sweep(y_true, y_score)
    _both_classes(tps[-1], fps[-1], "a ROC curve")
    if drop_intermediate and fps.size > 2:
        # Keep a point only where the curve bends (a second difference is not 0).
        keep = np.flatnonzero(np.r_[True, (np.diff(fps, 2) != 0) | (np.diff(tps, 2) != 0), True])
        fps, tps, thresholds = fps[keep], tps[keep], thresholds[keep]
    fps, tps = np.r_[0, fps], np.r_[0, tps]
    return fps / fps[-1], tps / tps[-1], np.r_[np.inf, thresholds]


def auc(x, y) -> float:
    """Area under a curve through the points ``(x, y)`` by the trapezoidal rule.

    ``x`` must be monotonic (increasing or decreasing), as along a ROC curve.

    Examples
    --------
    >>> auc([0, 0.5, 1], [0, 1, 1])
    0.75
    """
    xs = check_array(x, "x", ndim=1)
    ys = check_array(y, "y", ndim=1)
    check_consistent_length(x=xs, y=ys)
    if xs.size < 2:
        raise ValueError(f"x must hold at least 2 points to compute an area, got {xs.size}")
    dx = np.diff(xs)
    if np.all(dx >= 0):
        direction = 1.0
    elif np.all(dx <= 0):
        direction = -1.0
    else:
        raise ValueError("x must be monotonic (increasing or decreasing), as the false positive rate is")
    return float(direction * np.sum(dx * (ys[1:] + ys[:-1]) / 2))


def roc_auc_score(y_true, y_score) -> float:
    """Area under the ROC curve, from :func:`roc_curve` and :func:`auc`.

    Equal to :func:`roc_auc_by_ranking`: the probability that a random positive
    scores above a random negative (a tie counting one half).

    Examples
    --------
    >>> roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.75
    """
    fpr, tpr, _ = roc_curve(y_true, y_score)
    return auc(fpr, tpr)


def _average_ranks(values: np.ndarray) -> np.ndarray:
    """Ranks 1..n of ``values`` (ascending), tied values sharing the mean of their ranks."""
    order = np.argsort(values, kind="mergesort")
    sorted_values = values[order]
    starts = np.r_[0, np.flatnonzero(sorted_values[1:] != sorted_values[:-1]) + 1]  # each group's first index
    ends = np.r_[starts[1:], values.size]                          # one past its last index
    group_rank = (starts + 1 + ends) / 2                           # mean of ranks starts+1..ends
    ranks = np.empty(values.size)
    ranks[order] = np.repeat(group_rank, ends - starts)
    return ranks


def roc_auc_by_ranking(y_true, y_score) -> float:
    """AUC as P(random positive outranks random negative), ties counting 1/2 (Mann-Whitney U).

    With ranks 1..n of the scores (tied scores sharing their mean rank), the sum of
    the positives' ranks minus its smallest possible value ``n1 (n1 + 1) / 2`` counts
    the (positive, negative) pairs in the right order; divided by the number of pairs
    ``n1 n0`` it is the AUC, without drawing any curve.

    Examples
    --------
    >>> roc_auc_by_ranking([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.75
    """
    y, s = _labels_and(y_true, y_score, "y_score")
    positive = y == 1
    n_pos, n_neg = int(positive.sum()), int((~positive).sum())
    _both_classes(n_pos, n_neg, "the AUC")
    rank_sum = _average_ranks(s)[positive].sum()
    return float((rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def precision_recall_curve(y_true, y_score, *, drop_intermediate: bool = False):
    """Precision and recall at every distinct score taken as the threshold.

    Parameters
    ----------
    y_true : array-like of 0 and 1, shape (n,)
    y_score : array-like of shape (n,)
    drop_intermediate : bool, default False
        Drop the points whose recall equals that of both neighbours (inside a run
        of equal recall), as scikit-learn's option of the same name.

    Returns
    -------
    precision, recall : numpy.ndarray
        In the order of scikit-learn: thresholds *increasing*, so recall decreases; the
        last entries are precision 1 and recall 0 (no threshold: nothing predicted).
    thresholds : numpy.ndarray
        The distinct scores, increasing, one fewer than ``precision``.

    Raises
    ------
    ValueError
        If ``y_true`` holds no positive (recall would divide by zero).

    Examples
    --------
    >>> precision, recall, thresholds = precision_recall_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> precision.round(3), recall
    (array([0.5  , 0.667, 0.5  , 1.   , 1.   ]), array([1. , 1. , 0.5, 0.5, 0. ]))
    >>> thresholds
    array([0.1 , 0.35, 0.4 , 0.8 ])
    """
    drop_intermediate = check_bool(drop_intermediate, "drop_intermediate")
    fps, tps, thresholds = _sweep(y_true, y_score)
    if tps[-1] == 0:
        raise ValueError("y_true holds no positive (1): recall needs at least one")
    if drop_intermediate and tps.size > 2:
        # A point whose recall equals both neighbours' is inside a vertical run of the
        # curve: it adds nothing to average precision. Keep the two ends.
        keep = np.flatnonzero(np.r_[True, (np.diff(tps[:-1]) != 0) | (np.diff(tps[1:]) != 0), True])
        fps, tps, thresholds = fps[keep], tps[keep], thresholds[keep]
    precision = tps / (tps + fps)   # tps + fps >= 1: at least the top point is predicted positive
    recall = tps / tps[-1]
    return np.r_[precision[::-1], 1.0], np.r_[recall[::-1], 0.0], thresholds[::-1]


def average_precision_score(y_true, y_score) -> float:
    """Average precision: the precision at each threshold weighted by the recall it adds.

    ``AP = sum_k (R_k - R_{k-1}) P_k``, a step-wise area under the precision-recall
    curve (no interpolation between points, which would be optimistic).

    Examples
    --------
    >>> average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.8333333333333333
    """
    precision, recall, _ = precision_recall_curve(y_true, y_score)
    # The arrays run from recall 1 down to 0, hence the minus sign; max() turns -0.0 into 0.0.
    return float(max(0.0, -np.sum(np.diff(recall) * precision[:-1])))


# --- costs -------------------------------------------------------------------------------------

def _check_costs(cost_fp, cost_fn) -> tuple[float, float]:
    c_fp = check_scalar(cost_fp, "cost_fp", min_value=0)
    c_fn = check_scalar(cost_fn, "cost_fn", min_value=0)
    if c_fp == c_fn == 0:
        raise ValueError("cost_fp and cost_fn are both 0: at least one error must cost something")
    return c_fp, c_fn


def _mean_cost(c_fp: float, c_fn: float, fp, fn, n: int):
    """``(c_fp FP + c_fn FN) / n`` with the shares taken first: ``c_fp FP`` overflows for costs
    near 1e308, but the mean, at most the larger cost, never does."""
    return c_fp * (fp / n) + c_fn * (fn / n)


def expected_cost(y_true, y_pred, *, cost_fp: float, cost_fn: float) -> float:
    """Mean cost per point: ``(cost_fp * FP + cost_fn * FN) / n``.

    Examples
    --------
    >>> expected_cost([0, 0, 1, 1, 1], [0, 1, 0, 1, 1], cost_fp=1, cost_fn=10)
    2.2
    """
    c_fp, c_fn = _check_costs(cost_fp, cost_fn)
    tn, fp, fn, tp = _counts(y_true, y_pred)
    return float(_mean_cost(c_fp, c_fn, fp, fn, tn + fp + fn + tp))


def bayes_threshold(cost_fp: float, cost_fn: float) -> float:
    """The probability threshold that minimises the expected cost, if probabilities are calibrated.

    Calling a point positive costs ``(1 - p) * cost_fp`` on average, calling it negative
    ``p * cost_fn``; positive is cheaper when ``p > cost_fp / (cost_fp + cost_fn)``.

    Examples
    --------
    >>> bayes_threshold(1, 1)
    0.5
    >>> round(bayes_threshold(cost_fp=1, cost_fn=19), 4)
    0.05
    """
    c_fp, c_fn = _check_costs(cost_fp, cost_fn)
    if c_fp + c_fn < np.inf:
        return c_fp / (c_fp + c_fn)
    largest = max(c_fp, c_fn)  # the sum overflowed (1e308 + 1e308): divide by the larger first
    return (c_fp / largest) / (c_fp / largest + c_fn / largest)


def min_cost_threshold(y_true, y_score, *, cost_fp: float, cost_fn: float) -> tuple[float, float]:
    """The threshold, among the distinct scores and ``inf``, with the least mean cost on this data.

    One sweep (the counts of :func:`roc_curve`) evaluates every threshold at once.

    Returns
    -------
    threshold, cost : float
        The lowest-cost threshold (the largest of equally cheap ones) and its mean cost
        per point, as :func:`expected_cost` of ``predict_at_threshold(y_score, threshold)``.

    Examples
    --------
    >>> min_cost_threshold([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], cost_fp=1, cost_fn=10)
    (0.35, 0.25)
    """
    c_fp, c_fn = _check_costs(cost_fp, cost_fn)
    fps, tps, thresholds = _sweep(y_true, y_score)
    n_pos, n = tps[-1], fps[-1] + tps[-1]
    fps, tps, thresholds = np.r_[0, fps], np.r_[0, tps], np.r_[np.inf, thresholds]
    costs = _mean_cost(c_fp, c_fn, fps, n_pos - tps, n)
    best = int(np.argmin(costs))  # the first minimum: the highest threshold
    return float(thresholds[best]), float(costs[best])


# --- probabilities ---------------------------------------------------------------------------

def brier_score(y_true, y_prob) -> float:
    """The Brier score, the mean squared difference between probability and outcome.

    A proper scoring rule: its expected value is smallest when ``y_prob`` is the
    true probability. ``sklearn.metrics.brier_score_loss(y_true, y_prob)``.

    Examples
    --------
    >>> brier_score([0, 1, 1, 0], [0.5, 1.0, 0.5, 0.0])
    0.125
    """
    y, p = _labels_and(y_true, y_prob, "y_prob", probabilities=True)
    return float(np.mean((y - p) ** 2))


def calibration_curve(y_true, y_prob, *, n_bins: int = 5, strategy: str = "uniform"):
    """Points of a reliability diagram: per bin of predicted probability, how often y is 1.

    Parameters
    ----------
    y_true : array-like of 0 and 1, shape (n,)
    y_prob : array-like of probabilities, shape (n,)
    n_bins : int, default 5
    strategy : {"uniform", "quantile"}, default "uniform"
        Bins of equal width on [0, 1], or with (about) equally many points each.

    Returns
    -------
    prob_true, prob_pred : numpy.ndarray
        Per non-empty bin, in increasing order: the fraction of positives and the mean
        predicted probability. A calibrated model has ``prob_true ≈ prob_pred``.

    Examples
    --------
    >>> prob_true, prob_pred = calibration_curve([0, 0, 1, 1, 1], [0.1, 0.3, 0.4, 0.8, 0.9], n_bins=2)
    >>> prob_true, prob_pred
    (array([0.33333333, 1.        ]), array([0.26666667, 0.85      ]))
    """
    y, p = _labels_and(y_true, y_prob, "y_prob", probabilities=True)
    n_bins = check_scalar(n_bins, "n_bins", min_value=1, integer=True)
    if strategy == "uniform":
        edges = np.linspace(0.0, 1.0, n_bins + 1)
    elif strategy == "quantile":
        edges = np.percentile(p, np.linspace(0, 1, n_bins + 1) * 100)
    else:
        raise ValueError(f"strategy must be 'uniform' or 'quantile', got {strategy!r}")
    # Bin k holds edges[k] < p <= edges[k+1] (the first also p = 0), as scikit-learn bins.
    bin_of = np.searchsorted(edges[1:-1], p)
    total = np.bincount(bin_of, minlength=edges.size)
    positives = np.bincount(bin_of, weights=y, minlength=edges.size)
    prob_sum = np.bincount(bin_of, weights=p, minlength=edges.size)
    filled = total != 0
    return positives[filled] / total[filled], prob_sum[filled] / total[filled]
