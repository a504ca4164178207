"""Exercise checkers of chapter 12, how sure are we.

- :func:`check_pool_adjacent_violators`: the isotonic fit of a sequence (the heart of isotonic calibration);
- :func:`check_temperature_gradient`: the derivative of the log-loss in the temperature (a derivation);
- :func:`check_paired_auc_differences`: a paired bootstrap, the bug in a colleague's version fixed;
- :func:`check_reading_the_comparison`: what a comparison of two classifiers on one test set shows
  (an interpretation).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from lrlib import _kernels
from lrlib import bootstrap as _bootstrap
from lrlib import calibration as _calibration
from lrlib.checks.building_blocks import AUTOGRAD, random_labels
from lrlib.checks.engine import CheckResult, Exercise, Mistake, as_real_array
from lrlib.metrics import roc_auc_by_ranking as _roc_auc_by_ranking

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



def _random_sequences(rng):
    """Other lengths and values: numbers, whole numbers with ties, and 0/1 labels."""
    return [(rng.normal(size=int(rng.integers(5, 13))),),
            (rng.integers(0, 5, size=int(rng.integers(6, 12))).astype(float),),
            (random_labels(rng, int(rng.integers(8, 16))),)]


def _non_decreasing(answer, values) -> str | None:
    """What keeps ``answer`` from being a non-decreasing sequence, or None."""
    fitted, _ = as_real_array(answer)
    steps = np.diff(fitted.ravel())
    if steps.size and steps.min() < -1e-9:
        i = int(np.argmin(steps))
        return f"it goes down, from {fitted.flat[i]:.4g} to {fitted.flat[i + 1]:.4g}"
    return None


POOL_ADJACENT_VIOLATORS = Exercise(
    name="pool_adjacent_violators", chapter=12, kind="transcription",
    reference=_pool_adjacent_violators, cases=_PAV_CASES, random_cases=_random_sequences,
    forbidden=(_kernels.pool_adjacent_violators, "sklearn.isotonic:isotonic_regression",
               "scipy.optimize:isotonic_regression"),
    validate=_non_decreasing,
    range_hint="an isotonic fit never goes down: each value is at least the one before it.",
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


def check_pool_adjacent_violators(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(values)``: the non-decreasing sequence closest to ``values`` (least squares).

    On fixed cases and random ones drawn from ``seed`` (a ✘ shows it).

    Examples
    --------
    >>> def pool(values):
    ...     means, counts = [], []
    ...     for value in values:
    ...         means.append(float(value)); counts.append(1)
    ...         while len(means) > 1 and means[-2] > means[-1]:  # merge the last two blocks
    ...             m, c = means.pop(), counts.pop()
    ...             means[-1] = (means[-1] * counts[-1] + m * c) / (counts[-1] + c)
    ...             counts[-1] += c
    ...     return np.repeat(means, counts)
    >>> check_pool_adjacent_violators(pool)  # doctest: +ELLIPSIS
    ✔ Correct! Pool adjacent violators: ...
    >>> from sklearn.isotonic import isotonic_regression
    >>> print(check_pool_adjacent_violators(isotonic_regression))  # doctest: +ELLIPSIS
    ✘ Not yet: ... is sklearn.isotonic.isotonic_regression itself.
      Hint: write it yourself: ...
    """
    return POOL_ADJACENT_VIOLATORS.check(func, seed=seed)


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


def _random_logits(rng):
    """Other sizes, spreads of the logits and temperatures (both sides of 1)."""
    cases = []
    for low, high in [(0.3, 1.0), (1.0, 4.0)]:
        n, k = int(rng.integers(5, 12)), int(rng.integers(2, 6))
        logits = rng.normal(scale=rng.uniform(0.5, 3.0), size=(n, k))
        cases.append((logits, rng.integers(0, k, size=n), float(rng.uniform(low, high))))
    return cases


TEMPERATURE_GRADIENT = Exercise(
    name="temperature_gradient", chapter=12, kind="derivation",
    reference=_gradient_with(), cases=_gradient_cases(), random_cases=_random_logits,
    forbidden=(_calibration.TemperatureScaling._loss_and_derivatives, *AUTOGRAD),
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


def check_temperature_gradient(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(logits, y, temperature)``: ``dL/dT`` of the mean log-loss of ``softmax(logits / T)``.

    On fixed cases and random ones drawn from ``seed`` (a ✘ shows it).

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
    return TEMPERATURE_GRADIENT.check(func, seed=seed)


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
            out[r] = sign * (_roc_auc_by_ranking(label_b, b[rows_b])
                             - _roc_auc_by_ranking(label_a, a[rows_a]))
        return out
    return differences


def _paired_cases():
    rng = np.random.default_rng(21)
    cases = []
    # few resamples: a loop of AUCs is slow (scikit-learn's, watched by the checker, the more so)
    for n, n_resamples, seed in [(40, 20, 0), (60, 25, 1), (50, 15, 2)]:
        y = np.r_[np.zeros(n // 2), np.ones(n - n // 2)]
        a = y + rng.normal(size=n)
        b = a + 0.5 * y + rng.normal(scale=0.7, size=n)
        cases.append((y, a, b, n_resamples, seed))
    return cases


def _random_comparisons(rng):
    """Other test sets, resample counts and seeds: a table of one check's answers fails the next."""
    cases = []
    for _ in range(2):
        n = int(rng.integers(30, 61))
        y = rng.permutation(np.r_[np.zeros(n // 2), np.ones(n - n // 2)])
        a = y + rng.normal(size=n)
        b = a + rng.uniform(-0.5, 1.0) * y + rng.normal(scale=0.7, size=n)
        cases.append((y, a, b, int(rng.integers(10, 26)), int(rng.integers(0, 2**31))))
    return cases


_TWO_DRAWS = ("draw the rows once per resample, rows = rng.integers(0, n, size=n), and use them for both "
              "models: the checker compares your differences with those draws.")

PAIRED_AUC_DIFFERENCES = Exercise(
    name="paired_auc_differences", chapter=12, kind="bug",
    reference=_differences_with(), cases=_paired_cases, random_cases=_random_comparisons,
    forbidden=(_bootstrap.bootstrap_difference, "scipy.stats:bootstrap"),
    output_range=(-1, 1), range_hint="a difference of two AUCs lies between -1 and 1.",
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


def check_paired_auc_differences(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(y_true, score_a, score_b, n_resamples, seed)``: paired bootstrap AUC differences (b - a).

    The rows of each resample come from ``np.random.default_rng(seed).integers(0, n, size=n)``,
    drawn once per resample. On fixed cases and random ones drawn from this function's
    ``seed`` (a ✘ shows it).

    Examples
    --------
    >>> from sklearn.metrics import roc_auc_score
    >>> def differences(y_true, score_a, score_b, n_resamples, seed):
    ...     rng = np.random.default_rng(seed)
    ...     rows = [rng.integers(0, len(y_true), size=len(y_true)) for _ in range(n_resamples)]
    ...     return np.array([roc_auc_score(y_true[r], score_b[r]) - roc_auc_score(y_true[r], score_a[r])
    ...                      for r in rows])
    >>> check_paired_auc_differences(differences)  # doctest: +ELLIPSIS
    ✔ Correct! Paired: ...
    """
    return PAIRED_AUC_DIFFERENCES.check(func, seed=seed)


# --- exercise 4: reading a comparison ---------------------------------------------------------------

# Section 2's two comparisons as the chapter prints them (a: logistic regression; b: the rival);
# the notebook checks these numbers against its own output.
CHAPTER_COMPARISONS = {
    "naive Bayes": {"auc_a": 0.9807, "interval_a": (0.9726, 0.9861), "auc_b": 0.9665,
                    "interval_b": (0.9544, 0.9743), "difference": -0.0142,
                    "paired_interval": (-0.0211, -0.0088), "delong_p": 3.2e-06},
    "without measurement 3": {"auc_a": 0.9807, "interval_a": (0.9726, 0.9861), "auc_b": 0.9805,
                              "interval_b": (0.9725, 0.986), "difference": -0.0002,
                              "paired_interval": (-0.0008, 0.0002), "delong_p": 0.39},
}


def _verdict(comparison):
    """-1 if b ranks worse than a, +1 if better, on the evidence of the paired interval; else 0."""
    low, high = comparison["paired_interval"]
    return -1 if high < 0 else 1 if low > 0 else 0


def _overlap_rule(comparison):
    (low_a, high_a), (low_b, high_b) = comparison["interval_a"], comparison["interval_b"]
    overlap = low_a <= high_b and low_b <= high_a
    return 0 if overlap else int(np.sign(comparison["difference"]))


def _random_readings(rng):
    """Comparisons of each kind: b worse and better beyond doubt, though the separate intervals
    overlap; and differences of either sign that the test set cannot tell from 0."""
    cases = []
    for sign, significant in [(-1, True), (1, True), (-1, False), (1, False)]:
        auc_a, se = rng.uniform(0.65, 0.9), rng.uniform(0.003, 0.012)  # se: of the difference
        z = sign * (rng.uniform(2.6, 5.0) if significant else rng.uniform(0.2, 1.5))
        difference = z * se
        separate = rng.uniform(1.8, 3.0) * se  # each AUC's own standard error: wide enough to overlap
        auc_b = auc_a + difference

        def interval(centre, half, low=-1.0, high=1.0):
            return (round(float(max(centre - half, low)), 4), round(float(min(centre + half, high)), 4))

        cases.append(({"auc_a": round(float(auc_a), 4), "interval_a": interval(auc_a, 1.96 * separate, 0.0),
                       "auc_b": round(float(auc_b), 4), "interval_b": interval(auc_b, 1.96 * separate, 0.0),
                       "difference": round(float(difference), 4),
                       "paired_interval": interval(difference, 1.96 * se),
                       "delong_p": float(f"{math.erfc(abs(z) / math.sqrt(2)):.2g}")},))
    return cases


def _one_of_three(answer, comparison) -> str | None:
    value, _ = as_real_array(answer)
    if value.size != 1 or float(value.flat[0]) not in (-1.0, 0.0, 1.0):
        return f"it is {value.flat[0]:.4g}, not -1, 0 or 1" if value.size else "it is empty"
    return None


READING_THE_COMPARISON = Exercise(
    name="reading_the_comparison", chapter=12, kind="interpretation",
    reference=_verdict, cases=[(dict(c),) for c in CHAPTER_COMPARISONS.values()],
    random_cases=_random_readings,
    mistakes=[
        Mistake(lambda comparison: int(np.sign(comparison["difference"])),
                "You read the sign of the difference alone.",
                "one test set's difference is an estimate: a small one, of either sign, is what chance "
                "alone gives. Ask whether the data rule out 0."),
        Mistake(_overlap_rule,
                "You asked whether the two AUCs' separate intervals overlap.",
                "both AUCs are measured on the same people, so their errors are correlated: two "
                "overlapping separate intervals can hide a real difference. Read the paired interval of "
                "the difference (or DeLong's p-value) instead."),
        Mistake(lambda comparison: -_verdict(comparison),
                "Your verdict has the wrong sign.",
                "the difference is AUC(b) - AUC(a): below 0, b ranks worse than a."),
        Mistake(lambda comparison: (0 if comparison["delong_p"] < 0.05
                                    else int(np.sign(comparison["difference"]))),
                "You read the p-value backwards.",
                "a small p-value (below 0.05) is evidence of a difference; a large one is no evidence either "
                "way."),
    ],
    validate=_one_of_three,
    range_hint="return -1 (b ranks worse), 0 (no evidence either way) or 1 (b ranks better).",
    success="The paired interval (or DeLong's test) decides. A 0 is no evidence of a difference, not "
            "evidence of none: the interval says which differences the data still allow, and whether a "
            "simpler model is worth them is a judgement the numbers inform.",
    hint="the question is about the *difference* of two AUCs measured on the same people: which of the "
         "numbers given speaks to it, and does it rule out 0?",
)


def check_reading_the_comparison(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(comparison)``: -1, 0 or 1, what a comparison of classifiers a and b shows.

    ``comparison`` holds what section 2 prints for one comparison: ``auc_a``, ``auc_b`` and
    their separate 95 % intervals ``interval_a``, ``interval_b``; the ``difference``
    ``auc_b - auc_a``, its ``paired_interval`` and DeLong's ``delong_p``. On the chapter's
    two comparisons and random ones drawn from ``seed`` (a ✘ shows it).

    Examples
    --------
    >>> print(check_reading_the_comparison(lambda comparison: int(np.sign(comparison["difference"])), seed=0))
    ... # doctest: +ELLIPSIS
    ✘ Not yet: ... You read the sign of the difference alone.
      Hint: ...
    """
    return READING_THE_COMPARISON.check(func, seed=seed)
