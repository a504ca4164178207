"""Chapter 12 checkers beyond the table-driven test: other correct versions, odd answers, no answer given away."""

import numpy as np
import pytest
from sklearn.isotonic import isotonic_regression
from sklearn.metrics import roc_auc_score

from lrlib.bootstrap import bootstrap_difference
from lrlib.checks.ch12_how_sure_are_we import (
    _RIGHT_ANSWER,
    check_paired_auc_differences,
    check_pool_adjacent_violators,
    check_reading_the_comparison,
    check_temperature_gradient,
)

CHECKERS = [check_pool_adjacent_violators, check_temperature_gradient, check_paired_auc_differences,
            check_reading_the_comparison]


def test_other_correct_versions_pass():
    assert check_pool_adjacent_violators(isotonic_regression)
    assert check_pool_adjacent_violators(lambda v: list(isotonic_regression(v)))

    def all_rows_at_once(y_true, score_a, score_b, n_resamples, seed):
        rows = np.random.default_rng(seed).integers(0, len(y_true), size=(n_resamples, len(y_true)))
        return np.array([roc_auc_score(y_true[r], score_b[r]) - roc_auc_score(y_true[r], score_a[r]) for r in rows])

    assert check_paired_auc_differences(all_rows_at_once)
    assert check_paired_auc_differences(
        lambda y, a, b, n, seed: bootstrap_difference("roc_auc", y, a, b, n_resamples=n, method="percentile",
                                                      random_state=seed).distribution)
    assert check_reading_the_comparison(lambda: 2.0)


def test_the_temperature_gradient_is_autograd_s():
    torch = pytest.importorskip("torch")

    def by_autograd(logits, y, temperature):
        t = torch.tensor(float(temperature), dtype=torch.float64, requires_grad=True)
        loss = torch.nn.functional.cross_entropy(torch.tensor(logits) / t, torch.tensor(y))
        return torch.autograd.grad(loss, t)[0].item()

    assert check_temperature_gradient(by_autograd)


@pytest.mark.parametrize("answer", [1, 3, 4, 5, 0, -2])
def test_a_wrong_choice_never_reveals_the_right_one(answer):
    result = check_reading_the_comparison(lambda: answer)
    assert not result and f"answer is {_RIGHT_ANSWER}" not in result.message
    assert str(_RIGHT_ANSWER) not in result.message.split("Hint")[0].replace(f"returned {answer}", "")


@pytest.mark.parametrize("checker", CHECKERS)
@pytest.mark.parametrize("answer, words", [
    (None, "expected a function"),
    (lambda *args: None, "forget the `return`"),
    (lambda *args: "text", "returned"),
    (lambda *args: np.nan, "returned"),
    (lambda *args: 1 / 0, "ZeroDivisionError"),
    (lambda *args: [[1.0, 2.0], [3.0]], "returned"),
])
def test_never_raises(checker, answer, words):
    result = checker(answer)
    assert not result and words in result.message, result.message
