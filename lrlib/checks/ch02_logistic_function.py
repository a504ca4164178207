"""Exercise checkers of chapter 2, the logistic function.

- :func:`check_sigmoid`: a sigmoid that is right *and* survives ``z = -1000``;
- :func:`check_generalized_logistic`: ``L / (1 + e^(-k (x - x0)))``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from lrlib.checks.engine import CheckResult, Exercise, Mistake
from lrlib.functions import generalized_logistic, sigmoid

__all__ = ["check_generalized_logistic", "check_sigmoid"]


_SIGMOID_CASES = [
    (0.0,),
    (np.array([-3.0, -1.0, 0.0, 0.5, 2.0]),),
    (np.array([-40.0, -10.0, 10.0, 40.0]),),
    (np.array([-1000.0, 1000.0]),),  # the textbook formula overflows on the first
]

_SIGMOID_MISTAKES = [
    Mistake(lambda z: 1 / (1 + np.exp(z)),
            "Your curve falls as z grows; the sigmoid rises from 0 to 1.",
            "wrong sign in the exponent: sigmoid(z) = 1 / (1 + exp(-z)), with a minus."),
    Mistake(lambda z: np.exp(-z),
            "Your values are not between 0 and 1.",
            "you dropped the '1 +': sigmoid(z) = 1 / (1 + exp(-z))."),
]

_SIGMOID_OVERFLOW = (
    "overflow at large |z|: exp() of a number above 709 is inf. 1 / (1 + exp(-z)) overflows at "
    "z = -1000, and exp(z) / (1 + exp(z)) at z = +1000. Use each form only where its exp() sees a "
    "number <= 0. Careful: np.where(cond, a, b) evaluates both a and b, so compute "
    "e = np.exp(-np.abs(z)) once and build both branches from e."
)


SIGMOID = Exercise(
    name="sigmoid", chapter=2,
    reference=sigmoid, cases=_SIGMOID_CASES, mistakes=_SIGMOID_MISTAKES,
    success="sigmoid_mine is right everywhere, even at z = -1000 where the textbook formula overflows.",
    hint="sigmoid(z) = 1 / (1 + exp(-z)); check sigmoid(0) = 0.5 and sigmoid(2) = 0.8808.",
    crash_hints={"overflow": _SIGMOID_OVERFLOW},
    atol=1e-12,
)


def check_sigmoid(func: Callable) -> CheckResult:
    """Check ``func(z)``: the logistic sigmoid, stable for any finite ``z``.

    Cases go from ``z = 0`` to ``z = +-1000``; numbers within ``1e-6`` relative
    (``1e-12`` absolute) of the exact sigmoid pass.

    Examples
    --------
    >>> import numpy as np
    >>> check_sigmoid(lambda z: 1 / (1 + np.exp(z)))  # doctest: +ELLIPSIS
    ✘ Not yet: sigmoid_mine([-3. , ...]) returned [0.9526, ...], but the answer is [0.0474, ...]. ...
      Hint: wrong sign in the exponent: sigmoid(z) = 1 / (1 + exp(-z)), with a minus.
    """
    return SIGMOID.check(func)


_GEN_X = np.array([-4.0, -1.0, 0.0, 1.5, 3.0, 6.0])
_GENERALIZED_CASES = [
    (_GEN_X, 1.0, 1.0, 0.0),
    (_GEN_X, 5.0, 1.0, 0.0),
    (_GEN_X, 1.0, 2.5, 0.0),
    (_GEN_X, 1.0, 1.0, 1.5),
    (_GEN_X, 3.0, 0.5, 2.0),
    (_GEN_X, 2.0, -1.5, -1.0),
]


def _generalized_with_exponent(exponent: Callable):
    def wrong(x, L, k, x0):
        return L / (1 + np.exp(exponent(x, k, x0)))
    return wrong


_GENERALIZED_MISTAKES = [
    Mistake(_generalized_with_exponent(lambda x, k, x0: k * (x - x0)),
            "Your curve is mirrored: it falls where it should rise.",
            "wrong sign in the exponent: f(x) = L / (1 + exp(-k (x - x0))), with a minus."),
    Mistake(_generalized_with_exponent(lambda x, k, x0: -k * (x + x0)),
            "Your midpoint is at -x0 instead of x0.",
            "the curve is centred where x - x0 = 0: use (x - x0), not (x + x0)."),
    Mistake(_generalized_with_exponent(lambda x, k, x0: -(k * x - x0)),
            "Your midpoint is at x0 / k instead of x0.",
            "missing parentheses: k multiplies the whole (x - x0), so write -k * (x - x0), not -k * x + x0."),
    Mistake(_generalized_with_exponent(lambda x, k, x0: -(x - x0)),
            "Changing k does not change your curve.",
            "k, the steepness, multiplies (x - x0) in the exponent: exp(-k * (x - x0))."),
    Mistake(lambda x, L, k, x0: 1 / (1 + np.exp(-k * (x - x0))),
            "Your curve always stops at 1, whatever L is.",
            "L is the height of the curve: multiply the whole fraction by L (L / (1 + ...))."),
    Mistake(lambda x, L, k, x0: 1 / (L + np.exp(-k * (x - x0))),
            "Your curve has the wrong height.",
            "L goes in the numerator: L / (1 + exp(-k (x - x0)))."),
]


GENERALIZED_LOGISTIC = Exercise(
    name="generalized_logistic", chapter=2,
    reference=generalized_logistic, cases=_GENERALIZED_CASES, mistakes=_GENERALIZED_MISTAKES,
    success="Height L, steepness k and midpoint x0 all do what they should.",
    hint="f(x) = L / (1 + exp(-k * (x - x0))); check that f(x0) = L / 2 for any k.",
)


def check_generalized_logistic(func: Callable) -> CheckResult:
    """Check ``func(x, L, k, x0)``: the generalized logistic ``L / (1 + e^(-k (x - x0)))``.

    Examples
    --------
    >>> import numpy as np
    >>> check_generalized_logistic(lambda x, L, k, x0: L / (1 + np.exp(-k * (x - x0))))
    ✔ Correct! Height L, steepness k and midpoint x0 all do what they should.
    """
    return GENERALIZED_LOGISTIC.check(func)
