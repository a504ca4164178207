"""The coefficient table that lrlib's fitted-model summaries print (shared within lrlib).

One layout for :class:`lrlib.inference.LogitSummary`, :class:`lrlib.glm.BinomialGLM` and
:class:`lrlib.effects.MarginalEffects`: a row per name with the estimate, its standard error,
Wald z, two-sided p-value and confidence interval, headed as statsmodels heads its summaries.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["coefficient_table"]


def coefficient_table(names: Sequence[str], estimates: np.ndarray, bse: np.ndarray, zvalues: np.ndarray,
                      pvalues: np.ndarray, conf_int: np.ndarray, *, estimate: str = "coef",
                      level: float = 0.95) -> list[str]:
    """The table's lines: a header, then one row per name.

    Examples
    --------
    >>> import numpy as np
    >>> print("\\n".join(coefficient_table(["dose"], np.array([2.0]), np.array([0.5]), np.array([4.0]),
    ...                                    np.array([6.3e-05]), np.array([[1.02, 2.98]]))))
                   coef   std err       z   P>|z|    [0.025    0.975]
    dose         2.0000    0.5000   4.000  0.0001    1.0200    2.9800
    """
    lo, hi = f"[{(1 - level) / 2:g}", f"{(1 + level) / 2:g}]"
    width = max(9, *(len(name) for name in names))
    lines = [f"{'':{width}s} {estimate:>9s} {'std err':>9s} {'z':>7s} {'P>|z|':>7s} {lo:>9s} {hi:>9s}"]
    for name, c, s, z, p, (a, b) in zip(names, estimates, bse, zvalues, pvalues, conf_int, strict=True):
        lines.append(f"{name:{width}s} {c:9.4f} {s:9.4f} {z:7.3f} {p:7.4f} {a:9.4f} {b:9.4f}")
    return lines
