"""Exercise checkers of chapter 2, the logistic function.

- :func:`check_sigmoid`: a sigmoid that is right *and* survives ``z = -1000``;
- :func:`check_generalized_logistic`: ``L / (1 + e^(-k (x - x0)))``;
- :func:`check_sigmoid_rounds_to_one_at`: an experiment, the smallest ``x`` at which a model
  ``sigmoid(b0 + b1 x)`` is exactly ``1.0``;
- :func:`check_cutoff_for_costs`: an interpretation, the cut-off in ``x`` that costs least when
  false positives and false negatives cost different amounts.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from lrlib import functions as _functions
from lrlib.checks.engine import CheckResult, Exercise, Mistake, as_real_array, close

__all__ = ["check_cutoff_for_costs", "check_generalized_logistic", "check_sigmoid",
           "check_sigmoid_rounds_to_one_at"]


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


def _random_scores(rng):
    # within +-35, where the textbook formula is still fine: the extremes are the fixed cases' job
    return [(rng.uniform(-35, 35, size=int(rng.integers(4, 12))),), (float(rng.uniform(-5, 5)),)]


SIGMOID = Exercise(
    name="sigmoid", chapter=2,
    reference=_functions.sigmoid, cases=_SIGMOID_CASES, random_cases=_random_scores,
    mistakes=_SIGMOID_MISTAKES,
    forbidden=(_functions.sigmoid, "scipy.special:expit", "torch:sigmoid", "torch.special:expit",
               "torch:Tensor.sigmoid"),
    output_range=(0, 1), range_hint="the sigmoid's values lie between 0 and 1: 1 / (1 + a positive number).",
    success="Right everywhere, even at z = -1000 where the textbook formula overflows.",
    hint="sigmoid(z) = 1 / (1 + exp(-z)); check sigmoid(0) = 0.5 and sigmoid(2) = 0.8808.",
    crash_hints={"overflow": _SIGMOID_OVERFLOW},
    atol=1e-12,
)


def check_sigmoid(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(z)``: the logistic sigmoid, stable for any finite ``z``.

    Fixed cases go from ``z = 0`` to ``z = +-1000``, random ones are drawn from ``seed``
    (new ones by default; a ✘ shows the seed); numbers within ``1e-6`` relative (``1e-12``
    absolute) of the exact sigmoid pass. lrlib's, SciPy's and PyTorch's sigmoids do not count.

    Examples
    --------
    >>> import numpy as np
    >>> check_sigmoid(lambda z: 1 / (1 + np.exp(z)))  # doctest: +ELLIPSIS
    ✘ Not yet: sigmoid_mine([-3. , ...]) returned [0.9526, ...], but the answer is [0.0474, ...]. ...
      Hint: wrong sign in the exponent: sigmoid(z) = 1 / (1 + exp(-z)), with a minus.
      Seed ...
    """
    return SIGMOID.check(func, seed=seed)


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


def _random_curves(rng):
    x = np.sort(rng.uniform(-5, 5, size=int(rng.integers(5, 10))))
    k = float(rng.choice([-1, 1]) * rng.uniform(0.3, 3))
    return [(x, float(rng.uniform(0.5, 5)), k, float(rng.uniform(-2, 2)))]


def _between_0_and_height(answer, x, L, k, x0) -> str | None:
    values, _ = as_real_array(answer)
    outside = values[(values < -1e-12) | (values > L * (1 + 1e-9))]
    return None if outside.size == 0 else f"it holds {outside.flat[0]:.4g}, outside [0, L] = [0, {L:g}]"


GENERALIZED_LOGISTIC = Exercise(
    name="generalized_logistic", chapter=2,
    reference=_functions.generalized_logistic, cases=_GENERALIZED_CASES, random_cases=_random_curves,
    mistakes=_GENERALIZED_MISTAKES, forbidden=(_functions.generalized_logistic,),
    validate=_between_0_and_height,
    range_hint="the curve runs from 0 up to its height L: L times a number between 0 and 1.",
    success="Height L, steepness k and midpoint x0 all do what they should.",
    hint="f(x) = L / (1 + exp(-k * (x - x0))); check that f(x0) = L / 2 for any k.",
)


def check_generalized_logistic(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(x, L, k, x0)``: the generalized logistic ``L / (1 + e^(-k (x - x0)))``.

    On fixed cases and random ones drawn from ``seed`` (a ✘ shows it). Any sigmoid may be
    used, lrlib's too; ``lrlib.generalized_logistic`` itself does not count.

    Examples
    --------
    >>> import numpy as np
    >>> check_generalized_logistic(lambda x, L, k, x0: L / (1 + np.exp(-k * (x - x0))))
    ✔ Correct! Height L, steepness k and midpoint x0 all do what they should.
    """
    return GENERALIZED_LOGISTIC.check(func, seed=seed)


# --- an experiment: from which x a fitted model says exactly 1.0 -----------------------------

# 1 / (1 + e) is exactly 1.0 once 1 + e rounds to 1, i.e. e = exp(-z) <= 2^-53 (half the spacing of
# floats just above 1): from z = 53 ln 2 = 36.74 on. The model sigma(b0 + b1 x) gets there at
# x = (36.74 - b0) / b1.
_ROUNDS_AT_Z = 53 * np.log(2.0)


def _x_at_score(z):
    """The wrong version that finds the score ``z`` right (or wrong) but then solves for x correctly."""
    return lambda b0, b1: (z - b0) / b1


def _rounds_to_one_at(b0, b1):
    return _x_at_score(_ROUNDS_AT_Z)(b0, b1)


def _within_a_twentieth(actual, expected) -> bool:
    return close(actual, expected, rtol=0.0, atol=0.05)


_ROUNDS_CASES = [(0.0, 1.0), (-1.0, 2.0), (2.0, 0.5)]


def _random_models(rng):
    return [(float(rng.uniform(-3, 3)), float(rng.uniform(0.5, 2.0)))]


_ROUNDS_MISTAKES = [
    Mistake(lambda b0, b1: _ROUNDS_AT_Z,
            "That is the score z = b0 + b1 x where sigmoid(z) reaches 1.0, not the x.",
            "solve b0 + b1 x = z for x: x = (z - b0) / b1."),
    Mistake(lambda b0, b1: (_ROUNDS_AT_Z + b0) / b1,
            "The sign of b0 is wrong.",
            "from b0 + b1 x = z: x = (z - b0) / b1."),
    Mistake(_x_at_score(float(np.log(np.finfo(np.float64).max))),
            "That x is where exp(z) overflows (z = 709.78), far beyond where sigmoid(z) reaches 1.0.",
            "test sigmoid(b0 + b1 x) == 1.0 itself, for x on a fine grid (np.arange(0, 100, 0.01)); the "
            "first x where it holds is the answer."),
    Mistake(_x_at_score(float(-np.log(np.finfo(np.float64).smallest_subnormal))),
            "That x is where exp(-z) underflows to 0.0 (z = 744.44); sigmoid(z) is 1.0 long before that.",
            "1 + exp(-z) already rounds to 1 when exp(-z) is below 1.1e-16, the precision of floats near 1: "
            "test sigmoid(b0 + b1 x) == 1.0 directly."),
    Mistake(_x_at_score(float(24 * np.log(2.0))),
            "That x is the answer in float32 (z = 16.6), not in float64.",
            "use NumPy's default float64: np.arange(0, 100, 0.01) without dtype=np.float32."),
    Mistake(_x_at_score(float(-np.log(np.finfo(np.float64).eps))),
            "That x is where exp(-z) equals the machine epsilon 2.2e-16 (z = 36.04); 1 + eps is still "
            "above 1.",
            "1 + e rounds to 1 only when e is at most half the spacing, eps / 2: "
            "test sigmoid(b0 + b1 x) == 1.0 on a grid."),
]

SIGMOID_ROUNDS_TO_ONE_AT = Exercise(
    name="sigmoid_rounds_to_one_at", chapter=2, kind="experiment",
    reference=_rounds_to_one_at, cases=_ROUNDS_CASES, random_cases=_random_models, mistakes=_ROUNDS_MISTAKES,
    output_range=(0, None),
    range_hint="the cases have b1 > 0 and |b0| <= 3, and sigmoid(z) reaches 1.0 only at a large score z: "
               "the answer is a positive x.",
    success="From z = 53 ln 2 = 36.74 on, sigmoid(z) is exactly 1.0 in float64, so log(1 - sigmoid(z)) "
            "is log(0): the reason chapter 3 computes its loss from z.",
    hint="scan x = np.arange(0, 100, 0.01) and return the first x where sigmoid(b0 + b1 * x) == 1.0 "
         "(np.argmax of a boolean array gives the first True).",
    compare=_within_a_twentieth,
)


def check_sigmoid_rounds_to_one_at(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(b0, b1)``: the smallest ``x`` (within 0.05) where float64 ``sigmoid(b0 + b1 x)`` is 1.0.

    For ``b1 > 0``. On fixed models and random ones drawn from ``seed`` (a ✘ shows it).

    Examples
    --------
    >>> import numpy as np
    >>> from lrlib import sigmoid
    >>> def rounds_to_one_at(b0, b1):
    ...     x = np.arange(0, 100, 0.01)
    ...     return x[np.argmax(sigmoid(b0 + b1 * x) == 1.0)]
    >>> check_sigmoid_rounds_to_one_at(rounds_to_one_at)  # doctest: +ELLIPSIS
    ✔ Correct! From z = 53 ln 2 = 36.74 on, sigmoid(z) is exactly 1.0 in float64, ...
    """
    return SIGMOID_ROUNDS_TO_ONE_AT.check(func, seed=seed)


# --- an interpretation: the cut-off for stated costs ------------------------------------------

def _cutoff_with_threshold(threshold: Callable):
    """The x where sigmoid(b0 + b1 x) crosses ``threshold(cost_fp, cost_fn)`` (right or wrong)."""
    def cutoff(b0, b1, cost_false_positive, cost_false_negative):
        t = threshold(cost_false_positive, cost_false_negative)
        return (_functions.logit(t) - b0) / b1
    return cutoff


# Predicting 1 costs (1 - p) c_FP on average, predicting 0 costs p c_FN: 1 is cheaper once
# p > c_FP / (c_FP + c_FN), whose logit is ln(c_FP / c_FN).
_cutoff_for_costs = _cutoff_with_threshold(lambda c_fp, c_fn: c_fp / (c_fp + c_fn))

_COST_CASES = [
    (-1.0, 2.0, 1.0, 4.0),  # a missed 1 costs four times a false alarm: a lower cut-off
    (-1.0, 2.0, 1.0, 1.0),
    (0.5, 1.5, 10.0, 1.0),
    (2.0, 0.5, 3.0, 7.0),
]


def _random_costs(rng):
    return [(float(rng.uniform(-2, 2)), float(rng.uniform(0.5, 3.0)), float(np.exp(rng.uniform(-3, 3))),
             float(np.exp(rng.uniform(-3, 3)))) for _ in range(2)]


_COST_MISTAKES = [
    Mistake(_cutoff_with_threshold(lambda c_fp, c_fn: c_fn / (c_fp + c_fn)),
            "Your cut-off moves the wrong way: dearer false negatives should make the model say 1 sooner.",
            "predicting 1 costs (1 - p) c_FP on average and predicting 0 costs p c_FN: predict 1 when "
            "p > c_FP / (c_FP + c_FN), with c_FP on top."),
    Mistake(_cutoff_with_threshold(lambda c_fp, c_fn: 0.5),
            "Your cut-off ignores the costs: it is the 0.5 threshold's.",
            "compare the expected cost of each decision, (1 - p) c_FP for saying 1 and p c_FN for saying 0: "
            "the threshold on p where they are equal is not 0.5 unless the costs are."),
    Mistake(lambda b0, b1, c_fp, c_fn: c_fp / (c_fp + c_fn),
            "That is the threshold on the probability, not the x where the model crosses it.",
            "the model gives p = sigmoid(b0 + b1 x): solve sigmoid(b0 + b1 x) = t for x, as in section 6."),
    Mistake(lambda b0, b1, c_fp, c_fn: (c_fp / (c_fp + c_fn) - b0) / b1,
            "You solved b0 + b1 x = t: the line gives the log-odds, not the probability.",
            "the score at the cut-off is logit(t), so x = (logit(t) - b0) / b1."),
    Mistake(lambda b0, b1, c_fp, c_fn: _functions.logit(c_fp / (c_fp + c_fn)) / b1,
            "Changing b0 does not move your cut-off.",
            "the score is b0 + b1 x: x = (logit(t) - b0) / b1."),
]

CUTOFF_FOR_COSTS = Exercise(
    name="cutoff_for_costs", chapter=2, kind="interpretation",
    reference=_cutoff_for_costs, cases=_COST_CASES, random_cases=_random_costs, mistakes=_COST_MISTAKES,
    forbidden=("lrlib.metrics:bayes_threshold",),
    success="t = c_FP / (c_FP + c_FN) and x = (logit(t) - b0) / b1 = (ln(c_FP / c_FN) - b0) / b1: equal "
            "costs give the 0.5 boundary -b0 / b1, and only if the probabilities can be taken at face value.",
    hint="for one point with probability p: saying 1 costs (1 - p) c_FP on average, saying 0 costs p c_FN. "
         "Find the p where they are equal, then the x where the model gives that p.",
    rtol=1e-9, atol=1e-12,
)


def check_cutoff_for_costs(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(b0, b1, cost_false_positive, cost_false_negative)``: the cheapest cut-off in ``x``.

    The model ``p = sigmoid(b0 + b1 x)`` (``b1 > 0``, probabilities taken as calibrated) predicts
    1 from the answer on. On fixed cases and random ones drawn from ``seed`` (a ✘ shows it);
    ``lrlib.metrics.bayes_threshold`` does not count.

    Examples
    --------
    >>> import numpy as np
    >>> check_cutoff_for_costs(lambda b0, b1, c_fp, c_fn: (np.log(c_fp / c_fn) - b0) / b1)
    ... # doctest: +ELLIPSIS
    ✔ Correct! t = c_FP / (c_FP + c_FN) and ...
    >>> print(check_cutoff_for_costs(lambda b0, b1, c_fp, c_fn: -b0 / b1, seed=0))  # doctest: +ELLIPSIS
    ✘ Not yet: ... Your cut-off ignores the costs: it is the 0.5 threshold's.
      Hint: ...
    """
    return CUTOFF_FOR_COSTS.check(func, seed=seed)
