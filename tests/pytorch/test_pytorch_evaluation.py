"""lrlib.pytorch.evaluation against scikit-learn and NumPy, and its refusals."""

import numpy as np
import pytest
import torch
from sklearn.metrics import accuracy_score, log_loss
from sklearn.metrics import confusion_matrix as sk_confusion_matrix

from lrlib import softmax
from lrlib.pytorch import (
    LogisticRegressionModel,
    accuracy,
    confusion_matrix,
    evaluate,
    fit_logistic_regression,
    most_confident_mistakes,
    predict_proba,
)


def test_evaluate_agrees_with_scikit_learn(toy):
    X, y = toy
    model, _ = fit_logistic_regression(X, y, n_classes=3, epochs=20, batch_size=50, learning_rate=0.05)
    result = evaluate(model, X, y)
    logits = model(X).detach().double().numpy()
    proba = softmax(logits, axis=1)  # lrlib's NumPy softmax
    np.testing.assert_allclose(result.probabilities.numpy(), proba, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(predict_proba(model, X).numpy(), proba, rtol=1e-5, atol=1e-6)
    assert result.accuracy == pytest.approx(accuracy_score(y, proba.argmax(1)))
    assert accuracy(model, X, y) == result.accuracy
    assert result.loss == pytest.approx(log_loss(y, proba, labels=[0, 1, 2]), rel=1e-5)
    np.testing.assert_array_equal(result.confusion_matrix, sk_confusion_matrix(y, proba.argmax(1)))
    assert result.accuracy > 0.7  # it learned something


def test_confusion_matrix_matches_scikit_learn():
    rng = np.random.default_rng(0)
    y_true, y_pred = rng.integers(0, 10, 500), rng.integers(0, 10, 500)
    np.testing.assert_array_equal(confusion_matrix(y_true, y_pred),
                                  sk_confusion_matrix(y_true, y_pred, labels=range(10)))


def test_most_confident_mistakes_by_brute_force():
    rng = np.random.default_rng(1)
    proba = softmax(rng.normal(size=(200, 4)) * 3, axis=1)
    y = rng.integers(0, 4, 200)
    idx, pred, conf = most_confident_mistakes(proba, y, k=5)
    wrong = [i for i in range(200) if proba[i].argmax() != y[i]]
    expected = sorted(wrong, key=lambda i: -proba[i].max())[:5]
    assert idx.tolist() == expected
    assert pred.tolist() == [int(proba[i].argmax()) for i in expected]
    np.testing.assert_allclose(conf, [proba[i].max() for i in expected], rtol=1e-6)
    assert most_confident_mistakes(np.eye(3), [0, 1, 2])[0].size == 0  # no mistake, nothing returned


@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
@pytest.mark.parametrize("function", [evaluate, accuracy, lambda m, X, y: predict_proba(m, X)])
def test_a_model_with_non_finite_weights_is_refused(bad, function):
    """Issue 10 C: evaluate reported an accuracy for a diverged model."""
    model = LogisticRegressionModel(6, 3)
    with torch.no_grad():
        model.linear.weight[1, 2] = bad
    with pytest.raises(ValueError, match="weights are not finite.*linear.weight.*smaller learning rate"):
        function(model, torch.rand(4, 6), torch.tensor([0, 1, 2, 1]))


X3, Y3 = torch.rand(4, 6), torch.tensor([0, 1, 2, 1])
BAD_CALLS = [
    (lambda: evaluate(LogisticRegressionModel(6, 3), X3, Y3[:2]), ValueError, "same number"),
    (lambda: evaluate(None, X3, Y3), TypeError, "model"),
    (lambda: predict_proba(LogisticRegressionModel(6, 3), ["a"]), TypeError, "X"),
    (lambda: confusion_matrix([0, 1], [0, 1, 1]), ValueError, "y_true.*y_pred"),
    (lambda: confusion_matrix([0, 1], [0, 5], n_classes=3), ValueError, "y_pred.*0..2"),
    (lambda: most_confident_mistakes(np.ones((2, 2)) / 2, [0, 1], k=0), ValueError, "k"),
    # issue 10 H: a model/data size mismatch raised torch's matmul error
    (lambda: evaluate(LogisticRegressionModel(784, 10), X3, Y3), ValueError, "X has 6 features.*expects 784"),
    (lambda: predict_proba(LogisticRegressionModel(5, 3), X3), ValueError, "X has 6 features.*expects 5"),
]


@pytest.mark.parametrize("call, error, words", BAD_CALLS)
def test_bad_input_is_named(call, error, words):
    with pytest.raises(error, match=words):
        call()
