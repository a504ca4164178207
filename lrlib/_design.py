"""The design matrix ``X1 = [X, 1]`` of logistic regression, and what stops its maximum-likelihood fit.

Shared by :mod:`lrlib.newton`, :mod:`lrlib.inference` and chapter 11's binomial models
(names public within lrlib): the data check (:func:`check_data`), the design matrix
(:func:`with_ones`), the Fisher information (:func:`fisher_information`) and its solve
(:func:`solve`). The unpenalised fit has finite maximum-likelihood weights exactly when

- the columns of ``X1`` are linearly independent (:func:`check_full_rank`), and
- the classes overlap: no direction ``v != 0`` has ``(2 y_i - 1) x1_i^T v >= 0`` for every
  sample (Albert and Anderson, 1984). Such a ``v`` puts every sample on its own class's
  side of the boundary (*complete* separation) or some on the boundary itself
  (*quasi-complete* separation); either way the log-likelihood keeps rising along ``v``
  and has no maximum. :func:`check_overlap` decides it.

Beyond those, a float64 Hessian needs features of sensible size (:func:`check_column_scales`)
and columns that are not almost parallel to the intercept's (:func:`centring_advice`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import scipy.linalg
import scipy.sparse
from scipy.optimize import linprog
from scipy.special import expit  # the sigmoid, without overflow

from lrlib._kernels import sigmoid
from lrlib._validation import check_array, check_binary_labels, check_consistent_length, check_scalar

__all__ = [
    "SINGULAR_RCOND",
    "SingularHessianError",
    "centring_advice",
    "check_column_scales",
    "check_data",
    "check_full_rank",
    "check_overlap",
    "column_scales",
    "default_names",
    "describe_columns",
    "fisher_information",
    "largest_scaled_gradient",
    "singular_hessian",
    "solve",
    "with_ones",
]

# A Hessian whose smallest eigenvalue is below this fraction of its largest is singular
# for float64: solving with it would amplify rounding errors by more than 1e12.
SINGULAR_RCOND = 1e-12
# Features beyond these sizes make the Hessian, a sum of products of two features,
# overflow (1e150 squared is 1e300) or underflow.
_LARGEST_FEATURE, _SMALLEST_FEATURE = 1e150, 1e-150
# A separating direction found by the linear program is accepted when no sample is on the
# wrong side by more than this fraction of the mean margin (the solver's own tolerance is 1e-10).
_MARGIN_RTOL = 1e-8
_LP_OPTIONS = {"primal_feasibility_tolerance": 1e-10}
_EPS = np.finfo(np.float64).eps

class SingularHessianError(ValueError):
    """The Hessian of the log-loss is singular: Newton's step and the standard errors do not exist.

    Raised for linearly dependent columns of ``X`` (a duplicated column, a constant
    column next to the intercept) and for separated classes (complete or quasi-complete
    separation: the log-loss has no minimum). The message says which, and what to do.
    """


SingularHessianError.__module__ = "lrlib.newton"  # its public name


def with_ones(X: np.ndarray) -> np.ndarray:
    """``[X, 1]``: the design matrix with the intercept's column of ones last."""
    return np.column_stack([X, np.ones(len(X), dtype=X.dtype)])


def check_data(X, y, w=None, b=None):
    """Validate the data (and weights) of a logistic regression: ``X, y`` or ``X, y, w, b``."""
    # X may have no column: the intercept-only model (the null model of the LR test)
    X = check_array(X, "X", ndim=2, allow_empty=True)
    if len(X) == 0:
        raise ValueError(f"X must hold at least one sample, got shape {X.shape}")
    check_column_scales(X)
    y = check_binary_labels(y, "y")
    check_consistent_length(X=X, y=y)
    if w is None:
        return X, y
    w = check_array(w, "w", ndim=1, allow_empty=True)
    if len(w) != X.shape[1]:
        raise ValueError(f"w must have one weight per column of X ({X.shape[1]}), got {len(w)}")
    return X, y, w, float(check_scalar(b, "b"))


def fisher_information(X1: np.ndarray, z: np.ndarray) -> np.ndarray:
    """``X1^T S X1`` with ``S = diag(p (1 - p))``, ``p = sigmoid(z)``: the Hessian of the summed log-loss."""
    s = sigmoid(z) * sigmoid(-z)  # p (1 - p), without the cancellation of 1 - p near p = 1
    return (X1.T * s) @ X1


def solve(matrix: np.ndarray, rhs: np.ndarray, singular: Callable[[float], str]) -> np.ndarray:
    """``matrix^-1 rhs`` for a symmetric positive definite ``matrix`` (a Hessian, an information).

    Judged and solved (Cholesky) on ``D^-1/2 matrix D^-1/2`` (``D`` its diagonal), whose
    condition does not depend on the units of the features: Newton's method does not either.
    Where its smallest eigenvalue is below :data:`SINGULAR_RCOND` of its largest, raises
    :class:`SingularHessianError` with the message ``singular(ratio)``.
    """
    scale = np.sqrt(np.diag(matrix))
    if not np.all(scale > 0) or not np.all(np.isfinite(matrix)):
        eigenvalues = np.array([0.0, 1.0])
    else:
        eigenvalues = np.linalg.eigvalsh(matrix / np.outer(scale, scale))
    if eigenvalues[0] <= SINGULAR_RCOND * eigenvalues[-1]:
        raise SingularHessianError(singular(eigenvalues[0]))
    column = scale.reshape(-1, *[1] * (np.ndim(rhs) - 1))
    scaled = matrix / np.outer(scale, scale)
    return scipy.linalg.cho_solve(scipy.linalg.cho_factor(scaled), rhs / column) / column


def singular_hessian(where: str) -> Callable[[float], str]:
    """The message of :func:`solve` for the Hessian of the log-loss (Newton's method, standard errors)."""
    return lambda ratio: (
        f"The Hessian is singular {where} (its smallest eigenvalue, once the features are scaled "
        f"alike, is {ratio:.1e} of its largest): the classes are (almost) perfectly "
        "separated, or columns of X are (almost) linearly dependent. Add an L2 penalty "
        "(alpha > 0), or drop the separating or redundant feature(s)."
    )


def column_scales(X: np.ndarray) -> np.ndarray:
    """Root-mean-square of each column, computed without overflow or underflow (0 for a zero column).

    Squaring 1e200 overflows and squaring 1e-200 underflows, so each column is divided by
    its largest absolute value first.
    """
    peak = np.max(np.abs(X), axis=0) if len(X) else np.zeros(X.shape[1])
    if np.all((peak == 0) | ((peak > 1e-100) & (peak < 1e100))):
        return np.sqrt(np.einsum("ij,ij->j", X, X) / len(X))  # squares fit: no copy of X needed
    ratio = X / np.where(peak > 0, peak, 1.0)
    return peak * np.sqrt(np.mean(ratio * ratio, axis=0))


def largest_scaled_gradient(gradient: np.ndarray, scales: np.ndarray) -> float:
    """The largest ``|gradient_j| / scales_j`` (``scales`` from :func:`column_scales`; 0 counts as 1).

    The gradient of the same problem with every column scaled to root-mean-square 1: a
    stopping test on it does not depend on the units of the features, as Newton's steps
    do not (an absolute test stops too late for features in large units, too early for small).
    """
    return float(np.max(np.abs(gradient) / np.where(scales > 0, scales, 1.0)))


def check_column_scales(X: np.ndarray) -> None:
    """ValueError for a column too large or too small for a float64 Hessian (products of two features)."""
    peak = np.max(np.abs(X), axis=0) if len(X) else np.zeros(X.shape[1])
    for j in np.flatnonzero(peak > _LARGEST_FEATURE):
        raise ValueError(
            f"column {j} of X holds values up to {peak[j]:.3g}: too large for Newton's method in float64 "
            f"(the Hessian X1^T S X1 multiplies two features: the square of {peak[j]:.0e} is beyond the "
            "largest float). Standardise the features (e.g. with sklearn.preprocessing.StandardScaler)."
        )
    for j in np.flatnonzero((peak > 0) & (peak < _SMALLEST_FEATURE)):
        raise ValueError(
            f"column {j} of X holds values no larger than {peak[j]:.3g}: too small for Newton's method in "
            f"float64 (the Hessian X1^T S X1 multiplies two features: the square of {peak[j]:.0e} is below "
            "the smallest float). Standardise the features (e.g. with sklearn.preprocessing.StandardScaler)."
        )


def describe_columns(columns, n_features: int) -> str:
    """``column 0, column 3 and the intercept's column of ones``, at most six named."""
    names = [f"column {j}" if j < n_features else "the intercept's column of ones" for j in columns]
    if len(names) > 6:
        names = [*names[:5], f"{len(names) - 5} more columns"]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _relation(null: np.ndarray, names) -> str:
    """A null vector ``v`` (``X1 v = 0``) as the relation it states, e.g. ``a + b = intercept``."""
    v = null / np.abs(null).max()
    v = v / v[np.flatnonzero(np.abs(v) > 1e-6)[0]]  # the first column named gets coefficient 1
    v = v if np.sum(v > 1e-6) >= np.sum(v < -1e-6) else -v  # more terms on the left (rounding: none)
    terms = [(c, names[j]) for j, c in enumerate(v) if abs(c) > 1e-6]

    def side(pairs):
        parts = [(name if abs(abs(c) - 1) < 1e-6 else f"{abs(c):.3g}·{name}") for c, name in pairs]
        return " + ".join(parts) if parts else "0"

    return f"{side([t for t in terms if t[0] > 0])} = {side([t for t in terms if t[0] < 0])}"


def default_names(n_features: int) -> list[str]:
    """The names of ``X1 = [X, 1]``'s columns where the caller gives none: ``x0, x1, ..., intercept``."""
    return [*(f"x{j}" for j in range(n_features)), "intercept"]


def check_full_rank(X1: np.ndarray, names=None) -> None:
    """Raise :class:`SingularHessianError` if the columns of ``X1`` are linearly dependent, naming them.

    ``names`` has one name per column of ``X1`` (default :func:`default_names`, for
    ``X1 = [X, 1]``). The message states the dependency (for the dummy-variable trap, that
    the dummies add up to the intercept's column) and what to do.
    """
    names = default_names(X1.shape[1] - 1) if names is None else list(names)
    scales = column_scales(X1)
    if np.any(scales == 0):
        which = names[int(np.flatnonzero(scales == 0)[0])]
        raise SingularHessianError(
            f"The design is singular: column {which} is all zeros, so its coefficient is not "
            "identifiable. Drop it (a dummy for a level that never occurs, say)."
        )
    scaled = X1 / scales  # columns scaled alike: a feature measured in large units is not "bigger"
    # every right singular vector (a k x k Vt) without the n x n U: full_matrices only when n < k
    _, sv, Vt = np.linalg.svd(scaled, full_matrices=scaled.shape[0] < scaled.shape[1])
    rank = int(np.sum(sv > max(X1.shape) * _EPS * sv[0]))
    if rank == X1.shape[1]:
        return
    null = Vt[rank:]  # a basis of the null space: X1 @ (null / scales).T == 0
    involved = np.flatnonzero(np.abs(null).max(axis=0) > 1e-8)
    listed = [names[j] for j in involved]
    listed_text = ", ".join(listed[:-1]) + " and " + listed[-1] if len(listed) > 1 else listed[0]
    trap = any("=" in names[j] for j in involved) and names[involved[-1]] == "intercept"
    advice = ("With a dummy for every level of a category and an intercept, leave out the reference "
              "level's column (the dummy-variable trap); otherwise drop one of the columns named, or add an "
              "L2 penalty (alpha > 0)." if trap else
              "Drop one of the columns named (a duplicated or derived column), or add an L2 penalty "
              "(alpha > 0), which makes the Hessian invertible.")
    raise SingularHessianError(
        f"The design is singular: its columns {listed_text} are linearly dependent "
        f"({_relation(null[0] / scales, names)}), so the coefficients are not identifiable: Newton's step "
        f"and the standard errors do not exist. {advice}"
    )


def _overlap_certified(A: np.ndarray, signed_z: np.ndarray) -> bool:
    """Whether the scores ``z`` prove that the classes overlap (so finite weights maximise the likelihood).

    ``A`` holds the rows ``(2 y_i - 1) x1_i`` (columns scaled alike). With ``q_i =
    sigmoid(-(2 y_i - 1) z_i) > 0``, the probability the model gives the wrong class, the
    gradient of the summed log-loss is ``-A^T q``. A direction ``v != 0`` with ``A v >= 0``
    would give, for the rows ``T`` where ``q_i >= tau``,
    ``tau sigma_min(A_T) ||v|| <= tau ||A_T v||_1 <= q^T A v = (A^T q)^T v <= ||A^T q|| ||v||``.
    So ``tau sigma_min(A_T) > ||A^T q||`` rules it out (Gordan's theorem with a margin): a
    certificate that holds near a maximum of the likelihood, where ``A^T q`` is about 0,
    for some ``tau`` that leaves rows enough to span every direction. Rounding is bounded
    generously; a failed certificate proves nothing (the linear program decides).
    """
    n, p = A.shape
    q = expit(-signed_z)
    residual = np.linalg.norm(A.T @ q) + n * _EPS * np.linalg.norm(np.abs(A).T @ q)
    for tau in sorted({*10.0 ** -np.arange(1, 9), q.min()}, reverse=True):
        rows = A[q >= tau]
        if len(rows) < p or tau * np.sqrt(len(rows)) * np.abs(A).max() <= residual:
            continue  # too few rows, or too small a tau, to succeed
        eigenvalues = np.linalg.eigvalsh(rows.T @ rows)
        smallest = eigenvalues[0] - (n + p) * _EPS * eigenvalues[-1]  # a lower bound on sigma_min(A_T)^2
        if smallest > 0 and tau * np.sqrt(smallest) > residual:
            return True
    return False


def _sparse_direction(A: np.ndarray, strict: np.ndarray | None = None) -> np.ndarray | None:
    """The ``v`` of least ``||v||_1`` with ``A v >= 0``, or None if there is none but ``v = 0``.

    ``strict`` (a mask of rows) also asks ``(A v)_i >= 1`` there; without it, the mean
    margin is set to 1 instead. A linear program over ``v = v+ - v-``, ``v+, v- >= 0``.
    """
    n, p = A.shape
    floor = np.zeros(n) if strict is None else strict.astype(float)
    equality = {} if strict is not None else {"A_eq": np.r_[A.mean(axis=0), -A.mean(axis=0)][None, :],
                                              "b_eq": [1.0]}
    result = linprog(np.ones(2 * p), A_ub=np.hstack([-A, A]), b_ub=-floor, bounds=(0, None), method="highs",
                     options=_LP_OPTIONS, **equality)
    if result.status != 0:  # 2: infeasible (any other status: undecided, taken as no)
        return None
    v = result.x[:p] - result.x[p:]
    # a direction that separates only within the solver's tolerance is no separation
    slack = _MARGIN_RTOL * (1.0 if strict is not None else (A @ v).mean())
    return v if np.all(A @ v >= floor - slack) else None


def _fewer_columns(A: np.ndarray, v: np.ndarray, strict: np.ndarray) -> np.ndarray:
    """``v`` using as few feature columns as one pass of elimination finds (the intercept is free).

    Each feature column ``v`` uses is dropped in turn if the others still put the ``strict``
    rows strictly on their side and none on the wrong one: the columns named to the user
    are then ones that matter.
    """
    keep = np.abs(v) > 1e-9 * np.abs(v).max()
    keep[-1] = True
    for j in np.argsort(np.abs(v[:-1])):
        if not keep[j]:
            continue
        keep[j] = False
        u = _sparse_direction(A[:, keep], strict)
        if u is None:
            keep[j] = True
        else:
            v = np.zeros_like(v)
            v[keep] = u
    return v


def _lift_boundary(A: np.ndarray, v: np.ndarray) -> np.ndarray:
    """A separating direction that puts strictly on their side all the samples any separating direction can.

    Samples on the boundary of ``v`` (margin 0) are lifted off it where possible: a second
    linear program finds ``u`` with ``A u >= 0`` maximising ``sum t_i`` over them, with
    ``t_i <= (A u)_i`` and ``0 <= t_i <= 1``. Then ``v + u`` keeps ``v``'s strict margins
    and adds ``u``'s (the separating directions form a convex cone).
    """
    margins = A @ v
    boundary = np.flatnonzero(margins <= _MARGIN_RTOL * margins.mean())
    n, p = A.shape
    m = len(boundary)
    lift = scipy.sparse.csr_matrix((np.ones(m), (boundary, np.arange(m))), shape=(n, m))
    result = linprog(np.r_[np.zeros(p), -np.ones(m)], A_ub=scipy.sparse.hstack([-A, lift], format="csr"),
                     b_ub=np.zeros(n), bounds=[(None, None)] * p + [(0, 1)] * m, method="highs",
                     options=_LP_OPTIONS)
    return v + result.x[:p] if result.status == 0 else v


def check_overlap(X1: np.ndarray, y: np.ndarray, z: np.ndarray | None = None, *, n_trials=None,
                  names=None) -> None:
    """Raise :class:`SingularHessianError` if the classes are completely or quasi-completely separated.

    Then the log-likelihood has no maximum, and a fit that stops returns weights set by
    its tolerance alone. The criterion is Albert and Anderson's (1984): a direction
    ``v != 0`` with ``(2 y_i - 1) x1_i^T v >= 0`` for every sample, looked for by a linear
    program (as Konis, 2007, and R's ``detectseparation`` do). ``X1`` must have full column
    rank. ``z``, the scores at (or near) a maximum of the likelihood, lets a cheap
    certificate of overlap skip the linear program.

    Grouped data (``y`` successes out of ``n_trials``) enter as one signed row per outcome
    a group has: ``+x1_i`` if it has a success, ``-x1_i`` if it has a failure (a group with
    both pins the direction to ``x1_i^T v = 0``). ``names`` (one per column of ``X1``, the
    intercept last) name the columns in the message.
    """
    scales = column_scales(X1)
    scaled = X1 / np.where(scales > 0, scales, 1.0)
    if n_trials is not None and np.all(np.asarray(n_trials) == 1):
        n_trials = None  # one trial per row: 0/1 outcomes
    if n_trials is None:
        A = (2 * y - 1)[:, None] * scaled
        if z is not None and _overlap_certified(A, (2 * y - 1) * z):
            return
    else:
        A = np.vstack([scaled[y > 0], -scaled[y < n_trials]])
    v = _sparse_direction(A)
    if v is None:
        return
    everyone = np.ones(len(A), dtype=bool)
    complete = _sparse_direction(A, everyone)
    v = complete if complete is not None else _lift_boundary(A, v)
    margins = A @ v
    strict = everyone if complete is not None else margins > _MARGIN_RTOL * margins.mean()
    v = _fewer_columns(A, v / margins[strict].min(), strict)
    n, k = len(A), int(strict.sum())
    used = np.flatnonzero(np.abs(v[:-1]) > 1e-9 * np.abs(v).max())
    with_intercept = " (with the intercept)" if abs(v[-1]) > 1e-9 * np.abs(v).max() else ""
    if names is None:
        weights = f"weights on {describe_columns(used, X1.shape[1] - 1)} of X{with_intercept}"
    else:
        listed = [str(names[j]) for j in used]
        weights = "weights on " + (", ".join(listed[:-1]) + " and " + listed[-1] if len(listed) > 1
                                   else listed[0] if listed else "the intercept") + with_intercept
    samples = "samples" if n_trials is None else "outcomes (a group's successes, or its failures)"
    if k == n:
        what = (f"The classes are perfectly separated (complete separation): {weights} put every sample "
                "strictly on its own class's side of the boundary")
    else:
        what = (f"The classes are quasi-completely separated: {weights} put {k} of the {n} {samples} "
                f"strictly on their own class's side of the boundary and the other {n - k} exactly on it, "
                f"so those {k} would be fitted with probability exactly 0 or 1")
    raise SingularHessianError(
        f"{what}. Scaling those weights up keeps lowering the log-loss, which has no minimum (Albert and "
        "Anderson, 1984): there are no finite maximum-likelihood weights or standard errors, and a fit "
        "that stops returns weights set by its tolerance alone. Add an L2 penalty (alpha > 0), use "
        "Firth's penalised likelihood (lrlib.firth), or drop or merge the separating column(s): look for "
        "a level of a category, or a range of a feature, where every outcome is the same."
    )


def centring_advice(X: np.ndarray) -> str | None:
    """Why ``[X, 1]`` is almost singular if centring the columns of ``X`` cures it, else None.

    A feature with a large mean and a small spread (mean 1e6, standard deviation 1) is
    almost parallel to the intercept's column of ones: the Hessian is singular in float64,
    though the model is identifiable. Centring changes only the intercept.
    """
    if X.shape[1] == 0:
        return None

    def condition_ok(M):
        scales = column_scales(M)
        if np.any(scales == 0):
            return False
        sv = scipy.linalg.svdvals(M / scales)
        return sv[-1] ** 2 > SINGULAR_RCOND * sv[0] ** 2  # the Hessian's condition is the square

    centred = X - X.mean(axis=0)
    if condition_ok(with_ones(X)) or not condition_ok(with_ones(centred)):
        return None
    mean, spread = X.mean(axis=0), column_scales(centred)
    relative = spread / np.maximum(np.abs(mean), np.finfo(np.float64).tiny)
    columns = np.flatnonzero(relative < 1e-3)
    if len(columns) == 0:
        columns = [int(np.argmin(relative))]
    which = describe_columns(columns, X.shape[1])
    examples = ", ".join(f"mean {mean[j]:.3g}, standard deviation {spread[j]:.3g}" for j in columns[:3])
    return (
        f"{which} of X {'varies' if len(columns) == 1 else 'vary'} little around a large mean ({examples}): "
        "next to the intercept's column of ones, such a column is almost constant, and the Hessian is "
        "singular in float64. Centre the feature(s): subtract the mean (e.g. with "
        "sklearn.preprocessing.StandardScaler); the weights stay the same, only the intercept changes."
    )
