"""Exercise checkers of chapter 12, how sure are we.

- :func:`check_pool_adjacent_violators`: the isotonic fit of a sequence (the heart of isotonic calibration);
- :func:`check_temperature_gradient`: the derivative of the log-loss in the temperature (a derivation);
- :func:`check_paired_auc_differences`: a paired bootstrap, the bug in a colleague's version fixed;
- :func:`check_reading_the_comparison`: what a DeLong test and a paired interval say (an interpretation).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from lrlib.checks.engine import CheckResult, Exercise, Mistake, close
from lrlib.metrics import roc_auc_by_ranking

__all__ = [
    "check_paired_auc_differences",
    "check_pool_adjacent_violators",
    "check_reading_the_comparison",
    "check_temperature_gradient",
]


# --- exercise 1: pool adjacent violators ----------------------------------------------------------

def _pool_adjacent_violators(values):
    """Blocks of (sum, count), left to right; merge the last two while their means go down."""
    blocks: list[list[float]] = []
    for value in np.asarray(values, dtype=float).tolist():
        blocks.append([value, 1])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            total, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += count
    return np.concatenate([np.full(count, total / count) for total, count in blocks])


def _one_pass(values):
    """Pools each violating pair once, without looking back at the blocks before."""
    v = np.asarray(values, dtype=float).copy()
    for i in range(1, len(v)):
        if v[i] < v[i - 1]:
            v[i - 1] = v[i] = (v[i - 1] + v[i]) / 2
    return v


_PAV_CASES = [
    (np.array([1.0, 3.0, 2.0, 4.0]),),
    (np.array([3.0, 4.0, 0.0, 5.0]),),            # the pool must grow backwards
    (np.array([1.0, 5.0, 4.0, 3.0, 2.0, 6.0]),),
    (np.array([0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0]),),  # labels sorted by score, as in calibration
    (np.array([4.0, 3.0, 2.0, 1.0]),),
    (np.array([0.0, 0.0, 1.0, 1.0]),),           # already non-decreasing: unchanged
]

POOL_ADJACENT_VIOLATORS = Exercise(
    name="pool_adjacent_violators", chapter=12, kind="transcription",
    reference=_pool_adjacent_violators, cases=_PAV_CASES,
    mistakes=[
        Mistake(lambda v: np.maximum.accumulate(np.asarray(v, dtype=float)),
                "You raised each value to the largest one before it (a running maximum).",
                "a running maximum is non-decreasing but not the closest fit: replace each violating run "
                "by its mean, which lowers the high values as much as it raises the low ones."),
        Mistake(lambda v: np.minimum.accumulate(np.asarray(v, dtype=float)[::-1])[::-1],
                "You lowered each value to the smallest one after it (a running minimum from the right).",
                "pool instead: a run of values that go down is replaced by its mean."),
        Mistake(_one_pass,
                "Your result can still go down: after pooling two values you did not look back.",
                "a pooled block can now be below the block before it: keep merging the last two blocks "
                "(their weighted mean) while the earlier one is larger, before moving on."),
        Mistake(lambda v: np.sort(np.asarray(v, dtype=float)),
                "You sorted the values.",
                "the order is fixed (the cases are sorted by score): average the runs that go down instead."),
    ],
    success="Pool adjacent violators: each block is the mean of its cases, and the blocks only go up.",
    hint="keep a list of blocks (sum, count); append each value as a block, then merge the last two blocks "
         "while the mean of the earlier one is larger; finally repeat each block's mean count times.",
)


def check_pool_adjacent_violators(func: Callable) -> CheckResult:
    """Check ``func(values)``: the non-decreasing sequence closest to ``values`` (least squares).

    Examples
    --------
    >>> from sklearn.isotonic import isotonic_regression
    >>> check_pool_adjacent_violators(isotonic_regression)  # doctest: +ELLIPSIS
    ✔ Correct! Pool adjacent violators: ...
    """
    return POOL_ADJACENT_VIOLATORS.check(func)


# --- exercise 2: the derivative of the log-loss in the temperature --------------------------------

def _softmax(Z):
    e = np.exp(Z - Z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _gradient_with(*, power=2, sign=1.0, inside=True, reduce=np.mean, chain=True):
    """``d mean log-loss / dT`` of ``softmax(logits / T)``, right (the defaults) or wrong."""
    def gradient(logits, y, temperature):
        Z, y = np.asarray(logits, dtype=float), np.asarray(y)
        P = _softmax(Z / temperature if inside else Z)
        gap = Z[np.arange(len(Z)), y] - np.sum(P * Z, axis=1)  # z_y - E_p[z]
        if not chain:
            return float(reduce(-gap))  # dL/dbeta
        return float(sign * reduce(gap) / temperature**power)
    return gradient


def _gradient_cases():
    rng = np.random.default_rng(12)
    cases = []
    for n, k, temperature in [(6, 3, 1.0), (8, 4, 0.5), (10, 5, 2.5)]:
        logits = rng.normal(scale=2.0, size=(n, k))
        cases.append((logits, rng.integers(0, k, size=n), temperature))
    return cases


TEMPERATURE_GRADIENT = Exercise(
    name="temperature_gradient", chapter=12, kind="derivation",
    reference=_gradient_with(), cases=_gradient_cases(),
    mistakes=[
        Mistake(_gradient_with(chain=False),
                "You returned the derivative in beta = 1/T, not in T.",
                "chain rule: dL/dT = dL/dbeta * dbeta/dT, and dbeta/dT = -1/T^2."),
        Mistake(_gradient_with(sign=-1.0),
                "Your derivative has the wrong sign.",
                "dbeta/dT = -1/T^2 is negative: dL/dT = (1/T^2) mean(z_y - sum_k p_k z_k)."),
        Mistake(_gradient_with(power=1),
                "You divided by T, not by T^2.",
                "the derivative of beta = 1/T is -1/T^2."),
        Mistake(_gradient_with(inside=False),
                "Your probabilities ignore the temperature.",
                "the p_k in the formula are the model's at that temperature: softmax(logits / T)."),
        Mistake(_gradient_with(reduce=np.sum),
                "Your derivative is n times too large.",
                "the loss is the *mean* log-loss: average over the cases, do not sum."),
    ],
    success="dL/dT = (1/T^2) mean_i (z_i,y_i - sum_k p_ik z_ik): zero where the model's average logit "
            "matches the true classes' average logit.",
    hint="write L(T) = mean_i [logsumexp(z_i / T) - z_i,y_i / T], differentiate in beta = 1/T (the chapter's "
         "formula) and multiply by dbeta/dT = -1/T^2.",
    rtol=1e-6, atol=1e-10,
)


def check_temperature_gradient(func: Callable) -> CheckResult:
    """Check ``func(logits, y, temperature)``: ``dL/dT`` of the mean log-loss of ``softmax(logits / T)``.

    Examples
    --------
    >>> def gradient(logits, y, temperature):
    ...     Z = np.asarray(logits) / temperature
    ...     P = np.exp(Z - Z.max(axis=1, keepdims=True))
    ...     P /= P.sum(axis=1, keepdims=True)
    ...     gap = logits[np.arange(len(y)), y] - (P * logits).sum(axis=1)
    ...     return gap.mean() / temperature**2
    >>> check_temperature_gradient(gradient)  # doctest: +ELLIPSIS
    ✔ Correct! dL/dT = ...
    """
    return TEMPERATURE_GRADIENT.check(func)


# --- exercise 3: a paired bootstrap ----------------------------------------------------------------

def _differences_with(*, paired=True, use=None, resample_labels=True, sign=1.0):
    """Bootstrap differences AUC(b) - AUC(a), right (the defaults) or wrong.

    ``paired=False`` draws two sets of rows per resample (the colleague's version); ``use``
    then picks which set both models get ("a" or "b"), or None for one each.
    """
    def differences(y_true, score_a, score_b, n_resamples, seed):
        y, a, b = np.asarray(y_true), np.asarray(score_a), np.asarray(score_b)
        rng = np.random.default_rng(seed)
        n = len(y)
        out = np.empty(n_resamples)
        for r in range(n_resamples):
            rows_a = rng.integers(0, n, size=n)
            rows_b = rows_a if paired else rng.integers(0, n, size=n)
            if use is not None:
                rows_a = rows_b = {"a": rows_a, "b": rows_b}[use]
            label_a, label_b = (y[rows_a], y[rows_b]) if resample_labels else (y, y)
            out[r] = sign * (roc_auc_by_ranking(label_b, b[rows_b]) - roc_auc_by_ranking(label_a, a[rows_a]))
        return out
    return differences


def _paired_cases():
    rng = np.random.default_rng(21)
    cases = []
    for n, n_resamples, seed in [(40, 60, 0), (60, 80, 1), (50, 70, 2)]:
        y = np.r_[np.zeros(n // 2), np.ones(n - n // 2)]
        a = y + rng.normal(size=n)
        b = a + 0.5 * y + rng.normal(scale=0.7, size=n)
        cases.append((y, a, b, n_resamples, seed))
    return cases


_TWO_DRAWS = ("draw the rows once per resample, rows = rng.integers(0, n, size=n), and use them for both "
              "models: the checker compares your differences with those draws.")

PAIRED_AUC_DIFFERENCES = Exercise(
    name="paired_auc_differences", chapter=12, kind="bug",
    reference=_differences_with(), cases=_paired_cases,
    mistakes=[
        Mistake(_differences_with(paired=False),
                "That is the colleague's version: each model gets its own resample.",
                "the two models must be judged on the *same* people in each resample, so that what both "
                "get right or wrong cancels in the difference: draw the rows once and index both scores "
                "(and the labels) with them."),
        Mistake(_differences_with(sign=-1.0),
                "Your differences have the wrong sign: AUC(a) - AUC(b).",
                "the exercise asks for AUC(b) - AUC(a), as bootstrap_difference and DeLong's test report "
                "it."),
        Mistake(_differences_with(resample_labels=False),
                "You resampled the scores but not the labels.",
                "a resample takes whole cases: index y_true with the same rows as the scores."),
        Mistake(_differences_with(paired=False, use="a"), "You still draw two sets of rows per resample.",
                _TWO_DRAWS),
        Mistake(_differences_with(paired=False, use="b"), "You still draw two sets of rows per resample.",
                _TWO_DRAWS),
    ],
    success="Paired: the same people for both models in every resample, so their shared successes and "
            "failures cancel, and the interval for the difference is as narrow as the data allow.",
    hint="rng = np.random.default_rng(seed); for each resample: rows = rng.integers(0, n, size=n), then "
         "AUC(y_true[rows], score_b[rows]) - AUC(y_true[rows], score_a[rows]).",
    rtol=1e-9, atol=1e-12,
)


def check_paired_auc_differences(func: Callable) -> CheckResult:
    """Check ``func(y_true, score_a, score_b, n_resamples, seed)``: paired bootstrap AUC differences (b - a).

    Examples
    --------
    >>> from lrlib.bootstrap import bootstrap_difference
    >>> def differences(y_true, score_a, score_b, n_resamples, seed):
    ...     return bootstrap_difference("roc_auc", y_true, score_a, score_b, n_resamples=n_resamples,
    ...                                 method="percentile", random_state=seed).distribution
    >>> check_paired_auc_differences(differences)  # doctest: +ELLIPSIS
    ✔ Correct! Paired: ...
    """
    return PAIRED_AUC_DIFFERENCES.check(func)


# --- exercise 4: reading a comparison ---------------------------------------------------------------

_RIGHT_ANSWER = 2

READING_THE_COMPARISON = Exercise(
    # An interpretation (the engine has no such kind yet: declared as an experiment, whose answer is checked).
    name="reading_the_comparison", chapter=12, kind="experiment",
    reference=lambda: _RIGHT_ANSWER, cases=[()],
    mistakes=[
        Mistake(lambda: 1,
                "Answer 1 reads the difference of the two AUCs as an effect.",
                "a lower AUC on one test set is what chance alone gives half the time: the paired interval "
                "for the difference contains 0 and DeLong's p-value is far above 0.05."),
        Mistake(lambda: 3,
                "Answer 3 reads a large p-value as proof that the AUCs are equal.",
                "no evidence of a difference is not evidence of no difference: the interval says which "
                "differences the data still allow, and they are not all 0."),
        Mistake(lambda: 4,
                "Answer 4 compares the two separate intervals.",
                "the two AUCs are measured on the same people, so their errors are correlated: only the "
                "paired interval (or DeLong's test) of the difference answers the question; two overlapping "
                "separate intervals can hide a real difference, as naive Bayes against logistic regression "
                "would show with fewer people."),
    ],
    success="No evidence either way, and the interval bounds what dropping the measurement can cost; "
            "whether that is worth one measurement less is a judgement the numbers inform.",
    hint="return one of 1, 2, 3 or 4, the number of the statement you choose.",
    compare=lambda actual, expected: close(actual, expected, rtol=0, atol=0),
)


def check_reading_the_comparison(func: Callable) -> CheckResult:
    """Check ``func()``: the number (1-4) of the right reading of section 1's comparison.

    A wrong choice gets the hint for that choice; the message never names the right one.

    Examples
    --------
    >>> check_reading_the_comparison(lambda: 3)  # doctest: +ELLIPSIS
    ✘ Not yet: reading_the_comparison_mine() returned 3. Answer 3 reads a large p-value as proof ...
      Hint: ...
    """
    result = READING_THE_COMPARISON.check(func)
    if result.passed:
        return result
    # The engine quotes the expected value ("but the answer is 2"): for a multiple choice, that is the answer.
    return CheckResult(False, result.message.replace(f", but the answer is {_RIGHT_ANSWER}.", "."))
