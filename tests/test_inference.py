"""lrlib.inference against statsmodels' Logit: every number to 1e-6, and its errors."""

import warnings

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import stats
from sklearn.exceptions import NotFittedError

from lrlib.inference import coefficient_covariance, likelihood_ratio_test, logit_summary
from lrlib.newton import LogisticRegressionNewton, SingularHessianError

TOL = 1e-6


def spector():
    data = sm.datasets.spector.load_pandas()
    return data.exog.to_numpy(), data.endog.to_numpy(), list(data.exog.columns)


def synthetic(seed, n=200, d=4):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) * rng.uniform(0.1, 10, size=d)
    y = (X @ rng.normal(size=d) / 3 + rng.logistic(size=n) > 0).astype(float)
    return X, y, [f"x{j}" for j in range(d)]


@pytest.fixture(scope="module", params=["spector", 0, 1])
def fitted(request):
    X, y, names = spector() if request.param == "spector" else synthetic(request.param)
    # The summary is under test, not the fit's tolerance: the default tol=1e-8 (per root-mean-square
    # of each column, issue 26) leaves spector's covariance within 2e-6 of statsmodels' (relative 1e-7).
    model = LogisticRegressionNewton(tol=1e-10).fit(X, y)
    reference = sm.Logit(y, sm.add_constant(X, prepend=False)).fit(disp=0)
    return X, y, model.summary(X, y, feature_names=names), reference


def test_summary_matches_statsmodels(fitted):
    _, _, summary, reference = fitted
    for ours, theirs in [(summary.params, reference.params), (summary.bse, reference.bse),
                         (summary.conf_int, reference.conf_int()), (summary.zvalues, reference.tvalues),
                         (summary.pvalues, reference.pvalues), (summary.cov_params, reference.cov_params())]:
        assert np.allclose(ours, theirs, rtol=0, atol=TOL)
    for name in ["llf", "llnull", "llr", "llr_pvalue"]:
        assert abs(getattr(summary, name) - getattr(reference, name)) < TOL, name
    assert summary.nobs == reference.nobs


def test_probability_interval_matches_statsmodels(fitted):
    X, _, summary, reference = fitted
    frame = reference.get_prediction(sm.add_constant(X, prepend=False)).summary_frame()
    p, low, high = summary.probability_interval(X)
    assert np.allclose(p, frame["predicted"], atol=TOL)
    assert np.allclose(low, frame["ci_lower"], atol=TOL) and np.allclose(high, frame["ci_upper"], atol=TOL)
    assert np.all((0 < low) & (low < p) & (p < high) & (high < 1))


def test_likelihood_ratio_test_matches_statsmodels():
    X, y, _ = spector()
    full = sm.Logit(y, sm.add_constant(X, prepend=False)).fit(disp=0)
    reduced = sm.Logit(y, sm.add_constant(X[:, [0, 2]], prepend=False)).fit(disp=0)
    ours = LogisticRegressionNewton().fit(X[:, [0, 2]], y).summary(X[:, [0, 2]], y)
    assert abs(ours.llf - reduced.llf) < TOL
    statistic, p_value = likelihood_ratio_test(full.llf, ours.llf, 1)
    assert abs(statistic - 2 * (full.llf - reduced.llf)) < TOL
    assert abs(p_value - stats.chi2.sf(2 * (full.llf - reduced.llf), 1)) < TOL
    # dropping every feature is statsmodels' llr test
    assert np.isclose(likelihood_ratio_test(full.llf, full.llnull, 3)[1], full.llr_pvalue, rtol=1e-10)


def test_odds_ratios_and_table():
    X, y, names = spector()
    summary = LogisticRegressionNewton().fit(X, y).summary(X, y, feature_names=names)
    assert np.allclose(summary.odds_ratios(), np.exp(np.column_stack([summary.params, summary.conf_int])))
    text = str(summary)
    assert text.splitlines()[2].split()[:2] == ["GPA", "2.8261"] and "intercept" in text
    assert summary.names == ("GPA", "TUCE", "PSI", "intercept")


def test_level_changes_only_the_intervals():
    X, y, _ = spector()
    model = LogisticRegressionNewton().fit(X, y)
    s95, s90 = model.summary(X, y), model.summary(X, y, level=0.9)
    assert np.array_equal(s95.bse, s90.bse)
    assert np.all(s90.conf_int[:, 1] - s90.conf_int[:, 0] < s95.conf_int[:, 1] - s95.conf_int[:, 0])
    assert np.allclose(s90.conf_int[:, 1] - s90.params, stats.norm.ppf(0.95) * s90.bse)


# --- errors --------------------------------------------------------------------------------

def test_summary_is_for_the_unpenalised_fit_on_its_data():
    X, y, _ = spector()
    with pytest.raises(ValueError, match="unpenalised fit.*alpha=0"):
        LogisticRegressionNewton(alpha=0.1).fit(X, y).summary(X, y)
    model = LogisticRegressionNewton().fit(X, y)
    with pytest.raises(ValueError, match="do not maximise the likelihood"):
        model.summary(X[::-1], y)
    with pytest.raises(ValueError, match="labels the model was not fitted on"):
        model.summary(X, y + 1)
    with pytest.raises(ValueError, match="one name per column"):
        model.summary(X, y, feature_names=["GPA"])
    with pytest.raises(ValueError, match="level must be < 1"):
        model.summary(X, y, level=1.0)
    with pytest.raises(NotFittedError):
        LogisticRegressionNewton().summary(X, y)


def test_singular_covariance_is_a_named_error_not_nan():
    X, y, _ = spector()
    duplicated = np.column_stack([X, X[:, 1]])
    with pytest.raises(SingularHessianError, match="x1 and x3 are linearly dependent"):
        coefficient_covariance(duplicated, y, np.zeros(4), 0.0)
    x = np.array([[-2.0], [-1.0], [1.0], [2.0]])
    with pytest.raises(SingularHessianError, match="perfectly separated"):
        logit_summary(x, [0, 0, 1, 1], [30.0], 0.0)


def test_likelihood_ratio_test_bad_input():
    with pytest.raises(ValueError, match="cannot fit worse"):
        likelihood_ratio_test(-15.0, -12.0, 1)
    with pytest.raises(ValueError, match="df must be >= 1"):
        likelihood_ratio_test(-12.0, -15.0, 0)
    with pytest.raises(ValueError, match="llf_full must be <= 0"):
        likelihood_ratio_test(3.0, -15.0, 1)


def test_probability_interval_bad_input():
    X, y, _ = spector()
    summary = LogisticRegressionNewton().fit(X, y).summary(X, y)
    with pytest.raises(ValueError, match="X has 2 features, but the model has 3"):
        summary.probability_interval(X[:, :2])


def test_the_intercept_only_model_is_statsmodels_null_model():
    # issue 26 (8): X with no column was refused; it is the null model of the LR test
    X, y, _ = spector()
    empty = np.empty((len(y), 0))
    model = LogisticRegressionNewton().fit(empty, y)
    reference = sm.Logit(y, np.ones((len(y), 1))).fit(disp=0)
    assert model.coef_.shape == (1, 0) and np.isclose(model.intercept_[0], reference.params[0], rtol=1e-10)
    summary = model.summary(empty, y)
    assert summary.names == ("intercept",)
    assert np.allclose(summary.bse, reference.bse, rtol=1e-8) and np.allclose(summary.pvalues, reference.pvalues)
    assert abs(summary.llf - reference.llf) < TOL and abs(summary.llf - summary.llnull) < 1e-12
    assert summary.llr_pvalue == 1.0  # statsmodels: NaN (a chi-squared test with 0 degrees of freedom)
    full = LogisticRegressionNewton().fit(X, y).summary(X, y)
    assert np.isclose(likelihood_ratio_test(full.llf, summary.llf, 3)[1], full.llr_pvalue, rtol=1e-10)
    p, low, high = summary.probability_interval(np.empty((2, 0)))
    assert np.allclose(p, y.mean()) and np.all((low < p) & (p < high))
    np.testing.assert_allclose(model.predict_proba(np.empty((2, 0)))[:, 1], y.mean())


def test_odds_ratios_beyond_the_float_range_say_why_and_per_sd_ones_are_offered():
    # issue 26 (9): a feature in 1e-6 units gave [inf, inf, inf] with an overflow warning
    X, y, names = spector()
    tiny_units = X * [1e-6, 1.0, 1.0]  # GPA in millionths: its coefficient is 2.8e6 per unit
    summary = LogisticRegressionNewton(tol=1e-10).fit(tiny_units, y).summary(tiny_units, y, feature_names=names)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match=r"the odds ratio of GPA per unit, or an end of its interval, is "
                                              r"exp\(2\.826e\+06\): beyond the range of float64.*"
                                              r"odds_ratios\(unit=X.std\(axis=0\)\)"):
            summary.odds_ratios()
        per_sd = summary.odds_ratios(unit=tiny_units.std(axis=0))
    plain = LogisticRegressionNewton(tol=1e-10).fit(X, y).summary(X, y)
    np.testing.assert_allclose(per_sd, plain.odds_ratios(unit=X.std(axis=0)), rtol=1e-7)
    np.testing.assert_allclose(plain.odds_ratios(unit=np.ones(3)), plain.odds_ratios())
    with pytest.raises(ValueError, match=r"unit must hold one value per feature \(3\), got 2"):
        plain.odds_ratios(unit=[1.0, 2.0])


def test_feature_names_a_string_is_refused_and_a_dataframes_columns_are_the_default():
    # issue 26 (11): "abc" named three features a, b, c; a DataFrame's rows were labelled x0, x1, ...
    data = sm.datasets.spector.load_pandas()
    X, y = data.exog, data.endog.to_numpy()
    model = LogisticRegressionNewton().fit(X, y)
    assert model.summary(X, y).names == ("GPA", "TUCE", "PSI", "intercept")
    assert model.summary(X, y, feature_names=["a", "b", "c"]).names == ("a", "b", "c", "intercept")
    for bad in ["abc", 3]:
        with pytest.raises(TypeError, match="feature_names must be a sequence of names, one per column of X"):
            model.summary(X, y, feature_names=bad)
    with pytest.raises(TypeError, match="feature_names must be a sequence"):
        logit_summary(X.to_numpy()[:, :1], y, [0.0], 0.0, feature_names="a")
