"""Chapter 7's checkers: right answers written other ways pass, odd answers get a hint, never an exception.

That each reference passes and each declared mistake gets its own hint is proved for every
exercise by tests/checks/test_checks_exercises.py.
"""

import math

import numpy as np
import pytest
import torch
from sklearn.metrics import accuracy_score

from lrlib.checks import (
    check_accuracy,
    check_evaluate,
    check_images_to_inputs,
    check_iterations_run,
    check_referral_threshold,
    check_train_one_epoch,
)
from lrlib.pytorch import accuracy as lrlib_accuracy
from lrlib.pytorch import train_one_epoch


def passes(result):
    assert result.passed, result.message
    assert result.message.startswith("✔ Correct!")


def fails_with(result, *words):
    assert not result.passed
    assert result.message.startswith("✘ Not yet:")
    for word in words:
        assert word in result.message, (word, result.message)


@pytest.mark.parametrize("right", [
    lambda im: im.view(-1, 28 * 28).to(torch.float32) / 255.0,
    lambda im: torch.flatten(im, 1).float().div(255),
    lambda im: (im.float() / 255).reshape(im.shape[0], 784),
])
def test_images_to_inputs_right_answers_pass(right):
    passes(check_images_to_inputs(right))


@pytest.mark.parametrize("right", [
    lambda z, y: float((z.argmax(1) == y).sum()) / len(y),
    lambda z, y: (torch.softmax(z, dim=1).argmax(dim=1) == y).double().mean().item(),
    lambda z, y: float(np.mean(z.numpy().argmax(axis=1) == y.numpy())),
])
def test_accuracy_right_answers_pass(right):
    passes(check_accuracy(right))


@pytest.mark.parametrize("right", [
    lambda n_iters, n, b: int(n_iters * b / n) * (-(-n // b)),
    lambda n_iters, n, b: len(range(int(n_iters / (n / b)))) * len(range(0, n, b)),
])
def test_iterations_right_answers_pass(right):
    passes(check_iterations_run(right))


def epoch_with_a_running_mean(model, loader, loss_fn, optimizer):
    model.train()
    total, count = 0.0, 0
    for inputs, targets in loader:
        optimizer.zero_grad(set_to_none=False)
        loss = loss_fn(model(inputs), targets)
        loss.backward()
        optimizer.step()
        total, count = total + loss.item(), count + 1
    return total / count


def epoch_with_functional_loss(model, loader, loss_fn, optimizer):
    losses = []
    for inputs, targets in loader:
        model.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(inputs), targets)
        loss.backward()
        optimizer.step()
        losses.append(float(loss.detach()))
    return float(np.mean(losses))


@pytest.mark.parametrize("right", [epoch_with_a_running_mean, epoch_with_functional_loss])
def test_train_one_epoch_right_answers_pass(right):
    passes(check_train_one_epoch(right))


@pytest.mark.parametrize("check, library_way, name", [
    (check_train_one_epoch, lambda *args: train_one_epoch(*args).mean().item(), "lrlib.pytorch.train_one_epoch"),
    (check_train_one_epoch, train_one_epoch, "lrlib.pytorch.train_one_epoch"),
    (check_evaluate, lambda model, loader: lrlib_accuracy(model, *loader.dataset.tensors),
     "lrlib.pytorch.accuracy"),
    (check_accuracy, lambda z, y: accuracy_score(y.numpy(), z.argmax(dim=1).numpy()),
     "sklearn.metrics.accuracy_score"),
])
def test_the_library_loop_is_not_yours(check, library_way, name):
    fails_with(check(library_way), name, "write it yourself")


def inference_mode_evaluation(model, loader):
    model.eval()
    with torch.inference_mode():
        predicted = torch.cat([model(x).argmax(1) for x, _ in loader])
    return float((predicted == torch.cat([y for _, y in loader])).float().mean())


def test_evaluate_right_answers_pass():
    passes(check_evaluate(inference_mode_evaluation))


@pytest.mark.parametrize("check", [check_images_to_inputs, check_accuracy, check_iterations_run,
                                   check_train_one_epoch, check_evaluate, check_referral_threshold])
@pytest.mark.parametrize("odd", [None, "text", lambda *a: None, lambda *a: "0.5", lambda *a: 1 / 0,
                                 lambda *a: [[1, 2], [3]], lambda *a: math.nan, lambda *a: 0.5 + 1j])
def test_odd_answers_get_a_hint_never_an_exception(check, odd):
    fails_with(check(odd))


def test_stubs_are_told_they_are_not_written_yet():
    def train_one_epoch_mine(model, loader, loss_fn, optimizer):
        raise NotImplementedError  # your code here

    def evaluate_mine(model, loader):
        raise NotImplementedError  # your code here

    fails_with(check_train_one_epoch(train_one_epoch_mine), "train_one_epoch_mine is not written yet")
    fails_with(check_evaluate(evaluate_mine), "evaluate_mine is not written yet")


def train_one_epoch_buggy(model, loader, loss_fn, optimizer):
    """Exercise 4's loop, as the chapter prints it: three bugs."""
    losses = []
    optimizer.zero_grad()
    for inputs, targets in loader:
        probabilities = torch.softmax(model(inputs), dim=1)
        loss = loss_fn(probabilities, targets)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses[-1]


def test_the_chapters_buggy_loop_fails():
    fails_with(check_train_one_epoch(train_one_epoch_buggy))


def brute_force_threshold(probabilities, labels, target):
    """Every candidate threshold tried on its own: the lowest whose kept images reach the target."""
    confidence = probabilities.max(axis=1)
    right = probabilities.argmax(axis=1) == labels
    reaching = [t for t in np.unique(confidence) if right[confidence >= t].mean() >= target]
    return min(reaching)


@pytest.mark.parametrize("seed", range(5))
def test_the_referral_threshold_is_the_lowest_that_reaches_the_target(seed):
    from lrlib.checks.ch07_pytorch_on_mnist import _random_referral_cases, _referral_threshold

    for probabilities, labels, target in _random_referral_cases(np.random.default_rng(seed)):
        assert _referral_threshold(probabilities, labels, target) == brute_force_threshold(
            probabilities, labels, target)
        # ties: rounding the probabilities makes many; a threshold keeps every image tied with it
        rounded = np.round(probabilities, 2)
        assert _referral_threshold(rounded, labels, target) == brute_force_threshold(rounded, labels, target)


def test_referral_thresholds_written_other_ways_pass():
    def with_a_loop(probabilities, labels, target):
        confidence = probabilities.max(axis=1)
        right = probabilities.argmax(axis=1) == labels
        best = 1.0
        for t in sorted(set(confidence.tolist()), reverse=True):
            if right[confidence >= t].mean() >= target:
                best = t
        return best

    passes(check_referral_threshold(with_a_loop))
    passes(check_referral_threshold(brute_force_threshold))


def test_referral_stub_is_told_it_is_not_written_yet():
    def referral_threshold_mine(probabilities, labels, target):
        raise NotImplementedError  # your code here

    fails_with(check_referral_threshold(referral_threshold_mine), "referral_threshold_mine is not written yet")
