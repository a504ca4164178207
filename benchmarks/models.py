"""lrlib's gradient-descent models side by side with scikit-learn, on four data sets.

Usage::

    python benchmarks/models.py            # fit times: best of 3
    python benchmarks/models.py --repeat 5

For each data set (breast cancer, iris, wine, digits; a stratified quarter held out,
features standardised on the training part), each lrlib model is paired with the
scikit-learn estimator that minimises the same objective, at the same penalty C
(lrlib's ``alpha = 1 / (C * n_train)``):

- LogisticRegressionGD  vs LogisticRegression (binary; breast cancer only);
- SoftmaxRegression     vs LogisticRegression (multinomial; the multiclass sets);
- OneVsRestClassifier(LogisticRegressionGD) vs OneVsRestClassifier(LogisticRegression).

It prints test accuracy, test log-loss and fit time. Fit times are wall-clock, the best
of ``--repeat`` runs, and depend on the machine and its load: compare them within one
run. scikit-learn uses its defaults (lbfgs, tol=1e-4); lrlib runs plain gradient descent
to tol=1e-5 with the learning rate given below.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings

import numpy as np
from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
from sklearn.model_selection import train_test_split
from sklearn.multiclass import OneVsRestClassifier as SklearnOneVsRest
from sklearn.preprocessing import StandardScaler

from lrlib import LogisticRegressionGD, OneVsRestClassifier, SoftmaxRegression, alpha_from_C

# name: (loader, C, learning rate). digits gets a stronger penalty to keep its fits short.
DATASETS = {
    "breast cancer": (load_breast_cancer, 1.0, 1.0),
    "iris": (load_iris, 1.0, 1.0),
    "wine": (load_wine, 1.0, 1.0),
    "digits": (load_digits, 0.1, 2.0),
}


def pairs(C: float, learning_rate: float, n_train: int, n_classes: int):
    """(label, lrlib model, scikit-learn model) triples for one data set."""
    gd = dict(learning_rate=learning_rate, max_iter=10_000, tol=1e-5, alpha=alpha_from_C(C, n_train),
              random_state=0)
    first = ("LogisticRegressionGD", LogisticRegressionGD(**gd)) if n_classes == 2 else \
        ("SoftmaxRegression", SoftmaxRegression(**gd))
    return [
        (*first, LogisticRegression(C=C)),
        ("OneVsRest(LogisticRegressionGD)", OneVsRestClassifier(LogisticRegressionGD(**gd)),
         SklearnOneVsRest(LogisticRegression(C=C))),
    ]


def best_fit_time(model, X, y, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        model.fit(X, y)
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="fits per model; the best time is kept")
    args = parser.parse_args(argv)
    warnings.simplefilter("error", ConvergenceWarning)  # a benchmark of unconverged fits means nothing

    header = (f"{'data set':14s} {'model':32s} {'accuracy':>17s} {'log-loss':>17s} {'fit time (ms)':>19s}")
    print(header)
    print(f"{'':14s} {'':32s} {'lrlib':>8s} {'sklearn':>8s} {'lrlib':>8s} {'sklearn':>8s} "
          f"{'lrlib':>9s} {'sklearn':>9s}")
    print("-" * len(header))
    for name, (loader, C, learning_rate) in DATASETS.items():
        X, y = loader(return_X_y=True)
        X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, stratify=y, random_state=0)
        scaler = StandardScaler().fit(X_train)
        X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
        for label, ours, theirs in pairs(C, learning_rate, len(y_train), len(np.unique(y))):
            row = []
            for model in (ours, theirs):
                seconds = best_fit_time(model, X_train, y_train, args.repeat)
                P = model.predict_proba(X_test)
                row.append((model.score(X_test, y_test), log_loss(y_test, P), seconds))
            (acc_o, ll_o, t_o), (acc_s, ll_s, t_s) = row
            print(f"{name:14s} {label:32s} {acc_o:8.4f} {acc_s:8.4f} {ll_o:8.4f} {ll_s:8.4f} "
                  f"{1000 * t_o:9.1f} {1000 * t_s:9.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
