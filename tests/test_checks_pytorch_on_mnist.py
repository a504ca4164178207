"""Chapter 7's checkers pass right answers and name each typical mistake."""

import math

import numpy as np
import pytest
import torch

from lrlib.checks import check_accuracy, check_images_to_inputs, check_iterations_run


def passes(result):
    assert result.passed, result.message
    assert result.message.startswith("✔ Correct!")


def fails_with(result, *words):
    assert not result.passed
    assert result.message.startswith("✘ Not yet:")
    for word in words:
        assert word in result.message, (word, result.message)


# ----------------------------------------------------------------------------- images to inputs

@pytest.mark.parametrize("right", [
    lambda im: im.reshape(len(im), -1).float() / 255,
    lambda im: im.view(-1, 28 * 28).to(torch.float32) / 255.0,
    lambda im: torch.flatten(im, 1).float().div(255),
    lambda im: (im.float() / 255).reshape(im.shape[0], 784),
])
def test_images_to_inputs_right_answers_pass(right):
    passes(check_images_to_inputs(right))


@pytest.mark.parametrize("wrong, words", [
    (lambda im: im.reshape(len(im), -1).float(), ["up to 255", "forgot to scale"]),
    (lambda im: im.reshape(len(im), -1).float() / 256, ["255/256", "not 256"]),
    (lambda im: im.reshape(len(im), -1) // 255, ["integer division", "float first"]),
    (lambda im: im.reshape(len(im), -1).double() / 255, ["float64", ".double()"]),
    (lambda im: im.float() / 255, ["still 28x28", "flatten"]),
    (lambda im: im.reshape(-1).float() / 255, ["one long vector", "one row per image"]),
    (lambda im: im.reshape(len(im), -1).numpy() / 255, ["ndarray", "not a torch tensor"]),
    (lambda im: im.reshape(len(im), -1).float() / 255 - 0.5, ["shape (3, 784)", "float32"]),
    (lambda im: None, ["returned None", "return"]),
])
def test_images_to_inputs_mistakes_get_their_hint(wrong, words):
    fails_with(check_images_to_inputs(wrong), *words)


def test_images_to_inputs_not_written_yet():
    def images_to_inputs_mine(images):
        raise NotImplementedError

    fails_with(check_images_to_inputs(images_to_inputs_mine), "images_to_inputs_mine is not written yet")


# ----------------------------------------------------------------------------- accuracy

@pytest.mark.parametrize("right", [
    lambda z, y: (z.argmax(dim=1) == y).float().mean(),
    lambda z, y: float((z.argmax(1) == y).sum()) / len(y),
    lambda z, y: (torch.softmax(z, dim=1).argmax(dim=1) == y).double().mean().item(),
    lambda z, y: float(np.mean(z.numpy().argmax(axis=1) == y.numpy())),
])
def test_accuracy_right_answers_pass(right):
    passes(check_accuracy(right))


@pytest.mark.parametrize("wrong, words", [
    (lambda z, y: (z.argmax(dim=0) == y).float().mean(), ["wrong axis", "dim=1"]),
    (lambda z, y: (z.argmax(dim=1) == y).sum(), ["number of correct", "divide by the number of samples"]),
    (lambda z, y: 100 * (z.argmax(dim=1) == y).float().mean(), ["percentage", "fraction in [0, 1]"]),
    (lambda z, y: (z.argmax(dim=1) == y).sum() // len(y), ["integer division", ".float().mean()"]),
    (lambda z, y: (z.argmin(dim=1) == y).float().mean(), ["smallest logit", "argmax, not argmin"]),
    (lambda z, y: z.argmax(dim=1) == y, ["not one number"]),
    (lambda z, y: 0.5, ["The answer is 1", "argmax(dim=1)"]),
])
def test_accuracy_mistakes_get_their_hint(wrong, words):
    fails_with(check_accuracy(wrong), *words)


def test_accuracy_crash_is_reported():
    fails_with(check_accuracy(lambda z, y: z.argmax(dim=2)), "raised IndexError")


# ----------------------------------------------------------------------------- iterations run

@pytest.mark.parametrize("right", [
    lambda n_iters, n, b: int(n_iters / (n / b)) * math.ceil(n / b),
    lambda n_iters, n, b: int(n_iters * b / n) * (-(-n // b)),
    lambda n_iters, n, b: len(range(int(n_iters / (n / b)))) * len(range(0, n, b)),
])
def test_iterations_right_answers_pass(right):
    passes(check_iterations_run(right))


@pytest.mark.parametrize("wrong, words", [
    (lambda n_iters, n, b: n_iters, ["what the tutorial asks for", "int() rounds the number of epochs down"]),
    (lambda n_iters, n, b: int(n_iters / (n / b)) * (n // b), ["last, smaller batch", "drop_last=False"]),
    (lambda n_iters, n, b: round(n_iters / (n / b)) * math.ceil(n / b), ["nearest", "truncates"]),
    (lambda n_iters, n, b: n_iters / (n / b) * math.ceil(n / b), ["not a whole number", "int()"]),
    (lambda n_iters, n, b: int(n_iters / (n / b)), ["number of epochs", "multiply"]),
    (lambda n_iters, n, b: 1200, ["n_iters=1500, n_samples=5,000", "loop runs 1500", "ceil"]),
    (lambda n_iters, n, b: "1200", ["'1200'", "ceil"]),
])
def test_iterations_mistakes_get_their_hint(wrong, words):
    fails_with(check_iterations_run(wrong), *words)
