"""lrlib.pytorch.loss: BatchLastCrossEntropyLoss is nn.CrossEntropyLoss, in another layout."""

import pytest
import torch
from torch import nn

from lrlib.pytorch import BatchLastCrossEntropyLoss

OPTIONS = [{}, {"reduction": "sum"}, {"reduction": "none"}, {"label_smoothing": 0.1}, {"ignore_index": 2},
           {"weight": torch.linspace(0.5, 2.0, 10)}]


@pytest.mark.parametrize("options", OPTIONS, ids=lambda o: ",".join(o) or "defaults")
@pytest.mark.parametrize("n", [1, 7, 300])
def test_the_same_loss_and_gradient_as_cross_entropy_loss(options, n):
    gen = torch.Generator().manual_seed(n)
    logits = (5 * torch.randn(n, 10, generator=gen)).requires_grad_()
    targets = torch.randint(0, 10, (n,), generator=gen)
    ours = BatchLastCrossEntropyLoss(**options)(logits, targets)
    (grad_ours,) = torch.autograd.grad(ours.sum(), logits)
    theirs = nn.CrossEntropyLoss(**options)(logits, targets)
    (grad_theirs,) = torch.autograd.grad(theirs.sum(), logits)
    assert ours.shape == theirs.shape
    torch.testing.assert_close(ours, theirs)
    torch.testing.assert_close(grad_ours, grad_theirs)


def test_class_probabilities_as_targets():
    gen = torch.Generator().manual_seed(0)
    logits = torch.randn(20, 4, generator=gen)
    targets = torch.softmax(torch.randn(20, 4, generator=gen), dim=1)
    torch.testing.assert_close(BatchLastCrossEntropyLoss()(logits, targets), nn.CrossEntropyLoss()(logits, targets))


@pytest.mark.parametrize("shape, target", [((10,), torch.tensor(3)), ((4, 3, 5), torch.zeros(4, 5, dtype=torch.long))])
def test_other_shapes_are_passed_through(shape, target):
    logits = torch.randn(*shape)
    torch.testing.assert_close(BatchLastCrossEntropyLoss()(logits, target), nn.CrossEntropyLoss()(logits, target))
