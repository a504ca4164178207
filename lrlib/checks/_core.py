"""Former home of the checker machinery, now :mod:`lrlib.checks.engine` (kept for old imports)."""

from lrlib.checks.engine import CheckResult, LearnerError, call_learner, close, fail, ok

__all__ = ["CheckResult", "LearnerError", "call_learner", "close", "fail", "ok"]
