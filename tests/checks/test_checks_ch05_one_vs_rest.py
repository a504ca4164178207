"""Chapter 5 checkers: a correct function passes, each typical mistake gets its own hint."""

import numpy as np
import pytest
from sklearn.preprocessing import LabelBinarizer, label_binarize

from lrlib import one_hot
from lrlib.checks import check_gain_over_majority, check_one_vs_rest_predict, check_one_vs_rest_targets


def test_targets_correct_versions_pass():
    assert check_one_vs_rest_targets(lambda y, classes: (y[:, None] == classes[None, :]).astype(int))
    assert check_one_vs_rest_targets(lambda y, classes: y[:, None] == classes)  # booleans
    assert check_one_vs_rest_targets(lambda y, classes: one_hot(np.searchsorted(classes, y), len(classes)))


@pytest.mark.parametrize("library_way, name", [
    (lambda y, classes: label_binarize(y, classes=classes), "sklearn.preprocessing.label_binarize"),
    (lambda y, classes: LabelBinarizer().fit(classes).transform(y), "sklearn.preprocessing.LabelBinarizer.transform"),
])
def test_targets_from_scikit_learn_are_not_yours(library_way, name):
    result = check_one_vs_rest_targets(library_way)
    assert not result and name in result.message and "write it yourself" in result.message, result.message


@pytest.mark.parametrize("wrong, words", [
    (lambda y, classes: (y[None, :] == classes[:, None]).astype(int), "shape (n_samples, n_classes)"),
    (lambda y, classes: (y[:, None] != classes[None, :]).astype(int), "every other sample is 0"),
    (lambda y, classes: (y[:, None] == classes[None, 1:]).astype(int), "no 'drop first'"),
    (lambda y, classes: (y[:, None] == classes[None, :-1]).astype(int), "keep all K columns"),
    (lambda y, classes: (y[:, None] == np.arange(len(classes))).astype(int), "compare y with the class labels"),
    (lambda y, classes: (y[:, None] == classes[None, :]).astype(int) * 2, "not a label 0 or 1"),  # out of range
    (lambda y, classes: (y[:, None] == classes[None, ::-1]).astype(int), "[[1, 0, 0], [0, 0, 1]]"),  # generic
])
def test_targets_mistakes_get_their_hint(wrong, words):
    result = check_one_vs_rest_targets(wrong)
    assert not result and words in result.message, result.message


def test_predict_correct_passes():
    assert check_one_vs_rest_predict(lambda scores, classes: classes[np.argmax(scores, axis=1)])
    assert check_one_vs_rest_predict(lambda scores, classes: [classes[row.argmax()] for row in scores])


@pytest.mark.parametrize("wrong, words", [
    (lambda scores, classes: np.argmax(scores, axis=1), "returned column numbers"),
    (lambda scores, classes: classes[np.argmin(scores, axis=1)], "not np.argmin"),
    (lambda scores, classes: classes[np.argmax(scores, axis=0)], "number of a *sample*"),  # IndexError
    (lambda scores, classes: np.argmax(scores, axis=0), "map it to a label"),
    (lambda scores, classes: classes[(scores > 0).argmax(axis=1)], "the largest score in each row"),  # generic
    (lambda scores, classes: classes[np.argmax(scores, axis=1)] + 1, "which is not one of the classes"),
])
def test_predict_mistakes_get_their_hint(wrong, words):
    result = check_one_vs_rest_predict(wrong)
    assert not result and words in result.message, result.message


def test_proba_correct_versions_pass():
    from lrlib.checks import check_one_vs_rest_proba

    def fixed(scores):
        p = 1 / (1 + np.exp(-scores))
        return p / p.sum(axis=1, keepdims=True)

    assert check_one_vs_rest_proba(fixed)
    assert check_one_vs_rest_proba(lambda scores: fixed(scores).tolist())  # a list of lists is fine too


def test_proba_sum_without_keepdims_gets_the_broadcasting_hint():
    from lrlib.checks import check_one_vs_rest_proba

    result = check_one_vs_rest_proba(lambda s: (1 / (1 + np.exp(-s))) / (1 / (1 + np.exp(-s))).sum(axis=1))
    assert not result and "keepdims=True" in result.message, result.message


def test_proba_agrees_with_lrlib_one_vs_rest():
    from lrlib import LogisticRegressionGD, OneVsRestClassifier
    from lrlib.checks.ch05_one_vs_rest import ONE_VS_REST_PROBA
    from lrlib.data import make_blobs_2d

    X, y = make_blobs_2d(60, 3, seed=0)
    model = OneVsRestClassifier(LogisticRegressionGD(alpha=0.1, random_state=0)).fit(X, y)
    np.testing.assert_allclose(ONE_VS_REST_PROBA._reference(model.decision_function(X)), model.predict_proba(X))


def test_gain_over_majority_passes_with_probabilities_too():
    def gain(Y, scores):
        q = Y.mean(axis=0)
        return np.mean((scores > 0) == Y, axis=0) - np.maximum(q, 1 - q)

    def gain_from_probabilities(Y, scores):
        p = 1 / (1 + np.exp(-scores))
        right = np.where(Y == 1, p > 0.5, p <= 0.5)
        q = Y.mean(axis=0)
        return right.mean(axis=0) - np.where(q > 0.5, q, 1 - q)

    assert check_gain_over_majority(gain)
    assert check_gain_over_majority(gain_from_probabilities)


@pytest.mark.parametrize("wrong, words", [
    (lambda Y, scores: np.zeros(Y.shape[1]), "minus max(q_k, 1 - q_k)"),  # unknown: the generic hint
    (lambda Y, scores: np.full(Y.shape[1], 2.0), "between -1 and 1"),
])
def test_gain_over_majority_other_mistakes(wrong, words):
    result = check_gain_over_majority(wrong)
    assert not result and words in result.message, result.message
