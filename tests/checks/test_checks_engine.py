"""The checker engine turns whatever a learner writes or returns into a verdict, never a traceback."""

import functools
import itertools
import math
import sys
import threading
import types

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
    assert PAIR.check(lambda a: (np.array([a, a + a]), float(a)))
    # a wrong number of outputs is wrong, not a crash
    result = PAIR.check(lambda a: float(a))
    assert not result and "but the answer is a tuple of 2 parts, not a single value" in result.message


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
    (lambda x: float("nan"), "returned nan: it holds nan, which is not a finite number"),
    (lambda x: {"answer": x * x}, "not numbers"),
    (lambda x: object(), "not numbers"),
    (lambda x: 10**400, "not numbers"),
    (lambda x: np.full(10**6, x), "the answer is a single number, not an array of shape (1000000,)"),
    (huge_nested, "the answer is a single number, not an array of shape (100000, 10)"),
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


# --------------------------------------------------------------------------- the answer already written

def kernel_user(x):
    return _double(x)


def _double(x):  # the private kernel of `double`, as lrlib's _sigmoid is sigmoid's
    return 2.0 * np.asarray(x, dtype=float)


def double(x):
    return _double(x)


def decorated(func):
    """A decorator shared by many functions (as scikit-learn's validate_params is): not the answer."""
    @functools.wraps(func)
    def wrapper(*args):
        return func(*args)
    return wrapper


@decorated
def other_double(x):
    return 2 * x


@decorated
def wrapped_double(x):
    return 2 * x


DOUBLE = Exercise(name="double", chapter=0, reference=lambda x: 2 * x, cases=[(1.0,), (np.arange(3.0),)],
                  random_cases=lambda rng: [(rng.normal(size=3),)], mistakes=[], success="yes",
                  hint="multiply by 2.", forbidden=(double, wrapped_double, math.fsum, "numpy:add.reduce",
                                                    "torch:Tensor.mul", "not_imported_module:f"))


def _copy_of(func):
    return types.FunctionType(func.__code__, func.__globals__, "double_mine", func.__defaults__, func.__closure__)


class Doubler:
    def double(self, x):
        return double(x)


@pytest.mark.parametrize("func, words", [
    (double, "double_mine is test_checks_engine.double itself."),
    (lambda x: double(x), "double_mine calls test_checks_engine.double."),
    (functools.partial(double), "is test_checks_engine.double itself"),
    (functools.lru_cache(double), "is test_checks_engine.double itself"),
    (_copy_of(double), "is test_checks_engine.double itself"),  # the same code
    (np.vectorize(double), "is test_checks_engine.double itself"),
    (Doubler().double, "calls test_checks_engine.double"),
    (kernel_user, "calls test_checks_engine.double"),  # its private kernel _double
    (wrapped_double, "is test_checks_engine.wrapped_double itself"),
    (lambda x: wrapped_double(x), "calls test_checks_engine.wrapped_double"),
    (DOUBLE._reference, "is the checker's own answer itself"),
    (lambda x: DOUBLE._reference(x), "calls the checker's own answer"),
    (lambda x: math.fsum([x, x]) if np.ndim(x) == 0 else 2 * x, "calls math.fsum"),  # a C function
    (lambda x: np.add.reduce([x, x]), "calls numpy.add.reduce"),  # a bound C method
])
def test_the_answer_already_written_is_caught_however_it_is_reached(func, words):
    result = DOUBLE.check(func)
    assert not result and words in result.message, result.message
    assert "Hint: write it yourself" in result.message


def test_a_forbidden_method_of_a_c_type_is_caught():
    torch = pytest.importorskip("torch")  # the torch-free compatibility tracks skip this test
    for func in (lambda x: torch.as_tensor(x).mul(2).numpy(), lambda x: torch.Tensor.mul(torch.as_tensor(x), 2).numpy()):
        result = DOUBLE.check(func)
        assert not result and "calls torch.Tensor.mul" in result.message, result.message


def test_a_forbidden_call_is_caught_even_when_it_fails_or_is_swallowed():
    def double_mine(x):
        try:
            double("not a number")  # raises inside, and the learner hides it
        except Exception:
            pass
        return 2 * x
    assert "double_mine calls test_checks_engine.double." in DOUBLE.check(double_mine).message


def test_helpers_not_declared_stay_allowed_and_shared_decorators_do_not_count():
    assert DOUBLE.check(lambda x: other_double(x))  # same decorator as a forbidden function
    assert DOUBLE.check(lambda x: np.add(x, x))  # another ufunc method


def test_the_watch_stays_in_the_learners_thread():
    assert sys.getprofile() is None
    DOUBLE.check(lambda x: double(x))
    assert sys.getprofile() is None
    double(1.0)  # outside a check, nothing watches
    assert not _check_threads()


def test_a_name_is_looked_up_where_it_is_shortest():
    from lrlib import odds
    from lrlib.metrics import roc_curve

    exercise = Exercise(name="odds", chapter=0, reference=odds, cases=[(0.5,)], mistakes=[], success="",
                        hint="", forbidden=(odds, roc_curve))
    assert "calls lrlib.odds." in exercise.check(lambda p: odds(p)).message
    assert "calls lrlib.metrics.roc_curve." in exercise.check(lambda p: roc_curve([0, 1], [p, p])).message


# --------------------------------------------------------------------------- seeds and random cases

def test_random_cases_change_with_the_seed_and_come_back_with_it():
    assert DOUBLE.cases_for(1)[-1][0].tolist() == DOUBLE.cases_for(1)[-1][0].tolist()
    assert DOUBLE.cases_for(1)[-1][0].tolist() != DOUBLE.cases_for(2)[-1][0].tolist()
    assert len(DOUBLE.cases_for(None)) == 2


def fixed_cases_only(x):
    x = np.asarray(x, dtype=float)
    return 2 * x if x.size == 1 or np.array_equal(x, np.arange(3.0)) else x


def test_a_failure_shows_its_seed_and_the_seed_repeats_it():
    first = DOUBLE.check(fixed_cases_only)
    seed = int(first.message.split("seed=")[1].split(")")[0])
    assert not first and f"Seed {seed}: check_double(fixed_cases_only, seed={seed}) draws these cases again." \
        in first.message
    assert DOUBLE.check(fixed_cases_only, seed=seed).message == first.message
    assert len(first.message) <= MAX_MESSAGE_CHARS


def test_a_stub_and_a_success_show_no_seed():
    def double_mine(x):
        raise NotImplementedError
    assert DOUBLE.check(double_mine).message == ("✘ Not yet: double_mine is not written yet.\n"
                                                 "  Hint: replace `raise NotImplementedError` with your code.")
    assert DOUBLE.check(lambda x: x + x).message == "✔ Correct! yes"


@pytest.mark.parametrize("seed", [-1, 1.5, "7", True, [1]])
def test_a_bad_seed_is_a_hint_not_an_exception(seed):
    result = DOUBLE.check(lambda x: x + x, seed=seed)
    assert not result and "seed" in result.message and "Hint:" in result.message


def test_big_seeds_and_numpy_integers_are_seeds():
    assert DOUBLE.check(lambda x: x + x, seed=10**30) and DOUBLE.check(lambda x: x + x, seed=np.int64(3))


# --------------------------------------------------------------------------- range and form

def _under(answer, n):
    return None if np.all(np.asarray(answer) < n) else f"it holds an index {np.max(answer)}, outside range({n})"


INDICES = Exercise(name="indices", chapter=0, reference=lambda n: np.arange(n), cases=[(3,)],
                   random_cases=lambda rng: [(int(rng.integers(4, 9)),)], mistakes=[], success="yes",
                   hint="np.arange(n).", compare=lambda a, e: close(np.sort(a) - np.min(a), e),
                   validate=_under, range_hint="indices run from 0 to n - 1.", check_shape=False)
PROBABILITY = Exercise(name="half", chapter=0, reference=lambda x: np.full(np.shape(x), 0.5),
                       cases=[(np.zeros(2),)], mistakes=[], success="yes", hint="0.5 each.",
                       output_range=(0, 1), range_hint="a probability is between 0 and 1.")


@pytest.mark.parametrize("exercise, func, words, hint", [
    (INDICES, lambda n: np.arange(n) + 1000, "returned [1000., 1001., 1002.]: it holds an index 1002, outside range(3)",
     "indices run from 0 to n - 1."),
    (PROBABILITY, lambda x: np.full(np.shape(x), 1.5), "returned [1.5, 1.5]: it holds 1.5, above 1.",
     "a probability is between 0 and 1."),
    (PROBABILITY, lambda x: np.full(np.shape(x), -0.5), "it holds -0.5, below 0.", "between 0 and 1"),
    (PROBABILITY, lambda x: np.array([0.5, np.inf]), "it holds inf, which is not a finite number",
     "a NaN or an infinity came out"),
    (PROBABILITY, lambda x: np.full(3, 0.5), "but the answer has shape (2,), not (3,).", "match the answer's shape"),
])
def test_range_form_and_shape_come_before_values_each_with_its_hint(exercise, func, words, hint):
    result = exercise.check(func)
    assert not result and words in result.message and hint in result.message.split("Hint:")[1], result.message


def test_an_answer_at_a_bound_give_or_take_rounding_is_in_range():
    assert PROBABILITY.check(lambda x: np.full(np.shape(x), 0.5))
    ex = Exercise(name="one", chapter=0, reference=lambda x: 1.0, cases=[(0,)], mistakes=[], success="",
                  hint="", output_range=(0, 1))
    assert ex.check(lambda x: 1.0 + 1e-12)


def test_a_validator_that_raises_means_the_wrong_form():
    result = INDICES.check(lambda n: [object()] * n)
    assert not result and "Hint:" in result.message


def test_an_exercise_with_a_validator_needs_its_hint():
    with pytest.raises(ValueError, match="range_hint"):
        Exercise(name="f", chapter=0, reference=abs, cases=[], mistakes=[], success="", hint="",
                 validate=lambda answer: None)


def test_the_reference_is_private():
    with pytest.raises(AttributeError):
        DOUBLE.reference  # noqa: B018
    assert "reference" not in repr(DOUBLE)


def test_a_returned_generator_is_read_in_the_learners_thread():
    def double_mine(x):
        yield from np.atleast_1d(double(x))  # the generator's own code calls the answer
    assert "double_mine calls test_checks_engine.double." in DOUBLE.check(double_mine).message
    endless = DOUBLE.check(lambda x: itertools.count())  # read up to a cap, in time: never a hang
    assert not endless and "Hint:" in endless.message
    assert PAIR.check(lambda a: iter([np.array([a, 2 * a]), float(a)]))  # an iterator of the parts
