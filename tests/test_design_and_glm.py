"""lrlib.design and lrlib.glm against statsmodels (formulas, GLM with the logit, probit and cloglog links)."""

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
import statsmodels.formula.api as smf

from lrlib.design import check_full_rank, one_hot_columns
from lrlib.glm import binomial_glm, deviance
from lrlib.newton import LogisticRegressionNewton, SingularHessianError

TOL = 1e-6
LINKS = {"logit": sm.families.links.Logit(), "probit": sm.families.links.Probit(),
         "cloglog": sm.families.links.CLogLog()}


def fair():
    """Fair's affairs data: any affair (32 %) on marriage rating, religiousness (4 levels), years, age, children."""
    data = sm.datasets.fair.load_pandas().data
    religious, names = one_hot_columns(data["religious"], name="religious")
    X = np.column_stack([data["rate_marriage"], religious, data["yrs_married"], data["age"],
                         (data["children"] > 0).astype(float)])
    return X, (data["affairs"] > 0).to_numpy(float), ["rate_marriage", *names, "yrs_married", "age", "children"]


def china_smoking():
    """Lung cancer and smoking in 8 Chinese cities: one binomial row per city and smoking status."""
    table = sm.datasets.china_smoking.load_pandas().data
    cities = list(table.index)
    rows = []
    for city in cities:
        t = table.loc[city]
        rows.append((city, 1.0, t["smoking_yes_cancer_yes"], t["smoking_yes_cancer_yes"] + t["smoking_yes_cancer_no"]))
        rows.append((city, 0.0, t["smoking_no_cancer_yes"], t["smoking_no_cancer_yes"] + t["smoking_no_cancer_no"]))
    frame = pd.DataFrame(rows, columns=["city", "smoking", "cancer", "n"])
    dummies, names = one_hot_columns(frame["city"], name="city", reference=cities[0])
    X = np.column_stack([frame["smoking"], dummies])
    return X, frame["cancer"].to_numpy(float), frame["n"].to_numpy(float), ["smoking", *names]


# --- one_hot_columns ------------------------------------------------------------------------

def test_one_hot_columns_is_treatment_coding_as_statsmodels_formulas_do():
    data = sm.datasets.fair.load_pandas().data
    for reference in [1, 4]:
        columns, names = one_hot_columns(data["religious"], name="religious", reference=reference)
        design = smf.logit(f"affairs ~ C(religious, Treatment(reference={reference}))",
                           data.assign(affairs=(data.affairs > 0) * 1.0)).exog[:, 1:]
        assert np.array_equal(columns, design)
        assert names == [f"religious={level}" for level in [1, 2, 3, 4] if level != reference]


def test_one_hot_columns_with_text_levels_and_every_level():
    columns, names = one_hot_columns(np.array(["low", "high", "mid", "low"]), name="dose", reference="low")
    assert names == ["dose=high", "dose=mid"] and columns.tolist() == [[0, 0], [1, 0], [0, 1], [0, 0]]
    full, names = one_hot_columns(pd.Series(["a", "b", "a"]), name="g", drop_reference=False)
    assert names == ["g=a", "g=b"] and np.array_equal(full.sum(axis=1), np.ones(3))
    assert one_hot_columns([2.0, 1.0, 2.0], name="x", reference=2)[1] == ["x=1"]  # 2 matches 2.0


@pytest.mark.parametrize("values, kwargs, error, words", [
    ([3, 3, 3], {"name": "religious"}, ValueError, "column 'religious' has only one level (3)"),
    ([1, 2, 3], {"name": "religious", "reference": 5}, ValueError,
     "reference level 5 does not occur in column 'religious'; its levels are 1, 2, 3"),
    (["a", "b", None], {"name": "city"}, ValueError, "column 'city' has 1 missing value"),
    ([1.0, np.nan, 2.0], {"name": "age"}, ValueError, "column 'age' has 1 missing value"),
    (np.array(["a", 1, "b"], dtype=object), {"name": "mixed"}, TypeError, "column 'mixed' mixes text and numbers"),
    ([[1, 2], [3, 4]], {"name": "m"}, ValueError, "column 'm' must be 1-dimensional"),
    ([], {"name": "e"}, ValueError, "column 'e' is empty"),
    ([1, 2], {"drop_reference": "no"}, TypeError, "drop_reference must be True or False"),
])
def test_one_hot_columns_bad_input_names_the_column(values, kwargs, error, words):
    with pytest.raises(error) as info:
        one_hot_columns(values, **kwargs)
    assert words in str(info.value)


# --- check_full_rank: the dummy-variable trap and other singular designs -----------------------

def test_the_dummy_variable_trap_is_named():
    X, _, names = fair()
    data = sm.datasets.fair.load_pandas().data
    every, every_names = one_hot_columns(data["religious"], name="religious", drop_reference=False)
    with pytest.raises(SingularHessianError) as info:
        check_full_rank(np.column_stack([X[:, :1], every]), feature_names=["rate_marriage", *every_names])
    message = str(info.value)
    assert "religious=1 + religious=2 + religious=3 + religious=4 = intercept" in message
    assert "rate_marriage" not in message and "dummy-variable trap" in message
    check_full_rank(np.column_stack([X[:, :1], every]), fit_intercept=False)  # no intercept: no trap
    with pytest.raises(SingularHessianError, match="religious=1"):
        binomial_glm(every, (data.affairs > 0) * 1.0, feature_names=every_names)
    with pytest.raises(SingularHessianError):  # chapter 10's estimator says so too
        LogisticRegressionNewton().fit(every, (data.affairs > 0) * 1.0)


def test_other_singular_designs_are_named():
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=20), rng.normal(size=20)
    with pytest.raises(SingularHessianError, match=r"a, b and a\+b .*\(a \+ b = a\+b\)"):
        check_full_rank(np.column_stack([a, b, a + b]), feature_names=["a", "b", "a+b"])
    with pytest.raises(SingularHessianError, match=r"cm and inches .*\(cm = 2.54·inches\)"):
        check_full_rank(np.column_stack([2.54 * b, b]), feature_names=["cm", "inches"])
    with pytest.raises(SingularHessianError, match="column empty is all zeros"):
        check_full_rank(np.column_stack([a, np.zeros(20)]), feature_names=["a", "empty"])
    with pytest.raises(ValueError, match="one name per column"):
        check_full_rank(np.column_stack([a, b]), feature_names=["a"])
    check_full_rank(np.column_stack([a, b]))


# --- binomial_glm against statsmodels' GLM ------------------------------------------------------

@pytest.fixture(scope="module")
def fair_data():
    return fair()


@pytest.mark.parametrize("link", LINKS)
def test_glm_matches_statsmodels(fair_data, link):
    X, y, names = fair_data
    ours = binomial_glm(X, y, link=link, feature_names=names)
    theirs = sm.GLM(y, sm.add_constant(X, prepend=False), family=sm.families.Binomial(LINKS[link])).fit(tol=1e-14)
    assert ours.converged and ours.names == (*names, "intercept")
    for mine, reference in [(ours.params, theirs.params), (ours.bse, theirs.bse), (ours.fitted, theirs.fittedvalues),
                            (ours.conf_int, theirs.conf_int()), (ours.pvalues, theirs.pvalues)]:
        assert np.allclose(mine, reference, rtol=0, atol=TOL)
    for name, reference in [("deviance", theirs.deviance), ("null_deviance", theirs.null_deviance),
                            ("llf", theirs.llf), ("pearson_chi2", theirs.pearson_chi2)]:
        # relative: statsmodels stops on the deviance's change, which leaves Pearson's chi-squared
        # (sensitive to tiny fitted probabilities under cloglog) 1e-9 relative from its limit
        assert abs(getattr(ours, name) - reference) < 1e-8 * abs(reference), name
    assert ours.df_resid == theirs.df_resid and ours.nobs == theirs.nobs


def test_logit_glm_is_chapter_10s_newton_fit_and_its_deviance_is_twice_the_summed_log_loss(fair_data):
    X, y, _ = fair_data
    ours = binomial_glm(X, y)
    newton = LogisticRegressionNewton(tol=1e-12).fit(X, y)
    assert np.allclose(ours.params, np.append(newton.coef_, newton.intercept_), rtol=1e-9)
    assert np.isclose(ours.deviance, 2 * len(y) * newton.loss_history_[-1], rtol=1e-12)
    assert np.isclose(ours.deviance, -2 * ours.llf, rtol=1e-12)
    assert np.isclose(deviance(y, ours.fitted), ours.deviance, rtol=1e-10)


def test_grouped_counts_give_the_estimates_of_the_expanded_rows():
    X, successes, trials, names = china_smoking()
    grouped = binomial_glm(X, successes, n_trials=trials, feature_names=names)
    rows = np.repeat(np.arange(len(X)), trials.astype(int))
    y = np.concatenate([np.r_[np.ones(int(s)), np.zeros(int(n - s))] for s, n in zip(successes, trials, strict=True)])
    expanded = binomial_glm(X[rows], y, feature_names=names)
    assert np.allclose(grouped.params, expanded.params, atol=1e-9) and np.allclose(grouped.bse, expanded.bse, atol=1e-9)
    assert grouped.deviance < expanded.deviance - 1000  # the saturated models differ, not the fits
    assert np.isclose(expanded.null_deviance - expanded.deviance, grouped.null_deviance - grouped.deviance)
    theirs = sm.GLM(np.column_stack([successes, trials - successes]), sm.add_constant(X, prepend=False),
                    family=sm.families.Binomial()).fit(tol=1e-14)
    assert np.allclose(grouped.params, theirs.params, atol=TOL) and np.allclose(grouped.bse, theirs.bse, atol=TOL)
    for name in ["deviance", "null_deviance", "llf", "pearson_chi2"]:
        assert abs(getattr(grouped, name) - getattr(theirs, name)) < TOL, name
    assert np.isclose(deviance(successes, grouped.fitted, n_trials=trials), grouped.deviance)


@pytest.mark.parametrize("link", LINKS)
def test_offsets_match_statsmodels(fair_data, link):
    X, y, _ = fair_data
    offset = 0.3 * X[:, 0] - 1.0
    ours = binomial_glm(X[:, 1:], y, link=link, offset=offset)
    theirs = sm.GLM(y, sm.add_constant(X[:, 1:], prepend=False), family=sm.families.Binomial(LINKS[link]),
                    offset=offset).fit(tol=1e-14)
    assert np.allclose(ours.params, theirs.params, atol=TOL)
    assert abs(ours.deviance - theirs.deviance) < TOL and abs(ours.null_deviance - theirs.null_deviance) < TOL


def test_probit_and_cloglog_probabilities_barely_differ_from_the_logits(fair_data):
    X, y, _ = fair_data
    fits = {link: binomial_glm(X, y, link=link) for link in LINKS}
    assert np.max(np.abs(fits["probit"].fitted - fits["logit"].fitted)) < 0.05
    ratio = fits["logit"].params[:-1] / fits["probit"].params[:-1]
    assert np.all((1.5 < ratio) & (ratio < 1.9))  # the logistic's sd is pi/sqrt(3) = 1.81 times the normal's


def test_separation_is_a_named_error_not_nan():
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    with pytest.raises(SingularHessianError, match="separated"):
        binomial_glm(X, [0, 0, 1, 1])


def test_deviance_of_zero_one_labels_and_extremes():
    y, p = np.array([1.0, 0.0, 1.0]), np.array([0.9, 0.2, 0.6])
    assert np.isclose(deviance(y, p), -2 * np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)))
    assert deviance([1, 0], [1.0, 0.0]) == 0.0 and deviance([1, 0], [0.0, 0.0]) == np.inf
    assert deviance([2, 0], [0.5, 0.5], n_trials=[4, 3]) > 0


@pytest.mark.parametrize("call, error, words", [
    (lambda: binomial_glm([[1.0], [2.0]], [0, 2]), ValueError, "0/1 labels"),
    (lambda: binomial_glm([[1.0], [2.0]], [0, 3], n_trials=[2, 2]), ValueError, "row 1 has y=3 of n_trials=2"),
    (lambda: binomial_glm([[1.0], [2.0]], [0, 1], n_trials=[0, 2]), ValueError, "n_trials must be positive"),
    (lambda: binomial_glm([[1.0], [2.0]], [0, 1], link="log"), ValueError, "link must be one of 'logit'"),
    (lambda: binomial_glm([[1.0], [np.nan]], [0, 1]), ValueError, "X must contain only finite numbers"),
    (lambda: binomial_glm([[1.0], [2.0]], [0, 1, 1]), ValueError, "same number of samples"),
    (lambda: binomial_glm([[1.0], [2.0]], [0, 1], feature_names=["a", "b"]), ValueError, "one name per column"),
    (lambda: binomial_glm([[1.0], [2.0]], [0, 1], offset=[1.0]), ValueError, "same number of samples"),
    (lambda: deviance([0, 1], [0.5, 1.5]), ValueError, "p must hold probabilities"),
])
def test_glm_bad_input(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_summary_prints_a_table(fair_data):
    X, y, names = fair_data
    text = str(binomial_glm(X, y, feature_names=names, link="probit"))
    assert text.startswith("Binomial GLM, probit link, 6366 rows") and "religious=4" in text


def test_too_few_steps_warn():
    from sklearn.exceptions import ConvergenceWarning

    X, y, _ = fair()
    with pytest.warns(ConvergenceWarning, match="increase max_iter"):
        assert not binomial_glm(X, y, link="cloglog", max_iter=2).converged


def test_the_intercept_only_model_with_an_offset():
    X, y, _ = fair()
    offset = 0.1 * X[:, 0]
    ours = binomial_glm(np.empty((len(y), 0)), y, offset=offset)
    theirs = sm.GLM(y, np.ones((len(y), 1)), family=sm.families.Binomial(), offset=offset).fit(tol=1e-14)
    assert abs(ours.params[0] - theirs.params[0]) < TOL and ours.names == ("intercept",)
    assert abs(ours.deviance - ours.null_deviance) < 1e-9
