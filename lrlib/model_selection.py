"""k-fold cross-validation from scratch (chapter 9).

:func:`kfold_indices` splits the sample indices into ``k`` folds, exactly as
:class:`sklearn.model_selection.KFold` does; :func:`cross_validated_log_loss`
trains a copy of a model on every ``k - 1`` folds and scores it on the fold left out.
"""

from __future__ import annotations

from numbers import Integral

import numpy as np
from sklearn.base import clone
from sklearn.metrics import log_loss
from sklearn.utils import check_random_state

from lrlib._validation import check_bool, check_consistent_length, check_scalar

__all__ = ["cross_validated_log_loss", "kfold_indices"]


def _random_state(random_state) -> np.random.RandomState:
    """``random_state`` as a RandomState, or an error naming it (scikit-learn's does not)."""
    if isinstance(random_state, np.random.RandomState) or random_state is None:
        return check_random_state(random_state)
    if isinstance(random_state, bool | np.bool_) or not isinstance(random_state, Integral):
        raise TypeError(f"random_state must be None, an integer or a numpy RandomState, "
                        f"got {type(random_state).__name__} {random_state!r}")
    if not 0 <= random_state < 2**32:
        raise ValueError(f"random_state must be in 0..2**32 - 1 (a seed of numpy's RandomState), "
                         f"got {random_state}")
    return check_random_state(int(random_state))


def _check_folds(folds, n_samples: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """``folds`` as a list of (train, validation) integer index arrays into ``n_samples`` samples.

    Each pair is checked: two non-empty 1-D arrays of whole-number indices in
    ``0..n_samples - 1`` that share no sample (a model scored on samples it was trained
    on looks better than it is).
    """
    try:
        folds = list(folds)
    except TypeError:
        raise TypeError(f"folds must be a sequence of (train, validation) index pairs, "
                        f"got {type(folds).__name__}") from None
    if not folds:
        raise ValueError("folds is empty: give at least one (train, validation) pair")
    checked = []
    for k, fold in enumerate(folds):
        if isinstance(fold, str) or not hasattr(fold, "__len__") or len(fold) != 2:
            what = type(fold).__name__ + (f" of length {len(fold)}" if hasattr(fold, "__len__") else "")
            raise ValueError(f"folds[{k}] must be a (train, validation) pair of index arrays, got {what}")
        pair = []
        for part, indices in zip(("train", "validation"), fold, strict=True):
            where = f"folds[{k}]'s {part} indices"
            indices = np.asarray(indices)
            if indices.ndim != 1:
                raise ValueError(f"{where} must be 1-dimensional, got shape {indices.shape}")
            if indices.size == 0:
                raise ValueError(f"{where} are empty: every fold needs samples to "
                                 f"{'train on' if part == 'train' else 'score'}")
            if indices.dtype.kind not in "iu":  # floats, and booleans (a mask is not a list of samples)
                raise TypeError(f"{where} must be integers (sample numbers), got dtype {indices.dtype}")
            outside = (indices < 0) | (indices >= n_samples)
            if np.any(outside):
                raise ValueError(f"{where} must be in 0..{n_samples - 1} (there are {n_samples} samples), "
                                 f"got {indices[outside][0]}")
            pair.append(indices)
        shared = np.intersect1d(*pair)
        if shared.size:
            raise ValueError(f"folds[{k}] trains and validates on the same sample(s), e.g. "
                             f"{shared[:5].tolist()}: a model scored on samples it was trained on looks "
                             "better than it is")
        checked.append(tuple(pair))
    return checked


def kfold_indices(n_samples: int, n_folds: int = 5, *, shuffle: bool = False, random_state=None):
    """Split ``range(n_samples)`` into ``n_folds`` folds: one (train, validation) pair per fold.

    The folds are consecutive blocks of the (optionally shuffled) indices; the
    first ``n_samples % n_folds`` folds hold one sample more than the others, so
    every sample is in exactly one validation fold and fold sizes differ by at
    most one. The same splits as ``sklearn.model_selection.KFold(n_folds,
    shuffle=shuffle, random_state=random_state)``.

    Parameters
    ----------
    n_samples : int
        At least ``n_folds``.
    n_folds : int, default 5
        At least 2.
    shuffle : bool, default False
        Shuffle the indices before cutting them into blocks (do it when the
        samples are sorted, by class or by time of collection).
    random_state : int, numpy RandomState or None, default None
        Seed of the shuffle; only with ``shuffle=True`` (as in scikit-learn, a seed
        without a shuffle is refused: it would be silently ignored).

    Returns
    -------
    list of (numpy.ndarray, numpy.ndarray)
        ``n_folds`` pairs of training indices and validation indices, each sorted.

    Examples
    --------
    >>> [(train.tolist(), validation.tolist()) for train, validation in kfold_indices(5, 2)]
    [([3, 4], [0, 1, 2]), ([0, 1, 2], [3, 4])]
    """
    n_samples = check_scalar(n_samples, "n_samples", min_value=1, integer=True)
    n_folds = check_scalar(n_folds, "n_folds", min_value=2, integer=True)
    if n_folds > n_samples:
        raise ValueError(f"n_folds={n_folds} is more than n_samples={n_samples}: "
                         "every fold needs at least one sample")
    shuffle = check_bool(shuffle, "shuffle")
    if random_state is not None and not shuffle:
        raise ValueError(f"random_state={random_state!r} has no effect without a shuffle: pass shuffle=True, "
                         "or leave random_state as None")
    order = np.arange(n_samples)
    if shuffle:
        _random_state(random_state).shuffle(order)
    sizes = np.full(n_folds, n_samples // n_folds)
    sizes[: n_samples % n_folds] += 1  # the remainder goes one each to the first folds
    folds = []
    for end, size in zip(np.cumsum(sizes), sizes, strict=True):
        in_fold = np.zeros(n_samples, dtype=bool)
        in_fold[order[end - size:end]] = True
        folds.append((np.flatnonzero(~in_fold), np.flatnonzero(in_fold)))
    return folds


def cross_validated_log_loss(estimator, X, y, folds) -> np.ndarray:
    """Validation log-loss of ``estimator`` on each fold, trained on the other folds.

    Parameters
    ----------
    estimator : classifier with ``predict_proba``
        Not modified: each fold trains a fresh :func:`sklearn.base.clone`.
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    folds : iterable of (train indices, validation indices)
        For example :func:`kfold_indices` ``(len(y), k)``. Each pair holds two non-empty
        1-D arrays of sample numbers in ``0..n_samples - 1`` with no sample in both.

    Returns
    -------
    numpy.ndarray of shape (len(folds),)
        The mean log-loss on each validation fold (lower is better).

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> X = [[0.0], [1.0], [2.0], [3.0], [4.0], [5.0], [6.0], [7.0]]
    >>> y = [0, 1, 0, 0, 1, 1, 0, 1]
    >>> folds = kfold_indices(8, 2, shuffle=True, random_state=0)
    >>> cross_validated_log_loss(LogisticRegression(), X, y, folds).round(3)
    array([1.221, 0.693])
    """
    if not hasattr(estimator, "fit") or not hasattr(estimator, "predict_proba"):
        raise TypeError("estimator must be a classifier with fit and predict_proba methods, "
                        f"got {type(estimator).__name__}")
    X, y = np.asarray(X), np.asarray(y)
    n_samples = check_consistent_length(X=X, y=y)
    losses = []
    for train, validation in _check_folds(folds, n_samples):
        model = clone(estimator).fit(X[train], y[train])
        losses.append(log_loss(y[validation], model.predict_proba(X[validation]), labels=model.classes_))
    return np.array(losses)
