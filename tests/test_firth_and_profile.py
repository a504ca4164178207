"""lrlib.firth against firthmodels, lrlib.profile_likelihood against constrained statsmodels fits."""

import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils.estimator_checks import parametrize_with_checks

from lrlib.firth import LogisticRegressionFirth, firth_logistic
from lrlib.glm import binomial_glm
from lrlib.newton import LogisticRegressionNewton, SingularHessianError
from lrlib.profile_likelihood import profile_interval, profile_statistic

TOL = 1e-6
CHI2 = stats.chi2.ppf(0.95, 1)


def spector():
    data = sm.datasets.spector.load_pandas()
    return data.exog.to_numpy(), data.endog.to_numpy()


def anes_some_high_school():
    """1996 voters who did not finish high school: no Democrat said Dole (quasi-complete separation)."""
    data = sm.datasets.anes96.load_pandas().data
    data = data[data["educ"] == 2]
    X = np.column_stack([data["PID"] <= 2, data["PID"] == 3, data["selfLR"]]).astype(float)
    return X, data["vote"].to_numpy(float)


def separated(seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(25, 3))
    y = (X[:, 0] > 0).astype(float)  # complete separation along the first feature
    return X, y


def firthmodels_fit(X, y):
    # imported here: the oldest compatibility track goes without firthmodels (it needs scipy 1.12,
    # above lrlib's floor), and skips these comparisons; the course's environment pins it
    FirthLogisticRegression = pytest.importorskip("firthmodels").FirthLogisticRegression
    with warnings.catch_warnings():  # it reports its step halving at rounding level as a failure
        warnings.simplefilter("ignore", ConvergenceWarning)
        return FirthLogisticRegression(gtol=1e-9, xtol=1e-9, max_iter=200, backend="numpy").fit(X, y)


DATA = {"anes": anes_some_high_school, "spector": spector, "separated 0": lambda: separated(0),
        "separated 1": lambda: separated(1)}


@pytest.mark.parametrize("name", DATA)
def test_firth_matches_firthmodels(name):
    X, y = DATA[name]()
    ours, theirs = LogisticRegressionFirth(tol=1e-10).fit(X, y), firthmodels_fit(X, y)
    assert np.allclose(ours.coef_[0], theirs.coef_, rtol=0, atol=TOL)
    assert abs(ours.intercept_[0] - theirs.intercept_) < TOL
    assert np.allclose(ours.bse_, theirs.bse_, rtol=0, atol=TOL)
    assert abs(ours.loglik_ - theirs.loglik_) < TOL
    assert np.allclose(ours.predict_proba(X), theirs.predict_proba(X), atol=TOL)


def test_firth_profile_interval_matches_firthmodels():
    X, y = anes_some_high_school()
    theirs = firthmodels_fit(X, y).conf_int(method="pl", tol=1e-10, max_iter=100)
    ours = np.array([profile_interval(X, y, j, firth=True) for j in range(X.shape[1] + 1)])
    assert np.allclose(ours, theirs, rtol=0, atol=TOL)


def test_firth_on_a_one_factor_table_adds_a_half_to_every_cell():
    # Haldane's correction: with one 0/1 feature, Firth's log odds ratio is that of the table + 1/2
    X = np.array([[0.0]] * 10 + [[1.0]] * 7)
    y = np.array([0.0] * 8 + [1.0] * 2 + [1.0] * 7)  # the exposed all have the event
    result = firth_logistic(X, y)
    assert np.isclose(result.params[0], np.log((7.5 / 0.5) / (2.5 / 8.5)), rtol=1e-9)
    assert np.isclose(result.params[1], np.log(2.5 / 8.5), rtol=1e-9)


def test_firth_is_finite_where_maximum_likelihood_fails():
    X, y = anes_some_high_school()
    with pytest.raises(SingularHessianError, match=r"quasi-completely separated: weights on Democrat put"):
        binomial_glm(X, y, feature_names=["Democrat", "Independent", "selfLR"])
    with pytest.raises(SingularHessianError, match="quasi-completely separated"):
        LogisticRegressionNewton().fit(X, y)  # chapter 10's solver checks too
    model = LogisticRegressionFirth().fit(X, y)
    assert np.all(np.isfinite(model.coef_)) and -8 < model.coef_[0, 0] < -4


def test_firth_shrinks_the_maximum_likelihood_estimate_towards_zero():
    X, y = spector()
    firth, ml = LogisticRegressionFirth().fit(X, y), LogisticRegressionNewton().fit(X, y)
    assert np.all(np.abs(firth.coef_) < np.abs(ml.coef_))


def test_estimator_api_and_dataframe_names():
    X, y = anes_some_high_school()
    frame = pd.DataFrame(X, columns=["Democrat", "Independent", "selfLR"])
    model = LogisticRegressionFirth().fit(frame, np.where(y == 1, "Dole", "Clinton"))
    assert model.classes_.tolist() == ["Clinton", "Dole"] and list(model.feature_names_in_) == list(frame)
    assert clone(model).get_params() == {"max_iter": 100, "tol": 1e-8}
    with pytest.raises(SingularHessianError, match="Democrat \\+ Independent \\+ Republican = intercept"):
        LogisticRegressionFirth().fit(frame.assign(Republican=1 - frame.Democrat - frame.Independent), y)
    with pytest.warns(ConvergenceWarning, match="increase max_iter"):
        LogisticRegressionFirth(max_iter=1).fit(X, y)
    with pytest.raises(ValueError, match="Only binary classification"):
        LogisticRegressionFirth().fit(X, np.arange(len(y)) % 3)


@parametrize_with_checks([LogisticRegressionFirth()])
def test_scikit_learn_estimator_checks(estimator, check):
    check(estimator)


@pytest.mark.parametrize("call, error, words", [
    (lambda: firth_logistic([[1.0], [2.0]], [0, 2]), ValueError, "binary labels"),
    (lambda: firth_logistic([[1.0], [2.0]], [1, 1]), ValueError, "only the label 1"),
    (lambda: firth_logistic([[1.0, 2.0], [2.0, 4.0], [3.0, 6.0]], [0, 1, 1]), SingularHessianError,
     "column 0 and column 1"),
    (lambda: firth_logistic([[1.0], [2.0]], [0, 1], tol=0), ValueError, "tol must be > 0"),
])
def test_firth_bad_input(call, error, words):
    with pytest.raises(error, match=words):
        call()


# --- profile-likelihood intervals ---------------------------------------------------------------

def constrained_llf(X, y, j, value):
    """statsmodels' fit with coefficient j of [X, 1] fixed at ``value`` (as an offset): independent of lrlib."""
    X1 = sm.add_constant(X, prepend=False)
    fit = sm.GLM(y, np.delete(X1, j, axis=1), family=sm.families.Binomial(), offset=value * X1[:, j]).fit(tol=1e-14)
    return fit.llf


@pytest.mark.parametrize("j", range(4))
def test_profile_interval_ends_give_the_chi2_quantile(j):
    X, y = spector()
    low, high = profile_interval(X, y, j)
    llf = sm.Logit(y, sm.add_constant(X, prepend=False)).fit(disp=0, tol=1e-12).llf
    for end in (low, high):
        assert abs(2 * (llf - constrained_llf(X, y, j, end)) - CHI2) < TOL
    assert np.allclose(profile_statistic(X, y, j, [low, high]), CHI2, atol=1e-8)


def test_profile_interval_is_asymmetric_where_the_wald_interval_is_not():
    X, y = spector()
    wald = sm.Logit(y, sm.add_constant(X, prepend=False)).fit(disp=0).conf_int()
    low, high = profile_interval(X, y, 2)  # PSI
    centre = LogisticRegressionNewton().fit(X, y).coef_[0, 2]
    assert high - centre > centre - low + 0.1 and low > wald[2, 0] and high > wald[2, 1]
    low90, high90 = profile_interval(X, y, 2, level=0.9)
    assert low < low90 < centre < high90 < high


def test_quasi_separation_at_one_point_is_found_and_firth_profiles_it():
    # x = 3 has one of each label and splits the others: x - 3 separates them quasi-completely,
    # so the slope's profile likelihood rises for ever (to 2 log 1/2) and has no maximum
    X = np.array([[0.0], [1.0], [2.0], [3.0], [3.0], [4.0], [5.0], [6.0]])
    y = np.array([0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0])
    with pytest.raises(SingularHessianError, match=r"quasi-completely separated: weights on column 0 \(with the intercept\)"):
        profile_interval(X, y, 0)
    low, high = profile_interval(X, y, 0, firth=True)
    assert 0 < low < high < np.inf


def test_profile_needs_a_maximum_likelihood_estimate_or_firth():
    X, y = anes_some_high_school()
    with pytest.raises(SingularHessianError, match="weights on column 0 .*firth=True"):
        profile_interval(X, y, 0)
    low, high = profile_interval(X, y, 0, firth=True)
    assert np.isfinite(low) and np.isfinite(high) and low < high < 0


@pytest.mark.parametrize("kwargs, error, words", [
    ({"column": 4}, ValueError, r"column must be in 0..3 \(3 is the intercept\)"),
    ({"column": 1.0}, TypeError, "column must be an integer"),
    ({"column": 0, "level": 1.0}, ValueError, "level must be < 1"),
    ({"column": 0, "firth": "yes"}, TypeError, "firth must be True or False"),
])
def test_profile_bad_input(kwargs, error, words):
    X, y = spector()
    with pytest.raises(error, match=words):
        profile_interval(X, y, **kwargs)
