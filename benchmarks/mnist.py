"""MNIST side by side: the classic tutorial's recipe, lrlib.pytorch, scikit-learn; where lrlib's time goes.

Usage::

    python benchmarks/mnist.py              # full MNIST if load_mnist finds it, else the sample
    python benchmarks/mnist.py --threads 1  # every method on one thread

Exits with status 1 when a target below is missed, so a figure cannot drift silently
(it is run by hand, not by ``make test``: timings on a shared machine are noisy).

The same data (``lrlib.data.load_mnist``: float32 pixels in [0, 1]) and the same number
of threads for everyone, the cores this process may use. Each method runs in its own
fresh process, so that its peak memory is its own. Every figure that is a time is
timed the same way: the best of ``REPEATS`` runs (as timeit does; the same seed, so the
same model), so that a part and the whole it is a part of are comparable; lrlib's and
scikit-learn's times of every run are printed:

- **tutorial**: the classic PyTorch tutorial's recipe as written: torchvision's MNIST
  dataset with ``transforms.ToTensor()`` per image, ``DataLoader(batch_size=100,
  shuffle=True)``, ``nn.Linear(784, 10)``, ``CrossEntropyLoss``, ``SGD(lr=0.001)``,
  ``n_iters = 1500`` and ``epochs = int(n_iters / (len(train_dataset) / batch_size))``;
  its loop evaluates the test set every 500 iterations, which is timed with it, as
  written; it runs once (it takes seconds);
- **lrlib**: ``lrlib.pytorch.fit_logistic_regression`` with its defaults (tensors in
  memory, each batch's rows gathered into one reused buffer in a new random order each
  epoch, Adam with ``betas[0] = 0.8``, learning rate 0.08 decaying linearly to 0, ten
  batches per epoch, 10 epochs, weight decay 2e-5, as many threads as cores); the test
  set is evaluated once, after training, and not counted in the training time;
- **sklearn**: ``sklearn.linear_model.LogisticRegression()`` (lbfgs, C=1, max_iter=100).

Also reported, for lrlib:

- a breakdown of its training time, from extra, instrumented runs (module, optimiser
  and batch-iterator hooks; the hooks cost a little, so its total is a bit larger), the
  parts of the fastest of ``REPEATS`` such runs:
  data movement (the gathers into the batch buffer), forward (model and loss), the
  optimiser steps, and the rest (backward, zero_grad, the scheduler, the loop);
  evaluation of the test set is shown apart;
- the machine's memory bandwidth, measured in the same process by copying the
  training images (best of ``REPEATS``; read + write bytes over time; a read-only sum is shown
  beside it as a cross-check), and the floor it sets: each epoch must read the training
  images at least twice (the forward pass, and the gradient of the weights), so
  ``floor = epochs * 2 * bytes(X_train) / bandwidth``; lrlib's training time is printed
  as a multiple of that floor;
- the data path alone: the same epochs' gathers and two matrix products per batch
  (``nn.Linear``'s forward and its weight gradient), with no loss, autograd, optimiser
  or loop around them (best of ``REPEATS``): the part of the multiple no training loop of
  this design avoids; the rest of the training time, per step;
- the data layouts compared, each trained with lrlib's defaults otherwise: its time
  (best of ``REPEATS``) and test accuracy.

A part can still come out larger than its whole on a busy machine (another process
takes the cores during the part's best run and the whole's): the report then says
which figures are inconsistent instead of printing a negative cost, and the run should
be repeated on a quiet machine.

Memory: the process's peak resident set size (``ru_maxrss``: Python, the libraries and
the data included) and the growth of that peak during training alone (the peak is reset
after loading where Linux allows it, through ``/proc/self/clear_refs``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

# The targets, on full MNIST (the sample is too small for them to mean anything).
TIME_RATIO_TARGET = 1 / 20       # lrlib's training time / scikit-learn's, at most
ACCURACY_GAP_TARGET = 0.0        # lrlib's test accuracy - scikit-learn's, in points, at least
FLOOR_MULTIPLE_TARGET = 3.0      # lrlib's training time / the memory-bandwidth floor, at most
REPEATS = 5                      # runs of every timed part (training, breakdown, bandwidth, data path,
                                 # layouts); the best time of each is the one reported, as timeit does

METHODS = ("tutorial", "lrlib", "sklearn")
LABELS = {
    "tutorial": "tutorial recipe (ToTensor, SGD lr=0.001)",
    "lrlib": "lrlib.pytorch (in memory, Adam)",
    "sklearn": "scikit-learn LogisticRegression()",
}


THREADS_ENV = "LRLIB_BENCH_THREADS"  # set by --threads, read by the child processes


def _usable_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _threads() -> int:
    """The threads every method gets: --threads if given, else the cores this process may use."""
    return int(os.environ.get(THREADS_ENV) or _usable_cores())


def _lrlib_threads() -> dict:
    """lrlib's own default (None) unless --threads chose a count."""
    return {"num_threads": int(os.environ[THREADS_ENV])} if os.environ.get(THREADS_ENV) else {}


def _rss_kib(field: str) -> int:
    """A line of /proc/self/status in KiB (VmRSS: now, VmHWM: peak); 0 where there is no /proc."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _reset_peak() -> bool:
    """Reset the process's peak RSS to its current RSS (Linux); False where not possible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


# Each method prepares what it needs from the loaded data (not measured) and returns
# the training run to measure, which returns a dict with at least seconds and accuracy.

def _tutorial(mnist):
    """The tutorial's datasets and loaders, then its training loop as written."""
    import torch
    import torch.nn as nn
    from torchvision import transforms

    train_dataset = mnist.train_dataset(transform=transforms.ToTensor())
    test_dataset = mnist.test_dataset(transform=transforms.ToTensor())
    batch_size = 100
    n_iters = 1500
    num_epochs = int(n_iters / (len(train_dataset) / batch_size))
    train_loader = torch.utils.data.DataLoader(dataset=train_dataset, batch_size=batch_size, shuffle=True)
    test_loader = torch.utils.data.DataLoader(dataset=test_dataset, batch_size=batch_size, shuffle=False)

    torch.manual_seed(0)
    model = nn.Linear(28 * 28, 10)
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.001)

    def test_accuracy() -> float:
        correct = total = 0
        with torch.no_grad():
            for images, labels in test_loader:
                predicted = model(images.view(-1, 28 * 28)).argmax(1)
                total += labels.size(0)
                correct += int((predicted == labels).sum())
        return correct / total

    def run():
        start = time.perf_counter()
        iteration = 0
        for _ in range(num_epochs):
            for images, labels in train_loader:
                optimizer.zero_grad()
                loss = criterion(model(images.view(-1, 28 * 28)), labels)
                loss.backward()
                optimizer.step()
                iteration += 1
                if iteration % 500 == 0:
                    test_accuracy()
        seconds = time.perf_counter() - start
        return {"seconds": seconds, "accuracy": test_accuracy(), "threads": torch.get_num_threads()}

    return run


def _memory_bandwidth(X) -> dict:
    """Bytes per second moved by a copy of ``X`` (read + write), best of REPEATS; and by a sum (read only)."""
    import torch

    out = torch.empty_like(X)
    copy = read = float("inf")
    for _ in range(REPEATS):
        start = time.perf_counter()
        out.copy_(X)
        copy = min(copy, time.perf_counter() - start)
        start = time.perf_counter()
        X.sum()
        read = min(read, time.perf_counter() - start)
    return {"copy": 2 * X.nbytes / copy, "read": X.nbytes / read}


def _data_path_alone(mnist, batch_size: int, epochs: int) -> float:
    """Seconds for the data path of lrlib's epochs alone: lrlib's own batches (each gathered
    into its buffer), each batch's forward matrix product and the gradient's (the two
    ``nn.Linear`` products), with no autograd, loss or optimiser around them: what no
    training loop of this design can beat."""
    import torch

    from lrlib.pytorch import shuffled_batches

    X, y = mnist.X_train, mnist.y_train
    weight, bias = torch.zeros(10, X.shape[1]), torch.zeros(10)
    grad_logits = torch.zeros(batch_size, 10)
    start = time.perf_counter()
    for batches in shuffled_batches(X, y, batch_size, epochs, torch.Generator().manual_seed(0)):
        for inputs, _ in batches:
            torch.addmm(bias, inputs, weight.T)
            grad_logits[:len(inputs)].T @ inputs
    return time.perf_counter() - start


def _breakdown(mnist) -> dict:
    """The parts of the fastest of REPEATS instrumented training runs; evaluation best of REPEATS."""
    runs = [_instrumented_run(mnist) for _ in range(REPEATS)]
    best = min(runs, key=lambda run: run["total"])
    return {**best, "evaluation": min(run["evaluation"] for run in runs)}


def _instrumented_run(mnist) -> dict:
    """lrlib's training again, with hooks timing each part (see the module docstring)."""
    import torch
    from torch.optim.optimizer import register_optimizer_step_post_hook, register_optimizer_step_pre_hook

    import lrlib.pytorch.training as training
    from lrlib.pytorch import LogisticRegressionModel, evaluate, fit_logistic_regression

    spent = {"data": 0.0, "forward": 0.0, "optimizer": 0.0}
    started = {}

    def timed(iterator, key="data"):
        while True:
            start = time.perf_counter()
            try:
                item = next(iterator)
            except StopIteration:
                spent[key] += time.perf_counter() - start
                return
            spent[key] += time.perf_counter() - start
            yield timed(item) if key == "data" and not isinstance(item, tuple) else item

    original = training.shuffled_batches
    training.shuffled_batches = lambda *args: timed(original(*args))
    timed_modules = (LogisticRegressionModel, torch.nn.CrossEntropyLoss)

    def pre(module, args):
        if isinstance(module, timed_modules):
            started[id(module)] = time.perf_counter()

    def post(module, args, output):
        if isinstance(module, timed_modules):
            spent["forward"] += time.perf_counter() - started.pop(id(module))

    def step_pre(optimizer, args, kwargs):
        started["step"] = time.perf_counter()

    def step_post(optimizer, args, kwargs):
        spent["optimizer"] += time.perf_counter() - started.pop("step")

    handles = [torch.nn.modules.module.register_module_forward_pre_hook(pre),
               torch.nn.modules.module.register_module_forward_hook(post),
               register_optimizer_step_pre_hook(step_pre),
               register_optimizer_step_post_hook(step_post)]
    try:
        model, history = fit_logistic_regression(mnist.X_train, mnist.y_train, progress=False,
                                                 **_lrlib_threads())
    finally:
        for handle in handles:
            handle.remove()
        training.shuffled_batches = original
    start = time.perf_counter()
    evaluate(model, mnist.X_test, mnist.y_test)
    evaluation = time.perf_counter() - start
    rest = history.seconds - sum(spent.values())
    return {**spent, "rest": rest, "total": history.seconds, "evaluation": evaluation}


def _loss_layouts(batch_size: int) -> dict:
    """Forward and backward of the loss on one batch of (batch_size, 10) logits, best of 20, per layout."""
    import torch
    from torch import nn

    from lrlib.pytorch import BatchLastCrossEntropyLoss

    generator = torch.Generator().manual_seed(0)
    logits = torch.randn(batch_size, 10, generator=generator).requires_grad_()
    targets = torch.randint(0, 10, (batch_size,), generator=generator)
    seconds = {}
    for name, loss_fn in [("nn.CrossEntropyLoss", nn.CrossEntropyLoss()),
                          ("BatchLastCrossEntropyLoss", BatchLastCrossEntropyLoss())]:
        best = float("inf")
        for _ in range(20):
            start = time.perf_counter()
            loss_fn(logits, targets).backward()
            best = min(best, time.perf_counter() - start)
        seconds[name] = best
    return seconds


def _whole_copy_per_epoch(X, y, batch_size, epochs, generator):
    """The earlier layout: each epoch copies the whole set, shuffled, into one buffer; batches slice it."""
    import torch

    X_shuffled, y_shuffled = torch.empty_like(X), torch.empty_like(y)
    for _ in range(epochs):
        order = torch.randperm(len(y), generator=generator)
        torch.index_select(X, 0, order, out=X_shuffled)
        torch.index_select(y, 0, order, out=y_shuffled)
        starts = range(0, len(y), batch_size)
        yield ((X_shuffled[i:i + batch_size], y_shuffled[i:i + batch_size]) for i in starts)


def _shuffled_once(X, y, batch_size, epochs, generator):
    """Shuffle once into a copy; each epoch visits its fixed batches (slices) in a new order."""
    import torch

    order = torch.randperm(len(y), generator=generator)
    X_shuffled, y_shuffled = X[order], y[order]
    n_batches = -(-len(y) // batch_size)
    for _ in range(epochs):
        starts = (batch_size * torch.randperm(n_batches, generator=generator)).tolist()
        yield ((X_shuffled[i:i + batch_size], y_shuffled[i:i + batch_size]) for i in starts)


LAYOUTS = {
    "each batch gathered into one buffer (lrlib)": None,
    "whole set copied, shuffled, each epoch": _whole_copy_per_epoch,
    "shuffled once, batches in a new order": _shuffled_once,
}


def _layouts(mnist) -> dict:
    """lrlib's defaults with each data layout: training seconds (best of REPEATS) and test accuracy."""
    import lrlib.pytorch.training as training
    from lrlib.pytorch import evaluate, fit_logistic_regression

    original, results = training.shuffled_batches, {}
    try:
        for name, layout in LAYOUTS.items():
            training.shuffled_batches = layout or original
            best = float("inf")
            for _ in range(REPEATS):  # the same seed each time: the same model
                model, history = fit_logistic_regression(mnist.X_train, mnist.y_train, progress=False,
                                                         **_lrlib_threads())
                best = min(best, history.seconds)
            results[name] = (best, evaluate(model, mnist.X_test, mnist.y_test).accuracy)
    finally:
        training.shuffled_batches = original
    return results


def _lrlib(mnist):
    from lrlib.pytorch import evaluate, fit_logistic_regression

    def run():
        model, history = fit_logistic_regression(mnist.X_train, mnist.y_train, progress=False,
                                                 **_lrlib_threads())
        return {"seconds": history.seconds, "accuracy": evaluate(model, mnist.X_test, mnist.y_test).accuracy,
                "threads": history.num_threads, "epochs": len(history.epoch_loss),
                "steps": len(history.batch_loss), "batch_size": history.batch_size}

    return run


def _lrlib_extras(mnist, result: dict) -> dict:
    """What explains lrlib's time: breakdown, bandwidth and floor, the data path alone, the layouts."""
    bandwidth = _memory_bandwidth(mnist.X_train)
    return {
        "breakdown": _breakdown(mnist),
        "bandwidth": bandwidth["copy"],
        "read_bandwidth": bandwidth["read"],
        "floor": result["epochs"] * 2 * mnist.X_train.nbytes / bandwidth["copy"],
        "bytes": mnist.X_train.nbytes,
        "data_path": min(_data_path_alone(mnist, result["batch_size"], result["epochs"])
                         for _ in range(REPEATS)),
        "layouts": _layouts(mnist),
        "loss_layouts": _loss_layouts(result["batch_size"]),
    }


def _sklearn(mnist):
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_info

    X_train, y_train, X_test, y_test = mnist.numpy()

    def run():
        start = time.perf_counter()
        with warnings.catch_warnings():  # lbfgs stops at max_iter=100 on MNIST, as the default does
            warnings.simplefilter("ignore", ConvergenceWarning)
            clf = LogisticRegression().fit(X_train, y_train)
        seconds = time.perf_counter() - start
        threads = max((pool["num_threads"] for pool in threadpool_info()), default=1)
        return {"seconds": seconds, "accuracy": float(clf.score(X_test, y_test)), "threads": threads}

    return run


def child(method: str) -> dict:
    """Run one method in this (fresh) process and return its figures."""
    import torch

    from lrlib.data import load_mnist

    torch.set_num_threads(_threads())
    mnist = load_mnist(verbose=False)
    # BLAS threads (NumPy, scikit-learn): OMP/OPENBLAS/MKL_NUM_THREADS set by the parent.
    run = {"tutorial": _tutorial, "lrlib": _lrlib, "sklearn": _sklearn}[method](mnist)
    before = _rss_kib("VmRSS")
    reset = _reset_peak()
    result = run()
    peak_training = _rss_kib("VmHWM") if reset else 0
    # The same run again (the same seed, the same model): the best time is the one compared,
    # as the bandwidth is the best of its copies; the tutorial's run is long and timed once.
    repeats = 1 if method == "tutorial" else REPEATS
    times = [result["seconds"]] + [run()["seconds"] for _ in range(repeats - 1)]
    result.update(seconds=min(times), times=times,
                  peak_rss_mib=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)  # KiB on Linux
    if method == "lrlib":
        result.update(_lrlib_extras(mnist, result))  # after the memory figures: it copies X_train
    return {
        **result,
        "method": method,
        "training_growth_mib": (peak_training - before) / 1024 if reset else None,
        "source": mnist.source,
        "n_train": len(mnist.y_train),
        "n_test": len(mnist.y_test),
    }


def run_in_subprocess(method: str) -> dict:
    threads = str(_threads())
    env = dict(os.environ, OMP_NUM_THREADS=threads, OPENBLAS_NUM_THREADS=threads, MKL_NUM_THREADS=threads,
               LRLIB_PROGRESS="0")
    out = subprocess.run([sys.executable, __file__, "--child", method], env=env, check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def inconsistencies(lr: dict) -> list[str]:
    """Where a part of lrlib's time exceeds its whole (or a cost is negative): each said in words."""
    found = []
    b = lr["breakdown"]
    for key in ("data", "forward", "optimizer", "rest"):
        if b[key] < 0 or b[key] > b["total"]:
            found.append(f"the breakdown's {key} ({b[key]:.3f} s) is outside its run's total "
                         f"(0 to {b['total']:.3f} s)")
    if lr["data_path"] > lr["seconds"]:
        found.append(f"the data path alone ({lr['data_path']:.3f} s) takes longer than lrlib's whole "
                     f"training ({lr['seconds']:.3f} s), of which it is a part")
    for what, seconds in (("lrlib's training", lr["seconds"]), ("the data path alone", lr["data_path"])):
        if seconds < lr["floor"]:
            found.append(f"{what} ({seconds:.3f} s) is below the memory-bandwidth floor "
                         f"({lr['floor']:.3f} s), which it cannot beat: the bandwidth was measured low")
    return found


def report(results: dict, load_before: float, load_after: float) -> bool:
    """Print the table, the breakdown and the targets; return whether every target was met."""
    import sklearn
    import torch

    first = next(iter(results.values()))
    print(f"MNIST {first['source']}: {first['n_train']:,} training / {first['n_test']:,} test images; "
          f"torch {torch.__version__}, scikit-learn {sklearn.__version__}; {os.cpu_count()} cores, "
          f"{_usable_cores()} usable, {_threads()} threads each; "
          f"load average (1 min) before {load_before:.2f}, after {load_after:.2f}")
    print(f"{'method':44s} {'test acc':>9s} {'train time':>11s} {'threads':>8s} {'peak RSS':>9s} "
          f"{'training +':>11s}   time of each run")
    for method, r in results.items():
        growth = "n/a" if r["training_growth_mib"] is None else f"{r['training_growth_mib']:.0f} MiB"
        print(f"{LABELS[method]:44s} {100 * r['accuracy']:8.2f}% {r['seconds']:9.3f} s {r['threads']:8d} "
              f"{r['peak_rss_mib']:5.0f} MiB {growth:>11s}   " + ", ".join(f"{t:.3f}" for t in r["times"]))
    checks = []
    if "lrlib" in results:
        lr = results["lrlib"]
        b = lr["breakdown"]
        print(f"lrlib: {lr['epochs']} epochs of {lr['steps'] // lr['epochs']} steps, batches of "
              f"{lr['batch_size']:,}; best of {len(lr['times'])} runs (train time above)")
        bad = inconsistencies(lr)
        print(f"lrlib's training time, fastest of {REPEATS} instrumented runs ({b['total']:.3f} s): "
              + ", ".join(f"{key} {b[key]:.3f} s ({100 * b[key] / b['total']:.0f} %)"
                          if 0 <= b[key] <= b["total"] else f"{key} n/a (inconsistent)"
                          for key in ("data", "forward", "optimizer", "rest"))
              + f"; evaluation of the test set, apart: {b['evaluation']:.3f} s")
        multiple = lr["seconds"] / lr["floor"]
        print(f"memory bandwidth (copy of X_train, {lr['bytes'] / 1e6:.0f} MB, read + write): "
              f"{lr['bandwidth'] / 1e9:.1f} GB/s "
              f"(a sum of it, read only: {lr['read_bandwidth'] / 1e9:.1f} GB/s); "
              f"floor for {lr['epochs']} epochs x 2 reads: {lr['floor']:.3f} s")
        print(f"the data path alone (gathers and the two matrix products, no loss, autograd or optimiser; "
              f"best of {REPEATS}): {lr['data_path']:.3f} s = {lr['data_path'] / lr['floor']:.2f} x the "
              "floor")
        per_step = (lr["seconds"] - lr["data_path"]) / lr["steps"]
        print("the rest, per step (loss, autograd, optimiser, the loop): "
              + (f"{1e3 * per_step:.2f} ms" if per_step >= 0 else "n/a (inconsistent)"))
        print(f"lrlib's time = {multiple:.2f} x the floor (target <= {FLOOR_MULTIPLE_TARGET:g})")
        print(f"the loss, forward and backward on one batch of {lr['batch_size']:,} x 10 logits: "
              + ", ".join(f"{name} {1e3 * t:.2f} ms" for name, t in lr["loss_layouts"].items()))
        print(f"data layouts, lrlib's defaults otherwise (best of {REPEATS} runs each):")
        for name, (seconds, accuracy) in lr["layouts"].items():
            print(f"  {name:44s} {seconds:.3f} s = {seconds / lr['floor']:.2f} x the floor, "
                  f"test {100 * accuracy:.2f}%")
        checks.append(multiple <= FLOOR_MULTIPLE_TARGET)
        for line in bad:
            print(f"INCONSISTENT: {line}")
        if bad:
            print("INCONSISTENT FIGURES: a part exceeds its whole (the machine was busy during one of "
                  "their best runs); repeat on a quiet machine")
    if "lrlib" in results and "sklearn" in results:
        lr, sk = results["lrlib"], results["sklearn"]
        ratio = lr["seconds"] / sk["seconds"]
        gap = 100 * (lr["accuracy"] - sk["accuracy"])
        print(f"lrlib / scikit-learn training time (best runs): {ratio:.3f} "
              f"(target <= {TIME_RATIO_TARGET:.3f}), "
              f"{sk['seconds'] / lr['seconds']:.0f}x faster")
        print(f"lrlib - scikit-learn test accuracy: {gap:+.2f} points (target >= {ACCURACY_GAP_TARGET:g})")
        checks += [ratio <= TIME_RATIO_TARGET, gap >= ACCURACY_GAP_TARGET]
    met = all(checks)
    note = " (on the sample; the targets are for full MNIST)" if first["source"] == "sample" else ""
    print("targets met" if met else f"TARGETS MISSED{note}")
    return met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", choices=METHODS, help=argparse.SUPPRESS)
    parser.add_argument("--methods", nargs="+", choices=METHODS, default=list(METHODS))
    parser.add_argument("--threads", type=int, help="threads for every method (default: the usable cores, "
                        "and lrlib's own default)")
    args = parser.parse_args(argv)
    if args.threads:
        os.environ[THREADS_ENV] = str(args.threads)
    if args.child:
        print(json.dumps(child(args.child)))
        return 0

    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    results = {}
    for method in args.methods:
        results[method] = run_in_subprocess(method)
        print(f"  ran {method}", file=sys.stderr, flush=True)
    load_after = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return 0 if report(results, load_before, load_after) else 1


if __name__ == "__main__":
    sys.exit(main())
