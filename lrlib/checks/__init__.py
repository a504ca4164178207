"""Exercise checkers: ``check_<exercise>(your_function)`` returns a CheckResult.

Each checker runs your function on fixed cases and tells you either that it is
correct or what the first problem is, with a hint at the usual mistake.
"""

from lrlib.checks._core import CheckResult
from lrlib.checks.cross_entropy import (
    check_binary_cross_entropy,
    check_binary_cross_entropy_gradient,
    check_binary_cross_entropy_with_logits,
)
from lrlib.checks.logistic_function import check_generalized_logistic, check_sigmoid
from lrlib.checks.odds_and_likelihood import check_log_likelihood, check_model_log_likelihood, check_odds

__all__ = [
    "CheckResult",
    "check_binary_cross_entropy",
    "check_binary_cross_entropy_gradient",
    "check_binary_cross_entropy_with_logits",
    "check_generalized_logistic",
    "check_log_likelihood",
    "check_model_log_likelihood",
    "check_odds",
    "check_sigmoid",
]
