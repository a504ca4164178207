"""Exercise checkers of chapter 5, one-vs-rest (one-vs-all).

- :func:`check_one_vs_rest_targets`: the K binary target columns, "class k or not";
- :func:`check_one_vs_rest_predict`: the class whose classifier scores highest;
- :func:`check_one_vs_rest_proba`: a bug to find, one-vs-rest's normalised probabilities;
- :func:`check_gain_over_majority`: an interpretation, how much each binary classifier beats the
  answer that needs no features.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from lrlib._kernels import sigmoid as _sigmoid
from lrlib._kernels import softmax as _softmax
from lrlib.checks.building_blocks import labels_0_or_1
from lrlib.checks.engine import CheckResult, Exercise, Mistake, as_real_array
from lrlib.losses import one_hot

__all__ = ["check_gain_over_majority", "check_one_vs_rest_predict", "check_one_vs_rest_proba",
           "check_one_vs_rest_targets"]


# --- relabelled targets -----------------------------------------------------------------

def _targets(y, classes):
    # column k is 1 where y == classes[k]: one-hot encoding of each label's position in classes
    return one_hot(np.searchsorted(classes, y), len(classes))


# Class labels that are not 0..K-1, so that "the label" and "its column number" differ.
_TARGET_CASES = [
    (np.array([0, 1, 2, 1, 0]), np.array([0, 1, 2])),
    (np.array([3, 7, 7, 5, 3, 5, 7]), np.array([3, 5, 7])),
    (np.array([2, 9, 4, 4, 9, 2, 2, 4]), np.array([2, 4, 9])),
]

_TARGET_MISTAKES = [
    Mistake(lambda y, classes: _targets(y, classes).T,
            "Your array has one row per class.",
            "one row per sample and one column per class: shape (n_samples, n_classes)."),
    Mistake(lambda y, classes: 1.0 - _targets(y, classes),
            "Your columns mark the rest with 1 and the class with 0.",
            "in column k, the samples of class k are the positives (1), every other sample is 0."),
    Mistake(lambda y, classes: _targets(y, classes)[:, 1:],
            "You have one column too few.",
            "one-vs-rest trains one classifier per class, so keep all K columns (no 'drop first')."),
    Mistake(lambda y, classes: _targets(y, classes)[:, :-1],
            "You have one column too few.",
            "one-vs-rest trains one classifier per class, so keep all K columns."),
    Mistake(lambda y, classes: (np.asarray(y)[:, None] == np.arange(len(classes))).astype(float),
            "Your columns compare y with the column numbers 0, 1, 2.",
            "compare y with the class labels: y[:, None] == classes[None, :]."),
]


def _random_classes(rng, low: int = 2) -> np.ndarray:
    """2 to 5 sorted class labels among 0..19, rarely 0, 1, 2, ... themselves."""
    return np.sort(rng.choice(20, size=int(rng.integers(low, 6)), replace=False))


def _random_targets(rng):
    classes = _random_classes(rng, low=3)
    return [(rng.choice(classes, size=int(rng.integers(5, 12))), classes)]


ONE_VS_REST_TARGETS = Exercise(
    name="one_vs_rest_targets", chapter=5,
    reference=_targets, cases=_TARGET_CASES, random_cases=_random_targets, mistakes=_TARGET_MISTAKES,
    forbidden=("sklearn.preprocessing:label_binarize", "sklearn.preprocessing:LabelBinarizer.transform"),
    validate=labels_0_or_1,
    range_hint="each entry says yes or no, \"class k or not\": 1 or 0 (or True, False).",
    success='Column k is the binary problem "class k against the rest".',
    hint="for y = [3, 7] and classes = [3, 5, 7] the answer is [[1, 0, 0], [0, 0, 1]]: "
         "(y[:, None] == classes[None, :]).astype(int).",
)


def check_one_vs_rest_targets(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(y, classes)``: an (n_samples, n_classes) array with 1 where ``y[i] == classes[k]``.

    Booleans or integers are accepted. On fixed cases and random ones drawn from ``seed``
    (a ✘ shows it); scikit-learn's ``label_binarize`` and ``LabelBinarizer`` do not count.

    Examples
    --------
    >>> import numpy as np
    >>> check_one_vs_rest_targets(lambda y, classes: (y[:, None] == classes[None, :]).astype(int))
    ✔ Correct! Column k is the binary problem "class k against the rest".
    """
    return ONE_VS_REST_TARGETS.check(func, seed=seed)


# --- combining the classifiers ----------------------------------------------------------

def _predict(scores, classes):
    return classes[np.argmax(scores, axis=1)]


_PREDICT_CASES = [
    (np.array([[2.0, -1.0, 0.5], [-3.0, 0.2, 0.1], [-1.0, -2.0, -0.5], [0.0, 1.0, 3.0]]),
     np.array([10, 20, 30])),
    # every score negative: no classifier says "mine", the least unsure still wins
    (np.array([[-0.5, -2.0], [-4.0, -1.0], [-0.1, -0.2], [-3.0, -2.5], [-1.0, -6.0]]), np.array([3, 8])),
    (np.array([[0.1, 0.7, 0.2, 0.9], [0.6, 0.1, 0.3, 0.2], [0.2, 0.3, 0.8, 0.4]]), np.array([2, 4, 6, 8])),
]

_PREDICT_MISTAKES = [
    Mistake(lambda scores, classes: np.argmax(scores, axis=1),
            "You returned column numbers.",
            "return the class labels: classes[np.argmax(scores, axis=1)]."),
    Mistake(lambda scores, classes: classes[np.argmin(scores, axis=1)],
            "You picked the least confident classifier.",
            "the largest score wins: np.argmax, not np.argmin."),
    Mistake(lambda scores, classes: np.argmax(scores, axis=0),
            "You returned one column number per class.",
            "take the argmax of each row (axis=1), then map it to a label: classes[...]."),
]


def _random_scores(rng):
    classes = _random_classes(rng)
    return [(rng.normal(scale=2, size=(int(rng.integers(3, 8)), len(classes))), classes)]


def _one_of_the_classes(answer, scores, classes) -> str | None:
    values, _ = as_real_array(answer)
    others = values[~np.isin(values, classes)]
    return None if others.size == 0 else f"it holds {others.flat[0]:g}, which is not one of the classes"


_ROWS = ("np.argmax(scores, axis=0) gives, for each class, the number of a *sample*, which is no "
         "position in classes: take the argmax of each row, axis=1.")


ONE_VS_REST_PREDICT = Exercise(
    name="one_vs_rest_predict", chapter=5,
    reference=_predict, cases=_PREDICT_CASES, random_cases=_random_scores, mistakes=_PREDICT_MISTAKES,
    validate=_one_of_the_classes,
    range_hint="each prediction is a class label, one of the numbers in classes.",
    success="Each sample goes to the class whose classifier is the most confident.",
    hint="classes[np.argmax(scores, axis=1)]: the largest score in each row, as a class label.",
    crash_hints={"out of bounds": _ROWS},
)


def check_one_vs_rest_predict(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(scores, classes)``: for each row of ``scores``, the class with the largest score.

    ``scores`` has one row per sample and one column per class (the binary
    classifiers' decision values); ``classes`` holds the class labels. On fixed cases and
    random ones drawn from ``seed`` (a ✘ shows it).

    Examples
    --------
    >>> import numpy as np
    >>> check_one_vs_rest_predict(lambda scores, classes: np.argmax(scores, axis=1))
    ... # doctest: +ELLIPSIS
    ✘ Not yet: ... You returned column numbers.
      Hint: return the class labels: classes[np.argmax(scores, axis=1)].
      Seed ...
    """
    return ONE_VS_REST_PREDICT.check(func, seed=seed)


# --- a bug to find: the normalised probabilities -------------------------------------------

def _proba(scores):
    # what lrlib's and scikit-learn's OneVsRestClassifier.predict_proba return
    p = _sigmoid(scores)
    return p / p.sum(axis=1, keepdims=True)


# Never square (n_samples != n_classes), so normalising the wrong axis always shows.
_PROBA_CASES = [
    (np.array([[2.0, -1.0, 0.5], [-3.0, 0.2, 0.1], [-1.0, -2.0, -0.5], [0.0, 1.0, 3.0]]),),
    (np.array([[-0.5, -2.0], [-4.0, -1.0], [-0.1, -0.2], [-3.0, -2.5], [-1.0, -6.0]]),),
    (np.array([[0.1, 0.7, 0.2, 0.9], [0.6, -0.1, 0.3, 0.2], [2.2, 0.3, -0.8, 0.4]]),),
]

_PROBA_MISTAKES = [
    Mistake(lambda scores: _sigmoid(scores) / _sigmoid(scores).sum(axis=0),
            "Your *columns* sum to 1: that is the bug of the given code, still there.",
            "p.sum(axis=0) adds over the samples; each sample's row must sum to 1: "
            "p.sum(axis=1, keepdims=True)."),
    Mistake(lambda scores: _sigmoid(scores) / _sigmoid(scores).sum(),
            "Your whole array sums to 1, not each row.",
            "divide each row by its own sum: p / p.sum(axis=1, keepdims=True)."),
    Mistake(lambda scores: _softmax(scores, axis=1),
            "You returned the softmax of the scores: another model (chapter 6).",
            "one-vs-rest normalises its classifiers' own probabilities, the sigmoids: "
            "p = sigmoid(scores), then p / p.sum(axis=1, keepdims=True)."),
    Mistake(_sigmoid,
            "Your rows do not sum to 1: you kept the sigmoids as they are.",
            "divide each row of sigmoid(scores) by its sum: p / p.sum(axis=1, keepdims=True)."),
]

def _random_decision_values(rng):
    n_classes = int(rng.integers(2, 6))
    n_samples = int(rng.choice([k for k in range(2, 9) if k != n_classes]))  # never square
    return [(rng.normal(scale=2, size=(n_samples, n_classes)),)]


ONE_VS_REST_PROBA = Exercise(
    name="one_vs_rest_proba", chapter=5, kind="bug",
    reference=_proba, cases=_PROBA_CASES, random_cases=_random_decision_values, mistakes=_PROBA_MISTAKES,
    output_range=(0, 1), range_hint="these are probabilities: every entry lies between 0 and 1.",
    success="Each row sums to 1, as OneVsRestClassifier.predict_proba: the bug was the axis of the sum.",
    hint="p = sigmoid(scores) has one row per sample; return p / p.sum(axis=1, keepdims=True).",
    crash_hints={"broadcast": "p.sum(axis=1) has shape (n,), which does not line up with p's (n, K): "
                              "keep it a column with keepdims=True."},
)


def check_one_vs_rest_proba(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(scores)``: the sigmoid of each score, each row divided by its sum.

    ``scores`` has one row per sample and one column per class, as
    ``OneVsRestClassifier.decision_function`` returns. On fixed cases and random ones drawn
    from ``seed`` (a ✘ shows it).

    Examples
    --------
    >>> import numpy as np
    >>> def proba(scores):
    ...     p = 1 / (1 + np.exp(-scores))
    ...     return p / p.sum(axis=0)
    >>> check_one_vs_rest_proba(proba)  # doctest: +ELLIPSIS
    ✘ Not yet: ... Your *columns* sum to 1: that is the bug of the given code, still there.
      Hint: p.sum(axis=0) adds over the samples; ...
      Seed ...
    """
    return ONE_VS_REST_PROBA.check(func, seed=seed)


# --- an interpretation: is each classifier worth anything? ----------------------------------

def _gain_with(*, cut: float = 0.0, baseline: Callable | None = None):
    """Each column's accuracy at ``scores > cut`` minus a baseline's (the majority answer's by default)."""
    def gain(Y, scores):
        Y, scores = np.asarray(Y, dtype=float), np.asarray(scores, dtype=float)
        accuracy = np.mean((scores > cut) == (Y == 1), axis=0)
        positives = Y.mean(axis=0)
        base = np.maximum(positives, 1 - positives) if baseline is None else baseline(positives)
        return accuracy - base
    return gain


_gain_over_majority = _gain_with()


def _cases_of_labels(y, scores):
    y = np.asarray(y)
    return _targets(y, np.unique(y)), np.asarray(scores, dtype=float)


# Column 0 of the first case has more 1s than 0s: there the rule without features says "yes".
# Some scores lie in (0, 0.5), where a threshold of 0.5 on the score (not on p) differs.
_GAIN_CASES = [
    _cases_of_labels([0, 0, 0, 0, 0, 1, 1, 2],
                     [[1.2, -0.8, -2.0], [0.3, -1.1, -0.4], [-0.2, 0.4, -1.5], [2.0, -2.2, -0.9],
                      [0.9, -0.3, -2.5], [-1.0, 0.2, -0.7], [-0.4, -0.1, -1.2], [-2.0, -0.6, 0.35]]),
    _cases_of_labels([3, 5, 7, 3, 5, 7, 3, 5, 7],
                     [[2.0, -1.0, -1.5], [-0.5, -0.2, -0.8], [-1.0, -0.3, 0.4], [0.45, -1.2, -2.0],
                      [-1.1, 0.1, -0.6], [-2.0, -0.5, 1.8], [-0.3, -0.9, -1.0], [-1.5, -0.4, -0.1],
                      [-0.8, -1.6, 0.25]]),
]


def _random_classifiers(rng):
    n_classes, n = int(rng.integers(3, 6)), int(rng.integers(8, 21))
    y = np.concatenate([np.arange(n_classes), rng.integers(0, n_classes, n - n_classes)])
    Y = _targets(y, np.arange(n_classes))
    # informative scores with noise: some classifiers beat the majority rule, some may not
    scores = rng.normal(1.0, 1.0, size=Y.shape) * (2 * Y - 1) * rng.uniform(0, 1.5, n_classes) \
        + rng.normal(0, 1.0, size=Y.shape)
    return [(Y, scores)]


_GAIN_MISTAKES = [
    Mistake(_gain_with(baseline=lambda positives: 1 - positives),
            "You compared with always answering \"no\"; where most answers are \"yes\", the rule without "
            "features says \"yes\".",
            "the best rule that ignores the features gives each column's more common answer: its accuracy "
            "is max(fraction of 1s, fraction of 0s)."),
    Mistake(_gain_with(cut=0.5),
            "You cut the scores at 0.5: they are log-odds, and p > 0.5 where the score is above 0.",
            "a classifier says \"mine\" where sigmoid(score) > 0.5, that is where score > 0."),
    Mistake(_gain_with(baseline=lambda positives: np.full_like(positives, 0.5)),
            "You compared with a coin flip, 0.5.",
            "a rule that ignores the features can do better than a coin: always give the column's more "
            "common answer, right max(q, 1 - q) of the time."),
    Mistake(_gain_with(baseline=lambda positives: np.zeros_like(positives)),
            "You returned the accuracies themselves.",
            "subtract the accuracy of the rule that ignores the features: max(q, 1 - q), q the column's "
            "fraction of 1s."),
    Mistake(lambda Y, scores: -_gain_over_majority(Y, scores),
            "Your signs are flipped: a good classifier should get a positive number.",
            "the classifier's accuracy minus the rule's, not the other way round."),
]

GAIN_OVER_MAJORITY = Exercise(
    name="gain_over_majority", chapter=5, kind="interpretation",
    reference=_gain_over_majority, cases=_GAIN_CASES, random_cases=_random_classifiers,
    mistakes=_GAIN_MISTAKES,
    output_range=(-1, 1), range_hint="a difference of two accuracies lies between -1 and 1.",
    success="Accuracy minus max(q, 1 - q): a classifier is only worth what it adds to the answer that needs "
            "no features, and on unbalanced columns that answer is already right most of the time.",
    hint="per column k: the accuracy of (scores[:, k] > 0) against Y[:, k], minus max(q_k, 1 - q_k) with q_k "
         "the column's fraction of 1s.",
    rtol=1e-9, atol=1e-12,
)


def check_gain_over_majority(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(Y, scores)``: each binary classifier's accuracy minus the majority answer's.

    ``Y`` holds the one-vs-rest targets (0 or 1, one column per class) and ``scores`` the
    classifiers' decision values (log-odds), of the same shape. On fixed cases and random ones
    drawn from ``seed`` (a ✘ shows it).

    Examples
    --------
    >>> import numpy as np
    >>> def gain(Y, scores):
    ...     q = Y.mean(axis=0)
    ...     return np.mean((scores > 0) == Y, axis=0) - np.maximum(q, 1 - q)
    >>> check_gain_over_majority(gain)  # doctest: +ELLIPSIS
    ✔ Correct! Accuracy minus max(q, 1 - q): ...
    """
    return GAIN_OVER_MAJORITY.check(func, seed=seed)
