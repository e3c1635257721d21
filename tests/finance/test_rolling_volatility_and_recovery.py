"""Rolling annualised volatility and time to recovery, against values computed by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from learn.finance import returns as rt


def test_rolling_volatility_matches_the_hand_computed_window():
    r = [0.01, -0.02, 0.03, 0.0]
    out = rt.rolling_volatility(r, window=3, periods_per_year=252)

    # Window 1: 0.01, -0.02, 0.03 -> mean 0.00667; squared deviations 0.0000111, 0.000711, 0.000544;
    # sum 0.0012667 / 2 = 0.00063333; sqrt = 0.025166; x sqrt(252) = 0.39950.
    # Window 2: -0.02, 0.03, 0.00 -> mean 0.00333; deviations^2 0.000544, 0.000711, 0.0000111: the same.
    assert np.isnan(out[:2]).all()
    assert out[2] == pytest.approx(math.sqrt(0.0012666667 / 2) * math.sqrt(252), rel=1e-6)
    assert out[2] == pytest.approx(0.39950, abs=5e-5)
    assert out[3] == pytest.approx(out[2], rel=1e-12)
    assert out[-1] == pytest.approx(rt.annualized_volatility(r[-3:], 252), rel=1e-12)


def test_rolling_volatility_scales_with_the_periods_per_year_and_handles_short_series():
    r = np.array([0.01, -0.01, 0.02, -0.02, 0.0, 0.01])
    daily = rt.rolling_volatility(r, window=4, periods_per_year=252)
    monthly = rt.rolling_volatility(r, window=4, periods_per_year=12)
    np.testing.assert_allclose(daily[3:] / monthly[3:], math.sqrt(21))
    assert np.isnan(rt.rolling_volatility([0.01, 0.02], window=5)).all()
    with pytest.raises(ValueError, match="window must be a whole number above 1"):
        rt.rolling_volatility(r, window=1)


def test_time_to_recovery_counts_periods_from_trough_back_to_the_peak():
    #        0    1    2    3    4    5    6
    prices = [100, 120, 90, 60, 80, 119, 121]  # peak 120 at 1, trough 60 at 3, back above 120 at 6
    dd = rt.max_drawdown(prices)

    assert (dd.peak_index, dd.trough_index, dd.recovery_index) == (1, 3, 6)
    assert dd.recovery_periods == 3
    assert rt.time_to_recovery(prices) == 3
    assert dd.max_drawdown == pytest.approx(60 / 120 - 1)


def test_time_to_recovery_is_none_when_the_peak_is_never_regained():
    assert rt.time_to_recovery([100, 120, 90, 60, 80, 119]) is None
    assert rt.max_drawdown([100, 120, 90, 60, 80, 119]).recovery_periods is None


def test_recovery_at_exactly_the_peak_counts():
    assert rt.time_to_recovery([10, 8, 9, 10]) == 2  # trough at 1, equal to the peak at 3
