"""Exercise checkers of chapter 1, odds, log-odds and maximum likelihood.

- :func:`check_odds`: ``p / (1 - p)``;
- :func:`check_log_likelihood`: the Bernoulli log-likelihood of labels under probabilities;
- :func:`check_model_log_likelihood`: the log-likelihood of a one-feature logistic model.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from lrlib.checks.engine import CheckResult, Exercise, Mistake
from lrlib.functions import _sigmoid, odds
from lrlib.losses import binary_cross_entropy_with_logits, log_likelihood

__all__ = ["check_log_likelihood", "check_model_log_likelihood", "check_odds"]


# --- odds -------------------------------------------------------------------------

_ODDS_CASES = [
    (0.5,),
    (0.8,),
    (np.array([0.1, 0.2, 0.25, 0.6, 0.9]),),
    (0.0,),  # last: the inverted formula divides by zero here
]

_ODDS_MISTAKES = [
    Mistake(lambda p: (1 - p) / p,
            "Your odds are upside down: odds(0.8) should be 4 (4 to 1 for), not 1/4.",
            "odds = p / (1 - p): the chance *for* over the chance *against*, not the other way round."),
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
    reference=odds, cases=_ODDS_CASES, mistakes=_ODDS_MISTAKES,
    success="odds(0.5) = 1 (even odds), odds(0.8) = 4 (4 to 1), odds(0) = 0.",
    hint="odds = p / (1 - p); check odds(0.5) = 1 and odds(0.8) = 4 on paper.",
)


def check_odds(func: Callable) -> CheckResult:
    """Check ``func(p)``: the odds ``p / (1 - p)`` of a probability (a number or an array).

    Examples
    --------
    >>> check_odds(lambda p: p / (1 - p))
    ✔ Correct! odds(0.5) = 1 (even odds), odds(0.8) = 4 (4 to 1), odds(0) = 0.
    """
    return ODDS.check(func)


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
    Mistake(lambda y, p: -log_likelihood(y, p),
            "Your value is positive, but the log of a probability is never above 0.",
            "wrong sign: the log-likelihood is sum(y log p + (1 - y) log(1 - p)), with no minus in "
            "front (the minus belongs to the *loss* of chapter 3)."),
    Mistake(lambda y, p: log_likelihood(y, p) / len(y),
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


LOG_LIKELIHOOD = Exercise(
    name="log_likelihood", chapter=1,
    reference=log_likelihood, cases=_LL_CASES, mistakes=_LL_MISTAKES,
    success="Even for 1000 points, where the product of the probabilities underflows to 0.0.",
    hint="for y = [1, 0] and p = [0.8, 0.4] the answer is ln 0.8 + ln 0.6 = -0.734.",
    crash_hints={"divide": _PRODUCT_UNDERFLOW},
)


def check_log_likelihood(func: Callable) -> CheckResult:
    """Check ``func(y, p)``: the Bernoulli log-likelihood ``sum y log p + (1 - y) log(1 - p)``.

    The last case has 1000 points, whose likelihood (a product) underflows to 0.0.

    Examples
    --------
    >>> import numpy as np
    >>> check_log_likelihood(lambda y, p: np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)))
    ✔ Correct! Even for 1000 points, where the product of the probabilities underflows to 0.0.
    """
    return LOG_LIKELIHOOD.check(func)


# --- log-likelihood of a one-feature logistic model --------------------------------

def _model_log_likelihood(b0, b1, x, y):
    return -len(y) * binary_cross_entropy_with_logits(y, b0 + b1 * x)


def _with_probabilities(prob: Callable):
    """A wrong version that gets the probabilities wrong but the likelihood right."""
    def wrong(b0, b1, x, y):
        return log_likelihood(y, prob(b0, b1, x))
    return wrong


_X = np.array([-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 3.0])
_Y = np.array([0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 1.0])
_MODEL_CASES = [
    (0.0, 0.0, _X, _Y),
    (-1.0, 2.0, _X, _Y),
    (0.5, -1.0, _X, _Y),
    (2.0, 3.0, _X, _Y),
]

_MODEL_MISTAKES = [
    Mistake(_with_probabilities(lambda b0, b1, x: _sigmoid(b1 * x)),
            "Changing b0 does not change your answer.",
            "forgot the bias: the model's score is z = b0 + b1 * x, so p = sigmoid(b0 + b1 * x)."),
    Mistake(_with_probabilities(lambda b0, b1, x: _sigmoid(-(b0 + b1 * x))),
            "Your model gives high probabilities where they should be low.",
            "wrong sign: p = sigmoid(b0 + b1 * x) = 1 / (1 + exp(-(b0 + b1 * x)))."),
    Mistake(_with_probabilities(lambda b0, b1, x: _sigmoid(b1 + b0 * x)),
            "You swapped b0 and b1.",
            "b0 is the intercept (alone), b1 multiplies x: z = b0 + b1 * x."),
    Mistake(lambda b0, b1, x, y: -_model_log_likelihood(b0, b1, x, y),
            "Your value is positive, but a log-likelihood is never above 0.",
            "wrong sign: you returned the negative log-likelihood (a loss); drop the minus."),
    Mistake(lambda b0, b1, x, y: _model_log_likelihood(b0, b1, x, y) / len(x),
            "You are off by a factor n, the number of points.",
            "the log-likelihood is a sum over the points, not a mean."),
]


MODEL_LOG_LIKELIHOOD = Exercise(
    name="model_log_likelihood", chapter=1,
    reference=_model_log_likelihood, cases=_MODEL_CASES, mistakes=_MODEL_MISTAKES,
    success="Your function is the surface that maximum likelihood climbs.",
    hint="compute p = sigmoid(b0 + b1 * x), then sum(y log p + (1 - y) log(1 - p)); "
         "with b0 = b1 = 0 every p is 0.5 and the answer is 8 ln 0.5 = -5.545.",
)


def check_model_log_likelihood(func: Callable) -> CheckResult:
    """Check ``func(b0, b1, x, y)``: the log-likelihood of ``p = sigmoid(b0 + b1 x)`` on data ``(x, y)``.

    Examples
    --------
    >>> import numpy as np
    >>> def ll(b0, b1, x, y):
    ...     p = 1 / (1 + np.exp(-(b0 + b1 * x)))
    ...     return np.sum(y * np.log(p) + (1 - y) * np.log(1 - p))
    >>> check_model_log_likelihood(ll)
    ✔ Correct! Your function is the surface that maximum likelihood climbs.
    """
    return MODEL_LOG_LIKELIHOOD.check(func)
