"""The machinery every exercise checker shares.

A checker runs the learner's function on fixed cases and returns a
:class:`CheckResult`: truthy when everything passed, and shown in the notebook
as one plain-text line, either a success message or the first problem found
with a specific hint. It never raises because the learner's code is wrong:
exceptions from the learner's function are caught and explained.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

__all__ = ["CheckResult", "LearnerError", "call_learner", "close", "fail", "ok"]


@dataclass(frozen=True)
class CheckResult:
    """Outcome of an exercise check.

    Attributes
    ----------
    passed : bool
    message : str
        What to tell the learner: a success note, or what went wrong and a hint.
    """

    passed: bool
    message: str

    def __bool__(self) -> bool:
        return self.passed

    def __repr__(self) -> str:
        return self.message

    __str__ = __repr__


def ok(message: str) -> CheckResult:
    """A passed check with its success message."""
    return CheckResult(True, f"✔ Correct! {message}")


def fail(problem: str, hint: str) -> CheckResult:
    """A failed check: what is wrong, and a hint towards the fix."""
    return CheckResult(False, f"✘ Not yet: {problem}\n  Hint: {hint}")


class LearnerError(Exception):
    """Wraps an exception raised by the learner's function, carrying a ready CheckResult."""

    def __init__(self, result: CheckResult):
        super().__init__(result.message)
        self.result = result


_FLOATING_POINT_HINTS = {
    "overflow": "exp() of a large number overflows; rewrite it so that exp() only ever "
    "sees numbers <= 0 (for example subtract the maximum first).",
    "divide": "log(0) or a division by zero: a probability reached exactly 0 or 1; "
    "clip it away from 0 and 1, or work with logits.",
    "invalid": "a NaN appeared, often from inf - inf or 0 * log(0); look for an overflow earlier.",
}


def call_learner(func: Callable, *args, name: str | None = None):
    """Call the learner's ``func``; turn a crash or a missing return into a CheckResult.

    Raises
    ------
    LearnerError
        Carrying the failed :class:`CheckResult`; checkers catch it with
        ``except LearnerError as e: return e.result``.
    """
    label = name or getattr(func, "__name__", "your function")
    if not callable(func):
        raise LearnerError(fail(f"expected a function, got {type(func).__name__}.",
                                "pass the function itself, without calling it: check(my_func)."))
    try:
        # Underflow to 0 is harmless; overflow, log(0) and 0/0 are the bugs worth a hint.
        with np.errstate(over="raise", divide="raise", invalid="raise", under="ignore"):
            out = func(*args)
    except NotImplementedError:
        raise LearnerError(fail(f"{label} is not written yet.",
                                "replace `raise NotImplementedError` with your code.")) from None
    except OverflowError as exc:  # math.exp overflows with OverflowError, not a NumPy error
        raise LearnerError(fail(f"{label} overflowed ({exc}).",
                                _FLOATING_POINT_HINTS["overflow"])) from None
    except FloatingPointError as exc:
        hint = _FLOATING_POINT_HINTS.get(str(exc).split()[0], "look for exp() or log() of extreme values.")
        raise LearnerError(fail(f"{label} hit a floating-point problem ({exc}).", hint)) from None
    except Exception as exc:  # the learner's bug, reported rather than raised
        raise LearnerError(fail(f"{label} raised {type(exc).__name__}: {exc}",
                                "run it on the example inputs in the exercise to see where.")) from None
    if out is None:
        raise LearnerError(fail(f"{label} returned None.",
                                "did you forget the `return` statement?"))
    return out


def close(actual, expected, *, rtol: float = 1e-6, atol: float = 1e-9) -> bool:
    """True when ``actual`` has ``expected``'s shape and matches it to the tolerances."""
    try:
        a = np.asarray(actual, dtype=float)
    except (TypeError, ValueError):
        return False
    e = np.asarray(expected, dtype=float)
    return a.shape == e.shape and bool(np.allclose(a, e, rtol=rtol, atol=atol))
