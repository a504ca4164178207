"""Every exercise declared in lrlib.checks, table-driven: a ✔ means the learner wrote it.

For each exercise: the reference passes and each typical mistake gets its own hint (on fixed
seeds and on a fresh one); the stub is told it is not written yet, in words without a seed.
And none of these passes, each getting a ✘ with a hint: the reference itself, a wrapper that
calls it, a wrapper around each library function the exercise forbids (each would pass if it
were allowed), a table of answers recorded in one check and replayed in a later one, and an
answer out of range. Whatever a checker is given, it answers and never raises.

New chapters are covered as soon as their checker module declares an ``Exercise``; the tables
below (library ways, out-of-range answers) must then name the new exercises' forbidden functions
and validators, or the coverage tests fail.
"""

import functools
import importlib
import pickle
import pkgutil
import warnings

import numpy as np
import pytest
import scipy.optimize
import scipy.special
import scipy.stats
import sklearn.isotonic
import sklearn.metrics
import sklearn.model_selection
import sklearn.preprocessing
import statsmodels.api as sm
import torch
import torch.nn.functional as F

import lrlib
import lrlib.bootstrap
import lrlib.calibration
import lrlib.checks
import lrlib.metrics
import lrlib.newton
import lrlib.pytorch
from lrlib.checks.ch07_pytorch_on_mnist import _epoch_outcome, _evaluation_outcome
from lrlib.checks.engine import _NOT_FINITE_HINT, MAX_MESSAGE_CHARS, CheckResult, _public_name, all_exercises

EXERCISES = all_exercises()
BY_NAME = {ex.name: ex for ex in EXERCISES}
MISTAKES = [(ex, i) for ex in EXERCISES for i in range(len(ex.mistakes))]
SEEDS = [0, 1, 2, None]  # None: a fresh seed, which a failure's message shows


def ids(value):
    return value.name if hasattr(value, "name") else str(value)


def checker(exercise):
    """The public checker of ``exercise``, as the notebooks call it."""
    return getattr(lrlib.checks, f"check_{exercise.name}")


def tensor(array):
    return torch.as_tensor(np.asarray(array))


# --------------------------------------------------------------------------- the reference and the mistakes

def test_exercises_are_found_and_named_once():
    names = [ex.name for ex in EXERCISES]
    assert len(names) >= 15 and len(names) == len(set(names))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("exercise", EXERCISES, ids=ids)
def test_the_reference_passes(exercise, seed):
    result = exercise._check(exercise._reference, seed=seed, watch=False)  # the one function that may be itself
    assert result, result.message
    assert result.message == f"✔ Correct! {exercise.success}"


@pytest.mark.parametrize("exercise", EXERCISES, ids=ids)
def test_each_exercise_names_at_least_two_mistakes(exercise):
    assert len(exercise.mistakes) >= 2


@pytest.mark.parametrize("seed", [0, None])
@pytest.mark.parametrize("exercise, index", MISTAKES, ids=ids)
def test_each_mistake_gets_its_own_hint(exercise, index, seed):
    mistake = exercise.mistakes[index]
    result = exercise._check(mistake.wrong, seed=seed, watch=False)  # a wrong version may be built on the answer
    assert not result
    assert f"{mistake.problem}\n  Hint: {mistake.hint}" in result.message, result.message


@pytest.mark.parametrize("exercise", EXERCISES, ids=ids)
def test_the_stub_is_told_it_is_not_written_yet_in_the_same_words_every_time(exercise):
    def stub(*args):
        raise NotImplementedError  # your code here
    stub.__name__ = exercise.learner_name
    assert checker(exercise)(stub).message == (f"✘ Not yet: {exercise.learner_name} is not written yet.\n"
                                                "  Hint: replace `raise NotImplementedError` with your code.")


# Chapters whose exercises are still being written on other branches (strict: remove an entry
# as soon as the chapter qualifies, or the run fails).
CHAPTERS_IN_PROGRESS: set[int] = set()


def chapters(in_progress=CHAPTERS_IN_PROGRESS, reason="exercises being added"):
    """Every chapter with exercises, those of ``in_progress`` marked as strictly expected to fail."""
    for chapter in sorted({ex.chapter for ex in EXERCISES}):
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if chapter in in_progress else []
        yield pytest.param(chapter, id=f"chapter {chapter}", marks=marks)


@pytest.mark.parametrize("chapter", list(chapters()))
def test_each_chapter_has_three_exercises_one_beyond_a_transcription(chapter):
    kinds = [ex.kind for ex in EXERCISES if ex.chapter == chapter]
    assert len(kinds) >= 3 and set(kinds) != {"transcription"}, kinds


# Chapters whose exercises are made to think on other branches (issue 21 §2; strict: remove an
# entry as soon as the chapter qualifies, or the run fails).
CHAPTERS_STILL_MOSTLY_TRANSCRIPTION: set[int] = set()


@pytest.mark.parametrize("chapter", list(chapters(CHAPTERS_STILL_MOSTLY_TRANSCRIPTION, "reworked on another branch")))
def test_half_of_each_chapters_exercises_ask_for_more_than_a_transcription_one_an_interpretation(chapter):
    kinds = [ex.kind for ex in EXERCISES if ex.chapter == chapter]
    assert 2 * sum(kind != "transcription" for kind in kinds) >= len(kinds), kinds
    assert "interpretation" in kinds, kinds


# --------------------------------------------------------------------------- the answer already written

def _fails_as_written_already(result: CheckResult, *words: str):
    assert not result, result.message
    assert "Hint: write it yourself" in result.message, result.message
    for word in words:
        assert word in result.message, (word, result.message)


@pytest.mark.parametrize("exercise", EXERCISES, ids=ids)
def test_the_reference_itself_fails(exercise):
    _fails_as_written_already(exercise.check(exercise._reference), f"{exercise.learner_name} is ", " itself.")


@pytest.mark.parametrize("exercise", EXERCISES, ids=ids)
def test_a_wrapper_of_the_reference_fails(exercise):
    def wrapper(*args):
        return exercise._reference(*args)
    _fails_as_written_already(exercise.check(wrapper), "wrapper calls ")


@pytest.mark.parametrize("exercise", EXERCISES, ids=ids)
def test_the_reference_is_no_public_attribute_of_lrlib_checks(exercise):
    with pytest.raises(AttributeError):
        exercise.reference  # noqa: B018
    package = lrlib.checks
    modules = [package] + [importlib.import_module(f"lrlib.checks.{m.name}") for m in pkgutil.iter_modules(package.__path__)]
    for module in modules:
        public = {name: value for name, value in vars(module).items() if not name.startswith("_")}
        assert not [name for name, value in public.items() if value is exercise._reference], module.__name__


# The ways a learner could hand in the answer already written, exercise by exercise: each would pass
# if it were allowed (second column), and fails naming the function it calls. The coverage test
# below holds this table to every function the exercises forbid.

def _gradient(loss, pack, unpack, how):
    """A gradient found for the learner: ``loss(args, theta)`` differentiated by ``how``."""
    def by_library(*args):
        theta0 = pack(*args)
        if how == "approx_fprime":
            g = scipy.optimize.approx_fprime(theta0, lambda t: float(loss(args, torch.tensor(t))), 1e-8)
        else:
            theta = torch.tensor(theta0, requires_grad=True)
            value = loss(args, theta)
            if how == "grad":
                (g,) = torch.autograd.grad(value, theta)
            else:
                value.backward()
                g = theta.grad
            g = g.numpy()
        return unpack(args, g)
    return by_library


def _pack_wb(X, y, w, b, *rest):
    return np.append(w, b)


def _unpack_wb(args, g):
    return g[:-1], float(g[-1])


def _bce(args, theta):
    X, y = tensor(args[0]), tensor(args[1])
    return F.binary_cross_entropy_with_logits(X @ theta[:-1] + theta[-1], y)


def _signed_loss(args, theta):
    X, y = tensor(args[0]), tensor(args[1])
    return F.softplus(-y * (X @ theta[:-1] + theta[-1])).mean()


def _l2_loss(args, theta):
    return _bce(args, theta) + args[4] / 2 * theta[:-1] @ theta[:-1]


def _pack_Wb(X, y, W, b):
    return np.append(W.ravel(), b)


def _unpack_Wb(args, g):
    K, d = args[2].shape
    return g[: K * d].reshape(K, d), g[K * d:]


def _cross_entropy(args, theta):
    X, y, W = tensor(args[0]), torch.as_tensor(args[1]), args[2]
    K, d = W.shape
    return F.cross_entropy(X @ theta[: K * d].reshape(K, d).T + theta[K * d:], y)


def _three_ways(loss, pack, unpack):
    """Autograd's two doors and SciPy's finite differences (the last not always within 1e-6: not run unwatched)."""
    return [(_gradient(loss, pack, unpack, "grad"), True, "torch.autograd.grad"),
            (_gradient(loss, pack, unpack, "backward"), True, "torch.autograd.backward"),
            (_gradient(loss, pack, unpack, "approx_fprime"), False, "scipy.optimize.approx_fprime")]


def _labels_from(cm):
    (tn, fp), (fn, tp) = cm
    return np.r_[np.zeros(tn + fp), np.ones(fn + tp)], np.r_[np.zeros(tn), np.ones(fp), np.zeros(fn), np.ones(tp)]


def _lrlib_precision_recall(cm):
    y, pred = _labels_from(cm)
    return lrlib.metrics.precision_score(y, pred), lrlib.metrics.recall_score(y, pred)


def _sklearn_precision_recall(cm):
    y, pred = _labels_from(cm)
    return sklearn.metrics.precision_score(y, pred, zero_division=0.0), sklearn.metrics.recall_score(y, pred)


def _sklearn_fscore_support(cm):
    precision, recall, _, _ = sklearn.metrics.precision_recall_fscore_support(*_labels_from(cm), average="binary",
                                                                               zero_division=0.0)
    return precision, recall


def _hessian_by_autograd(X, y, w, b, alpha):
    return torch.autograd.functional.hessian(lambda t: _l2_loss((X, y, w, b, alpha), t),
                                             torch.tensor(np.append(w, b))).numpy()


def _hessian_by_backward(X, y, w, b, alpha):
    theta = torch.tensor(np.append(w, b), requires_grad=True)
    with warnings.catch_warnings():  # "a reference cycle": the graph is dropped as the function returns
        warnings.simplefilter("ignore", UserWarning)
        _l2_loss((X, y, w, b, alpha), theta).backward(create_graph=True)
    gradient, rows = theta.grad.clone(), []
    for entry in gradient:
        theta.grad = None
        entry.backward(retain_graph=True)
        rows.append(theta.grad.detach().clone().numpy())
    return np.array(rows)


def _hessian_by_finite_differences(X, y, w, b, alpha):
    def gradient(theta):
        grad_w, grad_b = lrlib.binary_cross_entropy_gradient(X, y, theta[:-1], theta[-1])  # a helper
        return np.append(grad_w + alpha * theta[:-1], grad_b)
    return scipy.optimize.approx_fprime(np.append(w, b), gradient, 1e-7)


def _hessian_by_statsmodels(X, y, w, b, alpha):
    X1 = np.column_stack([X, np.ones(len(X))])
    return -sm.Logit(y, X1).hessian(np.append(w, b)) / len(y) + alpha * np.diag([1.0] * len(w) + [0.0])


def _hessian_kernel(X, y, w, b, alpha):
    return lrlib.newton._hessian(np.column_stack([X, np.ones(len(X))]), X @ w + b, alpha)


def _step_by_gradient_descent(X, y, w, b, learning_rate):
    def loss_and_grad(theta):
        grad_w, grad_b = lrlib.binary_cross_entropy_gradient(X, y, theta[:-1], theta[-1])
        return 0.0, np.append(grad_w, grad_b)
    theta = lrlib.gradient_descent(loss_and_grad, np.append(w, b), learning_rate=learning_rate, max_iter=1,
                                   tol=0.0).params
    return theta[:-1], theta[-1]


def _kfold_by_sklearn(n, k):
    return list(sklearn.model_selection.KFold(k).split(np.zeros(n)))


def _temperature_gradient_by_lrlib(logits, y, temperature):
    _, in_beta, _ = lrlib.calibration.TemperatureScaling._loss_and_derivatives(logits, y, 1 / temperature)
    return -in_beta / temperature**2


def _temperature_loss(args, theta):
    logits, y, _ = args
    return F.cross_entropy(tensor(logits) / theta[0], tensor(y))


def _pack_temperature(logits, y, temperature):
    return np.array([float(temperature)])


def _unpack_temperature(args, g):
    return float(g[0])


def _paired_auc(y, a, b, axis=-1):
    return sklearn.metrics.roc_auc_score(y, b) - sklearn.metrics.roc_auc_score(y, a)


def _paired_by_scipy(y_true, score_a, score_b, n_resamples, seed):
    return scipy.stats.bootstrap((y_true, score_a, score_b), _paired_auc, paired=True, vectorized=False,
                                 n_resamples=n_resamples, method="percentile",
                                 rng=np.random.default_rng(seed)).bootstrap_distribution


def _paired_by_lrlib(y_true, score_a, score_b, n_resamples, seed):
    return lrlib.bootstrap.bootstrap_difference("roc_auc", y_true, score_a, score_b, n_resamples=n_resamples,
                                                method="percentile", random_state=seed).distribution


LIBRARY_WAYS = {
    "odds": [(lrlib.odds, True, "lrlib.odds"), (lambda p: lrlib.odds(p), True, "lrlib.odds")],
    "log_likelihood": [
        (lrlib.log_likelihood, True, "lrlib.log_likelihood"),
        (lambda y, p: -len(y) * lrlib.binary_cross_entropy(y, p), True, "lrlib.binary_cross_entropy"),
        (lambda y, p: -len(y) * lrlib.binary_cross_entropy_with_logits(y, lrlib.logit(p)), True,
         "lrlib.binary_cross_entropy_with_logits"),
        (lambda y, p: -sklearn.metrics.log_loss(y, p, normalize=False, labels=[0, 1]), True,
         "sklearn.metrics.log_loss"),
        (lambda y, p: -len(y) * F.binary_cross_entropy(tensor(p), tensor(y)).item(), True,
         "torch.nn.functional.binary_cross_entropy"),
    ],
    "sigmoid": [
        (lrlib.sigmoid, True, "lrlib.sigmoid"), (lambda z: lrlib.generalized_logistic(z), True, "lrlib.sigmoid"),
        (scipy.special.expit, True, "scipy.special.expit"),
        (lambda z: torch.sigmoid(tensor(z)).numpy(), True, "torch.sigmoid"),
        (lambda z: torch.special.expit(tensor(z)).numpy(), True, "torch.special.expit"),
        (lambda z: tensor(z).sigmoid().numpy(), True, "torch.Tensor.sigmoid"),
    ],
    "generalized_logistic": [(lrlib.generalized_logistic, True, "lrlib.generalized_logistic")],
    "cutoff_for_costs": [
        (lambda b0, b1, c_fp, c_fn: (lrlib.logit(lrlib.metrics.bayes_threshold(c_fp, c_fn)) - b0) / b1, True,
         "lrlib.metrics.bayes_threshold"),
    ],
    "binary_cross_entropy_gradient": [
        (lrlib.binary_cross_entropy_gradient, True, "lrlib.binary_cross_entropy_gradient"),
        *_three_ways(_bce, _pack_wb, _unpack_wb),
    ],
    "binary_cross_entropy_with_logits": [
        (lrlib.binary_cross_entropy_with_logits, True, "lrlib.binary_cross_entropy_with_logits"),
        (lambda y, z: torch.nn.BCEWithLogitsLoss()(tensor(z), tensor(y)).item(), True,
         "torch.nn.functional.binary_cross_entropy_with_logits"),
    ],
    "logistic_loss_gradient": [
        (lambda X, y, w, b: lrlib.binary_cross_entropy_gradient(X, (y + 1) / 2, w, b), True,
         "lrlib.binary_cross_entropy_gradient"),
        *_three_ways(_signed_loss, _pack_wb, _unpack_wb),
    ],
    "standardize": [
        (lambda X: sklearn.preprocessing.StandardScaler().fit_transform(X), True,
         "sklearn.preprocessing.StandardScaler.transform"),
        (sklearn.preprocessing.scale, True, "sklearn.preprocessing.scale"),
        (lambda X: scipy.stats.zscore(X, axis=0), True, "scipy.stats.zscore"),
    ],
    "gradient_step": [(_step_by_gradient_descent, True, "lrlib.gradient_descent")],
    "one_vs_rest_targets": [
        (lambda y, classes: sklearn.preprocessing.label_binarize(y, classes=classes), True,
         "sklearn.preprocessing.label_binarize"),
        (lambda y, classes: sklearn.preprocessing.LabelBinarizer().fit(classes).transform(y), True,
         "sklearn.preprocessing.LabelBinarizer.transform"),
    ],
    "softmax": [
        (lambda Z: lrlib.softmax(Z, axis=1), True, "lrlib.softmax"),
        (lambda Z: np.exp(lrlib.log_softmax(Z, axis=1)), True, "lrlib.log_softmax"),
        (lambda Z: scipy.special.softmax(Z, axis=1), True, "scipy.special.softmax"),
        (lambda Z: np.exp(scipy.special.log_softmax(Z, axis=1)), True, "scipy.special.log_softmax"),
        (lambda Z: torch.softmax(tensor(Z), dim=1).numpy(), True, "torch.softmax"),
        (lambda Z: F.softmax(tensor(Z), dim=1).numpy(), True, "torch.nn.functional.softmax"),
        (lambda Z: tensor(Z).softmax(1).numpy(), True, "torch.Tensor.softmax"),
        (lambda Z: torch.special.softmax(tensor(Z), dim=1).numpy(), True, "torch.special.softmax"),
    ],
    "logsumexp": [
        (lrlib.logsumexp, True, "lrlib.logsumexp"),
        (scipy.special.logsumexp, True, "scipy.special.logsumexp"),
        (lambda z: torch.logsumexp(tensor(z), 0).item(), True, "torch.logsumexp"),
        (lambda z: tensor(z).logsumexp(0).item(), True, "torch.Tensor.logsumexp"),
        (lambda z: np.logaddexp.reduce(z), True, "numpy.logaddexp.reduce"),
    ],
    "cross_entropy_gradient": [
        (lrlib.cross_entropy_gradient, True, "lrlib.cross_entropy_gradient"),
        *_three_ways(_cross_entropy, _pack_Wb, _unpack_Wb),
    ],
    "accuracy": [
        (lambda z, y: sklearn.metrics.accuracy_score(y.numpy(), z.argmax(dim=1).numpy()), True,
         "sklearn.metrics.accuracy_score"),
    ],
    "train_one_epoch": [
        (_epoch_outcome(lambda *args: lrlib.pytorch.train_one_epoch(*args).mean().item()), True,
         "lrlib.pytorch.train_one_epoch"),
    ],
    "evaluate": [
        (_evaluation_outcome(lambda model, loader: lrlib.pytorch.accuracy(model, *loader.dataset.tensors)), False,
         "lrlib.pytorch.accuracy"),
        (_evaluation_outcome(lambda model, loader: lrlib.pytorch.evaluate(model, *loader.dataset.tensors).accuracy),
         False, "lrlib.pytorch.evaluate"),
    ],
    "precision_recall_from_confusion": [
        (_lrlib_precision_recall, True, "lrlib.metrics.precision_score"),
        (lambda cm: (float(np.asarray(cm)[1, 1] / np.asarray(cm)[:, 1].sum()) if np.asarray(cm)[:, 1].sum() else 0.0,
                     lrlib.metrics.recall_score(*_labels_from(cm))), True, "lrlib.metrics.recall_score"),
        (_sklearn_precision_recall, True, "sklearn.metrics.precision_score"),
        (lambda cm: (float(np.asarray(cm)[1, 1] / np.asarray(cm)[:, 1].sum()) if np.asarray(cm)[:, 1].sum() else 0.0,
                     sklearn.metrics.recall_score(*_labels_from(cm))), True, "sklearn.metrics.recall_score"),
        (_sklearn_fscore_support, True, "sklearn.metrics.precision_recall_fscore_support"),
    ],
    "roc_points": [
        (lambda y, s: lrlib.metrics.roc_curve(y, s, drop_intermediate=False)[:2], True, "lrlib.metrics.roc_curve"),
        (lambda y, s: sklearn.metrics.roc_curve(y, s, drop_intermediate=False)[:2], True,
         "sklearn.metrics.roc_curve"),
    ],
    "auc_by_ranking": [
        (lrlib.metrics.roc_auc_by_ranking, True, "lrlib.metrics.roc_auc_by_ranking"),
        (lambda y, s: lrlib.metrics.roc_auc_score(y, s), True, "lrlib.metrics.roc_auc_score"),
        (sklearn.metrics.roc_auc_score, True, "sklearn.metrics.roc_auc_score"),
    ],
    "l2_gradient": _three_ways(_l2_loss, _pack_wb, _unpack_wb),
    "soft_threshold": [(lrlib.soft_threshold, True, "lrlib.soft_threshold")],
    "kfold_indices": [
        (lrlib.kfold_indices, True, "lrlib.model_selection.kfold_indices"),
        (_kfold_by_sklearn, True, "sklearn.model_selection.KFold._iter_test_indices"),
    ],
    "penalised_hessian": [
        (lrlib.log_loss_hessian, True, "lrlib.newton.log_loss_hessian"),
        (_hessian_kernel, True, "lrlib.newton._hessian"),
        (_hessian_by_autograd, True, "torch.autograd.grad"),
        (_hessian_by_backward, True, "torch.autograd.backward"),
        (_hessian_by_finite_differences, False, "scipy.optimize.approx_fprime"),
        (_hessian_by_statsmodels, True, "statsmodels.discrete.discrete_model.Logit.hessian"),
    ],
    "pool_adjacent_violators": [
        (lambda v: lrlib._kernels.pool_adjacent_violators(np.asarray(v, dtype=float), np.ones(len(v))), True,
         "lrlib._kernels.pool_adjacent_violators"),
        (sklearn.isotonic.isotonic_regression, True, "sklearn.isotonic.isotonic_regression"),
        (lambda v: sklearn.isotonic.IsotonicRegression().fit_transform(np.arange(len(v)), v), True,
         "sklearn.isotonic.isotonic_regression"),
        (lambda v: scipy.optimize.isotonic_regression(v).x, True, "scipy.optimize.isotonic_regression"),
    ],
    "temperature_gradient": [
        (_temperature_gradient_by_lrlib, True, "lrlib.calibration.TemperatureScaling._loss_and_derivatives"),
        *_three_ways(_temperature_loss, _pack_temperature, _unpack_temperature),
    ],
    "paired_auc_differences": [
        (_paired_by_lrlib, True, "lrlib.bootstrap.bootstrap_difference"),
        (_paired_by_scipy, True, "scipy.stats.bootstrap"),
    ],
}
WAYS = [pytest.param(BY_NAME[name], func, allowed, words, id=f"{name}-{words}")
        for name, ways in LIBRARY_WAYS.items() for func, allowed, words in ways]


@pytest.mark.parametrize("exercise, library_way, right, name", WAYS)
def test_each_library_way_to_the_answer_fails_naming_what_it_calls(exercise, library_way, right, name):
    if right:  # a right answer: it is its author, not its value, that fails
        assert exercise._check(library_way, seed=0, watch=False), name
    _fails_as_written_already(exercise.check(library_way), f" {name}")


def _declared_names(exercise) -> set[str]:
    return {entry.replace(":", ".") if isinstance(entry, str) else _public_name(entry)
            for entry in exercise.forbidden}


@pytest.mark.parametrize("exercise", EXERCISES, ids=ids)
def test_every_forbidden_function_has_a_library_way_in_the_table(exercise):
    named = {words for _, _, words in LIBRARY_WAYS.get(exercise.name, [])}
    assert _declared_names(exercise) <= named, _declared_names(exercise) - named
    assert named <= _declared_names(exercise) | {"lrlib.sigmoid"}, named - _declared_names(exercise)


def test_a_helper_the_exercise_allows_passes():
    # what the notebooks' solutions and texts allow: lrlib's sigmoid inside a loss, its gradient in a step
    assert BY_NAME["odds_factor"].check(lambda b0, b1, x_from, x_to: lrlib.odds(lrlib.sigmoid(b0 + b1 * x_to))
                                        / lrlib.odds(lrlib.sigmoid(b0 + b1 * x_from)))
    assert BY_NAME["fraction_of_loss_removed"].check(lambda y, model_loss: 1 - model_loss / lrlib.binary_cross_entropy(
        y, np.full(len(y), np.mean(y))))
    assert BY_NAME["binary_cross_entropy_gradient"].check(lambda X, y, w, b: (
        X.T @ (lrlib.sigmoid(X @ w + b) - y) / len(y), np.mean(lrlib.sigmoid(X @ w + b) - y)))
    assert BY_NAME["newton_step"].check(lambda X, y, w, b: _newton_with_lrlib(X, y, w, b))
    assert BY_NAME["largest_stable_learning_rate"].check(_stable_by_lrlib)


def _newton_with_lrlib(X, y, w, b):
    grad_w, grad_b = lrlib.binary_cross_entropy_gradient(X, y, w, b)
    new = np.append(w, b) - np.linalg.solve(lrlib.log_loss_hessian(X, y, w, b), np.append(grad_w, grad_b))
    return new[:-1], new[-1]


def _stable_by_lrlib(X, y, learning_rates):
    def stable(rate):
        w, b, losses = np.zeros(X.shape[1]), 0.0, []
        for _ in range(51):
            losses.append(lrlib.binary_cross_entropy_with_logits(y, X @ w + b))
            grad_w, grad_b = lrlib.binary_cross_entropy_gradient(X, y, w, b)
            w, b = w - rate * grad_w, b - rate * grad_b
        return np.all(np.diff(losses) < 0)
    return max(rate for rate in learning_rates if stable(rate))


# --------------------------------------------------------------------------- fresh cases at every check

def _key(args) -> bytes:
    """The same bytes for equal inputs (tensors pickle with their storage's identity: as arrays here)."""
    if isinstance(args, tuple | list):
        return pickle.dumps([_key(arg) for arg in args])
    if isinstance(args, torch.Tensor):
        return pickle.dumps((str(args.dtype), args.numpy()))
    return pickle.dumps(args)


def _replay_of(exercise, seed):
    """A table of the answers to one check's cases, and a function that answers from it."""
    table = {}

    def recorder(*args):
        table[_key(args)] = exercise._reference(*args)
        return table[_key(args)]

    assert exercise._check(recorder, seed=seed, watch=False)

    def replayed(*args):  # a case it has not seen gets a recorded answer all the same
        return table.get(_key(args), next(iter(table.values())))
    return replayed


@pytest.mark.parametrize("exercise", EXERCISES, ids=ids)
def test_each_exercise_draws_random_cases(exercise):
    assert exercise.random_cases is not None, "an exercise takes an input, so that fresh cases can be drawn"


@pytest.mark.parametrize("exercise", EXERCISES, ids=ids)
def test_a_replayed_table_of_answers_fails_at_the_next_check(exercise):
    replayed = _replay_of(exercise, seed=1)
    assert exercise.check(replayed, seed=1), "the table replays its own check"
    result = exercise.check(replayed, seed=2)
    assert not result and "Hint:" in result.message, result.message
    assert f"Seed 2: check_{exercise.name}(replayed, seed=2) draws these cases again." in result.message


@pytest.mark.parametrize("exercise", EXERCISES, ids=ids)
def test_random_cases_change_with_the_seed_and_come_back_with_it(exercise):
    fixed = len(exercise.cases_for(None))
    drawn = [_key(exercise.cases_for(seed)[fixed:]) for seed in (3, 3, 4)]
    assert drawn[0] == drawn[1] != drawn[2]


@pytest.mark.parametrize("exercise", EXERCISES, ids=ids)
def test_a_failure_shows_the_public_checker_and_its_seed(exercise):
    def wrong(*args):
        return "0.5"
    first = checker(exercise)(wrong, seed=5)
    assert not first and first.message == checker(exercise)(wrong, seed=5).message
    assert f"check_{exercise.name}(wrong, seed=5)" in first.message


# --------------------------------------------------------------------------- range and form before values

def _with_first(answer, value):
    """``answer`` with its first number replaced by ``value`` (the rest, shapes and types kept)."""
    if isinstance(answer, tuple):
        return (_with_first(answer[0], value), *answer[1:])
    if isinstance(answer, torch.Tensor):
        changed = answer.clone()
        changed.view(-1)[0] = value
        return changed
    changed = np.array(answer, dtype=float)
    if changed.ndim == 0:
        return float(value)
    changed.flat[0] = value
    return changed


def _hessian_not_symmetric(H, *args):
    H = np.array(H)
    H[0, -1] += 1.0
    return H


# Out of range in the ways each validator checks; the others break their output_range.
OUT_OF_RANGE = {
    "generalized_logistic": lambda answer, x, L, k, x0: _with_first(answer, 2 * L),
    "largest_stable_learning_rate": lambda answer, *args: 1.5 * answer,
    "one_vs_rest_targets": lambda answer, *args: _with_first(answer, 2),
    "one_vs_rest_predict": lambda answer, scores, classes: _with_first(answer, classes.max() + 1),
    "logsumexp": lambda answer, z: float(np.max(z)) - 1,
    "iterations_run": lambda answer, *args: answer + 0.5,
    "train_one_epoch": lambda answer, data: (-1.0, answer[1]),
    "soft_threshold": lambda answer, x, threshold: 2 * np.asarray(x, dtype=float) + np.sign(x),
    "kfold_indices": lambda answer, n, k: [(train + 1000, validation + 1000) for train, validation in answer],
    "trusted_model": lambda answer, *args: (2, answer[1]),
    "penalised_hessian": _hessian_not_symmetric,
    "pool_adjacent_violators": lambda answer, values: _with_first(answer, np.max(answer) + 1),
    "reading_the_comparison": lambda answer, comparison: 2,
}


def _outside(exercise, answer, args):
    if exercise.name in OUT_OF_RANGE:
        return OUT_OF_RANGE[exercise.name](answer, *args)
    low, high = exercise.output_range
    return _with_first(answer, high + 1 if high is not None else low - 1 if low is not None else np.nan)


@pytest.mark.parametrize("exercise", EXERCISES, ids=ids)
def test_an_answer_out_of_range_fails_with_the_range_hint(exercise):
    def out_of_range(*args):
        return _outside(exercise, exercise._reference(*args), args)
    result = exercise._check(out_of_range, watch=False)  # it is built on the answer
    problem, hint = result.message.split("\n  Hint: ")
    assert not result and "returned" in problem and ": it " in problem, result.message
    assert hint.split("\n")[0] in {exercise.range_hint, _NOT_FINITE_HINT}, result.message


def test_every_validator_has_its_out_of_range_answer():
    assert {ex.name for ex in EXERCISES if ex.validate is not None} <= set(OUT_OF_RANGE)


# --------------------------------------------------------------------------- whatever it is given

def _raises_system_exit(*args):
    raise SystemExit(1)


def _generator(*args):
    yield from range(3)


ODD = [None, 3, "text", print, lambda: 1.0, lambda *a: None, lambda *a: "0.5", lambda *a: [[1, 2], [3]],
       lambda *a: np.nan, lambda *a: 1j, lambda *a: object(), lambda *a: {"a": 1}, lambda *a: 1 / 0,
       _raises_system_exit, _generator, lambda *a: (np.nan,) * 3, lambda *a: np.full(10**5, 0.5),
       lambda *a: torch.ones(3, requires_grad=True), functools.partial(max, 0)]


@pytest.mark.parametrize("odd", ODD, ids=lambda odd: getattr(odd, "__name__", repr(odd))[:20])
@pytest.mark.parametrize("exercise", EXERCISES, ids=ids)
def test_the_checker_never_raises_whatever_it_is_given(exercise, odd):
    result = checker(exercise)(odd)
    assert isinstance(result, CheckResult) and not result and result.message.startswith("✘ Not yet: ")
    assert "Hint: " in result.message and len(result.message) <= MAX_MESSAGE_CHARS


@pytest.mark.parametrize("seed", [-1, 2.5, "7", True, [3]])
@pytest.mark.parametrize("exercise", EXERCISES, ids=ids)
def test_a_bad_seed_never_raises(exercise, seed):
    result = checker(exercise)(lambda *args: 0.0, seed=seed)
    assert isinstance(result, CheckResult) and not result
