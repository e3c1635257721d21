"""CDS engine: textbook cases, vectorisation and properties (no QuantLib here)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learn.finance.cds import credit_triangle_error, credit_triangle_spread, price_cds, unit_legs
from learn.finance.cds_calibration import bootstrap_hazard_curve, spread_from_upfront, upfront_from_spread
from learn.finance.curves import FlatDiscountCurve, FlatHazardCurve, PiecewiseHazardCurve, ZeroCurve
from learn.finance.schedule import cds_maturity, cds_schedule, periodic_schedule, to_days

T = dt.date(2024, 5, 15)
DISC = FlatDiscountCurve(0.03)
HYP = settings(database=None, deadline=None, max_examples=40)


def test_it_prices_the_textbook_five_year_cds():
    # plain quarterly schedule from today, mid-point engine: 118.80bp vs triangle 120bp
    legs = unit_legs(T, periodic_schedule(T, dt.date(2029, 5, 15)), DISC, FlatHazardCurve(0.02))
    assert float(0.6 * legs.protection[0] / legs.annuity[0]) * 1e4 == pytest.approx(118.803, abs=1e-3)
    assert float(credit_triangle_spread(0.02, 0.4)) * 1e4 == pytest.approx(120.0)
    # the standard IMM contract (CDS2015 dates, rebate, last day included) prices a little higher
    std = price_cds(T, [cds_maturity(T, 60)], 0.01, 0.4, DISC, FlatHazardCurve(0.02))
    assert std.par_spread[0] * 1e4 == pytest.approx(118.824, abs=1e-3)
    err = credit_triangle_error(T, [cds_maturity(T, 60)], 0.02, 0.4, DISC)
    assert err[0] * 1e4 == pytest.approx(118.824 - 120.0, abs=1e-3)


def test_it_has_zero_npv_at_the_par_spread():
    mats = [cds_maturity(T, m) for m in (12, 36, 60, 120)]
    for engine in ("midpoint", "isda"):
        res = price_cds(T, mats, 0.01, 0.4, DISC, FlatHazardCurve(0.03), engine)
        at_par = price_cds(T, mats, res.par_spread, 0.4, DISC, FlatHazardCurve(0.03), engine)
        np.testing.assert_allclose(at_par.npv, 0.0, atol=1e-15)
        np.testing.assert_allclose(at_par.fair_upfront, 0.0, atol=1e-15)
        # upfront: paying the fair upfront also makes the NPV zero
        paid = price_cds(T, mats, 0.01, 0.4, DISC, FlatHazardCurve(0.03), engine, upfront=res.fair_upfront)
        np.testing.assert_allclose(paid.npv, 0.0, atol=1e-15)


def test_it_prices_many_trades_like_one_at_a_time():
    rng = np.random.default_rng(7)
    n = 200
    mats = np.array([cds_maturity(T, int(m)) for m in rng.choice([6, 12, 36, 60, 84, 120], n)])
    h = rng.uniform(0.001, 0.3, n)
    rec = rng.choice([0.2, 0.4, 0.6], n)
    cpn = rng.choice([0.01, 0.05], n)
    curve = ZeroCurve([30, 365, 1825, 3650], [0.02, 0.025, 0.03, 0.032])
    for engine in ("midpoint", "isda"):
        many = price_cds(T, mats, cpn, rec, curve, FlatHazardCurve(h), engine, notional=1e7)
        for i in range(0, n, 37):
            one = price_cds(
                T, [mats[i]], cpn[i], rec[i], curve, FlatHazardCurve(h[i : i + 1]), engine, notional=1e7
            )
            assert one.npv[0] == pytest.approx(many.npv[i], rel=1e-12, abs=1e-6)
            assert one.par_spread[0] == pytest.approx(many.par_spread[i], rel=1e-12)


def test_it_converts_between_upfront_and_conventional_spread():
    mats = [cds_maturity(T, 60)] * 3
    spreads = np.array([0.0050, 0.0100, 0.0450])
    up = upfront_from_spread(T, mats, spreads, 0.01, 0.4, DISC)
    assert up[1] == pytest.approx(0.0, abs=1e-14)
    assert up[0] < 0 < up[2]
    back = spread_from_upfront(T, mats, up, 0.01, 0.4, DISC)
    np.testing.assert_allclose(back, spreads, atol=1e-13)


def test_it_bootstraps_many_curves_at_once():
    tenors = [12, 36, 60, 120]
    quotes = np.array([[0.002, 0.003, 0.004, 0.005], [0.01, 0.012, 0.013, 0.0135], [0.08, 0.07, 0.06, 0.055]])
    for engine in ("midpoint", "isda"):
        batch = bootstrap_hazard_curve(T, tenors, quotes, [0.4, 0.4, 0.25], DISC, engine)
        assert batch.hazards.shape == (3, 4)
        single = bootstrap_hazard_curve(T, tenors, quotes[2], 0.25, DISC, engine)
        np.testing.assert_allclose(batch.hazards[2], single.hazards, rtol=1e-12)


@HYP
@given(
    st.lists(st.floats(0.0, 2.0), min_size=1, max_size=6),
    st.lists(st.integers(0, 20_000), min_size=2, max_size=30),
)
def test_it_never_lets_survival_increase(hazards, days):
    nodes = np.cumsum(np.arange(1, len(hazards) + 1) * 300)
    curve = PiecewiseHazardCurve(nodes, hazards)
    s = curve.survival(np.sort(np.asarray(days)))
    assert np.all(np.diff(s) <= 1e-15)
    assert np.all((s > 0) & (s <= 1))


@HYP
@given(
    st.floats(0.0010, 0.08),
    st.lists(st.floats(0.8, 1.25), min_size=4, max_size=4),
    st.sampled_from([0.2, 0.4, 0.6]),
    st.sampled_from(["midpoint", "isda"]),
)
def test_it_bootstraps_a_curve_that_reprices_its_quotes(level, shape, recovery, engine):
    tenors = [12, 36, 60, 120]
    from learn.finance.cds_calibration import NegativeHazardError

    quotes = level * np.asarray(shape)
    try:
        curve = bootstrap_hazard_curve(T, tenors, quotes, recovery, DISC, engine)
        assert np.all(curve.hazards >= 0)  # a curve returned by default never lets survival rise
    except NegativeHazardError:
        curve = bootstrap_hazard_curve(T, tenors, quotes, recovery, DISC, engine, allow_negative=True)
        assert np.any(curve.hazards < 0)
    mats = [cds_maturity(T, m) for m in tenors]
    res = price_cds(T, mats, 0.01, recovery, DISC, curve, engine)
    np.testing.assert_allclose(res.par_spread, quotes, rtol=1e-10, atol=1e-12)


@HYP
@given(
    st.floats(0.0, 0.5),
    st.floats(1e-4, 0.5),
    st.sampled_from([12, 60, 120]),
    st.sampled_from(["midpoint", "isda"]),
)
def test_it_raises_the_par_spread_with_the_hazard(h, bump, tenor, engine):
    mats = [cds_maturity(T, tenor)] * 2
    res = price_cds(T, mats, 0.01, 0.4, DISC, FlatHazardCurve([h, h + bump]), engine)
    assert res.par_spread[1] > res.par_spread[0]


def test_it_builds_schedules_with_the_isda_conventions():
    sched = cds_schedule(T, [cds_maturity(T, 12)])
    starts = sched.accrual_start[0][sched.mask[0]]
    assert str(np.datetime64(int(starts[0]), "D")) == "2024-03-20"  # previous IMM date
    assert sched.maturity[0] == to_days(dt.date(2025, 6, 20))
    last = np.nonzero(sched.mask[0])[0][-1]
    assert sched.year_fraction[0, last] * 360 == pytest.approx(92 + 1)  # 20 Mar -> 20 Jun + maturity day


def test_it_refuses_quotes_no_hazard_can_reprice():
    # 10y at 1875bp after a flat 1250bp to 5y needs an infinite forward hazard
    with pytest.raises(ValueError, match="no hazard rate"):
        bootstrap_hazard_curve(T, [12, 36, 60, 120], [0.125, 0.125, 0.125, 0.1875], 0.4, DISC)


def test_the_bootstrap_refuses_quotes_that_need_a_negative_hazard():
    from learn.finance.cds_calibration import NegativeHazardError

    with pytest.raises(NegativeHazardError, match="60-month quote needs a negative hazard rate") as info:
        bootstrap_hazard_curve(T, [12, 60], [0.05, 0.01], 0.4, DISC)
    assert info.value.tenor_index == 1 and info.value.hazard < 0 and info.value.curve_index == 0
    # on request the curve is returned as solved, and then survival rises on that segment
    curve = bootstrap_hazard_curve(T, [12, 60], [0.05, 0.01], 0.4, DISC, allow_negative=True)
    assert curve.hazards[1] < 0
    assert curve.survival(np.array([3000.0]))[0] > curve.survival(np.array([1000.0]))[0]


def test_a_single_period_contract_accrues_the_maturity_day_as_isda_does():
    # 3m traded 1 Jan 2024 matures on the next IMM date, 20 Mar 2024: one coupon period from
    # 20 Dec 2023, 91 days + the maturity day = 92/360 (QuantLib drops the last-period day counter
    # when the schedule has one period and counts 91/360; see the cds module docstring)
    trade = dt.date(2024, 1, 1)
    mat = cds_maturity(trade, 3)
    assert mat == to_days(dt.date(2024, 3, 20))
    legs = unit_legs(trade, cds_schedule(trade, [mat]), FlatDiscountCurve(0.0), FlatHazardCurve(0.0), "isda")
    assert legs.annuity[0] == pytest.approx(92 / 360, abs=1e-15)
