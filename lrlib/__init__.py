"""lrlib: the companion library of the logistic regression course.

The functions, losses and optimiser every chapter builds on, re-exported here::

    from lrlib import sigmoid, binary_cross_entropy, gradient_descent

Submodules not imported here, so that ``import lrlib`` stays light: ``lrlib.plots``
(Matplotlib), ``lrlib.checks`` (exercise checkers), ``lrlib.data`` (data sets)
and ``lrlib.pytorch`` (needs PyTorch; chapter 7).
"""

from lrlib.functions import (
    generalized_logistic,
    log_sigmoid,
    log_softmax,
    logit,
    logsumexp,
    odds,
    relu,
    relu_derivative,
    sigmoid,
    sigmoid_derivative,
    softmax,
    tanh,
    tanh_derivative,
)
from lrlib.losses import (
    binary_cross_entropy,
    binary_cross_entropy_gradient,
    binary_cross_entropy_with_logits,
    cross_entropy,
    cross_entropy_gradient,
    log_likelihood,
    mean_absolute_error,
    mean_squared_error,
    one_hot,
)
from lrlib.optim import DivergenceError, GradientDescentResult, gradient_descent

__version__ = "0.1.0"

__all__ = [
    "DivergenceError",
    "GradientDescentResult",
    "binary_cross_entropy",
    "binary_cross_entropy_gradient",
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "cross_entropy_gradient",
    "generalized_logistic",
    "gradient_descent",
    "log_likelihood",
    "log_sigmoid",
    "log_softmax",
    "logit",
    "logsumexp",
    "mean_absolute_error",
    "mean_squared_error",
    "odds",
    "one_hot",
    "relu",
    "relu_derivative",
    "sigmoid",
    "sigmoid_derivative",
    "softmax",
    "tanh",
    "tanh_derivative",
]
