"""benchmarks/mnist.py judges its figures against the targets at its top, and says so.

The benchmark itself is run by hand (its timings depend on the machine); this checks only
that its verdict follows its constants, so that a missed target cannot pass silently.
"""

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "mnist.py"


@pytest.fixture(scope="module")
def bench():
    pytest.importorskip("torch")  # the report names PyTorch's version; the torch-free tracks skip it
    spec = importlib.util.spec_from_file_location("mnist_benchmark", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # defines the functions; main() runs only as a script
    return module


def figures(seconds=0.45, accuracy=0.9260, floor=0.15, sklearn_seconds=11.0, sklearn_accuracy=0.9256,
            source="files"):
    common = {"threads": 2, "peak_rss_mib": 1000.0, "training_growth_mib": 50.0, "source": source,
              "n_train": 60_000, "n_test": 10_000}
    lrlib = {**common, "seconds": seconds, "times": [seconds, seconds + 0.01], "accuracy": accuracy,
             "epochs": 10, "steps": 100, "batch_size": 6000, "floor": floor, "bandwidth": 25e9,
             "read_bandwidth": 22e9, "bytes": 188_160_000, "data_path": 0.34,
             "breakdown": {"data": 0.15, "forward": 0.12, "optimizer": 0.02, "rest": 0.16, "total": 0.45,
                           "evaluation": 0.01},
             "layouts": {"each batch gathered into one buffer (lrlib)": (0.45, accuracy)},
             "loss_layouts": {"nn.CrossEntropyLoss": 7e-4, "BatchLastCrossEntropyLoss": 2e-4}}
    sklearn = {**common, "seconds": sklearn_seconds, "times": [sklearn_seconds], "accuracy": sklearn_accuracy}
    return {"lrlib": lrlib, "sklearn": sklearn}


def test_targets_met_when_every_figure_is_within_them(bench, capsys):
    assert bench.report(figures(), 0.3, 0.4) is True
    out = capsys.readouterr().out
    assert "targets met" in out and "3.00 x the floor" in out and "+0.04 points" in out


@pytest.mark.parametrize("change, words", [
    ({"seconds": 0.46}, "3.07 x the floor"),                      # floor multiple above 3
    ({"sklearn_seconds": 8.0, "floor": 0.2}, "0.056 (target <= 0.050)"),  # slower than 1/20
    ({"accuracy": 0.9250}, "-0.06 points"),                       # less accurate than sklearn
])
def test_each_missed_target_fails_the_run(bench, capsys, change, words):
    assert bench.report(figures(**change), 0.3, 0.4) is False
    out = capsys.readouterr().out
    assert "TARGETS MISSED" in out and words in out


def test_the_targets_are_the_constants_at_the_top(bench, capsys, monkeypatch):
    monkeypatch.setattr(bench, "FLOOR_MULTIPLE_TARGET", 2.5)
    assert bench.report(figures(), 0.3, 0.4) is False
    assert "(target <= 2.5)" in capsys.readouterr().out


def test_on_the_sample_the_verdict_says_the_targets_are_for_full_mnist(bench, capsys):
    assert bench.report(figures(seconds=1.0, source="sample"), 0.3, 0.4) is False
    assert "TARGETS MISSED (on the sample; the targets are for full MNIST)" in capsys.readouterr().out


def test_consistent_figures_print_no_negative_cost_and_no_warning(bench, capsys):
    bench.report(figures(), 0.3, 0.4)
    out = capsys.readouterr().out
    assert "INCONSISTENT" not in out and "the rest, per step (loss, autograd, optimiser, the loop): 1.10 ms" in out
    assert " -" not in out.replace("lrlib - scikit", "")  # no negative figure anywhere


def test_a_part_larger_than_its_whole_is_said_not_printed_as_a_negative_cost(bench, capsys):
    # the figures of the AMD run: the data path alone 0.664 s above a 0.460 s training
    amd = figures(seconds=0.460)
    amd["lrlib"]["data_path"] = 0.664
    amd["lrlib"]["breakdown"] = {**amd["lrlib"]["breakdown"], "rest": -0.02}
    bench.report(amd, 0.3, 0.4)
    out = capsys.readouterr().out
    assert "-2.04 ms" not in out and "the rest, per step (loss, autograd, optimiser, the loop): n/a" in out
    assert "rest n/a (inconsistent)" in out
    assert ("INCONSISTENT: the data path alone (0.664 s) takes longer than lrlib's whole training (0.460 s)"
            in out)
    assert "INCONSISTENT FIGURES" in out


def test_a_time_below_the_bandwidth_floor_is_inconsistent(bench):
    fast = figures(seconds=0.10, floor=0.15)["lrlib"]
    assert any("below the memory-bandwidth floor" in line for line in bench.inconsistencies(fast))


def test_every_part_is_the_best_of_the_same_number_of_runs(bench, monkeypatch):
    totals = iter([0.50, 0.47, 0.49, 0.46, 0.48, 0.9, 0.9])
    calls = []

    def instrumented(mnist):
        calls.append(mnist)
        total = next(totals)
        return {"data": 0.1, "forward": 0.1, "optimizer": 0.01, "rest": total - 0.21, "total": total,
                "evaluation": total / 10}

    monkeypatch.setattr(bench, "_instrumented_run", instrumented)
    best = bench._breakdown(None)
    assert len(calls) == bench.REPEATS and best["total"] == 0.46 and best["evaluation"] == 0.046
    source = SCRIPT.read_text()
    assert "range(REPEATS)" in source and "range(3)" not in source and "range(5)" not in source
