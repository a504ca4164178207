"""The one engine behind every exercise checker.

An exercise is declared once, as an :class:`Exercise`: a correct *reference*
function (kept private: nothing public in ``lrlib.checks`` holds it), the fixed
*cases* it is checked on, a function that draws fresh *random cases*, the library
functions that *are* the answer (``forbidden``), the *range* of a right answer, and
its typical *mistakes*, each a wrong version of the function (a :class:`Mistake`)
with what to tell whoever made it. ``exercise.check(func)`` runs the learner's
``func`` on the fixed cases and on random ones drawn from a new seed, and returns a
:class:`CheckResult`:

- ✘ "``odds_mine`` calls lrlib.odds" when ``func`` is, or calls while it runs, one of
  the forbidden functions or the reference itself (through anything: a lambda, a
  partial, a decorator, another lrlib function that uses it);
- ✔ with the exercise's ``success`` message when every case agrees with the reference;
- ✘ on the first wrong case otherwise, with a hint, looked for in this order: an answer
  that is not numbers at all (text, a complex number...); one that agrees with a typical
  mistake on every case run (that mistake's hint; mistakes are recognised by what the
  code returns, never guessed from its text; the first match wins); a wrong shape; a
  number out of range (NaN, a probability above 1, an index outside ``range(n)``...);
  and last a wrong value, with the exercise's generic ``hint``.

Every ✘ that comes from running the cases ends with the seed of its random cases:
``check_odds(odds_mine, seed=123456)`` draws the same ones again. Answers recorded in
one check therefore fail the next, which draws other cases. The ✘ of a stub that
still raises ``NotImplementedError`` and every ✔ print no seed, so a notebook's stored
outputs are the same at every run.

It never raises because of what the learner wrote or returned: a crash, a
missing ``return``, text instead of a number, a complex number, a ragged list,
NaN, a tensor that requires grad or a huge output all become a ✘ with a hint,
and messages are capped at :data:`MAX_MESSAGE_CHARS` characters.

Declaring an exercise (in the checker module of its chapter, ``chNN_topic.py``)::

    from lrlib.functions import odds as _odds   # a private name: nothing public holds the answer

    ODDS = Exercise(
        name="odds",                     # the learner writes odds_mine
        chapter=1,
        kind="transcription",            # or "derivation", "experiment", "bug"
        reference=_odds,
        cases=[(0.5,), (np.array([0.1, 0.9]),), (0.0,)],   # or a function returning them (lazy)
        random_cases=lambda rng: [(rng.uniform(0.02, 0.98, size=5),)],  # drawn at each check
        forbidden=(_odds,),              # the answer already written; "torch:sigmoid" names one by text
        output_range=(0, None),          # every number finite and >= 0 (the default: finite)
        range_hint="odds are never negative.",
        mistakes=[Mistake(lambda p: (1 - p) / p, "upside down.", "p / (1 - p), not (1 - p) / p.")],
        success="odds(0.8) = 4.",
        hint="odds = p / (1 - p).",
    )

    def check_odds(func, seed=None):
        '''Check ``func(p)``: the odds. (numpy-style docstring with Examples)'''
        return ODDS.check(func, seed=seed)

Every module-level :class:`Exercise` of ``lrlib.checks``' modules is found by
:func:`all_exercises`, which the table-driven test uses to prove, for each, that the
reference passes, each mistake gets its own hint, and the reference itself, a wrapper
of it, a replayed table and an out-of-range answer all fail: a new chapter's
exercises are covered as soon as its module exists.

Options of :class:`Exercise`: ``validate`` (a check of the answer's form beyond
``output_range``, such as "an index of ``range(n)``"), with ``range_hint``;
``check_shape`` (off where right answers differ in shape, such as folds in any order);
``crash_hints`` (exercise-specific hints for a crash, keyed by a word of its message,
e.g. ``"overflow"``); ``rtol``/``atol`` (tolerances of :func:`close` and of the range);
``compare`` (another comparison ``compare(actual, expected) -> bool``, for instance
``functools.partial(close, same_type=True)`` to insist on a torch tensor of the
reference's dtype); ``timeout_seconds`` (per case).

Comparison (:func:`close`) is tensor-aware: torch tensors, including ones that
require grad or live on a GPU, are compared as NumPy arrays, and torch is never
imported by the engine (a tensor exists only if its owner imported torch).

Spotting the answer already written: each case runs in a thread of its own, and that
thread alone is profiled (``sys.setprofile``): every call of a Python function and of a
C function is looked up among the forbidden ones. A Python function counts by its code
(a copy of it is caught too), and the innermost one of a decorated function (the
decorators' own code, which scikit-learn shares across its functions, does not count);
a function ``f`` brings along the kernel its module knows as ``_f`` (defined there or in
a private module of its package), so ``lrlib._kernels.sigmoid`` counts as ``lrlib.sigmoid``.
A forbidden function named by text, ``"torch:sigmoid"`` (the module, a colon, the
attribute path), is looked up only in modules already imported when the check starts,
so declaring it imports nothing.
NumPy ufuncs (``scipy.special.expit``) are invisible to a profiler: they are caught only
when passed as the answer itself.

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
import itertools
import operator
import pkgutil
import secrets
import sys
import threading
import types
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import InitVar, dataclass, field

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

MAX_MESSAGE_CHARS = 700
"""The longest message a check returns; longer ones are cut with an ellipsis."""

_VALUE_CHARS = 120  # the longest rendering of one input or output inside a message
_KINDS = ("transcription", "derivation", "experiment", "bug", "interpretation")
# Seeds are drawn below this: short enough to type, and a table recorded under one seed
# meets its seed again once in a million checks.
_SEEDS = 1_000_000
_MAX_ITEMS = 100_000  # the most items of a returned generator that are read


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


def _capped_in_the_middle(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters in its middle: a problem's start (the call) and end (what is
    wrong) say the most."""
    if len(text) <= limit:
        return text
    head = (limit - 3) * 2 // 3
    return f"{text[:head]} … {text[len(text) - (limit - 3 - head):]}"


def ok(message: str) -> CheckResult:
    """A passed check with its success message.

    Examples
    --------
    >>> ok("well done.")
    ✔ Correct! well done.
    """
    return CheckResult(True, _capped(f"✔ Correct! {message}", MAX_MESSAGE_CHARS))


def fail(problem: str, hint: str, *, note: str | None = None) -> CheckResult:
    """A failed check: what is wrong, a hint towards the fix, and an optional last line; capped in length.

    Examples
    --------
    >>> fail("wrong sign.", "flip it.")
    ✘ Not yet: wrong sign.
      Hint: flip it.
    >>> fail("wrong sign.", "flip it.", note="Seed 7.")
    ✘ Not yet: wrong sign.
      Hint: flip it.
      Seed 7.
    """
    last = "" if note is None else "\n  " + _capped(note, MAX_MESSAGE_CHARS // 4)
    hint = _capped(hint, MAX_MESSAGE_CHARS // 2)
    problem = _capped_in_the_middle(problem, MAX_MESSAGE_CHARS - len(hint) - len(last) - 25)
    return CheckResult(False, f"✘ Not yet: {problem}\n  Hint: {hint}{last}")


class LearnerError(Exception):
    """Wraps a problem with the learner's function: what is wrong and a hint, as a ready failed CheckResult.

    Attributes
    ----------
    problem, hint : str
    result : CheckResult
        ``fail(problem, hint)``.
    stub : bool
        Whether the function is a stub not written yet (it raised ``NotImplementedError``).
    """

    def __init__(self, problem: str, hint: str, *, stub: bool = False):
        self.problem, self.hint, self.stub = problem, hint, stub
        self.result = fail(problem, hint)
        super().__init__(self.result.message)


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

_NOT_A_FUNCTION_HINT = "pass the function itself, without calling it: check(my_func)."


def _run_with_timeout(func: Callable, args: tuple, timeout: float, label: str,
                      profile: Callable | None = None):
    """``func(*args)`` in a daemon thread: ("done", value), ("raised", exception) or ("slow", None).

    ``profile``, if given, is that thread's profile function (:func:`sys.setprofile`) while ``func`` runs.
    A returned iterator (a generator, ``map``, ``zip``) is read into a list there.
    """
    outcome: list = []

    def target():
        if profile is not None:
            sys.setprofile(profile)  # this thread only: it sees what func calls, nothing else
        try:
            # Underflow to 0 is harmless; overflow, log(0) and 0/0 are the bugs worth a hint.
            # (NumPy's error state is per thread, so it is set here, inside the thread.)
            with np.errstate(over="raise", divide="raise", invalid="raise", under="ignore"):
                value = func(*args)
                if isinstance(value, Iterator):  # a generator's code runs here too, timed and watched
                    value = list(itertools.islice(value, _MAX_ITEMS))
                outcome.append(("done", value))
        except BaseException as exc:  # the learner's bug, reported rather than raised
            outcome.append(("raised", exc))
        finally:
            sys.setprofile(None)

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
    return _call_learner(func, args, name or _learner_name(func, "your function"), timeout)


def _call_learner(func: Callable, args: tuple, label: str, timeout: float | None,
                  profile: Callable | None = None):
    """:func:`call_learner`, with ``profile`` watching the call (see :class:`_Watch`)."""
    if not callable(func):
        raise LearnerError(f"expected a function, got {type(func).__name__}.", _NOT_A_FUNCTION_HINT)
    timeout = TIMEOUT_SECONDS if timeout is None else timeout
    status, out = _run_with_timeout(func, args, timeout, label, profile)
    if status == "slow":
        raise LearnerError(f"{label} took longer than {timeout:g} s on one case.",
                           "look for a loop that never ends or works one element at a time over a "
                           "large array; NumPy's whole-array operations are much faster.")
    if status == "raised":
        raise LearnerError(*_crash(out, label), stub=isinstance(out, NotImplementedError)) from None
    if out is None:
        raise LearnerError(f"{label} returned None.", "did you forget the `return` statement?")
    return out


def _crash(exc: BaseException, label: str) -> tuple[str, str]:
    """What to say about a crash of the learner's function: (problem, hint)."""
    if isinstance(exc, NotImplementedError):
        return f"{label} is not written yet.", "replace `raise NotImplementedError` with your code."
    if isinstance(exc, OverflowError):  # math.exp overflows with OverflowError, not a NumPy error
        return f"{label} overflowed ({_safe_str(exc)}).", _FLOATING_POINT_HINTS["overflow"]
    if isinstance(exc, FloatingPointError):
        text = _safe_str(exc)
        hint = _FLOATING_POINT_HINTS.get(text.split()[0] if text.split() else "",
                                         "look for exp() or log() of extreme values.")
        return f"{label} hit a floating-point problem ({text}).", hint
    return (f"{label} raised {type(exc).__name__}: {_capped(_safe_str(exc), 200)}",
            "run it on the example inputs in the exercise to see where.")


# --------------------------------------------------------------------------- the answer already written

_OWN_ANSWER = "the checker's own answer"


def _attribute(obj, name: str):
    """``getattr(obj, name, None)``, also for objects whose attribute lookup raises."""
    try:
        return getattr(obj, name, None)
    except Exception:
        return None


def _layers(func) -> list:
    """``func`` and what it wraps, outermost first: a decorator's ``__wrapped__``, a bound method's
    ``__func__``, a partial's ``func``, an ``np.vectorize``'s ``pyfunc``."""
    layers = []
    while func is not None and len(layers) < 32 and not any(func is layer for layer in layers):
        layers.append(func)
        inner = (_attribute(func, attr) for attr in ("__wrapped__", "__func__", "func", "pyfunc"))
        func = next((candidate for candidate in inner if callable(candidate)), None)
    return layers


def _public_name(obj) -> str:
    """Where ``obj`` is imported from with the shortest path: ``lrlib.odds``, not ``lrlib.functions.odds``."""
    module, qualname = _attribute(obj, "__module__"), _attribute(obj, "__qualname__")
    if not isinstance(module, str) or not isinstance(qualname, str):
        return _safe_str(obj)
    parts, top = module.split("."), qualname.split(".")[0]
    defined = vars(sys.modules[module]).get(top) if module in sys.modules else None
    for end in range(1, len(parts)):
        if defined is None or parts[end - 1].startswith("_"):
            break
        package = sys.modules.get(".".join(parts[:end]))
        if package is not None and vars(package).get(top) is defined:  # vars: never a lazy import
            return f"{'.'.join(parts[:end])}.{qualname}"
    return f"{module}.{qualname}"


def _is_kernel_of(kernel: types.FunctionType, func: types.FunctionType) -> bool:
    """Whether ``kernel`` is defined next to ``func`` or in a private module of its package."""
    module, home = str(kernel.__module__), str(func.__module__)
    package, _, name = module.rpartition(".")
    return module == home or (name.startswith("_") and home.startswith(f"{package}."))


def _resolve(path: str):
    """The object ``"module:attr.attr"`` names if that module is imported already, else None."""
    module_name, _, attributes = path.partition(":")
    obj = sys.modules.get(module_name)
    for attribute in attributes.split(".") if attributes else []:
        obj = _attribute(obj, attribute) if obj is not None else None
    return obj


class _Watch:
    """The functions that are the answer already written, and a profile function that spots them.

    ``profile`` is installed in the thread that runs the learner's function; the first
    forbidden function it sees called is kept in ``seen``, by name.
    """

    def __init__(self, answers: Sequence[tuple[object, str]]):
        self._objects: list[tuple[object, str]] = []  # for identity: anything, ufuncs included
        self._codes: dict[types.CodeType, str] = {}  # Python functions, seen in "call" events
        self._c_functions: dict[object, str] = {}  # C functions and bound C methods, in "c_call" events
        self._methods: dict[str, list[tuple[type, str]]] = {}  # unbound C methods, by name
        self.seen: list[str] = []
        for answer, name in answers:
            self._add(answer, name)

    def _add(self, answer, name: str) -> None:
        self._objects.append((answer, name))
        inner = _layers(answer)[-1]  # a decorator's code is not the answer's: sklearn shares its wrappers
        code = _attribute(inner, "__code__")
        if isinstance(inner, types.FunctionType) and isinstance(code, types.CodeType):
            self._codes.setdefault(code, name)
            kernel = inner.__globals__.get(f"_{inner.__name__}")  # lrlib's unvalidated kernel of it
            if isinstance(kernel, types.FunctionType) and _is_kernel_of(kernel, inner):
                self._codes.setdefault(kernel.__code__, name)
        elif isinstance(inner, types.MethodDescriptorType):
            self._methods.setdefault(inner.__name__, []).append((inner.__objclass__, name))
        elif isinstance(inner, types.BuiltinFunctionType):
            self._c_functions.setdefault(inner, name)

    def alias(self, func) -> str | None:
        """The forbidden function that ``func`` is, or wraps, or copies; None if it is none of them."""
        for layer in _layers(func):
            code = _attribute(layer, "__code__")
            if isinstance(code, types.CodeType) and code in self._codes:
                return self._codes[code]
            if isinstance(layer, types.BuiltinFunctionType) and layer in self._c_functions:
                return self._c_functions[layer]
            for answer, name in self._objects:
                if layer is answer:
                    return name
        return None

    def profile(self, frame, event, arg) -> None:
        """A :func:`sys.setprofile` function: note the first forbidden function called."""
        if event == "call":
            name = self._codes.get(frame.f_code)
        elif event == "c_call":
            name = self._c_functions.get(arg)
            if name is None and self._methods:
                name = next((method for objclass, method in self._methods.get(arg.__name__, ())
                             if isinstance(_attribute(arg, "__self__"), objclass)), None)
        else:
            return
        if name is not None and not self.seen:
            self.seen.append(name)


def _write_it_yourself(answer: str) -> str:
    return (f"write it yourself: {answer} is the answer already written, so a check of it proves nothing "
            "about you (compare your function with it afterwards, if you like).")


# --------------------------------------------------------------------------- seeds and ranges

def _seed(seed) -> int:
    """``seed`` as a whole number >= 0, or a new one when it is None.

    Raises
    ------
    LearnerError
        When ``seed`` is something else.
    """
    if seed is None:
        return secrets.randbelow(_SEEDS)
    try:
        if isinstance(seed, bool):
            raise TypeError
        seed = operator.index(seed)
    except TypeError:
        seed = -1
    if seed < 0:
        raise LearnerError("the seed is not a whole number >= 0.",
                           "pass the seed a ✘ message shows, e.g. seed=123456, or no seed for new cases.")
    return seed


def _numbers(value, expected) -> np.ndarray | None:
    """Every number of ``value``, flat (part by part where ``expected`` is a tuple); None if not numbers."""
    if isinstance(expected, tuple):
        if not isinstance(value, tuple | list) or len(value) != len(expected):
            return None
        parts = [_numbers(v, e) for v, e in zip(value, expected, strict=True)]
        return None if any(p is None for p in parts) else np.concatenate([np.empty(0), *parts])
    arr, _ = as_real_array(value)
    try:
        return None if arr is None else arr.astype(float).ravel()
    except Exception:  # integers too large for a float
        return None


def _outside(values: np.ndarray, low: float | None, high: float | None, slack: Callable) -> str | None:
    """The first of ``values`` not finite or outside [low, high] (give or take ``slack(bound)``), in words."""
    checks = [(~np.isfinite(values), "which is not a finite number")]
    if low is not None:
        checks.append((values < low - slack(low), f"below {low:g}"))
    if high is not None:
        checks.append((values > high + slack(high), f"above {high:g}"))
    for bad, what in checks:
        if bad.any():
            return f"it holds {_short(values[bad][0])}, {what}"
    return None


_NOT_FINITE_HINT = ("a NaN or an infinity came out: look for log(0), 0 / 0, inf - inf or exp() of a large "
                    "number; the answer is a finite number in every case.")
_SHAPE_HINT = ("match the answer's shape: look at the axis of each sum, mean, max or argmax (axis=0 runs "
               "down the columns, axis=1 along each row), at keepdims=True and at a missing or extra .T, "
               "and return every part of a tuple.")


def _shape_problem(actual, expected) -> str | None:
    """How ``actual``'s shape differs from ``expected``'s ("the answer has shape (2,), not (3,)"), or None."""
    if isinstance(expected, tuple):
        count = len(actual) if isinstance(actual, tuple | list) else None
        if count != len(expected):
            got = "a single value" if count is None else f"{count}"
            return f"the answer is a tuple of {len(expected)} parts, not {got}"
        for part, (a, e) in enumerate(zip(actual, expected, strict=True), start=1):
            problem = _shape_problem(a, e)
            if problem:
                return f"in part {part} of the tuple {problem}"
        return None
    a, _ = as_real_array(actual)
    e, _ = as_real_array(expected)
    if a is None or e is None or a.shape == e.shape:
        return None
    if e.ndim == 0:
        return f"the answer is a single number, not an array of shape {a.shape}"
    if a.ndim == 0:
        return f"the answer is an array of shape {e.shape}, not a single number"
    return f"the answer has shape {e.shape}, not {a.shape}"


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
    """One exercise: a reference, cases, the answer's range, its mistakes; ``check(func)`` grades a function.

    Parameters
    ----------
    name : str
        The exercise's function name without suffix: the learner writes ``{name}_mine``,
        the solution is ``{name}_solution`` and the checker ``check_{name}``.
    chapter : int
        The chapter the exercise belongs to.
    reference : callable
        A correct implementation. Kept private (``_reference``): no public attribute holds it.
        Calling it counts as calling a forbidden function.
    cases : sequence of tuple, or callable returning one
        The fixed arguments of each call, easy cases first, extreme ones (which may
        overflow) last. A callable is called at each check (for cases that need
        torch, say).
    mistakes : sequence of Mistake
        Typical wrong versions; each must be told apart from the others by the cases.
    success : str
        What to say when every case is right.
    hint : str
        The hint when the outputs are wrong in no known way.
    kind : {"transcription", "derivation", "experiment", "bug", "interpretation"}
        What the exercise asks for: a formula printed in the chapter, a formula the
        learner derives, a number found by experiment, a bug found in given code, or a
        judgement read off a fitted model's output (a factor, a threshold for stated
        costs, the model to trust). At least half of a chapter's exercises are not
        transcriptions, and one is an interpretation (tests/checks enforce it).
    random_cases : callable, optional
        ``random_cases(rng) -> sequence of tuple``: cases drawn with the NumPy
        generator ``rng`` at each check, run after the fixed ones. None only for an
        exercise that takes no input.
    forbidden : sequence of callable or str
        The functions that are the answer already written (``lrlib.odds``, ``"torch:sigmoid"``:
        module, colon, attribute path, looked up only if that module is imported). The
        learner's function may neither be nor call one of them; helpers not listed stay allowed.
    output_range : (low, high)
        Bounds of every number of the answer (None: unbounded). Every number must be
        finite in any case.
    validate : callable, optional
        ``validate(answer, *args) -> str or None``: what else is wrong with the answer's
        form ("it holds index 1003, outside range(11)"), or None.
    range_hint : str, optional
        The hint for an answer out of range or of the wrong form (required with ``validate``).
    check_shape : bool, default True
        Report an answer whose shape differs from the reference's as such; off where
        right answers differ in shape.
    crash_hints : mapping of str to str
        Hints for a crash, keyed by a word of the crash message (``"overflow"``,
        ``"divide"``...): they replace the generic crash hint.
    rtol, atol : float
        Tolerances of the default comparison, :func:`close`, and of ``output_range``.
    compare : callable, optional
        ``compare(actual, expected) -> bool`` replacing :func:`close`.
    timeout_seconds : float, optional
        Per-case limit (default :data:`TIMEOUT_SECONDS`).

    Examples
    --------
    >>> double = Exercise(name="double", chapter=0, reference=lambda x: 2 * x, cases=[(1.0,), (3.0,)],
    ...                   random_cases=lambda rng: [(rng.normal(),)],
    ...                   mistakes=[Mistake(lambda x: x / 2, "you halved.", "multiply by 2.")],
    ...                   success="well done.", hint="read the formula.")
    >>> double.check(lambda x: x + x)
    ✔ Correct! well done.
    >>> double.check(lambda x: x / 2, seed=7)
    ✘ Not yet: double_mine(1) returned 0.5, but the answer is 2. you halved.
      Hint: multiply by 2.
      Seed 7: check_double(double_mine, seed=7) draws these cases again.
    >>> double.check(lambda x: str(2 * x), seed=7)
    ✘ Not yet: double_mine(1) returned '2.0', which is the text '2.0', not a number.
      Hint: return the number itself, not text: no str(), f-string or format() around it.
      Seed 7: check_double(double_mine, seed=7) draws these cases again.
    >>> double.check(lambda x: 2 * x if x in (1.0, 3.0) else 0.0, seed=7)  # a table of the fixed cases
    ✘ Not yet: double_mine(0.00123015) returned 0, but the answer is 0.00246031.
      Hint: read the formula.
      Seed 7: check_double(double_mine, seed=7) draws these cases again.

    The answer already written may not be called:

    >>> import math
    >>> total = Exercise(name="total", chapter=0, reference=math.fsum, cases=[([0.5, 2.0],)],
    ...                  random_cases=lambda rng: [(list(rng.normal(size=3)),)], forbidden=(np.sum,),
    ...                  mistakes=[], success="summed.", hint="add them up.")
    >>> total.check(lambda xs: np.sum(xs), seed=1)  # doctest: +ELLIPSIS
    ✘ Not yet: total_mine calls numpy.sum.
      Hint: write it yourself: numpy.sum is the answer already written, so a check of it proves nothing ...
      Seed 1: check_total(total_mine, seed=1) draws these cases again.
    >>> total.check(math.fsum)  # doctest: +ELLIPSIS
    ✘ Not yet: total_mine is the checker's own answer itself.
      Hint: write it yourself: the checker's own answer is the answer already written, ...
    """

    name: str
    chapter: int
    reference: InitVar[Callable]
    cases: Sequence[tuple] | Callable[[], Sequence[tuple]]
    mistakes: Sequence[Mistake]
    success: str
    hint: str
    kind: str = "transcription"
    random_cases: Callable[[np.random.Generator], Sequence[tuple]] | None = None
    forbidden: Sequence[Callable | str] = ()
    output_range: tuple[float | None, float | None] = (None, None)
    validate: Callable[..., str | None] | None = None
    range_hint: str | None = None
    check_shape: bool = True
    crash_hints: Mapping[str, str] = field(default_factory=dict)
    rtol: float = 1e-6
    atol: float = 1e-9
    compare: Callable | None = None
    timeout_seconds: float | None = None

    def __post_init__(self, reference: Callable):
        if self.kind not in _KINDS:
            raise ValueError(f"kind must be one of {_KINDS}, got {self.kind!r}")
        if self.validate is not None and self.range_hint is None:
            raise ValueError("an exercise with `validate` needs a `range_hint`")
        object.__setattr__(self, "_reference", reference)

    @property
    def learner_name(self) -> str:
        """The name of the learner's function: ``{name}_mine``."""
        return f"{self.name}_mine"

    def cases_for(self, seed: int | None) -> list[tuple]:
        """The fixed cases (built now if given as a function), then the random ones drawn from ``seed``.

        Examples
        --------
        >>> ex = Exercise(name="f", chapter=0, reference=abs, cases=[(1.0,)], mistakes=[], success="",
        ...               hint="", random_cases=lambda rng: [(int(rng.integers(10)),)])
        >>> ex.cases_for(3), ex.cases_for(None)
        ([(1.0,), (8,)], [(1.0,)])
        """
        fixed = list(self.cases() if callable(self.cases) else self.cases)
        if seed is None or self.random_cases is None:
            return fixed
        return fixed + list(self.random_cases(np.random.default_rng(seed)))

    def same(self, actual, expected) -> bool:
        """Whether ``actual`` counts as ``expected``; never raises."""
        if self.compare is None:
            return close(actual, expected, rtol=self.rtol, atol=self.atol)
        try:
            return bool(self.compare(actual, expected))
        except Exception:
            return False

    def check(self, func: Callable, *, seed: int | None = None, timeout: float | None = None) -> CheckResult:
        """Run ``func`` on the fixed and random cases; compare it with the reference and the known mistakes.

        Parameters
        ----------
        func : callable
            The learner's function (anything, in fact: this never raises).
        seed : int, optional
            The seed of the random cases, as a ✘ message shows it; a new one by default.
        timeout : float, optional
            Per-case limit in seconds, overriding the exercise's.

        Returns
        -------
        CheckResult
        """
        return self._check(func, seed=seed, timeout=timeout)

    def _check(self, func: Callable, *, seed=None, timeout: float | None = None,
               watch: bool = True) -> CheckResult:
        """:meth:`check`; ``watch=False`` lets ``func`` call the answer (to test the cases and mistakes)."""
        name = _learner_name(func, self.learner_name)
        if name == "<lambda>":
            name = self.learner_name
        if not callable(func):
            return fail(f"expected a function, got {type(func).__name__}.", _NOT_A_FUNCTION_HINT)
        watcher = self._watch() if watch else None
        answer = watcher.alias(func) if watcher is not None else None
        if answer is not None:  # named as the learner's, not by its own name (odds_mine = lrlib.odds)
            return fail(f"{self.learner_name} is {answer} itself.", _write_it_yourself(answer))
        try:
            seed = None if self.random_cases is None else _seed(seed)
        except LearnerError as err:
            return err.result
        note = None if seed is None else \
            f"Seed {seed}: check_{self.name}({name}, seed={seed}) draws these cases again."
        cases = self.cases_for(seed)
        timeout = timeout if timeout is not None else self.timeout_seconds
        outputs, expected, crash = [], [], None
        for args in cases:
            # The reference runs first: what it imports on first use (PyTorch does) is then
            # imported outside the learner's profiled thread, where it would be slow.
            expected.append(self._reference(*copy.deepcopy(args)))
            try:
                outputs.append(_call_learner(func, copy.deepcopy(args), name, timeout,
                                             watcher.profile if watcher is not None else None))
            except LearnerError as err:
                crash = err
            if crash is not None or (watcher is not None and watcher.seen):
                break
        if watcher is not None and watcher.seen:
            return fail(f"{name} calls {watcher.seen[0]}.", _write_it_yourself(watcher.seen[0]), note=note)
        if crash is not None and crash.stub:  # the same words at every run: no seed
            return crash.result
        seen, expected = cases[: len(outputs)], expected[: len(outputs)]
        wrong_at = [i for i, (out, exp, args) in enumerate(zip(outputs, expected, seen, strict=True))
                    if not self._right(out, exp, args)]
        # A wrong answer on an easy case says more than a crash on a later, extreme one.
        if wrong_at:
            return fail(*self._diagnose(name, seen, outputs, expected, wrong_at[0]), note=note)
        if crash is not None:
            return fail(*self._explain_crash(crash, name, cases[len(outputs)]), note=note)
        return ok(self.success)

    def _watch(self) -> _Watch:
        """What counts as the answer: the forbidden functions (of modules imported now) and the reference."""
        answers = []
        for entry in self.forbidden:
            if isinstance(entry, str):
                answers.append((_resolve(entry), entry.replace(":", ".")))
            else:
                answers.append((entry, _public_name(entry)))
        answers.append((self._reference, _OWN_ANSWER))
        return _Watch([(answer, name) for answer, name in answers if answer is not None])

    def _right(self, out, expected, args) -> bool:
        return self._out_of_range(out, expected, args) is None and self.same(out, expected)

    def _out_of_range(self, out, expected, args) -> str | None:
        """What puts ``out`` out of range or of the wrong form ("it holds nan, ..."), or None; no raising."""
        values = _numbers(out, expected)
        if values is not None:
            problem = _outside(values, *self.output_range,
                               slack=lambda bound: self.atol + self.rtol * abs(bound))
            if problem:
                return problem
        if self.validate is None:
            return None
        try:
            problem = self.validate(out, *args)
        except Exception:
            return "it is not in the form the answer takes"
        return problem if isinstance(problem, str) else None

    def _range_hint(self, problem: str) -> str:
        if "not a finite number" in problem:
            return _NOT_FINITE_HINT
        if self.range_hint is not None:
            return self.range_hint
        low, high = self.output_range
        return (f"every number of the answer lies between {-np.inf if low is None else low:g} "
                f"and {np.inf if high is None else high:g}.")

    def _diagnose(self, name, seen, outputs, expected, first) -> tuple[str, str]:
        """(problem, hint) about the first wrong case: its type, a known mistake, its shape, range, value."""
        said = f"{_call(name, seen[first])} returned {_short(outputs[first])}"
        bad_type = _type_problem(outputs[first], expected[first])
        if bad_type:
            return f"{said}, which {bad_type}.", _type_hint(bad_type)
        answer = f"{said}, but the answer is {_short(expected[first])}."
        for mistake in self.mistakes:
            if all(self.same(out, _quietly(mistake.wrong, args))
                   for out, args in zip(outputs, seen, strict=True)):
                return f"{answer} {mistake.problem}", mistake.hint
        shape = _shape_problem(outputs[first], expected[first]) if self.check_shape else None
        if shape:
            return f"{said}, but {shape}.", _SHAPE_HINT
        out_of_range = self._out_of_range(outputs[first], expected[first], seen[first])
        if out_of_range:
            return f"{said}: {out_of_range}.", self._range_hint(out_of_range)
        return answer, self.hint

    def _explain_crash(self, crash: LearnerError, name: str, args: tuple) -> tuple[str, str]:
        problem = crash.problem.rstrip(".")
        for word, crash_hint in self.crash_hints.items():
            if word in problem:
                return f"{problem}, on {_call(name, args)}.", crash_hint
        return crash.problem, crash.hint


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
