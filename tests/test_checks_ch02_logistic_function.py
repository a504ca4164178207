"""Chapter 2 checkers: a correct function passes, each typical mistake gets its own hint."""

import math

import numpy as np
import pytest

from lrlib.checks import check_generalized_logistic, check_sigmoid


def stable_sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def test_sigmoid_correct_versions_pass():
    assert check_sigmoid(stable_sigmoid)
    # scipy's expit is a correct sigmoid too
    from scipy.special import expit
    result = check_sigmoid(expit)
    assert result and result.message.startswith("✔ Correct!")


@pytest.mark.parametrize("wrong, words", [
    (lambda z: 1 / (1 + np.exp(-np.asarray(z, dtype=float))), "overflow at large |z|"),  # textbook formula
    (lambda z: np.exp(z) / (1 + np.exp(z)), "overflow at large |z|"),  # other form, overflows at +1000
    (lambda z: np.where(np.asarray(z) >= 0, 1 / (1 + np.exp(-np.asarray(z))),
                        np.exp(z) / (1 + np.exp(z))), "np.where(cond, a, b) evaluates both"),
    (lambda z: stable_sigmoid(-np.asarray(z, dtype=float)), "wrong sign in the exponent"),
    (lambda z: 2 * np.asarray(z), "sigmoid(0) = 0.5"),  # nothing like it: the generic hint
    (lambda z: None, "forget the `return`"),
    (lambda z: 1 / (1 + math.exp(-z)), "TypeError"),  # math.exp works on 0.0, not on arrays
])
def test_sigmoid_mistakes_get_their_hint(wrong, words):
    result = check_sigmoid(wrong)
    assert not result
    assert words in result.message, result.message


def test_dropped_one_plus_is_detected_on_the_plain_exponent():
    result = check_sigmoid(lambda z: np.exp(-np.asarray(z, dtype=float)))
    # exp(1000) overflows on the last case, but the earlier wrong values are diagnosed first
    assert not result and "dropped the '1 +'" in result.message


def gen_ok(x, L, k, x0):
    return L * stable_sigmoid(k * (np.asarray(x, dtype=float) - x0))


def test_generalized_logistic_correct_passes():
    result = check_generalized_logistic(gen_ok)
    assert result and "Height L" in result.message


@pytest.mark.parametrize("wrong, words", [
    (lambda x, L, k, x0: L / (1 + np.exp(k * (x - x0))), "wrong sign in the exponent"),
    (lambda x, L, k, x0: L / (1 + np.exp(-k * (x + x0))), "use (x - x0), not (x + x0)"),
    (lambda x, L, k, x0: L / (1 + np.exp(-k * x + x0)), "missing parentheses"),
    (lambda x, L, k, x0: L / (1 + np.exp(-(x - x0))), "k, the steepness"),
    (lambda x, L, k, x0: 1 / (1 + np.exp(-k * (x - x0))), "multiply the whole fraction by L"),
    (lambda x, L, k, x0: 1 / (L + np.exp(-k * (x - x0))), "L goes in the numerator"),
    (lambda x, L, k, x0: L * x, "f(x0) = L / 2"),
])
def test_generalized_logistic_mistakes_get_their_hint(wrong, words):
    result = check_generalized_logistic(wrong)
    assert not result
    assert words in result.message, result.message


def test_not_written_yet_message():
    def sigmoid_mine(z):
        raise NotImplementedError
    assert "sigmoid_mine is not written yet" in check_sigmoid(sigmoid_mine).message

