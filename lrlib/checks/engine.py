"""The one engine behind every exercise checker.

An exercise is declared once, as an :class:`Exercise`: a correct *reference*
function, the fixed *cases* it is checked on, and its typical *mistakes*, each a
wrong version of the function (a :class:`Mistake`) with what to tell whoever
made it. ``exercise.check(func)`` runs the learner's ``func``, the reference and
every wrong version on the same cases and returns a :class:`CheckResult`:

- ✔ with the exercise's ``success`` message when every case agrees with the reference;
- ✘ with the mistake's ``problem`` and ``hint`` when the learner's outputs agree
  with that wrong version on every case run (mistakes are recognised by what the
  code returns, never guessed from its text; the first match wins);
- ✘ with the exercise's generic ``hint`` otherwise, quoting the first wrong case.

It never raises because of what the learner wrote or returned: a crash, a
missing ``return``, text instead of a number, a complex number, a ragged list,
NaN, a tensor that requires grad or a huge output all become a ✘ with a hint,
and messages are capped at :data:`MAX_MESSAGE_CHARS` characters.

Declaring an exercise (in the checker module of its chapter, ``chNN_topic.py``)::

    DOUBLE = Exercise(
        name="double",                   # the learner writes double_mine
        chapter=1,
        kind="transcription",            # or "derivation", "experiment", "bug"
        reference=lambda x: 2 * x,
        cases=[(1.0,), (np.array([3.0, -1.0]),)],   # or a function returning them (lazy)
        mistakes=[Mistake(lambda x: x / 2, "you halved.", "multiply by 2, do not divide.")],
        success="doubling done.",
        hint="return 2 * x.",
    )

    def check_double(func):
        '''Check ``func(x)``: twice ``x``. (numpy-style docstring with Examples)'''
        return DOUBLE.check(func)

Every module-level :class:`Exercise` of ``lrlib.checks``' modules is found by
:func:`all_exercises`, which the table-driven test uses to prove that each
reference passes and each mistake gets its own hint: a new chapter's exercises
are covered as soon as its module exists.

Options of :class:`Exercise`: ``crash_hints`` (exercise-specific hints for a
crash, keyed by a word of its message, e.g. ``"overflow"``); ``rtol``/``atol``
(tolerances of :func:`close`); ``compare`` (another comparison
``compare(actual, expected) -> bool``, for instance ``functools.partial(close,
same_type=True)`` to insist on a torch tensor of the reference's dtype);
``timeout_seconds`` (per case).

Comparison (:func:`close`) is tensor-aware: torch tensors, including ones that
require grad or live on a GPU, are compared as NumPy arrays, and torch is never
imported by the engine (a tensor exists only if its owner imported torch).

Slow functions: each case runs in a separate daemon thread, joined with a
timeout (:data:`TIMEOUT_SECONDS` by default). A case that takes longer is
reported as ✘ "took longer than N s"; Python cannot stop a thread, so that call
runs on in the background until it returns, and its result is ignored. A case
that returns in time leaves no thread behind. Ctrl-C (or the notebook's
*Interrupt kernel*) interrupts the check itself with ``KeyboardInterrupt``, as
any cell; a learner call already started keeps running in its background
thread until it returns (restart the kernel to stop an endless loop).
"""

from __future__ import annotations

import copy
import importlib
import pkgutil
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

__all__ = [
    "MAX_MESSAGE_CHARS",
    "TIMEOUT_SECONDS",
    "CheckResult",
    "Exercise",
    "LearnerError",
    "Mistake",
    "all_exercises",
    "as_real_array",
    "call_learner",
    "close",
    "fail",
    "ok",
]

TIMEOUT_SECONDS = 5.0
"""How long one case of the learner's function may take before it is reported as too slow."""

MAX_MESSAGE_CHARS = 600
"""The longest message a check returns; longer ones are cut with an ellipsis."""

_VALUE_CHARS = 120  # the longest rendering of one input or output inside a message
_KINDS = ("transcription", "derivation", "experiment", "bug", "interpretation")


# --------------------------------------------------------------------------- results

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


def _capped(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def ok(message: str) -> CheckResult:
    """A passed check with its success message.

    Examples
    --------
    >>> ok("well done.")
    ✔ Correct! well done.
    """
    return CheckResult(True, _capped(f"✔ Correct! {message}", MAX_MESSAGE_CHARS))


def fail(problem: str, hint: str) -> CheckResult:
    """A failed check: what is wrong, and a hint towards the fix (capped in length).

    Examples
    --------
    >>> fail("wrong sign.", "flip it.")
    ✘ Not yet: wrong sign.
      Hint: flip it.
    """
    hint = _capped(hint, MAX_MESSAGE_CHARS // 2)
    problem = _capped(problem, MAX_MESSAGE_CHARS - len(hint) - 25)
    return CheckResult(False, f"✘ Not yet: {problem}\n  Hint: {hint}")


class LearnerError(Exception):
    """Wraps a problem with the learner's function, carrying a ready failed CheckResult."""

    def __init__(self, result: CheckResult):
        super().__init__(result.message)
        self.result = result


# --------------------------------------------------------------------------- values

def _torch_tensor_type():
    """``torch.Tensor`` when torch is already imported, else None (torch is never imported here)."""
    torch = sys.modules.get("torch")
    return getattr(torch, "Tensor", None)


def _from_tensor(value):
    """A NumPy array from a torch tensor (detached, on the CPU), or ``value`` unchanged."""
    tensor = _torch_tensor_type()
    if tensor is not None and isinstance(value, tensor):
        value = value.detach().cpu()
        if value.is_complex():
            return value.resolve_conj().numpy()
        return value.double().numpy() if value.is_floating_point() else value.numpy()
    return value


def as_real_array(value):
    """``value`` as a NumPy array of real numbers, or a sentence saying why it is not one.

    Returns
    -------
    (numpy.ndarray, None) or (None, str)
        The array (booleans, integers and floats, NaN included), or None and the
        reason: text, a complex number, a ragged list, something that is not numbers.

    Examples
    --------
    >>> as_real_array([1, 2.5])
    (array([1. , 2.5]), None)
    >>> as_real_array("0.5")[1]
    "is the text '0.5', not a number"
    >>> as_real_array(2 + 0j)[1]
    'is a complex number, (2+0j)'
    >>> as_real_array([[1, 2], [3]])[1]
    'is a ragged list (rows of different lengths)'
    """
    if isinstance(value, str | bytes):
        return None, f"is the text {_short(value)}, not a number"
    try:
        value = _from_tensor(value)
        arr = np.asarray(value)
    except ValueError:
        return None, "is a ragged list (rows of different lengths)"
    except Exception:  # an object whose conversion itself fails
        return None, f"is a {type(value).__name__}, not numbers"
    if arr.dtype.kind == "c":
        return None, f"is a complex number, {_short(value)}"
    if arr.dtype.kind in "SU":
        return None, f"is the text {_short(value)}, not a number"
    if arr.dtype.kind == "O" and arr.ndim and any(isinstance(v, list | tuple) for v in arr.flat):
        return None, "is a ragged list (rows of different lengths)"
    if arr.dtype.kind not in "biuf":
        return None, f"is a {type(value).__name__}, not numbers"
    return (arr.astype(float) if arr.dtype.kind == "b" else arr), None


_TYPE_HINTS = {
    "text": "return the number itself, not text: no str(), f-string or format() around it.",
    "complex": "the answer is real: an imaginary part comes from the square root, power or log of a "
               "negative number (np.emath, cmath, or ** 0.5); check the sign of what goes in.",
    "ragged": "return a NumPy array with one entry per input (np.array(...)), not a list of unequal lists.",
}


def _type_hint(problem: str) -> str:
    for word, hint in _TYPE_HINTS.items():
        if word in problem:
            return hint
    return "return a number or a NumPy array of numbers, with the same shape as the expected answer."


def close(actual, expected, *, rtol: float = 1e-6, atol: float = 1e-9, same_type: bool = False) -> bool:
    """True when ``actual`` has ``expected``'s shape and values, to the tolerances; never raises.

    Tensor-aware: torch tensors (also ones requiring grad) compare as arrays,
    without the engine importing torch. Text, complex numbers, ragged lists and
    NaN never compare equal to a real answer. A tuple ``expected`` needs a tuple
    or list of as many parts, each close.

    Parameters
    ----------
    actual, expected : number, array-like, tensor or tuple of those
    rtol, atol : float
        Relative and absolute tolerances, as in :func:`numpy.allclose`.
    same_type : bool, default False
        Also require the same kind of container (a torch tensor where ``expected``
        is one, a NumPy array otherwise) and, for tensors and arrays, the same dtype.

    Examples
    --------
    >>> close([1.0, 2.0], [1.0, 2.0 + 1e-9])
    True
    >>> close("1.0", 1.0), close(1 + 1e-3j, 1.0), close([1.0, 2.0], [[1.0, 2.0]])
    (False, False, False)
    """
    if isinstance(expected, tuple):
        return (isinstance(actual, tuple | list) and len(actual) == len(expected)
                and all(close(a, e, rtol=rtol, atol=atol, same_type=same_type)
                        for a, e in zip(actual, expected, strict=True)))
    if same_type and not _same_container(actual, expected):
        return False
    a, _ = as_real_array(actual)
    e, _ = as_real_array(expected)
    if a is None or e is None or a.shape != e.shape:
        return False
    try:
        with np.errstate(all="ignore"):
            return bool(np.allclose(a, e, rtol=rtol, atol=atol))
    except Exception:  # e.g. integers too large for float
        return False


def _same_container(actual, expected) -> bool:
    tensor = _torch_tensor_type()
    if tensor is not None and isinstance(expected, tensor):
        return isinstance(actual, tensor) and actual.dtype == expected.dtype
    if isinstance(expected, np.ndarray):
        return isinstance(actual, np.ndarray) and actual.dtype == expected.dtype
    return True


def _safe_str(obj) -> str:
    try:
        return str(obj)
    except Exception:
        return f"<{type(obj).__name__}>"


def _short(value) -> str:
    """A one-line, rounded rendering of an input or output for a message; never raises."""
    try:
        text = _render(value)
    except Exception:
        text = f"<{type(value).__name__}>"
    return _capped(text.replace("\n", " "), _VALUE_CHARS)


def _render(value) -> str:
    if isinstance(value, tuple):
        return "(" + ", ".join(_short(v) for v in value) + ")"
    if isinstance(value, str | bytes):
        return repr(value[:_VALUE_CHARS])
    tensor = _torch_tensor_type()
    if tensor is not None and isinstance(value, tensor) and value.numel() > 1000:
        return f"tensor of shape {tuple(value.shape)}"
    arr, _ = as_real_array(value)
    if arr is None:
        if isinstance(value, complex | np.complexfloating):
            return _safe_str(value)
        return repr(value)
    if arr.ndim == 0:
        return f"{float(arr):.6g}"
    return np.array2string(arr.astype(float), precision=4, threshold=6, edgeitems=2, floatmode="maxprec",
                           separator=", ", max_line_width=10_000)


def _call(name: str, args: tuple) -> str:
    """How the call looked: ``name(arg1, arg2)`` with short arguments."""
    return f"{name}({', '.join(_short(a) for a in args)})"


# --------------------------------------------------------------------------- calling the learner

_FLOATING_POINT_HINTS = {
    "overflow": "exp() of a large number overflows; rewrite it so that exp() only ever "
    "sees numbers <= 0 (for example subtract the maximum first).",
    "divide": "log(0) or a division by zero: a probability reached exactly 0 or 1; "
    "clip it away from 0 and 1, or work with logits.",
    "invalid": "a NaN appeared, often from inf - inf or 0 * log(0); look for an overflow earlier.",
}


def _run_with_timeout(func: Callable, args: tuple, timeout: float, label: str):
    """``func(*args)`` in a daemon thread: ("done", value), ("raised", exception) or ("slow", None)."""
    outcome: list = []

    def target():
        try:
            # Underflow to 0 is harmless; overflow, log(0) and 0/0 are the bugs worth a hint.
            # (NumPy's error state is per thread, so it is set here, inside the thread.)
            with np.errstate(over="raise", divide="raise", invalid="raise", under="ignore"):
                outcome.append(("done", func(*args)))
        except BaseException as exc:  # the learner's bug, reported rather than raised
            outcome.append(("raised", exc))

    thread = threading.Thread(target=target, name=f"lrlib.checks: {label}", daemon=True)
    thread.start()
    thread.join(timeout)
    return outcome[0] if outcome else ("slow", None)


def _learner_name(func: Callable, default: str) -> str:
    name = getattr(func, "__name__", None)
    return name if isinstance(name, str) and name.isidentifier() else default


def call_learner(func: Callable, *args, name: str | None = None, timeout: float | None = None):
    """Call the learner's ``func(*args)``; a crash, a missing return or a slow call becomes a CheckResult.

    Parameters
    ----------
    func : callable
    *args
        Passed as they are (copy them first if ``func`` must not change them).
    name : str, optional
        How to call the function in messages (default: its ``__name__``).
    timeout : float, optional
        Seconds to wait for the call (default :data:`TIMEOUT_SECONDS`).

    Returns
    -------
    object
        What ``func`` returned.

    Raises
    ------
    LearnerError
        Carrying the failed :class:`CheckResult`; checkers catch it with
        ``except LearnerError as e: return e.result``.

    Examples
    --------
    >>> call_learner(lambda x: 2 * x, 3)
    6
    >>> try:
    ...     call_learner(lambda x: None, 3, name="double_mine")
    ... except LearnerError as err:
    ...     print(err.result)
    ✘ Not yet: double_mine returned None.
      Hint: did you forget the `return` statement?
    """
    label = name or _learner_name(func, "your function")
    if not callable(func):
        raise LearnerError(fail(f"expected a function, got {type(func).__name__}.",
                                "pass the function itself, without calling it: check(my_func)."))
    timeout = TIMEOUT_SECONDS if timeout is None else timeout
    status, out = _run_with_timeout(func, args, timeout, label)
    if status == "slow":
        raise LearnerError(fail(f"{label} took longer than {timeout:g} s on one case.",
                                "look for a loop that never ends or works one element at a time over a "
                                "large array; NumPy's whole-array operations are much faster."))
    if status == "raised":
        raise LearnerError(_crash_result(out, label)) from None
    if out is None:
        raise LearnerError(fail(f"{label} returned None.", "did you forget the `return` statement?"))
    return out


def _crash_result(exc: BaseException, label: str) -> CheckResult:
    if isinstance(exc, NotImplementedError):
        return fail(f"{label} is not written yet.", "replace `raise NotImplementedError` with your code.")
    if isinstance(exc, OverflowError):  # math.exp overflows with OverflowError, not a NumPy error
        return fail(f"{label} overflowed ({_safe_str(exc)}).", _FLOATING_POINT_HINTS["overflow"])
    if isinstance(exc, FloatingPointError):
        text = _safe_str(exc)
        hint = _FLOATING_POINT_HINTS.get(text.split()[0] if text.split() else "",
                                         "look for exp() or log() of extreme values.")
        return fail(f"{label} hit a floating-point problem ({text}).", hint)
    return fail(f"{label} raised {type(exc).__name__}: {_capped(_safe_str(exc), 200)}",
                "run it on the example inputs in the exercise to see where.")


# --------------------------------------------------------------------------- exercises

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


@dataclass(frozen=True)
class Exercise:
    """One exercise: a reference, fixed cases and typical mistakes; ``check(func)`` grades a function.

    Attributes
    ----------
    name : str
        The exercise's function name without suffix: the learner writes ``{name}_mine``,
        the solution is ``{name}_solution`` and the checker ``check_{name}``.
    chapter : int
        The chapter the exercise belongs to.
    reference : callable
        A correct implementation.
    cases : sequence of tuple, or callable returning one
        The arguments of each call, easy cases first, extreme ones (which may
        overflow) last. A callable is called at each check (for cases that need
        torch, say).
    mistakes : sequence of Mistake
        Typical wrong versions; each must be told apart from the others by the cases.
    success : str
        What to say when every case is right.
    hint : str
        The hint when the outputs are wrong in no known way.
    kind : {"transcription", "derivation", "experiment", "bug"}
        What the exercise asks for: a formula printed in the chapter, a formula the
        learner derives, a number found by experiment, or a bug found in given code.
    crash_hints : mapping of str to str
        Hints for a crash, keyed by a word of the crash message (``"overflow"``,
        ``"divide"``...): they replace the generic crash hint.
    rtol, atol : float
        Tolerances of the default comparison, :func:`close`.
    compare : callable, optional
        ``compare(actual, expected) -> bool`` replacing :func:`close`.
    timeout_seconds : float, optional
        Per-case limit (default :data:`TIMEOUT_SECONDS`).

    Examples
    --------
    >>> double = Exercise(name="double", chapter=0, reference=lambda x: 2 * x, cases=[(1.0,), (3.0,)],
    ...                   mistakes=[Mistake(lambda x: x / 2, "you halved.", "multiply by 2.")],
    ...                   success="well done.", hint="read the formula.")
    >>> double.check(lambda x: x + x)
    ✔ Correct! well done.
    >>> double.check(lambda x: x / 2)
    ✘ Not yet: double_mine(1) returned 0.5, but the answer is 2. you halved.
      Hint: multiply by 2.
    >>> double.check(lambda x: str(2 * x))
    ✘ Not yet: double_mine(1) returned '2.0', which is the text '2.0', not a number.
      Hint: return the number itself, not text: no str(), f-string or format() around it.
    """

    name: str
    chapter: int
    reference: Callable
    cases: Sequence[tuple] | Callable[[], Sequence[tuple]]
    mistakes: Sequence[Mistake]
    success: str
    hint: str
    kind: str = "transcription"
    crash_hints: Mapping[str, str] = field(default_factory=dict)
    rtol: float = 1e-6
    atol: float = 1e-9
    compare: Callable | None = None
    timeout_seconds: float | None = None

    def __post_init__(self):
        if self.kind not in _KINDS:
            raise ValueError(f"kind must be one of {_KINDS}, got {self.kind!r}")

    @property
    def learner_name(self) -> str:
        """The name of the learner's function: ``{name}_mine``."""
        return f"{self.name}_mine"

    def get_cases(self) -> list[tuple]:
        """The cases, built now if they are given as a function."""
        return list(self.cases() if callable(self.cases) else self.cases)

    def same(self, actual, expected) -> bool:
        """Whether ``actual`` counts as ``expected``; never raises."""
        if self.compare is None:
            return close(actual, expected, rtol=self.rtol, atol=self.atol)
        try:
            return bool(self.compare(actual, expected))
        except Exception:
            return False

    def check(self, func: Callable, *, timeout: float | None = None) -> CheckResult:
        """Run ``func`` on every case; compare it with the reference and the known mistakes.

        Parameters
        ----------
        func : callable
            The learner's function (anything, in fact: this never raises).
        timeout : float, optional
            Per-case limit in seconds, overriding the exercise's.

        Returns
        -------
        CheckResult
        """
        name = _learner_name(func, self.learner_name)
        if name == "<lambda>":
            name = self.learner_name
        timeout = timeout if timeout is not None else self.timeout_seconds
        cases = self.get_cases()
        outputs, crash = [], None
        for args in cases:
            try:
                outputs.append(call_learner(func, *copy.deepcopy(args), name=name, timeout=timeout))
            except LearnerError as err:
                crash = err.result
                break
        seen = cases[: len(outputs)]
        expected = [self.reference(*copy.deepcopy(args)) for args in seen]
        wrong_at = [i for i, (out, exp) in enumerate(zip(outputs, expected, strict=True))
                    if not self.same(out, exp)]
        # A wrong answer on an easy case says more than a crash on a later, extreme one.
        if wrong_at:
            return self._diagnose(name, seen, outputs, expected, wrong_at[0])
        if crash is not None:
            return self._explain_crash(crash, name, cases[len(outputs)])
        return ok(self.success)

    def _diagnose(self, name, seen, outputs, expected, first) -> CheckResult:
        said = f"{_call(name, seen[first])} returned {_short(outputs[first])}"
        bad_type = _type_problem(outputs[first], expected[first])
        if bad_type:
            return fail(f"{said}, which {bad_type}.", _type_hint(bad_type))
        said += f", but the answer is {_short(expected[first])}."
        for mistake in self.mistakes:
            if all(self.same(out, _quietly(mistake.wrong, args))
                   for out, args in zip(outputs, seen, strict=True)):
                return fail(f"{said} {mistake.problem}", mistake.hint)
        return fail(said, self.hint)

    def _explain_crash(self, crash: CheckResult, name: str, args: tuple) -> CheckResult:
        problem = crash.message.split("\n")[0].removeprefix("✘ Not yet: ").rstrip(".")
        for word, crash_hint in self.crash_hints.items():
            if word in problem:
                return fail(f"{problem}, on {_call(name, args)}.", crash_hint)
        return crash


def _type_problem(actual, expected) -> str | None:
    """Why ``actual`` is not even the kind of thing ``expected`` is (text, complex...), or None."""
    if isinstance(expected, tuple):
        if not isinstance(actual, tuple | list) or len(actual) != len(expected):
            return None  # a wrong number of parts is a mistake the exercise may name
        problems = [_type_problem(a, e) for a, e in zip(actual, expected, strict=True)]
        return next((p for p in problems if p), None)
    return as_real_array(actual)[1]


def _quietly(func: Callable, args: tuple):
    """A wrong version's output (NumPy warnings silenced); None if it cannot run on these inputs."""
    try:
        with np.errstate(all="ignore"):
            return func(*copy.deepcopy(args))
    except Exception:
        return None


def all_exercises() -> list[Exercise]:
    """Every :class:`Exercise` declared at module level in ``lrlib.checks``, by chapter then name.

    Examples
    --------
    >>> names = [e.name for e in all_exercises()]
    >>> "odds" in names and len(names) == len(set(names))
    True
    """
    package = importlib.import_module("lrlib.checks")
    found = {}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for value in vars(module).values():
            if isinstance(value, Exercise):
                found[id(value)] = value
    return sorted(found.values(), key=lambda e: (e.chapter, e.name))

