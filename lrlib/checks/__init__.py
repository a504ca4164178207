"""Exercise checkers: ``check_<exercise>(your_function)`` returns a CheckResult.

Each checker runs your function on fixed cases and on random ones drawn from a new
seed, and tells you either that it is correct or what the first problem is, with a
hint at the usual mistake; a ✘ ends with the seed, and ``check_odds(odds_mine,
seed=...)`` draws the same cases again. A function that is, or calls, the library's
own version of the answer (``lrlib.odds`` for ``check_odds``) gets a ✘. The
machinery is :mod:`lrlib.checks.engine`; each chapter's exercises are declared
in ``lrlib.checks.chNN_<topic>``, and every ``check_*`` function of those modules
is exported here, so a new chapter's checkers need no line in this file.

Examples
--------
>>> from lrlib.checks import check_odds
>>> check_odds(lambda p: p / (1 - p)).passed
True
>>> import lrlib
>>> check_odds(lambda p: lrlib.odds(p)).message.splitlines()[0]
'✘ Not yet: odds_mine calls lrlib.odds.'
"""

import importlib
import pkgutil
import re

from lrlib.checks.engine import CheckResult

__all__ = ["CheckResult"]


def _chapter_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if re.fullmatch(r"ch\d\d_\w+", m.name))


for _name in _chapter_modules():
    _module = importlib.import_module(f"{__name__}.{_name}")
    for _attr, _value in vars(_module).items():
        if _attr.startswith("check_") and callable(_value) and _value.__module__ == _module.__name__:
            globals()[_attr] = _value
            __all__.append(_attr)
__all__.sort()
del _name, _module, _attr, _value
