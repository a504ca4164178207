"""lrlib: the companion library of the logistic regression course.

The functions, losses and optimiser every chapter builds on, re-exported here::

    from lrlib import sigmoid, binary_cross_entropy, gradient_descent

Where each chapter's code lives (its exercises are checked by ``lrlib.checks.chNN_*``):

- Chapter 1, *Odds, log-odds and maximum likelihood*: :mod:`lrlib.functions` (``odds``,
  ``logit``), :mod:`lrlib.losses` (``log_likelihood``), :mod:`lrlib.data` (``make_binary_1d``)
- Chapter 2, *The logistic function*: :mod:`lrlib.functions` (``sigmoid`` and its relatives)
- Chapter 3, *Binary cross-entropy*: :mod:`lrlib.losses`
- Chapter 4, *Gradient descent from scratch*: :mod:`lrlib.optim`, :mod:`lrlib.models`
  (``LogisticRegressionGD``)
- Chapter 5, *One-vs-all*: :mod:`lrlib.models` (``OneVsRestClassifier``)
- Chapter 6, *Softmax regression*: :mod:`lrlib.functions` (``softmax``, ``logsumexp``),
  :mod:`lrlib.losses` (``cross_entropy``), :mod:`lrlib.models` (``SoftmaxRegression``)
- Chapter 7, *PyTorch on MNIST*: :mod:`lrlib.pytorch`, :mod:`lrlib.data` (``load_mnist``)
- Chapter 8, *Judging a classifier*: :mod:`lrlib.metrics`
- Chapter 9, *Regularisation and richer features*: :mod:`lrlib.model_selection`,
  :mod:`lrlib.optim` (``soft_threshold``)
- Chapter 10, *Reading the model*: :mod:`lrlib.newton`, :mod:`lrlib.inference`
- Chapter 11, *Modelling real data*: :mod:`lrlib.design`, :mod:`lrlib.glm`,
  :mod:`lrlib.diagnostics`, :mod:`lrlib.effects`, :mod:`lrlib.profile_likelihood`,
  :mod:`lrlib.firth`
- Chapter 12, *How sure are we?*: :mod:`lrlib.bootstrap`, :mod:`lrlib.calibration`,
  :mod:`lrlib.generative`, :mod:`lrlib.data` (``ScreeningStudy``)
- Appendix A1, *Where the time goes*: :mod:`lrlib.pytorch` (timed), :mod:`lrlib.data`
- Every chapter: :mod:`lrlib.plots` (the course's figure style), :mod:`lrlib.checks`

The models (:mod:`lrlib.models`), k-fold tools, Newton's solver and its statistics,
chapter 11's tools and chapter 12's (bootstrap intervals, calibrators, generative
classifiers) are exported here too, but loaded on first use, because they build on
scikit-learn or SciPy, which take a second to import. Submodules not imported here, so
that ``import lrlib`` stays light: ``lrlib.metrics`` (NumPy only), ``lrlib.plots``
(Matplotlib), ``lrlib.checks``, ``lrlib.data`` and ``lrlib.pytorch`` (needs PyTorch).

The modules import in one direction: the shared internals (the kernels, the design matrix
and its checks, input validation) live in private modules (``lrlib._kernels``,
``lrlib._design``, ``lrlib._validation``, ...) below the public ones
(``tests/test_layering.py`` checks it).
"""

from lrlib.functions import (
    generalized_logistic,
    log_sigmoid,
    log_softmax,
    logit,
    logsumexp,
    odds,
    relu,
    relu_derivative,
    sigmoid,
    sigmoid_derivative,
    softmax,
    tanh,
    tanh_derivative,
)
from lrlib.losses import (
    binary_cross_entropy,
    binary_cross_entropy_gradient,
    binary_cross_entropy_with_logits,
    cross_entropy,
    cross_entropy_gradient,
    log_likelihood,
    mean_absolute_error,
    mean_squared_error,
    one_hot,
)
from lrlib.optim import DivergenceError, GradientDescentResult, gradient_descent, soft_threshold

__version__ = "0.1.0"

# Exported, but imported on first access (PEP 562): lrlib.models imports scikit-learn.
_LAZY = {
    "LogisticRegressionGD": "lrlib.models",
    "OneVsRestClassifier": "lrlib.models",
    "SoftmaxRegression": "lrlib.models",
    "alpha_from_C": "lrlib.models",
    "cross_validated_log_loss": "lrlib.model_selection",
    "kfold_indices": "lrlib.model_selection",
    "LogisticRegressionNewton": "lrlib.newton",
    "SingularHessianError": "lrlib.newton",
    "log_loss_hessian": "lrlib.newton",
    "newton_logistic": "lrlib.newton",
    "likelihood_ratio_test": "lrlib.inference",
    "logit_summary": "lrlib.inference",
    # chapter 11: modelling real data
    "check_full_rank": "lrlib.design",
    "one_hot_columns": "lrlib.design",
    "binomial_glm": "lrlib.glm",
    "deviance": "lrlib.glm",
    "binned_residuals": "lrlib.diagnostics",
    "calibration_slope_intercept": "lrlib.diagnostics",
    "cooks_distance": "lrlib.diagnostics",
    "deviance_residuals": "lrlib.diagnostics",
    "leverage": "lrlib.diagnostics",
    "pearson_residuals": "lrlib.diagnostics",
    "effect_measures": "lrlib.effects",
    "mantel_haenszel_odds_ratio": "lrlib.effects",
    "marginal_effects": "lrlib.effects",
    "profile_interval": "lrlib.profile_likelihood",
    "profile_statistic": "lrlib.profile_likelihood",
    "LogisticRegressionFirth": "lrlib.firth",
    "firth_logistic": "lrlib.firth",
    # chapter 12: how sure are we (scipy), recalibration and the generative rivals (scikit-learn)
    "bootstrap_difference": "lrlib.bootstrap",
    "bootstrap_interval": "lrlib.bootstrap",
    "delong_test": "lrlib.bootstrap",
    "IsotonicCalibrator": "lrlib.calibration",
    "PlattCalibrator": "lrlib.calibration",
    "TemperatureScaling": "lrlib.calibration",
    "expected_calibration_error": "lrlib.calibration",
    "temperature_log_loss": "lrlib.calibration",
    "GaussianNaiveBayes": "lrlib.generative",
    "LinearDiscriminant": "lrlib.generative",
}


def __getattr__(name):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'lrlib' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "DivergenceError",
    "GaussianNaiveBayes",
    "GradientDescentResult",
    "IsotonicCalibrator",
    "LinearDiscriminant",
    "LogisticRegressionFirth",
    "LogisticRegressionGD",
    "LogisticRegressionNewton",
    "OneVsRestClassifier",
    "PlattCalibrator",
    "SingularHessianError",
    "SoftmaxRegression",
    "TemperatureScaling",
    "alpha_from_C",
    "binary_cross_entropy",
    "binary_cross_entropy_gradient",
    "binary_cross_entropy_with_logits",
    "binned_residuals",
    "binomial_glm",
    "bootstrap_difference",
    "bootstrap_interval",
    "calibration_slope_intercept",
    "check_full_rank",
    "cooks_distance",
    "cross_entropy",
    "cross_entropy_gradient",
    "cross_validated_log_loss",
    "delong_test",
    "deviance",
    "deviance_residuals",
    "effect_measures",
    "expected_calibration_error",
    "firth_logistic",
    "generalized_logistic",
    "gradient_descent",
    "kfold_indices",
    "leverage",
    "likelihood_ratio_test",
    "log_likelihood",
    "log_loss_hessian",
    "log_sigmoid",
    "log_softmax",
    "logit",
    "logit_summary",
    "logsumexp",
    "mantel_haenszel_odds_ratio",
    "marginal_effects",
    "mean_absolute_error",
    "mean_squared_error",
    "newton_logistic",
    "odds",
    "one_hot",
    "one_hot_columns",
    "pearson_residuals",
    "profile_interval",
    "profile_statistic",
    "relu",
    "relu_derivative",
    "sigmoid",
    "sigmoid_derivative",
    "soft_threshold",
    "softmax",
    "tanh",
    "tanh_derivative",
    "temperature_log_loss",
]
