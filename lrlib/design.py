"""Design matrices from real data: dummy (treatment) coding and a rank check that names columns (chapter 11).

A categorical column with levels ``a, b, c`` enters a linear model as 0/1 *dummy*
columns, one per level but one: the *reference* level gets none, so the intercept is
the reference level's log-odds and each dummy's coefficient is the change in log-odds
from the reference to its level (a log odds ratio). A dummy for *every* level as well as
the intercept is the dummy-variable trap: the dummies add up to the column of ones, the
columns are linearly dependent and the model has no unique fit (chapter 10's singular
Hessian). :func:`check_full_rank` finds such a dependency and says which columns make it.

- :func:`one_hot_columns`: the dummy columns of a categorical column and their names;
- :func:`check_full_rank`: raise :class:`~lrlib.newton.SingularHessianError` naming the
  columns of a design that are linearly dependent.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from lrlib._design import check_full_rank as _check_full_rank
from lrlib._threads import one_blas_thread
from lrlib._validation import check_array

__all__ = ["check_full_rank", "one_hot_columns"]


def _level_text(level) -> str:
    """A level as a learner would write it: ``2`` rather than ``2.0`` or ``np.float64(2.0)``."""
    if isinstance(level, np.generic):
        level = level.item()
    if isinstance(level, float) and level.is_integer():
        return str(int(level))
    return str(level)


def _as_levels(values, name: str) -> np.ndarray:
    """``values`` as a 1-D array of levels (numbers or strings); no missing values."""
    if hasattr(values, "to_numpy"):  # a pandas Series or Categorical column
        values = values.to_numpy()
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise ValueError(f"column {name!r} must be 1-dimensional (one level per sample), "
                         f"got shape {arr.shape}")
    if len(arr) == 0:
        raise ValueError(f"column {name!r} is empty")
    if arr.dtype.kind == "O":
        missing = [v is None or (isinstance(v, float) and np.isnan(v)) for v in arr]
        if any(missing):
            raise ValueError(f"column {name!r} has {sum(missing)} missing value(s) (None or NaN): "
                             "fill them or drop those rows before coding the column")
        texts = [isinstance(v, str) for v in arr]
        if any(texts) and not all(texts):
            raise TypeError(f"column {name!r} mixes text and numbers: code every level the same way")
    elif arr.dtype.kind == "f" and np.any(np.isnan(arr)):
        raise ValueError(f"column {name!r} has {int(np.isnan(arr).sum())} missing value(s) (NaN): "
                         "fill them or drop those rows before coding the column")
    elif arr.dtype.kind not in "biufUS":
        raise TypeError(f"column {name!r} must hold levels (numbers or text), got dtype {arr.dtype}")
    return arr


def one_hot_columns(values, *, name: str = "x", reference=None, drop_reference: bool = True):
    """Dummy (treatment) coding of a categorical column, with a chosen reference level.

    Parameters
    ----------
    values : array-like of shape (n_samples,)
        The level of each sample: numbers (``1, 2, 3``) or text (``"yes"``, ``"no"``).
    name : str, default "x"
        The column's name: it names the dummies (``"religious=2"``) and the errors.
    reference : int, float or str, optional
        The level that gets no column: the model's baseline, against which every other
        level is compared. Default: the first level in sorted order (R's and
        statsmodels' default).
    drop_reference : bool, default True
        ``False`` keeps a column for every level, reference included: with an intercept
        that is the dummy-variable trap (the columns add up to the intercept's column).

    Returns
    -------
    columns : numpy.ndarray of shape (n_samples, n_levels - 1)
        0.0/1.0 indicators, one column per level other than the reference, in sorted order
        of the levels (``n_levels`` columns with ``drop_reference=False``).
    names : list of str
        ``"{name}={level}"`` for each column.

    Raises
    ------
    ValueError
        The column has only one level (nothing to compare it with), the reference level
        does not occur in it, or it holds missing values; each message names the column.
    TypeError
        ``drop_reference`` is not a bool, or the column mixes text and numbers.

    Examples
    --------
    >>> columns, names = one_hot_columns(["b", "a", "c", "b"], name="group")
    >>> names
    ['group=b', 'group=c']
    >>> columns
    array([[1., 0.],
           [0., 0.],
           [0., 1.],
           [1., 0.]])
    >>> one_hot_columns([1, 2, 2, 3], name="religious", reference=3)[1]
    ['religious=1', 'religious=2']
    >>> one_hot_columns([1, 1, 1], name="religious")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: column 'religious' has only one level (1): a category with one level cannot be compared ...
    """
    if not isinstance(drop_reference, bool | np.bool_):
        raise TypeError(f"drop_reference must be True or False, got {drop_reference!r}")
    name = str(name)
    arr = _as_levels(values, name)
    levels = np.unique(arr)
    shown = [_level_text(level) for level in levels]
    if len(levels) == 1:
        raise ValueError(
            f"column {name!r} has only one level ({shown[0]}): a category with one level cannot be "
            "compared with anything, so it gives no column; drop it from the model"
        )
    if reference is None:
        ref_index = 0
    else:
        matches = [i for i, level in enumerate(levels) if _same_level(level, reference)]
        if not matches:
            raise ValueError(
                f"the reference level {reference!r} does not occur in column {name!r}; its levels "
                f"are {', '.join(shown)}"
            )
        ref_index = matches[0]
    keep = [i for i in range(len(levels)) if i != ref_index or not drop_reference]
    columns = (arr[:, None] == levels[keep][None, :]).astype(np.float64)
    return columns, [f"{name}={shown[i]}" for i in keep]


def _same_level(level, reference) -> bool:
    try:
        return bool(level == reference) or _level_text(level) == _level_text(reference)
    except (TypeError, ValueError):
        return False


def check_full_rank(X, *, feature_names: Sequence[str] | None = None, fit_intercept: bool = True) -> None:
    """Raise if the design ``[X, 1]`` (or ``X``) has linearly dependent columns, naming them.

    The model's coefficients are then not identifiable: the Fisher information
    ``X1^T S X1`` is singular for every fit, so Newton's step and the standard errors do
    not exist. The message states the dependency (for the dummy-variable trap, that the
    dummies add up to the intercept's column) and what to do.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    feature_names : sequence of str, optional
        One name per column of ``X``; default ``column 0``, ``column 1``, ...
    fit_intercept : bool, default True
        Whether the model adds a column of ones (called ``intercept``).

    Raises
    ------
    SingularHessianError
        (a ``ValueError``) naming the dependent columns and the relation between them.

    Examples
    --------
    >>> from lrlib.design import one_hot_columns
    >>> columns, names = one_hot_columns([1, 2, 3, 1], name="religious", drop_reference=False)
    >>> import textwrap
    >>> try:
    ...     check_full_rank(columns, feature_names=names)
    ... except ValueError as error:
    ...     print(textwrap.fill(str(error), 100))
    The design is singular: its columns religious=1, religious=2, religious=3 and intercept are linearly
    dependent (religious=1 + religious=2 + religious=3 = intercept), so the coefficients are not
    identifiable: Newton's step and the standard errors do not exist. With a dummy for every level of a
    category and an intercept, leave out the reference level's column (the dummy-variable trap);
    otherwise drop one of the columns named, or add an L2 penalty (alpha > 0).
    """
    X = check_array(X, "X", ndim=2, allow_empty=True)
    if not isinstance(fit_intercept, bool | np.bool_):
        raise TypeError(f"fit_intercept must be True or False, got {fit_intercept!r}")
    k = X.shape[1]
    if len(X) == 0:
        raise ValueError("X has no rows")
    if k == 0 and not fit_intercept:
        return
    names = [f"column {j}" for j in range(k)] if feature_names is None else [str(n) for n in feature_names]
    if len(names) != k:
        raise ValueError(f"feature_names must hold one name per column of X ({k}), got {len(names)}")
    X1 = np.column_stack([X, np.ones(len(X))]) if fit_intercept else X.astype(np.float64)
    with one_blas_thread():  # 50 times faster than 2 threads on a busy machine
        _check_full_rank(X1, [*names, "intercept"] if fit_intercept else names)
