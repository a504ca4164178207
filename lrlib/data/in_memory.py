"""``InMemoryMNIST``: torchvision's MNIST dataset class, fed from tensors already in memory.

It lets the classic tutorial's recipe (``transforms.ToTensor()`` applied to one PIL
image at a time, a ``DataLoader`` collating them) run unchanged on whichever MNIST
source :func:`lrlib.data.load_mnist` found, the shipped sample included.

Importing this module imports PyTorch and torchvision.
"""

from __future__ import annotations

import torch
from torchvision.datasets import MNIST, VisionDataset

from lrlib._validation import check_consistent_length, check_tensor

__all__ = ["InMemoryMNIST"]


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
