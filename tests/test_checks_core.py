"""The shared checker machinery turns learner mistakes into hints, never tracebacks."""

import math

import numpy as np
import pytest

from lrlib.checks._core import CheckResult, LearnerError, call_learner, close, fail, ok


def outcome(func, *args):
    try:
        return call_learner(func, *args)
    except LearnerError as err:
        return err.result


@pytest.mark.parametrize(
    "func, expected_words",
    [
        (lambda x: None, "forget the `return`"),
        (lambda x: (_ for _ in ()).throw(NotImplementedError()), "not written yet"),
        (lambda x: np.exp(x), "exp() of a large number overflows"),
        (lambda x: math.exp(x), "exp() of a large number overflows"),
        (lambda x: np.log(x - 1000.0), "log(0)"),
        (lambda x: 1 / 0, "ZeroDivisionError"),
        ("not a function", "expected a function"),
    ],
)
def test_learner_mistakes_become_failed_results(func, expected_words):
    result = outcome(func, 1000.0)
    assert isinstance(result, CheckResult) and not result
    assert expected_words in result.message and "Hint:" in result.message


def test_a_working_function_returns_its_value_and_underflow_is_fine():
    assert outcome(lambda x: np.exp(-x), 1000.0) == 0.0


def test_results_read_well():
    assert bool(ok("well done")) and repr(ok("well done")) == "✔ Correct! well done"
    assert str(fail("wrong sign", "flip it")) == "✘ Not yet: wrong sign\n  Hint: flip it"


def test_close_compares_shape_and_value():
    assert close([1.0, 2.0], [1.0, 2.0 + 1e-9])
    assert not close([1.0, 2.0], [[1.0, 2.0]])
    assert not close("abc", [1.0])
