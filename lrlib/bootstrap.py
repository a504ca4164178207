"""How sure are we? Bootstrap intervals for a classifier's metrics, and DeLong's test (chapter 12).

- :func:`bootstrap_interval`: a confidence interval for one metric (AUC, average precision,
  Brier score, or any function of ``(y_true, y_score)``) on one test set, by the percentile
  or the BCa (bias-corrected and accelerated) method;
- :func:`bootstrap_difference`: the same for the difference of a metric between two
  classifiers scored on the *same* test set (a paired bootstrap: each resample takes the
  same people for both);
- :func:`delong_test`: DeLong's test for two correlated AUCs, without resampling.

The bootstrap draws each resample as scipy does (``rng.integers(0, n, size=(batch, n))``
with a NumPy ``Generator``), so :func:`scipy.stats.bootstrap` with ``paired=True`` and the
same generator sees the same resamples and gives the same interval. What differs is the
cost: the AUC, average precision and Brier score are computed for a whole batch of resamples
at once. A resample is a count per test case (how often it was drawn), so the scores are
sorted once, and each resample's ROC sweep is a cumulative sum over those counts instead of a
sort; the BCa method's jackknife (every leave-one-out estimate) comes from the same counts,
and for the AUC from DeLong's placement values, in one pass. Any other metric is called once
per resample.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from numbers import Integral

import numpy as np
from scipy.special import ndtr, ndtri

from lrlib._validation import (
    check_array,
    check_binary_labels,
    check_bool,
    check_consistent_length,
    check_probabilities,
    check_scalar,
)

__all__ = ["BootstrapResult", "DeLongResult", "bootstrap_difference", "bootstrap_interval", "delong_test"]

#: Draws held in memory at once: resamples are processed in batches of about this many indices.
BATCH_ELEMENTS = 2_000_000

_METHODS = ("percentile", "bca")


# --------------------------------------------------------------------------- results

@dataclass(frozen=True)
class BootstrapResult:
    """A bootstrap confidence interval and the distribution it comes from.

    Attributes
    ----------
    metric : str
        The metric's name (for a difference, ``"<metric> difference (b - a)"``).
    estimate : float
        The metric on the whole test set (for a difference: the metric of ``b`` minus that of ``a``).
    low, high : float
        The interval's ends.
    confidence_level : float
    method : {"percentile", "bca"}
    distribution : numpy.ndarray of shape (n_resamples,)
        The metric on each resample, in the order drawn.
    standard_error : float
        The standard deviation of ``distribution`` (``ddof=1``, as scipy's).
    acceleration, bias_correction : float
        BCa's constants ``a`` and ``z0`` (0 for the percentile method).
    """

    metric: str
    estimate: float
    low: float
    high: float
    confidence_level: float
    method: str
    distribution: np.ndarray = field(repr=False)
    standard_error: float
    acceleration: float = 0.0
    bias_correction: float = 0.0

    @property
    def n_resamples(self) -> int:
        """The number of resamples."""
        return len(self.distribution)

    @property
    def interval(self) -> tuple[float, float]:
        """``(low, high)``."""
        return self.low, self.high

    def __str__(self) -> str:
        name = "BCa" if self.method == "bca" else self.method
        return (f"{self.metric} {self.estimate:.4f}, {self.confidence_level:.0%} {name} interval "
                f"[{self.low:.4f}, {self.high:.4f}] ({self.n_resamples} resamples)")


@dataclass(frozen=True)
class DeLongResult:
    """DeLong's test of two correlated AUCs (both classifiers scored on the same cases).

    Attributes
    ----------
    auc_a, auc_b : float
    difference : float
        ``auc_b - auc_a`` (the sign convention of MLstatkit and of R's ``pROC::roc.test``).
    standard_error : float
        DeLong's standard error of the difference.
    statistic : float
        ``z = difference / standard_error``, standard normal when the two AUCs are equal.
    p_value : float
        Two-sided.
    covariance : numpy.ndarray of shape (2, 2)
        DeLong's covariance matrix of ``(auc_a, auc_b)``: its diagonal holds each AUC's variance.
    """

    auc_a: float
    auc_b: float
    difference: float
    standard_error: float
    statistic: float
    p_value: float
    covariance: np.ndarray = field(repr=False)

    def difference_interval(self, confidence_level: float = 0.95) -> tuple[float, float]:
        """The normal-approximation interval ``difference -/+ z * standard_error``.

        Examples
        --------
        >>> result = delong_test([0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.3, 0.6],
        ...                      [0.2, 0.1, 0.5, 0.9, 0.6, 0.7])
        >>> [round(x, 3) for x in result.difference_interval()]
        [-0.377, 0.377]
        """
        level = check_scalar(confidence_level, "confidence_level", min_value=0, max_value=1,
                             include_min=False, include_max=False)
        half = float(ndtri(0.5 + level / 2)) * self.standard_error
        return self.difference - half, self.difference + half

    def __str__(self) -> str:
        return (f"AUC a {self.auc_a:.4f}, AUC b {self.auc_b:.4f}, difference (b - a) {self.difference:.4f} "
                f"(standard error {self.standard_error:.4f}), z = {self.statistic:.3f}, "
                f"p = {self.p_value:.3g}")


# --------------------------------------------------------------------------- metrics

class _Metric:
    """One metric: its name, its value on given data, and its values for many resamples at once.

    ``values(idx)`` takes a (m, n) array of drawn case numbers (one resample per row);
    ``jackknife()`` returns the n leave-one-out values.
    """

    name = "metric"

    def __init__(self, y: np.ndarray, s: np.ndarray):
        self.y, self.s, self.n = y, s, len(y)

    def check(self, y: np.ndarray, what: str) -> None:
        """Raise if the labels ``y`` (of the test set, or of a resample) do not allow the metric."""

    def degenerate(self, idx: np.ndarray) -> np.ndarray:
        """Which rows of ``idx`` the metric is undefined on (e.g. a resample without positives)."""
        return np.zeros(len(idx), dtype=bool)


class _MeanMetric(_Metric):
    """A metric that is the mean of one number per case (the Brier score)."""

    def __init__(self, y, s, per_case: np.ndarray):
        super().__init__(y, s)
        self.per_case = per_case

    def value(self) -> float:
        return float(np.mean(self.per_case))

    def values(self, idx: np.ndarray) -> np.ndarray:
        return self.per_case[idx].mean(axis=1)

    def jackknife(self) -> np.ndarray:
        return (self.per_case.sum() - self.per_case) / (self.n - 1)


class _Brier(_MeanMetric):
    name = "brier_score"

    def __init__(self, y, s):
        super().__init__(y, s, (s - y) ** 2)


class _RankMetric(_Metric):
    """A metric of the ranking (AUC, average precision), from counts per block of scores and class.

    Sorted by score, the cases fall into *blocks*: runs of consecutive distinct scores that
    the metric cannot tell apart (for the AUC, a run of negatives with no positive between
    them, or a run of positives; for average precision, a run of negatives), tied scores
    always in one block. A resample is summarised by how many of its draws fall in each
    (class, block) cell: a bincount, then a cumulative sum along the blocks, instead of a sort
    per resample.
    """

    needs_negatives = True
    merges_positives = True

    def __init__(self, y, s):
        super().__init__(y, s)
        _, group = np.unique(s, return_inverse=True)  # distinct scores, ascending
        n_groups = int(group.max()) + 1
        positives = np.bincount(group, weights=y, minlength=n_groups)
        sizes = np.bincount(group, minlength=n_groups)
        kind = np.where(positives == 0, 0, np.where(positives == sizes, 1, 2))  # negative, positive, mixed
        same = kind[1:] == kind[:-1]
        mergeable = same & ((kind[1:] != 2) if self.merges_positives else (kind[1:] == 0))
        block_of_group = np.r_[0, np.cumsum(~mergeable)]
        self.block = block_of_group[group]
        self.B = int(block_of_group[-1]) + 1
        self.cell = (self.block + self.B * y.astype(np.int64)).astype(np.intp)  # class-major: (class, block)
        self.labels_int8 = y.astype(np.int8)

    def check(self, y, what):
        n_pos = int(np.sum(y == 1))
        if n_pos == 0 or (self.needs_negatives and n_pos == len(y)):
            only = "negatives (0)" if n_pos == 0 else "positives (1)"
            raise ValueError(f"{what} holds only {only}: {self.name} needs "
                             + ("both classes" if self.needs_negatives else "at least one positive"))

    def degenerate(self, idx):
        n_pos = self.labels_int8[idx].sum(axis=1, dtype=np.int64)  # one byte a draw: half the time of float's
        return (n_pos == 0) | ((n_pos == idx.shape[1]) if self.needs_negatives else False)

    def counts(self, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per resample (row of ``idx``) and block: the numbers of negatives and positives drawn."""
        m = len(idx)
        keys = self.cell[idx]
        keys += (2 * self.B) * np.arange(m, dtype=np.intp)[:, None]
        c = np.bincount(keys.ravel(), minlength=2 * self.B * m).reshape(m, 2, self.B)
        return c[:, 0], c[:, 1]

    def value(self) -> float:
        return float(self.from_counts(*self.counts(np.arange(self.n)[None, :]))[0])

    def values(self, idx):
        return self.from_counts(*self.counts(idx))

    def jackknife(self) -> np.ndarray:
        # Leave case i out: the full counts minus one in case i's (class, block) cell.
        neg, pos = self.counts(np.arange(self.n)[None, :])
        out = np.empty(self.n)
        rows = max(1, BATCH_ELEMENTS // (2 * self.B))
        for start in range(0, self.n, rows):
            cases = np.arange(start, min(start + rows, self.n))
            n_i = np.repeat(neg, len(cases), axis=0)
            p_i = np.repeat(pos, len(cases), axis=0)
            positive = self.y[cases] == 1
            p_i[np.flatnonzero(positive), self.block[cases[positive]]] -= 1
            n_i[np.flatnonzero(~positive), self.block[cases[~positive]]] -= 1
            out[cases] = self.from_counts(n_i, p_i)
        return out


class _RocAuc(_RankMetric):
    name = "roc_auc"

    @staticmethod
    def from_counts(neg, pos):
        # Each positive outranks the negatives of lower blocks and ties with half of its own block's:
        # twice the pairs in order, 2 * sum(pos * cumsum(neg)) - sum(pos * neg), in exact integers.
        twice_in_order = (2 * np.einsum("ij,ij->i", pos, np.cumsum(neg, axis=1))
                          - np.einsum("ij,ij->i", pos, neg))
        return twice_in_order / (2.0 * pos.sum(axis=1) * neg.sum(axis=1))

    def jackknife(self) -> np.ndarray:
        # DeLong's placement values: leaving out a positive removes the pairs it is in.
        v_pos, v_neg = _placements(self.y, self.s)
        n_pos, n_neg = len(v_pos), len(v_neg)
        if n_pos < 2 or n_neg < 2:
            raise ValueError(f"the BCa method's jackknife leaves out one case at a time, so {self.name} "
                             f"needs at least 2 positives and 2 negatives (y_true holds {n_pos} and "
                             f"{n_neg}): use method='percentile'")
        u = v_pos.sum() * n_neg  # pairs in the right order, ties counting one half
        out = np.empty(self.n)
        out[self.y == 1] = (u - v_pos * n_neg) / ((n_pos - 1) * n_neg)
        out[self.y == 0] = (u - v_neg * n_pos) / (n_pos * (n_neg - 1))
        return out


class _AveragePrecision(_RankMetric):
    name = "average_precision"
    needs_negatives = False
    merges_positives = False  # each distinct score of a positive is a threshold with its own precision

    @staticmethod
    def from_counts(neg, pos):
        # Sweep from the highest score: precision at each block, weighted by the positives there.
        neg, pos = neg[:, ::-1], pos[:, ::-1]
        tp, flagged = np.cumsum(pos, axis=1), np.cumsum(pos + neg, axis=1)
        precision = np.divide(tp, flagged, out=np.zeros(tp.shape), where=flagged > 0)
        return np.einsum("ij,ij->i", pos, precision) / pos.sum(axis=1)


class _Callable(_Metric):
    """Any ``metric(y_true, y_score)``, called once per resample."""

    def __init__(self, y, s, func: Callable):
        super().__init__(y, s)
        self.func = func
        self.name = getattr(func, "__name__", "metric")

    def _call(self, y, s) -> float:
        value = self.func(y, s)
        try:
            value = float(value)
        except (TypeError, ValueError):
            raise TypeError(f"metric must return a number, but {self.name} returned "
                            f"{type(value).__name__}") from None
        return value

    def value(self):
        return self._call(self.y, self.s)

    def values(self, idx):
        return np.array([self._call(self.y[i], self.s[i]) for i in idx])

    def jackknife(self):
        keep = np.ones(self.n, dtype=bool)
        out = np.empty(self.n)
        for i in range(self.n):
            keep[i] = False
            out[i] = self._call(self.y[keep], self.s[keep])
            keep[i] = True
        return out


_BUILT_IN = {"roc_auc": _RocAuc, "average_precision": _AveragePrecision, "brier_score": _Brier}
# The same metrics under the names of their functions in lrlib.metrics and sklearn.metrics
_FUNCTION_NAMES = {"roc_auc_score": "roc_auc", "average_precision_score": "average_precision",
                   "brier_score": "brier_score", "brier_score_loss": "brier_score"}


def _metric_kind(metric) -> type | Callable:
    """The built-in metric ``metric`` names (a name, or lrlib's or scikit-learn's function), or itself."""
    if isinstance(metric, str):
        key = _FUNCTION_NAMES.get(metric, metric)
        if key not in _BUILT_IN:
            raise ValueError(f"metric must be one of {sorted(_BUILT_IN)} or a function "
                             f"metric(y_true, y_score), got {metric!r}")
        return _BUILT_IN[key]
    if not callable(metric):
        raise TypeError(f"metric must be a name ({', '.join(sorted(_BUILT_IN))}) or a function "
                        f"metric(y_true, y_score), got {type(metric).__name__}")
    module = getattr(metric, "__module__", "") or ""
    name = getattr(metric, "__name__", "")
    if (module == "lrlib.metrics" or module.startswith("sklearn.metrics")) and name in _FUNCTION_NAMES:
        return _BUILT_IN[_FUNCTION_NAMES[name]]
    return metric


def _build(kind, y: np.ndarray, s: np.ndarray, score_name: str) -> _Metric:
    if isinstance(kind, type):
        if kind is _Brier:
            s = check_probabilities(s, score_name, ndim=1)
        return kind(y, s)
    return _Callable(y, s, kind)


# --------------------------------------------------------------------------- resampling

def _check_options(n_resamples, confidence_level, method, stratify, batch):
    if isinstance(n_resamples, bool) or not isinstance(n_resamples, Integral):
        raise TypeError(f"n_resamples must be an integer, got {type(n_resamples).__name__} {n_resamples!r}")
    if n_resamples < 2:
        raise ValueError(f"n_resamples must be at least 2 (an interval needs a distribution), "
                         f"got {n_resamples}")
    level = check_scalar(confidence_level, "confidence_level", min_value=0, max_value=1,
                         include_min=False, include_max=False)
    if not isinstance(method, str) or method.lower() not in _METHODS:
        raise ValueError(f"method must be 'percentile' or 'bca', got {method!r}")
    stratify = check_bool(stratify, "stratify")
    if batch is not None:
        batch = check_scalar(batch, "batch", min_value=1, integer=True)
    return int(n_resamples), level, method.lower(), stratify, batch


def _generator(random_state) -> np.random.Generator:
    if isinstance(random_state, bool):
        raise TypeError("random_state must be None, an integer seed or a numpy.random.Generator, got bool")
    if random_state is None or isinstance(random_state, Integral | np.random.SeedSequence):
        if isinstance(random_state, Integral) and random_state < 0:
            raise ValueError(f"random_state must be a non-negative seed, got {random_state}")
        return np.random.default_rng(random_state)
    if isinstance(random_state, np.random.Generator):
        return random_state
    raise TypeError("random_state must be None, an integer seed or a numpy.random.Generator, "
                    f"got {type(random_state).__name__}")


def _labels_and_scores(y_true, scores: dict[str, object]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    y = check_binary_labels(y_true, "y_true")
    arrays = {name: check_array(s, name, ndim=1).astype(np.float64) for name, s in scores.items()}
    check_consistent_length(y_true=y, **arrays)
    if len(y) < 2:
        raise ValueError(f"y_true must hold at least 2 cases to resample, got {len(y)}")
    return y, arrays


def _index_dtype(n: int):
    """int32 draws where they fit: the same numbers as scipy's int64 draws, half the memory."""
    return np.int32 if n < 2**31 else np.int64


def _resamples(y: np.ndarray, n_resamples: int, rng: np.random.Generator, stratify: bool, batch: int | None):
    """Batches of drawn case numbers, shape (m, n): scipy's draws, or per class when ``stratify``."""
    n = len(y)
    per_batch = batch or max(1, BATCH_ELEMENTS // n)
    classes = [np.flatnonzero(y == 0), np.flatnonzero(y == 1)] if stratify else None
    for start in range(0, n_resamples, per_batch):
        m = min(per_batch, n_resamples - start)
        if classes is None:
            yield rng.integers(0, n, size=(m, n), dtype=_index_dtype(n))
        else:
            yield np.hstack([members[rng.integers(0, len(members), size=(m, len(members)),
                                                  dtype=_index_dtype(n))]
                             for members in classes])


def _acceleration(jackknife: np.ndarray) -> float:
    """BCa's acceleration from the leave-one-out values (Efron and Tibshirani, 1993, eq. 14.15)."""
    u = jackknife.mean() - jackknife
    denominator = np.sum(u ** 2) ** 1.5
    return float(np.sum(u ** 3) / (6 * denominator)) if denominator > 0 else 0.0


def _interval(distribution: np.ndarray, estimate: float, level: float, method: str, jackknife: Callable):
    alpha = (1 - level) / 2
    if method == "percentile":
        low, high = np.quantile(distribution, [alpha, 1 - alpha])
        return float(low), float(high), 0.0, 0.0
    # BCa: z0 from the share of resamples below the estimate (ties counting one half), a from the jackknife
    share_below = (np.count_nonzero(distribution < estimate)
                   + np.count_nonzero(distribution <= estimate)) / (2 * len(distribution))
    if share_below in (0.0, 1.0):
        side = "above" if share_below == 0 else "below"
        raise ValueError(f"every resample's value lies {side} the estimate {estimate:.6g}, so the BCa "
                         "interval is undefined: use method='percentile' or more resamples")
    z0 = float(ndtri(share_below))
    leave_one_out = jackknife()
    if not np.all(np.isfinite(leave_one_out)):
        raise ValueError("the metric is undefined once one case is left out (the BCa method's jackknife): "
                         "use method='percentile'")
    a = _acceleration(leave_one_out)
    z = float(ndtri(alpha))
    probabilities = [ndtr(z0 + (z0 + q) / (1 - a * (z0 + q))) for q in (z, -z)]
    low, high = np.quantile(distribution, probabilities)
    return float(low), float(high), a, z0


def _run(metrics: list[_Metric], combine: Callable, y, n_resamples, rng, stratify, batch, name: str):
    """The distribution of ``combine(values of each metric)`` over the resamples."""
    distribution = np.empty(n_resamples)
    degenerate, filled = 0, 0
    for idx in _resamples(y, n_resamples, rng, stratify, batch):
        bad = metrics[0].degenerate(idx)
        degenerate += int(bad.sum())
        if not bad.any():
            distribution[filled:filled + len(idx)] = combine(*[m.values(idx) for m in metrics])
        filled += len(idx)
    if degenerate:
        raise ValueError(f"{degenerate} of the {n_resamples} resamples hold only one class, where {name} is "
                         "undefined: pass stratify=True (each resample then keeps the test set's numbers "
                         "of positives and negatives), or use a larger test set")
    return distribution


def bootstrap_interval(metric, y_true, y_score, *, n_resamples: int = 2000, confidence_level: float = 0.95,
                       method: str = "bca", stratify: bool = False, random_state=None,
                       batch: int | None = None) -> BootstrapResult:
    """A bootstrap confidence interval for a metric of one classifier on one test set.

    Each resample draws ``n`` cases with replacement from the ``n`` of the test set
    (every case equally likely) and computes the metric on them; the spread of those
    values says how much the metric would move on another test set of the same size.

    Parameters
    ----------
    metric : {"roc_auc", "average_precision", "brier_score"} or callable
        A built-in metric, by name or as its function (``lrlib.metrics.roc_auc_score``,
        ``average_precision_score``, ``brier_score``, or scikit-learn's namesakes), computed
        for many resamples at once; or any function ``metric(y_true, y_score) -> float``,
        called once per resample (and ``n`` more times for the BCa method's jackknife).
    y_true : array-like of 0 and 1, shape (n,)
    y_score : array-like of shape (n,)
        Scores (higher means more likely positive); probabilities for the Brier score.
    n_resamples : int, default 2000
        At least 2.
    confidence_level : float in (0, 1), default 0.95
    method : {"bca", "percentile"}, default "bca"
        ``"percentile"``: the ``(1 - level) / 2`` and ``(1 + level) / 2`` quantiles of the
        resampled values. ``"bca"`` (bias-corrected and accelerated, scipy's default) shifts
        those quantiles to correct for a bootstrap distribution that is off-centre (``z0``)
        or whose spread changes with the metric's value (the acceleration ``a``, from the
        jackknife).
    stratify : bool, default False
        Resample the positives and the negatives separately, keeping their numbers fixed
        (so no resample lacks a class). False is the plain bootstrap, scipy's.
    random_state : None, int or numpy.random.Generator
        Seeds the resampling: the same seed gives the same resamples.
    batch : int, optional
        Resamples computed together (default: as many as fit in about 2 million draws).
        Does not change the result.

    Returns
    -------
    BootstrapResult

    Raises
    ------
    ValueError
        Labels other than 0 and 1, inputs of different lengths, NaN; a metric that needs
        both classes given one; fewer than two resamples; a resample without one of the
        classes the metric needs (use ``stratify=True``).

    See Also
    --------
    scipy.stats.bootstrap : the same interval with ``paired=True`` and the same generator.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> y = rng.integers(0, 2, 200)
    >>> score = y + rng.normal(size=200)
    >>> result = bootstrap_interval("roc_auc", y, score, n_resamples=1000, random_state=0)
    >>> print(result)
    roc_auc 0.7574, 95% BCa interval [0.6898, 0.8223] (1000 resamples)
    >>> round(result.standard_error, 4)
    0.0342
    """
    n_resamples, level, method, stratify, batch = _check_options(n_resamples, confidence_level, method,
                                                                 stratify, batch)
    kind = _metric_kind(metric)
    y, arrays = _labels_and_scores(y_true, {"y_score": y_score})
    measure = _build(kind, y, arrays["y_score"], "y_score")
    measure.check(y, "y_true")
    rng = _generator(random_state)
    estimate = measure.value()
    distribution = _run([measure], lambda v: v, y, n_resamples, rng, stratify, batch, measure.name)
    low, high, a, z0 = _interval(distribution, estimate, level, method, measure.jackknife)
    return BootstrapResult(measure.name, estimate, low, high, level, method, distribution,
                           float(np.std(distribution, ddof=1)), a, z0)


def bootstrap_difference(metric, y_true, y_score_a, y_score_b, *, n_resamples: int = 2000,
                         confidence_level: float = 0.95, method: str = "bca", stratify: bool = False,
                         random_state=None, batch: int | None = None) -> BootstrapResult:
    """A paired bootstrap interval for ``metric(b) - metric(a)``, two classifiers on the same test set.

    Each resample draws the same cases for both classifiers, so what the two get right
    and wrong together cancels in the difference: the interval is much narrower than
    the two single intervals suggest when the classifiers are correlated, as two models
    of the same data are. An interval that excludes 0 says that ``b`` is better (or worse)
    at that confidence level.

    Parameters
    ----------
    metric, y_true, n_resamples, confidence_level, method, stratify, random_state, batch
        As in :func:`bootstrap_interval`.
    y_score_a, y_score_b : array-like of shape (n,)
        The two classifiers' scores for the same cases, in the same order.

    Returns
    -------
    BootstrapResult
        Of the difference ``metric(y_true, y_score_b) - metric(y_true, y_score_a)``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> y = rng.integers(0, 2, 300)
    >>> a = y + rng.normal(size=300)
    >>> b = a + 0.5 * y + rng.normal(scale=0.5, size=300)   # b adds information
    >>> print(bootstrap_difference("roc_auc", y, a, b, n_resamples=1000, random_state=0))
    roc_auc difference (b - a) 0.0633, 95% BCa interval [0.0425, 0.0874] (1000 resamples)
    """
    n_resamples, level, method, stratify, batch = _check_options(n_resamples, confidence_level, method,
                                                                 stratify, batch)
    kind = _metric_kind(metric)
    y, arrays = _labels_and_scores(y_true, {"y_score_a": y_score_a, "y_score_b": y_score_b})
    a = _build(kind, y, arrays["y_score_a"], "y_score_a")
    b = _build(kind, y, arrays["y_score_b"], "y_score_b")
    a.check(y, "y_true")
    rng = _generator(random_state)
    estimate = b.value() - a.value()
    distribution = _run([a, b], lambda va, vb: vb - va, y, n_resamples, rng, stratify, batch, a.name)
    low, high, acc, z0 = _interval(distribution, estimate, level, method,
                                   lambda: b.jackknife() - a.jackknife())
    return BootstrapResult(f"{a.name} difference (b - a)", estimate, low, high, level, method, distribution,
                           float(np.std(distribution, ddof=1)), acc, z0)


# --------------------------------------------------------------------------- DeLong

def _placements(y: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """DeLong's placement values: per positive, the share of negatives it outranks; per negative,
    the share of positives that outrank it (a tie counting one half)."""
    positive = y == 1
    neg_sorted, pos_sorted = np.sort(s[~positive]), np.sort(s[positive])
    pos_scores, neg_scores = s[positive], s[~positive]
    below = np.searchsorted(neg_sorted, pos_scores, side="left")
    below_or_tied = np.searchsorted(neg_sorted, pos_scores, side="right")
    v_pos = (below + below_or_tied) / (2 * len(neg_sorted))
    above = len(pos_sorted) - np.searchsorted(pos_sorted, neg_scores, side="right")
    above_or_tied = len(pos_sorted) - np.searchsorted(pos_sorted, neg_scores, side="left")
    v_neg = (above + above_or_tied) / (2 * len(pos_sorted))
    return v_pos, v_neg


def delong_test(y_true, y_score_a, y_score_b) -> DeLongResult:
    """DeLong's test: do two classifiers scored on the same cases have the same AUC?

    Each positive's *placement* is the share of negatives it outranks, each negative's the
    share of positives that outrank it (ties counting one half); the AUC is the mean
    placement of the positives. The variance of an AUC, and the covariance of two AUCs on
    the same cases, follow from the sample covariances of the placements (DeLong, DeLong
    and Clarke-Pearson, 1988):

    ``Cov = S_pos / n_pos + S_neg / n_neg``, with ``S_pos``, ``S_neg`` the 2 x 2 covariance
    matrices (``ddof=1``) of the placements under the two scores. The difference's
    variance is ``Cov[0, 0] + Cov[1, 1] - 2 Cov[0, 1]``, and ``z`` is the difference over
    its standard error.

    Parameters
    ----------
    y_true : array-like of 0 and 1, shape (n,)
        At least two positives and two negatives.
    y_score_a, y_score_b : array-like of shape (n,)

    Returns
    -------
    DeLongResult
        The same statistic and p-value as ``MLstatkit.Delong_test(y_true, y_score_a, y_score_b)``.

    Raises
    ------
    ValueError
        Bad labels or scores; fewer than two cases of a class; two scores that rank every
        (positive, negative) pair alike, whose difference has no variance to test.

    Examples
    --------
    >>> y = [0, 0, 1, 1, 0, 1, 0, 1]
    >>> a = [0.1, 0.4, 0.35, 0.8, 0.3, 0.6, 0.7, 0.2]
    >>> b = [0.2, 0.1, 0.5, 0.9, 0.6, 0.7, 0.3, 0.4]
    >>> result = delong_test(y, a, b)
    >>> round(result.auc_a, 4), round(result.auc_b, 4), round(result.p_value, 4)
    (0.625, 0.875, 0.3173)
    """
    y, arrays = _labels_and_scores(y_true, {"y_score_a": y_score_a, "y_score_b": y_score_b})
    n_pos = int(y.sum())
    n_neg = len(y) - n_pos
    if n_pos < 2 or n_neg < 2:
        raise ValueError(f"y_true must hold at least 2 positives and 2 negatives for DeLong's variance, "
                         f"got {n_pos} positive(s) and {n_neg} negative(s)")
    placements = [_placements(y, arrays[name]) for name in ("y_score_a", "y_score_b")]
    v_pos = np.vstack([p[0] for p in placements])
    v_neg = np.vstack([p[1] for p in placements])
    covariance = np.cov(v_pos) / n_pos + np.cov(v_neg) / n_neg
    auc_a, auc_b = (float(v.mean()) for v in v_pos)
    variance = float(covariance[0, 0] + covariance[1, 1] - 2 * covariance[0, 1])
    if not variance > 0:
        raise ValueError("y_score_a and y_score_b give every case the same placement (they rank the "
                         "positives and negatives alike), so the difference of their AUCs has no variance "
                         "and there is nothing to test")
    standard_error = math.sqrt(variance)
    difference = auc_b - auc_a
    statistic = difference / standard_error
    p_value = float(2 * ndtr(-abs(statistic)))
    return DeLongResult(auc_a, auc_b, difference, standard_error, statistic, p_value, covariance)

