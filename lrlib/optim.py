"""Full-batch gradient descent, the optimiser of chapters 4 to 6, and its proximal form (chapter 9).

With ``l1`` set, :func:`gradient_descent` minimises ``f(params) + sum(l1 * |params|)``
by the proximal gradient method (ISTA): a gradient step on the smooth part ``f``,
then :func:`soft_threshold`, the exact minimiser of the L1 part near that point.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from lrlib._validation import check_array, check_scalar

__all__ = ["DivergenceError", "GradientDescentResult", "gradient_descent", "soft_threshold"]

# A rise smaller than this (relative) is rounding noise near a minimum, not divergence.
_RISE_RTOL = 1e-10


def _higher(loss: float, reference: float) -> bool:
    """Whether ``loss`` exceeds ``reference`` by more than rounding noise."""
    return loss - reference > _RISE_RTOL * abs(reference)


def _loss_and_gradient(loss_and_grad: Callable, params: np.ndarray, step: int) -> tuple[float, np.ndarray]:
    """Call ``loss_and_grad(params)`` and check what it returns: a real scalar and a real gradient
    of the shape of ``params``; finite at the starting point (later, a non-finite value is divergence).

    A gradient of the wrong shape would otherwise be broadcast against ``params`` silently.
    """
    returned = loss_and_grad(params)
    if not isinstance(returned, tuple | list) or len(returned) != 2:
        what = (f"a {type(returned).__name__} of length {len(returned)}" if isinstance(returned, tuple | list)
                else f"{type(returned).__name__} {returned!r}")
        raise TypeError(f"loss_and_grad must return a pair (loss, gradient), got {what}")
    loss, grad = returned
    if np.ndim(loss) != 0:
        raise ValueError(f"loss_and_grad must return a scalar loss, got an array of shape {np.shape(loss)} "
                         "(sum or average the per-sample losses)")
    if isinstance(loss, bool | np.bool_) or np.iscomplexobj(loss):
        raise TypeError(f"loss_and_grad must return a real number as the loss, got "
                        f"{type(loss).__name__} {loss!r}")
    try:
        loss = float(loss)
    except (TypeError, ValueError):
        raise TypeError(f"loss_and_grad must return a real number as the loss, got "
                        f"{type(loss).__name__} {loss!r}") from None
    try:
        grad = np.asarray(grad)
    except (TypeError, ValueError) as exc:  # ragged lists
        raise TypeError(f"loss_and_grad must return the gradient as an array of numbers: {exc}") from None
    if grad.dtype.kind not in "iuf":
        raise TypeError(f"loss_and_grad must return a gradient of real numbers, got dtype {grad.dtype}")
    if grad.shape != params.shape:
        raise ValueError(f"loss_and_grad must return a gradient of the shape of the parameters, "
                         f"{params.shape}, got shape {grad.shape}")
    if step == 0 and not (np.isfinite(loss) and np.all(np.isfinite(grad))):
        what = f"loss {loss}" if not np.isfinite(loss) else "gradient with NaN or infinite entries"
        raise ValueError(f"loss_and_grad returned a {what} at the starting point params0, before any "
                         "step: check loss_and_grad (and params0)")
    return loss, grad


class DivergenceError(ValueError):
    """Gradient descent diverged: the loss became non-finite or kept rising.

    The ``loss_history`` attribute holds the losses up to the point of failure,
    so the blow-up can be plotted.
    """

    def __init__(self, message: str, loss_history: np.ndarray):
        super().__init__(message)
        self.loss_history = loss_history


def soft_threshold(x, threshold):
    """Shrink every entry of ``x`` towards 0 by ``threshold``; entries within ``threshold`` become 0.

    ``sign(x) * max(|x| - threshold, 0)``: the proximal operator of
    ``threshold * |x|``, that is the ``u`` minimising ``(u - x)^2 / 2 + threshold * |u|``.

    Parameters
    ----------
    x : array-like
    threshold : float or array-like
        At least 0; an array applies one threshold per entry (broadcast against ``x``).

    Returns
    -------
    numpy.ndarray
        The shape of ``x`` broadcast with ``threshold``.

    Examples
    --------
    >>> soft_threshold([-3.0, -0.5, 0.0, 0.2, 2.0], 1.0)
    array([-2.,  0.,  0.,  0.,  1.])
    """
    x = check_array(x, "x", allow_empty=True)
    threshold = check_array(threshold, "threshold", allow_empty=True, allow_bool=False)
    if np.any(threshold < 0):
        raise ValueError(f"threshold must be >= 0, got a minimum of {threshold.min()!r}")
    try:
        np.broadcast_shapes(x.shape, threshold.shape)
    except ValueError:
        raise ValueError(f"threshold of shape {threshold.shape} does not broadcast against x of "
                         f"shape {x.shape}") from None
    return _soft_threshold(x, threshold)


def _soft_threshold(x: np.ndarray, threshold) -> np.ndarray:
    """:func:`soft_threshold` without the input checks (inner loops)."""
    return np.sign(x) * np.maximum(np.abs(x) - threshold, 0.0) + 0.0  # + 0.0 turns -0.0 into 0.0


@dataclass(frozen=True)
class GradientDescentResult:
    """What :func:`gradient_descent` returns.

    Attributes
    ----------
    params : numpy.ndarray
        The parameters after the last step.
    loss_history : numpy.ndarray
        ``loss_history[i]`` is the loss after ``i`` steps; its last entry is the
        loss at ``params``.
    n_iter : int
        Number of steps taken.
    converged : bool
        Whether the largest gradient entry (with ``l1``, of the gradient mapping)
        fell below ``tol`` before ``max_iter``.
    """

    params: np.ndarray
    loss_history: np.ndarray
    n_iter: int
    converged: bool


def gradient_descent(
    loss_and_grad: Callable[[np.ndarray], tuple[float, np.ndarray]],
    params0,
    *,
    learning_rate: float = 0.1,
    max_iter: int = 1000,
    tol: float = 1e-6,
    patience: int = 10,
    l1=None,
) -> GradientDescentResult:
    """Minimise a differentiable function by repeating ``params -= learning_rate * grad``.

    With ``l1``, minimise ``loss + sum(l1 * |params|)`` by proximal gradient descent
    (ISTA): each step is ``params = soft_threshold(params - learning_rate * grad,
    learning_rate * l1)``.

    Parameters
    ----------
    loss_and_grad : callable
        ``loss_and_grad(params)`` returns ``(loss, gradient)``: a real scalar, and an
        array of the shape of ``params`` (checked at every call; a ``ValueError`` or
        ``TypeError`` naming ``loss_and_grad`` otherwise).
    params0 : array-like
        Starting parameters (not modified).
    learning_rate : float, default 0.1
        Step size, > 0. With ``l1`` as without, ``1 / L`` for a loss whose
        gradient is ``L``-Lipschitz never lets the objective rise.
    max_iter : int, default 1000
        Largest number of steps.
    tol : float, default 1e-6
        Stop once every gradient entry is at most ``tol`` in absolute value. With
        ``l1``, the test applies to the gradient mapping ``(params - next_params) /
        learning_rate``, which is 0 exactly at a minimiser (the gradient itself is
        not: at a sparse solution it balances the L1 term).
    patience : int, default 10
        Report divergence when the loss rose at each of this many consecutive steps,
        or stayed above its starting value for this many steps and then failed to
        reach a new low (a step that is too large can make the loss bounce between
        high values without rising every time). Rises smaller than rounding error
        (relative ``1e-10``) do not count. The loss watched, and recorded, is the
        whole objective, the L1 term included.
    l1 : float or array-like, optional
        L1 penalty weight of each parameter (>= 0, broadcast against ``params0``);
        give 0 to the entries that are not penalised, such as an intercept.

    Returns
    -------
    GradientDescentResult

    Raises
    ------
    DivergenceError
        If the loss becomes NaN or infinite, rises ``patience`` steps in a row, or
        stays above its starting value for ``patience`` steps without reaching a
        new low: the learning rate is too large for this problem. With a small
        enough step, gradient descent lowers the loss at every step, so none of
        this happens; a large step that overshoots once and then keeps making
        progress is left alone.
    TypeError, ValueError
        If ``loss_and_grad`` returns something other than a real scalar loss and a
        gradient of the shape of ``params0``, or a non-finite value at ``params0``.

    Examples
    --------
    Minimise ``(x - 3)^2``, whose gradient is ``2 (x - 3)``:

    >>> result = gradient_descent(lambda x: (float((x[0] - 3) ** 2), 2 * (x - 3)), [0.0])
    >>> round(float(result.params[0]), 4), result.converged
    (3.0, True)

    With an L1 penalty of weight 4, the minimiser of ``(x - 3)^2 + 4 |x|`` is ``3 - 2``:

    >>> result = gradient_descent(lambda x: (float((x[0] - 3) ** 2), 2 * (x - 3)), [0.0], l1=4.0)
    >>> round(float(result.params[0]), 4), round(float(result.loss_history[-1]), 4)
    (1.0, 8.0)
    """
    if not callable(loss_and_grad):
        raise TypeError(f"loss_and_grad must be callable, got {type(loss_and_grad).__name__}")
    params = check_array(params0, "params0").copy()
    learning_rate = check_scalar(learning_rate, "learning_rate", min_value=0, include_min=False)
    max_iter = check_scalar(max_iter, "max_iter", min_value=0, integer=True)
    tol = check_scalar(tol, "tol", min_value=0)
    patience = check_scalar(patience, "patience", min_value=1, integer=True)
    if l1 is not None:
        l1 = check_array(l1, "l1", allow_bool=False)
        if np.any(l1 < 0):
            raise ValueError(f"l1 must be >= 0, got a minimum of {l1.min()!r}")
        try:
            l1 = np.broadcast_to(l1, params.shape)
        except ValueError:
            raise ValueError(f"l1 of shape {l1.shape} does not broadcast against params0 of "
                             f"shape {params.shape}") from None

    losses: list[float] = []
    rises = 0  # consecutive steps at which the loss rose
    above_start = 0  # consecutive steps at which the loss was above losses[0]
    converged = False
    step = 0
    while True:
        loss, grad = _loss_and_gradient(loss_and_grad, params, step)
        if l1 is not None:
            loss += float(np.sum(l1 * np.abs(params)))
        why = None
        if not np.isfinite(loss) or not np.all(np.isfinite(grad)):
            why = f"gradient descent diverged at step {step}: the loss became {loss}."
        else:
            rises = rises + 1 if losses and _higher(loss, losses[-1]) else 0
            above_start = above_start + 1 if losses and _higher(loss, losses[0]) else 0
            # lower than each of the previous patience - 1 losses: still making progress
            recent = losses[len(losses) - patience + 1:] if patience > 1 else []
            new_low = bool(recent) and loss < min(recent)
            losses.append(loss)
            if rises >= patience:
                why = (f"gradient descent diverged: the loss rose at each of the last {patience} steps "
                       f"(from {losses[-patience - 1]:.4g} to {loss:.4g}).")
            elif above_start >= patience and not new_low:
                why = (f"gradient descent diverged: the loss stayed above its starting value "
                       f"{losses[0]:.4g} for the last {above_start} steps without reaching a new low "
                       f"(now {loss:.4g}).")
        if why is not None:
            raise DivergenceError(
                f"{why} learning_rate={learning_rate:g} is too large; try a value 10 times smaller.",
                np.asarray(losses),
            )
        new_params = params - learning_rate * grad.astype(params.dtype, copy=False)
        if l1 is None:
            stationarity = grad
        else:
            new_params = _soft_threshold(new_params, learning_rate * l1)
            stationarity = (params - new_params) / learning_rate  # the gradient mapping
        if np.max(np.abs(stationarity)) <= tol:
            converged = True
            break
        if step == max_iter:
            break
        params = new_params
        step += 1
    return GradientDescentResult(params, np.asarray(losses), step, converged)
