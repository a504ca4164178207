"""The checker engine turns whatever a learner writes or returns into a verdict, never a traceback."""

import math
import sys
import threading

import numpy as np
import pytest

from lrlib.checks.engine import (
    MAX_MESSAGE_CHARS,
    CheckResult,
    Exercise,
    LearnerError,
    Mistake,
    call_learner,
    close,
    fail,
    ok,
)


def outcome(func, *args, **kwargs):
    try:
        return call_learner(func, *args, **kwargs)
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
        (lambda x: sys.exit(1), "SystemExit"),
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
    assert not close(float("nan"), 1.0)
    assert close((np.ones(2), 1.0), (np.ones(2), 1.0)) and not close([np.ones(2)], (np.ones(2), 1.0))


def test_close_understands_tensors_even_requiring_grad():
    torch = pytest.importorskip("torch")  # the torch-free compatibility tracks skip the tensor tests
    w = torch.tensor([1.0, 2.0], requires_grad=True) * 1
    assert close(w, np.array([1.0, 2.0])) and close(np.array([1.0, 2.0]), w)
    assert close(torch.tensor(0.5, dtype=torch.bfloat16), 0.5)
    assert not close(torch.tensor([1.0 + 1j]), [1.0])
    assert close(w, torch.tensor([1.0, 2.0]), same_type=True)
    assert not close(w.double(), torch.tensor([1.0, 2.0]), same_type=True)  # float64 vs float32
    assert not close(w.detach().numpy(), torch.tensor([1.0, 2.0]), same_type=True)


# --------------------------------------------------------------------------- Exercise.check

def ref(a):
    return np.array([a, 2 * a]), float(a)


PAIR = Exercise(name="pair", chapter=0, reference=ref, cases=[(0.0,), (1.0,)],
                mistakes=[Mistake(lambda a: (np.array([2 * a, a]), float(a)), "swapped.", "put a first.")],
                success="yes", hint="generic")
SQUARE = Exercise(name="square", chapter=0, reference=lambda x: x * x, cases=[(2.0,), (np.arange(3.0),)],
                  mistakes=[], success="yes", hint="multiply x by itself.")


def test_reports_the_first_wrong_case_and_tuple_outputs():
    result = PAIR.check(lambda a: (np.array([2 * a, a]), float(a)))
    assert not result and "pair_mine(1) returned ([2., 1.], 1), but the answer is ([1., 2.], 1). swapped." \
        in result.message
    assert PAIR.check(ref)
    # a wrong number of outputs is wrong, not a crash
    assert not PAIR.check(lambda a: float(a))


def test_messages_use_the_functions_own_name():
    def square_solution(x):
        return x + x
    assert "square_solution(2) returned 4" not in SQUARE.check(square_solution).message  # 2 + 2 is right
    assert "square_solution([0., 1., 2.]) returned [0., 2., 4.]" in SQUARE.check(square_solution).message


def test_learner_cannot_mutate_the_cases():
    cases = [(np.array([1.0, 2.0]),)]

    def mutating(x):
        x *= 0
        return x

    Exercise(name="f", chapter=0, reference=lambda x: x, cases=cases, mistakes=[], success="y",
             hint="n").check(mutating)
    assert cases[0][0].tolist() == [1.0, 2.0]


def huge_nested(x):
    return [[x] * 10] * 100_000


@pytest.mark.parametrize("odd, words", [
    (lambda x: str(x * x), "is the text '4.0', not a number"),
    (lambda x: f"{x * x:.2f}", "not text"),
    (lambda x: complex(x * x, 1e-3), "complex number"),
    (lambda x: np.sqrt(x * x + 0j), "imaginary part"),
    (lambda x: [[x], [x, x]], "ragged list"),
    (lambda x: float("nan"), "returned nan, but the answer is 4"),
    (lambda x: {"answer": x * x}, "not numbers"),
    (lambda x: object(), "not numbers"),
    (lambda x: 10**400, "not numbers"),
    (lambda x: np.full(10**6, x), "the answer is 4"),
    (huge_nested, "the answer is 4"),
    (lambda x: "x" * 10**6, "not a number"),
    (lambda: 4.0, "TypeError"),
])
def test_odd_outputs_fail_with_a_hint_and_a_capped_message(odd, words):
    result = SQUARE.check(odd)
    assert isinstance(result, CheckResult) and not result
    assert words in result.message and "Hint:" in result.message, result.message
    assert len(result.message) <= MAX_MESSAGE_CHARS


def test_a_wrong_tensor_fails_with_a_hint_even_requiring_grad():
    torch = pytest.importorskip("torch")
    result = SQUARE.check(lambda x: torch.tensor(x, requires_grad=True) * 3)
    assert isinstance(result, CheckResult) and not result
    assert "returned 6, but the answer is 4" in result.message and "Hint:" in result.message, result.message
    assert len(result.message) <= MAX_MESSAGE_CHARS


def test_right_tensors_pass_even_requiring_grad():
    torch = pytest.importorskip("torch")
    assert SQUARE.check(lambda x: torch.as_tensor(x, dtype=torch.float64).requires_grad_() ** 2)


def test_a_huge_exception_message_is_capped():
    def noisy(x):
        raise ValueError("!" * 100_000)
    result = SQUARE.check(noisy)
    assert not result and "raised ValueError" in result.message and len(result.message) <= MAX_MESSAGE_CHARS


def _check_threads():
    return [t for t in threading.enumerate() if t.name.startswith("lrlib.checks")]


def test_a_slow_function_is_reported_and_leaves_no_thread_once_it_returns():
    release = threading.Event()

    def slow_square_mine(x):
        release.wait(30)  # until the test releases it, never the full 30 s
        return x * x

    try:
        result = SQUARE.check(slow_square_mine, timeout=0.05)
        assert not result and "slow_square_mine took longer than 0.05 s" in result.message
    finally:
        release.set()
        for thread in _check_threads():
            thread.join()
    assert not _check_threads()


def test_a_function_that_returns_in_time_leaves_no_thread():
    assert SQUARE.check(lambda x: x**2)
    assert not _check_threads()


def test_the_kind_of_an_exercise_is_one_of_four():
    with pytest.raises(ValueError, match="kind must be one of"):
        Exercise(name="f", chapter=0, reference=abs, cases=[], mistakes=[], success="", hint="", kind="quiz")
