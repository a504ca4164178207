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
