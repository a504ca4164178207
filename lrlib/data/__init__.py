"""Data sets of the course: seeded synthetic sets, and MNIST (chapter 7).

``import lrlib.data`` stays light: PyTorch is imported only when MNIST is loaded.
"""

from lrlib.data.mnist import MNISTData, MNISTFileError, load_mnist
from lrlib.data.synthetic import make_binary_1d, make_blobs_2d

__all__ = ["MNISTData", "MNISTFileError", "load_mnist", "make_binary_1d", "make_blobs_2d"]
