"""Exercise checkers of chapter 9, regularisation and richer features.

- :func:`check_l2_gradient`: the gradient of the mean log-loss plus ``alpha / 2 * ||w||^2``;
- :func:`check_soft_threshold`: the proximal step of the L1 penalty;
- :func:`check_kfold_indices`: k (train, validation) pairs that partition the samples (a bug to find:
  a colleague's split drops the left-over samples);
- :func:`check_alpha_max`: the L1 strength above which every weight is 0 (a derivation);
- :func:`check_trusted_model`: which of two fitted models to trust, and the figure that decides it
  (a judgement).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from lrlib import losses as _losses
from lrlib import model_selection as _model_selection
from lrlib import optim as _optim
from lrlib.checks.building_blocks import AUTOGRAD, random_binary_cases, random_labels
from lrlib.checks.engine import CheckResult, Exercise, Mistake, as_real_array

__all__ = ["check_alpha_max", "check_kfold_indices", "check_l2_gradient", "check_soft_threshold",
           "check_trusted_model"]


# --- the L2-penalised gradient ----------------------------------------------------------

def _l2_gradient(X, y, w, b, alpha):
    grad_w, grad_b = _losses.binary_cross_entropy_gradient(X, y, w, b)
    return grad_w + alpha * w, grad_b


def _l2_with(weight_term: Callable, bias_term: Callable = lambda alpha, b, n: 0.0):
    """A penalised gradient with some penalty term, right or wrong."""
    def gradient(X, y, w, b, alpha):
        grad_w, grad_b = _losses.binary_cross_entropy_gradient(X, y, w, b)
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


def _random_penalised(rng):
    return [(*case, float(rng.uniform(0.05, 1.0))) for case in random_binary_cases(rng)]


L2_GRADIENT = Exercise(
    name="l2_gradient", chapter=9, kind="transcription",
    reference=_l2_gradient, cases=_L2_CASES, random_cases=_random_penalised, mistakes=_L2_MISTAKES,
    forbidden=AUTOGRAD,  # chapter 3's gradient of the loss is a helper: the penalty's term is the exercise
    success="The penalty adds alpha * w, a pull of every weight towards 0 (weight decay).",
    hint="p = sigmoid(X @ w + b); grad_w = X.T @ (p - y) / n + alpha * w; grad_b = mean(p - y).",
)


def check_l2_gradient(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(X, y, w, b, alpha)``: the gradient ``(grad_w, grad_b)`` of the penalised loss.

    The loss is the mean binary cross-entropy of ``sigmoid(X w + b)`` plus
    ``alpha / 2 * ||w||^2`` (the intercept is not penalised). On fixed cases and random ones
    drawn from ``seed`` (a ✘ shows it). ``lrlib.binary_cross_entropy_gradient`` may be used;
    autograd and SciPy's finite differences do not count.

    Examples
    --------
    >>> def gradient(X, y, w, b, alpha):
    ...     p = 1 / (1 + np.exp(-(X @ w + b)))
    ...     return X.T @ (p - y) / len(y) + alpha * w, np.mean(p - y)
    >>> check_l2_gradient(gradient)
    ✔ Correct! The penalty adds alpha * w, a pull of every weight towards 0 (weight decay).
    """
    return L2_GRADIENT.check(func, seed=seed)


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


def _random_thresholds(rng):
    shape = (int(rng.integers(3, 9)),) if rng.random() < 0.5 else (2, int(rng.integers(2, 5)))
    return [(rng.normal(scale=2, size=shape), float(rng.uniform(0.1, 1.5)))]


def _shrunk_towards_0(answer, x, threshold) -> str | None:
    # each entry moves towards 0 and stops there: between 0 and x
    values, x = as_real_array(answer)[0], np.asarray(x, dtype=float)
    past = (values * np.sign(x) < -1e-12) | (np.abs(values) > np.abs(x) + 1e-12)
    return None if not past.any() else f"it holds {values[past].flat[0]:.4g} for x = {x[past].flat[0]:.4g}"


SOFT_THRESHOLD = Exercise(
    name="soft_threshold", chapter=9, kind="transcription",
    reference=_optim.soft_threshold, cases=_SOFT_CASES, random_cases=_random_thresholds,
    mistakes=_SOFT_MISTAKES, forbidden=(_optim.soft_threshold,),
    validate=_shrunk_towards_0,
    range_hint="soft-thresholding moves each entry towards 0 and stops there: between 0 and x, never past 0.",
    success="Entries within the threshold become exactly 0: that is where L1's sparsity comes from.",
    hint="np.sign(x) * np.maximum(np.abs(x) - threshold, 0).",
)


def check_soft_threshold(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(x, threshold)``: ``sign(x) * max(|x| - threshold, 0)`` entrywise.

    On fixed cases and random ones drawn from ``seed`` (a ✘ shows it); NumPy only:
    ``lrlib.soft_threshold`` does not count.

    Examples
    --------
    >>> check_soft_threshold(lambda x, t: np.sign(x) * np.maximum(np.abs(x) - t, 0))
    ✔ Correct! Entries within the threshold become exactly 0: that is where L1's sparsity comes from.
    """
    return SOFT_THRESHOLD.check(func, seed=seed)


# --- k-fold indices ---------------------------------------------------------------------

# Sizes that do not divide evenly come first: that is where the usual mistakes show.
_KFOLD_CASES = [(11, 3), (10, 5), (23, 4), (7, 7)]


def _kfold(n_samples, n_folds):
    return tuple(_model_selection.kfold_indices(n_samples, n_folds))


def _random_splits(rng):
    n_folds = int(rng.integers(2, 9))
    return [(int(rng.integers(n_folds, 200)), n_folds)]


def _index_arrays(folds, n_samples, n_folds) -> str | None:
    """What keeps ``folds`` from being pairs of integer index arrays within ``range(n_samples)``, or None."""
    for pair in folds:
        train, validation = pair
        for part in (np.asarray(train), np.asarray(validation)):
            if part.ndim != 1 or (part.size and part.dtype.kind not in "iu"):
                return "it is not pairs (train, validation) of 1-D arrays of whole-number indices"
            outside = part[(part < 0) | (part >= n_samples)]
            if outside.size:
                return f"it holds the index {outside[0]}, outside range(n_samples) = range({n_samples})"
    return None


def _fold_signature(folds):
    """What matters about a k-fold split, the same however the indices were shuffled; None if malformed.

    (number of folds, sorted validation sizes, whether some training part holds a validation
    sample of its own fold, the most folds a sample is validated in, how many samples are never
    validated, whether every training part is exactly the samples outside its validation fold)
    """
    try:
        pairs = [tuple(pair) for pair in folds]
        if not pairs or any(len(pair) != 2 for pair in pairs):
            return None
        pairs = [(np.asarray(train), np.asarray(validation)) for train, validation in pairs]
    except (TypeError, ValueError):
        return None
    if any(a.ndim != 1 or (a.size and a.dtype.kind not in "iu") for pair in pairs for a in pair):
        return None  # masks, floats, the data itself: not index arrays
    everything = np.unique(np.concatenate([np.concatenate(pair) for pair in pairs]).astype(np.intp))
    validated = np.concatenate([v for _, v in pairs]).astype(np.intp)
    counts = np.array([np.sum(validated == i) for i in everything])
    return (
        len(pairs),
        tuple(sorted(len(v) for _, v in pairs)),
        any(np.intersect1d(t, v).size for t, v in pairs),
        int(counts.max(initial=0)),
        int(np.sum(counts == 0)),
        all(np.array_equal(np.unique(t), np.setdiff1d(everything, v)) for t, v in pairs),
    )


def _same_split(actual, expected) -> bool:
    signature = _fold_signature(actual)
    return signature is not None and signature == _fold_signature(expected)


def _blocks(n_samples, n_folds):
    return np.array_split(np.arange(n_samples), n_folds)


def _with_training(validations, n_samples):
    return [(np.setdiff1d(np.arange(n_samples), v), v) for v in validations]


def _dropped_remainder(n_samples, n_folds):
    size = n_samples // n_folds
    return _with_training([np.arange(i * size, (i + 1) * size) for i in range(n_folds)], n_samples)


def _remainder_last(n_samples, n_folds):
    size = n_samples // n_folds
    folds = [np.arange(i * size, (i + 1) * size) for i in range(n_folds - 1)]
    return _with_training(folds + [np.arange((n_folds - 1) * size, n_samples)], n_samples)


def _overlapping(n_samples, n_folds):
    # windows one sample too long: neighbouring validation folds share a sample
    step, size = n_samples // n_folds, -(-n_samples // n_folds) + 1
    folds = [np.arange(i * step, min(n_samples, i * step + size)) for i in range(n_folds)]
    return _with_training(folds, n_samples)


_KFOLD_MISTAKES = [
    Mistake(lambda n, k: [(np.arange(n), v) for v in _blocks(n, k)],
            "Each training part also holds its own validation samples.",
            "leakage: a fold's training indices are all the samples *not* in its validation fold "
            "(np.setdiff1d(np.arange(n), validation))."),
    Mistake(_dropped_remainder,
            "Some samples are never in a validation fold.",
            "every sample is validated once: give the n_samples % n_folds left-over samples one each "
            "to the first folds (np.array_split does), do not drop them."),
    Mistake(_remainder_last,
            "Your last validation fold is much larger than the others.",
            "spread the remainder: fold sizes should differ by at most one, not all left-overs in the "
            "last fold; np.array_split(indices, n_folds) does it."),
    Mistake(_overlapping,
            "Some samples are in more than one validation fold.",
            "the validation folds must not overlap: cut the indices into consecutive blocks, each "
            "starting where the previous one ended."),
]

KFOLD_INDICES = Exercise(
    name="kfold_indices", chapter=9, kind="bug",  # the notebook's colleague drops the n % k left-over samples
    reference=_kfold, cases=_KFOLD_CASES, random_cases=_random_splits, mistakes=_KFOLD_MISTAKES,
    compare=_same_split, check_shape=False,  # folds may come in any order, so may their sizes
    forbidden=(_model_selection.kfold_indices, "sklearn.model_selection:KFold._iter_test_indices"),
    validate=_index_arrays,
    range_hint="indices number the samples 0 .. n_samples - 1: build them from np.arange(n_samples).",
    success="Every sample is validated exactly once, by a model that never saw it.",
    hint="return n_folds pairs (train, validation) of index arrays: validation folds that together "
         "hold every sample once, sizes differing by at most one, and train = all the other samples.",
)


def check_kfold_indices(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(n_samples, n_folds)``: ``n_folds`` pairs ``(train, validation)`` of index arrays.

    Every sample is in exactly one validation fold, fold sizes differ by at most
    one, and each training part is every sample outside its validation fold.
    Shuffled or not, in any order. On fixed cases and random ones drawn from ``seed`` (a ✘
    shows it); lrlib's ``kfold_indices`` and scikit-learn's ``KFold`` do not count.

    Examples
    --------
    >>> def kfold(n_samples, n_folds):
    ...     blocks = np.array_split(np.arange(n_samples), n_folds)
    ...     return [(np.setdiff1d(np.arange(n_samples), v), v) for v in blocks]
    >>> check_kfold_indices(kfold)
    ✔ Correct! Every sample is validated exactly once, by a model that never saw it.
    """
    return KFOLD_INDICES.check(func, seed=seed)


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


def _random_data(rng):
    # uncentred features and labels of any balance, as the fixed cases
    n, d = int(rng.integers(5, 12)), int(rng.integers(2, 5))
    return [(rng.normal(loc=rng.uniform(-1, 1, size=d), size=(n, d)), random_labels(rng, n))]


ALPHA_MAX = Exercise(
    name="alpha_max", chapter=9, kind="derivation",
    reference=_alpha_max, cases=_ALPHA_CASES, random_cases=_random_data, mistakes=_ALPHA_MISTAKES,
    output_range=(0, None), range_hint="alpha is a penalty strength: a number, 0 or more.",
    success="Above this alpha the L1 path is all zeros; every feature enters below it.",
    hint="at w = 0 the intercept makes p = mean(y); w = 0 is optimal while "
         "max_j |X^T (p - y) / n|_j <= alpha.",
)


def check_alpha_max(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(X, y)``: the smallest L1 strength ``alpha`` at which the fitted weights are all 0.

    For the mean log-loss plus ``alpha * ||w||_1`` (intercept not penalised). On fixed cases
    and random ones drawn from ``seed`` (a ✘ shows it).

    Examples
    --------
    >>> check_alpha_max(lambda X, y: np.max(np.abs(X.T @ (y.mean() - y))) / len(y))
    ✔ Correct! Above this alpha the L1 path is all zeros; every feature enters below it.
    """
    return ALPHA_MAX.check(func, seed=seed)


# --- a judgement: which model to trust ----------------------------------------------------

def _trusted(train_loss, fold_losses):
    cv = np.asarray(fold_losses, dtype=float).mean(axis=1)
    best = int(np.argmin(cv))
    return best, float(cv[best])


def _chosen_by(score: Callable, figure: Callable) -> Callable:
    """The model of lowest ``score(train, folds)``, with ``figure(train, folds)`` of it: right or wrong."""
    def choose(train_loss, fold_losses):
        train, folds = np.asarray(train_loss, dtype=float), np.asarray(fold_losses, dtype=float)
        best = int(np.argmin(score(train, folds)))
        return best, float(figure(train, folds)[best])
    return choose


def _cv(train, folds):
    return folds.mean(axis=1)


# (training losses of models 0 and 1, their validation losses on each fold): the fixed cases set the
# training loss, the first fold and the best fold against the cross-validated loss, one at a time.
_TRUST_CASES = [
    (np.array([0.30, 0.05]), np.array([[0.35, 0.28, 0.31, 0.33, 0.30], [0.20, 0.90, 0.25, 1.40, 0.60]])),
    (np.array([0.12, 0.25]), np.array([[0.30, 0.65, 0.70], [0.40, 0.35, 0.38]])),
    (np.array([0.20, 0.40]), np.array([[0.30, 0.25, 0.35, 0.30], [0.50, 0.45, 0.55, 0.60]])),
]


def _random_pairs_of_models(rng):
    """A simple model (training loss near its validation loss) and a flexible one (training loss near 0,
    validation losses high and spread), in random order."""
    cases = []
    for _ in range(3):
        n_folds = int(rng.integers(3, 11))
        simple_train = rng.uniform(0.15, 0.5)
        simple = simple_train + rng.uniform(0.0, 0.1) + rng.normal(0, 0.03, n_folds)
        flexible_train = rng.uniform(0.01, 0.15)
        flexible = rng.uniform(0.1, 1.0) + np.abs(rng.normal(0, 0.3, n_folds))
        pairs = [(simple_train, simple), (flexible_train, flexible)]
        if rng.random() < 0.5:
            pairs.reverse()
        cases.append((np.array([pairs[0][0], pairs[1][0]]),
                      np.abs(np.array([pairs[0][1], pairs[1][1]])) + 0.01))
    return cases


def _a_model_index(answer, train_loss, fold_losses) -> str | None:
    index = as_real_array(answer[0])[0] if isinstance(answer, tuple | list) and len(answer) == 2 else None
    if index is None or index.ndim != 0 or float(index) in (0.0, 1.0):
        return None  # another form is said as such
    return f"it chooses model {float(index):g}, but the models are numbered 0 and 1"


TRUSTED_MODEL = Exercise(
    name="trusted_model", chapter=9, kind="interpretation",
    reference=_trusted, cases=_TRUST_CASES, random_cases=_random_pairs_of_models,
    output_range=(0, None), validate=_a_model_index,
    range_hint="answer (index, figure): the index of the model to trust, 0 or 1 (the row of fold_losses), "
               "and a log-loss, 0 or more.",
    mistakes=[
        Mistake(_chosen_by(lambda train, folds: train, lambda train, folds: train),
                "You trusted the training loss.",
                "a flexible model fits its own training points best (section 1): judge each model on data it "
                "did not see, its mean validation loss over the folds."),
        Mistake(_chosen_by(_cv, lambda train, folds: train),
                "Right model, but your figure is its training loss.",
                "the figure that decides is the cross-validated loss: the mean of its validation losses "
                "over the folds."),
        Mistake(_chosen_by(lambda train, folds: folds[:, 0], lambda train, folds: folds[:, 0]),
                "You compared one fold only.",
                "one fold is one small validation set, and which model wins on it is partly luck: average "
                "each model's validation losses over all the folds."),
        Mistake(_chosen_by(lambda train, folds: folds.min(axis=1), lambda train, folds: folds.min(axis=1)),
                "You compared each model's best fold.",
                "the best of k folds is an optimistic pick: average each model's validation losses over "
                "all the folds."),
        Mistake(_chosen_by(_cv, lambda train, folds: folds.sum(axis=1)),
                "Right model, but your figure is the sum of its fold losses.",
                "the cross-validated loss is the mean over the folds, not the sum."),
        Mistake(_chosen_by(lambda train, folds: -_cv(train, folds), _cv),
                "You picked the model with the higher validation loss.",
                "a log-loss is a cost: lower is better."),
    ],
    success="Trust the model with the lower cross-validated loss; its training loss only says how well it "
            "memorised.",
    hint="average each row of fold_losses (one row per model), pick the lower mean, and return (its index, "
         "that mean).",
    rtol=1e-9, atol=1e-12,
)


def check_trusted_model(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(train_loss, fold_losses)``: ``(index, figure)`` of the model to trust of two.

    ``train_loss`` holds the two models' training log-losses, ``fold_losses`` (2, k) their
    validation log-losses on each of k folds; the answer is the index (0 or 1) of the
    model with the lower cross-validated loss and that loss. On fixed cases and random ones
    drawn from ``seed`` (a ✘ shows it).

    Examples
    --------
    >>> def trusted(train_loss, fold_losses):
    ...     cv = np.mean(fold_losses, axis=1)
    ...     return int(np.argmin(cv)), cv.min()
    >>> check_trusted_model(trusted)  # doctest: +ELLIPSIS
    ✔ Correct! Trust the model with the lower cross-validated loss; ...
    >>> print(check_trusted_model(lambda train_loss, fold_losses: (int(np.argmin(train_loss)),
    ...                                                           float(np.min(train_loss))), seed=0))
    ... # doctest: +ELLIPSIS
    ✘ Not yet: ... You trusted the training loss.
      Hint: ...
    """
    return TRUSTED_MODEL.check(func, seed=seed)
