"""Every function and loss at float16, float32 and float64, with |z| up to the dtype's max / 2.

Properties (issue 10): no NaN, no inf and no warning (pytest turns warnings into errors)
wherever the exact value is finite; where it is not, a ValueError that says so. Dtypes:
elementwise functions keep float32 and float64, and compute float16 in float64 (documented
in lrlib.functions); losses return a Python float.
"""

import numpy as np
import pytest
import scipy.special as sp
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import lrlib

DTYPES = [np.float16, np.float32, np.float64]
TOLERANCE = {np.float16: 1e-12, np.float32: 1e-5, np.float64: 1e-12}  # float16 is computed in float64
ELEMENTWISE = ["sigmoid", "log_sigmoid", "sigmoid_derivative", "generalized_logistic", "tanh",
               "tanh_derivative", "relu", "relu_derivative"]
ALONG_AN_AXIS = ["softmax", "log_softmax", "logsumexp"]


def half_range(dtype, scale=0.5):
    """Finite floats of ``dtype`` with |z| <= scale * its max (subnormals included)."""
    bound = float(np.finfo(dtype).max) * scale
    return st.floats(-bound, bound, width=np.finfo(dtype).bits, allow_nan=False, allow_infinity=False)


def arrays(dtype, shape, scale=0.5):
    return hnp.arrays(dtype, shape, elements=half_range(dtype, scale))


def result_dtype(dtype):
    return np.float64 if dtype == np.float16 else dtype


def assert_finite(out, dtype=None):
    out = np.asarray(out)
    assert np.all(np.isfinite(out)), out
    if dtype is not None:
        assert out.dtype == result_dtype(dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", ELEMENTWISE)
@given(data=st.data())
def test_elementwise_functions(name, dtype, data):
    z = data.draw(arrays(dtype, hnp.array_shapes(max_dims=2, max_side=5)))
    out = getattr(lrlib, name)(z)
    assert_finite(out, dtype)
    assert np.shape(out) == z.shape


@pytest.mark.parametrize("dtype", DTYPES)
@given(data=st.data())
def test_generalized_logistic_with_any_parameters(dtype, data):
    x = data.draw(arrays(dtype, st.integers(1, 5)))
    k, x0 = data.draw(half_range(dtype)), data.draw(half_range(dtype))
    out = lrlib.generalized_logistic(x, L=2.0, k=float(k), x0=float(x0))
    assert_finite(out, dtype)
    assert np.all((out >= 0) & (out <= 2))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", ALONG_AN_AXIS)
@given(data=st.data())
def test_functions_along_an_axis(name, dtype, data):
    z = data.draw(arrays(dtype, hnp.array_shapes(min_dims=1, max_dims=2, max_side=5)))
    out = getattr(lrlib, name)(z)
    assert_finite(out, dtype)
    if name == "softmax":
        np.testing.assert_allclose(np.sum(out, axis=-1), 1.0, rtol=1e-3 if dtype == np.float32 else 1e-12)


@pytest.mark.parametrize("dtype", DTYPES)
@given(data=st.data())
def test_odds_and_logit_of_any_probability(dtype, data):
    p = data.draw(hnp.arrays(dtype, st.integers(1, 5), elements=st.floats(
        0, 1, exclude_min=True, exclude_max=True, width=np.finfo(dtype).bits)))
    assert_finite(lrlib.logit(p), dtype)
    assert_finite(lrlib.odds(p), dtype)


def labels_for(n, n_classes, data):
    return np.array(data.draw(st.lists(st.integers(0, n_classes - 1), min_size=n, max_size=n)))


@pytest.mark.parametrize("dtype", DTYPES)
@given(data=st.data())
def test_binary_losses(dtype, data):
    z = data.draw(arrays(dtype, st.integers(1, 6)))
    y = labels_for(len(z), 2, data)
    loss = lrlib.binary_cross_entropy_with_logits(y, z)
    assert isinstance(loss, float) and np.isfinite(loss) and loss >= 0
    p = lrlib.sigmoid(z)
    for value in [lrlib.binary_cross_entropy(y, p), lrlib.log_likelihood(y, p)]:
        assert isinstance(value, float) and np.isfinite(value)


@pytest.mark.parametrize("dtype", DTYPES)
@given(data=st.data())
def test_cross_entropy(dtype, data):
    Z = data.draw(arrays(dtype, st.tuples(st.integers(1, 6), st.integers(1, 4))))
    y = labels_for(len(Z), Z.shape[1], data)
    loss = lrlib.cross_entropy(y, Z)
    assert isinstance(loss, float) and np.isfinite(loss) and loss >= 0
    # and accurate: no cancellation between huge scores (issue 10 B)
    exact = -np.mean(sp.log_softmax(Z.astype(np.float64), axis=1)[np.arange(len(y)), y])
    assert loss == pytest.approx(exact, rel=TOLERANCE[dtype], abs=TOLERANCE[dtype])


@pytest.mark.parametrize("dtype", DTYPES)
@given(data=st.data())
def test_sigmoid_derivative_is_accurate_in_both_tails(dtype, data):
    z = data.draw(arrays(dtype, st.integers(1, 6)))
    exact = sp.expit(z.astype(np.float64)) * sp.expit(-z.astype(np.float64))
    np.testing.assert_allclose(lrlib.sigmoid_derivative(z), exact, rtol=TOLERANCE[dtype],
                               atol=float(np.finfo(result_dtype(dtype)).smallest_subnormal))


@pytest.mark.parametrize("dtype", DTYPES)
@given(data=st.data())
def test_gradients(dtype, data):
    # scores X w + b stay within the float range: |x| <= max/2, |w| <= 1/K (K columns, one per class)
    n, n_classes = data.draw(st.integers(1, 6)), data.draw(st.sampled_from([1, 2, 4]))
    X = data.draw(arrays(dtype, (n, n_classes)))
    weight = st.floats(-1 / n_classes, 1 / n_classes, width=np.finfo(dtype).bits)
    W = data.draw(hnp.arrays(dtype, (n_classes, n_classes), elements=weight))  # square: either layout
    gW, gb = lrlib.cross_entropy_gradient(X, labels_for(n, n_classes, data), W, np.zeros(n_classes, dtype))
    assert_finite(gW) and assert_finite(gb)
    w = data.draw(hnp.arrays(dtype, (n_classes,), elements=weight))
    gw, gb = lrlib.binary_cross_entropy_gradient(X, labels_for(n, 2, data), w, 0.0)
    assert_finite(gw) and assert_finite(gb)


def exact_mean_error(y, pred, power):
    """mean(|y - pred|^power) in float64 by scaling, or inf where it exceeds the float64 range."""
    d = y.astype(np.float64) - pred.astype(np.float64)  # |d| <= max(dtype) < max(float64) / 2
    scale = np.max(np.abs(d))
    if scale == 0:
        return 0.0
    with np.errstate(over="ignore"):
        return scale**power * np.mean(np.abs(d / scale) ** power)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name, power", [("mean_absolute_error", 1), ("mean_squared_error", 2)])
@given(data=st.data())
def test_regression_losses(name, power, dtype, data):
    y = data.draw(arrays(dtype, st.integers(1, 6)))
    pred = data.draw(arrays(dtype, st.just(len(y))))
    exact = exact_mean_error(y, pred, power)
    if exact < np.finfo(np.float64).max / 2:
        loss = getattr(lrlib, name)(y, pred)
        assert isinstance(loss, float) and loss == pytest.approx(exact, rel=1e-3 if dtype != np.float64 else 1e-12)
    elif not exact < np.finfo(np.float64).max:
        with pytest.raises(ValueError, match="exceeds the largest float64"):
            getattr(lrlib, name)(y, pred)


@given(n_classes=st.integers(1, 50), data=st.data())
def test_one_hot(n_classes, data):
    y = labels_for(data.draw(st.integers(1, 6)), n_classes, data)
    out = lrlib.one_hot(y, n_classes)
    np.testing.assert_array_equal(out.sum(axis=1), 1.0)
    np.testing.assert_array_equal(np.argmax(out, axis=1), y)
