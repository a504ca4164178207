"""lrlib.optim: gradient_descent (convergence, history, divergence detection), its L1 path, soft_threshold."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy.optimize import minimize, minimize_scalar
from sklearn.linear_model import Lasso

from lrlib import DivergenceError, binary_cross_entropy_with_logits, gradient_descent, sigmoid
from lrlib.optim import soft_threshold


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


# --- soft-thresholding and the L1 (proximal, ISTA) path ----------------------------------

finite = st.floats(-1e6, 1e6, allow_nan=False)


@given(x=finite, t=st.floats(0, 1e6, allow_nan=False))
def test_soft_threshold_is_the_proximal_operator_of_the_absolute_value(x, t):
    # The minimiser of (u - x)^2 / 2 + t |u|, found by a scalar minimiser.
    u = float(soft_threshold(x, t))
    reference = minimize_scalar(lambda v: 0.5 * (v - x) ** 2 + t * abs(v), bracket=(-abs(x) - 1, abs(x) + 1),
                                tol=1e-12).x
    objective = lambda v: 0.5 * (v - x) ** 2 + t * abs(v)  # noqa: E731
    assert objective(u) <= objective(reference) + 1e-9 * (1 + x * x)
    assert abs(u) <= abs(x) and (u == 0 or np.sign(u) == np.sign(x))  # shrinks, never flips


@given(x=hnp.arrays(np.float64, st.integers(0, 20), elements=finite), t=st.floats(0, 1e3))
def test_soft_threshold_zeroes_exactly_the_entries_within_the_threshold(x, t):
    u = soft_threshold(x, t)
    assert u.shape == x.shape and np.all(np.isfinite(u))
    np.testing.assert_array_equal(u == 0, np.abs(x) <= t)
    assert not np.any(np.signbit(u[u == 0]))  # 0.0, never -0.0


def test_soft_threshold_takes_one_threshold_per_entry():
    np.testing.assert_array_equal(soft_threshold([3.0, -3.0, 0.5], [1.0, 0.0, 1.0]), [2.0, -3.0, 0.0])


@pytest.mark.parametrize("x, threshold, error, words", [
    ([1.0], -0.1, ValueError, "threshold must be >= 0"),
    ([1.0, 2.0], [1.0, 1.0, 1.0], ValueError, "does not broadcast"),
    ([np.nan], 1.0, ValueError, "x"),
    ([1.0], np.inf, ValueError, "threshold"),
    ("abc", 1.0, TypeError, "x"),
])
def test_soft_threshold_rejects_bad_input(x, threshold, error, words):
    with pytest.raises(error, match=words):
        soft_threshold(x, threshold)


def lasso_problem():
    """A least-squares problem with an L1 penalty (the lasso), solved exactly by scipy."""
    rng = np.random.default_rng(1)
    A = rng.normal(size=(40, 6))
    target = A @ np.array([1.5, 0.0, -2.0, 0.0, 0.0, 0.3]) + 0.5 * rng.normal(size=40)

    def loss_and_grad(p):
        r = A @ p - target
        return float(r @ r) / (2 * len(r)), A.T @ r / len(r)

    lr = 1 / float(np.linalg.eigvalsh(A.T @ A / len(A))[-1])
    return A, target, loss_and_grad, lr


def test_l1_path_reaches_scikit_learns_lasso():
    # Lasso minimises ||A w - target||^2 / (2 n) + alpha ||w||_1: our loss plus l1=alpha.
    A, target, loss_and_grad, lr = lasso_problem()
    result = gradient_descent(loss_and_grad, np.zeros(6), learning_rate=lr, max_iter=20_000, tol=1e-10, l1=0.3)
    reference = Lasso(alpha=0.3, fit_intercept=False, tol=1e-14, max_iter=100_000).fit(A, target)
    assert result.converged
    np.testing.assert_allclose(result.params, reference.coef_, atol=1e-8)
    np.testing.assert_array_equal(result.params == 0, reference.coef_ == 0)  # exact zeros, the same ones
    assert np.sum(result.params == 0) >= 2
    objective = loss_and_grad(result.params)[0] + 0.3 * np.abs(result.params).sum()
    assert result.loss_history[-1] == pytest.approx(objective, rel=1e-12)  # records the whole objective


def test_l1_weights_per_entry_satisfy_the_optimality_conditions():
    # A certificate of the minimum of a convex problem: where a weight is 0 its gradient
    # is within its threshold; elsewhere the gradient balances the penalty exactly.
    _, _, loss_and_grad, lr = lasso_problem()
    weights = np.array([0.3, 0.3, 0.3, 0.3, 0.3, 0.0])  # the last entry unpenalised
    result = gradient_descent(loss_and_grad, np.zeros(6), learning_rate=lr, max_iter=20_000, tol=1e-10, l1=weights)
    grad = loss_and_grad(result.params)[1]
    zero = result.params == 0
    assert result.converged and zero.sum() >= 2 and result.params[-1] != 0
    assert np.all(np.abs(grad[zero]) <= weights[zero] + 1e-9)
    np.testing.assert_allclose(grad[~zero], -weights[~zero] * np.sign(result.params[~zero]), atol=1e-8)


def test_l1_objective_never_rises_with_step_one_over_L():
    _, _, loss_and_grad, lr = lasso_problem()
    result = gradient_descent(loss_and_grad, np.ones(6), learning_rate=lr, max_iter=300, tol=0.0, l1=0.2)
    assert np.all(np.diff(result.loss_history) <= 1e-14)


def test_zero_l1_is_plain_gradient_descent():
    _, _, loss_and_grad, lr = lasso_problem()
    plain = gradient_descent(loss_and_grad, np.ones(6), learning_rate=lr, max_iter=50)
    zero = gradient_descent(loss_and_grad, np.ones(6), learning_rate=lr, max_iter=50, l1=0.0)
    np.testing.assert_allclose(zero.params, plain.params, rtol=1e-12)
    np.testing.assert_allclose(zero.loss_history, plain.loss_history, rtol=1e-12)


def test_a_large_l1_weight_stops_at_zero_at_once():
    _, _, loss_and_grad, lr = lasso_problem()
    result = gradient_descent(loss_and_grad, np.zeros(6), learning_rate=lr, l1=100.0)
    assert result.converged and result.n_iter == 0 and np.all(result.params == 0)


@pytest.mark.parametrize("l1, error, words", [
    (-1.0, ValueError, "l1 must be >= 0"),
    ([0.1, 0.2, 0.3], ValueError, "does not broadcast against params0"),
    (np.nan, ValueError, "l1"),
    ("big", TypeError, "l1"),
])
def test_bad_l1_is_rejected(l1, error, words):
    with pytest.raises(error, match=words):
        gradient_descent(quadratic, [0.0, 0.0], l1=l1)


# --- issue 26 (2): what loss_and_grad returns is checked, never broadcast -------------------

@pytest.mark.parametrize("returns, error, words", [
    (lambda p: (float(p @ p), np.array([1.0])), ValueError, "gradient of the shape of the parameters, (3,), got shape (1,)"),
    (lambda p: (float(p @ p), (2 * p)[:, None]), ValueError, "got shape (3, 1)"),
    (lambda p: (p * p, 2 * p), ValueError, "scalar loss, got an array of shape (3,)"),
    (lambda p: None, TypeError, "pair (loss, gradient), got NoneType None"),
    (lambda p: 3.0, TypeError, "pair (loss, gradient), got float 3.0"),
    (lambda p: (1.0, 2 * p, 0), TypeError, "got a tuple of length 3"),
    (lambda p: ("small", 2 * p), TypeError, "real number as the loss, got str 'small'"),
    (lambda p: (1 + 2j, 2 * p), TypeError, "real number as the loss"),
    (lambda p: (float(p @ p), 2 * p + 0j), TypeError, "gradient of real numbers, got dtype complex128"),
    (lambda p: (float(p @ p), None), TypeError, "gradient of real numbers, got dtype object"),
    (lambda p: (np.nan, 2 * p), ValueError, "loss nan at the starting point params0"),
    (lambda p: (float(p @ p), np.full(3, np.inf)), ValueError, "gradient with NaN or infinite entries at the starting"),
])
def test_what_loss_and_grad_returns_is_checked(returns, error, words):
    with pytest.raises(error, match="loss_and_grad") as info:
        gradient_descent(returns, [1.0, 2.0, 3.0], max_iter=5)
    assert words in str(info.value)


def test_a_gradient_of_the_wrong_shape_later_is_caught_too():
    calls = iter(range(100))

    def changes_shape(p):
        return float(p @ p), 2 * p if next(calls) < 2 else np.array([1.0])

    with pytest.raises(ValueError, match=r"loss_and_grad must return a gradient of the shape"):
        gradient_descent(changes_shape, [1.0, 2.0, 3.0], max_iter=10)


def test_loss_as_a_numpy_scalar_or_0d_array_and_an_integer_gradient_are_fine():
    result = gradient_descent(lambda p: (np.array((p - 3) @ (p - 3)), np.rint(2 * (p - 3)).astype(int)),
                              [0.0], learning_rate=0.5, max_iter=10)
    assert result.converged and result.params.tolist() == [3.0]


@pytest.mark.parametrize("call, words", [
    (lambda: soft_threshold([1.0, 2.0], True), "threshold must be a number, got bool True"),
    (lambda: soft_threshold([1.0, 2.0], np.array([True, False])), "threshold must hold numbers, got an array of booleans"),
    (lambda: gradient_descent(quadratic, [0.0, 0.0], l1=True), "l1 must be a number, got bool True"),
])
def test_a_boolean_penalty_or_threshold_is_refused(call, words):
    # issue 26 (11): True used to be taken as 1.0
    with pytest.raises(TypeError) as info:
        call()
    assert words in str(info.value)
