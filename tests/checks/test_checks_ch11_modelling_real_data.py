"""Chapter 11 checkers beyond the table-driven test: refits agree, the quoted table is the fit, odd answers."""

import numpy as np
import pytest
import statsmodels.api as sm

from lrlib.checks.ch11_modelling_real_data import (
    _TABLE,
    CHILDREN_COEF,
    INTERACTION_COEF,
    YEARS_COEF,
    _change_reference,
    _risk_ratio,
    check_change_reference,
    check_odds_ratio_per_year,
    check_risk_ratio,
)
from lrlib.design import one_hot_columns
from lrlib.effects import effect_measures
from lrlib.glm import binomial_glm

CHECKERS = [check_change_reference, check_risk_ratio, check_odds_ratio_per_year]


def test_changing_the_reference_is_what_a_refit_finds():
    data = sm.datasets.fair.load_pandas().data
    y = (data["affairs"] > 0).to_numpy(float)
    first = binomial_glm(_with_reference(data, 1), y)
    for new_reference in [2, 3, 4]:
        refit = binomial_glm(_with_reference(data, new_reference), y)
        intercept, coefs = _change_reference(first.params[-1], first.params[1:4], new_reference - 1)
        assert np.isclose(intercept, refit.params[-1], atol=1e-9)
        assert np.allclose(coefs, refit.params[1:4], atol=1e-9)
        assert np.isclose(first.params[0], refit.params[0], atol=1e-9)  # rate_marriage's is untouched


def _with_reference(data, reference):
    religious, _ = one_hot_columns(data["religious"], name="religious", reference=reference)
    return np.column_stack([data["rate_marriage"], religious])


def test_risk_ratio_is_the_tables():
    for table in [[[30, 70], [20, 80]], [[600, 400], [300, 700]], [[3, 997], [1, 999]]]:
        measures = effect_measures(table)
        assert np.isclose(_risk_ratio(measures.odds_ratio, measures.risk_unexposed), measures.risk_ratio)


def test_the_quoted_coefficients_are_the_chapters_interaction_fit():
    data = sm.datasets.fair.load_pandas().data
    religious, _ = one_hot_columns(data["religious"], name="religious")
    children = (data["children"] > 0).to_numpy(float)
    X = np.column_stack([data["rate_marriage"], religious, data["yrs_married"], data["age"], children,
                         children * data["yrs_married"]])
    fit = sm.Logit((data["affairs"] > 0).to_numpy(float), sm.add_constant(X, prepend=False)).fit(disp=0)
    assert abs(fit.params[4] - YEARS_COEF) < 5e-5 and abs(fit.params[6] - CHILDREN_COEF) < 5e-5
    assert abs(fit.params[7] - INTERACTION_COEF) < 5e-5
    assert np.allclose(list(_TABLE.values()), np.r_[fit.params[:8], fit.params[8]], atol=5e-5)  # every row


def test_correct_versions_pass():
    def change(intercept, coefs, new_reference):
        level_log_odds = intercept + np.append(0.0, coefs)
        new_intercept = level_log_odds[new_reference]
        return new_intercept, [v - new_intercept for i, v in enumerate(level_log_odds) if i != new_reference]

    assert check_change_reference(change)
    assert check_risk_ratio(lambda odds_ratio, p0: (odds_ratio * p0 / (1 - p0) / (1 + odds_ratio * p0 / (1 - p0))) / p0)
    assert check_odds_ratio_per_year(lambda coefs: np.exp(coefs["yrs_married"] + coefs["children:yrs_married"]))
    assert not check_odds_ratio_per_year(lambda coefs: 1.096)  # the number read off the chapter's table


@pytest.mark.parametrize("checker", CHECKERS)
@pytest.mark.parametrize("answer, words", [
    (None, "expected a function"),
    (lambda *args: None, "forget the `return`"),
    (lambda *args: "text", "returned"),
    (lambda *args: np.nan, "returned"),
    (lambda *args: 1 / 0, "ZeroDivisionError"),
    (lambda *args: np.exp(1000.0), "overflow"),
    (lambda *args: [[1.0, 2.0], [3.0]], "returned"),
])
def test_never_raises(checker, answer, words):
    result = checker(answer)
    assert not result and words in result.message, result.message
