"""Input checks shared by lrlib's functions, losses, optimiser and plots (NumPy only).

Each check returns a clean NumPy array (or scalar) or raises ``TypeError`` /
``ValueError`` with a message that names the argument and says what was
expected, so a learner sees *which* input is wrong and *why* instead of a NaN
three cells later. The scikit-learn estimators of :mod:`lrlib.models` validate with
scikit-learn's own tools instead.
"""

from __future__ import annotations

from numbers import Real

import numpy as np

__all__ = [
    "check_array",
    "check_axis",
    "check_binary_labels",
    "check_bool",
    "check_class_indices",
    "check_consistent_length",
    "check_probabilities",
    "check_scalar",
    "check_targets_and_predictions",
    "check_tensor",
]


def _show(value) -> str:
    """A number as a learner would write it: ``0.5``, not ``np.float64(0.5)``; 1e300 stays 1e+300."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return repr(value)


def _describe_ndim(ndim: int | tuple[int, ...]) -> str:
    if isinstance(ndim, int):
        return f"{ndim}-dimensional"
    return " or ".join(f"{d}-dimensional" for d in ndim)


def check_array(
    x,
    name: str,
    *,
    ndim: int | tuple[int, ...] | None = None,
    allow_empty: bool = False,
    finite: bool = True,
    allow_bool: bool = True,
) -> np.ndarray:
    """Return ``x`` as a floating-point array after checking it.

    Parameters
    ----------
    x : array-like
        The input. Booleans and integers are converted to float64; float32 stays
        float32 so that learners can see the effect of precision.
    name : str
        The argument's name, used in error messages.
    ndim : int or tuple of int, optional
        Allowed number of dimensions.
    allow_empty : bool, default False
        Whether an array with no element is acceptable.
    finite : bool, default True
        Reject NaN and infinity.
    allow_bool : bool, default True
        Accept booleans (as 0.0 and 1.0). False for a numeric parameter, where
        ``True`` is a slip rather than a number.

    Returns
    -------
    numpy.ndarray
        A float32 or float64 array.

    Raises
    ------
    TypeError
        If ``x`` is not numeric (strings, objects, complex numbers).
    ValueError
        If the dimension is wrong, ``x`` is empty, or it holds NaN or infinity.

    Examples
    --------
    >>> check_array([[1, 2], [3, 4]], "X", ndim=2).dtype
    dtype('float64')
    """
    if x is None:
        raise TypeError(f"{name} must be an array of numbers, got None")
    if hasattr(x, "toarray"):  # scipy.sparse: np.asarray would make a 0-d object array
        raise TypeError(f"{name} is a sparse matrix, which lrlib does not support: "
                        f"pass a dense array, e.g. {name}.toarray()")
    try:
        arr = np.asarray(x)
    except (ValueError, TypeError) as exc:  # ragged nested lists
        raise TypeError(f"{name} must be an array of numbers with a regular shape: {exc}") from None
    if arr.dtype == object and arr.size:  # numbers held as Python objects, e.g. from pandas
        try:
            arr = arr.astype(np.float64)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"{name} must be an array of real numbers, got dtype object "
                            f"that does not convert to float ({exc})") from None
    if arr.dtype.kind == "b" and not allow_bool:
        raise TypeError(f"{name} must be a number, got bool {x!r}" if arr.ndim == 0
                        else f"{name} must hold numbers, got an array of booleans")
    if arr.dtype.kind not in "biuf":
        raise TypeError(
            f"{name} must be an array of real numbers, got dtype {arr.dtype} "
            f"(for example {arr.ravel()[0]!r})"
            if arr.size
            else f"{name} must be an array of real numbers, got dtype {arr.dtype}"
        )
    if arr.dtype.kind != "f" or arr.dtype.itemsize < 4:
        arr = arr.astype(np.float64)
    elif arr.dtype not in (np.float32, np.float64):  # float128 and friends
        arr = arr.astype(np.float64)
    if ndim is not None:
        allowed = (ndim,) if isinstance(ndim, int) else tuple(ndim)
        if arr.ndim not in allowed:
            raise ValueError(
                f"{name} must be {_describe_ndim(ndim)}, got shape {arr.shape} "
                f"({arr.ndim}-dimensional)"
            )
    if not allow_empty and arr.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    if finite and not np.all(np.isfinite(arr)):
        n_bad = int(np.size(arr) - np.count_nonzero(np.isfinite(arr)))
        raise ValueError(
            f"{name} must contain only finite numbers, but {n_bad} "
            f"{'entry is' if n_bad == 1 else 'entries are'} NaN or infinite"
        )
    return arr


def check_probabilities(p, name: str = "p", *, ndim=None) -> np.ndarray:
    """Return ``p`` as a float array after checking every entry lies in [0, 1].

    Examples
    --------
    >>> check_probabilities([0.0, 0.5, 1.0])
    array([0. , 0.5, 1. ])
    """
    arr = check_array(p, name, ndim=ndim)
    if np.any((arr < 0) | (arr > 1)):
        bad = arr[(arr < 0) | (arr > 1)].ravel()[0]
        raise ValueError(f"{name} must hold probabilities in [0, 1], got {_show(bad)}")
    return arr


def check_binary_labels(y, name: str = "y") -> np.ndarray:
    """Return 1-D labels as a float array of 0.0 and 1.0, or raise.

    Examples
    --------
    >>> check_binary_labels([0, 1, 1])
    array([0., 1., 1.])
    """
    arr = check_array(y, name, ndim=1)
    bad = (arr != 0) & (arr != 1)
    if np.any(bad):
        values = ", ".join(_show(v) for v in np.unique(arr[bad])[:5])
        raise ValueError(f"{name} must hold binary labels 0 and 1, got {values}")
    return arr


def check_class_indices(y, n_classes: int, name: str = "y") -> np.ndarray:
    """Return 1-D class labels as an int64 array of values in ``0..n_classes-1``.

    Examples
    --------
    >>> check_class_indices([0, 2, 1], 3)
    array([0, 2, 1])
    """
    arr = check_array(y, name, ndim=1)
    fractional = arr != np.round(arr)
    if np.any(fractional):
        raise ValueError(f"{name} must hold whole-number class indices, got {_show(arr[fractional][0])}")
    bad = (arr < 0) | (arr >= n_classes)
    if np.any(bad):
        # shown as given: a cast to int64 would print 1e300 as -9223372036854775808
        values = ", ".join(_show(v) for v in np.unique(arr[bad])[:5])
        raise ValueError(
            f"{name} must hold class indices 0..{n_classes - 1} (there are {n_classes} classes), "
            f"got {values}"
        )
    return arr.astype(np.int64)


def check_consistent_length(**arrays: np.ndarray) -> int:
    """Check that the named arrays have the same number of rows; return it.

    Examples
    --------
    >>> check_consistent_length(X=np.zeros((3, 2)), y=np.zeros(3))
    3
    """
    lengths = {name: len(a) for name, a in arrays.items()}
    if len(set(lengths.values())) > 1:
        detail = ", ".join(f"{name} has {n}" for name, n in lengths.items())
        raise ValueError(f"{' and '.join(lengths)} must have the same number of samples: {detail}")
    return next(iter(lengths.values()))


def check_targets_and_predictions(y_true, y_pred, pred_name: str, probabilities: bool):
    """Check 0/1 labels and one prediction per label (probabilities, or any finite scores).

    Examples
    --------
    >>> check_targets_and_predictions([0, 1], [0.2, 0.9], "p", probabilities=True)
    (array([0., 1.]), array([0.2, 0.9]))
    """
    y = check_binary_labels(y_true, "y_true")
    if probabilities:
        pred = check_probabilities(y_pred, pred_name, ndim=1)
    else:
        pred = check_array(y_pred, pred_name, ndim=1)
    check_consistent_length(y_true=y, **{pred_name: pred})
    return y, pred


def check_scalar(
    value,
    name: str,
    *,
    min_value: float | None = None,
    max_value: float | None = None,
    include_min: bool = True,
    include_max: bool = True,
    integer: bool = False,
) -> float | int:
    """Check a real scalar (a learning rate, a count) and return it.

    Examples
    --------
    >>> check_scalar(0.1, "learning_rate", min_value=0, include_min=False)
    0.1
    """
    kind = "an integer" if integer else "a real number"
    if isinstance(value, bool | np.bool_) or not isinstance(value, Real | np.floating | np.integer):
        raise TypeError(f"{name} must be {kind}, got {type(value).__name__} {value!r}")
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {_show(value)}")
    if integer and int(value) != value:
        raise TypeError(f"{name} must be {kind}, got {_show(value)}")
    if min_value is not None and (value < min_value or (not include_min and value == min_value)):
        sign = ">=" if include_min else ">"
        raise ValueError(f"{name} must be {sign} {min_value}, got {_show(value)}")
    if max_value is not None and (value > max_value or (not include_max and value == max_value)):
        sign = "<=" if include_max else "<"
        raise ValueError(f"{name} must be {sign} {max_value}, got {_show(value)}")
    return int(value) if integer else float(value)


def check_bool(value, name: str) -> bool:
    """Check a flag is True or False (not a string, whose truth is its non-emptiness); return it.

    Examples
    --------
    >>> check_bool(False, "shuffle")
    False
    >>> check_bool("no", "shuffle")
    Traceback (most recent call last):
    ...
    TypeError: shuffle must be True or False, got str 'no'
    """
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__} {value!r}")
    return bool(value)


def check_axis(axis, ndim: int, name: str = "axis") -> int:
    """Check that ``axis`` is an integer naming one of ``ndim`` axes; return it as an int.

    Examples
    --------
    >>> check_axis(-1, 2)
    -1
    >>> check_axis(1.5, 2)
    Traceback (most recent call last):
    ...
    TypeError: axis must be an integer, got float 1.5
    """
    if isinstance(axis, bool | np.bool_) or not isinstance(axis, int | np.integer):
        raise TypeError(f"{name} must be an integer, got {type(axis).__name__} {axis!r}")
    if not -ndim <= axis < ndim:
        raise ValueError(f"{name} must be in {-ndim}..{ndim - 1} for an array with {ndim} "
                         f"dimension{'s' if ndim > 1 else ''}, got {int(axis)}")
    return int(axis)


def check_tensor(x, name: str, *, ndim: int, kind: str = "float", n_classes: int | None = None):
    """Return ``x`` as a PyTorch tensor after checking it (PyTorch is imported only here).

    Parameters
    ----------
    x : torch.Tensor or array-like
        NumPy arrays and lists are converted with ``torch.as_tensor`` (sharing memory
        where possible).
    name : str
        The argument's name, used in error messages.
    ndim : int
        Required number of dimensions.
    kind : {"float", "int"}, default "float"
        ``"float"``: floating point with only finite values (float64 becomes float32,
        the dtype of PyTorch's layers). ``"int"``: integer class labels, as int64.
    n_classes : int, optional
        For ``kind="int"``: labels must lie in ``0..n_classes-1``.

    Returns
    -------
    torch.Tensor

    Examples
    --------
    >>> check_tensor([[0.0, 1.0]], "X", ndim=2).dtype
    torch.float32
    >>> check_tensor([3, 1], "y", ndim=1, kind="int", n_classes=4).tolist()
    [3, 1]
    """
    import torch

    if x is None:
        raise TypeError(f"{name} must be a tensor or an array of numbers, got None")
    if not isinstance(x, torch.Tensor):
        try:
            x = torch.as_tensor(np.asarray(x))
        except (TypeError, ValueError, RuntimeError) as exc:
            raise TypeError(f"{name} must be a tensor or an array of numbers: {exc}") from None
    if x.ndim != ndim:
        raise ValueError(f"{name} must be {_describe_ndim(ndim)}, got shape {tuple(x.shape)}")
    if x.numel() == 0:
        raise ValueError(f"{name} must not be empty, got shape {tuple(x.shape)}")
    if kind == "float":
        if x.dtype == torch.bool or x.is_complex():
            raise TypeError(f"{name} must hold real numbers, got dtype {x.dtype}")
        if x.dtype != torch.float32:
            x = x.to(torch.float32)
        # Fast path: a finite sum means no NaN or inf (the sum of all of MNIST takes
        # milliseconds). Otherwise look row-chunk by row-chunk (one isfinite on the whole
        # set would allocate hundreds of MB): a huge but finite set can overflow the sum.
        rows = max(1, (1 << 20) // max(1, x[0].numel()))
        if not bool(torch.isfinite(x.sum())) and not all(
                bool(torch.isfinite(chunk).all()) for chunk in torch.split(x, rows)):
            raise ValueError(f"{name} must contain only finite numbers, but some entries are NaN or infinite")
        return x
    if kind != "int":
        raise ValueError(f"kind must be 'float' or 'int', got {kind!r}")
    if x.is_floating_point() or x.is_complex() or x.dtype == torch.bool:
        if x.is_floating_point() and bool((x == x.round()).all()):
            x = x.to(torch.int64)
        else:
            raise TypeError(f"{name} must hold integer class labels, got dtype {x.dtype}")
    x = x.to(torch.int64)
    if n_classes is not None:
        bad = (x < 0) | (x >= n_classes)
        if bool(bad.any()):
            values = torch.unique(x[bad])[:5].tolist()
            raise ValueError(f"{name} must hold class indices 0..{n_classes - 1} "
                             f"(there are {n_classes} classes), got {values}")
    return x
