"""lrlib.losses against sklearn.metrics, torch.nn.functional and finite differences.

The comparisons with PyTorch import it in the test (``reference_torch``), so the
compatibility tracks, which have no PyTorch, run every other test of this module.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn import metrics

from lrlib import (
    binary_cross_entropy,
    binary_cross_entropy_gradient,
    binary_cross_entropy_with_logits,
    cross_entropy,
    cross_entropy_gradient,
    log_likelihood,
    mean_absolute_error,
    mean_squared_error,
    one_hot,
    sigmoid,
    softmax,
)

rng = np.random.default_rng(42)
X = rng.normal(size=(30, 4))
y_bin = (rng.random(30) < 0.5).astype(float)
y_multi = rng.integers(0, 3, size=30)
w = rng.normal(size=4)
b = 0.3
W = rng.normal(size=(3, 4))  # one row per class, as scikit-learn's coef_
bv = rng.normal(size=3)


def reference_torch():
    """PyTorch, the reference of a comparison; the torch-free compatibility tracks skip the test."""
    return pytest.importorskip("torch")


def numeric_gradient(f, x, h=1e-6):
    """Central differences of the scalar function ``f`` at the array ``x``."""
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[idx] = h
        grad[idx] = (f(x + step) - f(x - step)) / (2 * h)
    return grad


def test_bce_matches_sklearn_log_loss():
    p = sigmoid(X @ w + b)
    assert binary_cross_entropy(y_bin, p) == pytest.approx(metrics.log_loss(y_bin, p), rel=1e-12)
    # hard 0/1 predictions: both clip to eps, so they agree even where log(0) would appear
    hard = np.array([0.0, 1.0, 1.0, 0.0])
    assert binary_cross_entropy([1, 1, 0, 0], hard) == pytest.approx(
        metrics.log_loss([1, 1, 0, 0], hard, labels=[0, 1]), rel=1e-9)
    assert np.isfinite(binary_cross_entropy([1], [0.0]))


def test_log_likelihood_is_minus_n_times_bce():
    p = sigmoid(X @ w + b)
    assert log_likelihood(y_bin, p) == pytest.approx(-len(y_bin) * binary_cross_entropy(y_bin, p))
    expected = np.sum(np.log(np.where(y_bin == 1, p, 1 - p)))
    assert log_likelihood(y_bin, p) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("scale", [1.0, 100.0, 1e4, 1e6])
def test_bce_with_logits_matches_torch_at_any_scale(scale):
    torch = reference_torch()
    F = torch.nn.functional
    z = (X @ w + b) * scale
    expected = F.binary_cross_entropy_with_logits(torch.tensor(z), torch.tensor(y_bin)).item()
    assert binary_cross_entropy_with_logits(y_bin, z) == pytest.approx(expected, rel=1e-12)


def test_naive_bce_saturates_where_logits_version_stays_exact():
    z = np.array([-1000.0])
    # sigmoid(-1000) rounds to 0.0, so the probability version can only report its clip
    assert binary_cross_entropy([1], sigmoid(z)) == pytest.approx(-np.log(np.finfo(float).eps))
    assert binary_cross_entropy_with_logits([1], z) == 1000.0


@given(hnp.arrays(np.float64, st.integers(1, 20), elements=st.floats(-1e300, 1e300)))
def test_bce_with_logits_finite_and_nonnegative(z):
    y = (np.arange(len(z)) % 2).astype(float)
    loss = binary_cross_entropy_with_logits(y, z)
    assert np.isfinite(loss) and loss >= 0


@pytest.mark.parametrize("scale", [1.0, 1e3, 1e5])
def test_cross_entropy_matches_torch(scale):
    torch = reference_torch()
    Z = (X @ W.T + bv) * scale
    expected = torch.nn.functional.cross_entropy(torch.tensor(Z), torch.tensor(y_multi)).item()
    assert cross_entropy(y_multi, Z) == pytest.approx(expected, rel=1e-12)


def test_cross_entropy_matches_sklearn():
    Z = X @ W.T + bv
    assert cross_entropy(y_multi, Z) == pytest.approx(
        metrics.log_loss(y_multi, softmax(Z), labels=[0, 1, 2]), rel=1e-10)


@pytest.mark.parametrize("dtype, scale", [(np.float64, 1e17), (np.float64, 1e300), (np.float32, 1e3), (np.float32, 1e30)])
def test_cross_entropy_does_not_cancel_at_large_scores(dtype, scale):
    # issue 10 B: logsumexp(Z) - Z[y] subtracted two huge numbers: 0.0 instead of log 2 at 1e17,
    # and float32 already lost 4 digits at |Z| ~ 1e3
    assert cross_entropy([0], np.array([[scale, scale]], dtype=dtype)) == pytest.approx(np.log(2), rel=1e-7)
    Z = np.array([[scale, scale, scale - scale / 2**10]], dtype=dtype)
    gap = float(Z[0, 0]) - float(Z[0, 2])  # the scores' gap, exactly
    assert cross_entropy([1], Z) == pytest.approx(np.log(2 + np.exp(-gap)), rel=1e-7)
    assert cross_entropy([2], Z) == pytest.approx(gap + np.log(2 + np.exp(-gap)), rel=1e-6)


def test_losses_at_the_edge_of_the_float_range():
    # issue 10 J: the mean summed past the float range (inf and an overflow RuntimeWarning)
    assert binary_cross_entropy_with_logits([0, 0, 1], [1e308, 1e308, -1e308]) == 1e308
    assert binary_cross_entropy_with_logits([1, 0], [1e308, -1e308]) == 0.0
    assert mean_squared_error([0.0, 0.0], [1.2e154, -1.2e154]) == pytest.approx(1.44e308, rel=1e-12)
    assert mean_absolute_error([-1e308, 1e308, 0.0, 0.0], [1e308, -1e308, 0.0, 0.0]) == pytest.approx(1e308, rel=1e-12)
    gw, gb = binary_cross_entropy_gradient([[1e308], [1e308], [1e308]], [0, 0, 0], [1.0], 0.0)
    assert gw[0] == pytest.approx(1e308, rel=1e-12) and gb == 1.0


def test_cross_entropy_with_two_classes_is_bce():
    z = X @ w + b
    Z = np.column_stack([np.zeros_like(z), z])  # softmax([0, z])[1] = sigmoid(z)
    assert cross_entropy(y_bin.astype(int), Z) == pytest.approx(
        binary_cross_entropy_with_logits(y_bin, z), rel=1e-12)


def test_bce_gradient_matches_finite_differences():
    gw, gb = binary_cross_entropy_gradient(X, y_bin, w, b)

    def loss_w(v):
        return binary_cross_entropy_with_logits(y_bin, X @ v + b)

    def loss_b(c):
        return binary_cross_entropy_with_logits(y_bin, X @ w + c[0])

    np.testing.assert_allclose(gw, numeric_gradient(loss_w, w), rtol=1e-6, atol=1e-9)
    assert gb == pytest.approx(numeric_gradient(loss_b, [b])[0], rel=1e-6)


def test_bce_gradient_matches_autograd():
    torch = reference_torch()
    F = torch.nn.functional
    gw, gb = binary_cross_entropy_gradient(X, y_bin, w, b)
    tw = torch.tensor(w, requires_grad=True)
    tb = torch.tensor(b, dtype=torch.float64, requires_grad=True)
    F.binary_cross_entropy_with_logits(torch.tensor(X) @ tw + tb, torch.tensor(y_bin)).backward()
    np.testing.assert_allclose(gw, tw.grad.numpy(), rtol=1e-12)
    assert gb == pytest.approx(tb.grad.item(), rel=1e-12)


def test_cross_entropy_gradient_matches_finite_differences():
    gW, gb = cross_entropy_gradient(X, y_multi, W, bv)
    np.testing.assert_allclose(
        gW, numeric_gradient(lambda V: cross_entropy(y_multi, X @ V.T + bv), W), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(
        gb, numeric_gradient(lambda c: cross_entropy(y_multi, X @ W.T + c), bv), rtol=1e-6, atol=1e-9)


def test_cross_entropy_gradient_matches_autograd():
    torch = reference_torch()
    F = torch.nn.functional
    gW, gb = cross_entropy_gradient(X, y_multi, W, bv)
    tW = torch.tensor(W, requires_grad=True)
    tb = torch.tensor(bv, requires_grad=True)
    F.cross_entropy(F.linear(torch.tensor(X), tW, tb), torch.tensor(y_multi)).backward()
    np.testing.assert_allclose(gW, tW.grad.numpy(), rtol=1e-12)
    np.testing.assert_allclose(gb, tb.grad.numpy(), rtol=1e-12)


def test_cross_entropy_gradient_is_finite_at_huge_scores():
    gW, gb = cross_entropy_gradient(X * 1e6, y_multi, W, bv)
    assert np.all(np.isfinite(gW)) and np.all(np.isfinite(gb))


def test_regression_losses_match_sklearn():
    a, c = rng.normal(size=10), rng.normal(size=10)
    assert mean_squared_error(a, c) == pytest.approx(metrics.mean_squared_error(a, c))
    assert mean_absolute_error(a, c) == pytest.approx(metrics.mean_absolute_error(a, c))


def test_one_hot():
    np.testing.assert_array_equal(one_hot([2, 0], 3), [[0, 0, 1], [1, 0, 0]])
    np.testing.assert_array_equal(one_hot([0, 0], np.int64(1)), [[1], [1]])
