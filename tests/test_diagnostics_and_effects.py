"""lrlib.diagnostics and lrlib.effects against statsmodels: residuals, influence, calibration, marginal effects."""

import numpy as np
import pytest
import statsmodels.api as sm
from hypothesis import given
from hypothesis import strategies as st
from statsmodels.stats.contingency_tables import StratifiedTable, Table2x2

from lrlib.design import one_hot_columns
from lrlib.diagnostics import (
    binned_residuals,
    calibration_slope_intercept,
    cooks_distance,
    deviance_residuals,
    leverage,
    pearson_residuals,
)
from lrlib.effects import effect_measures, mantel_haenszel_odds_ratio, marginal_effects
from lrlib.glm import binomial_glm

LINKS = {"logit": sm.families.links.Logit(), "probit": sm.families.links.Probit(),
         "cloglog": sm.families.links.CLogLog()}


def fair():
    data = sm.datasets.fair.load_pandas().data
    religious, names = one_hot_columns(data["religious"], name="religious")
    X = np.column_stack([data["rate_marriage"], religious, data["yrs_married"], data["age"],
                         (data["children"] > 0).astype(float)])
    return X, (data["affairs"] > 0).to_numpy(float), ["rate_marriage", *names, "yrs_married", "age", "children"]


@pytest.fixture(scope="module")
def fitted():
    X, y, names = fair()
    reference = sm.GLM(y, sm.add_constant(X, prepend=False), family=sm.families.Binomial()).fit(tol=1e-14)
    return X, y, reference.fittedvalues, reference


def test_residuals_match_statsmodels(fitted):
    X, y, p, reference = fitted
    assert np.allclose(pearson_residuals(y, p), reference.resid_pearson, rtol=0, atol=1e-10)
    assert np.allclose(deviance_residuals(y, p), reference.resid_deviance, rtol=0, atol=1e-10)
    assert np.isclose(np.sum(deviance_residuals(y, p) ** 2), reference.deviance, rtol=1e-12)
    assert np.isclose(np.sum(pearson_residuals(y, p) ** 2), reference.pearson_chi2, rtol=1e-12)


def test_leverage_and_cooks_distance_match_get_influence(fitted):
    X, y, p, reference = fitted
    influence = reference.get_influence()
    h = leverage(X, p)
    assert np.allclose(h, influence.hat_matrix_diag, rtol=0, atol=1e-8)
    assert np.allclose(cooks_distance(X, y, p), influence.cooks_distance[0], rtol=0, atol=1e-8)
    assert np.isclose(h.sum(), X.shape[1] + 1) and np.all((0 < h) & (h < 1))


@pytest.mark.parametrize("link", ["probit", "cloglog"])
def test_leverage_of_other_links_is_the_irls_hat_matrix(link):
    X, y, _ = fair()
    reference = sm.GLM(y, sm.add_constant(X, prepend=False), family=sm.families.Binomial(LINKS[link])).fit(tol=1e-14)
    influence = reference.get_influence(observed=False)  # the expected information, as IRLS
    p = reference.fittedvalues
    assert np.allclose(leverage(X, p, link=link), influence.hat_matrix_diag, atol=1e-8)
    assert np.allclose(cooks_distance(X, y, p, link=link), influence.cooks_distance[0], atol=1e-8)


def test_grouped_data_diagnostics_match_statsmodels():
    table = sm.datasets.china_smoking.load_pandas().data.to_numpy()
    successes = table[:, [0, 2]].ravel()
    trials = (table[:, [0, 2]] + table[:, [1, 3]]).ravel()
    city, _ = one_hot_columns(np.repeat(np.arange(8), 2), name="city")
    X = np.column_stack([np.tile([1.0, 0.0], 8), city])
    reference = sm.GLM(np.column_stack([successes, trials - successes]), sm.add_constant(X, prepend=False),
                       family=sm.families.Binomial()).fit(tol=1e-14)
    p = reference.fittedvalues
    assert np.allclose(pearson_residuals(successes, p, n_trials=trials), reference.resid_pearson, atol=1e-8)
    assert np.allclose(deviance_residuals(successes, p, n_trials=trials), reference.resid_deviance, atol=1e-8)
    influence = reference.get_influence()
    assert np.allclose(leverage(X, p, n_trials=trials), influence.hat_matrix_diag, atol=1e-8)
    assert np.allclose(cooks_distance(X, successes, p, n_trials=trials), influence.cooks_distance[0], atol=1e-8)
    fit = binomial_glm(X, successes, n_trials=trials)
    assert np.allclose(fit.fitted, p, atol=1e-10)


def test_calibration_matches_statsmodels_and_is_perfect_on_the_training_data(fitted):
    X, y, p, _ = fitted
    assert np.allclose(calibration_slope_intercept(y, p), (0.0, 1.0), atol=1e-9)  # the score equations
    rng = np.random.default_rng(0)
    train = rng.random(len(y)) < 0.5
    model = binomial_glm(X[train], y[train])
    p_test = 1 / (1 + np.exp(-(X[~train] @ model.params[:-1] + model.params[-1])))
    intercept, slope = calibration_slope_intercept(y[~train], p_test)
    score = np.log(p_test / (1 - p_test))
    by_offset = sm.GLM(y[~train], np.ones((len(score), 1)), family=sm.families.Binomial(), offset=score).fit(tol=1e-14)
    by_slope = sm.Logit(y[~train], sm.add_constant(score, prepend=False)).fit(disp=0, tol=1e-12)
    assert abs(intercept - by_offset.params[0]) < 1e-8 and abs(slope - by_slope.params[0]) < 1e-8


def test_calibration_slope_of_predictions_made_too_extreme():
    rng = np.random.default_rng(1)
    z = rng.normal(scale=2, size=4000)
    y = (rng.random(4000) < 1 / (1 + np.exp(-z))).astype(float)
    _, slope = calibration_slope_intercept(y, 1 / (1 + np.exp(-2 * z)))  # twice too confident
    intercept, _ = calibration_slope_intercept(y, 1 / (1 + np.exp(-(z - 1))))  # too low on average
    assert 0.4 < slope < 0.6 and 0.8 < intercept < 1.2


@given(st.integers(0, 2**32 - 1), st.integers(1, 15))
def test_binned_residuals_partition_the_rows(seed, n_bins):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(n_bins, 200))
    p = np.round(rng.uniform(0.01, 0.99, size=n), int(rng.integers(1, 4)))  # ties included
    y = (rng.random(n) < p).astype(float)
    binned = binned_residuals(y, p, n_bins=n_bins)
    assert binned.count.sum() == n and len(binned.count) <= n_bins
    assert np.isclose(np.sum(binned.count * binned.mean_residual), np.sum(y - p))
    assert np.all(np.diff(binned.mean_p) > 0) and np.all(binned.bound >= 0)


@pytest.mark.parametrize("call, error, words", [
    (lambda: pearson_residuals([0, 1], [0.5, 1.0]), ValueError, "strictly between 0 and 1"),
    (lambda: pearson_residuals([0, 2], [0.5, 0.5]), ValueError, "0/1 labels"),
    (lambda: deviance_residuals([0, 1], [0.5]), ValueError, "same number of samples"),
    (lambda: leverage([[1.0], [2.0], [3.0]], [0.5, 0.5]), ValueError, "X and p must have the same number"),
    (lambda: leverage([[1.0], [2.0]], [0.5, 0.5], link="log"), ValueError, "link must be one of"),
    (lambda: cooks_distance([[1.0], [2.0]], [0, 3], [0.5, 0.5], n_trials=[2, 2]), ValueError, "n_trials"),
    (lambda: binned_residuals([0, 1], [0.2, 0.7], n_bins=3), ValueError, "n_bins must be <= 2"),
    (lambda: calibration_slope_intercept([1, 1], [0.2, 0.7]), ValueError, "only the label 1"),
])
def test_diagnostics_bad_input(call, error, words):
    with pytest.raises(error, match=words):
        call()


# --- effects ---------------------------------------------------------------------------------

@pytest.mark.parametrize("discrete", [False, True])
def test_marginal_effects_match_get_margeff(discrete):
    X, y, names = fair()
    reference = sm.Logit(y, sm.add_constant(X, prepend=False)).fit(disp=0, tol=1e-12)
    ours = marginal_effects(X, reference.params, reference.cov_params(), feature_names=names, discrete=discrete)
    theirs = reference.get_margeff(dummy=discrete)
    assert np.allclose(ours.effects, theirs.margeff, rtol=0, atol=1e-6)
    assert np.allclose(ours.bse, theirs.margeff_se, rtol=0, atol=1e-6)
    assert np.allclose(ours.pvalues, theirs.pvalues, atol=1e-6)
    assert np.allclose(ours.conf_int, theirs.conf_int(), atol=1e-6)
    assert ours.discrete.tolist() == [False, *[discrete] * 3, False, False, discrete]
    assert "religious=4" in str(ours)


def test_marginal_effects_table_is_headed_by_its_own_level():
    X, y, names = fair()
    reference = sm.Logit(y, sm.add_constant(X, prepend=False)).fit(disp=0, tol=1e-12)
    ours = marginal_effects(X, reference.params, reference.cov_params(), feature_names=names, level=0.9)
    assert np.allclose(ours.conf_int, reference.get_margeff(dummy=True).conf_int(alpha=0.1), atol=1e-6)
    header = str(ours).splitlines()[1].split()
    assert header[-2:] == ["[0.05", "0.95]"] and ours.level == 0.9


def test_effect_measures_match_table2x2():
    for table in [[[30, 70], [20, 80]], [[502, 1912], [1548, 2404]], [[5, 995], [2, 998]]]:
        ours, theirs = effect_measures(table), Table2x2(np.array(table))
        assert np.isclose(ours.odds_ratio, theirs.oddsratio) and np.isclose(ours.risk_ratio, theirs.riskratio)
        a, b, c, d = np.ravel(table)
        assert np.isclose(ours.risk_difference, a / (a + b) - c / (c + d))


def test_odds_ratio_is_close_to_the_risk_ratio_only_for_a_rare_outcome():
    rare, common = effect_measures([[20, 9980], [10, 9990]]), effect_measures([[600, 400], [300, 700]])
    assert abs(rare.odds_ratio / rare.risk_ratio - 1) < 0.002
    assert common.risk_ratio == 2.0 and common.odds_ratio == 3.5


def test_mantel_haenszel_matches_stratified_table():
    tables = sm.datasets.china_smoking.load_pandas().data.to_numpy().reshape(-1, 2, 2)
    reference = StratifiedTable(tables.transpose(1, 2, 0))
    assert abs(mantel_haenszel_odds_ratio(tables) - reference.oddsratio_pooled) < 1e-10
    assert np.isclose(mantel_haenszel_odds_ratio(tables[:1]), effect_measures(tables[0]).odds_ratio)


@pytest.mark.parametrize("call, error, words", [
    (lambda: effect_measures([[1, 2, 3], [4, 5, 6]]), ValueError, "2x2 table"),
    (lambda: effect_measures([[1, -2], [4, 5]]), ValueError, "counts"),
    (lambda: effect_measures([[0, 0], [4, 5]]), ValueError, "empty row"),
    (lambda: mantel_haenszel_odds_ratio([[1, 2], [3, 4]]), ValueError, "tables must be 3-dimensional"),
    (lambda: mantel_haenszel_odds_ratio([[[1, 0], [0, 4]]]), ValueError, "infinite"),
    (lambda: marginal_effects([[1.0], [2.0]], [0.1, 0.2, 0.3], np.eye(3)), ValueError, "2 numbers, got 3"),
    (lambda: marginal_effects([[1.0], [2.0]], [0.1, 0.2], np.eye(3)), ValueError, r"shape \(2, 2\)"),
    (lambda: marginal_effects([[1.0], [2.0]], [0.1, 0.2], np.eye(2), discrete="yes"), TypeError, "True or False"),
])
def test_effects_bad_input(call, error, words):
    with pytest.raises(error, match=words):
        call()
