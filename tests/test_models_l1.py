"""LogisticRegressionGD(penalty="l1") against scikit-learn's L1 solutions (saga and liblinear)."""

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

from lrlib import LogisticRegressionGD, alpha_from_C


def sparse_problem():
    """300 samples, 8 correlated features of which 3 matter."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 8))
    X[:, 1] += 0.5 * X[:, 0]
    w = np.array([2.0, -1.5, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0])
    y = (rng.random(300) < 1 / (1 + np.exp(-(X @ w + 0.3)))).astype(int)
    return X, y


def l1_fit(X, y, C, tol=1e-8):
    return LogisticRegressionGD(penalty="l1", alpha=alpha_from_C(C, len(y)), max_iter=100_000, tol=tol,
                                random_state=0).fit(X, y)


def saga(X, y, C):
    # l1_ratio=1 is the L1 penalty (penalty="l1" is deprecated in scikit-learn 1.8+)
    return LogisticRegression(l1_ratio=1.0, C=C, solver="saga", tol=1e-12, max_iter=100_000,
                              random_state=0).fit(X, y)


def assert_same_l1_solution(ours, reference, atol=1e-3):
    np.testing.assert_array_equal(np.flatnonzero(ours.coef_), np.flatnonzero(reference.coef_))
    np.testing.assert_allclose(ours.coef_, reference.coef_, atol=atol)
    np.testing.assert_allclose(ours.intercept_, reference.intercept_, atol=atol)


@pytest.mark.parametrize("C", [0.05, 0.2, 1.0])
def test_l1_matches_saga(C):
    X, y = sparse_problem()
    ours = l1_fit(X, y, C)
    assert_same_l1_solution(ours, saga(X, y, C), atol=1e-5)
    assert np.any(ours.coef_ == 0)  # exact zeros, not small numbers


def test_l1_matches_liblinear_once_its_intercept_penalty_is_made_negligible():
    # liblinear penalises the intercept: it fits a constant feature of value
    # intercept_scaling, whose weight is penalised; a large value makes the intercept's
    # penalty |b| / intercept_scaling negligible.
    X, y = sparse_problem()
    reference = LogisticRegression(l1_ratio=1.0, C=0.2, solver="liblinear", tol=1e-12, max_iter=100_000,
                                   intercept_scaling=1e4, random_state=0).fit(X, y)
    assert_same_l1_solution(l1_fit(X, y, 0.2), reference, atol=1e-4)


def test_l1_matches_saga_on_standardised_breast_cancer():
    data = load_breast_cancer()
    X_train, _, y_train, _ = train_test_split(data.data, data.target, test_size=0.25, stratify=data.target,
                                              random_state=0)
    X = StandardScaler().fit_transform(X_train)
    ours = l1_fit(X, y_train, 0.1, tol=1e-6)
    assert_same_l1_solution(ours, saga(X, y_train, 0.1))
    assert np.count_nonzero(ours.coef_) < 10  # most of the 30 features dropped


def test_a_strong_l1_penalty_keeps_only_the_intercept():
    X, y = sparse_problem()
    model = LogisticRegressionGD(penalty="l1", alpha=10.0, tol=1e-8, random_state=0).fit(X, y)
    assert np.all(model.coef_ == 0)
    assert model.intercept_[0] == pytest.approx(np.log(y.mean() / (1 - y.mean())), abs=1e-4)


def test_l1_objective_goes_down_and_is_recorded():
    X, y = sparse_problem()
    model = l1_fit(X, y, 0.1)
    assert np.all(np.diff(model.loss_history_) <= 1e-14)
    assert model.loss_history_[-1] > 0


def test_l2_stays_the_default_and_clone_keeps_the_penalty():
    assert LogisticRegressionGD().penalty == "l2"
    assert clone(LogisticRegressionGD(penalty="l1")).get_params()["penalty"] == "l1"
    X, y = sparse_problem()
    l2 = LogisticRegressionGD(alpha=0.05, random_state=0).fit(X, y)
    assert np.all(l2.coef_ != 0)  # L2 shrinks but does not zero


@pytest.mark.parametrize("penalty", ["L1", "elasticnet", None, 1])
def test_unknown_penalty_is_rejected(penalty):
    X, y = sparse_problem()
    with pytest.raises(ValueError, match="The 'penalty' parameter of LogisticRegressionGD must be a str among"):
        LogisticRegressionGD(penalty=penalty).fit(X, y)


@pytest.mark.parametrize("penalty, words", [("l1", "every entry of the gradient mapping"),
                                            ("l2", "every gradient entry")])
def test_the_convergence_warning_names_the_quantity_its_test_measures(penalty, words):
    from sklearn.exceptions import ConvergenceWarning

    X, y = sparse_problem()
    with pytest.warns(ConvergenceWarning, match=f"stopped after max_iter=3 steps, before {words}"):
        LogisticRegressionGD(penalty=penalty, alpha=0.01, max_iter=3, tol=1e-12).fit(X, y)
