"""lrlib.generative against scikit-learn's LinearDiscriminantAnalysis and GaussianNB (1e-8), and its estimator checks."""

import numpy as np
import pytest
import sklearn
from sklearn.datasets import load_breast_cancer, load_iris, load_wine
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
from sklearn.exceptions import NotFittedError
from sklearn.naive_bayes import GaussianNB
from sklearn.utils.estimator_checks import (
    check_dataframe_column_names_consistency,
    check_param_validation,
    parametrize_with_checks,
)

from lrlib.data import ScreeningStudy
from lrlib.generative import GaussianNaiveBayes, LinearDiscriminant

LOADERS = [load_breast_cancer, load_iris, load_wine]



# lrlib's LinearDiscriminant equals scikit-learn 1.9's LinearDiscriminantAnalysis to 1e-8; 1.8 (the
# oldest compatibility track) gives other probabilities on these data sets, so the comparison needs 1.9
LDA_REFERENCE = pytest.mark.skipif(tuple(int(v) for v in sklearn.__version__.split(".")[:2]) < (1, 9),
                                   reason="compared with scikit-learn 1.9's LinearDiscriminantAnalysis")

def relative(a, b):
    return np.abs(np.asarray(a) - np.asarray(b)).max() / max(1.0, np.abs(b).max())


@LDA_REFERENCE
@pytest.mark.parametrize("loader", LOADERS, ids=lambda f: f.__name__)
def test_linear_discriminant_equals_scikit_learn(loader):
    X, y = loader(return_X_y=True)
    ours, theirs = LinearDiscriminant().fit(X, y), LinearDiscriminantAnalysis(store_covariance=True).fit(X, y)
    assert np.allclose(ours.predict_proba(X), theirs.predict_proba(X), rtol=0, atol=1e-8)
    assert np.array_equal(ours.predict(X), theirs.predict(X))
    assert relative(ours.means_, theirs.means_) < 1e-12 and relative(ours.priors_, theirs.priors_) < 1e-12
    assert relative(ours.covariance_, theirs.covariance_) < 1e-10
    if len(ours.classes_) == 2:
        assert relative(ours.coef_, theirs.coef_) < 1e-8
        assert relative(ours.intercept_, theirs.intercept_) < 1e-8
        assert np.allclose(ours.decision_function(X), theirs.decision_function(X), rtol=1e-8, atol=1e-8)


@pytest.mark.parametrize("loader", LOADERS, ids=lambda f: f.__name__)
def test_gaussian_naive_bayes_equals_scikit_learn(loader):
    X, y = loader(return_X_y=True)
    ours, theirs = GaussianNaiveBayes().fit(X, y), GaussianNB().fit(X, y)
    assert np.allclose(ours.predict_proba(X), theirs.predict_proba(X), rtol=0, atol=1e-8)
    assert np.allclose(ours.predict_log_proba(X), theirs.predict_log_proba(X), rtol=1e-8, atol=1e-8)
    assert relative(ours.theta_, theirs.theta_) < 1e-12 and relative(ours.var_, theirs.var_) < 1e-12
    assert ours.epsilon_ == pytest.approx(theirs.epsilon_)


@LDA_REFERENCE
def test_priors_are_used_as_given():
    X, y = load_breast_cancer(return_X_y=True)
    for ours, theirs in [(LinearDiscriminant(priors=[0.3, 0.7]), LinearDiscriminantAnalysis(priors=[0.3, 0.7])),
                         (GaussianNaiveBayes(priors=[0.3, 0.7]), GaussianNB(priors=[0.3, 0.7]))]:
        assert np.allclose(ours.fit(X, y).predict_proba(X), theirs.fit(X, y).predict_proba(X), atol=1e-8)


def test_the_log_odds_of_lda_are_linear_and_recover_the_truth():
    # Chapter 8's population is exactly LDA's model: with many people, the estimate is the truth.
    study = ScreeningStudy(seed=1, prevalence=0.3)
    X, y, _ = study.sample(200_000)
    lda = LinearDiscriminant().fit(X, y)
    assert np.allclose(lda.coef_[0], study.w_true, atol=0.05) and lda.intercept_[0] == pytest.approx(study.b_true, abs=0.05)
    p = lda.predict_proba(X[:5])
    assert np.allclose(np.log(p[:, 1] / p[:, 0]), lda.decision_function(X[:5]), rtol=1e-10)


def test_naive_bayes_log_odds_are_quadratic_but_linear_with_equal_variances():
    nb = GaussianNaiveBayes().fit(*load_breast_cancer(return_X_y=True))
    x = np.linspace(-1, 1, 5)[:, None] * np.ones((1, nb.n_features_in_)) + nb.theta_.mean(axis=0)
    assert np.abs(np.diff(nb.decision_function(x), 2)).max() > 1e-3  # curved along a line
    nb.var_ = np.vstack([nb.var_[0], nb.var_[0]])  # the same variances in both classes
    assert np.allclose(np.diff(nb.decision_function(x), 2), 0, atol=1e-8)


def test_string_labels_and_bad_input():
    X = np.array([[0.0, 1.0], [1.0, 0.5], [2.0, 2.0], [3.0, 2.5], [4.0, 3.0], [1.5, 0.0]])
    y = np.array(["no", "no", "yes", "yes", "yes", "no"])
    for model in [LinearDiscriminant(), GaussianNaiveBayes()]:
        with pytest.raises(NotFittedError):
            model.predict(X)
        assert set(model.fit(X, y).predict(X)) <= {"no", "yes"}
        with pytest.raises(ValueError, match="only 1 class"):
            model.fit(X, ["no"] * 6)
        with pytest.raises(ValueError, match="priors must be positive and sum to 1"):
            type(model)(priors=[0.5, 0.6]).fit(X, y)
        with pytest.raises(ValueError, match="priors must hold one probability per class"):
            type(model)(priors=[1.0]).fit(X, y)
        with pytest.raises(ValueError, match="X has 1 features"):
            model.fit(X, y).predict(X[:, :1])
    with pytest.raises(ValueError, match="covariance of X is singular"):
        LinearDiscriminant().fit(np.column_stack([X, 2 * X[:, 0]]), y)
    with pytest.raises(ValueError, match="covariance of X is singular"):
        LinearDiscriminant().fit(np.random.default_rng(0).normal(size=(4, 6)), [0, 1, 0, 1])
    with pytest.raises(ValueError, match="every feature of X is constant"):
        GaussianNaiveBayes().fit(np.ones((4, 2)), [0, 1, 0, 1])


@parametrize_with_checks([LinearDiscriminant(), GaussianNaiveBayes()])
def test_scikit_learn_estimator_checks(estimator, check):
    check(estimator)


@pytest.mark.parametrize("check", [check_dataframe_column_names_consistency, check_param_validation])
@pytest.mark.parametrize("estimator", [LinearDiscriminant(), GaussianNaiveBayes()])
def test_scikit_learn_checks_that_parametrize_with_checks_leaves_out(check, estimator):
    check(type(estimator).__name__, estimator)
