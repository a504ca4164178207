"""BLAS on one thread for lrlib's small dense products (shared within lrlib).

lrlib's Newton, IRLS, Firth and profile-likelihood steps multiply matrices of a few
hundred rows: on one thread they are faster than on several (thread start-up costs more
than the product, and far more on a busy machine), and their rounding does not depend
on how many cores the learner has. ``threadpoolctl.threadpool_limits`` finds the BLAS
libraries again on every call by reading the process's memory map (about 3 ms, half of a
Newton fit on breast cancer); one :class:`threadpoolctl.ThreadpoolController`, made at the
first call and kept, finds them once.
"""

from __future__ import annotations

import functools

from threadpoolctl import ThreadpoolController  # a dependency of scikit-learn

__all__ = ["one_blas_thread"]


@functools.cache
def _controller() -> ThreadpoolController:
    # made at the first call, when NumPy's and SciPy's BLAS are loaded (lrlib imports both)
    return ThreadpoolController()


def one_blas_thread():
    """A context manager in which the BLAS libraries loaded so far use one thread.

    Examples
    --------
    >>> import numpy as np
    >>> with one_blas_thread():
    ...     product = np.ones((3, 2)) @ np.ones((2, 3))
    >>> float(product.sum())
    18.0
    """
    return _controller().limit(limits=1, user_api="blas")
