"""Default premium BAA - AAA, in percentage points and basis points."""

from __future__ import annotations

import numpy as np
import pytest

from learn.finance import spreads


def test_it_subtracts_aaa_from_baa_element_by_element():
    # Moody's, December 2008: BAA 8.43%, AAA 5.05% -> 3.38 points = 338 bp.
    baa, aaa = [8.43, 7.12], [5.05, 5.35]

    np.testing.assert_allclose(spreads.default_premium(baa, aaa), [3.38, 1.77])
    np.testing.assert_allclose(spreads.default_premium_bp(baa, aaa), [338.0, 177.0])
    assert spreads.to_basis_points(0.25) == pytest.approx(25.0)


def test_it_refuses_series_of_different_lengths():
    with pytest.raises(ValueError, match=r"differ in shape: \(2,\) vs \(1,\)"):
        spreads.default_premium([1.0, 2.0], [1.0])
