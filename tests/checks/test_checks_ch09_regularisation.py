"""Chapter 9 checkers beyond the table-driven test: other correct versions, other mistakes, odd outputs."""

import numpy as np
import pytest
from sklearn.model_selection import KFold

from lrlib.checks import (
    check_alpha_max,
    check_kfold_indices,
    check_l2_gradient,
    check_soft_threshold,
)
from lrlib.model_selection import kfold_indices
from lrlib.optim import soft_threshold


def sig(z):
    return 1 / (1 + np.exp(-z))


def l2_gradient(term_w=lambda a, w, n: a * w, term_b=lambda a, b: 0.0, with_bias=True):
    def gradient(X, y, w, b, alpha):
        p = sig(X @ w + b) if with_bias else sig(X @ w)
        return X.T @ (p - y) / len(y) + term_w(alpha, w, len(y)), np.mean(p - y) + term_b(alpha, b)
    return gradient


def test_l2_gradient_correct_version_passes():
    assert check_l2_gradient(l2_gradient())


@pytest.mark.parametrize("wrong, words", [
    (l2_gradient(term_b=lambda a, b: a * b), "intercept is not penalised"),
    (l2_gradient(lambda a, w, n: a / 2 * w), "the 2 of the square cancels"),
    (l2_gradient(lambda a, w, n: 2 * a * w), "not 2 * alpha * w"),
    (l2_gradient(lambda a, w, n: -a * w), "wrong sign"),
    (l2_gradient(lambda a, w, n: a * w / n), "not alpha * w / n"),
    (l2_gradient(lambda a, w, n: a * np.sign(w)), "L1 penalty's"),
    (l2_gradient(lambda a, w, n: 0.0), "forgot the penalty"),
    (lambda X, y, w, b, alpha: l2_gradient()(X, y, w, b, alpha)[0], "return a pair"),
    (l2_gradient(with_bias=False), "p = sigmoid(X @ w + b)"),
])
def test_l2_gradient_mistakes_get_their_hint(wrong, words):
    result = check_l2_gradient(wrong)
    assert not result and words in result.message, result.message


def test_soft_threshold_correct_versions_pass():
    assert "itself" in check_soft_threshold(soft_threshold).message  # lrlib's own is right, but not yours
    assert check_soft_threshold(lambda x, t: np.where(x > t, x - t, np.where(x < -t, x + t, 0.0)))


@pytest.mark.parametrize("wrong, words", [
    (lambda x, t: np.where(np.abs(x) > t, x, 0.0), "hard thresholding"),
    (lambda x, t: np.maximum(np.abs(x) - t, 0.0), "forgot the sign"),
    (lambda x, t: np.maximum(x - t, 0.0), "from both sides"),
    (lambda x, t: x - t * np.sign(x), "must become exactly 0"),
    (lambda x, t: np.clip(x, -t, t), "clipping keeps small entries"),
    (lambda x, t: x / (1 + t), "proximal step of the L2 penalty"),
    (lambda x, t: [float(v) for v in x], "np.sign(x) * np.maximum"),
])
def test_soft_threshold_mistakes_get_their_hint(wrong, words):
    result = check_soft_threshold(wrong)
    assert not result and words in result.message, result.message


def blocks(n_samples, n_folds):
    return np.array_split(np.arange(n_samples), n_folds)


def test_kfold_correct_versions_pass():
    assert check_kfold_indices(lambda n, k: [(np.setdiff1d(np.arange(n), v), v) for v in blocks(n, k)])
    assert check_kfold_indices(lambda n, k: [(list(np.setdiff1d(np.arange(n), v)), list(v))
                                             for v in blocks(n, k)])  # lists are fine
    assert check_kfold_indices(lambda n, k: ((np.setdiff1d(np.arange(n), v), v) for v in blocks(n, k)))
    shuffled = np.random.default_rng(0).permutation
    assert check_kfold_indices(lambda n, k: [(np.setdiff1d(np.arange(n), v), v) for v in blocks(n, k)][::-1])
    assert check_kfold_indices(lambda n, k: [(np.setdiff1d(np.arange(n), v), v)
                                             for v in np.array_split(shuffled(n), k)])


@pytest.mark.parametrize("library_way, name", [
    (kfold_indices, "lrlib.model_selection.kfold_indices"),
    (lambda n, k: kfold_indices(n, k, shuffle=True, random_state=0), "lrlib.model_selection.kfold_indices"),
    (lambda n, k: list(KFold(k, shuffle=True, random_state=0).split(np.zeros(n))),
     "sklearn.model_selection.KFold._iter_test_indices"),
])
def test_a_library_split_is_not_yours(library_way, name):
    result = check_kfold_indices(library_way)
    assert not result and name in result.message and "write it yourself" in result.message, result.message


@pytest.mark.parametrize("wrong, words", [
    (lambda n, k: [(np.setdiff1d(np.arange(n), v) + 1000, v + 1000) for v in blocks(n, k)],
     "outside range(n_samples) = range(11)"),
    (lambda n, k: [(np.setdiff1d(np.arange(n), v) - n, v - n) for v in blocks(n, k)], "outside range(n_samples)"),
    (lambda n, k: [(np.setdiff1d(np.arange(n), v) / 1, v / 1) for v in blocks(n, k)], "whole-number indices"),
])
def test_kfold_indices_out_of_range_are_told_so(wrong, words):
    result = check_kfold_indices(wrong)
    assert not result and words in result.message and "np.arange(n_samples)" in result.message, result.message


def alpha_max(X, y):
    return np.max(np.abs(X.T @ (y.mean() - y))) / len(y)


def test_alpha_max_correct_version_passes():
    assert check_alpha_max(alpha_max)


def test_alpha_max_reference_is_where_the_l1_fit_becomes_zero():
    # The derivation the checker encodes: just above alpha_max every weight is 0, just below one is not.
    from lrlib import LogisticRegressionGD

    X = np.array([[1.0, 2.0], [0.5, -1.0], [-1.5, 0.3], [2.0, 1.0], [0.0, 0.5], [1.0, -0.5]])
    y = np.array([1.0, 0.0, 0.0, 1.0, 1.0, 0.0])
    top = alpha_max(X, y)
    above = LogisticRegressionGD(penalty="l1", alpha=1.01 * top, tol=1e-10, max_iter=10_000, random_state=0).fit(X, y)
    below = LogisticRegressionGD(penalty="l1", alpha=0.9 * top, tol=1e-10, max_iter=10_000, random_state=0).fit(X, y)
    assert np.all(above.coef_ == 0) and np.count_nonzero(below.coef_) == 1


@pytest.mark.parametrize("wrong, words", [
    (lambda X, y: np.max(np.abs(X.T @ (0.5 - y))) / len(y), "b = logit(mean(y))"),
    (lambda X, y: np.max(np.abs(X.T @ (y.mean() - y))), "*mean* log-loss"),
    (lambda X, y: np.abs(X.T @ (y.mean() - y)) / len(y), "take the max"),
    (lambda X, y: np.min(np.abs(X.T @ (y.mean() - y))) / len(y), "not the min"),
    (lambda X, y: np.linalg.norm(X.T @ (y.mean() - y)) / len(y), "per weight"),
    (lambda X, y: np.mean(np.abs(X.T @ (y.mean() - y))) / len(y), "not their mean"),
    (lambda X, y: 1 / (len(y) * alpha_max(X, y)), "max_j |X^T (p - y) / n|_j <= alpha"),
])
def test_alpha_max_mistakes_get_their_hint(wrong, words):
    result = check_alpha_max(wrong)
    assert not result and words in result.message, result.message


def raises(*args):
    raise RuntimeError("boom")


def not_written(*args):
    raise NotImplementedError


@pytest.mark.parametrize("check", [check_l2_gradient, check_soft_threshold, check_kfold_indices, check_alpha_max])
@pytest.mark.parametrize("func", [None, "a string", 3, raises, not_written, lambda *a: "text",
                                  lambda *a: [[1, 2], [3]], lambda *a: np.nan, lambda *a: None])
def test_checkers_never_raise(check, func):
    result = check(func)
    assert not result and result.message.startswith("✘")


def test_checkers_report_a_not_written_exercise():
    for check in [check_l2_gradient, check_soft_threshold, check_kfold_indices, check_alpha_max]:
        assert "not written yet" in check(not_written).message



# --- the bug of exercise 3, as the notebook shows it ----------------------------------------

def kfold_indices_buggy(n_samples, n_folds):
    size = n_samples // n_folds
    blocks = [np.arange(f * size, (f + 1) * size) for f in range(n_folds)]
    return [(np.setdiff1d(np.arange(n_samples), validation), validation) for validation in blocks]


def test_the_notebooks_buggy_split_is_told_it_drops_samples():
    result = check_kfold_indices(kfold_indices_buggy)
    assert not result and "never in a validation fold" in result.message, result.message


# --- exercise 5: which model to trust ---------------------------------------------------------

def test_trusted_model_correct_versions_pass_and_a_number_read_off_fails():
    from lrlib.checks import check_trusted_model
    def by_sums(train_loss, fold_losses):  # the same choice: the folds are as many for both
        sums = [sum(row) for row in fold_losses]
        best = 0 if sums[0] < sums[1] else 1
        return best, sums[best] / len(fold_losses[best])
    assert check_trusted_model(by_sums)
    assert not check_trusted_model(lambda train_loss, fold_losses: (1, 0.233))
