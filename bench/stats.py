"""The one percentile of every benchmark: the nearest rank."""

from __future__ import annotations

import math
from fractions import Fraction


def percentile(values, percent: float) -> float | None:
    """The smallest value with at least `percent`% of the values at or below it (the nearest
    rank): of 20 values p95 is the 19th smallest, of 30 the 29th, of one value that value.
    None when there are no values. The rank is computed exactly (95% of 20 is 19, not a float
    just above it)."""
    ordered = sorted(values)
    if not ordered:
        return None
    if not 0 < percent <= 100:
        raise ValueError(f"a percentile is in (0, 100], not {percent}")
    rank = math.ceil(Fraction(str(percent)) * len(ordered) / 100)
    return ordered[rank - 1]
