"""Chapter 10 checkers beyond the table-driven test: other correct versions, odd answers."""

import importlib.util

import numpy as np
import pytest

from lrlib.checks.ch10_reading_the_model import (
    _newton_step,
    check_newton_step,
    check_odds_ratio_interval,
    check_penalised_hessian,
)
from lrlib.newton import log_loss_hessian, newton_logistic

CHECKERS = [check_penalised_hessian, check_newton_step, check_odds_ratio_interval]


def sig(z):
    return 1 / (1 + np.exp(-z))


def autograd_hessian(X, y, w, b, alpha):
    import torch

    X_t, y_t = torch.tensor(X), torch.tensor(y)

    def loss(theta):
        z = X_t @ theta[:-1] + theta[-1]
        return torch.nn.functional.binary_cross_entropy_with_logits(z, y_t) + alpha / 2 * theta[:-1] @ theta[:-1]
    return torch.autograd.functional.hessian(loss, torch.tensor(np.append(w, b))).numpy()


def statsmodels_hessian(X, y, w, b, alpha):
    import statsmodels.api as sm

    X1 = np.column_stack([X, np.ones(len(X))])
    return -sm.Logit(y, X1).hessian(np.append(w, b)) / len(y) + alpha * np.diag([1.0] * len(w) + [0.0])


@pytest.mark.parametrize("library_way, name", [
    (log_loss_hessian, "lrlib.newton.log_loss_hessian"),
    (lambda X, y, w, b, alpha: log_loss_hessian(X, y, w, b, alpha=alpha), "lrlib.newton.log_loss_hessian"),
    pytest.param(autograd_hessian, "torch.autograd.grad", marks=pytest.mark.skipif(
        importlib.util.find_spec("torch") is None, reason="the torch-free compatibility tracks have no PyTorch")),
    (statsmodels_hessian, "statsmodels.discrete.discrete_model.Logit.hessian"),
])
def test_a_library_hessian_is_not_yours(library_way, name):
    from lrlib.checks.ch10_reading_the_model import PENALISED_HESSIAN
    assert PENALISED_HESSIAN._check(library_way, watch=False)  # right, but written already
    result = check_penalised_hessian(library_way)
    assert not result and name in result.message and "write it yourself" in result.message, result.message


def test_correct_versions_pass():
    def newton_via_lrlib(X, y, w, b):
        X1 = np.column_stack([X, np.ones(len(X))])
        theta = np.append(w, b)
        g = X1.T @ (sig(X1 @ theta) - y) / len(y)
        new = theta - np.linalg.solve(log_loss_hessian(X, y, w, b), g)
        return new[:-1], new[-1]

    assert check_newton_step(newton_via_lrlib)
    assert check_newton_step(lambda *args: list(newton_via_lrlib(*args)))
    assert check_odds_ratio_interval(lambda c, s: (np.exp(c), np.exp(c - 1.96 * s), np.exp(c + 1.96 * s)))
    assert check_odds_ratio_interval(lambda c, s: tuple(np.exp(c + k * 1.959964 * s) for k in (0, -1, 1)))


def test_newton_step_from_zero_is_lrlibs_first_step():
    # the classes overlap (the sixth sample): lrlib refuses separated data, which has no minimum
    X = np.array([[1.0, 2.0], [0.5, -1.0], [-1.5, 0.3], [2.0, 1.0], [0.1, 0.1], [0.3, 0.5]])
    y = np.array([1.0, 0.0, 0.0, 1.0, 1.0, 0.0])
    one_step = newton_logistic(X, y, max_iter=1)
    w, b = _newton_step(X, y, np.zeros(2), 0.0)
    assert np.allclose(np.append(w, b), one_step.params)


@pytest.mark.parametrize("checker", CHECKERS)
@pytest.mark.parametrize("answer, words", [
    (None, "expected a function"),
    ("not a function", "expected a function"),
    (lambda *args: None, "forget the `return`"),
    (lambda *args: "text", "returned"),
    (lambda *args: np.nan, "returned"),
    (lambda *args: 1 / 0, "ZeroDivisionError"),
    (lambda *args: np.exp(1000.0), "overflow"),
    (lambda *args: [[1.0, 2.0], [3.0]], "returned"),
    (lambda *args: (np.nan, np.nan, np.nan), "returned"),
])
def test_never_raises(checker, answer, words):
    result = checker(answer)
    assert not result and words in result.message, result.message


# --- exercise 4: a standardised fit in the data's units ----------------------------------------

def test_odds_ratio_for_change_is_what_the_raw_fit_says():
    import statsmodels.api as sm
    from sklearn.preprocessing import StandardScaler

    from lrlib.checks.ch10_reading_the_model import _odds_ratio_for_change
    from lrlib.newton import LogisticRegressionNewton
    data = sm.datasets.spector.load_pandas()
    X, y = data.exog.to_numpy(), data.endog.to_numpy()
    raw = LogisticRegressionNewton(tol=1e-12).fit(X, y).coef_[0]
    standardised = LogisticRegressionNewton(tol=1e-12).fit(StandardScaler().fit_transform(X), y).coef_[0]
    for change in [np.array([0.5, 0.0, 0.0]), np.array([0.0, 5.0, 1.0]), np.array([-1.0, 3.0, 0.0])]:
        assert np.isclose(_odds_ratio_for_change(standardised, X, change), np.exp(raw @ change), rtol=1e-7)


def test_odds_ratio_for_change_correct_versions_pass_and_a_number_read_off_fails():
    from lrlib.checks import check_odds_ratio_for_change
    def one_feature_at_a_time(coef_std, X, change):
        factor = 1.0
        for w, column, c in zip(coef_std, X.T, change, strict=True):
            factor *= np.exp(w * c / column.std())
        return factor
    assert check_odds_ratio_for_change(one_feature_at_a_time)
    assert not check_odds_ratio_for_change(lambda coef_std, X, change: 4.1)
