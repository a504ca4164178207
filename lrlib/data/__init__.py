"""Data sets of the course: seeded synthetic sets, and MNIST (chapter 7).

``import lrlib.data`` stays light: PyTorch is imported only when MNIST is loaded.
``python -m lrlib.data`` downloads full MNIST into the folder :func:`load_mnist` reads.
"""

from lrlib.data.mnist import MNISTData, MNISTFileError, load_mnist
from lrlib.data.screening import ScreeningStudy
from lrlib.data.synthetic import make_binary_1d, make_blobs_2d

__all__ = ["MNISTData", "MNISTFileError", "ScreeningStudy", "load_mnist", "make_binary_1d", "make_blobs_2d"]
