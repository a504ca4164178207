"""lrlib.pytorch: the model, training on MNIST, evaluation against scikit-learn and NumPy."""

import numpy as np
import pytest
import torch
from sklearn.metrics import accuracy_score, log_loss
from sklearn.metrics import confusion_matrix as sk_confusion_matrix

from lrlib import cross_entropy_gradient, softmax
from lrlib.data import load_mnist
from lrlib.pytorch import (
    InMemoryMNIST,
    LogisticRegressionModel,
    confusion_matrix,
    evaluate,
    fit_logistic_regression,
    most_confident_mistakes,
    predict_proba,
    progress_enabled,
    seed_everything,
    select_device,
    train,
)


@pytest.fixture(scope="module")
def sample():
    """The MNIST sample that ships with the course (always there, whatever else is on disk)."""
    return load_mnist(root="/nonexistent-lrlib-test-root", download=False, verbose=False)


@pytest.fixture
def toy():
    gen = torch.Generator().manual_seed(0)
    X = torch.rand(300, 6, generator=gen)
    y = (X[:, :3].sum(1) > X[:, 3:].sum(1)).long() + (X[:, 0] > 0.8).long()
    return X, y


def weights(model):
    return torch.cat([p.detach().flatten() for p in model.parameters()])


# ----------------------------------------------------------------------------- training on MNIST

def test_a_few_epochs_on_the_sample_beat_the_floor(sample):
    model, history = fit_logistic_regression(sample.X_train, sample.y_train, epochs=10, batch_size=100,
                                             validation_data=(sample.X_test, sample.y_test))
    result = evaluate(model, sample.X_test, sample.y_test)
    # A linear model gets about 0.90 on the sample's test images; 0.86 leaves room for seeds and versions.
    assert result.accuracy >= 0.86
    assert history.val_accuracy[-1] == pytest.approx(result.accuracy)
    assert len(history.epoch_loss) == 10 and len(history.batch_loss) == 10 * 50
    assert history.epoch_loss[-1] < history.epoch_loss[0] / 2
    assert history.seconds > 0


def test_the_tutorial_learning_rate_is_far_behind_after_the_same_steps(sample):
    slow, _ = fit_logistic_regression(sample.X_train, sample.y_train, epochs=3, batch_size=100,
                                      optimizer="sgd", lr=0.001, schedule="constant")
    fast, _ = fit_logistic_regression(sample.X_train, sample.y_train, epochs=3, batch_size=100)
    slow_acc = evaluate(slow, sample.X_test, sample.y_test).accuracy
    fast_acc = evaluate(fast, sample.X_test, sample.y_test).accuracy
    assert fast_acc > slow_acc + 0.1


def test_same_seed_same_weights_other_seed_other_weights(sample):
    X, y = sample.X_train[:1000], sample.y_train[:1000]
    a, ha = fit_logistic_regression(X, y, epochs=2, seed=3)
    b, hb = fit_logistic_regression(X, y, epochs=2, seed=3)
    c, _ = fit_logistic_regression(X, y, epochs=2, seed=4)
    assert torch.equal(weights(a), weights(b)) and ha.batch_loss == hb.batch_loss
    assert not torch.equal(weights(a), weights(c))


@pytest.mark.parametrize("weight_decay", [0.0, 0.1])
def test_one_full_batch_sgd_step_is_the_cross_entropy_gradient_step(toy, weight_decay):
    """PyTorch's autograd step agrees with lrlib's NumPy gradient X^T (P - Y) / n (+ the L2 term)."""
    X, y = toy
    seed_everything(0)
    model = LogisticRegressionModel(6, 3)
    W0 = model.linear.weight.detach().double().numpy().copy()  # (classes, features), as lrlib's W
    b0 = model.linear.bias.detach().double().numpy().copy()
    train(model, X, y, epochs=1, batch_size=len(X), optimizer="sgd", lr=0.5, schedule="constant",
          weight_decay=weight_decay)
    gW, gb = cross_entropy_gradient(X.double().numpy(), y.numpy(), W0, b0)
    np.testing.assert_allclose(model.linear.weight.detach().numpy(), W0 - 0.5 * (gW + weight_decay * W0),
                               atol=1e-6)
    np.testing.assert_allclose(model.linear.bias.detach().numpy(), b0 - 0.5 * (gb + weight_decay * b0),
                               atol=1e-6)


def test_linear_schedule_ends_at_zero_learning_rate(toy, monkeypatch):
    X, y = toy
    seen = []
    original = torch.optim.Adam.step

    def spy(self, *args, **kwargs):
        seen.append(self.param_groups[0]["lr"])
        return original(self, *args, **kwargs)

    monkeypatch.setattr(torch.optim.Adam, "step", spy)
    model = LogisticRegressionModel(6, 3)
    train(model, X, y, epochs=2, batch_size=100, lr=0.3)
    assert len(seen) == 6 and seen[0] == pytest.approx(0.3) and seen[-1] == pytest.approx(0.3 / 6)
    assert all(a > b for a, b in zip(seen, seen[1:], strict=False))


@pytest.mark.parametrize("num_threads", [1, None])
def test_training_threads_are_set_for_the_loop_and_restored(toy, num_threads):
    X, y = toy
    seen = []
    model = LogisticRegressionModel(6, 3)
    model.register_forward_hook(lambda *args: seen.append(torch.get_num_threads()))
    before = torch.get_num_threads()
    torch.set_num_threads(2)
    try:
        train(model, X, y, epochs=1, batch_size=100, num_threads=num_threads)
        assert torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(before)
    assert seen and set(seen) == {1 if num_threads == 1 else 2}


# ----------------------------------------------------------------------------- progress bar

def test_progress_bar_is_off_under_tests_and_on_when_asked(toy, capsys):
    X, y = toy
    assert progress_enabled() is False  # pytest sets PYTEST_CURRENT_TEST
    train(LogisticRegressionModel(6, 3), X, y, epochs=2)
    assert capsys.readouterr().err == ""
    train(LogisticRegressionModel(6, 3), X, y, epochs=2, progress=True)
    err = capsys.readouterr().err
    assert "training" in err and "2/2" in err and "loss=" in err


def test_progress_default_outside_tests_follows_the_environment(monkeypatch):
    monkeypatch.delenv("PYTEST_CURRENT_TEST")
    monkeypatch.delenv("LRLIB_PROGRESS", raising=False)
    assert progress_enabled() is True
    monkeypatch.setenv("LRLIB_PROGRESS", "0")
    assert progress_enabled() is False
    with pytest.raises(TypeError, match="progress"):
        progress_enabled("yes")


# ----------------------------------------------------------------------------- evaluation

def test_evaluate_agrees_with_scikit_learn(toy):
    X, y = toy
    model, _ = fit_logistic_regression(X, y, n_classes=3, epochs=20, batch_size=50, lr=0.05)
    result = evaluate(model, X, y)
    logits = model(X).detach().double().numpy()
    proba = softmax(logits, axis=1)  # lrlib's NumPy softmax
    np.testing.assert_allclose(result.probabilities.numpy(), proba, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(predict_proba(model, X).numpy(), proba, rtol=1e-5, atol=1e-6)
    assert result.accuracy == pytest.approx(accuracy_score(y, proba.argmax(1)))
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


# ----------------------------------------------------------------------------- pieces

def test_model_flattens_images_and_has_one_linear_layer():
    model = LogisticRegressionModel()
    assert model(torch.zeros(3, 1, 28, 28)).shape == (3, 10) and model(torch.zeros(3, 784)).shape == (3, 10)
    assert [type(m).__name__ for m in model.children()] == ["Linear"]
    assert model.linear.in_features == 784 and model.linear.out_features == 10


def test_device_selection(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert select_device() == torch.device("cpu")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert select_device() == torch.device("cuda")
    assert select_device("cpu") == torch.device("cpu")
    with pytest.raises(ValueError, match="device"):
        select_device("gpu-please")
    with pytest.raises(TypeError, match="device"):
        select_device(0.5)


def test_in_memory_mnist_checks_its_input():
    with pytest.raises(TypeError, match="images"):
        InMemoryMNIST(torch.zeros(2, 28, 28), torch.tensor([0, 1]))
    with pytest.raises(ValueError, match="targets"):
        InMemoryMNIST(torch.zeros(2, 28, 28, dtype=torch.uint8), torch.tensor([0, 10]))
    with pytest.raises(ValueError, match="same number"):
        InMemoryMNIST(torch.zeros(2, 28, 28, dtype=torch.uint8), torch.tensor([0, 1, 2]))


X3, Y3 = torch.rand(4, 6), torch.tensor([0, 1, 2, 1])
BAD_CALLS = [
    (lambda: train("model", X3, Y3), TypeError, "model"),
    (lambda: train(LogisticRegressionModel(6, 3), X3[0], Y3), ValueError, "X.*2-dimensional"),
    (lambda: train(LogisticRegressionModel(6, 3), X3, Y3[:3]), ValueError, "X.*y.*same number"),
    (lambda: train(LogisticRegressionModel(6, 3), X3, torch.tensor([0, 1, 3, 1])), ValueError, "y.*0..2"),
    (lambda: train(LogisticRegressionModel(6, 3), X3, Y3.float() + 0.5), TypeError, "y.*integer"),
    (lambda: train(LogisticRegressionModel(6, 3), X3 * float("nan"), Y3), ValueError, "X.*finite"),
    (lambda: train(LogisticRegressionModel(6, 3), X3, Y3, lr=0), ValueError, "lr"),
    (lambda: train(LogisticRegressionModel(6, 3), X3, Y3, epochs=1.5), TypeError, "epochs"),
    (lambda: train(LogisticRegressionModel(6, 3), X3, Y3, optimizer="rmsprop"), ValueError, "optimizer"),
    (lambda: train(LogisticRegressionModel(6, 3), X3, Y3, schedule="cosine"), ValueError, "schedule"),
    (lambda: train(LogisticRegressionModel(6, 3), X3, Y3, validation_data=X3), TypeError, "validation_data"),
    (lambda: train(LogisticRegressionModel(6, 3), X3, Y3, validation_data=(X3, Y3[:2])), ValueError, "X_val"),
    (lambda: evaluate(LogisticRegressionModel(6, 3), X3, Y3[:2]), ValueError, "same number"),
    (lambda: evaluate(None, X3, Y3), TypeError, "model"),
    (lambda: predict_proba(LogisticRegressionModel(6, 3), ["a"]), TypeError, "X"),
    (lambda: confusion_matrix([0, 1], [0, 1, 1]), ValueError, "y_true.*y_pred"),
    (lambda: confusion_matrix([0, 1], [0, 5], n_classes=3), ValueError, "y_pred.*0..2"),
    (lambda: most_confident_mistakes(np.ones((2, 2)) / 2, [0, 1], k=0), ValueError, "k"),
    (lambda: LogisticRegressionModel(0, 10), ValueError, "input_dim"),
    (lambda: seed_everything(-1), ValueError, "seed"),
    (lambda: train(LogisticRegressionModel(6, 3), X3, Y3, num_threads=0), ValueError, "num_threads"),
]


@pytest.mark.parametrize("call, error, words", BAD_CALLS)
def test_bad_input_is_named(call, error, words):
    with pytest.raises(error, match=words):
        call()
