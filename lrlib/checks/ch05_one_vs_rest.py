"""Exercise checkers of chapter 5, one-vs-rest (one-vs-all).

- :func:`check_one_vs_rest_targets`: the K binary target columns, "class k or not";
- :func:`check_one_vs_rest_predict`: the class whose classifier scores highest;
- :func:`check_one_vs_rest_proba`: a bug to find, one-vs-rest's normalised probabilities.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from lrlib._kernels import sigmoid as _sigmoid
from lrlib._kernels import softmax as _softmax
from lrlib.checks.building_blocks import labels_0_or_1
from lrlib.checks.engine import CheckResult, Exercise, Mistake, as_real_array
from lrlib.losses import one_hot

__all__ = ["check_one_vs_rest_predict", "check_one_vs_rest_proba", "check_one_vs_rest_targets"]


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
