"""Training: one epoch of the classic loop, batches from tensors in memory, and :func:`train`.

:func:`train_one_epoch` is the loop chapter 7 shows, line for line; :func:`train`
adds what a whole run needs around it: input checks, the optimiser and its
learning-rate schedule, an order of the rows for each epoch, a progress bar,
divergence detection and timings.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn
from tqdm.auto import tqdm as auto_tqdm

from lrlib._validation import check_consistent_length, check_scalar, check_tensor
from lrlib.optim import DivergenceError
from lrlib.pytorch.devices import (
    check_seed,
    default_num_threads,
    intra_op_threads,
    seed_everything,
    select_device,
)
from lrlib.pytorch.evaluation import accuracy
from lrlib.pytorch.loss import BatchLastCrossEntropyLoss
from lrlib.pytorch.model import LogisticRegressionModel, check_model_input

__all__ = ["TrainingHistory", "fit_logistic_regression", "progress_enabled", "shuffled_batches", "train",
           "train_one_epoch"]

PROGRESS_ENV_VAR = "LRLIB_PROGRESS"


def progress_enabled(progress: bool | None = None) -> bool:
    """Whether to show a progress bar: ``progress`` if given, else the environment's choice.

    Without ``progress``, the bar is on unless the environment variable
    ``LRLIB_PROGRESS`` is ``0`` (or ``false``, ``no``, ``off``): set it to silence
    every bar at once, as the course's tests and benchmarks do.

    Examples
    --------
    >>> progress_enabled(True), progress_enabled(False)
    (True, False)
    """
    if progress is not None:
        if not isinstance(progress, bool):
            raise TypeError(f"progress must be None, True or False, got {progress!r}")
        return progress
    return os.environ.get(PROGRESS_ENV_VAR, "1").strip().lower() not in {"0", "false", "no", "off"}


class _EpochLines:
    """Progress where widgets are unavailable (a terminal, a log): one printed line per epoch."""

    def __init__(self, total: int, desc: str, enabled: bool):
        self.total, self.desc, self.enabled, self.n, self.postfix = total, desc, enabled, 0, {}

    def set_postfix(self, postfix: dict, refresh: bool = False) -> None:
        self.postfix = postfix

    def update(self) -> None:
        self.n += 1
        if self.enabled:
            shown = ", ".join(f"{key} {value}" for key, value in self.postfix.items())
            print(f"{self.desc}: epoch {self.n}/{self.total}: {shown}", flush=True)

    def close(self) -> None:
        pass


def _progress_bar(total: int, enabled: bool):
    """A ``tqdm.auto`` widget in Jupyter (where ipywidgets is installed), else one line per epoch."""
    if enabled and any(cls.__module__ == "tqdm.notebook" for cls in auto_tqdm.__mro__):
        return auto_tqdm(total=total, desc="training", unit="epoch")
    return _EpochLines(total, "training", enabled)


# ----------------------------------------------------------------------------- the loop

def _check_loss(loss) -> None:
    """What ``loss_fn`` returned must be a scalar tensor that autograd can differentiate."""
    if not isinstance(loss, torch.Tensor):
        raise TypeError(f"loss_fn must return a tensor (the batch's loss), got {type(loss).__name__}")
    if loss.ndim != 0:
        raise ValueError(f"loss_fn must return a scalar tensor, the batch's mean (or summed) loss, got shape "
                         f"{tuple(loss.shape)}: use reduction='mean', not 'none'")
    if not loss.requires_grad:
        raise ValueError("loss_fn returned a loss that does not depend on the model's parameters (it has no "
                         "gradient): compute it from the logits it is given, without .detach() or .item()")


def train_one_epoch(model: nn.Module, batches: Iterable, loss_fn, optimizer, scheduler=None) -> torch.Tensor:
    """One pass over ``batches``: for each, forward, loss, backward, one optimiser step.

    This is the loop chapter 7 shows. The losses are kept as tensors and returned
    together: calling ``loss.item()`` at every step would make the CPU wait for the
    device (a GPU) at every step, and costs a Python float per step even on the CPU.

    Parameters
    ----------
    model : torch.nn.Module
    batches : iterable of (inputs, targets)
        A DataLoader, or :func:`shuffled_batches`.
    loss_fn : callable
        ``loss_fn(logits, targets)``, e.g. ``nn.CrossEntropyLoss()``: a scalar tensor
        computed from the logits (checked at every batch; an error naming ``loss_fn`` otherwise).
    optimizer : torch.optim.Optimizer
    scheduler : torch.optim.lr_scheduler.LRScheduler, optional
        Stepped after every optimiser step.

    Returns
    -------
    torch.Tensor of shape (n_batches,)
        The loss of each batch (detached); ``.mean().item()`` is the epoch's mean loss.

    Examples
    --------
    >>> torch.manual_seed(0); model = nn.Linear(2, 2)  # doctest: +ELLIPSIS
    <torch._C.Generator object at ...>
    >>> data = [(torch.tensor([[0.0, 1.0], [1.0, 0.0]]), torch.tensor([1, 0]))] * 20
    >>> optimizer = torch.optim.SGD(model.parameters(), lr=1.0)
    >>> losses = train_one_epoch(model, data, nn.CrossEntropyLoss(), optimizer)
    >>> losses.shape, bool(losses[-1] < losses[0])
    (torch.Size([20]), True)
    """
    model.train()
    losses = []
    for inputs, targets in batches:
        optimizer.zero_grad()                    # forget the previous batch's gradients
        loss = loss_fn(model(inputs), targets)   # forward: logits, then the batch's mean loss
        _check_loss(loss)
        loss.backward()                          # autograd: d loss / d parameter, into each .grad
        optimizer.step()                         # move every parameter against its gradient
        if scheduler is not None:
            scheduler.step()                     # the learning rate for the next step
        losses.append(loss.detach())             # no .item(): it would wait at every step
    return torch.stack(losses)


def shuffled_batches(X: torch.Tensor, y: torch.Tensor, batch_size: int, epochs: int,
                     generator: torch.Generator) -> Iterator[Iterator[tuple[torch.Tensor, torch.Tensor]]]:
    """For each epoch, the mini-batches of ``(X, y)`` in a new random order.

    Each epoch draws a new order of the rows (``torch.randperm``), and each batch copies
    its rows, in that order, into one buffer allocated once (``torch.index_select`` with
    ``out=``). The forward pass and the gradient then read the batch from the processor's
    caches, as much of it as they hold (all of a batch of 6,000 MNIST images, 19 MB, on a
    server's last-level cache), and only the copy reads the training images from memory:
    once per epoch. (Copying the whole set into a shuffled
    buffer at the start of each epoch, and slicing that, is slower: on full MNIST, 4.5
    times the memory-bandwidth floor against 3; see ``benchmarks/mnist.py``.) The
    labels are shuffled once per epoch: they are small.

    The inputs of every batch are that same buffer: use each batch before asking for the
    next, as a training loop does.

    Yields
    ------
    iterator of (inputs, targets)
        One per epoch.

    Examples
    --------
    >>> X, y = torch.arange(10.0).reshape(5, 2), torch.arange(5)
    >>> for batches in shuffled_batches(X, y, 2, epochs=2, generator=torch.Generator().manual_seed(0)):
    ...     print([yb.tolist() for _, yb in batches])
    [[4, 0], [1, 3], [2]]
    [[3, 4], [0, 1], [2]]
    """
    buffer = torch.empty((min(batch_size, len(y)), *X.shape[1:]), dtype=X.dtype, device=X.device)
    for _ in range(epochs):
        order = torch.randperm(len(y), generator=generator).to(y.device)
        yield _gathered_batches(X, y[order], order, batch_size, buffer)


def _gathered_batches(X, y_shuffled, order, batch_size, buffer):
    """The batches of one epoch, each copied into ``buffer`` when it is asked for."""
    for start in range(0, len(order), batch_size):
        rows = order[start:start + batch_size]
        inputs = buffer[:len(rows)]
        torch.index_select(X, 0, rows, out=inputs)
        yield inputs, y_shuffled[start:start + batch_size]


# ----------------------------------------------------------------------------- a whole run

@dataclass
class TrainingHistory:
    """What happened during :func:`train`.

    Attributes
    ----------
    batch_loss : list of float
        The training loss of every mini-batch, in order.
    epoch_loss : list of float
        The mean mini-batch loss of each epoch.
    val_accuracy : list of float
        Accuracy on the validation data after each epoch (empty without it).
    seconds : float
        Wall time of training alone: the epochs, without the validation passes.
    validation_seconds : float
        Wall time of the validation passes.
    num_threads : int
        PyTorch's intra-op threads during training.
    batch_size : int
        The rows per batch (the last batch of an epoch may be smaller).
    """

    batch_loss: list[float] = field(default_factory=list)
    epoch_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)
    seconds: float = 0.0
    validation_seconds: float = 0.0
    num_threads: int = 1
    batch_size: int = 0


_OPTIMIZERS = {"adam": torch.optim.Adam, "sgd": torch.optim.SGD}
STEPS_PER_EPOCH = 10  # the default batch size is a tenth of the rows
ADAM_BETA1 = 0.8      # Adam's default momentum here (PyTorch's is 0.9): see train's docstring
FUSED_DEVICES = ("cpu", "cuda")  # where PyTorch 2.14 has fused Adam and SGD kernels


RISE_FACTOR = 10  # an epoch whose mean loss is this many times the first batch's has diverged


def _check_divergence(losses: torch.Tensor, model: nn.Module, history: TrainingHistory, epoch: int,
                      learning_rate: float) -> None:
    """Raise DivergenceError when a loss or a weight is inf or NaN, or the loss has risen tenfold.

    Called once per epoch, so the device is waited for once per epoch, not at every step.
    """
    start = history.batch_loss[0] if history.batch_loss else float(losses[0])
    bad = ~torch.isfinite(losses)
    if bool(bad.any()):
        k = int(bad.nonzero()[0])
        why = f"the loss became {float(losses[k])} at batch {k + 1} of epoch {epoch + 1}"
    elif not all(bool(torch.isfinite(p).all()) for p in model.parameters()):
        why = f"the weights became inf or NaN in epoch {epoch + 1}"
    elif float(losses.mean()) > RISE_FACTOR * max(start, 1.0):
        why = (f"the mean loss of epoch {epoch + 1} is {float(losses.mean()):.4g}, more than {RISE_FACTOR} "
               f"times the first batch's {start:.4g}")
    else:
        return
    raise DivergenceError(
        f"training diverged: {why}. learning_rate={learning_rate:g} is too large; "
        "try a value 10 times smaller.",
        np.asarray(history.batch_loss + losses.tolist()),
    )


def train(
    model: nn.Module,
    X,
    y,
    *,
    epochs: int = 10,
    batch_size: int | None = None,
    optimizer: str = "adam",
    learning_rate: float = 0.08,
    momentum: float | None = None,
    weight_decay: float = 2e-5,
    schedule: str = "linear",
    seed: int = 0,
    device=None,
    validation_data=None,
    progress: bool | None = None,
    num_threads: int | None = None,
) -> TrainingHistory:
    """Train ``model`` with mini-batches drawn from tensors in memory; minimises cross-entropy.

    Each epoch is :func:`train_one_epoch` over :func:`shuffled_batches` (a new random
    order each epoch, seeded by ``seed``, so a run is repeatable): a batch is one copy of
    its rows from a tensor in memory, not a DataLoader collating samples one by one.

    Parameters
    ----------
    model : torch.nn.Module
        Maps a (batch, n_features) float tensor to (batch, n_classes) logits.
    X : tensor or array of shape (n_samples, n_features)
    y : tensor or array of shape (n_samples,), integer class labels
    epochs : int, default 10
    batch_size : int, optional
        Default: a tenth of the rows, rounded up (6,000 on full MNIST), so that an epoch
        takes ten steps. Every step costs a fixed time on top of its arithmetic (Python,
        PyTorch's dispatch, the optimiser: about 1 ms on 2 CPU cores, measured by
        ``benchmarks/mnist.py``), so ten large batches cost much less than sixty small
        ones for the same images.
    optimizer : {"adam", "sgd"}, default "adam"
    learning_rate : float, default 0.08
        The (initial) learning rate, called ``lr`` by PyTorch's optimisers.
    momentum : float in [0, 1), optional
        For ``"sgd"``, its momentum (default 0: plain SGD). For ``"adam"``, the decay of
        its running mean of the gradients, PyTorch's ``betas[0]`` (default 0.8; PyTorch's
        own default is 0.9). With large batches the gradients carry little noise to
        average out, and a shorter memory lets each of the few steps count. Chapter 7
        chooses it on a validation split of full MNIST: 92.86 % against 92.81 % for 0.9.
    weight_decay : float, default 2e-5
        L2 penalty, as in PyTorch's optimisers (it adds ``weight_decay * w`` to each
        gradient of the mean loss). The default is about scikit-learn's default penalty
        (``C=1``) on 60,000 images: ``1 / (C n) = 1.7e-5``. It keeps the weights of pixels
        that are almost never inked, about which the data says next to nothing, near 0;
        0 trains the plain, unpenalised model.
    schedule : {"linear", "constant"}, default "linear"
        ``"linear"`` lowers the learning rate step by step to 0 at the end, which lets
        the last epochs settle into the minimum instead of rattling around it.
    seed : int in 0..2**32 - 1, default 0
        Seeds the shuffling.
    device : str or torch.device, optional
        Defaults to :func:`select_device` (CUDA when available).
    validation_data : tuple (X_val, y_val), optional
        Its accuracy is recorded after every epoch (timed apart from training).
    progress : bool, optional
        Show a progress bar over epochs (``tqdm.auto``: a widget in Jupyter, one line per
        epoch elsewhere); default: on, unless ``LRLIB_PROGRESS=0`` (see :func:`progress_enabled`).
    num_threads : int, optional
        PyTorch's intra-op threads during training (the previous count is restored
        afterwards). Default: every core this process may run on
        (:func:`~lrlib.pytorch.devices.default_num_threads`), which is fastest on cores that
        are free. On cores busy with other programs, pass ``num_threads=1``: threads that
        wait for each other at every small operation then lose far more than they gain
        (full MNIST on 2 cores at load average 8: about 40 s with two threads, about 3 s
        with one).

    Returns
    -------
    TrainingHistory

    Raises
    ------
    lrlib.DivergenceError
        When a loss or a weight becomes inf or NaN, or an epoch's mean loss is more than
        10 times the first batch's (checked after every epoch); the message names the
        learning rate.
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    X = check_tensor(X, "X", ndim=2)
    n_classes = check_model_input(model, X, "X")
    y = check_tensor(y, "y", ndim=1, kind="int", n_classes=n_classes)
    n = check_consistent_length(X=X, y=y)
    epochs = check_scalar(epochs, "epochs", min_value=1, integer=True)
    batch_size = (math.ceil(n / STEPS_PER_EPOCH) if batch_size is None
                  else check_scalar(batch_size, "batch_size", min_value=1, integer=True))
    learning_rate = check_scalar(learning_rate, "learning_rate", min_value=0, include_min=False)
    if momentum is not None:
        momentum = check_scalar(momentum, "momentum", min_value=0, max_value=1, include_max=False)
    weight_decay = check_scalar(weight_decay, "weight_decay", min_value=0)
    seed = check_seed(seed)
    num_threads = (default_num_threads() if num_threads is None
                   else check_scalar(num_threads, "num_threads", min_value=1, integer=True))
    if optimizer not in _OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {sorted(_OPTIMIZERS)}, got {optimizer!r}")
    if schedule not in ("linear", "constant"):
        raise ValueError(f"schedule must be 'linear' or 'constant', got {schedule!r}")
    if validation_data is not None:
        if not isinstance(validation_data, tuple | list) or len(validation_data) != 2:
            raise TypeError("validation_data must be a pair (X_val, y_val)")
        X_val = check_tensor(validation_data[0], "validation_data[0]", ndim=2)
        check_model_input(model, X_val, "validation_data[0]")
        y_val = check_tensor(validation_data[1], "validation_data[1]", ndim=1, kind="int",
                             n_classes=n_classes)
        check_consistent_length(X_val=X_val, y_val=y_val)

    device = select_device(device)
    model.to(device)
    X, y = X.to(device), y.to(device)
    # fused: the whole update in one kernel instead of a dozen small operations per step
    options = {"lr": learning_rate, "weight_decay": weight_decay, "fused": device.type in FUSED_DEVICES}
    if optimizer == "sgd":
        options["momentum"] = 0.0 if momentum is None else momentum
    else:
        options["betas"] = (ADAM_BETA1 if momentum is None else momentum, 0.999)
    opt = _OPTIMIZERS[optimizer](model.parameters(), **options)
    total_steps = epochs * math.ceil(n / batch_size)
    scheduler = (torch.optim.lr_scheduler.LambdaLR(opt, lambda step: 1 - step / total_steps)
                 if schedule == "linear" else None)
    generator = torch.Generator().manual_seed(seed)
    history = TrainingHistory(num_threads=num_threads, batch_size=batch_size)
    loss_fn = BatchLastCrossEntropyLoss()

    bar = _progress_bar(epochs, progress_enabled(progress))
    with intra_op_threads(num_threads):
        start = time.perf_counter()
        for epoch, batches in enumerate(shuffled_batches(X, y, batch_size, epochs, generator)):
            losses = train_one_epoch(model, batches, loss_fn, opt, scheduler)
            _check_divergence(losses, model, history, epoch, learning_rate)
            history.batch_loss.extend(losses.tolist())
            history.epoch_loss.append(float(losses.mean()))
            postfix = {"loss": f"{history.epoch_loss[-1]:.4f}"}
            if validation_data is not None:
                val_start = time.perf_counter()
                history.val_accuracy.append(accuracy(model, X_val, y_val))
                history.validation_seconds += time.perf_counter() - val_start
                postfix["val_acc"] = f"{history.val_accuracy[-1]:.4f}"
            bar.set_postfix(postfix, refresh=False)  # shown by the update below
            bar.update()
        history.seconds = time.perf_counter() - start - history.validation_seconds
    bar.close()
    model.eval()
    return history


def fit_logistic_regression(X, y, *, n_classes: int = 10, seed: int = 0, device=None, **train_options):
    """Build a :class:`LogisticRegressionModel` with seeded weights and :func:`train` it.

    The defaults (Adam, learning rate 0.08 decaying linearly to 0, ten batches per
    epoch, 10 epochs, weight_decay 2e-5) reach on full MNIST the test accuracy of
    scikit-learn's ``LogisticRegression()`` in a small fraction of its time (see
    ``benchmarks/mnist.py``).

    Parameters
    ----------
    X : tensor or array of shape (n_samples, n_features)
    y : tensor or array of shape (n_samples,)
    n_classes : int, default 10
        At least 2.
    seed : int in 0..2**32 - 1, default 0
        Seeds the initial weights and the shuffling: the same seed gives the same model.
    device : str or torch.device, optional
    **train_options
        Passed to :func:`train` (``epochs``, ``learning_rate``, ``batch_size``, ``optimizer``...).

    Returns
    -------
    model : LogisticRegressionModel
    history : TrainingHistory

    Examples
    --------
    >>> X = torch.rand(200, 4)
    >>> y = (X[:, 0] > X[:, 1]).long()
    >>> model, history = fit_logistic_regression(X, y, n_classes=2, epochs=30, batch_size=50,
    ...                                          learning_rate=0.05, progress=False)
    >>> len(history.epoch_loss), history.epoch_loss[-1] < history.epoch_loss[0]
    (30, True)
    """
    X = check_tensor(X, "X", ndim=2)
    n_classes = check_scalar(n_classes, "n_classes", min_value=2, integer=True)
    seed_everything(seed)
    model = LogisticRegressionModel(X.shape[1], n_classes)
    history = train(model, X, y, seed=seed, device=device, **train_options)
    return model, history
