"""lrlib.newton against finite differences, torch autograd and scikit-learn; its errors.

Tolerances: the Hessian equals autograd's to 1e-12 (relative) and central finite
differences of the gradient to 1e-6; Newton's minimiser has the coefficients of
scikit-learn's lbfgs run to tol=1e-12 within 1e-6, at the same penalty.
"""

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.datasets import load_breast_cancer
from sklearn.exceptions import ConvergenceWarning, NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from lrlib import LogisticRegressionGD, alpha_from_C, binary_cross_entropy_gradient
from lrlib.newton import LogisticRegressionNewton, SingularHessianError, log_loss_hessian, newton_logistic


def random_problem(seed, n=30, d=3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = (X @ rng.normal(size=d) + rng.normal(size=n) > 0).astype(float)
    return X, y, rng.normal(size=d), float(rng.normal())


@pytest.fixture(scope="module")
def breast_cancer():
    X, y = load_breast_cancer(return_X_y=True)
    return StandardScaler().fit_transform(X), y


def full_gradient(X, y, params):
    grad_w, grad_b = binary_cross_entropy_gradient(X, y, params[:-1], params[-1])
    return np.append(grad_w, grad_b)


@given(st.integers(0, 10_000), st.floats(0, 2))
def test_hessian_matches_finite_differences_of_the_gradient(seed, alpha):
    X, y, w, b = random_problem(seed)
    params, h = np.append(w, b), 1e-6
    penalty = alpha * np.append(np.ones(len(w)), 0.0)  # gradient of alpha/2 ||w||^2 is alpha w
    columns = [(full_gradient(X, y, params + h * e) + penalty * (params + h * e)
                - full_gradient(X, y, params - h * e) - penalty * (params - h * e)) / (2 * h)
               for e in np.eye(len(params))]
    assert np.allclose(log_loss_hessian(X, y, w, b, alpha), np.column_stack(columns), rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_hessian_matches_torch_autograd(seed):
    torch = pytest.importorskip("torch")  # the reference; the torch-free compatibility tracks skip this test
    X, y, w, b = random_problem(seed)
    X1 = torch.tensor(np.column_stack([X, np.ones(len(X))]))

    def loss(params):
        return torch.nn.functional.binary_cross_entropy_with_logits(X1 @ params, torch.tensor(y))

    expected = torch.autograd.functional.hessian(loss, torch.tensor(np.append(w, b))).numpy()
    assert np.allclose(log_loss_hessian(X, y, w, b), expected, rtol=1e-12, atol=1e-15)


@given(st.integers(0, 10_000), st.floats(-50, 50))
def test_hessian_is_symmetric_positive_semi_definite_at_any_scale(seed, scale):
    X, y, w, b = random_problem(seed)
    H = log_loss_hessian(X, y, scale * w, scale * b)
    assert np.all(np.isfinite(H)) and np.allclose(H, H.T, rtol=1e-13, atol=1e-300)
    assert np.linalg.eigvalsh(H)[0] >= -1e-12 * max(1.0, np.abs(H).max())


def test_newton_matches_sklearn_at_the_same_penalty(breast_cancer):
    X, y = breast_cancer
    reference = LogisticRegression(C=1.0, tol=1e-12, max_iter=10_000).fit(X, y)
    result = newton_logistic(X, y, alpha=alpha_from_C(1.0, len(y)))
    assert result.converged and result.n_iter <= 12
    assert np.allclose(result.params[:-1], reference.coef_[0], atol=1e-6)
    assert np.isclose(result.params[-1], reference.intercept_[0], atol=1e-6)
    assert np.all(np.diff(result.loss_history) <= 0)


def test_newton_takes_a_twentieth_of_gradient_descents_steps(breast_cancer):
    X, y = breast_cancer
    alpha = alpha_from_C(1.0, len(y))
    newton = LogisticRegressionNewton(alpha=alpha, tol=1e-6).fit(X, y)
    gd = LogisticRegressionGD(alpha=alpha, max_iter=100_000, tol=1e-6, random_state=0).fit(X, y)
    assert newton.n_iter_ < gd.n_iter_ / 20
    assert np.allclose(newton.predict_proba(X), gd.predict_proba(X), atol=1e-4)


def test_newton_is_invariant_to_rescaling_the_features():
    X, y, _, _ = random_problem(0, n=50)
    scale = np.array([1e-3, 1.0, 1e4])
    plain, scaled = newton_logistic(X, y), newton_logistic(X * scale, y, tol=1e-12)
    assert np.allclose(scaled.params[:-1] * scale, plain.params[:-1], rtol=1e-7)


def test_estimator_api():
    X, y, _, _ = random_problem(3)
    labels = np.where(y == 1, "yes", "no")
    model = LogisticRegressionNewton().fit(X, labels)
    assert model.classes_.tolist() == ["no", "yes"] and model.coef_.shape == (1, 3)
    assert clone(model).get_params() == {"alpha": 0.0, "max_iter": 100, "tol": 1e-8}
    assert set(model.predict(X)) <= {"no", "yes"}
    assert np.allclose(model.predict_proba(X).sum(axis=1), 1)


def test_max_iter_reached_warns():
    X, y, _, _ = random_problem(4)
    with pytest.warns(ConvergenceWarning, match="increase max_iter"):
        LogisticRegressionNewton(max_iter=1).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert LogisticRegressionNewton(max_iter=0).fit(X, y).n_iter_ == 0


# --- singular Hessians: a named error, never NaN -------------------------------------------

def test_duplicate_column_is_named():
    X, y, _, _ = random_problem(5)
    with pytest.raises(SingularHessianError, match=r"column 1 and column 3 .*Drop .*alpha > 0"):
        newton_logistic(np.column_stack([X, 2 * X[:, 1]]), y)


def test_constant_and_zero_columns_are_named():
    X, y, _, _ = random_problem(6)
    with pytest.raises(SingularHessianError, match="column 3 of X is constant, which the intercept"):
        newton_logistic(np.column_stack([X, np.full(len(X), 7.0)]), y)
    with pytest.raises(SingularHessianError, match="column 0 of X is all zeros"):
        newton_logistic(np.column_stack([np.zeros(len(X)), X]), y)


def test_more_features_than_samples_is_singular():
    rng = np.random.default_rng(7)
    with pytest.raises(SingularHessianError, match="linearly dependent"):
        newton_logistic(rng.normal(size=(4, 6)), [0, 1, 0, 1])


@pytest.mark.parametrize("scale", [1.0, 1e-3, 1e3])
def test_perfect_separation_is_named(scale):
    x = scale * np.array([[-3.0], [-2.0], [-1.0], [1.0], [2.0], [3.0]])
    with pytest.raises(SingularHessianError, match="perfectly separated.*penalty"):
        LogisticRegressionNewton().fit(x, [0, 0, 0, 1, 1, 1])


def test_a_penalty_cures_both():
    X, y, _, _ = random_problem(8)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning either
        duplicated = newton_logistic(np.column_stack([X, X[:, 0]]), y, alpha=0.1)
        separated = newton_logistic([[-2.0], [-1.0], [1.0], [2.0]], [0, 0, 1, 1], alpha=0.1)
    assert duplicated.converged and np.isclose(duplicated.params[0], duplicated.params[3])
    assert separated.converged and np.all(np.isfinite(separated.params))


def test_quasi_separation_never_gives_nan():
    # x = 0 holds both classes, elsewhere the classes are separated: no finite minimum
    X = np.array([[-2.0], [-1.0], [0.0], [0.0], [1.0], [2.0]])
    y = [0, 0, 0, 1, 1, 1]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            result = newton_logistic(X, y, max_iter=200)
        except SingularHessianError as error:
            assert "singular" in str(error)
        else:
            assert np.all(np.isfinite(result.params))


# --- bad input -----------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, error, words", [
    ({"X": [[np.nan], [1.0]]}, ValueError, "X must contain only finite"),
    ({"X": [1.0, 2.0]}, ValueError, "X must be 2-dimensional"),
    ({"y": [0, 2]}, ValueError, "binary labels"),
    ({"y": [0, 1, 1]}, ValueError, "same number of samples"),
    ({"alpha": -1.0}, ValueError, "alpha must be >= 0"),
    ({"max_iter": 1.5}, TypeError, "max_iter must be an integer"),
    ({"tol": "small"}, TypeError, "tol must be a real number"),
])
def test_newton_bad_input(kwargs, error, words):
    args = {"X": [[0.0], [1.0]], "y": [0, 1], **kwargs}
    with pytest.raises(error, match=words):
        newton_logistic(args.pop("X"), args.pop("y"), **args)


def test_hessian_bad_input():
    with pytest.raises(ValueError, match="one weight per column"):
        log_loss_hessian([[0.0, 1.0]], [1], [0.0], 0.0)
    with pytest.raises(TypeError, match="b must be a real number"):
        log_loss_hessian([[0.0]], [1], [0.0], None)


def test_estimator_bad_input():
    with pytest.raises(ValueError, match="Only binary classification"):
        LogisticRegressionNewton().fit([[0.0], [1.0], [2.0]], [0, 1, 2])
    with pytest.raises(NotFittedError):
        LogisticRegressionNewton().predict([[0.0]])
