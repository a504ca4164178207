"""Diagnose a learner's function by comparing it with known wrong versions.

A checker lists the typical mistakes of an exercise as :class:`Mistake` objects,
each holding a *wrong implementation* and what to tell the learner who made it.
:func:`check_cases` runs the learner's function, the reference and every wrong
version on the same fixed cases: when the learner's outputs agree with a wrong
version on every case, that mistake's hint is the answer. Mistakes are detected
by what the code returns, never guessed from the text of the code.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from lrlib.checks._core import CheckResult, LearnerError, call_learner, close, fail, ok

__all__ = ["Mistake", "check_cases"]


@dataclass(frozen=True)
class Mistake:
    """A typical wrong version of an exercise and what to say to whoever wrote it.

    Attributes
    ----------
    wrong : callable
        The wrong implementation, with the same signature as the exercise.
    problem : str
        What is wrong, in the learner's terms (e.g. "the curve falls instead of rising").
    hint : str
        The fix, naming the mistake (e.g. "wrong sign in the exponent: use exp(-z)").
    """

    wrong: Callable
    problem: str
    hint: str


def _short(value) -> str:
    """A one-line, rounded rendering of an input or output for a message."""
    if isinstance(value, tuple):
        return "(" + ", ".join(_short(v) for v in value) + ")"
    try:
        arr = np.asarray(value) if not isinstance(value, str) else None
    except ValueError:  # a ragged list
        arr = None
    if arr is None or arr.dtype.kind not in "biuf":
        return repr(value)
    if arr.ndim == 0:
        return f"{float(arr):.6g}"
    return np.array2string(arr.astype(float), precision=4, threshold=6, edgeitems=2, floatmode="maxprec",
                           separator=", ", max_line_width=10_000).replace("\n", "")


def _call(name: str, args: tuple) -> str:
    """How the call looked: ``name(arg1, arg2)`` with short arguments."""
    return f"{name}({', '.join(_short(a) for a in args)})"


def _same(actual, expected, rtol: float, atol: float) -> bool:
    """``close`` for a single output or a tuple of outputs (a gradient and a bias gradient)."""
    if isinstance(expected, tuple):
        return (isinstance(actual, tuple | list) and len(actual) == len(expected)
                and all(close(a, e, rtol=rtol, atol=atol) for a, e in zip(actual, expected, strict=True)))
    return close(actual, expected, rtol=rtol, atol=atol)


def _quietly(func: Callable, args: tuple):
    """A wrong version's output (NumPy warnings silenced); None if it cannot run on these inputs."""
    try:
        with np.errstate(all="ignore"):
            return func(*copy.deepcopy(args))
    except (ArithmeticError, ValueError, TypeError):
        return None


def check_cases(
    func: Callable,
    reference: Callable,
    cases: Sequence[tuple],
    mistakes: Sequence[Mistake] = (),
    *,
    name: str,
    success: str,
    hint: str,
    crash_hints: Mapping[str, str] | None = None,
    rtol: float = 1e-6,
    atol: float = 1e-9,
) -> CheckResult:
    """Run ``func`` on every case and compare it with ``reference`` and the known mistakes.

    Parameters
    ----------
    func : callable
        The learner's function.
    reference : callable
        A correct implementation with the same signature.
    cases : sequence of tuple
        The arguments of each call, in the order a learner would meet them: easy
        cases first, extreme ones (which may overflow) last.
    mistakes : sequence of Mistake
        Typical wrong versions; the first one that the learner's outputs match on
        every case gives the answer.
    name : str
        The exercise's function name, as the learner wrote it in the notebook.
    success : str
        What to say when every case is right.
    hint : str
        The hint when the outputs are wrong in no known way.
    crash_hints : mapping of str to str, optional
        Exercise-specific hints for a crash, keyed by a word of the crash message
        (``"overflow"``, ``"divide"``...): they replace the generic hint.
    rtol, atol : float
        Tolerances of the comparison.

    Returns
    -------
    CheckResult

    Examples
    --------
    >>> double = lambda x: 2 * x
    >>> halve = Mistake(lambda x: x / 2, "you halved.", "multiply by 2, do not divide.")
    >>> check_cases(lambda x: x / 2, double, [(1.0,), (3.0,)], [halve],
    ...             name="double_mine", success="well done.", hint="read the formula.")
    ✘ Not yet: double_mine(1) returned 0.5, but the answer is 2. you halved.
      Hint: multiply by 2, do not divide.
    """
    outputs, crash = [], None
    for args in cases:
        try:
            outputs.append(call_learner(func, *copy.deepcopy(args), name=name))
        except LearnerError as err:
            crash = err.result
            break
    seen = cases[: len(outputs)]
    expected = [reference(*args) for args in seen]
    wrong_at = [i for i, (out, exp) in enumerate(zip(outputs, expected, strict=True))
                if not _same(out, exp, rtol, atol)]
    # A wrong answer on an easy case says more than a crash on a later, extreme one.
    if wrong_at:
        first = wrong_at[0]
        said = (f"{_call(name, seen[first])} returned {_short(outputs[first])}, "
                f"but the answer is {_short(expected[first])}.")
        for mistake in mistakes:
            if all(_same(out, _quietly(mistake.wrong, args), rtol, atol)
                   for out, args in zip(outputs, seen, strict=True)):
                return fail(f"{said} {mistake.problem}", mistake.hint)
        return fail(said, hint)
    if crash is not None:
        problem = crash.message.split("\n")[0].removeprefix("✘ Not yet: ").rstrip(".")
        for word, crash_hint in (crash_hints or {}).items():
            if word in problem:
                return fail(f"{problem}, on {_call(name, cases[len(outputs)])}.", crash_hint)
        return crash
    return ok(success)
