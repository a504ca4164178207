"""Chapter 1 checkers: a correct function passes, each typical mistake gets its own hint."""

import numpy as np
import pytest
from sklearn.metrics import log_loss

from lrlib import binary_cross_entropy, binary_cross_entropy_with_logits, log_likelihood, logit, odds
from lrlib.checks import check_log_likelihood, check_odds, check_odds_factor, check_x_for_probability


def test_odds_correct_passes():
    result = check_odds(lambda p: p / (1 - p))
    assert result and "odds(0.8) = 4" in result.message


@pytest.mark.parametrize("wrong, words", [
    (lambda p: (1 - p) / p, "are the odds against"),
    (lambda p: p / (1 + p), "not 1 + p"),
    (lambda p: np.log(p / (1 - p)), "the log comes later"),
    (lambda p: 1 - p, "divide p by 1 - p"),
    (lambda p: 2 * p, "check odds(0.5) = 1"),  # no known mistake: the generic hint
])
def test_odds_mistakes_get_their_hint(wrong, words):
    result = check_odds(wrong)
    assert not result and words in result.message, result.message


def ll_ok(y, p):
    return np.sum(y * np.log(p) + (1 - y) * np.log1p(-p))


def test_log_likelihood_correct_passes():
    assert check_log_likelihood(ll_ok)


@pytest.mark.parametrize("library_way, name", [
    (lambda y, p: -log_loss(y, p, normalize=False, labels=[0, 1]), "sklearn.metrics.log_loss"),
    (lambda y, p: -len(y) * binary_cross_entropy(y, p), "lrlib.binary_cross_entropy"),
    (lambda y, p: -len(y) * binary_cross_entropy_with_logits(y, logit(p)), "lrlib.binary_cross_entropy_with_logits"),
    (log_likelihood, "lrlib.log_likelihood"),
])
def test_log_likelihood_from_a_library_is_not_yours(library_way, name):
    # each is right (sklearn's log_loss is the mean negative log-likelihood), but written already
    from lrlib.checks.ch01_odds_and_likelihood import LOG_LIKELIHOOD
    assert LOG_LIKELIHOOD._check(library_way, watch=False)
    result = check_log_likelihood(library_way)
    assert not result and name in result.message and "write it yourself" in result.message, result.message


def test_odds_from_lrlib_is_not_yours_and_the_log_odds_are_a_helper():
    assert "is lrlib.odds itself" in check_odds(odds).message
    assert "calls lrlib.odds." in check_odds(lambda p: odds(p)).message
    assert check_odds(lambda p: np.exp(logit(p)))  # not the odds function: exp of the log-odds


@pytest.mark.parametrize("wrong, words", [
    (lambda y, p: -ll_ok(y, p), "wrong sign"),
    (lambda y, p: np.mean(y * np.log(p) + (1 - y) * np.log1p(-p)), "not a mean"),
    (lambda y, p: np.sum(y * np.log(p)), "add the (1 - y) log(1 - p) term"),
    (lambda y, p: np.sum(np.log(p)), "for a point with y = 0"),
    (lambda y, p: np.prod(np.where(y == 1, p, 1 - p)), "take logs and sum them"),
    (lambda y, p: np.log(np.prod(np.where(y == 1, p, 1 - p))), "underflows to exactly 0.0"),
    (lambda y, p: np.sum(p * np.log(y) + (1 - p) * np.log(1 - y)), "log(0)"),  # y and p swapped
])
def test_log_likelihood_mistakes_get_their_hint(wrong, words):
    result = check_log_likelihood(wrong)
    assert not result and words in result.message, result.message


def factor_ok(b0, b1, x_from, x_to):
    return np.exp(b1 * (x_to - x_from))


@pytest.mark.parametrize("right", [
    factor_ok,
    lambda b0, b1, x_from, x_to: odds(1 / (1 + np.exp(-(b0 + b1 * x_to))))
    / odds(1 / (1 + np.exp(-(b0 + b1 * x_from)))),  # lrlib.odds is a helper here, not the answer
    lambda b0, b1, x_from, x_to: np.exp(b0 + b1 * x_to) / np.exp(b0 + b1 * x_from),
])
def test_odds_factor_right_answers_pass(right):
    assert check_odds_factor(right)


def test_odds_factor_is_the_ratio_of_the_models_odds():
    # what the reference claims, on the chapter's fitted model: b0 cancels
    from lrlib import sigmoid
    from lrlib.checks.ch01_odds_and_likelihood import _FACTOR_CASES, _odds_factor
    for b0, b1, x_from, x_to in _FACTOR_CASES:
        assert np.allclose(_odds_factor(b0, b1, x_from, x_to),
                           odds(sigmoid(b0 + b1 * np.asarray(x_to))) / odds(sigmoid(b0 + b1 * np.asarray(x_from))))


@pytest.mark.parametrize("wrong, words", [
    (lambda b0, b1, x_from, x_to: 7.389, "e^2 = 7.389"),  # a number read off one case: the generic hint
    (lambda b0, b1, x_from, x_to: np.exp(b1 * (x_to - x_from)) - 1, "turn the difference of log-odds"),
])
def test_odds_factor_other_mistakes(wrong, words):
    result = check_odds_factor(wrong)
    assert not result and words in result.message, result.message


def test_the_long_case_really_underflows():
    # The claim behind the product hint: this case's likelihood is 0.0 as a product.
    from lrlib.checks.ch01_odds_and_likelihood import _many_points
    y, p = _many_points()
    assert np.prod(np.where(y == 1, p, 1 - p)) == 0.0
    assert np.isfinite(ll_ok(y, p)) and ll_ok(y, p) < np.log(np.nextafter(0.0, 1.0))


@pytest.mark.parametrize("right", [
    lambda b0, b1, q: (np.log(q / (1 - q)) - b0) / b1,
    lambda b0, b1, q: (np.log(q) - np.log1p(-q) - b0) / b1,
    lambda b0, b1, q: -(b0 + np.log(1 / q - 1)) / b1,
])
def test_x_for_probability_right_answers_pass(right):
    assert check_x_for_probability(right)


def test_x_for_probability_is_the_inverse_of_the_model():
    # what the checker's reference claims: sigmoid(b0 + b1 x) gives q back
    from lrlib import sigmoid
    from lrlib.checks.ch01_odds_and_likelihood import _X_FOR_P_CASES, _x_for_probability
    for b0, b1, q in _X_FOR_P_CASES:
        assert np.allclose(sigmoid(b0 + b1 * _x_for_probability(b0, b1, q)), q)


@pytest.mark.parametrize("wrong, words", [
    (lambda b0, b1, q: (np.log(q) - b0) / b1, "apply the logit to both sides"),  # log, not logit: generic
    (lambda b0, b1, q: str((np.log(q / (1 - q)) - b0) / b1), "not a number"),
])
def test_x_for_probability_other_mistakes(wrong, words):
    result = check_x_for_probability(wrong)
    assert not result and words in result.message, result.message
