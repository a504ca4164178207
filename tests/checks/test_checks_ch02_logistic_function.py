"""Chapter 2 checkers: a correct function passes, each typical mistake gets its own hint."""

import math

import numpy as np
import pytest
import torch
from scipy.special import expit

from lrlib.checks import (
    check_cutoff_for_costs,
    check_generalized_logistic,
    check_sigmoid,
    check_sigmoid_rounds_to_one_at,
)
from lrlib.functions import generalized_logistic, sigmoid


def stable_sigmoid(z):
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def test_sigmoid_correct_versions_pass():
    assert check_sigmoid(stable_sigmoid)
    assert check_generalized_logistic(lambda x, L, k, x0: L * sigmoid(k * (x - x0)))  # a helper it may use


@pytest.mark.parametrize("library_sigmoid, name", [
    (sigmoid, "lrlib.sigmoid"),
    (lambda z: sigmoid(z), "lrlib.sigmoid"),
    (lambda z: generalized_logistic(z), "lrlib.sigmoid"),  # which calls lrlib's sigmoid kernel
    (expit, "scipy.special.expit"),  # a ufunc, invisible to a profiler: caught only as itself
    (lambda z: torch.sigmoid(torch.as_tensor(z)).numpy(), "torch.sigmoid"),
    (lambda z: torch.as_tensor(z).sigmoid().numpy(), "torch.Tensor.sigmoid"),
    (lambda z: torch.special.expit(torch.as_tensor(z)).numpy(), "torch.special.expit"),
    (lambda z: torch.nn.functional.sigmoid(torch.as_tensor(z)).numpy(), "torch.Tensor.sigmoid"),
])
def test_a_library_sigmoid_is_not_yours(library_sigmoid, name):
    result = check_sigmoid(library_sigmoid)
    assert not result and name in result.message and "write it yourself" in result.message, result.message


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
    (lambda x, L, k, x0: L * x, "outside [0, L] = [0, 1]"),  # out of range, said before its values
    (lambda x, L, k, x0: L / (2 + np.exp(-k * (x - x0))), "f(x0) = L / 2"),  # unknown: the generic hint
])
def test_generalized_logistic_mistakes_get_their_hint(wrong, words):
    result = check_generalized_logistic(wrong)
    assert not result
    assert words in result.message, result.message


def test_not_written_yet_message():
    def sigmoid_mine(z):
        raise NotImplementedError
    assert "sigmoid_mine is not written yet" in check_sigmoid(sigmoid_mine).message



def first_x_where_sigmoid_is_one(step):
    def rounds_to_one_at(b0, b1):
        x = np.arange(0, 100, step)
        return x[np.argmax(sigmoid(b0 + b1 * x) == 1.0)]
    return rounds_to_one_at


def bisection(b0, b1):
    lo, hi = 0.0, 100.0  # sigmoid(b0 + b1 lo) < 1 == sigmoid(b0 + b1 hi) for the checker's models
    while hi - lo > 1e-9:
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if sigmoid(b0 + b1 * mid) == 1.0 else (mid, hi)
    return hi


@pytest.mark.parametrize("right", [
    first_x_where_sigmoid_is_one(0.01),
    bisection,
    lambda b0, b1: (53 * math.log(2) - b0) / b1,
])
def test_sigmoid_rounds_to_one_at_right_answers_pass(right):
    assert check_sigmoid_rounds_to_one_at(right)


def test_the_experiments_answer_is_where_float64_rounds():
    assert bisection(0.0, 1.0) == pytest.approx(53 * math.log(2), abs=1e-6)
    assert sigmoid(36.7) < 1.0 == sigmoid(36.8)
    assert bisection(-1.0, 2.0) == pytest.approx((53 * math.log(2) + 1) / 2, abs=1e-6)


@pytest.mark.parametrize("wrong, words", [
    (first_x_where_sigmoid_is_one(1.0), "scan x = np.arange(0, 100, 0.01)"),  # too coarse
    (lambda b0, b1: "36.74", "not a number"),
    (lambda b0, b1: np.array([36.74, 36.75]), "the answer is a single number, not an array of shape (2,)"),
    (lambda b0, b1: 36.74 + 0j, "complex number"),
])
def test_sigmoid_rounds_to_one_at_other_mistakes(wrong, words):
    result = check_sigmoid_rounds_to_one_at(wrong)
    assert not result and words in result.message, result.message


def cutoff_ok(b0, b1, cost_false_positive, cost_false_negative):
    t = cost_false_positive / (cost_false_positive + cost_false_negative)
    return (np.log(t / (1 - t)) - b0) / b1


def test_cutoff_for_costs_passes_and_is_the_cheapest_cut_off():
    assert check_cutoff_for_costs(cutoff_ok)
    # on a large sample from the model itself, no other cut-off costs less (up to sampling noise)
    rng = np.random.default_rng(0)
    b0, b1, c_fp, c_fn = -1.0, 2.0, 1.0, 4.0
    x = rng.uniform(-3, 3, 200_000)
    y = rng.random(x.size) < sigmoid(b0 + b1 * x)
    cut_offs = np.linspace(-1.5, 1.5, 61)
    costs = [c_fp * np.sum((x >= c) & ~y) + c_fn * np.sum((x < c) & y) for c in cut_offs]
    assert abs(cut_offs[np.argmin(costs)] - cutoff_ok(b0, b1, c_fp, c_fn)) < 0.1


@pytest.mark.parametrize("wrong, words", [
    (lambda b0, b1, c_fp, c_fn: -b0 / b1 - 0.3, "Find the p where they are equal"),  # unknown: generic
    (lambda b0, b1, c_fp, c_fn: np.nan, "not a finite number"),
])
def test_cutoff_for_costs_other_mistakes(wrong, words):
    result = check_cutoff_for_costs(wrong)
    assert not result and words in result.message, result.message
