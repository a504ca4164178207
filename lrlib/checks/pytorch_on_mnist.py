"""Checkers for chapter 7, PyTorch on MNIST.

- :func:`check_images_to_inputs`: uint8 images (n, 28, 28) -> float32 inputs (n, 784) in [0, 1];
- :func:`check_accuracy`: the fraction of rows whose largest logit is the true label;
- :func:`check_iterations_run`: how many optimiser steps the tutorial's loop really takes.

Each runs the learner's function on fixed cases, compares the result with the right
answer and, when it differs, with the outputs of the typical wrong versions listed
here, so the hint names the mistake that was actually made. PyTorch is imported only
when a checker runs.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from lrlib.checks._core import CheckResult, LearnerError, call_learner, close, fail, ok

__all__ = ["check_accuracy", "check_images_to_inputs", "check_iterations_run"]


def _run_cases(func: Callable, cases, name: str):
    """The learner's outputs on ``cases`` up to the first crash, and that crash's result (or None)."""
    outputs = []
    for args in cases:
        try:
            outputs.append(call_learner(func, *args, name=name))
        except LearnerError as err:
            return outputs, err.result
    return outputs, None


def _diagnose(outputs, cases, mistakes, same: Callable) -> tuple[str, str] | None:
    """The (problem, hint) of the first wrong version that gives the learner's outputs on every case."""
    for wrong, problem, hint in mistakes:
        try:
            if all(same(out, wrong(*args)) for out, args in zip(outputs, cases, strict=False)):
                return problem, hint
        except (ArithmeticError, RuntimeError, TypeError, ValueError):
            continue
    return None


# ----------------------------------------------------------------------------- images to inputs

def _images_case():
    import torch

    gen = torch.Generator().manual_seed(7)
    images = torch.randint(0, 256, (3, 28, 28), generator=gen, dtype=torch.uint8)
    images[0, 0, 0], images[1, 5, 5] = 0, 255  # black and white both present
    return images


def _same_tensor(a, b) -> bool:
    import torch

    return (isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor) and a.shape == b.shape
            and a.dtype == b.dtype and bool(torch.allclose(a.double(), b.double(), atol=1e-6)))


_IMAGE_MISTAKES = [
    (lambda im: im.reshape(len(im), -1).float(),
     "the values go up to 255.",
     "forgot to scale: divide by 255, the largest pixel value, so that white is 1.0."),
    (lambda im: im.reshape(len(im), -1).float() / 256,
     "white comes out as 255/256, not 1.0.",
     "divide by 255 (the largest value a uint8 pixel takes), not 256."),
    (lambda im: im.reshape(len(im), -1) // 255,
     "every pixel became 0 or 1: an integer division.",
     "convert to float first, then divide: images.float() / 255 (// and uint8 keep whole numbers)."),
    (lambda im: im.reshape(len(im), -1).double() / 255,
     "the values are right but the dtype is float64.",
     "nn.Linear's weights are float32 and refuse float64 input: use .float(), not .double()."),
    (lambda im: im.float() / 255,
     "the images are still 28x28: nn.Linear(784, 10) needs one row of 784 numbers per image.",
     "flatten each image: .reshape(len(images), -1) (or .view(-1, 28 * 28), as the tutorial does)."),
    (lambda im: im.reshape(-1).float() / 255,
     "all images were flattened into one long vector.",
     "keep one row per image: .reshape(len(images), -1), not .reshape(-1)."),
]


def check_images_to_inputs(func: Callable) -> CheckResult:
    """Check ``func(images) -> inputs``: uint8 (n, 28, 28) to float32 (n, 784) in [0, 1].

    Examples
    --------
    >>> check_images_to_inputs(lambda images: images.reshape(len(images), -1).float() / 255)
    ✔ Correct! Each image is now a row of 784 float32 numbers in [0, 1], ready for nn.Linear(784, 10).
    >>> print(check_images_to_inputs(lambda images: images.reshape(len(images), -1).float()))
    ✘ Not yet: the values go up to 255.
      Hint: forgot to scale: divide by 255, the largest pixel value, so that white is 1.0.
    """
    import torch

    images = _images_case()
    outputs, crash = _run_cases(func, [(images.clone(),)], getattr(func, "__name__", "images_to_inputs"))
    if crash is not None:
        return crash
    out = outputs[0]
    expected = images.reshape(len(images), -1).float() / 255
    if _same_tensor(out, expected):
        return ok("Each image is now a row of 784 float32 numbers in [0, 1], ready for nn.Linear(784, 10).")
    if not isinstance(out, torch.Tensor):
        return fail(f"it returned a {type(out).__name__}, not a torch tensor.",
                    "stay in PyTorch: images.reshape(...), .float() and / 255 all return tensors.")
    found = _diagnose(outputs, [(images,)], _IMAGE_MISTAKES, _same_tensor)
    if found:
        return fail(*found)
    return fail(f"for 3 images it returned shape {tuple(out.shape)} and dtype {out.dtype}; the answer has "
                f"shape (3, 784), dtype torch.float32, and each value is the pixel divided by 255.",
                "flatten with .reshape(len(images), -1), then .float() / 255.")


# ----------------------------------------------------------------------------- accuracy

def _accuracy_cases():
    import torch

    # Four samples and four classes, so that a wrong argmax axis still gives numbers to compare.
    logits = torch.tensor([[2.0, 1.8, 0.3, -1.0],
                           [0.2, 1.5, 0.1, 0.0],
                           [0.0, 0.3, -0.5, 2.5],
                           [2.5, 0.9, 3.0, 0.2]])
    yield logits, torch.tensor([0, 1, 1, 1])     # 2 of 4 right
    yield logits * 3, torch.tensor([0, 1, 3, 2])  # 4 of 4 right
    two_classes = torch.tensor([[0.5, -0.5], [0.1, 0.2], [3.0, 1.0], [0.0, 1.0], [2.0, 0.0]])
    yield two_classes, torch.tensor([0, 0, 1, 1, 0])  # 3 of 5 right


def _reference_accuracy(logits, labels):
    return float((logits.argmax(dim=1) == labels).float().mean())


def _as_number(value):
    """A Python float from a float, an int or a one-element tensor; None otherwise."""
    try:
        import torch

        if isinstance(value, torch.Tensor):
            return float(value) if value.numel() == 1 else None
        return float(value)
    except (TypeError, ValueError):
        return None


_ACCURACY_MISTAKES = [
    (lambda z, y: float((z.argmax(dim=0) == y).float().mean()),
     "the predictions were taken along the wrong axis.",
     "argmax over dim=1 (the classes of each row); dim=0 picks, for each class, the sample it likes most."),
    (lambda z, y: float((z.argmax(dim=1) == y).sum()),
     "it returned the number of correct predictions.",
     "divide by the number of samples (the mean, not the sum): accuracy is a fraction."),
    (lambda z, y: float(100 * (z.argmax(dim=1) == y).float().mean()),
     "it returned a percentage.",
     "return a fraction in [0, 1], as scikit-learn's accuracy_score does; "
     "print it as a percentage if you like."),
    (lambda z, y: float((z.argmax(dim=1) == y).sum() // len(y)),
     "it is 0 unless every prediction is right: an integer division.",
     "use .float().mean() (or / len(labels)); // rounds the fraction down to a whole number."),
    (lambda z, y: float((z.argmin(dim=1) == y).float().mean()),
     "it used the smallest logit.",
     "the predicted class has the largest logit: argmax, not argmin."),
]


def check_accuracy(func: Callable) -> CheckResult:
    """Check ``func(logits, labels) -> accuracy``, a number in [0, 1].

    Examples
    --------
    >>> check_accuracy(lambda z, y: (z.argmax(dim=1) == y).float().mean())
    ✔ Correct! The predicted class is the largest logit; accuracy is the fraction predicted right.
    """
    cases = list(_accuracy_cases())
    outputs, crash = _run_cases(func, [(z.clone(), y.clone()) for z, y in cases],
                                getattr(func, "__name__", "accuracy"))
    for out in outputs:
        if _as_number(out) is None:
            return fail(f"it returned {type(out).__name__} {out!r}, not one number.",
                        "reduce to a single number: (predicted == labels).float().mean().")
    values = [_as_number(out) for out in outputs]
    expected = [_reference_accuracy(*case) for case in cases[: len(values)]]
    wrong = [i for i, (v, e) in enumerate(zip(values, expected, strict=True)) if not close(v, e)]
    if wrong:  # a wrong answer on an early case says more than a crash on a later one
        i = wrong[0]
        n = len(cases[i][1])
        said = f"on {n} samples with {round(expected[i] * n)} predicted right it returned {values[i]:g}."
        found = _diagnose(values, cases, _ACCURACY_MISTAKES, close)
        if found:
            return fail(f"{said} {found[0]}", found[1])
        return fail(f"{said} The answer is {expected[i]:g}.",
                    "predicted = logits.argmax(dim=1); accuracy = (predicted == labels).float().mean().")
    if crash is not None:
        return crash
    return ok("The predicted class is the largest logit; accuracy is the fraction predicted right.")


# ----------------------------------------------------------------------------- iterations

def _reference_iterations(n_iters, n_samples, batch_size):
    epochs = int(n_iters / (n_samples / batch_size))
    return epochs * math.ceil(n_samples / batch_size)


_ITERATION_CASES = [(1500, 60_000, 100), (1500, 5_000, 100), (1000, 5_050, 100), (3000, 60_000, 100)]

_ITERATION_MISTAKES = [
    (lambda n_iters, n, b: n_iters,
     "that is what the tutorial asks for, not what its loop does.",
     "int() rounds the number of epochs down, and the loop runs whole epochs: "
     "epochs * (batches per epoch)."),
    (lambda n_iters, n, b: int(n_iters / (n / b)) * (n // b),
     "it misses the last, smaller batch of each epoch.",
     "a DataLoader keeps the incomplete last batch (drop_last=False): batches per epoch = "
     "ceil(n_samples / batch_size)."),
    (lambda n_iters, n, b: round(n_iters / (n / b)) * math.ceil(n / b),
     "the number of epochs was rounded to the nearest whole number.",
     "the tutorial uses int(), which truncates (19.8 becomes 19, not 20)."),
    (lambda n_iters, n, b: n_iters / (n / b) * math.ceil(n / b),
     "the number of epochs is not a whole number.",
     "the loop `for epoch in range(num_epochs)` needs int(): apply it to the epochs first."),
    (lambda n_iters, n, b: int(n_iters / (n / b)),
     "that is the number of epochs.",
     "multiply by the number of batches (iterations) in each epoch."),
]


def check_iterations_run(func: Callable) -> CheckResult:
    """Check ``func(n_iters, n_samples, batch_size)``: the optimiser steps the tutorial's loop takes.

    The tutorial computes ``num_epochs = int(n_iters / (n_samples / batch_size))``
    and then loops over whole epochs of ``ceil(n_samples / batch_size)`` batches.

    Examples
    --------
    >>> import math
    >>> check_iterations_run(lambda n_iters, n, b: int(n_iters / (n / b)) * math.ceil(n / b))
    ✔ Correct! On full MNIST the tutorial asks for 1500 iterations but runs 1200: 2 epochs of 600 batches.
    """
    outputs, crash = _run_cases(func, _ITERATION_CASES, getattr(func, "__name__", "iterations_run"))
    for out, args in zip(outputs, _ITERATION_CASES, strict=False):
        expected = _reference_iterations(*args)
        value = _as_number(out)
        if value is not None and close(value, expected):
            continue
        said = (f"for n_iters={args[0]}, n_samples={args[1]:,}, batch_size={args[2]} it returned {out!r}, "
                f"but the loop runs {expected}.")
        values = [_as_number(o) for o in outputs]
        found = None if None in values else _diagnose(values, _ITERATION_CASES, _ITERATION_MISTAKES, close)
        if found:
            return fail(f"{said} {found[0]}", found[1])
        return fail(said, "epochs = int(n_iters / (n_samples / batch_size)); each epoch has "
                          "ceil(n_samples / batch_size) batches.")
    if crash is not None:
        return crash
    return ok("On full MNIST the tutorial asks for 1500 iterations but runs 1200: 2 epochs of 600 batches.")
