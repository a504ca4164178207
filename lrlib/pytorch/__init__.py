"""Logistic regression in PyTorch (chapter 7): the model, a fast training loop, evaluation.

The model is the classic tutorial's ``nn.Linear(784, 10)``: softmax regression,
whose softmax lives inside ``nn.CrossEntropyLoss``. What makes training fast is
not the model but the data path: the images are tensors already in memory
(:func:`lrlib.data.load_mnist`), and a batch is one copy of its rows from one tensor,
instead of 100 PIL images each converted by ``ToTensor`` and stacked by a DataLoader.

The package, one module per concern:

- :mod:`lrlib.pytorch.model`: :class:`LogisticRegressionModel`;
- :mod:`lrlib.pytorch.loss`: :class:`BatchLastCrossEntropyLoss`, ``nn.CrossEntropyLoss``
  in the layout that is fast on CPUs;
- :mod:`lrlib.pytorch.training`: :func:`train_one_epoch` (the loop chapter 7 shows),
  :func:`shuffled_batches`, :func:`train`, :func:`fit_logistic_regression`;
- :mod:`lrlib.pytorch.evaluation`: :func:`evaluate`, :func:`predict_proba`,
  :func:`confusion_matrix`, :func:`most_confident_mistakes`;
- :mod:`lrlib.pytorch.devices`: :func:`select_device`, :func:`seed_everything`,
  :func:`default_num_threads`.

Importing it imports PyTorch (``import lrlib`` does not). Training never starts
DataLoader worker processes; it runs on as many intra-op threads as there are cores
this process may use (``num_threads``, or the environment variable ``LRLIB_NUM_THREADS``,
chooses another count; 1 is much faster when other programs keep the cores busy) and
restores PyTorch's previous thread count afterwards. Progress bars are ``tqdm.auto``
bars; the environment variable ``LRLIB_PROGRESS=0`` turns them all off.

Examples
--------
>>> import torch
>>> X = torch.rand(200, 4)
>>> y = (X[:, 0] > X[:, 1]).long()
>>> model, history = fit_logistic_regression(X, y, n_classes=2, epochs=30, batch_size=50,
...                                          learning_rate=0.05, progress=False)
>>> evaluate(model, X, y).accuracy > 0.9
True
"""

from lrlib.data.in_memory import InMemoryMNIST
from lrlib.pytorch.devices import available_devices, default_num_threads, seed_everything, select_device
from lrlib.pytorch.evaluation import (
    Evaluation,
    accuracy,
    confusion_matrix,
    evaluate,
    most_confident_mistakes,
    predict_proba,
)
from lrlib.pytorch.loss import BatchLastCrossEntropyLoss
from lrlib.pytorch.model import LogisticRegressionModel
from lrlib.pytorch.training import (
    TrainingHistory,
    fit_logistic_regression,
    progress_enabled,
    shuffled_batches,
    train,
    train_one_epoch,
)

__all__ = [
    "BatchLastCrossEntropyLoss",
    "Evaluation",
    "InMemoryMNIST",
    "LogisticRegressionModel",
    "TrainingHistory",
    "accuracy",
    "available_devices",
    "confusion_matrix",
    "default_num_threads",
    "evaluate",
    "fit_logistic_regression",
    "most_confident_mistakes",
    "predict_proba",
    "progress_enabled",
    "seed_everything",
    "select_device",
    "shuffled_batches",
    "train",
    "train_one_epoch",
]
