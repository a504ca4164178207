"""Logistic regression in PyTorch (chapter 7): the model, a fast training loop, evaluation.

The model is the classic tutorial's ``nn.Linear(784, 10)``: softmax regression,
whose softmax lives inside ``nn.CrossEntropyLoss``. What makes training fast is
not the model but the data path: the images are tensors already in memory
(:func:`lrlib.data.load_mnist`), and a batch is one indexing operation, instead
of 100 PIL images each converted by ``ToTensor`` and stacked by a DataLoader.

Importing this module imports PyTorch and torchvision. It never starts DataLoader
worker processes and never changes PyTorch's thread count (set it yourself with
``torch.set_num_threads``).

Examples
--------
>>> import torch
>>> X = torch.rand(200, 4)
>>> y = (X[:, 0] > X[:, 1]).long()
>>> model, history = fit_logistic_regression(X, y, n_classes=2, epochs=30, batch_size=50,
...                                          lr=0.05, progress=False)
>>> evaluate(model, X, y).accuracy > 0.9
True
"""

from __future__ import annotations

import os
import random
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn
from torchvision.datasets import MNIST, VisionDataset
from tqdm import tqdm

from lrlib._validation import check_consistent_length, check_scalar, check_tensor

__all__ = [
    "Evaluation",
    "InMemoryMNIST",
    "LogisticRegressionModel",
    "TrainingHistory",
    "confusion_matrix",
    "evaluate",
    "fit_logistic_regression",
    "most_confident_mistakes",
    "predict_proba",
    "progress_enabled",
    "seed_everything",
    "select_device",
    "train",
]


# ----------------------------------------------------------------------------- set-up

def select_device(device=None) -> torch.device:
    """The device to compute on: ``device`` if given, else CUDA when available, else the CPU.

    Examples
    --------
    >>> select_device("cpu")
    device(type='cpu')
    """
    if device is None:
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if not isinstance(device, str | torch.device):
        raise TypeError(f"device must be None, a string such as 'cpu' or 'cuda', or a torch.device, "
                        f"got {type(device).__name__}")
    try:
        return torch.device(device)
    except RuntimeError as exc:
        raise ValueError(f"device {device!r} is not a device PyTorch knows: {exc}") from None


def seed_everything(seed: int) -> None:
    """Seed Python's, NumPy's and PyTorch's (CPU and CUDA) random generators.

    Examples
    --------
    >>> seed_everything(0); a = torch.rand(2)
    >>> seed_everything(0); bool((torch.rand(2) == a).all())
    True
    """
    seed = check_scalar(seed, "seed", min_value=0, integer=True)
    random.seed(seed)
    np.random.seed(seed)  # noqa: NPY002 (code outside lrlib may use the legacy global generator)
    torch.manual_seed(seed)  # seeds CUDA too


def progress_enabled(progress: bool | None = None) -> bool:
    """Whether to show a progress bar: ``progress`` if given, else on except under pytest.

    The bar is also off when the environment variable ``LRLIB_PROGRESS`` is ``0``.

    Examples
    --------
    >>> progress_enabled(True), progress_enabled(False)
    (True, False)
    """
    if progress is not None:
        if not isinstance(progress, bool):
            raise TypeError(f"progress must be None, True or False, got {progress!r}")
        return progress
    if "PYTEST_CURRENT_TEST" in os.environ:
        return False
    return os.environ.get("LRLIB_PROGRESS", "1").strip().lower() not in {"0", "false", "no", "off"}


# ----------------------------------------------------------------------------- data and model

class InMemoryMNIST(MNIST):
    """``torchvision.datasets.MNIST`` built from tensors already in memory.

    Same behaviour as torchvision's class (it inherits ``__getitem__``, ``__len__``,
    ``classes``...): indexing turns one image into a PIL image and applies
    ``transform`` to it, e.g. ``transforms.ToTensor()``. Only where the bytes come
    from differs, so the tutorial's recipe runs unchanged on any MNIST source.
    Get one with ``load_mnist().train_dataset(transform)``.

    Parameters
    ----------
    images : torch.Tensor of shape (n, 28, 28), uint8
    targets : torch.Tensor of shape (n,), int64
    train : bool, default True
    transform, target_transform : callable, optional
    root : path-like, optional
        Shown in the repr only: where the images were read from.

    Examples
    --------
    >>> ds = InMemoryMNIST(torch.zeros(3, 28, 28, dtype=torch.uint8), torch.tensor([1, 2, 3]))
    >>> len(ds), ds[1][1], type(ds[1][0]).__name__
    (3, 2, 'Image')
    """

    def __init__(self, images, targets, *, train: bool = True, transform=None, target_transform=None,
                 root=None):
        VisionDataset.__init__(self, root, transform=transform, target_transform=target_transform)
        if not isinstance(images, torch.Tensor) or images.dtype != torch.uint8 or images.ndim != 3:
            raise TypeError("images must be a uint8 tensor of shape (n, height, width)")
        targets = check_tensor(targets, "targets", ndim=1, kind="int", n_classes=len(self.classes))
        check_consistent_length(images=images, targets=targets)
        self.train = train
        self.data = images
        self.targets = targets


class LogisticRegressionModel(nn.Module):
    """Multinomial logistic regression: one linear layer producing a logit per class.

    ``forward`` returns logits; softmax turns them into probabilities and
    ``nn.CrossEntropyLoss`` applies it internally (as log-softmax, the stable way).
    Images of any shape are flattened first, so (n, 784) and (n, 1, 28, 28) both work.

    Parameters
    ----------
    input_dim : int, default 784
    output_dim : int, default 10

    Examples
    --------
    >>> model = LogisticRegressionModel()
    >>> model(torch.zeros(2, 1, 28, 28)).shape
    torch.Size([2, 10])
    """

    def __init__(self, input_dim: int = 28 * 28, output_dim: int = 10):
        super().__init__()
        input_dim = check_scalar(input_dim, "input_dim", min_value=1, integer=True)
        output_dim = check_scalar(output_dim, "output_dim", min_value=2, integer=True)
        self.linear = nn.Linear(input_dim, output_dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.linear(x.flatten(1))


# ----------------------------------------------------------------------------- training

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
        Wall time of the training loop.
    """

    batch_loss: list[float] = field(default_factory=list)
    epoch_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)
    seconds: float = 0.0


_OPTIMIZERS = {"adam": torch.optim.Adam, "sgd": torch.optim.SGD}


@contextmanager
def _intra_op_threads(num_threads: int | None):
    """Run the block with ``num_threads`` PyTorch intra-op threads (None: unchanged), then restore."""
    previous = torch.get_num_threads()
    if num_threads is not None:
        torch.set_num_threads(num_threads)
    try:
        yield
    finally:
        torch.set_num_threads(previous)


def _model_classes(model: nn.Module) -> int | None:
    linear = getattr(model, "linear", None)
    return linear.out_features if isinstance(linear, nn.Linear) else None


def train(
    model: nn.Module,
    X,
    y,
    *,
    epochs: int = 5,
    batch_size: int = 1024,
    optimizer: str = "adam",
    lr: float = 0.04,
    momentum: float = 0.0,
    weight_decay: float = 1e-4,
    schedule: str = "linear",
    seed: int = 0,
    device=None,
    validation_data=None,
    progress: bool | None = None,
    num_threads: int | None = 1,
) -> TrainingHistory:
    """Train ``model`` with mini-batches drawn from tensors in memory; minimises cross-entropy.

    Each epoch shuffles the rows (with a generator seeded by ``seed``, so a run is
    repeatable) and takes one optimiser step per batch: a batch is a single indexing
    operation, not a DataLoader collating samples one by one.

    Parameters
    ----------
    model : torch.nn.Module
        Maps a (batch, n_features) float tensor to (batch, n_classes) logits.
    X : tensor or array of shape (n_samples, n_features)
    y : tensor or array of shape (n_samples,), integer class labels
    epochs : int, default 5
    batch_size : int, default 1024
    optimizer : {"adam", "sgd"}, default "adam"
    lr : float, default 0.04
        The (initial) learning rate.
    momentum : float, default 0.0
        For ``"sgd"`` only.
    weight_decay : float, default 1e-4
        L2 penalty, as in PyTorch's optimisers (it adds ``weight_decay * w`` to each
        gradient). A little of it keeps the weights of pixels that are almost never inked,
        about which the data says next to nothing, near 0 instead of wherever Adam's
        per-weight steps push them; 0 trains the plain, unpenalised model.
    schedule : {"linear", "constant"}, default "linear"
        ``"linear"`` lowers the learning rate step by step to 0 at the end, which lets
        the last epochs settle into the minimum instead of rattling around it.
    seed : int, default 0
        Seeds the shuffling.
    device : str or torch.device, optional
        Defaults to :func:`select_device` (CUDA when available).
    validation_data : tuple (X_val, y_val), optional
        Its accuracy is recorded after every epoch.
    progress : bool, optional
        Show a progress bar over epochs; default: on, except under pytest (see
        :func:`progress_enabled`).
    num_threads : int or None, default 1
        PyTorch's intra-op threads during the loop (restored afterwards); None keeps the
        current setting. One by default, the robust choice for a layer this small: on a
        2-core machine with both cores free, two threads trained MNIST about a quarter
        faster, but when other programs kept the cores busy, two threads waiting for each
        other at every operation made it 5 to 15 times slower.

    Returns
    -------
    TrainingHistory
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    n_classes = _model_classes(model)
    X = check_tensor(X, "X", ndim=2)
    y = check_tensor(y, "y", ndim=1, kind="int", n_classes=n_classes)
    n = check_consistent_length(X=X, y=y)
    epochs = check_scalar(epochs, "epochs", min_value=1, integer=True)
    batch_size = check_scalar(batch_size, "batch_size", min_value=1, integer=True)
    lr = check_scalar(lr, "lr", min_value=0, include_min=False)
    momentum = check_scalar(momentum, "momentum", min_value=0)
    weight_decay = check_scalar(weight_decay, "weight_decay", min_value=0)
    seed = check_scalar(seed, "seed", min_value=0, integer=True)
    if num_threads is not None:
        num_threads = check_scalar(num_threads, "num_threads", min_value=1, integer=True)
    if optimizer not in _OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {sorted(_OPTIMIZERS)}, got {optimizer!r}")
    if schedule not in ("linear", "constant"):
        raise ValueError(f"schedule must be 'linear' or 'constant', got {schedule!r}")
    if validation_data is not None:
        if not isinstance(validation_data, tuple | list) or len(validation_data) != 2:
            raise TypeError("validation_data must be a pair (X_val, y_val)")
        X_val = check_tensor(validation_data[0], "validation_data[0]", ndim=2)
        y_val = check_tensor(validation_data[1], "validation_data[1]", ndim=1, kind="int",
                             n_classes=n_classes)
        check_consistent_length(X_val=X_val, y_val=y_val)

    device = select_device(device)
    model.to(device)
    X, y = X.to(device), y.to(device)
    options = {"lr": lr, "weight_decay": weight_decay}
    if optimizer == "sgd":
        options["momentum"] = momentum
    opt = _OPTIMIZERS[optimizer](model.parameters(), **options)
    steps_per_epoch = -(-n // batch_size)
    total_steps = epochs * steps_per_epoch
    scheduler = (torch.optim.lr_scheduler.LambdaLR(opt, lambda step: 1 - step / total_steps)
                 if schedule == "linear" else None)
    generator = torch.Generator().manual_seed(seed)
    history = TrainingHistory()

    loss_fn = nn.CrossEntropyLoss()
    start = time.perf_counter()
    model.train()
    bar = tqdm(range(epochs), desc="training", unit="epoch", disable=not progress_enabled(progress))
    with _intra_op_threads(num_threads):
        for _ in bar:
            order = torch.randperm(n, generator=generator).to(device)
            epoch_losses = []
            for i in range(0, n, batch_size):
                batch = order[i:i + batch_size]
                opt.zero_grad(set_to_none=True)
                loss = loss_fn(model(X[batch]), y[batch])
                loss.backward()
                opt.step()
                if scheduler is not None:
                    scheduler.step()
                epoch_losses.append(loss.item())
            history.batch_loss.extend(epoch_losses)
            history.epoch_loss.append(float(np.mean(epoch_losses)))
            postfix = {"loss": f"{history.epoch_loss[-1]:.4f}"}
            if validation_data is not None:
                history.val_accuracy.append(_accuracy(model, X_val, y_val, device))
                postfix["val_acc"] = f"{history.val_accuracy[-1]:.4f}"
                model.train()
            bar.set_postfix(postfix)
    bar.close()
    history.seconds = time.perf_counter() - start
    model.eval()
    return history


def fit_logistic_regression(X, y, *, n_classes: int = 10, seed: int = 0, device=None, **train_options):
    """Build a :class:`LogisticRegressionModel` with seeded weights and :func:`train` it.

    The defaults (Adam, lr 0.04 decaying linearly to 0, batches of 1024, 5 epochs,
    weight_decay 1e-4) reach on full MNIST the test accuracy of scikit-learn's ``LogisticRegression()``
    in a small fraction of its time (see ``benchmarks/mnist.py``).

    Parameters
    ----------
    X : tensor or array of shape (n_samples, n_features)
    y : tensor or array of shape (n_samples,)
    n_classes : int, default 10
    seed : int, default 0
        Seeds the initial weights and the shuffling: the same seed gives the same model.
    device : str or torch.device, optional
    **train_options
        Passed to :func:`train` (``epochs``, ``lr``, ``batch_size``, ``optimizer``...).

    Returns
    -------
    model : LogisticRegressionModel
    history : TrainingHistory
    """
    X = check_tensor(X, "X", ndim=2)
    seed_everything(seed)
    model = LogisticRegressionModel(X.shape[1], n_classes)
    history = train(model, X, y, seed=seed, device=device, **train_options)
    return model, history


# ----------------------------------------------------------------------------- evaluation

def _logits(model: nn.Module, X: torch.Tensor, device, batch_size: int = 10_000) -> torch.Tensor:
    model.eval()
    with torch.inference_mode():
        return torch.cat([model(X[i:i + batch_size].to(device)).float().cpu()
                          for i in range(0, len(X), batch_size)])


def _accuracy(model, X, y, device) -> float:
    return float((_logits(model, X, device).argmax(1) == y.cpu()).double().mean())


def _device_of(model: nn.Module) -> torch.device:
    param = next(model.parameters(), None)
    return param.device if param is not None else torch.device("cpu")


def predict_proba(model: nn.Module, X) -> torch.Tensor:
    """Softmax probabilities of every class, shape (n_samples, n_classes), on the CPU.

    Examples
    --------
    >>> p = predict_proba(LogisticRegressionModel(4, 3), torch.zeros(2, 4))
    >>> p.shape, torch.allclose(p.sum(1), torch.ones(2))
    (torch.Size([2, 3]), True)
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    X = check_tensor(X, "X", ndim=2)
    return torch.softmax(_logits(model, X, _device_of(model)), dim=1)


def confusion_matrix(y_true, y_pred, n_classes: int = 10) -> np.ndarray:
    """Counts of (true class, predicted class) pairs: row i, column j = true i predicted as j.

    Examples
    --------
    >>> confusion_matrix([0, 1, 1], [0, 0, 1], n_classes=2).tolist()
    [[1, 0], [1, 1]]
    """
    n_classes = check_scalar(n_classes, "n_classes", min_value=1, integer=True)
    y_true = check_tensor(y_true, "y_true", ndim=1, kind="int", n_classes=n_classes).cpu()
    y_pred = check_tensor(y_pred, "y_pred", ndim=1, kind="int", n_classes=n_classes).cpu()
    check_consistent_length(y_true=y_true, y_pred=y_pred)
    counts = torch.bincount(y_true * n_classes + y_pred, minlength=n_classes * n_classes)
    return counts.reshape(n_classes, n_classes).numpy()


@dataclass(frozen=True)
class Evaluation:
    """How a model does on a labelled set.

    Attributes
    ----------
    accuracy : float
        Fraction of correct predictions.
    loss : float
        Mean cross-entropy.
    confusion_matrix : numpy.ndarray of shape (n_classes, n_classes)
        Rows: true class; columns: predicted class.
    probabilities : torch.Tensor of shape (n_samples, n_classes)
        Softmax outputs.
    predictions : torch.Tensor of shape (n_samples,)
        Predicted classes (argmax of the probabilities).
    """

    accuracy: float
    loss: float
    confusion_matrix: np.ndarray
    probabilities: torch.Tensor = field(repr=False)
    predictions: torch.Tensor = field(repr=False)


def evaluate(model: nn.Module, X, y) -> Evaluation:
    """Accuracy, mean cross-entropy and confusion matrix of ``model`` on ``(X, y)``.

    Examples
    --------
    >>> model = LogisticRegressionModel(4, 3)
    >>> result = evaluate(model, torch.zeros(5, 4), [0, 1, 2, 2, 1])
    >>> result.confusion_matrix.sum(), 0.0 <= result.accuracy <= 1.0
    (np.int64(5), True)
    """
    if not isinstance(model, nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    X = check_tensor(X, "X", ndim=2)
    logits = _logits(model, X, _device_of(model))
    y = check_tensor(y, "y", ndim=1, kind="int", n_classes=logits.shape[1]).cpu()
    check_consistent_length(X=X, y=y)
    predictions = logits.argmax(1)
    return Evaluation(
        accuracy=float((predictions == y).double().mean()),
        loss=float(nn.functional.cross_entropy(logits, y)),
        confusion_matrix=confusion_matrix(y, predictions, n_classes=logits.shape[1]),
        probabilities=torch.softmax(logits, dim=1),
        predictions=predictions,
    )


def most_confident_mistakes(probabilities, y_true, k: int = 8):
    """The ``k`` wrong predictions made with the highest probability, most confident first.

    Parameters
    ----------
    probabilities : tensor or array of shape (n_samples, n_classes)
        Predicted probabilities (e.g. ``evaluate(...).probabilities``).
    y_true : tensor or array of shape (n_samples,)
    k : int, default 8

    Returns
    -------
    indices : numpy.ndarray of int64
        Rows of the mistakes (fewer than ``k`` if there are fewer mistakes).
    predicted : numpy.ndarray of int64
        The class predicted for each.
    confidence : numpy.ndarray of float
        The probability given to that wrong class.

    Examples
    --------
    >>> p = torch.tensor([[0.9, 0.1], [0.3, 0.7], [0.6, 0.4]])
    >>> idx, pred, conf = most_confident_mistakes(p, [1, 1, 1])
    >>> idx.tolist(), pred.tolist(), conf.round(2).tolist()
    ([0, 2], [0, 0], [0.9, 0.6])
    """
    probabilities = check_tensor(probabilities, "probabilities", ndim=2).cpu()
    y_true = check_tensor(y_true, "y_true", ndim=1, kind="int", n_classes=probabilities.shape[1]).cpu()
    check_consistent_length(probabilities=probabilities, y_true=y_true)
    k = check_scalar(k, "k", min_value=1, integer=True)
    confidence, predicted = probabilities.max(dim=1)
    wrong = torch.nonzero(predicted != y_true).flatten()
    order = torch.argsort(confidence[wrong], descending=True, stable=True)[:k]
    indices = wrong[order]
    return indices.numpy(), predicted[indices].numpy(), confidence[indices].double().numpy()
