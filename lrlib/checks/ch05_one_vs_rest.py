"""Exercise checkers of chapter 5, one-vs-rest (one-vs-all).

- :func:`check_one_vs_rest_targets`: the K binary target columns, "class k or not";
- :func:`check_one_vs_rest_predict`: the class whose classifier scores highest.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from lrlib.checks.engine import CheckResult, Exercise, Mistake
from lrlib.losses import one_hot

__all__ = ["check_one_vs_rest_predict", "check_one_vs_rest_targets"]


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


ONE_VS_REST_TARGETS = Exercise(
    name="one_vs_rest_targets", chapter=5,
    reference=_targets, cases=_TARGET_CASES, mistakes=_TARGET_MISTAKES,
    success='Column k is the binary problem "class k against the rest".',
    hint="for y = [3, 7] and classes = [3, 5, 7] the answer is [[1, 0, 0], [0, 0, 1]]: "
         "(y[:, None] == classes[None, :]).astype(int).",
)


def check_one_vs_rest_targets(func: Callable) -> CheckResult:
    """Check ``func(y, classes)``: an (n_samples, n_classes) array with 1 where ``y[i] == classes[k]``.

    Booleans or integers are accepted.

    Examples
    --------
    >>> import numpy as np
    >>> check_one_vs_rest_targets(lambda y, classes: (y[:, None] == classes[None, :]).astype(int))
    ✔ Correct! Column k is the binary problem "class k against the rest".
    """
    return ONE_VS_REST_TARGETS.check(func)


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


_ROWS = ("np.argmax(scores, axis=0) gives, for each class, the number of a *sample*, which is no "
         "position in classes: take the argmax of each row, axis=1.")


ONE_VS_REST_PREDICT = Exercise(
    name="one_vs_rest_predict", chapter=5,
    reference=_predict, cases=_PREDICT_CASES, mistakes=_PREDICT_MISTAKES,
    success="Each sample goes to the class whose classifier is the most confident.",
    hint="classes[np.argmax(scores, axis=1)]: the largest score in each row, as a class label.",
    crash_hints={"out of bounds": _ROWS},
)


def check_one_vs_rest_predict(func: Callable) -> CheckResult:
    """Check ``func(scores, classes)``: for each row of ``scores``, the class with the largest score.

    ``scores`` has one row per sample and one column per class (the binary
    classifiers' decision values); ``classes`` holds the class labels.

    Examples
    --------
    >>> import numpy as np
    >>> check_one_vs_rest_predict(lambda scores, classes: np.argmax(scores, axis=1))
    ... # doctest: +ELLIPSIS
    ✘ Not yet: ... You returned column numbers.
      Hint: return the class labels: classes[np.argmax(scores, axis=1)].
    """
    return ONE_VS_REST_PREDICT.check(func)
