"""Plain (full-batch) gradient descent, the optimiser of chapters 4 to 6."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from lrlib._validation import check_array, check_scalar

__all__ = ["DivergenceError", "GradientDescentResult", "gradient_descent"]

# A rise smaller than this (relative) is rounding noise near a minimum, not divergence.
_RISE_RTOL = 1e-10


def _higher(loss: float, reference: float) -> bool:
    """Whether ``loss`` exceeds ``reference`` by more than rounding noise."""
    return loss - reference > _RISE_RTOL * abs(reference)


class DivergenceError(ValueError):
    """Gradient descent diverged: the loss became non-finite or kept rising.

    The ``loss_history`` attribute holds the losses up to the point of failure,
    so the blow-up can be plotted.
    """

    def __init__(self, message: str, loss_history: np.ndarray):
        super().__init__(message)
        self.loss_history = loss_history


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
        Whether the largest gradient entry fell below ``tol`` before ``max_iter``.
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
) -> GradientDescentResult:
    """Minimise a differentiable function by repeating ``params -= learning_rate * grad``.

    Parameters
    ----------
    loss_and_grad : callable
        ``loss_and_grad(params)`` returns ``(loss, gradient)``, the gradient with
        the shape of ``params``.
    params0 : array-like
        Starting parameters (not modified).
    learning_rate : float, default 0.1
        Step size, > 0.
    max_iter : int, default 1000
        Largest number of steps.
    tol : float, default 1e-6
        Stop once every gradient entry is at most ``tol`` in absolute value.
    patience : int, default 10
        Report divergence when the loss rose at each of this many consecutive steps,
        or stayed above its starting value for this many steps and then failed to
        reach a new low (a step that is too large can make the loss bounce between
        high values without rising every time). Rises smaller than rounding error
        (relative ``1e-10``) do not count.

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

    Examples
    --------
    Minimise ``(x - 3)^2``, whose gradient is ``2 (x - 3)``:

    >>> result = gradient_descent(lambda x: (float((x[0] - 3) ** 2), 2 * (x - 3)), [0.0])
    >>> round(float(result.params[0]), 4), result.converged
    (3.0, True)
    """
    if not callable(loss_and_grad):
        raise TypeError(f"loss_and_grad must be callable, got {type(loss_and_grad).__name__}")
    params = check_array(params0, "params0").copy()
    learning_rate = check_scalar(learning_rate, "learning_rate", min_value=0, include_min=False)
    max_iter = check_scalar(max_iter, "max_iter", min_value=0, integer=True)
    tol = check_scalar(tol, "tol", min_value=0)
    patience = check_scalar(patience, "patience", min_value=1, integer=True)

    losses: list[float] = []
    rises = 0  # consecutive steps at which the loss rose
    above_start = 0  # consecutive steps at which the loss was above losses[0]
    converged = False
    step = 0
    while True:
        loss, grad = loss_and_grad(params)
        loss = float(loss)
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
        if np.max(np.abs(grad)) <= tol:
            converged = True
            break
        if step == max_iter:
            break
        params = params - learning_rate * np.asarray(grad, dtype=params.dtype)
        step += 1
    return GradientDescentResult(params, np.asarray(losses), step, converged)
