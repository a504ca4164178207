"""Shared figures draw what they claim and reject unusable input."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from lrlib.data import make_blobs_2d  # noqa: E402
from lrlib.plots import (  # noqa: E402
    plot_confusion_matrix,
    plot_decision_boundary,
    plot_loss_curves,
    plot_weight_images,
)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_decision_boundary_colours_regions_by_prediction():
    X, y = make_blobs_2d(60, 3, seed=0)
    labels = np.array(["a", "b", "c"])

    def predict(points):  # nearest of three fixed centres, with string labels
        return labels[np.argmax(points @ np.array([[1, 0], [-1, 1], [-1, -1]]).T, axis=1)]

    ax = plot_decision_boundary(predict, X, labels[y])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b", "c"]
    with pytest.raises(ValueError, match="exactly 2 features"):
        plot_decision_boundary(predict, np.zeros((3, 3)), [0, 1, 0])
    with pytest.raises(TypeError, match="predict"):
        plot_decision_boundary(42, X, y)


def test_loss_curves_one_line_per_history():
    ax = plot_loss_curves({"lr=0.1": [3, 2, 1], "lr=1": [3, 1, 0.5, 0.2]}, log_y=True)
    assert [len(line.get_xdata()) for line in ax.get_lines()] == [3, 4]
    assert ax.get_yscale() == "log"
    with pytest.raises(TypeError, match="histories"):
        plot_loss_curves([1, 2, 3])


def test_weight_images_one_panel_per_class():
    fig = plot_weight_images(np.random.default_rng(0).normal(size=(10, 64)), (8, 8))
    assert len(fig.axes) == 10 and fig.axes[3].get_title() == "3"
    with pytest.raises(ValueError, match="image_shape"):
        plot_weight_images(np.zeros((10, 64)), (7, 7))


def test_weight_images_show_positive_weights_red_and_negative_blue():
    W = np.zeros((2, 4))  # (classes, pixels), as coef_
    W[0, 0], W[1, 0] = 1.0, -1.0  # top-left pixel: for class 0, against class 1
    fig = plot_weight_images(W, (2, 2), ncols=2)
    red, green, blue, _ = fig.axes[0].images[0].to_rgba(fig.axes[0].images[0].get_array())[0, 0]
    assert red > 0.3 > blue, "a positive weight (pushes towards the class) must be red, as documented"
    red, green, blue, _ = fig.axes[1].images[0].to_rgba(fig.axes[1].images[0].get_array())[0, 0]
    assert blue > 0.3 > red


def test_confusion_matrix_writes_counts():
    ax = plot_confusion_matrix(np.array([[5, 1], [0, 4]]), labels=["no", "yes"])
    assert sorted(t.get_text() for t in ax.texts) == ["0", "1", "4", "5"]
    with pytest.raises(ValueError, match="square"):
        plot_confusion_matrix(np.zeros((2, 3)))


def test_course_style_sets_the_colour_blind_safe_cycle():
    import matplotlib.pyplot as plt

    from lrlib.plots import OKABE_ITO, use_course_style

    with plt.rc_context():
        use_course_style()
        assert plt.rcParams["axes.prop_cycle"].by_key()["color"] == list(OKABE_ITO.values())


# Full-severity simulations of the three dichromacies (colorspacious 1.1.2, Machado et al. 2009).
CVD_TYPES = ["deuteranomaly", "protanomaly", "tritanomaly"]


def _min_difference_under(cvd_type, colours):
    """The smallest perceptual difference (CAM02-UCS delta E) between two colours as a CVD viewer sees them."""
    import itertools

    from matplotlib.colors import to_rgb

    colorspacious = pytest.importorskip("colorspacious")
    rgb = np.array([to_rgb(c) for c in colours])
    seen = colorspacious.cspace_convert(rgb, {"name": "sRGB1+CVD", "cvd_type": cvd_type, "severity": 100}, "sRGB1")
    seen = np.clip(seen, 0, 1)
    return min(colorspacious.deltaE(a, b, input_space="sRGB1") for a, b in itertools.combinations(seen, 2))


@pytest.mark.parametrize("cvd_type", CVD_TYPES)
def test_course_palette_stays_distinguishable_under_colour_vision_deficiency(cvd_type):
    from lrlib.plots import OKABE_ITO

    # delta E of about 10 is a clearly visible difference; Okabe-Ito keeps at least 11 for every pair
    assert _min_difference_under(cvd_type, OKABE_ITO.values()) > 10
    # The diverging maps of the course (decision regions, weight images) keep their two ends apart.
    for cmap in ["coolwarm", "RdBu_r"]:
        ends = [plt.get_cmap(cmap)(0.0), plt.get_cmap(cmap)(1.0)]
        assert _min_difference_under(cvd_type, ends) > 20


def test_the_simulation_catches_a_red_green_pair():
    # matplotlib's default red and green, told apart by anyone else, nearly merge under deuteranopia
    assert _min_difference_under("deuteranomaly", ["tab:red", "tab:green"]) < 10


def test_decision_boundary_checks_what_predict_returns():
    # issue 26: a callback's return is checked (probabilities, (n, 2), used to be reshaped into nonsense)
    X, y = make_blobs_2d(20, 2, seed=0)
    for wrong, shape in [(lambda P: np.column_stack([P[:, 0] > 0, P[:, 0] <= 0]), r"\(2500, 2\)"),
                         (lambda P: (P[:, 0] > 0)[:10], r"\(10,\)"), (lambda P: 1, r"\(\)")]:
        with pytest.raises(ValueError, match=r"predict must return one label per point: given 2500 points.*" + shape):
            plot_decision_boundary(wrong, X, y, resolution=50)


def test_loss_curves_log_y_must_be_a_bool():
    with pytest.raises(TypeError, match="log_y must be True or False, got str 'no'"):
        plot_loss_curves({"a": [1, 2]}, log_y="no")
