"""Figures that several chapters share.

Each function draws on a Matplotlib ``Axes`` (a new one when ``ax`` is None)
and returns it, so a chapter can add titles or combine panels.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import matplotlib.pyplot as plt
import numpy as np

from lrlib._validation import check_array, check_bool

__all__ = [
    "OKABE_ITO",
    "plot_confusion_matrix",
    "plot_decision_boundary",
    "plot_loss_curves",
    "plot_weight_images",
    "use_course_style",
]

# Okabe & Ito's colour-universal palette (https://jfly.uni-koeln.de/color/): its
# colours stay distinguishable under the common colour-vision deficiencies, so no
# figure of the course depends on telling red from green.
OKABE_ITO = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}


def use_course_style() -> None:
    """Make Okabe-Ito the default colour cycle of every following Matplotlib figure.

    Each chapter calls it once in its first cell, so lines and points drawn
    without an explicit colour use the colour-blind-safe palette.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> use_course_style()
    >>> plt.rcParams["axes.prop_cycle"].by_key()["color"][0]
    '#0072B2'
    """
    from cycler import cycler

    plt.rcParams["axes.prop_cycle"] = cycler(color=list(OKABE_ITO.values()))
    plt.rcParams["image.cmap"] = "viridis"


def _axes(ax):
    return plt.subplots()[1] if ax is None else ax


def plot_decision_boundary(
    predict: Callable | object,
    X,
    y,
    *,
    ax=None,
    resolution: int = 200,
    margin: float = 0.5,
    cmap: str = "coolwarm",
):
    """Colour the plane by predicted class and scatter the points on top.

    Parameters
    ----------
    predict : callable or fitted estimator
        A function mapping an (n, 2) array to n class labels (shape (n,)), or any
        object with such a ``predict`` method (lrlib or scikit-learn models).
    X : array-like of shape (n_samples, 2)
        The points; exactly two features.
    y : array-like of shape (n_samples,)
        Their labels, used to colour the points.
    ax : matplotlib Axes, optional
    resolution : int, default 200
        Grid points per axis.
    margin : float, default 0.5
        Space around the data, in data units.
    cmap : str, default "coolwarm"

    Returns
    -------
    matplotlib.axes.Axes
    """
    X = check_array(X, "X", ndim=2)
    if X.shape[1] != 2:
        raise ValueError(f"X must have exactly 2 features to draw a plane, got {X.shape[1]}")
    fn = predict.predict if hasattr(predict, "predict") else predict
    if not callable(fn):
        raise TypeError("predict must be a function or an object with a predict method")
    y = np.asarray(y)
    ax = _axes(ax)
    (x0_min, x1_min), (x0_max, x1_max) = X.min(axis=0) - margin, X.max(axis=0) + margin
    g0, g1 = np.meshgrid(np.linspace(x0_min, x0_max, resolution),
                         np.linspace(x1_min, x1_max, resolution))
    labels = np.asarray(fn(np.column_stack([g0.ravel(), g1.ravel()])))
    if labels.shape != (g0.size,):  # e.g. probabilities, (n, 2), would be reshaped into nonsense
        raise ValueError(f"predict must return one label per point: given {g0.size} points (an array of "
                         f"shape ({g0.size}, 2)), it returned an array of shape {labels.shape}")
    classes = np.unique(np.concatenate([np.unique(y), np.unique(labels)]))
    # Map labels (which may be strings) to 0..K-1 so any label type can be coloured.
    grid_idx = np.searchsorted(classes, labels).reshape(g0.shape)
    point_idx = np.searchsorted(classes, y)
    k = len(classes)
    ax.contourf(g0, g1, grid_idx, levels=np.arange(k + 1) - 0.5, cmap=cmap, alpha=0.25)
    scatter = ax.scatter(X[:, 0], X[:, 1], c=point_idx, cmap=cmap, vmin=0, vmax=k - 1,
                         edgecolor="k", linewidth=0.5, s=25)
    handles = scatter.legend_elements()[0]
    if len(handles) == k:
        ax.legend(handles, [str(c) for c in classes], title="class", loc="best", fontsize="small")
    ax.set_xlim(x0_min, x0_max)
    ax.set_ylim(x1_min, x1_max)
    return ax


def plot_loss_curves(histories: Mapping[str, np.ndarray], *, ax=None, log_y: bool = False,
                     xlabel: str = "iteration", ylabel: str = "loss"):
    """Plot one or more loss histories against the iteration number.

    Parameters
    ----------
    histories : mapping of str to array-like
        Label of each curve to its losses.
    ax : matplotlib Axes, optional
    log_y : bool, default False
        Logarithmic loss axis, useful when curves differ by orders of magnitude.

    Returns
    -------
    matplotlib.axes.Axes
    """
    if not isinstance(histories, Mapping) or not histories:
        raise TypeError("histories must be a non-empty mapping of label to loss history")
    log_y = check_bool(log_y, "log_y")
    ax = _axes(ax)
    for label, losses in histories.items():
        losses = check_array(losses, f"histories[{label!r}]", ndim=1, finite=False)
        ax.plot(np.arange(len(losses)), losses, label=str(label))
    if log_y:
        ax.set_yscale("log")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.legend()
    return ax


def plot_weight_images(W, image_shape: tuple[int, int], *, titles=None, ncols: int = 5,
                       cmap: str = "RdBu_r", fig=None):
    """Show each class's weight vector as an image: red pushes towards the class, blue away.

    Parameters
    ----------
    W : array-like of shape (n_classes, n_features)
        One row per class: a model's ``coef_`` (lrlib, scikit-learn) or an
        ``nn.Linear``'s ``weight``, as they are.
    image_shape : tuple of int
        Shape of one image, with ``prod(image_shape) == n_features``.
    titles : sequence of str, optional
        One per class; defaults to the class index.
    ncols : int, default 5
    cmap : str, default "RdBu_r"
        A diverging map, centred on zero so the sign of a weight reads as a colour
        ("RdBu_r": positive red, negative blue; plain "RdBu" would swap them).

    Returns
    -------
    matplotlib.figure.Figure
    """
    W = check_array(W, "W", ndim=2)
    n_classes, n_features = W.shape
    if int(np.prod(image_shape)) != n_features:
        raise ValueError(f"image_shape {image_shape} has {int(np.prod(image_shape))} pixels, "
                         f"but W has {n_features} columns (one per feature)")
    titles = [str(i) for i in range(n_classes)] if titles is None else list(titles)
    if len(titles) != n_classes:
        raise ValueError(f"titles must have one entry per class ({n_classes}), got {len(titles)}")
    nrows = -(-n_classes // ncols)
    fig = fig or plt.figure(figsize=(2 * ncols, 2.2 * nrows))
    limit = np.max(np.abs(W))
    for i in range(n_classes):
        ax = fig.add_subplot(nrows, ncols, i + 1)
        ax.imshow(W[i].reshape(image_shape), cmap=cmap, vmin=-limit, vmax=limit)
        ax.set_title(titles[i])
        ax.axis("off")
    return fig


def plot_confusion_matrix(cm, *, labels=None, ax=None, cmap: str = "Blues"):
    """Draw a confusion matrix (rows: true class, columns: predicted class) with counts.

    Parameters
    ----------
    cm : array-like of shape (n_classes, n_classes)
        Counts, as from :func:`sklearn.metrics.confusion_matrix`.
    labels : sequence, optional
        Class names for the ticks.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    cm = check_array(cm, "cm", ndim=2)
    if cm.shape[0] != cm.shape[1]:
        raise ValueError(f"cm must be square, got shape {cm.shape}")
    k = cm.shape[0]
    labels = list(range(k)) if labels is None else list(labels)
    ax = _axes(ax)
    ax.imshow(cm, cmap=cmap)
    threshold = cm.max() / 2
    for i in range(k):
        for j in range(k):
            ax.text(j, i, f"{cm[i, j]:g}", ha="center", va="center", fontsize="small",
                    color="white" if cm[i, j] > threshold else "black")
    ax.set_xticks(range(k), [str(c) for c in labels])
    ax.set_yticks(range(k), [str(c) for c in labels])
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    return ax
