"""Exercise checkers: ``check_<exercise>(your_function)`` returns a CheckResult.

Each checker runs your function on fixed cases and tells you either that it is
correct or what the first problem is, with a hint at the usual mistake.
"""

from lrlib.checks._core import CheckResult
from lrlib.checks.pytorch_on_mnist import check_accuracy, check_images_to_inputs, check_iterations_run

__all__ = ["CheckResult", "check_accuracy", "check_images_to_inputs", "check_iterations_run"]
