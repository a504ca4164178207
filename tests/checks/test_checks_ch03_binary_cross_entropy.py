"""Chapter 3 checkers: a correct function passes, each typical mistake gets its own hint."""

import numpy as np
import pytest
import scipy.optimize
import torch
import torch.nn.functional as F
from sklearn.metrics import log_loss

from lrlib import binary_cross_entropy_gradient, binary_cross_entropy_with_logits
from lrlib.checks import (
    check_binary_cross_entropy_gradient,
    check_binary_cross_entropy_with_logits,
    check_fraction_of_loss_removed,
    check_logistic_loss_gradient,
)


def sig(z):
    return 1 / (1 + np.exp(-z))


def removed_ok(y, model_loss):
    q = np.mean(y)
    return 1 - model_loss / -(q * np.log(q) + (1 - q) * np.log(1 - q))


def test_fraction_of_loss_removed_passes_and_may_use_a_library_loss_for_the_constant():
    assert check_fraction_of_loss_removed(removed_ok)
    assert check_fraction_of_loss_removed(
        lambda y, model_loss: 1 - model_loss / log_loss(y, np.full(len(y), np.mean(y))))


def test_the_best_constant_is_the_fraction_of_ones():
    # the claim behind the exercise: no constant probability has a lower BCE than mean(y)
    from lrlib.checks.ch03_binary_cross_entropy import _REMOVED_CASES, _constant_loss
    for y, _ in _REMOVED_CASES:
        grid = np.linspace(0.01, 0.99, 99)
        losses = [log_loss(y, np.full(len(y), q), labels=[0, 1]) for q in grid]
        assert min(losses) >= _constant_loss(y) - 1e-12
        assert np.isclose(log_loss(y, np.full(len(y), np.mean(y))), _constant_loss(y))


@pytest.mark.parametrize("wrong, words", [
    (lambda y, model_loss: 0.5, "Return 1 - model_loss / that"),  # unknown: the generic hint
    (lambda y, model_loss: removed_ok(y, model_loss) * 100, "at most 1"),  # a percentage, out of range
])
def test_fraction_of_loss_removed_other_mistakes(wrong, words):
    result = check_fraction_of_loss_removed(wrong)
    assert not result and words in result.message, result.message


@pytest.mark.parametrize("check, library_way, name", [
    (check_binary_cross_entropy_with_logits, binary_cross_entropy_with_logits,
     "lrlib.binary_cross_entropy_with_logits"),
    (check_binary_cross_entropy_with_logits,
     lambda y, z: torch.nn.BCEWithLogitsLoss()(torch.tensor(z), torch.tensor(y)).item(),
     "torch.nn.functional.binary_cross_entropy_with_logits"),  # the module calls the function
    (check_binary_cross_entropy_gradient, binary_cross_entropy_gradient, "lrlib.binary_cross_entropy_gradient"),
    (check_binary_cross_entropy_gradient, lambda X, y, w, b: autograd_gradient(X, y, w, b, y),
     "torch.autograd.grad"),
    (check_logistic_loss_gradient, lambda X, y, w, b: binary_cross_entropy_gradient(X, (y + 1) / 2, w, b),
     "lrlib.binary_cross_entropy_gradient"),
    (check_logistic_loss_gradient, lambda X, y, w, b: autograd_gradient(X, y, w, b, (y + 1) / 2),
     "torch.autograd.grad"),
    (check_logistic_loss_gradient, lambda X, y, w, b: approx_fprime_gradient(X, y, w, b),
     "scipy.optimize.approx_fprime"),
])
def test_a_library_loss_or_gradient_is_not_yours(check, library_way, name):
    result = check(library_way)
    assert not result and name in result.message and "write it yourself" in result.message, result.message


def autograd_gradient(X, y, w, b, labels01):
    w_t, b_t = torch.tensor(w, requires_grad=True), torch.tensor(float(b), requires_grad=True)
    loss = F.binary_cross_entropy_with_logits(torch.tensor(X) @ w_t + b_t, torch.tensor(labels01))
    grad_w, grad_b = torch.autograd.grad(loss, (w_t, b_t))
    return grad_w.numpy(), grad_b.item()


def approx_fprime_gradient(X, y, w, b):
    theta = scipy.optimize.approx_fprime(np.append(w, b), lambda t: logistic_loss(X, y, t[:-1], t[-1]), 1e-7)
    return theta[:-1], theta[-1]


def test_a_sigmoid_from_lrlib_is_a_helper_the_gradient_may_use():
    from lrlib import sigmoid
    assert check_binary_cross_entropy_gradient(lambda X, y, w, b: (X.T @ (sigmoid(X @ w + b) - y) / len(y),
                                                                   np.mean(sigmoid(X @ w + b) - y)))


def grad_ok(X, y, w, b):
    p = sig(X @ w + b)
    return X.T @ (p - y) / len(y), np.mean(p - y)


def test_gradient_correct_passes_and_a_list_is_fine():
    assert check_binary_cross_entropy_gradient(grad_ok)
    assert check_binary_cross_entropy_gradient(lambda X, y, w, b: list(grad_ok(X, y, w, b)))


def _wrong_residual(residual, scale=None):
    def grad(X, y, w, b):
        r = residual(X, y, w, b)
        n = len(y) if scale is None else scale
        return X.T @ r / n, np.sum(r) / n
    return grad


@pytest.mark.parametrize("wrong, words", [
    (_wrong_residual(lambda X, y, w, b: y - sig(X @ w + b)), "wrong sign"),
    (_wrong_residual(lambda X, y, w, b: sig(X @ w + b) - y, scale=1), "forgot the mean"),
    (_wrong_residual(lambda X, y, w, b: sig(X @ w) - y), "forgot the bias"),
    (_wrong_residual(lambda X, y, w, b: X @ w + b - y), "forgot the sigmoid"),
    (_wrong_residual(lambda X, y, w, b: (sig(X @ w + b) - y) * sig(X @ w + b) * (1 - sig(X @ w + b))),
     "derivative p (1 - p) cancels"),
    (lambda X, y, w, b: grad_ok(X, y, w, b)[0], "return a pair"),
    (lambda X, y, w, b: (X @ (sig(X @ w + b) - y), 0.0), "with the transpose"),  # matmul shape error
    (lambda X, y, w, b: (np.dot(X, sig(np.dot(X, w) + b) - y), 0.0), "with the transpose"),
    (lambda X, y, w, b: (X.T @ (sig(X @ w + b) - y) / len(y), np.sum(sig(X @ w + b) - y)), "grad_w = X.T"),
])
def test_gradient_mistakes_get_their_hint(wrong, words):
    result = check_binary_cross_entropy_gradient(wrong)
    assert not result and words in result.message, result.message


def bce_logits_ok(y, z):
    return np.mean(np.maximum(z, 0) - y * z + np.log1p(np.exp(-np.abs(z))))


def test_bce_with_logits_correct_passes():
    assert check_binary_cross_entropy_with_logits(bce_logits_ok)
    from scipy.special import log_expit
    assert check_binary_cross_entropy_with_logits(lambda y, z: -np.mean(y * log_expit(z) + (1 - y) * log_expit(-z)))


def naive_from_logits(y, z):
    p = sig(z)
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def stable_sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


@pytest.mark.parametrize("wrong, words", [
    (lambda y, z: -bce_logits_ok(y, z), "wrong sign"),
    (lambda y, z: len(y) * bce_logits_ok(y, z), "forgot the mean"),
    (naive_from_logits, "sigmoid(40) rounds to exactly 1.0"),  # log(0)
    (lambda y, z: -np.mean(y * np.log(stable_sigmoid(z)) + (1 - y) * np.log(1 - stable_sigmoid(z))),
     "sigmoid(40) rounds to exactly 1.0"),  # a stable sigmoid does not save the log
    (lambda y, z: np.mean(np.log(1 + np.exp(z)) - y * z), "exp(1000) is inf"),  # overflow
    (lambda y, z: log_loss(y, np.clip(stable_sigmoid(z), 1e-15, 1 - 1e-15), labels=[0, 1]), "not -log(1e-15) = 34.5"),
    (lambda y, z: log_loss(y, stable_sigmoid(z), labels=[0, 1]), "not -log(eps) = 36.04"),  # sklearn clips at eps
])
def test_bce_with_logits_mistakes_get_their_hint(wrong, words):
    result = check_binary_cross_entropy_with_logits(wrong)
    assert not result and words in result.message, result.message


def logistic_loss(X, y, w, b):
    return np.mean(np.logaddexp(0.0, -y * (X @ w + b)))


def finite_difference_gradient(X, y, w, b, h=1e-6):
    grad_w = np.array([(logistic_loss(X, y, w + h * e, b) - logistic_loss(X, y, w - h * e, b)) / (2 * h)
                       for e in np.eye(len(w))])
    return grad_w, (logistic_loss(X, y, w, b + h) - logistic_loss(X, y, w, b - h)) / (2 * h)


def test_the_logistic_loss_reference_is_the_derivative_of_the_loss():
    # the claim the checker rests on, by finite differences (and by torch autograd, below)
    from lrlib.checks.ch03_binary_cross_entropy import _SIGNED_CASES, _logistic_loss_gradient
    for X, y, w, b in _SIGNED_CASES:
        grad_w, grad_b = _logistic_loss_gradient(X, y, w, b)
        fd_w, fd_b = finite_difference_gradient(X, y, w, b)
        assert np.allclose(grad_w, fd_w, atol=1e-8) and np.isclose(grad_b, fd_b, atol=1e-8)


def test_the_logistic_loss_reference_is_autograds_gradient():
    torch = pytest.importorskip("torch")  # the torch-free compatibility tracks skip this test
    from lrlib.checks.ch03_binary_cross_entropy import _SIGNED_CASES, _logistic_loss_gradient
    for X, y, w, b in _SIGNED_CASES:
        grad_w, _ = _logistic_loss_gradient(X, y, w, b)
        w_t = torch.tensor(w, requires_grad=True)
        torch.nn.functional.softplus(-torch.tensor(y) * (torch.tensor(X) @ w_t + b)).mean().backward()
        assert np.allclose(grad_w, w_t.grad.numpy(), rtol=1e-12)


@pytest.mark.parametrize("right", [
    lambda X, y, w, b: (X.T @ (-y * sig(-y * (X @ w + b))) / len(y), np.mean(-y * sig(-y * (X @ w + b)))),
    lambda X, y, w, b: (X.T @ (sig(X @ w + b) - (y + 1) / 2) / len(y), np.mean(sig(X @ w + b) - (y + 1) / 2)),
    finite_difference_gradient,
])
def test_logistic_loss_gradient_right_answers_pass(right):
    assert check_logistic_loss_gradient(right)


@pytest.mark.parametrize("wrong, words", [
    (lambda X, y, w, b: X.T @ (-y * sig(-y * (X @ w + b))) / len(y), "a tuple of 2 parts"),  # no grad_b
    (lambda X, y, w, b: (X @ (-y * sig(-y * (X @ w + b))), 0.0), "shapes"),
])
def test_logistic_loss_gradient_other_mistakes(wrong, words):
    result = check_logistic_loss_gradient(wrong)
    assert not result and words in result.message, result.message
