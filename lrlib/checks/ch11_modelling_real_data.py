"""Exercise checkers of chapter 11, modelling real data.

- :func:`check_change_reference`: a category's coefficients recoded against another
  reference level, without refitting (a derivation);
- :func:`check_risk_ratio`: the risk ratio from an odds ratio and the unexposed risk
  (a derivation);
- :func:`check_odds_ratio_per_year`: read the interaction model of section 3 and give the
  odds ratio per year of marriage for women with children (an interpretation).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from lrlib.checks.engine import CheckResult, Exercise, Mistake

__all__ = ["check_change_reference", "check_odds_ratio_per_year", "check_risk_ratio"]


# --- exercise 1: another reference level -------------------------------------------------------

def _effects(coefs):
    """Every level's effect against level 0: 0 for level 0 itself, then the coefficients."""
    return np.append(0.0, np.asarray(coefs, dtype=float))


def _change_with(*, intercept_sign=1.0, difference_sign=1.0, keep_old_levels=False):
    """Recode against ``new_reference``, right (the defaults) or wrong."""

    def change(intercept, coefs, new_reference):
        effects = _effects(coefs)
        levels = range(1, len(effects)) if keep_old_levels else range(len(effects))
        shifted = [difference_sign * (effects[level] - effects[new_reference])
                   for level in levels if level != new_reference or keep_old_levels]
        return float(intercept + intercept_sign * effects[new_reference]), np.array(shifted)

    return change


_change_reference = _change_with()

_CHANGE_CASES = [
    (0.5, np.array([-0.2, -0.6, -1.1]), 3),
    (-0.4, np.array([0.3, 1.2]), 1),
    (1.0, np.array([0.7]), 1),
    (0.2, np.array([0.5, -0.5, 0.25, 2.0]), 2),
]



def _random_codings(rng):
    """Fits with other coefficients and another number of levels: a table of answers fails here."""
    cases = []
    for levels in rng.integers(2, 7, size=4):
        cases.append((float(rng.normal(0, 1)), rng.normal(0, 1, levels - 1), int(rng.integers(1, levels))))
    return cases


_CHANGE_MISTAKES = [
    Mistake(lambda intercept, coefs, new_reference: (float(intercept),
                                                     _change_reference(intercept, coefs, new_reference)[1]),
            "Your intercept did not move.",
            "the intercept is the reference level's log-odds: the new one is the old intercept plus the "
            "new reference level's old coefficient."),
    Mistake(_change_with(intercept_sign=-1.0),
            "Your intercept moved the wrong way.",
            "the new reference level's log-odds are intercept + its coefficient, not intercept minus it."),
    Mistake(_change_with(difference_sign=-1.0),
            "Your coefficients have the wrong sign.",
            "each new coefficient is (that level's old coefficient) - (new reference's old coefficient): "
            "the level minus the reference, not the other way round."),
    Mistake(_change_with(keep_old_levels=True),
            "Your coefficients are for levels 1, 2, ... still: the old reference has none and the new "
            "reference has one.",
            "after the change the old reference level 0 gets a coefficient (0 - the new reference's old "
            "coefficient) and the new reference level gets none: list levels 0..K-1 without the new one."),
    Mistake(lambda intercept, coefs, new_reference: (float(intercept + _effects(coefs)[new_reference]),
                                                     np.asarray(coefs, dtype=float)),
            "Your coefficients did not change.",
            "every coefficient is measured against the reference level: subtract the new reference's old "
            "coefficient from each, and give the old reference level its own."),
]

CHANGE_REFERENCE = Exercise(
    name="change_reference", chapter=11, kind="derivation",
    reference=_change_reference, cases=_CHANGE_CASES, random_cases=_random_codings, mistakes=_CHANGE_MISTAKES,
    success="The fit is the same model: only the baseline moved, and every difference between two "
            "levels stayed as it was.",
    hint="write each level's log-odds as intercept + its coefficient (0 for the reference), then subtract "
         "the new reference level's log-odds.",
    rtol=1e-9, atol=1e-12,
)


def check_change_reference(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(intercept, coefs, new_reference)``: treatment coding recoded to another reference.

    ``coefs`` holds the coefficients of levels ``1 .. K-1`` against level 0; the answer is
    ``(new_intercept, new_coefs)`` with ``new_coefs`` for the levels ``0 .. K-1`` other than
    ``new_reference``, in that order. On fixed cases and random ones drawn from ``seed``
    (a ✘ shows it).

    Examples
    --------
    >>> def change(intercept, coefs, new_reference):
    ...     effects = np.append(0.0, coefs)
    ...     others = [level for level in range(len(effects)) if level != new_reference]
    ...     return intercept + effects[new_reference], effects[others] - effects[new_reference]
    >>> check_change_reference(change)  # doctest: +ELLIPSIS
    ✔ Correct! The fit is the same model: ...
    """
    return CHANGE_REFERENCE.check(func, seed=seed)


# --- exercise 2: the risk ratio from an odds ratio -------------------------------------------

def _risk_ratio(odds_ratio, baseline_risk):
    return odds_ratio / (1 - baseline_risk + baseline_risk * odds_ratio)


def _exposed_risk(odds_ratio, baseline_risk):
    return odds_ratio * baseline_risk / (1 - baseline_risk + baseline_risk * odds_ratio)


_RISK_CASES = [
    (3.5, 0.3),
    (1.714, 0.2),
    (np.array([0.5, 1.0, 2.0, 10.0]), 0.1),
    (2.0, np.array([0.001, 0.5, 0.9])),
    (np.array([0.25, 4.0]), np.array([0.6, 0.05])),
]



def _random_risks(rng):
    """Odds ratios from 0.1 to 10 and unexposed risks from 0.01 to 0.99, as arrays."""
    return [(np.exp(rng.uniform(-2.3, 2.3, 5)), rng.uniform(0.01, 0.99, 5)) for _ in range(3)]


_RISK_MISTAKES = [
    Mistake(lambda odds_ratio, baseline_risk: odds_ratio * np.ones_like(np.asarray(baseline_risk, float)),
            "You returned the odds ratio itself.",
            "the two agree only for a rare outcome: write the exposed odds as odds_ratio * p0 / (1 - p0), "
            "turn them into a risk p1 = odds / (1 + odds), and divide by p0."),
    Mistake(_exposed_risk,
            "You returned the exposed group's risk p1, not the ratio p1 / p0.",
            "divide the exposed risk by the unexposed one, baseline_risk."),
    Mistake(lambda odds_ratio, baseline_risk: odds_ratio / (1 + baseline_risk * odds_ratio),
            "Your denominator is 1 + p0 * OR.",
            "p1 = odds1 / (1 + odds1) with odds1 = OR * p0 / (1 - p0): the denominator is "
            "1 - p0 + p0 * OR."),
    Mistake(lambda odds_ratio, baseline_risk: odds_ratio * (1 - baseline_risk),
            "You multiplied by (1 - p0).",
            "the exposed risk is not OR * p0 / (1 - p0) * (1 - p0): odds are not risks; convert the "
            "exposed odds with p = odds / (1 + odds)."),
    Mistake(lambda odds_ratio, baseline_risk: np.sqrt(odds_ratio)
            * np.ones_like(np.asarray(baseline_risk, float)),
            "You used the square root of the odds ratio.",
            "sqrt(OR) is a rule of thumb for a common outcome; the exact ratio depends on p0."),
]

RISK_RATIO = Exercise(
    name="risk_ratio", chapter=11, kind="derivation",
    reference=_risk_ratio, cases=_RISK_CASES, random_cases=_random_risks, mistakes=_RISK_MISTAKES,
    output_range=(0, None), range_hint="a ratio of two risks is a positive number.",
    success="RR = OR / (1 - p0 + p0 OR): equal to OR as p0 -> 0, and always between 1 and OR.",
    hint="exposed odds = OR * p0 / (1 - p0); exposed risk p1 = odds / (1 + odds); the answer is p1 / p0.",
    rtol=1e-9, atol=1e-12,
)


def check_risk_ratio(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(odds_ratio, baseline_risk)``: the risk ratio ``p1 / p0``, ``p0`` the unexposed risk.

    On fixed cases and random ones drawn from ``seed`` (a ✘ shows it).

    Examples
    --------
    >>> check_risk_ratio(lambda odds_ratio, p0: odds_ratio / (1 - p0 + p0 * odds_ratio))  # doctest: +ELLIPSIS
    ✔ Correct! RR = OR / (1 - p0 + p0 OR): ...
    """
    return RISK_RATIO.check(func, seed=seed)


# --- exercise 3: reading an interaction --------------------------------------------------------

# The chapter's interaction model (section 3), as its table prints them; tests/checks checks
# them against statsmodels' fit of the same model.
YEARS_COEF = 0.2171  # yrs_married: log odds ratio per year for women without children
INTERACTION_COEF = -0.1254  # children:yrs_married: how much less per year for women with children
CHILDREN_COEF = 0.9026  # children: log odds ratio of having children at yrs_married = 0
# The rows of that table, each with the coefficient it prints (the others do not enter the answer).
_TABLE = {"rate_marriage": -0.6823, "religious=2": -0.3373, "religious=3": -0.6426, "religious=4": -1.2835,
          "yrs_married": YEARS_COEF, "age": -0.0625, "children": CHILDREN_COEF,
          "children:yrs_married": INTERACTION_COEF, "intercept": 2.6913}


def _random_tables(rng):
    """Tables of the same model with other coefficients: a number read off one table fails here."""
    return [({name: float(value) for name, value in zip(_TABLE, rng.normal(0.0, 0.6, len(_TABLE)),
                                                         strict=True)},) for _ in range(4)]


def _per_year_with_children(coefs):
    return float(np.exp(coefs["yrs_married"] + coefs["children:yrs_married"]))


_OR_MISTAKES = [
    Mistake(lambda coefs: np.exp(coefs["yrs_married"]),
            "That is the odds ratio per year for women without children.",
            "yrs_married's coefficient is the slope where children = 0; for women with children the "
            "slope is yrs_married's coefficient plus the interaction's."),
    Mistake(lambda coefs: np.exp(coefs["children:yrs_married"]),
            "That is the ratio of the two groups' odds ratios per year, not an odds ratio per year.",
            "the interaction is the *difference* of the slopes; the slope itself, for women with "
            "children, adds yrs_married's coefficient."),
    Mistake(lambda coefs: coefs["yrs_married"] + coefs["children:yrs_married"],
            "That is the slope on the log-odds scale.",
            "an odds ratio is exp(slope): exponentiate the sum."),
    Mistake(lambda coefs: np.exp(coefs["yrs_married"] * coefs["children:yrs_married"]),
            "You multiplied the two coefficients.",
            "on the log-odds scale effects add: the slope for women with children is the sum of the two "
            "coefficients, then exp()."),
    Mistake(lambda coefs: np.exp(coefs["yrs_married"] + coefs["children:yrs_married"] + coefs["children"]),
            "You added the children coefficient too.",
            "children's own coefficient shifts the log-odds once (it is the gap at yrs_married = 0), it "
            "does not change the slope per year."),
    Mistake(lambda coefs: np.exp(coefs["yrs_married"] - coefs["children:yrs_married"]),
            "You subtracted the interaction.",
            "the interaction coefficient is added to the slope for the rows where children = 1 (its "
            "column is children * yrs_married)."),
]

ODDS_RATIO_PER_YEAR = Exercise(
    name="odds_ratio_per_year", chapter=11, kind="interpretation",
    reference=_per_year_with_children, cases=[(dict(_TABLE),)], random_cases=_random_tables,
    mistakes=_OR_MISTAKES,
    output_range=(0, None), range_hint="an odds ratio is exp() of a slope: a positive number.",
    success="For the chapter's table, exp(0.2171 - 0.1254) = 1.096: among women with children, each year "
            "of marriage multiplies the odds by about 1.10, against 1.24 for women without.",
    hint="find the slope of yrs_married on the log-odds scale for rows with children = 1 (two "
         "coefficients), then exponentiate it.",
    rtol=1e-9, atol=0,
)


def check_odds_ratio_per_year(func: Callable, seed: int | None = None) -> CheckResult:
    """Check ``func(coefs)``: the odds ratio per year of marriage for women with children.

    ``coefs`` maps each row of section 3's interaction table (``yrs_married``,
    ``children``, ``children:yrs_married``, ...) to its coefficient. On that table and on
    random ones drawn from ``seed`` (a ✘ shows it).

    Examples
    --------
    >>> check_odds_ratio_per_year(lambda coefs: np.exp(coefs["yrs_married"] + coefs["children:yrs_married"]))
    ... # doctest: +ELLIPSIS
    ✔ Correct! For the chapter's table, exp(0.2171 - 0.1254) = 1.096: ...
    >>> without_children = lambda coefs: np.exp(coefs["yrs_married"])
    >>> print(check_odds_ratio_per_year(without_children, seed=0))  # doctest: +ELLIPSIS
    ✘ Not yet: ... That is the odds ratio per year for women without children.
      Hint: ...
    """
    return ODDS_RATIO_PER_YEAR.check(func, seed=seed)
