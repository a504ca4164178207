"""Every bad input gets a TypeError or ValueError that names the argument."""

import warnings

import numpy as np
import pytest

import lrlib
from lrlib import (
    binary_cross_entropy,
    binary_cross_entropy_gradient,
    binary_cross_entropy_with_logits,
    cross_entropy,
    cross_entropy_gradient,
    generalized_logistic,
    gradient_descent,
    log_likelihood,
    log_softmax,
    logit,
    logsumexp,
    mean_squared_error,
    odds,
    one_hot,
    sigmoid,
    softmax,
)

X = np.ones((3, 2))

CASES = [
    # (call, error type, words the message must contain)
    (lambda: sigmoid([1.0, np.nan]), ValueError, ["z", "NaN"]),
    (lambda: sigmoid([1.0, np.inf]), ValueError, ["z", "infinite"]),
    (lambda: sigmoid(["a", "b"]), TypeError, ["z", "real numbers"]),
    (lambda: sigmoid(None), TypeError, ["z"]),
    (lambda: sigmoid([[1.0], [1.0, 2.0]]), TypeError, ["z", "regular shape"]),
    (lambda: sigmoid(np.array([1 + 2j])), TypeError, ["z", "complex"]),
    (lambda: softmax([]), ValueError, ["z", "empty"]),
    (lambda: softmax(3.0), ValueError, ["z", "dimensional"]),
    (lambda: logit([0.5, 1.5]), ValueError, ["p", "[0, 1]"]),
    (lambda: odds(-0.1), ValueError, ["p", "[0, 1]"]),
    (lambda: generalized_logistic(1.0, L="big"), TypeError, ["L"]),
    (lambda: generalized_logistic(1.0, k=np.nan), ValueError, ["k", "finite"]),
    (lambda: binary_cross_entropy([0, 2], [0.5, 0.5]), ValueError, ["y_true", "binary", "2"]),
    (lambda: binary_cross_entropy([0, 1], [0.5, 1.2]), ValueError, ["p", "[0, 1]"]),
    (lambda: binary_cross_entropy([0, 1, 1], [0.5, 0.5]), ValueError, ["y_true", "p", "same number"]),
    (lambda: binary_cross_entropy([[0, 1]], [[0.5, 0.5]]), ValueError, ["y_true", "1-dimensional"]),
    (lambda: binary_cross_entropy([], []), ValueError, ["y_true", "empty"]),
    (lambda: log_likelihood([0, 1], [0.5, np.nan]), ValueError, ["p", "NaN"]),
    (lambda: binary_cross_entropy_with_logits([0, 1], [0.0, np.inf]), ValueError, ["z", "infinite"]),
    (lambda: cross_entropy([0, 3], np.zeros((2, 3))), ValueError, ["y_true", "0..2", "3"]),
    (lambda: cross_entropy([0, -1], np.zeros((2, 3))), ValueError, ["y_true", "-1"]),
    (lambda: cross_entropy([0, 0.5], np.zeros((2, 3))), ValueError, ["y_true", "whole-number"]),
    (lambda: cross_entropy([0, 1], np.zeros(3)), ValueError, ["Z", "2-dimensional"]),
    (lambda: cross_entropy([0, 1, 1], np.zeros((2, 3))), ValueError, ["y_true", "Z", "same number"]),
    (lambda: binary_cross_entropy_gradient(X, [0, 1, 1], np.ones(3), 0.0), ValueError, ["w", "features"]),
    (lambda: binary_cross_entropy_gradient(X, [0, 1], np.ones(2), 0.0), ValueError, ["X", "y_true"]),
    (lambda: binary_cross_entropy_gradient(X[0], [0], np.ones(2), 0.0), ValueError, ["X", "2-dimensional"]),
    (lambda: binary_cross_entropy_gradient(X, [0, 1, 1], np.ones(2), [0.0]), ValueError, ["b", "0-dimensional"]),
    (lambda: cross_entropy_gradient(X, [0, 1, 1], np.ones((2, 2)), np.ones(3)), ValueError, ["b", "shape"]),
    (lambda: mean_squared_error([1.0], [1.0, 2.0]), ValueError, ["y_true", "y_pred"]),
    (lambda: one_hot([0, 4], 3), ValueError, ["y", "0..2"]),
    (lambda: gradient_descent(None, [0.0]), TypeError, ["loss_and_grad", "callable"]),
    (lambda: gradient_descent(lambda p: (0.0, p), [0.0], learning_rate=0), ValueError, ["learning_rate", "> 0"]),
    (lambda: gradient_descent(lambda p: (0.0, p), [0.0], learning_rate="1"), TypeError, ["learning_rate"]),
    (lambda: gradient_descent(lambda p: (0.0, p), [0.0], max_iter=2.5), TypeError, ["max_iter", "integer"]),
    (lambda: gradient_descent(lambda p: (0.0, p), [np.nan]), ValueError, ["params0", "NaN"]),
    # issue 10 F: one_hot checks n_classes (2.5 and 10**12 used to give raw numpy errors)
    (lambda: one_hot([0], 2.5), TypeError, ["n_classes", "integer", "2.5"]),
    (lambda: one_hot([0], "3"), TypeError, ["n_classes", "integer", "str"]),
    (lambda: one_hot([0], None), TypeError, ["n_classes", "integer", "None"]),
    (lambda: one_hot([0], 0), ValueError, ["n_classes", ">= 1", "0"]),
    (lambda: one_hot([0], -2), ValueError, ["n_classes", ">= 1", "-2"]),
    (lambda: one_hot([0], 10**12), ValueError, ["n_classes", "1e+12 entries"]),
    # issue 10 L/N: the argument's own name, numbers as written, no raw int64 overflow
    (lambda: cross_entropy_gradient(X, [0, 1, 1], np.ones((2, 3)), np.ones(2)), ValueError, ["W must have one column per feature"]),
    (lambda: cross_entropy([1e300], np.zeros((1, 3))), ValueError, ["y_true", "0..2", "got 1e+300"]),
    (lambda: logit([0.5, 1.5]), ValueError, ["got 1.5"]),
    (lambda: gradient_descent(lambda p: (0.0, p), [0.0], max_iter=np.inf), ValueError, ["max_iter", "finite", "inf"]),
    (lambda: softmax(np.zeros((2, 3)), axis=1.5), TypeError, ["axis", "integer", "1.5"]),
    (lambda: softmax(np.zeros((2, 3)), axis=None), TypeError, ["axis", "integer", "None"]),
    (lambda: log_softmax(np.zeros((2, 3)), axis=True), TypeError, ["axis", "integer", "True"]),
    (lambda: logsumexp(np.zeros((2, 3)), axis=2), ValueError, ["axis", "-2..1", "2"]),
    # issue 10 J: a loss whose exact value is beyond the float range
    (lambda: cross_entropy([0], [[-1e308, 1e308]]), ValueError, ["cross-entropy", "exceeds the largest float64"]),
    (lambda: mean_squared_error([0.0], [1e200]), ValueError, ["mean squared error", "exceeds the largest float64"]),
]


def test_messages_print_no_numpy_scalar_repr():
    with pytest.raises(ValueError) as info:
        binary_cross_entropy([0, 1], np.array([0.5, 1.5]))
    assert "np.float64" not in str(info.value)


@pytest.mark.parametrize("call, error, words", CASES, ids=[str(i) for i in range(len(CASES))])
def test_bad_input_raises_clear_error(call, error, words):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the error itself, no RuntimeWarning on the way
        with pytest.raises(error) as info:
            call()
    message = str(info.value)
    for word in words:
        assert word in message, f"{word!r} missing from {message!r}"


@pytest.mark.parametrize("name", ["sigmoid", "softmax", "logsumexp", "log_softmax", "tanh", "relu"])
def test_every_function_rejects_nan(name):
    with pytest.raises(ValueError, match="z"):
        getattr(lrlib, name)(np.array([[0.0, np.nan]]))
