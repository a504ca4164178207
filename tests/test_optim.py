"""lrlib.optim.gradient_descent: convergence, history, divergence detection."""

import numpy as np
import pytest
from scipy.optimize import minimize

from lrlib import DivergenceError, binary_cross_entropy_with_logits, gradient_descent, sigmoid


def quadratic(p):
    target = np.array([3.0, -1.0])
    return float(np.sum((p - target) ** 2)), 2 * (p - target)


def test_converges_on_a_quadratic_and_records_history():
    result = gradient_descent(quadratic, [0.0, 0.0], learning_rate=0.1, max_iter=500, tol=1e-8)
    np.testing.assert_allclose(result.params, [3.0, -1.0], atol=1e-8)
    assert result.converged
    assert len(result.loss_history) == result.n_iter + 1
    assert np.all(np.diff(result.loss_history) <= 0)  # a small enough step never goes up
    assert result.loss_history[0] == pytest.approx(10.0)


def test_stops_at_max_iter_without_claiming_convergence():
    result = gradient_descent(quadratic, [0.0, 0.0], learning_rate=1e-3, max_iter=5)
    assert result.n_iter == 5 and not result.converged and len(result.loss_history) == 6


def test_does_not_modify_the_starting_point():
    start = np.zeros(2)
    gradient_descent(quadratic, start, max_iter=3)
    np.testing.assert_array_equal(start, 0.0)


def test_logistic_regression_reaches_scipy_optimum():
    rng = np.random.default_rng(0)
    X = np.column_stack([np.ones(200), rng.normal(size=(200, 2))])
    y = (rng.random(200) < sigmoid(X @ [0.5, 2.0, -1.0])).astype(float)

    def loss_and_grad(w):
        return binary_cross_entropy_with_logits(y, X @ w), X.T @ (sigmoid(X @ w) - y) / len(y)

    ours = gradient_descent(loss_and_grad, np.zeros(3), learning_rate=1.0, max_iter=5000, tol=1e-9)
    ref = minimize(lambda w: loss_and_grad(w)[0], np.zeros(3), jac=lambda w: loss_and_grad(w)[1],
                   method="BFGS", options={"gtol": 1e-10})
    np.testing.assert_allclose(ours.params, ref.x, atol=1e-6)


def test_too_large_learning_rate_is_reported_with_history():
    with pytest.raises(DivergenceError, match="learning_rate=1.1 is too large") as info:
        gradient_descent(quadratic, [0.0, 0.0], learning_rate=1.1, max_iter=1000)
    history = info.value.loss_history
    assert len(history) == 11 and np.all(np.diff(history) > 0)


def test_non_finite_loss_is_reported():
    def explodes(p):
        return float(np.exp(p[0])) if p[0] < 700 else float("inf"), np.array([-1e3])

    with pytest.raises(DivergenceError, match="became inf"):
        gradient_descent(explodes, [0.0], learning_rate=1.0)


def scripted(losses):
    """A fake problem whose loss follows ``losses`` step by step (the gradient never vanishes)."""
    values = iter(losses)
    return lambda p: (next(values), np.ones_like(p))


def test_a_loss_bouncing_above_its_start_is_reported():
    # Too large a step on a logistic loss bounces between high values: it rises only
    # every other step, so only the "above the starting value" rule can catch it.
    bouncing = [1.0] + [5.0, 3.0] * 20
    with pytest.raises(DivergenceError, match="stayed above its starting value 1 for the last 10 steps without") as info:
        gradient_descent(scripted(bouncing), [0.0], learning_rate=1.0, max_iter=30)
    assert len(info.value.loss_history) == 11


def test_a_large_step_that_keeps_making_progress_is_not_divergence():
    # Large steps on a logistic loss can overshoot far above the start, then come down
    # at every step: no verdict while each loss is a new low.
    overshoot = [1.0, 6.0, 3.0] + [3.0 - 0.1 * i for i in range(1, 40)]
    result = gradient_descent(scripted(overshoot), [0.0], learning_rate=1.0, max_iter=30)
    assert result.n_iter == 30 and result.loss_history[20] > 1.0


def test_an_overshoot_that_comes_back_down_is_not_divergence():
    overshoot = [1.0, 2.0, 1.5, 0.9] + [0.9 - 0.01 * i for i in range(1, 30)]
    result = gradient_descent(scripted(overshoot), [0.0], learning_rate=1.0, max_iter=20)
    assert result.n_iter == 20


def test_rises_at_rounding_level_are_not_divergence():
    # Near a minimum the computed loss can creep up by a few ulps at every step.
    creeping = [0.1]
    for _ in range(40):
        creeping.append(float(np.nextafter(creeping[-1], 1.0)))
    result = gradient_descent(scripted(creeping), [0.0], learning_rate=1.0, max_iter=30)
    assert result.n_iter == 30 and not result.converged
