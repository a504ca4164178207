"""Exercise checkers of chapter 1, odds, log-odds and maximum likelihood.

- :func:`check_odds`: ``p / (1 - p)``;
- :func:`check_log_likelihood`: the Bernoulli log-likelihood of labels under probabilities;
- :func:`check_odds_factor`: read a fitted model, the factor on the odds between two values of ``x``
  (an interpretation);
- :func:`check_x_for_probability`: where the model's probability is ``q`` (solving it for ``x``).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from lrlib._kernels import sigmoid as _sigmoid
from lrlib.checks.building_blocks import random_labels
from lrlib.checks.engine import CheckResult, Exercise, Mistake
from lrlib.functions import logit
from lrlib.functions import odds as _odds
from lrlib.losses import binary_cross_entropy as _binary_cross_entropy
from lrlib.losses import binary_cross_entropy_with_logits as _binary_cross_entropy_with_logits
from lrlib.losses import log_likelihood as _log_likelihood

__all__ = ["check_log_likelihood", "check_odds", "check_odds_factor", "check_x_for_probability"]


# --- odds -------------------------------------------------------------------------

_ODDS_CASES = [
    (0.5,),
    (0.8,),
    (np.array([0.1, 0.2, 0.25, 0.6, 0.9]),),
    (0.0,),  # last: the inverted formula divides by zero here
]

def _random_probabilities(rng):
    return [(rng.uniform(0.02, 0.98, size=int(rng.integers(3, 9))),), (float(rng.uniform(0.05, 0.95)),)]


_ODDS_MISTAKES = [
    Mistake(lambda p: (1 - p) / p,
            "Your odds are upside down: odds(0.8) should be 4, not 1/4.",
            "odds = p / (1 - p): the chance *for* over the chance *against*; (1 - p) / p are the odds "
            "against, the way a bookmaker quotes them ('4 to 1' means p = 0.2)."),
    Mistake(lambda p: p / (1 + p),
            "Your denominator is wrong.",
            "the denominator is 1 - p, the probability that the event does *not* happen (not 1 + p)."),
    Mistake(lambda p: np.log(p / (1 - p)),
            "You returned the log-odds (the logit).",
            "odds are p / (1 - p) with no logarithm; the log comes later, in logit(p)."),
    Mistake(lambda p: 1 - p,
            "You returned the probability of the opposite event.",
            "odds compare the two probabilities: divide p by 1 - p."),
]


ODDS = Exercise(
    name="odds", chapter=1,
    reference=_odds, cases=_ODDS_CASES, random_cases=_random_probabilities, mistakes=_ODDS_MISTAKES,
    forbidden=(_odds,),
    output_range=(0, None), range_hint="odds are never negative: p / (1 - p) is 0 or more for 0 <= p < 1.",
    success="odds(0.5) = 1 (even odds), odds(0.8) = 4 (4 times as likely as not), odds(0) = 0.",
    hint="odds = p / (1 - p); check odds(0.5) = 1 and odds(0.8) = 4 on paper.",
)


def check_odds(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(p)``: the odds ``p / (1 - p)`` of a probability (a number or an array).

    On the fixed cases and on random ones drawn from ``seed`` (new ones by default; a ✘
    shows the seed). ``lrlib.odds`` itself does not count.

    Examples
    --------
    >>> check_odds(lambda p: p / (1 - p))
    ✔ Correct! odds(0.5) = 1 (even odds), odds(0.8) = 4 (4 times as likely as not), odds(0) = 0.
    >>> from lrlib import odds
    >>> check_odds(lambda p: odds(p))  # doctest: +ELLIPSIS
    ✘ Not yet: odds_mine calls lrlib.odds.
      Hint: write it yourself: lrlib.odds is the answer already written, ...
    """
    return ODDS.check(func, seed=seed)


# --- log-likelihood of labels under probabilities ----------------------------------

def _many_points(n: int = 1000, seed: int = 0):
    # Enough points, under poor enough probabilities, that their product underflows to
    # 0.0: the log-likelihood is about -870, far below ln(5e-324) = -744.4.
    rng = np.random.default_rng(seed)
    p = rng.uniform(0.05, 0.95, size=n)
    y = (rng.random(n) < 0.5).astype(float)
    return y, p


_LL_CASES = [
    (np.array([1.0, 0.0]), np.array([0.8, 0.4])),
    (np.array([1.0, 1.0, 0.0, 0.0, 1.0]), np.array([0.9, 0.6, 0.3, 0.2, 0.7])),
    _many_points(),
]

_LL_MISTAKES = [
    Mistake(lambda y, p: -_log_likelihood(y, p),
            "Your value is positive, but the log of a probability is never above 0.",
            "wrong sign: the log-likelihood is sum(y log p + (1 - y) log(1 - p)), with no minus in "
            "front (the minus belongs to the *loss* of chapter 3)."),
    Mistake(lambda y, p: _log_likelihood(y, p) / len(y),
            "You are off by a factor n, the number of points.",
            "the log-likelihood is a sum over the points (the log of a product), not a mean."),
    Mistake(lambda y, p: float(np.sum(y * np.log(p))),
            "The points with y = 0 count for nothing in your sum.",
            "a point with y = 0 happened with probability 1 - p: add the (1 - y) log(1 - p) term."),
    Mistake(lambda y, p: float(np.sum(np.log(p))),
            "You used log(p) for every point.",
            "p is the probability of y = 1; for a point with y = 0 the probability of what happened "
            "is 1 - p. Use y log p + (1 - y) log(1 - p)."),
    Mistake(lambda y, p: float(np.prod(np.where(y == 1, p, 1 - p))),
            "You returned the likelihood (the product), not its logarithm.",
            "take logs and sum them: the product of many probabilities underflows to 0.0."),
]

_PRODUCT_UNDERFLOW = (
    "log(0): the product of 1000 probabilities underflows to exactly 0.0 in floating point, "
    "and log(0.0) = -inf. Never form the product: the log of a product is the sum of the logs, "
    "sum(y log p + (1 - y) log(1 - p))."
)


def _random_labels_and_probabilities(rng):
    n = int(rng.integers(5, 30))
    return [(random_labels(rng, n), rng.uniform(0.05, 0.95, size=n))]


_NEVER_ABOVE_0 = "a log-likelihood is a sum of logs of probabilities, each at most 0: it is never above 0."

LOG_LIKELIHOOD = Exercise(
    name="log_likelihood", chapter=1,
    reference=_log_likelihood, cases=_LL_CASES, random_cases=_random_labels_and_probabilities,
    mistakes=_LL_MISTAKES,
    forbidden=(_log_likelihood, _binary_cross_entropy, _binary_cross_entropy_with_logits,
               "sklearn.metrics:log_loss", "torch.nn.functional:binary_cross_entropy"),
    output_range=(None, 0), range_hint=_NEVER_ABOVE_0,
    success="Even for 1000 points, where the product of the probabilities underflows to 0.0.",
    hint="for y = [1, 0] and p = [0.8, 0.4] the answer is ln 0.8 + ln 0.6 = -0.734.",
    crash_hints={"divide": _PRODUCT_UNDERFLOW},
)


def check_log_likelihood(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(y, p)``: the Bernoulli log-likelihood ``sum y log p + (1 - y) log(1 - p)``.

    The last fixed case has 1000 points, whose likelihood (a product) underflows to 0.0;
    random cases follow, drawn from ``seed`` (new ones by default; a ✘ shows the seed).
    lrlib's, scikit-learn's and PyTorch's losses do not count.

    Examples
    --------
    >>> import numpy as np
    >>> check_log_likelihood(lambda y, p: np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)))
    ✔ Correct! Even for 1000 points, where the product of the probabilities underflows to 0.0.
    """
    return LOG_LIKELIHOOD.check(func, seed=seed)


# --- reading a fitted model: the odds factor between two values of x ---------------------

def _odds_factor(b0, b1, x_from, x_to):
    # the log-odds move by b1 per unit of x; b0 cancels in the ratio of the two odds
    return np.exp(b1 * (np.asarray(x_to, dtype=float) - np.asarray(x_from, dtype=float)))


def _model_probability(b0, b1, x):
    return _sigmoid(b0 + b1 * np.asarray(x, dtype=float))


_FACTOR_CASES = [
    (-1.0, 2.0, 0.0, 1.0),  # the model of section 2: one more unit multiplies the odds by e^2
    (-1.19, 2.45, 0.5, 2.0),
    (0.5, -1.5, np.array([0.0, 1.0, 2.0]), np.array([1.0, -1.0, 4.5])),
    (2.0, 0.8, -3.0, -0.5),
]

_FACTOR_MISTAKES = [
    Mistake(lambda b0, b1, x_from, x_to: np.exp(b1) * np.ones_like(np.asarray(x_to, dtype=float)),
            "That is the factor for one unit of x, whatever the distance.",
            "x moves by x_to - x_from units, and each unit multiplies the odds by e^b1: the factor is "
            "e^(b1 (x_to - x_from))."),
    Mistake(lambda b0, b1, x_from, x_to: np.log(_odds_factor(b0, b1, x_from, x_to)),
            "That is the change of the log-odds, not the factor on the odds.",
            "the log-odds rise by b1 (x_to - x_from); the odds are e^(log-odds), so they are multiplied by "
            "e to that power."),
    Mistake(lambda b0, b1, x_from, x_to: _model_probability(b0, b1, x_to)
            / _model_probability(b0, b1, x_from),
            "That is the ratio of the two probabilities (a risk ratio), not of the odds.",
            "the model is linear in the log-odds, not in p: compare p / (1 - p) at the two points, which "
            "is e^(b1 (x_to - x_from)) whatever b0."),
    Mistake(lambda b0, b1, x_from, x_to: _model_probability(b0, b1, x_to)
            - _model_probability(b0, b1, x_from),
            "That is the change of the probability, not a factor on the odds.",
            "divide the odds p / (1 - p) at x_to by those at x_from."),
    Mistake(lambda b0, b1, x_from, x_to: np.exp(b0 + b1 * (np.asarray(x_to, dtype=float)
                                                           - np.asarray(x_from, dtype=float))),
            "You added the intercept b0.",
            "b0 is in both log-odds, b0 + b1 x_to and b0 + b1 x_from, and cancels in their difference."),
    Mistake(lambda b0, b1, x_from, x_to: _odds_factor(b0, b1, x_to, x_from),
            "Your factor is upside down: it goes from x_to back to x_from.",
            "the odds at x_to divided by the odds at x_from: e^(b1 (x_to - x_from))."),
]


def _random_factors(rng):
    size = int(rng.integers(2, 6))
    b1 = float(rng.choice([-1, 1]) * rng.uniform(0.3, 2.5))
    return [(float(rng.uniform(-2, 2)), b1, rng.uniform(-2, 2, size), rng.uniform(-2, 2, size)),
            (float(rng.uniform(-2, 2)), -b1, float(rng.uniform(-2, 2)), float(rng.uniform(-2, 2)))]


ODDS_FACTOR = Exercise(
    name="odds_factor", chapter=1, kind="interpretation",
    reference=_odds_factor, cases=_FACTOR_CASES, random_cases=_random_factors, mistakes=_FACTOR_MISTAKES,
    output_range=(0, None), range_hint="a factor on the odds is e to some power: a positive number.",
    success="e^(b1 (x_to - x_from)), whatever b0 and wherever x starts; the probabilities themselves change "
            "by a factor that depends on both.",
    hint="write the log-odds at x_from and at x_to, subtract them, and turn the difference of log-odds into "
         "a ratio of odds; with b0 = -1, b1 = 2, x from 0 to 1 the answer is e^2 = 7.389.",
    rtol=1e-9, atol=1e-12,
)


def check_odds_factor(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(b0, b1, x_from, x_to)``: the factor on the odds of ``y = 1`` from ``x_from`` to ``x_to``.

    The model is ``p = sigmoid(b0 + b1 x)``; ``x_from`` and ``x_to`` are numbers or arrays of
    the same shape. On fixed cases and random ones drawn from ``seed`` (a ✘ shows it).

    Examples
    --------
    >>> import numpy as np
    >>> check_odds_factor(lambda b0, b1, x_from, x_to: np.exp(b1 * (x_to - x_from)))  # doctest: +ELLIPSIS
    ✔ Correct! e^(b1 (x_to - x_from)), whatever b0 ...
    >>> p = lambda b0, b1, x: 1 / (1 + np.exp(-(b0 + b1 * x)))
    >>> print(check_odds_factor(lambda b0, b1, x_from, x_to: p(b0, b1, x_to) / p(b0, b1, x_from), seed=0))
    ... # doctest: +ELLIPSIS
    ✘ Not yet: ... That is the ratio of the two probabilities (a risk ratio), not of the odds.
      Hint: ...
    """
    return ODDS_FACTOR.check(func, seed=seed)


# --- solving the model for x ------------------------------------------------------------

def _x_for_probability(b0, b1, q):
    return (logit(q) - b0) / b1


_X_FOR_P_CASES = [
    (-1.0, 2.0, 0.5),
    (-1.0, 2.0, 0.8),
    (0.5, -1.5, 0.1),
    (2.0, 0.5, np.array([0.1, 0.25, 0.9])),
]

_X_FOR_P_MISTAKES = [
    Mistake(lambda b0, b1, q: (q - b0) / b1,
            "You solved b0 + b1 x = q: the line gives the log-odds, not the probability.",
            "forgot the logit: sigmoid(b0 + b1 x) = q means b0 + b1 x = logit(q), "
            "so x = (logit(q) - b0) / b1."),
    Mistake(lambda b0, b1, q: (logit(q) + b0) / b1,
            "The sign of b0 is wrong.",
            "moving b0 to the other side of b0 + b1 x = logit(q) changes its sign: "
            "x = (logit(q) - b0) / b1."),
    Mistake(lambda b0, b1, q: (b0 - logit(q)) / b1,
            "Your x has the wrong sign.",
            "from b0 + b1 x = logit(q): b1 x = logit(q) - b0, so x = (logit(q) - b0) / b1."),
    Mistake(lambda b0, b1, q: logit(q) / b1 - b0,
            "You divided only logit(q) by b1.",
            "b1 x = logit(q) - b0: divide the whole right-hand side by b1, x = (logit(q) - b0) / b1."),
    Mistake(lambda b0, b1, q: (_odds(q) - b0) / b1,
            "You used the odds of q where the log-odds belong.",
            "the linear score is the log of the odds: b0 + b1 x = ln(q / (1 - q))."),
]

def _random_models_and_probabilities(rng):
    b1 = float(rng.choice([-1, 1]) * rng.uniform(0.5, 3))
    return [(float(rng.uniform(-2, 2)), b1, rng.uniform(0.05, 0.95, size=int(rng.integers(2, 6)))),
            (float(rng.uniform(-2, 2)), -b1, float(rng.uniform(0.05, 0.95)))]


X_FOR_PROBABILITY = Exercise(
    name="x_for_probability", chapter=1, kind="derivation",
    reference=_x_for_probability, cases=_X_FOR_P_CASES, random_cases=_random_models_and_probabilities,
    mistakes=_X_FOR_P_MISTAKES,
    success="x = (logit(q) - b0) / b1. At q = 0.5, logit(q) = 0: the model is undecided at x = -b0 / b1.",
    hint="apply the logit to both sides of sigmoid(b0 + b1 x) = q, then solve the line for x; with "
         "b0 = -1, b1 = 2 and q = 0.5 the answer is 0.5.",
)


def check_x_for_probability(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(b0, b1, q)``: the ``x`` at which ``sigmoid(b0 + b1 x) = q`` (``b1 != 0``, ``0 < q < 1``).

    On fixed cases and on random ones drawn from ``seed`` (a ✘ shows it); ``logit`` may be used.

    Examples
    --------
    >>> import numpy as np
    >>> check_x_for_probability(lambda b0, b1, q: (np.log(q / (1 - q)) - b0) / b1)
    ✔ Correct! x = (logit(q) - b0) / b1. At q = 0.5, logit(q) = 0: the model is undecided at x = -b0 / b1.
    """
    return X_FOR_PROBABILITY.check(func, seed=seed)
