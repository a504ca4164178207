"""Exercise checkers of chapter 8, judging a classifier.

- :func:`check_precision_recall_from_confusion`: precision and recall from ``[[TN, FP], [FN, TP]]``;
- :func:`check_roc_points`: the ROC sweep, one point per distinct score, ties together (a bug to find:
  a colleague's sweep makes one step per sample);
- :func:`check_auc_by_ranking`: AUC as the share of (positive, negative) pairs in the right order;
- :func:`check_unweighted_probabilities`: undo a class weight ``k`` on the positives (a derivation);
- :func:`check_threshold_for_costs`: the threshold for stated costs on a class-weighted model's
  probabilities (a judgement).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from lrlib import metrics as _metrics
from lrlib._kernels import sigmoid as _sigmoid
from lrlib.checks.building_blocks import random_labels
from lrlib.checks.engine import CheckResult, Exercise, Mistake
from lrlib.functions import logit

__all__ = [
    "check_auc_by_ranking",
    "check_precision_recall_from_confusion",
    "check_roc_points",
    "check_unweighted_probabilities",
]


_SHARES = "precision and recall are shares (of the alarms, of the positives): both between 0 and 1."


def _share(numerator, denominator) -> float:
    """numerator / denominator, and 0 for 0 / 0 (scikit-learn's zero_division=0)."""
    return float(numerator / denominator) if denominator else 0.0


# --- precision and recall from a confusion matrix --------------------------------------------

def _from_cells(read: Callable) -> Callable:
    """``(precision, recall)`` computed from the cells ``read(cm) -> (tn, fp, fn, tp)``, right or wrong."""
    def precision_recall(cm):
        tn, fp, fn, tp = read(np.asarray(cm))
        return _share(tp, tp + fp), _share(tp, tp + fn)
    return precision_recall


_precision_recall = _from_cells(lambda cm: cm.ravel())

_CONFUSION_CASES = [
    (np.array([[50, 10], [5, 35]]),),
    (np.array([[900, 30], [20, 50]]),),
    (np.array([[8, 2], [6, 4]]),),
    (np.array([[95, 0], [5, 0]]),),   # nothing predicted positive: precision 0 / 0, reported as 0
]

def _random_confusion_matrices(rng):
    # something predicted positive and something positive: the zero case is a fixed one
    cm = rng.integers(0, 200, size=(2, 2))
    cm[1, 1] = max(cm[1, 1], 1)
    return [(cm,)]


_ZERO_DIVISION = ("when nothing is predicted positive, TP + FP = 0: return precision 0 in that case "
                  "(e.g. `tp / (tp + fp) if tp + fp else 0.0`), as scikit-learn does.")

PRECISION_RECALL_FROM_CONFUSION = Exercise(
    name="precision_recall_from_confusion", chapter=8,
    reference=_precision_recall, cases=_CONFUSION_CASES, random_cases=_random_confusion_matrices,
    forbidden=(_metrics.precision_score, _metrics.recall_score, "sklearn.metrics:precision_score",
               "sklearn.metrics:recall_score", "sklearn.metrics:precision_recall_fscore_support"),
    output_range=(0, 1), range_hint=_SHARES,
    mistakes=[
        Mistake(_from_cells(lambda cm: (cm[0, 0], cm[1, 0], cm[0, 1], cm[1, 1])),
                "Your precision and recall are swapped: you used FN where FP belongs.",
                "rows are the true class: cm = [[TN, FP], [FN, TP]], so FP = cm[0, 1] and FN = cm[1, 0]; "
                "precision = TP / (TP + FP), recall = TP / (TP + FN)."),
        Mistake(_from_cells(lambda cm: (cm[1, 1], cm[0, 1], cm[1, 0], cm[0, 0])),
                "You took the top-left cell as TP.",
                "in scikit-learn's layout the top-left cell cm[0, 0] is TN (true 0, predicted 0); "
                "TP is the bottom-right cell cm[1, 1]."),
        Mistake(lambda cm: (_precision_recall(cm)[0], _share(np.asarray(cm)[0, 0], np.asarray(cm)[0].sum())),
                "Your recall is the specificity, TN / (TN + FP).",
                "recall looks at the true positives' row: TP / (TP + FN), the share of positives found."),
        Mistake(lambda cm: (_share(np.asarray(cm)[1, 1], np.asarray(cm)[0, 1]),
                            _share(np.asarray(cm)[1, 1], np.asarray(cm)[1, 0])),
                "Your denominators leave out TP.",
                "precision = TP / (TP + FP) and recall = TP / (TP + FN): TP is in both denominators."),
    ],
    success="Precision asks how many alarms are real, recall how many cases are found.",
    hint="with (tn, fp), (fn, tp) = cm: precision = tp / (tp + fp), recall = tp / (tp + fn).",
    crash_hints={"invalid": _ZERO_DIVISION, "ZeroDivisionError": _ZERO_DIVISION, "divide": _ZERO_DIVISION},
)


def check_precision_recall_from_confusion(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(cm)``: the pair ``(precision, recall)`` of a confusion matrix ``[[TN, FP], [FN, TP]]``.

    On fixed cases and random ones drawn from ``seed`` (a ✘ shows it). lrlib's and
    scikit-learn's precision and recall scores do not count.

    Examples
    --------
    >>> def precision_recall(cm):
    ...     (tn, fp), (fn, tp) = cm
    ...     return (tp / (tp + fp) if tp + fp else 0.0), tp / (tp + fn)
    >>> check_precision_recall_from_confusion(precision_recall)
    ✔ Correct! Precision asks how many alarms are real, recall how many cases are found.
    """
    return PRECISION_RECALL_FROM_CONFUSION.check(func, seed=seed)


# --- the ROC sweep -------------------------------------------------------------------------

def _roc_points(y_true, y_score):
    fpr, tpr, _ = _metrics.roc_curve(y_true, y_score, drop_intermediate=False)
    return fpr, tpr


def _counts_per_sample(order: Callable) -> Callable:
    """The cumulative counts after each *sample* (ties not grouped), in the sort ``order(scores)``."""
    def counts(y_true, y_score):
        y_sorted = np.asarray(y_true, dtype=float)[order(np.asarray(y_score, dtype=float))]
        return np.r_[0, np.cumsum(1 - y_sorted)], np.r_[0, np.cumsum(y_sorted)]
    return counts


def _rates(counts: Callable, *, normalise=lambda fps, tps, n_neg, n_pos: (fps / n_neg, tps / n_pos)):
    """The counts ``counts(y_true, y_score) -> (fps, tps)`` made rates by ``normalise``, right or wrong."""
    def sweep(y_true, y_score):
        y = np.asarray(y_true, dtype=float)
        fps, tps = counts(y_true, y_score)
        return normalise(fps, tps, len(y) - y.sum(), y.sum())
    return sweep


def _grouped_counts(y_true, y_score):
    fpr, tpr = _roc_points(y_true, y_score)
    y = np.asarray(y_true, dtype=float)
    return fpr * (len(y) - y.sum()), tpr * y.sum()


def _ascending(y_true, y_score):
    """The sweep run from the lowest score up: counts of points with score <= each distinct score."""
    y, s = np.asarray(y_true, dtype=float), np.asarray(y_score, dtype=float)
    order = np.argsort(s, kind="mergesort")
    s, y = s[order], y[order]
    last = np.r_[np.flatnonzero(s[1:] != s[:-1]), len(s) - 1]
    tps = np.cumsum(y)[last]
    fps = last + 1 - tps
    return np.r_[0, fps] / fps[-1], np.r_[0, tps] / tps[-1]


_SWEEP_CASES = [
    (np.array([0, 0, 1, 1]), np.array([0.1, 0.4, 0.35, 0.8])),
    (np.array([1, 0, 1, 0, 1, 0, 0, 1]), np.array([0.9, 0.8, 0.8, 0.5, 0.3, 0.3, 0.3, 0.1])),
    (np.array([0, 1, 1, 0, 1, 0, 0, 0, 1, 0]), np.array([0.2, 0.7, 0.7, 0.7, 0.4, 0.1, 0.4, 0.9, 0.55, 0.2])),
]

_TIES = Mistake(_rates(_counts_per_sample(lambda s: np.argsort(s, kind="mergesort")[::-1])),
                "You have one point per sample: tied scores make separate steps.",
                "ties are flagged together (score >= t): keep only the last index of each run of equal "
                "scores, e.g. last = np.r_[np.flatnonzero(s[1:] != s[:-1]), len(s) - 1].")

def _random_scores(rng):
    # scores of one decimal, so that ties are frequent
    n = int(rng.integers(6, 16))
    return [(random_labels(rng, n).astype(int), np.round(rng.uniform(0, 1, size=n), 1))]


ROC_POINTS = Exercise(
    name="roc_points", chapter=8, kind="bug",  # the notebook's colleague makes one step per sample
    reference=_roc_points, cases=_SWEEP_CASES, random_cases=_random_scores,
    forbidden=(_metrics.roc_curve, "sklearn.metrics:roc_curve"),
    output_range=(0, 1),
    range_hint="rates are shares of the negatives and of the positives: between 0 and 1.",
    mistakes=[
        _TIES,
        Mistake(_rates(_counts_per_sample(lambda s: np.argsort(-s, kind="stable"))),  # the other tie order
                _TIES.problem, _TIES.hint),
        Mistake(_ascending,
                "Your sweep starts from the lowest score.",
                "lowering the threshold flags the highest scores first: sort in descending order, "
                "np.argsort(y_score)[::-1]."),
        Mistake(_rates(_grouped_counts, normalise=lambda fps, tps, n_neg, n_pos: (fps, tps)),
                "You returned counts, not rates.",
                "divide the false positives by the number of negatives and the true positives by the "
                "number of positives."),
        Mistake(_rates(_grouped_counts, normalise=lambda fps, tps, n_neg, n_pos: (fps / (n_neg + n_pos),
                                                                                tps / (n_neg + n_pos))),
                "Your curve does not end at (1, 1): you divided by the number of points.",
                "FPR = FP / (number of negatives), TPR = TP / (number of positives), not / n."),
        Mistake(lambda y, s: tuple(a[1:] for a in _roc_points(y, s)),
                "Your curve does not start at (0, 0).",
                "put the point (0, 0) first: the threshold +inf, which flags nobody."),
        Mistake(lambda y, s: _roc_points(y, s)[::-1],
                "You returned (tpr, fpr).",
                "the pair is (fpr, tpr): false positive rate first, as the x-axis."),
    ],
    success="Your sweep draws the whole ROC curve, ties as diagonal steps.",
    hint="sort by score descending; cumulative sums of y and 1 - y at the last index of each distinct "
         "score are TP and FP; divide by the numbers of positives and negatives; start at (0, 0).",
)


def check_roc_points(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(y_true, y_score)``: ``(fpr, tpr)`` at each distinct score from the highest, after (0, 0).

    On fixed cases and random ones drawn from ``seed`` (a ✘ shows it). lrlib's and
    scikit-learn's ``roc_curve`` do not count.

    Examples
    --------
    >>> def roc_points(y_true, y_score):
    ...     thresholds = np.unique(y_score)[::-1]
    ...     flagged = y_score[None, :] >= thresholds[:, None]
    ...     tpr = (flagged & (y_true == 1)).sum(axis=1) / np.sum(y_true == 1)
    ...     fpr = (flagged & (y_true == 0)).sum(axis=1) / np.sum(y_true == 0)
    ...     return np.r_[0, fpr], np.r_[0, tpr]
    >>> check_roc_points(roc_points)
    ✔ Correct! Your sweep draws the whole ROC curve, ties as diagonal steps.
    >>> from lrlib.metrics import roc_curve
    >>> check_roc_points(lambda y, s: roc_curve(y, s, drop_intermediate=False)[:2])  # doctest: +ELLIPSIS
    ✘ Not yet: roc_points_mine calls lrlib.metrics.roc_curve.
    ...
    """
    return ROC_POINTS.check(func, seed=seed)


# --- AUC by ranking ------------------------------------------------------------------------

def _pairs(tie: float, *, divide=lambda right, n_pos, n_neg: right.mean(), flip: bool = False) -> Callable:
    """The share of (positive, negative) pairs in the right order, a tie counting ``tie``."""
    def auc(y_true, y_score):
        y, s = np.asarray(y_true), np.asarray(y_score, dtype=float)
        pos, neg = s[y == 1][:, None], s[y == 0][None, :]
        if flip:
            pos, neg = neg.T, pos.T
        right = (pos > neg) + tie * (pos == neg)
        return float(divide(right, pos.size, neg.size))
    return auc


def _rank_sum(*, ordinal: bool = False, subtract: bool = True) -> Callable:
    def auc(y_true, y_score):
        y, s = np.asarray(y_true), np.asarray(y_score, dtype=float)
        if ordinal:
            ranks = np.empty(len(s))
            ranks[np.argsort(s, kind="mergesort")] = np.arange(1, len(s) + 1)
        else:
            ranks = np.array([np.mean(np.flatnonzero(np.sort(s) == v)) + 1 for v in s])
        n_pos, n_neg = int(np.sum(y == 1)), int(np.sum(y == 0))
        u = ranks[y == 1].sum() - (n_pos * (n_pos + 1) / 2 if subtract else 0)
        return float(u / (n_pos * n_neg))
    return auc


_AUC_CASES = _SWEEP_CASES[1:] + _SWEEP_CASES[:1]   # ties first: they tell the mistakes apart

AUC_BY_RANKING = Exercise(
    name="auc_by_ranking", chapter=8,
    reference=_metrics.roc_auc_by_ranking, cases=_AUC_CASES, random_cases=_random_scores,
    forbidden=(_metrics.roc_auc_by_ranking, _metrics.roc_auc_score, "sklearn.metrics:roc_auc_score"),
    output_range=(0, 1), range_hint="the AUC is a share of (positive, negative) pairs: between 0 and 1.",
    mistakes=[
        Mistake(_pairs(0.0),
                "Your tied pairs count 0.",
                "a tie is a coin flip: count each tied (positive, negative) pair as 1/2, e.g. "
                "(pos > neg) + 0.5 * (pos == neg)."),
        Mistake(_pairs(1.0),
                "Your tied pairs count 1 (you used >=).",
                "a tie is a coin flip: count it 1/2, not 1: (pos > neg) + 0.5 * (pos == neg)."),
        Mistake(_pairs(0.5, flip=True),
                "You computed 1 - AUC: the share of pairs where the negative scores higher.",
                "compare positive > negative, not the other way round."),
        Mistake(_pairs(0.5, divide=lambda right, n_pos, n_neg: right.sum() / (n_pos + n_neg) ** 2),
                "You divided by n squared.",
                "divide by the number of (positive, negative) pairs, n_pos * n_neg."),
        Mistake(_rank_sum(ordinal=True),
                "Your ranks break ties by position.",
                "tied scores must share the mean of their ranks (scipy.stats.rankdata does that), "
                "otherwise a tie counts 0 or 1 depending on the order."),
        Mistake(_rank_sum(subtract=False),
                "Your rank sum still contains the positives' ranks among themselves.",
                "subtract n_pos (n_pos + 1) / 2, the smallest possible rank sum, before dividing by "
                "n_pos * n_neg."),
    ],
    success="AUC is the probability that a random positive outranks a random negative.",
    hint="average, over every (positive, negative) pair, 1 if the positive scores higher, 1/2 for a "
         "tie, 0 otherwise.",
)


def check_auc_by_ranking(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(y_true, y_score)``: P(positive outranks negative), a tie counting 1/2.

    On fixed cases and random ones drawn from ``seed`` (a ✘ shows it). Any method will do
    (``scipy.stats.rankdata`` may be used); lrlib's and scikit-learn's AUC functions do not count.

    Examples
    --------
    >>> def auc(y_true, y_score):
    ...     pos, neg = y_score[y_true == 1][:, None], y_score[y_true == 0][None, :]
    ...     return np.mean((pos > neg) + 0.5 * (pos == neg))
    >>> check_auc_by_ranking(auc)
    ✔ Correct! AUC is the probability that a random positive outranks a random negative.
    >>> from sklearn.metrics import roc_auc_score
    >>> check_auc_by_ranking(roc_auc_score)  # doctest: +ELLIPSIS
    ✘ Not yet: auc_by_ranking_mine is sklearn.metrics.roc_auc_score itself.
    ...
    """
    return AUC_BY_RANKING.check(func, seed=seed)


# --- undoing class weights -----------------------------------------------------------------

def _unweighted(p_weighted, k):
    # weight k on the positives multiplies the odds by k: divide them by k again
    p = np.asarray(p_weighted, dtype=float)
    return p / (p + k * (1 - p))


_WEIGHT_CASES = [
    (np.array([0.1, 0.5, 0.9]), 19),
    (np.array([0.05, 0.3, 0.7, 0.99]), 4),
    (np.array([0.2, 0.6]), 2.5),
    (0.5, 10),
]

def _random_weights(rng):
    return [(rng.uniform(0.01, 0.99, size=int(rng.integers(2, 7))), float(rng.uniform(1.5, 20)))]


UNWEIGHTED_PROBABILITIES = Exercise(
    name="unweighted_probabilities", chapter=8, kind="derivation",
    reference=_unweighted, cases=_WEIGHT_CASES, random_cases=_random_weights,
    output_range=(0, 1), range_hint="the answer is probabilities: every entry lies between 0 and 1.",
    mistakes=[
        Mistake(lambda p, k: np.asarray(p, dtype=float) / k,
                "You divided the probability by k.",
                "the weight multiplied the odds p / (1 - p) by k, not p: divide the odds by k, then "
                "convert them back to a probability."),
        Mistake(lambda p, k: _unweighted(p, 1 / k),
                "Your probabilities went up: you multiplied the odds by k.",
                "the weighted model's odds are k times too large; divide them by k."),
        Mistake(lambda p, k: np.asarray(p, dtype=float) / (1 - np.asarray(p, dtype=float)) / k,
                "You returned odds, not probabilities.",
                "turn the corrected odds o back into a probability: o / (1 + o)."),
        Mistake(lambda p, k: _sigmoid(logit(np.asarray(p, dtype=float)) - k),
                "You shifted the logit by k.",
                "multiplying the odds by k adds ln k to the logit: subtract np.log(k), not k."),
    ],
    success="Weight k multiplies the odds by k; dividing them by k restores the real prevalence.",
    hint="compute the odds p / (1 - p), divide them by k, and turn them back into a probability.",
)


def check_unweighted_probabilities(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(p_weighted, k)``: probabilities with a class weight ``k`` on the positives undone.

    On fixed cases and random ones drawn from ``seed`` (a ✘ shows it).

    Examples
    --------
    >>> check_unweighted_probabilities(lambda p, k: p / (p + k * (1 - p)))
    ✔ Correct! Weight k multiplies the odds by k; dividing them by k restores the real prevalence.
    """
    return UNWEIGHTED_PROBABILITIES.check(func, seed=seed)


# --- a judgement: the threshold for stated costs, on a weighted model ----------------------

def _weighted_threshold(cost_fp, cost_fn, k):
    # flag when the real odds exceed cost_fp / cost_fn; the weighted model's odds are k times the real ones
    return float(k * cost_fp / (k * cost_fp + cost_fn))


_THRESHOLD_CASES = [(1.0, 20.0, 19.0), (1.0, 20.0, 1.0), (2.0, 5.0, 4.0), (1.0, 1.0, 10.0)]


def _random_costs(rng):
    return [(float(rng.uniform(0.5, 5)), float(rng.uniform(1, 100)), float(rng.uniform(1.5, 30)))
            for _ in range(3)]


THRESHOLD_FOR_COSTS = Exercise(
    name="threshold_for_costs", chapter=8, kind="interpretation",
    reference=_weighted_threshold, cases=_THRESHOLD_CASES, random_cases=_random_costs,
    output_range=(0, 1), range_hint="a threshold on probabilities lies between 0 and 1.",
    mistakes=[
        Mistake(lambda cost_fp, cost_fn, k: cost_fp / (cost_fp + cost_fn),
                "That is the Bayes threshold for calibrated probabilities: it ignores the weight k.",
                "the weighted model's odds are k times the real ones (exercise 4), so its probabilities are "
                "too high: flag when the *real* odds exceed c_FP / c_FN, i.e. the weighted odds exceed "
                "k c_FP / c_FN."),
        Mistake(lambda cost_fp, cost_fn, k: cost_fp / (cost_fp + k * cost_fn),
                "Your threshold moved the wrong way: you divided the odds threshold by k.",
                "weighting the positives *inflates* the probabilities, so the threshold must go *up*: the "
                "weighted odds are k times the real odds."),
        Mistake(lambda cost_fp, cost_fn, k: k * cost_fn / (k * cost_fn + cost_fp),
                "Your costs are swapped.",
                "flagging a healthy person costs c_FP: flag when (1 - p) c_FP < p c_FN, i.e. when the odds "
                "p / (1 - p) exceed c_FP / c_FN."),
        Mistake(lambda cost_fp, cost_fn, k: 0.5,
                "You kept the default threshold 0.5.",
                "0.5 is right only when both errors cost the same and the probabilities are honest; here "
                "neither holds."),
        Mistake(lambda cost_fp, cost_fn, k: 1 / (1 + k),
                "Your threshold ignores the costs.",
                "1 / (1 + k) is the real-probability threshold that the weighted model's 0.5 stands for; the "
                "threshold you need depends on c_FP and c_FN."),
        Mistake(lambda cost_fp, cost_fn, k: k * cost_fp / (cost_fp + cost_fn),
                "You multiplied the threshold by k, not the odds.",
                "k multiplies the odds p / (1 - p), not p: turn the odds threshold k c_FP / c_FN into a "
                "probability with o / (1 + o)."),
    ],
    success="k c_FP / (k c_FP + c_FN): the weights bake a cost ratio into the model, and the threshold "
            "takes it out again.",
    hint="flag when the real odds exceed c_FP / c_FN; the weighted model's odds are k times the real ones; "
         "turn the weighted odds threshold o into a probability with o / (1 + o).",
    rtol=1e-9, atol=0,
)


def check_threshold_for_costs(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(cost_fp, cost_fn, k)``: the cheapest threshold on a class-weighted model's probabilities.

    The model was fitted with weight ``k`` on the positives and describes the data well; a
    false alarm costs ``cost_fp`` and a miss ``cost_fn``. On fixed cases and random ones drawn
    from ``seed`` (a ✘ shows it).

    Examples
    --------
    >>> check_threshold_for_costs(lambda c_fp, c_fn, k: k * c_fp / (k * c_fp + c_fn))  # doctest: +ELLIPSIS
    ✔ Correct! k c_FP / (k c_FP + c_FN): ...
    >>> print(check_threshold_for_costs(lambda c_fp, c_fn, k: c_fp / (c_fp + c_fn), seed=0))
    ... # doctest: +ELLIPSIS
    ✘ Not yet: ... That is the Bayes threshold for calibrated probabilities: it ignores the weight k.
      Hint: ...
    """
    return THRESHOLD_FOR_COSTS.check(func, seed=seed)
