"""The data of lrlib's scikit-learn style estimators, validated with scikit-learn's tools.

Shared by :mod:`lrlib.models`, :mod:`lrlib.newton` and :mod:`lrlib.firth` (names public
within lrlib).
"""

from __future__ import annotations

from numbers import Real

import numpy as np
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

__all__ = ["FLOAT_DTYPES", "prediction_data", "training_data"]

# Features are float64, or float32 kept as float32 (as scikit-learn's linear models do).
FLOAT_DTYPES = [np.float64, np.float32]


def training_data(estimator, X, y):
    """Validate training data with scikit-learn's tools; return X, the sorted classes, y as indices.

    ``validate_data`` checks X (2-D, finite numbers, not complex) and y (one finite label
    per row) and records ``n_features_in_`` and, for a DataFrame, ``feature_names_in_``.
    An estimator whose ``_MIN_FEATURES`` is 0 accepts X with no column (an intercept-only model).
    """
    X, y = validate_data(estimator, X, y, dtype=FLOAT_DTYPES,
                         ensure_min_features=getattr(estimator, "_MIN_FEATURES", 1))
    if y.dtype == object:
        # scikit-learn would report "Unknown label type: unknown" or fail inside np.unique
        if not (all(isinstance(v, str) for v in y) or all(isinstance(v, Real) for v in y)):
            kinds = sorted({type(v).__name__ for v in y})
            raise TypeError(f"y mixes label types {kinds}: use labels of one type "
                            "(all numbers or all strings)")
    check_classification_targets(y)
    classes, y_index = np.unique(y, return_inverse=True)
    if len(classes) < 2:
        raise ValueError(f"y has only 1 class ({classes[0]!r}): a classifier needs samples of "
                         "at least two classes to learn to tell them apart")
    return X, classes, y_index


def prediction_data(estimator, X):
    """Validate X for a fitted ``estimator``: the features (count, names) it was fitted with."""
    check_is_fitted(estimator)
    return validate_data(estimator, X, reset=False, dtype=FLOAT_DTYPES,
                         ensure_min_features=getattr(estimator, "_MIN_FEATURES", 1))
