"""Credit spreads between yield series: the default premium.

Yields are in percent (5.13 = 5.13% a year), as Moody's and FRED publish them. A spread in percentage
points times 100 is the spread in basis points.

Sources: Fama & French, "Business conditions and expected returns on stocks and bonds", Journal of
Financial Economics (1989) (the BAA - AAA "default spread"); Chen, Roll & Ross, "Economic forces and the
stock market", Journal of Business (1986); CFA Institute, Fixed Income: "Credit Analysis Models".
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

BP_PER_PERCENT = 100.0


def default_premium(baa: ArrayLike, aaa: ArrayLike) -> np.ndarray:
    """Default premium = BAA yield - AAA yield, in percentage points (element by element).

    The extra yield investors demand for the lowest investment grade over the
    highest; it widens in recessions (over 3 points in late 2008).  Source:
    Fama & French (1989), the "default spread"; Chen, Roll & Ross (1986).
    """
    low = np.asarray(baa, dtype=float)
    high = np.asarray(aaa, dtype=float)
    if low.shape != high.shape:
        raise ValueError(f"BAA and AAA series differ in shape: {low.shape} vs {high.shape}")
    return low - high


def to_basis_points(percent: ArrayLike) -> np.ndarray:
    """Percentage points to basis points: 1 percentage point = 100 bp.

    Source: CFA Institute, Fixed Income: "Yield and Yield Spread Measures".
    """
    return np.asarray(percent, dtype=float) * BP_PER_PERCENT


def default_premium_bp(baa: ArrayLike, aaa: ArrayLike) -> np.ndarray:
    """Default premium BAA - AAA in basis points.

    Source: Fama & French (1989); see :func:`default_premium`.
    """
    return to_basis_points(default_premium(baa, aaa))
