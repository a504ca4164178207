"""Chapter 6 checkers: a correct function passes, each typical mistake gets its own hint."""

import numpy as np
import pytest
import torch
from scipy.special import logsumexp as scipy_logsumexp
from scipy.special import softmax as scipy_softmax

from lrlib import cross_entropy_gradient, log_softmax, logsumexp, softmax
from lrlib.checks import check_cross_entropy_gradient, check_logsumexp, check_softmax


def softmax_ok(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def test_softmax_correct_versions_pass():
    assert check_softmax(softmax_ok)


@pytest.mark.parametrize("check, library_way, name", [
    (check_softmax, lambda Z: scipy_softmax(Z, axis=1), "scipy.special.softmax"),
    (check_softmax, lambda Z: softmax(Z, axis=1), "lrlib.softmax"),
    (check_softmax, lambda Z: np.exp(log_softmax(Z, axis=1)), "lrlib.log_softmax"),
    (check_softmax, lambda Z: torch.softmax(torch.as_tensor(Z), dim=1).numpy(), "torch.softmax"),
    (check_softmax, lambda Z: torch.nn.functional.softmax(torch.as_tensor(Z), dim=1).numpy(),
     "torch.nn.functional.softmax"),
    (check_softmax, lambda Z: torch.as_tensor(Z).softmax(1).numpy(), "torch.Tensor.softmax"),
    (check_logsumexp, scipy_logsumexp, "scipy.special.logsumexp"),
    (check_logsumexp, lambda z: logsumexp(z), "lrlib.logsumexp"),
    (check_logsumexp, lambda z: np.logaddexp.reduce(z), "numpy.logaddexp.reduce"),
    (check_logsumexp, lambda z: torch.logsumexp(torch.as_tensor(z), 0).item(), "torch.logsumexp"),
    (check_cross_entropy_gradient, cross_entropy_gradient, "lrlib.cross_entropy_gradient"),
])
def test_a_library_version_is_not_yours(check, library_way, name):
    result = check(library_way)
    assert not result and name in result.message and "write it yourself" in result.message, result.message


def test_the_gradient_may_use_a_library_softmax():
    def grad(X, y, W, b):
        P = softmax(X @ W.T + b, axis=1)
        P[np.arange(len(y)), y] -= 1
        return P.T @ X / len(y), P.mean(axis=0)
    assert check_cross_entropy_gradient(grad)


@pytest.mark.parametrize("wrong, words", [
    (lambda Z: np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True), "you forgot to subtract the max"),
    (lambda Z: np.exp(Z - Z.max()) / np.exp(Z - Z.max()).sum(axis=1, keepdims=True), "each row's own max"),
    (lambda Z: softmax_ok(Z.T).T, "normalise along axis=1"),
    (lambda Z: np.exp(Z - Z.max(axis=1, keepdims=True)), "E / E.sum(axis=1, keepdims=True)"),
    (lambda Z: np.exp(Z - Z.max(axis=1, keepdims=True)) / np.exp(Z - Z.max(axis=1, keepdims=True)).sum(axis=1),
     "keepdims=True"),
    (lambda Z: 1 / (1 + np.exp(-Z)), "softmax couples the scores"),
])
def test_softmax_mistakes_get_their_hint(wrong, words):
    result = check_softmax(wrong)
    assert not result and words in result.message, result.message


def lse_ok(z):
    m = np.max(z)
    return m + np.log(np.sum(np.exp(z - m)))


def test_logsumexp_correct_versions_pass():
    assert check_logsumexp(lse_ok)


@pytest.mark.parametrize("wrong, words", [
    (lambda z: np.log(np.sum(np.exp(z))), "you forgot to subtract the max"),
    (lambda z: np.log(np.sum(np.exp(z - np.max(z)))), "add m to the result"),
    (np.max, "smooth"),
    (np.sum, "log and exp do not cancel"),
    (lambda z: max(z.max(), 0) + np.log(np.sum(np.exp(z - max(z.max(), 0)))), "log(0)"),  # shifts only down
    (lambda z: np.log(np.sum(np.exp(np.clip(z, -700, 700)))), "outside [max(z), max(z) + log(n)]"),  # 701
    (lambda z: np.log(np.mean(np.exp(z - z.max()))) + z.max(), "For [0, 0] that is log 2"),  # generic
])
def test_logsumexp_mistakes_get_their_hint(wrong, words):
    result = check_logsumexp(wrong)
    assert not result and words in result.message, result.message


def grad_ok(X, y, W, b):
    P = softmax_ok(X @ W.T + b)  # W: one row per class
    Y = np.eye(W.shape[0])[y]
    return (P - Y).T @ X / len(y), (P - Y).mean(axis=0)


def test_gradient_correct_passes():
    assert check_cross_entropy_gradient(grad_ok)


def _grad(residual, *, n=None, transpose=False):
    def grad(X, y, W, b):
        R = residual(X, y, W, b)
        m = len(y) if n is None else n
        gW = R.T @ X / m
        return (gW.T if transpose else gW), R.sum(axis=0) / m
    return grad


def onehot(y, W):
    return np.eye(W.shape[0])[y]


@pytest.mark.parametrize("wrong, words", [
    (_grad(lambda X, y, W, b: onehot(y, W) - softmax_ok(X @ W.T + b)), "wrong sign"),
    (_grad(lambda X, y, W, b: softmax_ok(X @ W.T + b) - onehot(y, W), n=1), "off by a factor n"),
    (_grad(lambda X, y, W, b: softmax_ok(X @ W.T + b)), "subtract the one-hot targets"),
    (_grad(lambda X, y, W, b: softmax_ok(X @ W.T) - onehot(y, W)), "forgot the bias"),
    (_grad(lambda X, y, W, b: X @ W.T + b - onehot(y, W)), "forgot the softmax"),
    (_grad(lambda X, y, W, b: softmax_ok(X @ W.T + b) - onehot(y, W), transpose=True), "shape of W"),
    (lambda X, y, W, b: grad_ok(X, y, W, b)[0], "return a pair"),
    (lambda X, y, W, b: (softmax_ok(X @ W + b), 0), "X @ W.T + b"),  # W used as (d, K): crash
])
def test_gradient_mistakes_get_their_hint(wrong, words):
    result = check_cross_entropy_gradient(wrong)
    assert not result and words in result.message, result.message


def test_binary_from_softmax_reference_is_the_two_class_softmax():
    from lrlib import sigmoid, softmax
    from lrlib.checks import check_binary_from_softmax
    from lrlib.checks.ch06_softmax_regression import BINARY_FROM_SOFTMAX

    rng = np.random.default_rng(0)
    W, b, X = rng.normal(size=(2, 3)), rng.normal(size=2), rng.normal(size=(7, 3))
    w, c = BINARY_FROM_SOFTMAX._reference(W, b)
    np.testing.assert_allclose(sigmoid(X @ w + c), softmax(X @ W.T + b, axis=1)[:, 1], rtol=1e-12)
    assert check_binary_from_softmax(lambda W, b: (W[1] - W[0], np.array(b[1] - b[0])))


def test_binary_from_softmax_survives_odd_answers():
    from lrlib.checks import check_binary_from_softmax

    for wrong in [lambda W, b: W[1] - W[0], lambda W, b: None, lambda W, b: ("w", "b"), lambda W, b: 1 / 0]:
        result = check_binary_from_softmax(wrong)
        assert not result and result.message.startswith("✘"), result.message


# --- the bug of exercise 1, as the notebook shows it --------------------------------------

def softmax_buggy(Z):
    E = np.exp(Z - Z.max())  # the whole matrix's max
    return E / E.sum(axis=1, keepdims=True)


def test_the_notebooks_buggy_softmax_is_told_to_subtract_each_rows_max():
    Z_demo = np.array([[1.0, 2.0, 3.0], [2.0, 0.5, 1.0]])
    assert np.allclose(softmax_buggy(Z_demo), softmax(Z_demo, axis=1))  # right where the notebook shows it
    result = check_softmax(softmax_buggy)
    assert not result and "each row's own max" in result.message, result.message


# --- exercise 5: reading the weights --------------------------------------------------------

def test_class_odds_ratio_is_the_ratio_of_the_models_probabilities():
    from lrlib.checks.ch06_softmax_regression import _class_odds_ratio
    rng = np.random.default_rng(0)
    coef, b, x = rng.normal(size=(4, 3)), rng.normal(size=4), rng.normal(size=3)
    step = np.eye(3)[1]
    before, after = softmax(x @ coef.T + b), softmax((x + step) @ coef.T + b)
    assert np.isclose((after[2] / after[0]) / (before[2] / before[0]), _class_odds_ratio(coef, 2, 0, 1))


def test_class_odds_ratio_correct_versions_pass_and_a_number_read_off_fails():
    from lrlib.checks import check_class_odds_ratio
    assert check_class_odds_ratio(lambda coef, k, j, f: np.exp(coef[k, f]) / np.exp(coef[j, f]))
    assert not check_class_odds_ratio(lambda coef, k, j, f: 0.52)
