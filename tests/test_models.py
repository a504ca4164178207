"""lrlib.models against scikit-learn, their properties, and their errors.

Tolerances, on a held-out quarter of each data set (stratified split, seed 0,
features standardised on the training part):

- accuracy within 1 percentage point of scikit-learn's;
- predicted probabilities within 5e-3 (absolute, every entry) of scikit-learn's,
  which is what a converged fit of the same objective gives (we observe < 1e-3);
- coefficients of the binary model within 2e-2 of scikit-learn's.

The references minimise the same objective: ``LogisticRegression(C=C)`` against
``alpha = 1 / (C * n_train)`` (see ``lrlib.models.alpha_from_C``), fitted to a much
tighter tolerance than ours.
"""

import subprocess
import sys
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse
from sklearn.base import clone
from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine
from sklearn.exceptions import ConvergenceWarning, NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.multiclass import OneVsRestClassifier as SklearnOneVsRest
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC
from sklearn.utils.estimator_checks import (
    check_dataframe_column_names_consistency,
    check_estimator,
    check_param_validation,
    parametrize_with_checks,
)

import lrlib
from lrlib import (
    DivergenceError,
    LogisticRegressionGD,
    OneVsRestClassifier,
    SoftmaxRegression,
    alpha_from_C,
)
from lrlib.newton import LogisticRegressionNewton, expected_failed_checks

ACCURACY_TOL = 0.01
PROBA_TOL = 5e-3
COEF_TOL = 2e-2

# name: (loader, C, learning rate). A stronger penalty on digits keeps its fit fast.
DATASETS = {
    "breast_cancer": (load_breast_cancer, 1.0, 1.0),
    "iris": (load_iris, 1.0, 1.0),
    "wine": (load_wine, 1.0, 1.0),
    "digits": (load_digits, 0.1, 2.0),
}


def split(name):
    loader, C, lr = DATASETS[name]
    X, y = loader(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, stratify=y, random_state=0)
    scaler = StandardScaler().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_test), y_train, y_test, C, lr


def ours_and_reference(name, kind):
    X_train, X_test, y_train, y_test, C, lr = split(name)
    params = dict(learning_rate=lr, max_iter=5000, tol=1e-5, alpha=alpha_from_C(C, len(y_train)), random_state=0)
    reference = LogisticRegression(C=C, tol=1e-10, max_iter=10_000)
    if kind == "binary":
        ours = LogisticRegressionGD(**params)
    elif kind == "softmax":
        ours = SoftmaxRegression(**params)
    else:
        ours = OneVsRestClassifier(LogisticRegressionGD(**params))
        reference = SklearnOneVsRest(reference)
    return ours.fit(X_train, y_train), reference.fit(X_train, y_train), X_test, y_test


CASES = [("breast_cancer", "binary"), ("breast_cancer", "ovr")] + [
    (name, kind) for name in ["iris", "wine", "digits"] for kind in ["softmax", "ovr"]
]


@pytest.mark.parametrize("name, kind", CASES)
def test_matches_scikit_learn(name, kind):
    ours, ref, X_test, y_test = ours_and_reference(name, kind)
    assert abs(ours.score(X_test, y_test) - ref.score(X_test, y_test)) <= ACCURACY_TOL
    np.testing.assert_allclose(ours.predict_proba(X_test), ref.predict_proba(X_test), atol=PROBA_TOL)
    assert log_loss(y_test, ours.predict_proba(X_test)) == pytest.approx(
        log_loss(y_test, ref.predict_proba(X_test)), abs=PROBA_TOL)
    np.testing.assert_array_equal(ours.classes_, ref.classes_)


def test_binary_coefficients_match_scikit_learn():
    ours, ref, _, _ = ours_and_reference("breast_cancer", "binary")
    np.testing.assert_allclose(ours.coef_, ref.coef_, atol=COEF_TOL)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, atol=COEF_TOL)
    assert ours.coef_.shape == (1, 30) and ours.intercept_.shape == (1,)


def test_softmax_on_two_classes_is_binary_logistic_regression_with_half_the_penalty():
    # The penalty alpha/2 (||w0||^2 + ||w1||^2) is smallest at w1 = -w0 = w/2, where it
    # is alpha/4 ||w||^2: the binary model's penalty with alpha/2, i.e. C doubled.
    X_train, X_test, y_train, _, C, lr = split("breast_cancer")
    ours = SoftmaxRegression(learning_rate=lr, max_iter=5000, tol=1e-5, alpha=alpha_from_C(C, len(y_train)),
                             random_state=0).fit(X_train, y_train)
    ref = LogisticRegression(C=2 * C, tol=1e-10, max_iter=10_000).fit(X_train, y_train)
    np.testing.assert_allclose(ours.predict_proba(X_test), ref.predict_proba(X_test), atol=PROBA_TOL)
    np.testing.assert_allclose(ours.decision_function(X_test), ref.decision_function(X_test), atol=0.05)


def test_loss_history_is_the_penalised_objective_and_decreases():
    X_train, _, y_train, _, _, _ = split("wine")
    alpha = 0.05
    model = SoftmaxRegression(alpha=alpha, max_iter=5000, random_state=0).fit(X_train, y_train)
    history = model.loss_history_
    assert len(history) == model.n_iter_ + 1
    assert np.all(np.diff(history) <= 1e-12)  # "auto" is a step that never raises the loss
    P = model.predict_proba(X_train)
    expected = log_loss(y_train, P) + alpha / 2 * np.sum(model.coef_**2)
    assert history[-1] == pytest.approx(expected, rel=1e-9)


def test_ovr_with_scikit_learn_estimators_equals_scikit_learns_ovr():
    X_train, X_test, y_train, _, _, _ = split("iris")
    ours = OneVsRestClassifier(LogisticRegression()).fit(X_train, y_train)
    ref = SklearnOneVsRest(LogisticRegression()).fit(X_train, y_train)
    np.testing.assert_allclose(ours.predict_proba(X_test), ref.predict_proba(X_test), rtol=1e-12)
    np.testing.assert_allclose(ours.decision_function(X_test), ref.decision_function(X_test), rtol=1e-12)
    # an estimator without predict_proba: OvR offers decision_function only
    svm = OneVsRestClassifier(LinearSVC()).fit(X_train, y_train)
    assert not hasattr(svm, "predict_proba") and svm.decision_function(X_test).shape == (len(X_test), 3)
    np.testing.assert_array_equal(svm.predict(X_test), SklearnOneVsRest(LinearSVC()).fit(X_train, y_train).predict(X_test))


def test_ovr_gathers_one_row_per_class():
    X_train, _, y_train, _, _, _ = split("iris")
    ovr = OneVsRestClassifier(LogisticRegressionGD(alpha=0.01, random_state=0)).fit(X_train, y_train)
    assert len(ovr.estimators_) == 3 and ovr.coef_.shape == (3, 4) and ovr.intercept_.shape == (3,)
    assert ovr.n_iter_.shape == (3,) and len(ovr.loss_history_) == 3
    for k, est in enumerate(ovr.estimators_):
        np.testing.assert_array_equal(ovr.coef_[k], est.coef_[0])
        np.testing.assert_array_equal(est.classes_, [0, 1])
    # the scores are the binary classifiers' own, one column each
    np.testing.assert_array_equal(ovr.decision_function(X_train)[:, 2], ovr.estimators_[2].decision_function(X_train))


def test_string_labels_are_mapped_through_classes():
    X_train, X_test, y_train, y_test, _, _ = split("iris")
    names = np.array(["setosa", "versicolor", "virginica"])
    for make in [lambda: SoftmaxRegression(alpha=0.01, random_state=0),
                 lambda: OneVsRestClassifier(LogisticRegressionGD(alpha=0.01, random_state=0))]:
        with_numbers = make().fit(X_train, y_train)
        with_names = make().fit(X_train, names[y_train])
        np.testing.assert_array_equal(with_names.classes_, names)
        np.testing.assert_array_equal(with_names.predict(X_test), names[with_numbers.predict(X_test)])
    binary = LogisticRegressionGD(alpha=0.01, random_state=0).fit(X_train, np.where(y_train == 0, "setosa", "other"))
    assert set(binary.predict(X_test)) <= {"setosa", "other"}
    assert binary.classes_.tolist() == ["other", "setosa"]  # sorted: "setosa" is the positive class
    np.testing.assert_array_equal(binary.predict(X_test) == "setosa", binary.predict_proba(X_test)[:, 1] > 0.5)


def test_clone_get_params_and_scikit_learn_tools():
    model = LogisticRegressionGD(learning_rate=0.3, alpha=0.01, random_state=1)
    assert clone(model).get_params() == model.get_params()
    assert model.get_params() == {"learning_rate": 0.3, "max_iter": 1000, "tol": 1e-4, "alpha": 0.01, "penalty": "l2",
                                  "random_state": 1}
    ovr = OneVsRestClassifier(model)
    assert ovr.get_params()["estimator__alpha"] == 0.01
    ovr.set_params(estimator__alpha=0.5)  # sets the wrapped estimator's parameter, in place
    assert ovr.estimator is model and model.alpha == 0.5
    copy = clone(ovr)
    assert copy.estimator is not model and copy.get_params()["estimator__alpha"] == 0.5
    # fitting a clone leaves the original unfitted
    X_train, X_test, y_train, y_test, _, _ = split("wine")
    fitted = clone(SoftmaxRegression(alpha=0.1, random_state=0)).fit(X_train, y_train)
    assert hasattr(fitted, "coef_") and not hasattr(model, "coef_")
    search = GridSearchCV(make_pipeline(StandardScaler(), SoftmaxRegression(learning_rate=1.0, random_state=0)),
                          {"softmaxregression__alpha": [1e-2, 1e-1]}, cv=3).fit(X_train, y_train)
    assert search.best_estimator_.score(X_test, y_test) > 0.9


# --- scikit-learn's estimator checks -------------------------------------------------

# Every check passes, including check_complex_data (an expected failure before lrlib
# validated with scikit-learn's validate_data) and, with pandas installed, the
# DataFrame checks (feature names, column order); LogisticRegressionNewton fails only the
# checks lrlib.newton.expected_failed_checks declares, with the reasons (issue 26, 4).
ESTIMATORS = [LogisticRegressionGD(), SoftmaxRegression(), OneVsRestClassifier(LogisticRegressionGD(random_state=0)),
              LogisticRegressionNewton(), LogisticRegressionNewton(alpha=0.01),
              OneVsRestClassifier(LogisticRegressionNewton(alpha=0.01))]


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@parametrize_with_checks(ESTIMATORS, expected_failed_checks=expected_failed_checks)
def test_scikit_learn_estimator_checks(estimator, check):
    check(estimator)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@pytest.mark.parametrize("estimator", [e for e in ESTIMATORS if expected_failed_checks(e)], ids=repr)
def test_expected_failures_are_exactly_the_declared_ones(estimator):
    # parametrize_with_checks marks them xfail without strictness: here each declared check must
    # fail (for its reason), and every other pass (the estimators without any: the test above)
    expected = expected_failed_checks(estimator)
    results = check_estimator(estimator, expected_failed_checks=expected, on_fail=None, on_skip=None)
    status = {}
    for result in results:
        status.setdefault(result["check_name"], set()).add(result["status"])
        if result["status"] == "xfail" and result["check_name"] != "check_estimators_empty_data_messages":
            message = str(result["exception"])  # one check wraps it: "raised SingularHessianError unexpectedly"
            assert "separated" in message or "SingularHessianError" in message, (result["check_name"], message)
    assert {name for name, seen in status.items() if seen == {"xfail"}} == set(expected)
    assert {name for name, seen in status.items() if seen - {"passed"}} - {"check_array_api_input"} == set(expected)
    # needs SCIPY_ARRAY_API=1; scikit-learn before 1.9 does not run it at all
    assert status.get("check_array_api_input", {"skipped"}) == {"skipped"}


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@pytest.mark.parametrize("check", [check_dataframe_column_names_consistency, check_param_validation])
@pytest.mark.parametrize("estimator", [LogisticRegressionGD(), SoftmaxRegression(), OneVsRestClassifier(),
                                       LogisticRegressionNewton()])
def test_scikit_learn_checks_that_parametrize_with_checks_leaves_out(check, estimator):
    # scikit-learn runs these two on its own estimators only: feature names (issue 10 A)
    # and the _parameter_constraints of every parameter
    check(type(estimator).__name__, estimator)


# --- properties ----------------------------------------------------------------------

LABELS = [["no", "yes"], [0, 1, 2], ["a", "b", "c", "d"], [-1.0, 1.0]]


@st.composite
def classification_data(draw):
    labels = draw(st.sampled_from(LABELS))
    n_samples = draw(st.integers(len(labels) + 2, 30))
    n_features = draw(st.integers(1, 4))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    X = rng.normal(scale=draw(st.sampled_from([0.1, 1.0, 10.0])), size=(n_samples, n_features))
    idx = np.concatenate([np.arange(len(labels)), rng.integers(0, len(labels), n_samples - len(labels))])
    return X, np.array(labels)[idx], seed


MAKERS = {
    "binary": lambda seed: LogisticRegressionGD(max_iter=50, random_state=seed),
    "softmax": lambda seed: SoftmaxRegression(max_iter=50, random_state=seed),
    "ovr": lambda seed: OneVsRestClassifier(LogisticRegressionGD(max_iter=50, random_state=seed)),
}


@pytest.mark.parametrize("kind", MAKERS)
@settings(max_examples=25)
@given(data=classification_data())
def test_probabilities_predictions_and_seeds(kind, data):
    X, y, seed = data
    if kind == "binary" and len(set(y.tolist())) > 2:
        y = np.where(y == y[0], y[0], y[1])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = MAKERS[kind](seed).fit(X, y)
        again = MAKERS[kind](seed).fit(X, y)
    P = model.predict_proba(X)
    assert P.shape == (len(X), len(model.classes_))
    assert np.all((P >= 0) & (P <= 1))
    np.testing.assert_allclose(P.sum(axis=1), 1.0, atol=1e-12)
    predicted = model.predict(X)
    assert set(predicted.tolist()) <= set(model.classes_.tolist()) == set(y.tolist())
    np.testing.assert_array_equal(predicted, model.classes_[np.argmax(P, axis=1)])
    np.testing.assert_array_equal(model.coef_, again.coef_)  # same seed, same model, bit for bit
    np.testing.assert_array_equal(P, again.predict_proba(X))


def test_different_seeds_start_differently():
    X_train, _, y_train, _, _, _ = split("iris")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        a = SoftmaxRegression(max_iter=1, random_state=0).fit(X_train, y_train)
        b = SoftmaxRegression(max_iter=1, random_state=1).fit(X_train, y_train)
    assert not np.array_equal(a.coef_, b.coef_)


# --- bad input -----------------------------------------------------------------------

X3 = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 1.0], [3.0, 0.0]])
y3 = np.array([0, 1, 1, 0])  # not linearly separable: the fit converges
ALL_MODELS = [LogisticRegressionGD, SoftmaxRegression, OneVsRestClassifier]


@pytest.mark.parametrize("Model", ALL_MODELS)
@pytest.mark.parametrize("method", ["predict", "predict_proba", "decision_function", "score"])
def test_unfitted_model_says_so(Model, method):
    args = (X3, y3) if method == "score" else (X3,)
    with pytest.raises(NotFittedError, match="not fitted yet") as info:
        getattr(Model(), method)(*args)
    assert isinstance(info.value, ValueError)


BAD_FIT = [
    # (X, y, error, words the message must contain)
    (X3, [0, 0, 0, 0], ValueError, ["y has only 1 class", "0"]),
    (X3, ["a"] * 4, ValueError, ["only 1 class", "'a'"]),
    (np.where(X3 == 3.0, np.nan, X3), y3, ValueError, ["X", "NaN"]),
    (np.where(X3 == 3.0, np.inf, X3), y3, ValueError, ["X", "infinity"]),
    (X3, [0, 1, np.nan, 1], ValueError, ["y", "NaN"]),
    (X3, [0, 1, np.inf, 1], ValueError, ["y", "infinity"]),  # issue 10 E: inf is no class label
    (X3, [0, 1, 1], ValueError, ["inconsistent numbers of samples", "[4, 3]"]),
    (X3, [0.5, 1.2, 3.7, 0.1], ValueError, ["Unknown label type", "continuous"]),
    (X3, None, ValueError, ["y", "None"]),
    (X3, [[0, 1], [1, 0], [0, 1], [1, 0]], ValueError, ["y", "1d array", "(4, 2)"]),
    (X3[:, 0], y3, ValueError, ["2D array", "Reshape"]),
    (np.empty((4, 0)), y3, ValueError, ["0 feature"]),
    ([["a", "b"]] * 4, y3, ValueError, ["convert string to float", "'a'"]),
    (sparse.csr_matrix(X3), y3, TypeError, ["X", "Sparse", "toarray"]),
    (X3, [0, "a", 1, "a"], TypeError, ["y", "mixes label types"]),
    (np.array([[1.0, {"a": 1}]] * 4, dtype=object), y3, TypeError, ["float()", "dict"]),
    (X3 + 1j, y3, ValueError, ["Complex data not supported"]),
]


def test_numbers_held_as_python_objects_are_accepted():
    as_objects = SoftmaxRegression(random_state=0).fit(X3.astype(object), y3)
    np.testing.assert_array_equal(as_objects.coef_, SoftmaxRegression(random_state=0).fit(X3, y3).coef_)


@pytest.mark.parametrize("Model", ALL_MODELS)
@pytest.mark.parametrize("X, y, error, words", BAD_FIT, ids=[str(i) for i in range(len(BAD_FIT))])
def test_bad_training_data(Model, X, y, error, words):
    if isinstance(y, list) and any(isinstance(v, str) for v in y) and not all(isinstance(v, str) for v in y):
        y = np.array(y, dtype=object)
    with pytest.raises(error) as info:
        Model().fit(X, y)
    for word in words:
        assert word in str(info.value), f"{word!r} missing from {str(info.value)!r}"


@pytest.mark.parametrize("Model", ALL_MODELS)
def test_feature_count_must_match_fit(Model):
    model = Model().fit(X3, y3)
    for method in ["predict", "predict_proba", "decision_function"]:
        with pytest.raises(ValueError, match="X has 3 features, but .* is expecting 2 features"):
            getattr(model, method)(np.ones((2, 3)))
    with pytest.raises(ValueError, match="Input X contains NaN"):
        model.predict(np.array([[np.nan, 1.0]]))


def test_binary_model_refuses_three_classes_and_points_to_the_multiclass_models():
    with pytest.raises(ValueError, match="Only binary classification.*3 classes.*SoftmaxRegression or OneVsRestClassifier"):
        LogisticRegressionGD().fit(X3, [0, 1, 2, 2])


@pytest.mark.parametrize("params, words", [
    ({"learning_rate": -0.1}, ["learning_rate", "'auto'", "(0.0, inf)", "-0.1"]),
    ({"learning_rate": "fast"}, ["learning_rate", "'auto'", "fast"]),
    ({"max_iter": 2.5}, ["max_iter", "an int", "2.5"]),
    ({"alpha": -1.0}, ["alpha", "[0.0, inf)"]),
    ({"alpha": np.inf}, ["alpha", "[0.0, inf)"]),
    ({"tol": np.nan}, ["tol", "nan"]),
    ({"random_state": "seed"}, ["random_state"]),
])
@pytest.mark.parametrize("Model", [LogisticRegressionGD, SoftmaxRegression])
def test_bad_parameters(Model, params, words):
    # scikit-learn's parameter validation (_parameter_constraints): an error that is
    # both a ValueError and a TypeError, naming the parameter and the allowed values
    with pytest.raises(ValueError) as info:
        Model(**params).fit(X3, y3)
    assert type(info.value).__name__ == "InvalidParameterError" and isinstance(info.value, TypeError)
    for word in words:
        assert word in str(info.value)


def test_ovr_parameter_is_validated():
    with pytest.raises(ValueError, match="'estimator' parameter of OneVsRestClassifier"):
        OneVsRestClassifier("LogisticRegressionGD").fit(X3, y3)


def test_default_ovr_is_the_same_model_at_every_fit():
    # issue 10 I: the default estimator was LogisticRegressionGD() with a random start
    X_train, X_test, y_train, _, _, _ = split("iris")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        first, second = (OneVsRestClassifier().fit(X_train, y_train) for _ in range(2))
    np.testing.assert_array_equal(first.coef_, second.coef_)
    np.testing.assert_array_equal(first.predict_proba(X_test), second.predict_proba(X_test))


def test_ovr_needs_a_classifier():
    with pytest.raises(TypeError, match="estimator must be a binary classifier.*StandardScaler"):
        OneVsRestClassifier(StandardScaler()).fit(X3, y3)


@pytest.mark.parametrize("Model", ["binary", "softmax", "ovr"])
def test_diverging_learning_rate_raises_with_a_hint_and_the_history(Model):
    X_train, _, y_train, _, C, _ = split("breast_cancer")
    params = dict(learning_rate=1000.0, alpha=alpha_from_C(C, len(y_train)), random_state=0)
    model = {"binary": lambda: LogisticRegressionGD(**params), "softmax": lambda: SoftmaxRegression(**params),
             "ovr": lambda: OneVsRestClassifier(LogisticRegressionGD(**params))}[Model]()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow RuntimeWarning on the way: only the error
        with pytest.raises(DivergenceError, match="learning_rate=1000 is too large") as info:
            model.fit(X_train, y_train)
    message = str(info.value)
    assert "standardised" in message and "10 times smaller" in message and "'auto'" in message
    history = info.value.loss_history
    assert len(history) == 11 and np.all(np.diff(history) > 0) and history[-1] > 1e6 * history[0]


def test_a_large_step_that_overshoots_and_recovers_is_not_an_error():
    # Without a penalty, steps far beyond the curvature bound overshoot, then still make
    # progress on (nearly) separable data; gradient_descent leaves such runs alone.
    X_train, _, y_train, _, _, _ = split("breast_cancer")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = LogisticRegressionGD(learning_rate=100.0, max_iter=500, random_state=0).fit(X_train, y_train)
    history = model.loss_history_
    assert history[1] > 5 * history[0] and history[-1] < 0.01 and model.score(X_train, y_train) > 0.99


def test_unstandardised_data_diverges_at_a_fixed_rate_but_not_with_auto():
    X, y = load_breast_cancer(return_X_y=True)  # features up to ~4000
    with pytest.raises(DivergenceError, match="standardised"):
        LogisticRegressionGD(learning_rate=0.1, random_state=0).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # badly conditioned: slow, but safe
        model = LogisticRegressionGD(random_state=0).fit(X, y)
    assert model.learning_rate_ < 1e-5 and np.all(np.diff(model.loss_history_) <= 1e-12)


@pytest.mark.parametrize("Model", ALL_MODELS)
def test_features_beyond_the_float_range_of_gradient_descent_give_a_named_error(Model):
    # issue 10 J: X^T X overflowed and np.linalg.eigvalsh raised LinAlgError
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow RuntimeWarning on the way
        with pytest.raises(ValueError, match=r"X holds values up to 3e\+160.*Standardise"):
            Model().fit(X3 * 1e160, y3)
        with pytest.raises(DivergenceError, match="learning_rate=0.1 is too large"):
            (OneVsRestClassifier(LogisticRegressionGD(learning_rate=0.1)) if Model is OneVsRestClassifier
             else Model(learning_rate=0.1)).fit(X3 * 1e160, y3)


def test_stopping_early_warns():
    X_train, _, y_train, _, _, _ = split("iris")
    with pytest.warns(ConvergenceWarning, match="max_iter=3"):
        model = SoftmaxRegression(max_iter=3, random_state=0).fit(X_train, y_train)
    assert model.n_iter_ == 3 and len(model.loss_history_) == 4


def test_alpha_from_C_bad_input():
    with pytest.raises(ValueError, match="C must be > 0"):
        alpha_from_C(0.0, 10)
    with pytest.raises(TypeError, match="n_samples must be an integer"):
        alpha_from_C(1.0, 2.5)


def test_models_are_exported_but_scikit_learn_loads_only_on_first_use():
    code = ("import sys, lrlib; before = 'sklearn' in sys.modules; "
            "model = lrlib.SoftmaxRegression(); "
            "print(before, 'sklearn' in sys.modules, 'SoftmaxRegression' in dir(lrlib), "
            "all(hasattr(lrlib, name) for name in lrlib.__all__))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True", "True", "True"]
    with pytest.raises(AttributeError, match="no attribute 'NoSuchModel'"):
        lrlib.NoSuchModel  # noqa: B018


def test_alpha_from_C_never_gives_inf_or_a_zero_penalty():
    # issue 26 (the class of 9): C = 1e-310 gave alpha = inf; C * n overflowing gave alpha = 0
    with pytest.raises(ValueError, match=r"C=1e-310 is so small that alpha = 1 / \(C \* n_samples\) is beyond"):
        alpha_from_C(1e-310, 10)
    assert alpha_from_C(1e300, 10**10) == pytest.approx(1e-310)
    assert alpha_from_C(0.05, 569) == 1 / (0.05 * 569)  # the usual range: the same float as before
