"""Data sets of the course: seeded synthetic sets, and MNIST (chapter 7)."""

from lrlib.data.synthetic import make_binary_1d, make_blobs_2d

__all__ = ["make_binary_1d", "make_blobs_2d"]
