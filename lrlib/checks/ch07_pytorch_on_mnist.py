"""Exercise checkers of chapter 7, PyTorch on MNIST.

- :func:`check_images_to_inputs`: uint8 images (n, 28, 28) -> float32 inputs (n, 784) in [0, 1];
- :func:`check_accuracy`: the fraction of rows whose largest logit is the true label;
- :func:`check_iterations_run`: how many optimiser steps the tutorial's loop really takes;
- :func:`check_train_one_epoch`: one epoch of the training loop (zero_grad, forward, loss,
  backward, step), returning the mean batch loss as a Python float;
- :func:`check_evaluate`: the accuracy over a DataLoader, in eval mode and without autograd;
- :func:`check_referral_threshold`: the confidence below which a digit goes to a person, for
  a target accuracy on the digits the model keeps.

The exercises are declared with :mod:`lrlib.checks.engine`. The last two run the
learner's function on a tiny seeded data set built afresh for each call, then look
at what it left behind (the weights it trained, the modes the model was called in),
so that mistakes which do not change the returned number are still named. PyTorch is
imported only when a checker runs.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from lrlib.checks.engine import CheckResult, Exercise, Mistake, as_real_array, close

__all__ = ["check_accuracy", "check_evaluate", "check_images_to_inputs", "check_iterations_run",
           "check_referral_threshold", "check_train_one_epoch"]


# --- images to inputs -------------------------------------------------------------------

def _images_cases():
    import torch

    gen = torch.Generator().manual_seed(7)
    images = torch.randint(0, 256, (3, 28, 28), generator=gen, dtype=torch.uint8)
    images[0, 0, 0], images[1, 5, 5] = 0, 255  # black and white both present
    return [(images,)]


def _random_images(rng):
    import torch

    gen = torch.Generator().manual_seed(int(rng.integers(2**31)))
    return [(torch.randint(0, 256, (int(rng.integers(2, 5)), 28, 28), generator=gen, dtype=torch.uint8),)]


_A_FRACTION = "a fraction in [0, 1]: the share of predictions that are right."


IMAGES_TO_INPUTS = Exercise(
    name="images_to_inputs", chapter=7,
    reference=lambda im: im.reshape(len(im), -1).float() / 255,
    cases=_images_cases, random_cases=_random_images,
    output_range=(0, 1), range_hint="pixels scaled to [0, 1]: 0 (black) to 255 (white) divided by 255.",
    mistakes=[
        Mistake(lambda im: im.reshape(len(im), -1).float(), "The values go up to 255.",
                "forgot to scale: divide by 255, the largest pixel value, so that white is 1.0."),
        Mistake(lambda im: im.reshape(len(im), -1).float() / 256, "White comes out as 255/256, not 1.0.",
                "divide by 255 (the largest value a uint8 pixel takes), not 256."),
        Mistake(lambda im: im.reshape(len(im), -1) // 255, "Every pixel became 0 or 1: an integer division.",
                "convert to float first, then divide: images.float() / 255 (// and uint8 keep whole "
                "numbers)."),
        Mistake(lambda im: im.reshape(len(im), -1).double() / 255,
                "The values are right but the dtype is float64.",
                "nn.Linear's weights are float32 and refuse float64 input: use .float(), not .double()."),
        Mistake(lambda im: im.float() / 255,
                "The images are still 28x28: nn.Linear(784, 10) needs one row of 784 numbers per image.",
                "flatten each image: .reshape(len(images), -1) (or .view(-1, 28 * 28), as the tutorial "
                "does)."),
        Mistake(lambda im: im.reshape(-1).float() / 255, "All images were flattened into one long vector.",
                "keep one row per image: .reshape(len(images), -1), not .reshape(-1)."),
        Mistake(lambda im: im.reshape(len(im), -1).numpy() / 255, "It is a NumPy array, not a torch tensor.",
                "stay in PyTorch: images.reshape(...), .float() and / 255 all return tensors."),
    ],
    compare=functools.partial(close, same_type=True, atol=1e-6),
    success="Each image is now a row of 784 float32 numbers in [0, 1], ready for nn.Linear(784, 10).",
    hint="flatten with .reshape(len(images), -1), then .float() / 255: shape (n, 784), dtype torch.float32.",
)


def check_images_to_inputs(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(images) -> inputs``: uint8 (n, 28, 28) to float32 (n, 784) in [0, 1].

    On a fixed batch and a random one drawn from ``seed`` (a ✘ shows it).

    Examples
    --------
    >>> check_images_to_inputs(lambda images: images.reshape(len(images), -1).float() / 255)
    ✔ Correct! Each image is now a row of 784 float32 numbers in [0, 1], ready for nn.Linear(784, 10).
    """
    return IMAGES_TO_INPUTS.check(func, seed=seed)


# --- accuracy -----------------------------------------------------------------------------

def _accuracy_cases():
    import torch

    # Four samples and four classes, so that a wrong argmax axis still gives numbers to compare.
    logits = torch.tensor([[2.0, 1.8, 0.3, -1.0],
                           [0.2, 1.5, 0.1, 0.0],
                           [0.0, 0.3, -0.5, 2.5],
                           [2.5, 0.9, 3.0, 0.2]])
    two_classes = torch.tensor([[0.5, -0.5], [0.1, 0.2], [3.0, 1.0], [0.0, 1.0], [2.0, 0.0]])
    return [(logits, torch.tensor([0, 1, 1, 1])),        # 2 of 4 right
            (logits * 3, torch.tensor([0, 1, 3, 2])),    # 4 of 4 right
            (two_classes, torch.tensor([0, 0, 1, 1, 0]))]  # 3 of 5 right


def _random_logits(rng):
    import torch

    n, k = int(rng.integers(4, 9)), int(rng.integers(3, 6))
    logits = torch.tensor(rng.normal(size=(n, k)), dtype=torch.float32)
    return [(logits, torch.tensor(rng.integers(0, k, size=n)))]


ACCURACY = Exercise(
    name="accuracy", chapter=7,
    reference=lambda z, y: float((z.argmax(dim=1) == y).float().mean()),
    cases=_accuracy_cases, random_cases=_random_logits,
    forbidden=("sklearn.metrics:accuracy_score",),  # (lrlib.metrics' is for two classes only)
    output_range=(0, 1), range_hint=_A_FRACTION,
    mistakes=[
        Mistake(lambda z, y: float((z.argmax(dim=0) == y).float().mean()),
                "The predictions were taken along the wrong axis.",
                "argmax over dim=1 (the classes of each row); dim=0 picks, for each class, the sample "
                "it likes most."),
        Mistake(lambda z, y: float((z.argmax(dim=1) == y).sum()), "It is the number of correct predictions.",
                "divide by the number of samples (the mean, not the sum): accuracy is a fraction."),
        Mistake(lambda z, y: float(100 * (z.argmax(dim=1) == y).float().mean()), "It is a percentage.",
                "return a fraction in [0, 1], as scikit-learn's accuracy_score does; print it as a "
                "percentage "
                "if you like."),
        Mistake(lambda z, y: float((z.argmax(dim=1) == y).sum() // len(y)),
                "It is 0 unless every prediction is right: an integer division.",
                "use .float().mean() (or / len(labels)); // rounds the fraction down to a whole number."),
        Mistake(lambda z, y: float((z.argmin(dim=1) == y).float().mean()), "It used the smallest logit.",
                "the predicted class has the largest logit: argmax, not argmin."),
    ],
    success="The predicted class is the largest logit; accuracy is the fraction predicted right.",
    hint="predicted = logits.argmax(dim=1); accuracy = (predicted == labels).float().mean().",
)


def check_accuracy(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(logits, labels) -> accuracy``, a number in [0, 1].

    On fixed cases and random ones drawn from ``seed`` (a ✘ shows it); scikit-learn's
    ``accuracy_score`` does not count.

    Examples
    --------
    >>> check_accuracy(lambda z, y: (z.argmax(dim=1) == y).float().mean())
    ✔ Correct! The predicted class is the largest logit; accuracy is the fraction predicted right.
    """
    return ACCURACY.check(func, seed=seed)


# --- iterations the tutorial's loop runs ---------------------------------------------------

def _iterations_run(n_iters, n_samples, batch_size):
    epochs = int(n_iters / (n_samples / batch_size))
    return epochs * math.ceil(n_samples / batch_size)


def _random_runs(rng):
    return [(int(rng.integers(100, 5001)), int(rng.integers(1000, 70_001)),
             int(rng.choice([16, 32, 50, 64, 100, 128, 256])))]


def _a_count(answer, *args) -> str | None:
    value = float(as_real_array(answer)[0])
    return None if value == int(value) else f"it holds {value:g}, not a whole number"


ITERATIONS_RUN = Exercise(
    name="iterations_run", chapter=7, kind="derivation",
    reference=_iterations_run,
    cases=[(1500, 60_000, 100), (1500, 5_000, 100), (1000, 5_050, 100), (3000, 60_000, 100)],
    random_cases=_random_runs, output_range=(0, None), validate=_a_count,
    range_hint="a count of optimiser steps: a whole number, 0 or more.",
    mistakes=[
        Mistake(lambda n_iters, n, b: n_iters, "That is what the tutorial asks for, not what its loop does.",
                "int() rounds the number of epochs down, and the loop runs whole epochs: "
                "epochs * (batches per epoch)."),
        Mistake(lambda n_iters, n, b: int(n_iters / (n / b)) * (n // b),
                "It misses the last, smaller batch of each epoch.",
                "a DataLoader keeps the incomplete last batch (drop_last=False): batches per epoch = "
                "ceil(n_samples / batch_size)."),
        Mistake(lambda n_iters, n, b: round(n_iters / (n / b)) * math.ceil(n / b),
                "The number of epochs was rounded to the nearest whole number.",
                "the tutorial uses int(), which truncates (19.8 becomes 19, not 20)."),
        Mistake(lambda n_iters, n, b: n_iters / (n / b) * math.ceil(n / b),
                "The number of epochs is not a whole number.",
                "the loop `for epoch in range(num_epochs)` needs int(): apply it to the epochs first."),
        Mistake(lambda n_iters, n, b: int(n_iters / (n / b)), "That is the number of epochs.",
                "multiply by the number of batches (iterations) in each epoch."),
    ],
    success="On full MNIST the tutorial asks for 1500 iterations but runs 1200: 2 epochs of 600 batches.",
    hint="epochs = int(n_iters / (n_samples / batch_size)); each epoch has ceil(n_samples / batch_size) "
         "batches.",
)


def check_iterations_run(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(n_iters, n_samples, batch_size)``: the optimiser steps the tutorial's loop takes.

    The tutorial computes ``num_epochs = int(n_iters / (n_samples / batch_size))``
    and then loops over whole epochs of ``ceil(n_samples / batch_size)`` batches. On fixed
    cases and random ones drawn from ``seed`` (a ✘ shows it).

    Examples
    --------
    >>> check_iterations_run(lambda n_iters, n, b: int(n_iters / (n / b)) * math.ceil(n / b))
    ✔ Correct! On full MNIST the tutorial asks for 1500 iterations but runs 1200: 2 epochs of 600 batches.
    """
    return ITERATIONS_RUN.check(func, seed=seed)


# --- the training loop and evaluation, on a tiny seeded data set --------------------------

@dataclass(frozen=True)
class TinyData:
    """A tiny seeded classification problem: what the loop exercises are checked on."""

    seed: int
    n_samples: int = 24
    n_features: int = 6
    n_classes: int = 3
    batch_size: int = 8

    def __repr__(self) -> str:
        return (f"<{self.n_samples} seeded samples of {self.n_features} features, {self.n_classes} classes, "
                f"batches of {self.batch_size}>")

    def build(self):
        """A fresh (model, loader, loss_fn, optimizer), the same at every call."""
        import torch
        from torch import nn

        gen = torch.Generator().manual_seed(self.seed)
        X = torch.randn(self.n_samples, self.n_features, generator=gen)
        y = torch.randint(0, self.n_classes, (self.n_samples,), generator=gen)
        loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X, y), batch_size=self.batch_size)
        torch.manual_seed(self.seed)
        model = _recording_model_class()(self.n_features, self.n_classes)
        return model, loader, nn.CrossEntropyLoss(), torch.optim.SGD(model.parameters(), lr=0.5)


@functools.cache
def _recording_model_class():
    from torch import nn

    class RecordingModel(nn.Linear):
        """nn.Linear that remembers, for each call, whether autograd was on and the model in train mode."""

        def __init__(self, *args):
            super().__init__(*args)
            self.calls = []

        def forward(self, x):
            import torch

            self.calls.append((torch.is_grad_enabled(), self.training))
            return super().forward(x)

    return RecordingModel


def _weights(model):
    import torch

    return torch.cat([p.detach().flatten() for p in model.parameters()])


def _epoch_outcome(func: Callable) -> Callable:
    """``func(model, loader, loss_fn, optimizer)`` turned into ``data -> (its result, weights after)``."""
    @functools.wraps(func)
    def outcome(data):
        model, loader, loss_fn, optimizer = data.build()
        return func(model, loader, loss_fn, optimizer), _weights(model)
    return outcome


def _same_epoch(actual, expected) -> bool:
    """The same loss (a Python float where the reference's is one) and the same weights afterwards."""
    if not (isinstance(actual, tuple) and len(actual) == 2):
        return False
    same_kind = isinstance(actual[0], float) == isinstance(expected[0], float)
    return same_kind and close(actual, expected, rtol=1e-5)


def _epoch(*, zero_grad: bool = True, softmax: bool = False, step_first: bool = False,
           keep_tensors: bool = False, reduce: str = "mean") -> Callable:
    """One epoch of training, right by default; each option is one of the typical mistakes."""
    def train_one_epoch(model, loader, loss_fn, optimizer):
        import torch

        model.train()
        losses = []
        for inputs, targets in loader:
            if zero_grad:
                optimizer.zero_grad()
            logits = model(inputs)
            loss = loss_fn(torch.softmax(logits, dim=1) if softmax else logits, targets)
            if step_first:
                optimizer.step()
            loss.backward()
            if not step_first:
                optimizer.step()
            losses.append(loss if keep_tensors else loss.item())
        if keep_tensors:
            return torch.stack(losses).mean()
        return {"mean": sum(losses) / len(losses), "sum": sum(losses), "last": losses[-1]}[reduce]
    return train_one_epoch


_train_one_epoch = _epoch()


def _random_tiny_data(rng):
    return [(TinyData(seed=int(rng.integers(100, 2**31)), n_samples=int(rng.integers(16, 49))),)]


def _a_loss(outcome, data) -> str | None:
    loss = float(as_real_array(outcome[0])[0])
    return None if loss >= 0 else f"it holds the loss {loss:.4g}, below 0"


TRAIN_ONE_EPOCH = Exercise(
    name="train_one_epoch", chapter=7, kind="bug",
    reference=_epoch_outcome(_train_one_epoch),
    cases=[(TinyData(seed=0),), (TinyData(seed=1, n_samples=40),)], random_cases=_random_tiny_data,
    forbidden=("lrlib.pytorch:train_one_epoch",),  # which lrlib.pytorch.train calls
    validate=_a_loss, range_hint="a cross-entropy is never negative: the mean of -log(probability) terms.",
    mistakes=[
        Mistake(_epoch_outcome(_epoch(zero_grad=False)),
                "The weights after the epoch differ: each step used the gradients of all the batches so far.",
                "call optimizer.zero_grad() at the start of every step: backward() adds to .grad, it "
                "does not "
                "replace it."),
        Mistake(_epoch_outcome(_epoch(softmax=True)), "The losses are too high and the steps too small.",
                "give the loss the logits, not softmax probabilities: nn.CrossEntropyLoss applies "
                "log-softmax "
                "itself, so softmax before it is applied twice."),
        Mistake(_epoch_outcome(_epoch(keep_tensors=True)), "The mean loss is right but it is a tensor.",
                "return a Python float: .item() on the mean (keeping loss tensors holds on to their "
                "graphs)."),
        Mistake(_epoch_outcome(_epoch(step_first=True)),
                "The weights did not move: each optimizer.step() came before loss.backward(), just after "
                "zero_grad() had cleared the gradients.",
                "the order is zero_grad(), forward, loss, loss.backward(), then optimizer.step()."),
        Mistake(_epoch_outcome(_epoch(reduce="last")), "That is the loss of the last batch only.",
                "collect every batch's loss (loss.item()) and return their mean."),
        Mistake(_epoch_outcome(_epoch(reduce="sum")), "That is the sum of the batch losses.",
                "divide by the number of batches: the mean, not the sum."),
    ],
    compare=_same_epoch,
    success="zero_grad, forward, loss, backward, step for every batch; the mean loss as a Python float.",
    hint="for each (inputs, targets) in loader: optimizer.zero_grad(); loss = loss_fn(model(inputs), "
         "targets); "
         "loss.backward(); optimizer.step(); keep loss.item(); return the mean.",
)


def check_train_one_epoch(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(model, loader, loss_fn, optimizer)``: one epoch of training; returns the mean loss.

    It is run on tiny seeded data sets, fixed ones and a random one drawn from ``seed`` (a ✘
    shows it); the mean loss it returns and the weights it leaves behind are compared with
    the reference loop's. ``lrlib.pytorch.train_one_epoch`` does not count.

    Examples
    --------
    >>> def train_one_epoch(model, loader, loss_fn, optimizer):
    ...     losses = []
    ...     for inputs, targets in loader:
    ...         optimizer.zero_grad()
    ...         loss = loss_fn(model(inputs), targets)
    ...         loss.backward()
    ...         optimizer.step()
    ...         losses.append(loss.item())
    ...     return sum(losses) / len(losses)
    >>> check_train_one_epoch(train_one_epoch)
    ✔ Correct! zero_grad, forward, loss, backward, step for every batch; the mean loss as a Python float.
    """
    return TRAIN_ONE_EPOCH.check(_epoch_outcome(func), seed=seed)


def _evaluation_outcome(func: Callable) -> Callable:
    """``func(model, loader)`` turned into ``data -> (its result, all calls in eval mode, all without "
      "autograd)``."""
    @functools.wraps(func)
    def outcome(data):
        model, loader, _, _ = data.build()
        model.train()  # as a training loop leaves it
        result = func(model, loader)
        calls = model.calls
        return (result, bool(calls) and not any(training for _, training in calls),
                bool(calls) and not any(grad for grad, _ in calls))
    return outcome


def _evaluate_with(*, eval_mode: bool = True, no_grad: bool = True) -> Callable:
    """Accuracy over a loader, right by default; without eval mode or no_grad, the typical mistakes."""
    import contextlib

    def evaluate(model, loader):
        import torch

        if eval_mode:
            model.eval()
        correct = total = 0
        with torch.no_grad() if no_grad else contextlib.nullcontext():
            for inputs, targets in loader:
                correct += int((model(inputs).argmax(dim=1) == targets).sum())
                total += len(targets)
        return correct / total
    return evaluate


_evaluate = _evaluate_with()


def _evaluate_mean_of_batches(model, loader):
    import torch

    model.eval()
    with torch.no_grad():
        accuracies = [float((model(x).argmax(dim=1) == y).float().mean()) for x, y in loader]
    return sum(accuracies) / len(accuracies)


_NO_GRAD = ("wrap the loop in `with torch.no_grad():` (or torch.inference_mode()): without it, every forward "
            "pass records a graph for a backward pass that never comes, costing memory and time.")
_EVAL = ("call model.eval() first: it switches layers such as dropout and batch norm to their evaluation "
         "behaviour (a linear model has none, but the next model will); model.train() switches back.")

EVALUATE = Exercise(
    name="evaluate", chapter=7,
    reference=_evaluation_outcome(_evaluate),
    cases=[(TinyData(seed=2, n_samples=20),), (TinyData(seed=3, n_samples=30),)],
    random_cases=_random_tiny_data,
    forbidden=("lrlib.pytorch:accuracy", "lrlib.pytorch:evaluate"),
    output_range=(0, 1), range_hint=_A_FRACTION,
    mistakes=[
        Mistake(_evaluation_outcome(_evaluate_with(eval_mode=True, no_grad=False)),
                "The accuracy is right, but autograd was on during the evaluation.", _NO_GRAD),
        Mistake(_evaluation_outcome(_evaluate_with(eval_mode=False, no_grad=True)),
                "The accuracy is right, but the model was still in training mode.", _EVAL),
        Mistake(_evaluation_outcome(_evaluate_with(eval_mode=False, no_grad=False)),
                "The accuracy is right, but the model was in training mode and autograd was on.",
                "call model.eval() first (dropout and batch norm then behave as at test time), and wrap the "
                "loop in `with torch.no_grad():` (no graph recorded for a backward pass that never comes)."),
        Mistake(_evaluation_outcome(_evaluate_mean_of_batches),
                "That is the mean of the batches' accuracies: the last, smaller batch weighs as much as "
                "a full one.",
                "count the correct predictions and the samples over all batches, and divide at the end."),
    ],
    success="model.eval(), torch.no_grad(), and the accuracy over every sample of the loader.",
    hint="model.eval(); with torch.no_grad(): add up (model(inputs).argmax(dim=1) == targets).sum() and "
         "len(targets) over the loader; return correct / total.",
)


def check_evaluate(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(model, loader) -> accuracy``: in eval mode, without autograd, over every sample.

    The second and third numbers of what the messages show are whether every call of the
    model was in eval mode, and whether every call ran without autograd. On fixed data sets
    and a random one drawn from ``seed`` (a ✘ shows it); ``lrlib.pytorch.accuracy`` and
    ``evaluate`` do not count.

    Examples
    --------
    >>> import torch
    >>> def evaluate(model, loader):
    ...     model.eval()
    ...     with torch.no_grad():
    ...         right = sum(int((model(x).argmax(dim=1) == y).sum()) for x, y in loader)
    ...     return right / len(loader.dataset)
    >>> check_evaluate(evaluate)
    ✔ Correct! model.eval(), torch.no_grad(), and the accuracy over every sample of the loader.
    """
    return EVALUATE.check(_evaluation_outcome(func), seed=seed)


# --- a threshold for referring digits to a person ---------------------------------------------

def _ranked(probabilities, labels):
    """Top probabilities from the most confident image down, and whether each prediction is right."""
    probabilities, labels = np.asarray(probabilities, dtype=float), np.asarray(labels)
    confidence = probabilities.max(axis=1)
    order = np.argsort(-confidence, kind="stable")
    return confidence[order], (probabilities.argmax(axis=1) == labels)[order]


def _kept_accuracies(confidence, right):
    """Accuracy on the images kept at each threshold t = confidence[k]: all those with confidence >= t."""
    kept = np.arange(1, len(right) + 1)
    accuracy = np.cumsum(right) / kept
    # a threshold keeps every image tied with it: only the last of each run of ties is a real choice
    real = np.append(confidence[1:] != confidence[:-1], True)
    return accuracy, real


def _referral_threshold(probabilities, labels, target):
    confidence, right = _ranked(probabilities, labels)
    accuracy, real = _kept_accuracies(confidence, right)
    return float(confidence[np.flatnonzero(real & (accuracy >= target))[-1]])


def _first_drop(probabilities, labels, target):
    # walks down and stops at the first image whose addition takes the accuracy below the target
    confidence, right = _ranked(probabilities, labels)
    accuracy, _ = _kept_accuracies(confidence, right)
    below = np.flatnonzero(accuracy < target)
    return float(confidence[below[0] - 1] if len(below) else confidence[-1])


def _true_class_confidence(probabilities, labels):
    probabilities, labels = np.asarray(probabilities, dtype=float), np.asarray(labels)
    confidence = probabilities[np.arange(len(labels)), labels]
    order = np.argsort(-confidence, kind="stable")
    return confidence[order], (probabilities.argmax(axis=1) == labels)[order]


def _with_true_class(probabilities, labels, target):
    confidence, right = _true_class_confidence(probabilities, labels)
    accuracy, real = _kept_accuracies(confidence, right)
    return float(confidence[np.flatnonzero(real & (accuracy >= target))[-1]])


def _first_referred(probabilities, labels, target):
    confidence, right = _ranked(probabilities, labels)
    accuracy, real = _kept_accuracies(confidence, right)
    k = np.flatnonzero(real & (accuracy >= target))[-1]
    return float(confidence[min(k + 1, len(confidence) - 1)])


def _share_referred(probabilities, labels, target):
    confidence, right = _ranked(probabilities, labels)
    accuracy, real = _kept_accuracies(confidence, right)
    return 1 - (np.flatnonzero(real & (accuracy >= target))[-1] + 1) / len(confidence)


def _validation_like(rng, n, sure):
    """``n`` images of 10 classes, labels drawn from the probabilities; the ``sure`` most confident right."""
    logits = rng.normal(size=(n, 10)) * rng.uniform(1.5, 4.0, size=(n, 1))
    probabilities = np.exp(logits - logits.max(axis=1, keepdims=True))
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    labels = (probabilities.cumsum(axis=1) < rng.uniform(size=(n, 1))).sum(axis=1).clip(0, 9)
    top = np.argsort(-probabilities.max(axis=1))[:sure]
    labels[top] = probabilities[top].argmax(axis=1)
    return probabilities, labels


def _fixed_referral_cases():
    rng = np.random.default_rng(2026)
    return [(*_validation_like(rng, 40, 3), 0.9), (*_validation_like(rng, 300, 5), 0.95),
            (*_validation_like(rng, 1000, 5), 0.97)]


def _random_referral_cases(rng):
    return [(*_validation_like(rng, int(rng.integers(200, 1200)), 5), float(rng.uniform(0.9, 0.98)))]


REFERRAL_THRESHOLD = Exercise(
    name="referral_threshold", chapter=7, kind="interpretation",
    reference=_referral_threshold,
    cases=_fixed_referral_cases, random_cases=_random_referral_cases,
    output_range=(0, 1), range_hint="a threshold on the top probability: a number between 0.1 and 1.",
    mistakes=[
        Mistake(_first_drop, "The threshold is higher than it needs to be: you stopped at the first image "
                "that took the accuracy below the target.",
                "the accuracy on the kept images goes down and up again as the threshold falls: look at "
                "every threshold and keep the lowest one whose accuracy still reaches the target."),
        Mistake(_with_true_class, "The confidence is the probability of the true class.",
                "a deployed model does not know the true class: its confidence is its largest probability, "
                "probabilities.max(axis=1)."),
        Mistake(_first_referred, "That is the confidence of the most confident image referred, one step "
                "too far.",
                "the threshold is the confidence of the least confident image kept."),
        Mistake(_share_referred, "That is the share of images referred, not the threshold.",
                "return the confidence that separates the kept images from the referred ones."),
    ],
    success="The lowest threshold that reaches the target: the fewest digits go to a person.",
    hint="sort the images by confidence (the largest probability), most confident first; the accuracy on the "
         "k most confident is cumsum(right)[k-1] / k; return the confidence of the last image of the largest "
         "k whose accuracy reaches the target.",
)


def check_referral_threshold(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(probabilities, labels, target) -> threshold``: refer to a person below it.

    A digit is kept when the model's largest probability is at least the threshold, and
    referred otherwise; the answer is the lowest threshold at which the accuracy on the kept
    digits reaches ``target``. On fixed validation-like sets (their most confident images
    right) and a random one drawn from ``seed`` (a ✘ shows it).

    Examples
    --------
    >>> def referral_threshold(probabilities, labels, target):
    ...     confidence = probabilities.max(axis=1)
    ...     order = np.argsort(-confidence)
    ...     right = (probabilities.argmax(axis=1) == labels)[order]
    ...     accuracy = np.cumsum(right) / np.arange(1, len(right) + 1)
    ...     return confidence[order][np.flatnonzero(accuracy >= target)[-1]]
    >>> check_referral_threshold(referral_threshold)
    ✔ Correct! The lowest threshold that reaches the target: the fewest digits go to a person.
    """
    return REFERRAL_THRESHOLD.check(func, seed=seed)
