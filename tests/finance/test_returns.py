from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learn.finance import returns as rt


def test_it_computes_simple_and_log_returns():
    p = [100.0, 110.0, 99.0]
    np.testing.assert_allclose(rt.simple_returns(p), [0.10, -0.10])
    np.testing.assert_allclose(rt.log_returns(p), [math.log(1.1), math.log(0.9)])
    np.testing.assert_allclose(np.exp(rt.log_returns(p)) - 1, rt.simple_returns(p))


def test_it_annualises_volatility_with_the_sample_std():
    r = np.array([0.01, -0.02, 0.015, 0.0, -0.005])
    mean = r.mean()
    s = math.sqrt(((r - mean) ** 2).sum() / 4)  # ddof = 1 by hand
    assert rt.annualized_volatility(r, 252) == pytest.approx(s * math.sqrt(252), rel=1e-12)
    assert rt.annualized_volatility(r, 12) == pytest.approx(s * math.sqrt(12), rel=1e-12)


def test_it_finds_the_2022_sp500_drawdown():
    prices = np.array([4_700.0, 4_796.56, 4_500.0, 3_900.0, 3_577.03, 3_800.0, 4_200.0])
    dates = np.array(
        ["2021-12-31", "2022-01-03", "2022-03-01", "2022-06-16", "2022-10-12", "2022-12-30", "2023-06-30"],
        dtype="datetime64[D]",
    )
    dd = rt.max_drawdown(prices, dates)
    assert dd.max_drawdown == pytest.approx(-0.2543, abs=5e-5)
    assert dd.gain_to_recover == pytest.approx(0.3409, abs=5e-5)
    assert dd.peak_date == np.datetime64("2022-01-03")
    assert dd.trough_date == np.datetime64("2022-10-12")
    assert dd.recovery_date is None and dd.recovery_index is None
    assert rt.gain_to_recover(dd.max_drawdown) == pytest.approx(dd.gain_to_recover, rel=1e-12)


def test_it_dates_the_recovery():
    prices = [100, 120, 90, 100, 119, 121, 80]
    dd = rt.max_drawdown(prices, dates=np.arange(7))
    # the deepest fall is from the new high 121 to 80 at the end, never recovered
    assert (dd.peak_index, dd.trough_index, dd.recovery_index) == (5, 6, None)
    assert dd.max_drawdown == pytest.approx(80 / 121 - 1)
    dd2 = rt.max_drawdown([100, 120, 90, 100, 119, 121, 110])
    assert (dd2.peak_index, dd2.trough_index, dd2.recovery_index) == (1, 2, 5)
    assert dd2.max_drawdown == pytest.approx(-0.25)
    assert dd2.recovery_date is None  # no dates given
    flat = rt.max_drawdown([1, 2, 3])
    assert flat.max_drawdown == 0 and flat.recovery_index is None


def test_it_reports_historical_var_as_a_positive_loss():
    r = np.arange(-0.10, 0.0901, 0.01)  # 20 returns: -10% .. +9%
    # linear interpolation (type 7): position 0.05 * 19 = 0.95 -> -0.10 + 0.95 * 0.01
    assert rt.historical_var(r, 0.95) == pytest.approx(0.0905, abs=1e-12)
    assert rt.historical_var(r, 0.95, method="lower") == pytest.approx(0.10, abs=1e-12)
    assert rt.historical_var(r, 0.95, method="higher") == pytest.approx(0.09, abs=1e-12)
    assert rt.historical_expected_shortfall(r, 0.95) == pytest.approx(0.10, abs=1e-12)


def test_it_computes_beta_and_sharpe_by_hand():
    m = np.array([0.01, -0.02, 0.03, 0.00, 0.015])
    a = 1.5 * m + 0.001
    assert rt.beta(a, m) == pytest.approx(1.5, rel=1e-12)
    r = np.array([0.02, 0.01, -0.01, 0.03])
    rf = 0.005
    ex = r - rf
    expected = ex.mean() / ex.std(ddof=1) * math.sqrt(12)
    assert rt.sharpe_ratio(r, rf, periods_per_year=12) == pytest.approx(expected, rel=1e-12)


@settings(database=None, deadline=None)
@given(st.lists(st.floats(min_value=1.0, max_value=1e4), min_size=2, max_size=60))
def test_it_keeps_drawdowns_between_minus_one_and_zero(prices):
    dd = rt.max_drawdown(prices)
    assert -1.0 < dd.max_drawdown <= 0.0
    assert dd.peak_index <= dd.trough_index
    assert (1 + dd.max_drawdown) * (1 + dd.gain_to_recover) == pytest.approx(1.0, rel=1e-9)


def test_historical_var_refuses_missing_returns():
    with pytest.raises(ValueError, match="NaN"):
        rt.historical_var(np.array([0.01, np.nan, -0.02]), 0.95)
    with pytest.raises(ValueError, match="no returns"):
        rt.historical_var(np.array([]), 0.95)
