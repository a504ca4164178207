"""lrlib.calibration against scikit-learn (Platt to 1e-6, isotonic to 1e-12), a grid, autograd and brute force."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.exceptions import NotFittedError
from sklearn.frozen import FrozenEstimator
from sklearn.isotonic import IsotonicRegression, isotonic_regression
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss

from lrlib._kernels import pool_adjacent_violators
from lrlib.calibration import (
    IsotonicCalibrator,
    PlattCalibrator,
    TemperatureScaling,
    expected_calibration_error,
    temperature_log_loss,
)


def split(seed=0, n=3000, C=0.01):
    """A classifier fitted on a third of the data, its scores on the calibration and test thirds."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    y = (rng.random(n) < 1 / (1 + np.exp(-(X @ [2.0, 1.0, -1.0])))).astype(int)
    third = n // 3
    model = LogisticRegression(C=C).fit(X[:third], y[:third])  # C small: underconfident
    return model, X[third:2 * third], y[third:2 * third], X[2 * third:], y[2 * third:]


# --- Platt scaling ------------------------------------------------------------------------------

@pytest.mark.parametrize("seed, C", [(0, 0.01), (1, 100.0), (2, 1.0)])
def test_platt_equals_calibrated_classifier_cv_sigmoid(seed, C):
    model, X_cal, y_cal, X_test, _ = split(seed, C=C)
    reference = CalibratedClassifierCV(FrozenEstimator(model), method="sigmoid").fit(X_cal, y_cal)
    platt = PlattCalibrator().fit(model.decision_function(X_cal), y_cal)
    ours = platt.predict(model.decision_function(X_test))
    assert np.abs(ours - reference.predict_proba(X_test)[:, 1]).max() < 1e-6
    assert platt.n_iter_ < 20


# scikit-learn 1.8 (the oldest track) warns that C=inf means no penalty, which is meant here
@pytest.mark.filterwarnings("ignore:Setting penalty=None will ignore:UserWarning")
def test_platt_without_targets_is_a_logistic_regression_on_the_score():
    model, X_cal, y_cal, X_test, _ = split(3)
    s = model.decision_function(X_cal)
    platt = PlattCalibrator(platt_targets=False).fit(s, y_cal)
    reference = LogisticRegression(C=np.inf, tol=1e-12, max_iter=10_000).fit(s[:, None], y_cal)
    assert platt.coef_ == pytest.approx(reference.coef_[0, 0], rel=1e-6)
    assert platt.intercept_ == pytest.approx(reference.intercept_[0], rel=1e-6, abs=1e-8)
    # at the maximum the gradient is 0: the predicted probabilities add up to the positives
    assert platt.predict(s).sum() == pytest.approx(y_cal.sum(), rel=1e-9)


def test_platt_shrinks_an_overconfident_score_and_accepts_a_column():
    rng = np.random.default_rng(4)
    z = rng.normal(scale=2, size=2000)
    y = (rng.random(2000) < 1 / (1 + np.exp(-z))).astype(int)
    platt = PlattCalibrator().fit((3 * z)[:, None], y)  # three times too confident
    assert platt.coef_ == pytest.approx(1 / 3, rel=0.1)
    assert np.array_equal(platt.predict(3 * z), platt.predict((3 * z)[:, None]))


# --- isotonic regression -------------------------------------------------------------------------

@pytest.mark.parametrize("decimals", [None, 1])
def test_isotonic_equals_scikit_learn(decimals):
    model, X_cal, y_cal, X_test, _ = split(5)
    s, t = model.decision_function(X_cal), model.decision_function(X_test)
    if decimals is not None:  # heavy ties
        s, t = np.round(s, decimals), np.round(t, decimals)
    ours = IsotonicCalibrator().fit(s, y_cal)
    reference = IsotonicRegression(out_of_bounds="clip").fit(s, y_cal)
    assert np.array_equal(ours.X_thresholds_, reference.X_thresholds_)
    assert np.allclose(ours.y_thresholds_, reference.y_thresholds_, rtol=0, atol=1e-12)
    assert np.allclose(ours.predict(t), reference.predict(t), rtol=0, atol=1e-12)
    assert np.allclose(ours.predict([-1e9, 1e9]), reference.predict([-1e9, 1e9]), rtol=0, atol=1e-12)


def test_isotonic_equals_calibrated_classifier_cv_isotonic():
    model, X_cal, y_cal, X_test, _ = split(6)
    reference = CalibratedClassifierCV(FrozenEstimator(model), method="isotonic").fit(X_cal, y_cal)
    ours = IsotonicCalibrator().fit(model.decision_function(X_cal), y_cal)
    assert np.allclose(ours.predict(model.decision_function(X_test)), reference.predict_proba(X_test)[:, 1],
                       rtol=0, atol=1e-12)


@given(st.lists(st.floats(-100, 100), min_size=1, max_size=40),
       st.lists(st.floats(0.1, 10), min_size=40, max_size=40))
def test_pool_adjacent_violators_is_the_weighted_isotonic_fit(values, weights):
    values, weights = np.array(values), np.array(weights[:len(values)])
    fitted = pool_adjacent_violators(values, weights)
    assert np.all(np.diff(fitted) >= -1e-9 * (1 + np.abs(fitted[1:])))  # non-decreasing
    assert np.allclose(fitted, isotonic_regression(values, sample_weight=weights), rtol=1e-9, atol=1e-9)
    assert np.sum(weights * fitted) == pytest.approx(np.sum(weights * values), rel=1e-9, abs=1e-9)


# --- temperature scaling ---------------------------------------------------------------------------

def softmax_data(n=4000, k=5, scale=2.0, seed=0):
    """Logits whose true probabilities are softmax(logits / scale): the right temperature is ``scale``."""
    rng = np.random.default_rng(seed)
    truth = rng.normal(scale=1.5, size=(n, k))
    p = np.exp(truth - truth.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    y = np.array([rng.choice(k, p=row) for row in p])
    return truth * scale, y


def test_temperature_recovers_the_scale_of_overconfident_logits():
    logits, y = softmax_data(scale=2.0)
    ts = TemperatureScaling().fit(logits, y)
    assert ts.temperature_ == pytest.approx(2.0, rel=0.05)
    assert ts.n_iter_ < 20
    assert np.array_equal(ts.predict(logits), logits.argmax(axis=1))  # the classes never change


def test_temperature_is_the_minimum_of_the_log_loss():
    logits, y = softmax_data(scale=0.6, seed=1)
    ts = TemperatureScaling().fit(logits, y)
    grid = np.linspace(0.3, 1.2, 9001)
    losses = temperature_log_loss(logits, y, grid)
    assert abs(grid[losses.argmin()] - ts.temperature_) <= grid[1] - grid[0]
    assert temperature_log_loss(logits, y, ts.temperature_) <= losses.min() + 1e-12
    assert log_loss(y, ts.predict_proba(logits)) == pytest.approx(temperature_log_loss(logits, y, ts.temperature_))


def test_the_log_loss_derivative_is_autograd_s():
    torch = pytest.importorskip("torch")
    logits, y = softmax_data(n=300, seed=2)
    Z, target = torch.tensor(logits), torch.tensor(y)
    for temperature in [0.5, 1.0, 3.0]:
        t = torch.tensor(temperature, dtype=torch.float64, requires_grad=True)
        loss = torch.nn.functional.cross_entropy(Z / t, target)
        (gradient,) = torch.autograd.grad(loss, t)
        h = 1e-6
        numeric = (temperature_log_loss(logits, y, temperature + h) - temperature_log_loss(logits, y, temperature - h)) / (2 * h)
        assert loss.item() == pytest.approx(temperature_log_loss(logits, y, temperature), rel=1e-12)
        assert gradient.item() == pytest.approx(numeric, rel=1e-6)
        # lrlib works in beta = 1 / T: dL/dbeta = -T^2 dL/dT
        _, first, _ = TemperatureScaling._loss_and_derivatives(logits, y, 1 / temperature)
        assert first == pytest.approx(-temperature**2 * gradient.item(), rel=1e-10)


def test_temperature_takes_torch_tensors():
    torch = pytest.importorskip("torch")
    logits, y = softmax_data(n=500, seed=3)
    from_arrays = TemperatureScaling().fit(logits, y).temperature_
    tensors = torch.tensor(logits, dtype=torch.float32, requires_grad=True), torch.tensor(y)
    assert TemperatureScaling().fit(*tensors).temperature_ == pytest.approx(from_arrays, rel=1e-5)


# --- expected calibration error ------------------------------------------------------------------

def ece_by_loops(confidence, correct, n_bins):
    total = 0.0
    for k in range(n_bins):
        low, high = k / n_bins, (k + 1) / n_bins
        in_bin = [i for i, c in enumerate(confidence) if (low < c <= high) or (k == 0 and c == 0)]
        if in_bin:
            total += len(in_bin) / len(confidence) * abs(np.mean(correct[in_bin]) - np.mean(confidence[in_bin]))
    return total


@pytest.mark.parametrize("n_bins", [1, 5, 15])
def test_ece_equals_a_loop_over_bins(n_bins):
    logits, y = softmax_data(n=500, seed=4)
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    expected = ece_by_loops(p.max(axis=1), (p.argmax(axis=1) == y).astype(float), n_bins)
    assert expected_calibration_error(y, p, n_bins=n_bins) == pytest.approx(expected, abs=1e-12)
    binary = p[:, 0]
    outcome = (y == 0).astype(float)
    assert expected_calibration_error(outcome, binary, n_bins=n_bins) == pytest.approx(
        ece_by_loops(binary, outcome, n_bins), abs=1e-12)


def test_ece_is_zero_for_calibrated_bins_and_bins_like_calibration_curve():
    assert expected_calibration_error([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5], n_bins=10) == 0.0
    assert expected_calibration_error([0, 0, 1], [0.0, 0.1, 1.0], n_bins=10) == pytest.approx(0.1 / 3)


# --- scikit-learn conventions and bad input --------------------------------------------------------

@pytest.mark.parametrize("calibrator", [PlattCalibrator(), IsotonicCalibrator(), TemperatureScaling()])
def test_calibrators_follow_scikit_learn_conventions(calibrator):
    copy = clone(calibrator)
    assert copy.get_params() == calibrator.get_params()
    with pytest.raises(NotFittedError):
        (copy.predict_proba if isinstance(copy, TemperatureScaling) else copy.predict)([[0.0, 1.0]])


@pytest.mark.parametrize("call, error, words", [
    (lambda: PlattCalibrator().fit([0.1, 0.2, 0.3], [1, 1, 1]), ValueError, "y holds only positives"),
    (lambda: PlattCalibrator().fit([0.1, 0.2], [0, 2]), ValueError, "y must hold binary labels"),
    (lambda: PlattCalibrator().fit([0.5, 0.5, 0.5], [0, 1, 0]), ValueError, "y_score holds one distinct value"),
    (lambda: PlattCalibrator(platt_targets=False).fit([0.1, 0.2, 0.7, 0.9], [0, 0, 1, 1]), ValueError,
     "separates the two classes"),
    (lambda: PlattCalibrator(tol=0).fit([0.1, 0.9], [0, 1]), ValueError, "tol must be > 0"),
    (lambda: PlattCalibrator().fit([[0.1, 0.2], [0.3, 0.4]], [0, 1]), ValueError, "one score per case"),
    (lambda: PlattCalibrator().fit([0.1, np.nan], [0, 1]), ValueError, "y_score must contain only finite"),
    (lambda: IsotonicCalibrator().fit([0.1, 0.2, 0.3], [0, 1]), ValueError, "same number of samples"),
    (lambda: TemperatureScaling().fit([1.0, 2.0], [0, 1]), ValueError, "logits must be 2-dimensional"),
    (lambda: TemperatureScaling().fit([[1.0], [2.0]], [0, 0]), ValueError, "one column per class"),
    (lambda: TemperatureScaling().fit([[1.0, 0.0]], [2]), ValueError, "y must hold class indices 0..1"),
    (lambda: TemperatureScaling().fit([[0.0, 1.0], [1.0, 0.0]], [0, 1]), ValueError, "do not favour the true"),
    (lambda: TemperatureScaling().fit([[1.0, 0.0], [0.0, 1.0]], [0, 1]), ValueError, "no best temperature"),
    (lambda: TemperatureScaling(max_iter=0).fit([[1.0, 0.0]], [0]), ValueError, "max_iter must be >= 1"),
    (lambda: temperature_log_loss([[1.0, 0.0]], [0], 0.0), ValueError, "temperature must be > 0"),
    (lambda: temperature_log_loss([[1.0, 0.0]], [0], [1.0, -2.0]), ValueError, r"temperature must be > 0 .*, got -2"),
    (lambda: expected_calibration_error([0, 1], [0.2, 1.2]), ValueError, "y_prob must hold probabilities"),
    (lambda: expected_calibration_error([0, 1], [[0.2, 0.2], [0.5, 0.5]]), ValueError, "must sum to 1"),
    (lambda: expected_calibration_error([0, 1], [0.2, 0.8], n_bins=0), ValueError, "n_bins must be >= 1"),
    (lambda: expected_calibration_error([0, 3], [[0.2, 0.8], [0.5, 0.5]]), ValueError, "y_true must hold class"),
])
def test_bad_input_is_named(call, error, words):
    with pytest.raises(error, match=words):
        call()
