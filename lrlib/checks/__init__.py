"""Exercise checkers: ``check_<exercise>(your_function)`` returns a CheckResult.

Each checker runs your function on fixed cases and tells you either that it is
correct or what the first problem is, with a hint at the usual mistake. The
machinery is :mod:`lrlib.checks.engine`; each chapter's exercises are declared
in ``lrlib.checks.chNN_<topic>``.
"""

from lrlib.checks.ch01_odds_and_likelihood import check_log_likelihood, check_model_log_likelihood, check_odds
from lrlib.checks.ch02_logistic_function import check_generalized_logistic, check_sigmoid
from lrlib.checks.ch03_binary_cross_entropy import (
    check_binary_cross_entropy,
    check_binary_cross_entropy_gradient,
    check_binary_cross_entropy_with_logits,
)
from lrlib.checks.ch04_gradient_descent import check_gradient_step, check_predict_labels, check_standardize
from lrlib.checks.ch05_one_vs_rest import check_one_vs_rest_predict, check_one_vs_rest_targets
from lrlib.checks.ch06_softmax_regression import check_cross_entropy_gradient, check_logsumexp, check_softmax
from lrlib.checks.ch07_pytorch_on_mnist import (
    check_accuracy,
    check_evaluate,
    check_images_to_inputs,
    check_iterations_run,
    check_train_one_epoch,
)
from lrlib.checks.engine import CheckResult

__all__ = [
    "CheckResult",
    "check_accuracy",
    "check_binary_cross_entropy",
    "check_binary_cross_entropy_gradient",
    "check_binary_cross_entropy_with_logits",
    "check_cross_entropy_gradient",
    "check_evaluate",
    "check_generalized_logistic",
    "check_gradient_step",
    "check_images_to_inputs",
    "check_iterations_run",
    "check_log_likelihood",
    "check_logsumexp",
    "check_model_log_likelihood",
    "check_odds",
    "check_one_vs_rest_predict",
    "check_one_vs_rest_targets",
    "check_predict_labels",
    "check_sigmoid",
    "check_softmax",
    "check_standardize",
    "check_train_one_epoch",
]
