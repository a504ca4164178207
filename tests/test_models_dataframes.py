"""lrlib.models on pandas DataFrames: feature names are recorded and checked, as in scikit-learn."""

import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression

from lrlib import LogisticRegressionGD, OneVsRestClassifier, SoftmaxRegression

X = pd.DataFrame({"age": [20.0, 35.0, 50.0, 65.0, 30.0, 55.0],
                  "dose": [1.0, 0.0, 1.0, 0.0, 0.5, 0.2]})
y = np.array([0, 0, 1, 1, 0, 1])
MAKERS = {
    "binary": lambda: LogisticRegressionGD(random_state=0),
    "softmax": lambda: SoftmaxRegression(random_state=0),
    "ovr": lambda: OneVsRestClassifier(LogisticRegressionGD(random_state=0)),
}


def fit(kind):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=UserWarning)  # ConvergenceWarning on 6 points
        return MAKERS[kind]().fit(X, y)


@pytest.mark.parametrize("kind", MAKERS)
def test_fit_records_the_column_names(kind):
    model = fit(kind)
    np.testing.assert_array_equal(model.feature_names_in_, ["age", "dose"])
    assert model.n_features_in_ == 2
    # the same names as scikit-learn's own estimator records
    np.testing.assert_array_equal(model.feature_names_in_, LogisticRegression().fit(X, y).feature_names_in_)


@pytest.mark.parametrize("kind", MAKERS)
@pytest.mark.parametrize("method", ["predict", "predict_proba", "decision_function", "score"])
def test_reordered_or_renamed_columns_raise(kind, method):
    # issue 10 A: reordered columns used to predict silently with the weights swapped
    model = fit(kind)
    args = (y,) if method == "score" else ()
    for other in [X[["dose", "age"]], X.rename(columns={"dose": "weight"})]:
        with pytest.raises(ValueError, match="feature names should match those that were passed during fit"):
            getattr(model, method)(other, *args)


@pytest.mark.parametrize("kind", MAKERS)
def test_same_names_predict_as_the_array_and_an_array_warns(kind):
    model = fit(kind)
    from_frame = model.predict_proba(X)
    with pytest.warns(UserWarning, match="does not have valid feature names"):
        from_array = model.predict_proba(X.to_numpy())
    np.testing.assert_array_equal(from_frame, from_array)


@pytest.mark.parametrize("kind", MAKERS)
def test_an_array_at_fit_records_no_names(kind):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=UserWarning)
        model = MAKERS[kind]().fit(X.to_numpy(), y)
    assert not hasattr(model, "feature_names_in_") and model.n_features_in_ == 2
