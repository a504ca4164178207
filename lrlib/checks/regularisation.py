"""Exercise checkers of chapter 9, regularisation and richer features.

- :func:`check_l2_gradient`: the gradient of the mean log-loss plus ``alpha / 2 * ||w||^2``;
- :func:`check_soft_threshold`: the proximal step of the L1 penalty;
- :func:`check_kfold_indices`: k (train, validation) pairs that partition the samples;
- :func:`check_alpha_max`: the L1 strength above which every weight is 0 (a derivation).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from lrlib.checks._core import CheckResult, LearnerError, call_learner, fail, ok
from lrlib.checks._mistakes import Mistake, check_cases
from lrlib.losses import binary_cross_entropy_gradient
from lrlib.optim import soft_threshold

__all__ = ["check_alpha_max", "check_kfold_indices", "check_l2_gradient", "check_soft_threshold"]


# --- the L2-penalised gradient ----------------------------------------------------------

def _l2_gradient(X, y, w, b, alpha):
    grad_w, grad_b = binary_cross_entropy_gradient(X, y, w, b)
    return grad_w + alpha * w, grad_b


def _l2_with(weight_term: Callable, bias_term: Callable = lambda alpha, b, n: 0.0):
    """A penalised gradient with some penalty term, right or wrong."""
    def gradient(X, y, w, b, alpha):
        grad_w, grad_b = binary_cross_entropy_gradient(X, y, w, b)
        return grad_w + weight_term(alpha, w, len(y)), grad_b + bias_term(alpha, b, len(y))
    return gradient


# b != 0 and alpha not 1, so that penalising b, halving or doubling each show.
_L2_CASES = [
    (np.array([[1.0, 2.0], [0.5, -1.0], [-1.5, 0.3], [2.0, 1.0]]), np.array([1.0, 0.0, 0.0, 1.0]),
     np.array([0.5, -1.0]), 0.5, 0.1),
    (np.array([[0.2, -1.0, 1.5], [1.0, 0.5, -0.5], [-0.7, 2.0, 0.1], [1.2, -0.3, 0.8], [0.0, 1.0, -1.0]]),
     np.array([1.0, 0.0, 1.0, 1.0, 0.0]), np.array([0.5, -0.25, 1.0]), 0.75, 0.3),
    (np.array([[3.0, -1.0], [-2.0, 0.5], [0.5, 0.5]]), np.array([1.0, 0.0, 1.0]),
     np.array([1.5, -0.5]), -1.0, 0.0),
]

_L2_MISTAKES = [
    Mistake(_l2_with(lambda a, w, n: a * w, lambda a, b, n: a * b),
            "Your gradient for b has a penalty term.",
            "the intercept is not penalised: only grad_w gets + alpha * w, grad_b stays mean(p - y)."),
    Mistake(_l2_with(lambda a, w, n: a / 2 * w),
            "Your penalty term is half the right size.",
            "the derivative of alpha / 2 * ||w||^2 is alpha * w: the 2 of the square cancels the 1/2."),
    Mistake(_l2_with(lambda a, w, n: 2 * a * w),
            "Your penalty term is twice the right size.",
            "the penalty is alpha / 2 * ||w||^2, whose derivative is alpha * w, not 2 * alpha * w."),
    Mistake(_l2_with(lambda a, w, n: -a * w),
            "Your penalty term pushes the weights away from 0.",
            "wrong sign: the penalty's gradient is + alpha * w, so a step shrinks w towards 0."),
    Mistake(_l2_with(lambda a, w, n: a * w / n),
            "Your penalty term is n times too small.",
            "alpha multiplies the penalty of the *mean* loss: add alpha * w, not alpha * w / n."),
    Mistake(_l2_with(lambda a, w, n: a * np.sign(w)),
            "Your penalty term is alpha * sign(w).",
            "that is the L1 penalty's (sub)gradient; the L2 penalty's gradient is alpha * w."),
    Mistake(_l2_with(lambda a, w, n: 0.0),
            "Your gradient ignores alpha.",
            "forgot the penalty: add alpha * w to the log-loss gradient X^T (p - y) / n."),
    Mistake(lambda X, y, w, b, alpha: _l2_gradient(X, y, w, b, alpha)[0],
            "You returned only the gradient for w.",
            "return a pair: (grad_w, grad_b)."),
]


def check_l2_gradient(func: Callable) -> CheckResult:
    """Check ``func(X, y, w, b, alpha)``: the gradient ``(grad_w, grad_b)`` of the penalised loss.

    The loss is the mean binary cross-entropy of ``sigmoid(X w + b)`` plus
    ``alpha / 2 * ||w||^2`` (the intercept is not penalised).

    Examples
    --------
    >>> def gradient(X, y, w, b, alpha):
    ...     p = 1 / (1 + np.exp(-(X @ w + b)))
    ...     return X.T @ (p - y) / len(y) + alpha * w, np.mean(p - y)
    >>> check_l2_gradient(gradient)
    ✔ Correct! The penalty adds alpha * w, a pull of every weight towards 0 (weight decay).
    """
    return check_cases(
        func, _l2_gradient, _L2_CASES, _L2_MISTAKES,
        name="l2_gradient_mine",
        success="The penalty adds alpha * w, a pull of every weight towards 0 (weight decay).",
        hint="p = sigmoid(X @ w + b); grad_w = X.T @ (p - y) / n + alpha * w; grad_b = mean(p - y).",
    )


# --- soft-thresholding ------------------------------------------------------------------

_SOFT_CASES = [
    (np.array([3.0, -2.5, 0.4, -0.2, 1.0]), 1.0),
    (np.array([-4.0, 0.7, 2.2, -0.69, 0.0, 5.0]), 0.7),
    (np.array([1.5, -1.5, 0.1]), 0.0),
    (np.array([[0.3, -3.0], [2.0, -0.1]]), 0.25),
]

_SOFT_MISTAKES = [
    Mistake(lambda x, t: np.where(np.abs(x) > t, x, 0.0),
            "Your large entries keep their value.",
            "that is hard thresholding: soft-thresholding also moves the survivors by t "
            "towards 0, sign(x) * max(|x| - t, 0)."),
    Mistake(lambda x, t: np.maximum(np.abs(x) - t, 0.0),
            "Your negative entries come out positive.",
            "forgot the sign: multiply max(|x| - t, 0) by np.sign(x)."),
    Mistake(lambda x, t: np.maximum(x - t, 0.0),
            "Your negative entries all become 0.",
            "shrink towards 0 from both sides: sign(x) * max(|x| - t, 0), not max(x - t, 0)."),
    Mistake(lambda x, t: x - t * np.sign(x),
            "Your small entries cross over to the other sign instead of stopping at 0.",
            "entries with |x| <= t must become exactly 0: use np.maximum(|x| - t, 0)."),
    Mistake(lambda x, t: np.clip(x, -t, t),
            "You clipped x into [-t, t].",
            "clipping keeps small entries and caps large ones; soft-thresholding zeroes the small "
            "ones and shrinks the large ones: sign(x) * max(|x| - t, 0)."),
    Mistake(lambda x, t: x / (1 + t),
            "You scaled every entry down without zeroing any.",
            "that is the proximal step of the L2 penalty (x / (1 + t)); the L1 one is "
            "sign(x) * max(|x| - t, 0)."),
]


def check_soft_threshold(func: Callable) -> CheckResult:
    """Check ``func(x, threshold)``: ``sign(x) * max(|x| - threshold, 0)`` entrywise.

    Examples
    --------
    >>> check_soft_threshold(lambda x, t: np.sign(x) * np.maximum(np.abs(x) - t, 0))
    ✔ Correct! Entries within the threshold become exactly 0: that is where L1's sparsity comes from.
    """
    return check_cases(
        func, soft_threshold, _SOFT_CASES, _SOFT_MISTAKES,
        name="soft_threshold_mine",
        success="Entries within the threshold become exactly 0: that is where L1's sparsity comes from.",
        hint="np.sign(x) * np.maximum(np.abs(x) - threshold, 0).",
    )


# --- k-fold indices ---------------------------------------------------------------------

# Sizes that do not divide evenly come first: that is where the usual mistakes show.
_KFOLD_CASES = [(11, 3), (10, 5), (23, 4), (7, 7)]


def _as_index_array(part, n_samples: int):
    """Integer indices in 0..n-1 from what the learner gave, or None."""
    try:
        arr = np.asarray(part)
    except (TypeError, ValueError):
        return None
    if arr.ndim != 1 or (arr.size and arr.dtype.kind not in "iu"):
        return None
    arr = arr.astype(np.intp)
    return arr if np.all((arr >= 0) & (arr < n_samples)) else None


def _kfold_problem(folds, n_samples: int, n_folds: int, call: str):
    """What is wrong with the learner's folds, as ``(problem, hint)``, or None."""
    try:
        folds = list(folds)
        pairs = [tuple(pair) for pair in folds]
    except TypeError:
        return (f"{call} did not return a list of (train, validation) pairs.",
                "return [(train_indices, validation_indices), ...], one pair per fold.")
    if len(pairs) != n_folds:
        return (f"{call} returned {len(pairs)} item(s), not {n_folds} folds.",
                "one (train, validation) pair per fold: n_folds pairs.")
    if any(len(pair) != 2 for pair in pairs):
        return (f"{call} returned items that are not (train, validation) pairs.",
                "each fold is a pair: (train_indices, validation_indices).")
    arrays = [(_as_index_array(t, n_samples), _as_index_array(v, n_samples)) for t, v in pairs]
    if any(t is None or v is None for t, v in arrays):
        return (f"{call} returned something other than integer indices in 0..{n_samples - 1}.",
                "return arrays of sample indices (np.arange and friends), not masks or the data itself.")
    validations = [v for _, v in arrays]
    counts = np.bincount(np.concatenate(validations), minlength=n_samples)
    if any(np.intersect1d(t, v).size for t, v in arrays):
        return (f"{call}: some samples are in both the training and the validation part of a fold.",
                "leakage: a fold's training indices are all the samples *not* in its validation fold.")
    if np.any(counts > 1):
        return (f"{call}: some samples are in more than one validation fold.",
                "the validation folds must not overlap: cut the indices into consecutive blocks.")
    if np.any(counts == 0):
        missing = int(np.sum(counts == 0))
        return (f"{call}: {missing} sample(s) are never in a validation fold.",
                f"every sample is validated once; with n_samples % n_folds = {n_samples % n_folds} "
                "left over, give one extra sample to each of the first folds (np.array_split does).")
    sizes = [len(v) for v in validations]
    if max(sizes) - min(sizes) > 1:
        return (f"{call}: validation folds of sizes {sizes}.",
                "spread the remainder: sizes should differ by at most one (not all left-overs in the "
                "last fold); np.array_split(indices, n_folds) does it.")
    if any(len(t) + len(v) != n_samples for t, v in arrays):
        return (f"{call}: a fold's training part is not all the other samples.",
                "train on every sample outside the validation fold: n_samples - len(validation) of them.")
    return None


def check_kfold_indices(func: Callable) -> CheckResult:
    """Check ``func(n_samples, n_folds)``: ``n_folds`` pairs ``(train, validation)`` of index arrays.

    Every sample is in exactly one validation fold, fold sizes differ by at most
    one, and each training part is every sample outside its validation fold.
    Shuffled or not, in any order.

    Examples
    --------
    >>> def kfold(n_samples, n_folds):
    ...     blocks = np.array_split(np.arange(n_samples), n_folds)
    ...     return [(np.setdiff1d(np.arange(n_samples), v), v) for v in blocks]
    >>> check_kfold_indices(kfold)
    ✔ Correct! Every sample is validated exactly once, by a model that never saw it.
    """
    for n_samples, n_folds in _KFOLD_CASES:
        call = f"kfold_indices_mine({n_samples}, {n_folds})"
        try:
            folds = call_learner(func, n_samples, n_folds, name="kfold_indices_mine")
        except LearnerError as err:
            return err.result
        problem = _kfold_problem(folds, n_samples, n_folds, call)
        if problem is not None:
            return fail(*problem)
    return ok("Every sample is validated exactly once, by a model that never saw it.")


# --- where the L1 path starts -----------------------------------------------------------

def _alpha_max(X, y):
    # At w = 0 the best intercept gives p = mean(y); w = 0 stays optimal while every
    # |gradient_j| = |X^T (p - y) / n|_j is at most alpha.
    return float(np.max(np.abs(X.T @ (np.mean(y) - y))) / len(y))


# Uncentred features and unbalanced labels, so that p = 0.5 and p = mean(y) differ.
_ALPHA_CASES = [
    (np.array([[1.0, 2.0], [0.5, -1.0], [-1.5, 0.3], [2.0, 1.0], [0.0, 0.5]]),
     np.array([1.0, 0.0, 0.0, 1.0, 1.0])),
    (np.array([[0.2, -1.0, 1.5], [1.0, 0.5, -0.5], [-0.7, 2.0, 0.1], [1.2, -0.3, 0.8], [3.0, 1.0, -1.0],
               [0.4, 0.4, 0.4]]), np.array([1.0, 0.0, 0.0, 0.0, 1.0, 0.0])),
    (np.array([[3.0, -1.0], [-2.0, 0.5], [0.5, 0.5], [1.0, 1.0]]), np.array([1.0, 1.0, 1.0, 0.0])),
]

_ALPHA_MISTAKES = [
    Mistake(lambda X, y: float(np.max(np.abs(X.T @ (0.5 - y))) / len(y)),
            "Your value uses p = 0.5 for every sample.",
            "the intercept is not penalised, so at w = 0 it is fitted: b = logit(mean(y)), p = mean(y)."),
    Mistake(lambda X, y: float(np.max(np.abs(X.T @ (np.mean(y) - y)))),
            "Your value is n times too large.",
            "the loss is the *mean* log-loss: its gradient is X^T (p - y) / n."),
    Mistake(lambda X, y: np.abs(X.T @ (np.mean(y) - y)) / len(y),
            "You returned one number per feature.",
            "every weight must stay at 0, so alpha must beat the largest of them: take the max."),
    Mistake(lambda X, y: float(np.min(np.abs(X.T @ (np.mean(y) - y))) / len(y)),
            "Your value is the smallest |gradient| entry.",
            "below the largest entry, that weight already leaves 0: take the max, not the min."),
    Mistake(lambda X, y: float(np.linalg.norm(X.T @ (np.mean(y) - y)) / len(y)),
            "You took the Euclidean norm of the gradient.",
            "the condition is per weight, |gradient_j| <= alpha for every j: "
            "the max of the absolute values."),
    Mistake(lambda X, y: float(np.mean(np.abs(X.T @ (np.mean(y) - y))) / len(y)),
            "You averaged the |gradient| entries.",
            "every weight must stay at 0: the max of the absolute values, not their mean."),
]


def check_alpha_max(func: Callable) -> CheckResult:
    """Check ``func(X, y)``: the smallest L1 strength ``alpha`` at which the fitted weights are all 0.

    For the mean log-loss plus ``alpha * ||w||_1`` (intercept not penalised).

    Examples
    --------
    >>> check_alpha_max(lambda X, y: np.max(np.abs(X.T @ (y.mean() - y))) / len(y))
    ✔ Correct! Above this alpha the L1 path is all zeros; every feature enters below it.
    """
    return check_cases(
        func, _alpha_max, _ALPHA_CASES, _ALPHA_MISTAKES,
        name="alpha_max_mine",
        success="Above this alpha the L1 path is all zeros; every feature enters below it.",
        hint="at w = 0 the intercept makes p = mean(y); w = 0 is optimal while "
             "max_j |X^T (p - y) / n|_j <= alpha.",
    )
