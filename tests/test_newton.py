"""lrlib.newton against finite differences, torch autograd and scikit-learn; its errors.

Tolerances: the Hessian equals autograd's to 1e-12 (relative) and central finite
differences of the gradient to 1e-6; Newton's minimiser has the coefficients of
scikit-learn's lbfgs run to tol=1e-12 within 1e-6, at the same penalty.
"""

import warnings

import numpy as np
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.datasets import load_breast_cancer
from sklearn.exceptions import ConvergenceWarning, NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

from lrlib import LogisticRegressionGD, alpha_from_C, binary_cross_entropy_gradient, sigmoid
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
    with pytest.raises(SingularHessianError, match=r"x1 and x3 are linearly dependent \(x1 = 0.5·x3\).*Drop .*alpha > 0"):
        newton_logistic(np.column_stack([X, 2 * X[:, 1]]), y)


def test_constant_and_zero_columns_are_named():
    X, y, _, _ = random_problem(6)
    with pytest.raises(SingularHessianError, match=r"x3 and intercept are linearly dependent \(x3 = 7·intercept\)"):
        newton_logistic(np.column_stack([X, np.full(len(X), 7.0)]), y)
    with pytest.raises(SingularHessianError, match="column x0 is all zeros"):
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
        with pytest.raises(SingularHessianError, match="quasi-completely separated"):
            newton_logistic(X, y, max_iter=200)


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


# --- issue 26: separation decided exactly, scale-aware stopping, extreme scales -----------

QUASI_X = np.array([[-3.0], [-2.0], [-1.0], [0.0], [0.0], [1.0], [2.0], [3.0]])
QUASI_Y = np.array([0, 0, 0, 0, 1, 1, 1, 1])


def a_dummy_whose_ones_are_all_positive(seed=0, n=100):
    """An everyday quasi-complete separation: x is ordinary, every row with d = 1 has y = 1."""
    rng = np.random.default_rng(seed)
    x, d = rng.normal(size=n), (rng.random(n) < 0.2).astype(float)
    y = (rng.random(n) < sigmoid(x)).astype(float)
    y[d == 1] = 1
    return np.column_stack([x, d]), y


@pytest.mark.parametrize("tol", [1e-8, 1e-10, 1e-12, 0.0])
def test_quasi_complete_separation_is_refused_not_fitted_to_tol(tol):
    # issue 26 (1): these "converged" to 17.96 (tol 1e-8) and 26.96 (1e-12), and the dummy's
    # weight to 15.4 / 20.4 / 25.4: functions of tol alone, since no finite maximum exists
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no ConvergenceWarning either: an error, with the reason
        with pytest.raises(SingularHessianError) as info:
            LogisticRegressionNewton(tol=tol).fit(QUASI_X, QUASI_Y)
        message = str(info.value)
        assert "quasi-completely separated" in message and "column 0" in message
        assert "6 of the 8 samples" in message and "the other 2 exactly on it" in message
        assert "L2 penalty" in message and "Firth" in message
        with pytest.raises(SingularHessianError, match=r"quasi-completely separated: weights on column 1 of X"):
            LogisticRegressionNewton(tol=tol).fit(*a_dummy_whose_ones_are_all_positive())


def test_summary_of_weights_set_by_tol_is_refused():
    # issue 26 (1): summary printed a standard error of 5617 and p = 0.997 for the weights a
    # stopped fit returned; the weights here have a gradient below 1e-7, as such a fit's do
    X, y = QUASI_X, QUASI_Y
    from lrlib.inference import coefficient_covariance, logit_summary

    for call in [lambda: logit_summary(X, y, [18.0], 0.0), lambda: coefficient_covariance(X, y, [18.0], 0.0)]:
        with pytest.raises(SingularHessianError, match="quasi-completely separated"):
            call()


def test_complete_separation_names_the_separating_column():
    rng = np.random.default_rng(0)
    X = np.column_stack([rng.normal(size=40), np.r_[-np.ones(20), np.ones(20)] * rng.uniform(1, 2, 40)])
    y = (X[:, 1] > 0).astype(float)
    with pytest.raises(SingularHessianError, match=r"perfectly separated \(complete separation\): weights on "
                                                   r"column 1 of X( \(with the intercept\))? put every sample"):
        newton_logistic(X, y)


def independent_separation_verdict(X, y):
    """Albert and Anderson's criterion by another linear program: can some rows be put strictly on
    their own side while none is on the wrong one? (maximise sum t, t_i <= s_i x1_i^T v, 0 <= t <= 1)."""
    from scipy.optimize import linprog

    A = (2 * np.asarray(y) - 1)[:, None] * np.column_stack([X, np.ones(len(X))])
    n, p = A.shape
    result = linprog(np.r_[np.zeros(p), -np.ones(n)], A_ub=np.hstack([-A, np.eye(n)]), b_ub=np.zeros(n),
                     bounds=[(None, None)] * p + [(0, 1)] * n, method="highs")
    return -result.fun > 0.5


@settings(max_examples=60)
@given(st.integers(0, 2**32 - 1), st.integers(6, 25), st.integers(1, 3), st.sampled_from([0.0, 1.0, 3.0]))
def test_refused_exactly_when_the_classes_are_separated(seed, n, d, signal):
    """Separated data (an independent linear program says so) is refused; every other data set is
    fitted, however large its weights, to statsmodels' maximum-likelihood estimate."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    if rng.random() < 0.3:  # a 0/1 column with ties, where quasi-complete separation lives
        X[:, 0] = rng.random(n) < 0.3
    y = (X @ rng.normal(size=d) * signal + rng.logistic(size=n) > 0).astype(float)
    y[:2] = [0, 1]
    if np.linalg.matrix_rank(np.column_stack([X, np.ones(n)])) < d + 1:
        return
    separated = independent_separation_verdict(X, y)
    try:
        result = newton_logistic(X, y, tol=1e-10)
    except SingularHessianError as error:
        assert separated and "separated" in str(error)
        return
    assert not separated and result.converged
    reference = sm.Logit(y, np.column_stack([X, np.ones(n)])).fit(disp=0, maxiter=200)
    np.testing.assert_allclose(result.params, reference.params, rtol=1e-5, atol=1e-6)


def test_a_large_but_finite_maximum_is_fitted():
    # one negative at 0.1 just beyond a positive at -0.1: the classes overlap, barely
    X = np.array([[-3.0], [-2.0], [-1.0], [0.1], [-0.1], [1.0], [2.0], [3.0]])
    model = LogisticRegressionNewton(tol=1e-12).fit(X, QUASI_Y)
    reference = sm.Logit(QUASI_Y, np.column_stack([X, np.ones(8)])).fit(disp=0)
    assert np.allclose(np.r_[model.coef_[0], model.intercept_], reference.params, rtol=1e-7)
    summary = model.summary(X, QUASI_Y)
    assert np.allclose(summary.bse, reference.bse, rtol=1e-6)


@pytest.mark.parametrize("scale, words", [(1e300, "too large"), (1e200, "too large"), (1e-300, "too small"),
                                          (-1e160, "too large")])
def test_extreme_feature_scales_are_named_not_called_zero(scale, words):
    # issue 26 (3): "column 0 of X is all zeros" after an overflow warning (the norm over- or underflowed)
    X, y, _, _ = random_problem(11)
    X[:, 1] *= scale
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for fit in [lambda: LogisticRegressionNewton().fit(X, y), lambda: log_loss_hessian(X, y, np.zeros(3), 0.0)]:
            with pytest.raises(ValueError, match=rf"column 1 of X holds values .*{words} for Newton's method "
                                                 r"in float64.*Standardise the features") as info:
                fit()
            assert not isinstance(info.value, SingularHessianError)


@pytest.mark.parametrize("scale", [1e12, 1e100, 1e-6, 1e-100])
def test_stopping_is_scale_aware(scale):
    # issue 26 (7): features x 1e12 warned "increase max_iter or tol" after 100 steps though the
    # answer was right to 1.7e-9; features x 1e-6 stopped early, on a gradient small because of its units
    X, y, _, _ = random_problem(12, n=60)
    plain = LogisticRegressionNewton().fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        scaled = LogisticRegressionNewton().fit(X * scale, y)
    assert scaled.n_iter_ == plain.n_iter_
    np.testing.assert_allclose(scaled.coef_ * scale, plain.coef_, rtol=1e-9)
    np.testing.assert_allclose(scaled.intercept_, plain.intercept_, rtol=1e-9)


@pytest.mark.parametrize("alpha", [0.0, 0.01])
def test_a_feature_far_from_zero_is_told_to_centre(alpha):
    # issue 26 (10): mean 1e6 and SD 1 was refused at step 0 with advice to drop it or add L2
    X, y, _, _ = random_problem(13, n=50)
    shifted = X.copy()
    shifted[:, 2] += 1e6
    with pytest.raises(SingularHessianError, match=r"column 2 of X varies little around a large mean \(mean "
                                                   r"1e\+06, standard deviation 0.92.*Centre the feature"):
        LogisticRegressionNewton(alpha=alpha).fit(shifted, y)
    centred = LogisticRegressionNewton(alpha=alpha).fit(shifted - shifted.mean(axis=0), y)
    np.testing.assert_allclose(centred.coef_, LogisticRegressionNewton(alpha=alpha).fit(X, y).coef_, rtol=1e-6)


def test_complete_separation_with_a_gap_is_not_called_quasi_complete():
    # chapter 10's made-up outcome "GPA above 3": a sparse separating direction can sit on a
    # sample (its margin 0), but another puts every sample strictly on its side
    gpa = sm.datasets.spector.load_pandas().exog[["GPA"]].to_numpy()
    with pytest.raises(SingularHessianError, match=r"perfectly separated \(complete separation\): weights on "
                                                   r"column 0 of X \(with the intercept\) put every sample"):
        LogisticRegressionNewton().fit(gpa, gpa[:, 0] > 3)


def test_a_full_step_whose_loss_rise_is_rounding_noise_is_taken():
    # Found by the property above: near the minimum a full step "raised" the loss by an ulp, was
    # halved again and again, and Newton crawled for 100 steps at a gradient of 1.7e-9.
    rng = np.random.default_rng(796)
    X = rng.normal(size=(23, 2))
    rng.random()
    y = (X @ rng.normal(size=2) * 3.0 + rng.logistic(size=23) > 0).astype(float)
    y[:2] = [0, 1]
    result = newton_logistic(X, y, tol=1e-10)
    assert result.converged and result.n_iter <= 7
    reference = sm.Logit(y, np.column_stack([X, np.ones(23)])).fit(disp=0)
    np.testing.assert_allclose(result.params, reference.params, rtol=1e-9)
