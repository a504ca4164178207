"""Exercise checkers of chapter 1, odds, log-odds and maximum likelihood.

- :func:`check_odds`: ``p / (1 - p)``;
- :func:`check_log_likelihood`: the Bernoulli log-likelihood of labels under probabilities;
- :func:`check_model_log_likelihood`: the log-likelihood of a one-feature logistic model;
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

__all__ = ["check_log_likelihood", "check_model_log_likelihood", "check_odds", "check_x_for_probability"]


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


# --- log-likelihood of a one-feature logistic model --------------------------------

def _model_log_likelihood(b0, b1, x, y):
    return -len(y) * _binary_cross_entropy_with_logits(y, b0 + b1 * x)


def _with_probabilities(prob: Callable):
    """A wrong version that gets the probabilities wrong but the likelihood right."""
    def wrong(b0, b1, x, y):
        return _log_likelihood(y, prob(b0, b1, x))
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


def _random_models(rng):
    # |b0 + b1 x| <= 8: no probability rounds to 0 or 1, so the plain formula stays finite
    n = int(rng.integers(6, 13))
    return [(float(rng.uniform(-2, 2)), float(rng.uniform(-2, 2)), rng.uniform(-3, 3, size=n),
             random_labels(rng, n))]


MODEL_LOG_LIKELIHOOD = Exercise(
    name="model_log_likelihood", chapter=1,
    reference=_model_log_likelihood, cases=_MODEL_CASES, random_cases=_random_models,
    mistakes=_MODEL_MISTAKES,
    output_range=(None, 0), range_hint=_NEVER_ABOVE_0,
    success="Your function is the surface that maximum likelihood climbs.",
    hint="compute p = sigmoid(b0 + b1 * x), then sum(y log p + (1 - y) log(1 - p)); "
         "with b0 = b1 = 0 every p is 0.5 and the answer is 8 ln 0.5 = -5.545.",
)


def check_model_log_likelihood(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(b0, b1, x, y)``: the log-likelihood of ``p = sigmoid(b0 + b1 x)`` on data ``(x, y)``.

    On fixed cases and on random ones drawn from ``seed`` (a ✘ shows it). Any sigmoid,
    lrlib's too, may be used.

    Examples
    --------
    >>> import numpy as np
    >>> def ll(b0, b1, x, y):
    ...     p = 1 / (1 + np.exp(-(b0 + b1 * x)))
    ...     return np.sum(y * np.log(p) + (1 - y) * np.log(1 - p))
    >>> check_model_log_likelihood(ll)
    ✔ Correct! Your function is the surface that maximum likelihood climbs.
    """
    return MODEL_LOG_LIKELIHOOD.check(func, seed=seed)


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
