"""lrlib.functions against scipy.special, and their properties under hypothesis."""

import warnings

import numpy as np
import pytest
import scipy.special as sp
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import lrlib
from lrlib import (
    generalized_logistic,
    log_sigmoid,
    log_softmax,
    logit,
    logsumexp,
    odds,
    relu,
    relu_derivative,
    sigmoid,
    sigmoid_derivative,
    softmax,
    tanh,
    tanh_derivative,
)

EXTREME = np.array([-1e300, -1e4, -800.0, -40.0, -1.0, 0.0, 1e-12, 1.0, 40.0, 800.0, 1e4, 1e300])
finite64 = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
any_finite = st.floats(allow_nan=False, allow_infinity=False)


def score_matrices(dtype=np.float64, elements=finite64):
    return hnp.arrays(dtype, hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=6),
                      elements=elements)


@pytest.fixture(autouse=True)
def no_numpy_warnings():
    """Any overflow / invalid-value warning from lrlib fails the test."""
    with warnings.catch_warnings(), np.errstate(all="raise", under="ignore"):
        warnings.simplefilter("error")
        yield


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_sigmoid_matches_scipy_at_extremes(dtype):
    z = EXTREME.astype(dtype) if dtype == np.float64 else EXTREME[1:-1].astype(dtype)
    np.testing.assert_allclose(sigmoid(z), sp.expit(z), rtol=1e-6 if dtype == np.float32 else 1e-15)
    assert sigmoid(z).dtype == dtype


def test_log_sigmoid_is_exact_where_sigmoid_rounds_to_zero():
    np.testing.assert_allclose(log_sigmoid(EXTREME), sp.log_expit(EXTREME), rtol=1e-14)
    assert log_sigmoid(-1e4) == -1e4


def test_scalar_in_scalar_out():
    assert isinstance(sigmoid(0.0), np.floating) and sigmoid(0.0) == 0.5
    assert np.shape(logit(0.5)) == ()


@given(any_finite)
def test_sigmoid_symmetry_and_range(z):
    s = sigmoid(z)
    assert 0.0 <= s <= 1.0
    # sigmoid(-z) = 1 - sigmoid(z); compared where 1 - s is representable
    assert sigmoid(-z) == pytest.approx(1.0 - s, abs=1e-15)


@given(st.floats(-700, 30))
def test_logit_inverts_sigmoid_on_its_safe_range(z):
    # For z > 0, sigmoid(z) = 1 - e^(-z) keeps e^(-z) only to about eps / e^(-z)
    # relative precision, and beyond z ~ 36 it rounds to 1.0: information is gone.
    tolerance = 1e-12 + (4 * np.finfo(float).eps * np.exp(z) if z > 0 else 0)
    assert logit(sigmoid(z)) == pytest.approx(z, abs=tolerance, rel=1e-14)


@given(st.floats(1e-300, 1 - 1e-16))
def test_sigmoid_inverts_logit(p):
    assert sigmoid(logit(p)) == pytest.approx(p, rel=1e-12)


def test_logit_and_odds_match_scipy_and_definition():
    p = np.array([0.0, 1e-300, 0.1, 0.5, 0.8, 1 - 1e-16, 1.0])
    np.testing.assert_allclose(logit(p), sp.logit(p), rtol=1e-14)
    np.testing.assert_allclose(odds(p[:-1]), p[:-1] / (1 - p[:-1]), rtol=1e-14)
    assert odds(1.0) == np.inf and logit(1.0) == np.inf and logit(0.0) == -np.inf
    np.testing.assert_allclose(np.log(odds(p[1:-1])), logit(p[1:-1]), rtol=1e-12)


def test_generalized_logistic_parameters():
    x = np.linspace(-5, 5, 11)
    np.testing.assert_allclose(generalized_logistic(x), sp.expit(x))
    np.testing.assert_allclose(generalized_logistic(x, L=3, k=2, x0=1), 3 * sp.expit(2 * (x - 1)))
    assert generalized_logistic(1.0, L=3, k=2, x0=1.0) == 1.5  # midpoint is L / 2
    assert generalized_logistic(1e308, k=1e10) == 1.0  # k (x - x0) overflows: still exact
    assert generalized_logistic(5.0, L=2.0, k=0.0) == 1.0  # flat line at L / 2


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shift", [0.0, 1e4, -1e4, 1e300])
def test_softmax_family_matches_scipy(dtype, shift):
    rng = np.random.default_rng(0)
    z = rng.normal(size=(5, 4)) * 50 + shift
    if np.max(np.abs(z)) > np.finfo(dtype).max:
        pytest.skip("shift does not fit in float32")
    z = z.astype(dtype)
    tol = dict(rtol=1e-5, atol=1e-6) if dtype == np.float32 else dict(rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(softmax(z), sp.softmax(z, axis=-1), **tol)
    np.testing.assert_allclose(log_softmax(z), sp.log_softmax(z, axis=-1),
                               rtol=tol["rtol"], atol=1e-3 if dtype == np.float32 else 1e-9)
    np.testing.assert_allclose(logsumexp(z), sp.logsumexp(z, axis=-1), rtol=tol["rtol"])
    assert softmax(z).dtype == dtype


def test_softmax_axis_and_keepdims():
    z = np.arange(6.0).reshape(2, 3)
    np.testing.assert_allclose(softmax(z, axis=0), sp.softmax(z, axis=0))
    assert logsumexp(z, keepdims=True).shape == (2, 1)
    np.testing.assert_allclose(logsumexp(z, axis=0), sp.logsumexp(z, axis=0))


@given(score_matrices())
def test_softmax_rows_sum_to_one_and_ignore_constant_shift(z):
    s = softmax(z)
    assert np.all(s >= 0) and np.all(s <= 1)
    np.testing.assert_allclose(s.sum(axis=1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(softmax(z + 123.0), s, atol=1e-9)


@given(score_matrices(elements=any_finite))
def test_softmax_and_log_softmax_finite_for_any_finite_scores(z):
    assert np.all(np.isfinite(softmax(z)))
    # logsumexp itself can exceed the float range only when sum(exp) does and max ~ 1.8e308
    if np.max(np.abs(z)) < 1e307:
        assert np.all(np.isfinite(log_softmax(z)))


@given(hnp.arrays(np.float32, hnp.array_shapes(max_dims=2), elements=st.floats(width=32, allow_nan=False, allow_infinity=False)))
def test_float32_sigmoid_is_finite_and_stays_float32(z):
    s = sigmoid(z)
    assert s.dtype == np.float32 and np.all((s >= 0) & (s <= 1))


def test_activations_and_their_derivatives():
    z = np.linspace(-4, 4, 81)
    np.testing.assert_allclose(tanh(z), np.tanh(z))
    np.testing.assert_allclose(tanh(z), 2 * sigmoid(2 * z) - 1, atol=1e-15)
    np.testing.assert_array_equal(relu(z), np.maximum(z, 0))
    h = 1e-6
    for f, df in [(sigmoid, sigmoid_derivative), (tanh, tanh_derivative), (relu, relu_derivative)]:
        zz = z[np.abs(z) > 1e-3]  # off ReLU's kink
        numeric = (f(zz + h) - f(zz - h)) / (2 * h)
        np.testing.assert_allclose(df(zz), numeric, atol=1e-8, err_msg=f.__name__)
    assert sigmoid_derivative(1e4) == 0.0 and sigmoid_derivative(0.0) == 0.25


def test_sigmoid_derivative_is_exact_in_both_tails():
    # issue 10 K: s * (1 - s) gave 0.0 at z = 40, where 1 - s rounds to 0
    z = np.array([-700.0, -40.0, -20.0, 20.0, 40.0, 700.0])
    np.testing.assert_allclose(sigmoid_derivative(z), sp.expit(-np.abs(z)) * sp.expit(np.abs(z)), rtol=1e-15)
    assert sigmoid_derivative(40.0) == pytest.approx(4.248354255291589e-18, rel=1e-15)
    np.testing.assert_array_equal(sigmoid_derivative(z), sigmoid_derivative(-z))


def test_tanh_derivative_is_exact_in_both_tails():
    # 1 - tanh(z)^2 gave 0.0 from |z| = 19.1 on, where tanh(z) rounds to 1
    z = np.array([-350.0, -40.0, -20.0, -1e-3, 0.0, 0.5, 3.0, 20.0, 40.0, 350.0])
    exact = 1 / np.cosh(z) ** 2  # sech^2, from cosh, which has no cancellation
    np.testing.assert_allclose(tanh_derivative(z), exact, rtol=1e-14)
    assert tanh_derivative(400.0) == 0.0  # 4 e^-800 is below the smallest float64
    assert tanh_derivative(20.0) == pytest.approx(4 * np.exp(-40.0), rel=1e-15)
    np.testing.assert_array_equal(tanh_derivative(z), tanh_derivative(-z))
    small = np.linspace(-3, 3, 61)
    np.testing.assert_allclose(tanh_derivative(small), 1 - np.tanh(small) ** 2, rtol=1e-14, atol=1e-16)


def test_softmax_of_scores_spanning_the_float_range():
    # issue 10 J: z - max(z) overflowed (-2e308) with a RuntimeWarning
    np.testing.assert_array_equal(softmax([-1e308, 1e308]), [0.0, 1.0])
    np.testing.assert_array_equal(softmax([[1e308, -1e308, 1e308]]), [[0.5, 0.0, 0.5]])
    assert logsumexp([-1e308, 1e308]) == 1e308
    # log softmax(z)_0 = -2e308 exactly: below the float range, it is -inf (no warning)
    np.testing.assert_array_equal(log_softmax([-1e308, 1e308]), [-np.inf, 0.0])


def test_public_functions_have_numpy_docstrings_with_examples():
    for name in lrlib.__all__:
        doc = getattr(lrlib, name).__doc__ or ""
        if callable(getattr(lrlib, name)) and not isinstance(getattr(lrlib, name), type):
            assert "Examples" in doc, f"{name} has no Examples section"


def test_keepdims_must_be_a_bool():
    # issue 26 (11): "no" is a true string, so it used to keep the dimension
    with pytest.raises(TypeError, match="keepdims must be True or False, got str 'no'"):
        logsumexp([1.0, 2.0], keepdims="no")
