"""Our vectorised CDS engine against QuantLib-Python (1.44) on identical conventions.

QuantLib set-up: tests/finance/quantlib_reference.py (shared with bench/bench_cds.py).
Tolerances: 0.01bp (1e-6) on spreads, 1e-6 of notional on values.
"""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import pytest

from learn.finance.cds import _isda, _rel, price_cds, unit_legs
from learn.finance.cds_calibration import bootstrap_hazard_curve, spread_from_upfront, upfront_from_spread
from learn.finance.curves import FlatDiscountCurve, FlatHazardCurve
from learn.finance.schedule import cds_maturity, cds_schedule, periodic_schedule, to_days

ql = pytest.importorskip("QuantLib")

from tests.finance.quantlib_reference import (  # noqa: E402
    qd,
    ql_cds,
    ql_engine,
    ql_flat_discount,
    ql_model,
    ql_schedule,
    ql_spread_helper,
    zero_curve_pair,
)
from tests.finance.test_cds_accrual_rebate import COUPON, MATURITY, NOTIONAL, PUBLISHED, rebate_cash  # noqa: E402

TOL_SPREAD = 1e-6  # 0.01bp
TOL_VALUE = 1e-6  # of notional
SPREADS_BP = (20, 120, 500, 1500)
RECOVERIES = (0.2, 0.4, 0.6)
TENORS = (12, 36, 60, 120)
DATES = (
    dt.date(2024, 5, 15),
    dt.date(2021, 3, 21),  # Sunday before an IMM Monday: extra stub quarter
    dt.date(2024, 3, 19),  # day before the roll: T + 1 is a payment date
    dt.date(2022, 6, 18),  # Saturday
)


@pytest.fixture(autouse=True)
def _restore_eval_date():
    saved = ql.Settings.instance().evaluationDate
    yield
    ql.Settings.instance().evaluationDate = saved


def assert_same(cds, ours, i=0):
    assert abs(cds.fairSpread() - ours.par_spread[i]) < TOL_SPREAD
    assert abs(cds.defaultLegNPV() - ours.protection_leg[i]) < TOL_VALUE
    assert abs(-cds.couponLegNPV() - ours.premium_leg[i]) < TOL_VALUE
    assert abs(cds.accrualRebateNPV() - ours.accrual_rebate[i]) < TOL_VALUE
    assert abs(-cds.upfrontNPV() - ours.upfront_pv[i]) < TOL_VALUE
    assert abs(cds.NPV() - ours.npv[i]) < TOL_VALUE
    assert abs(cds.fairUpfront() - ours.fair_upfront[i]) < TOL_VALUE
    assert abs(-cds.couponLegBPS() - ours.rpv01[i]) < TOL_VALUE * 1e-4


def test_it_builds_the_same_schedules_as_quantlib():
    for k in range(0, 800, 3):
        T = dt.date(2023, 1, 1) + dt.timedelta(days=k)
        for rule, qrule in (("CDS2015", ql.DateGeneration.CDS2015), ("CDS", ql.DateGeneration.CDS)):
            for tenor in (6, 36, 120):
                m = ql.cdsMaturity(qd(T), ql.Period(tenor, ql.Months), qrule)
                assert to_days(dt.date(m.year(), m.month(), m.dayOfMonth())) == cds_maturity(T, tenor, rule)
                s = ql_schedule(qd(T), m, qrule)
                ours = cds_schedule(T, [cds_maturity(T, tenor, rule)])
                dates = list(ours.accrual_start[0][ours.mask[0]]) + [ours.maturity[0]]
                assert [int(x) for x in dates] == [
                    to_days(dt.date(d.year(), d.month(), d.dayOfMonth())) for d in s
                ]


@pytest.mark.parametrize("engine", ["midpoint", "isda"])
@pytest.mark.parametrize("curve_kind", ["flat", "zero"])
def test_it_matches_quantlib_on_flat_hazard_curves(engine, curve_kind):
    for T in DATES:
        ql.Settings.instance().evaluationDate = qd(T)
        if curve_kind == "flat":
            ours_disc, disc = FlatDiscountCurve(0.03), ql_flat_discount(T, 0.03)
        else:
            ours_disc, disc = zero_curve_pair(T)
        for s_bp, rec, tenor in itertools.product(SPREADS_BP, RECOVERIES, TENORS):
            h = s_bp * 1e-4 / (1 - rec)
            coupon = 0.01 if s_bp < 300 else 0.05
            haz = ql.DefaultProbabilityTermStructureHandle(
                ql.FlatHazardRate(qd(T), ql.QuoteHandle(ql.SimpleQuote(h)), ql.Actual365Fixed())
            )
            cds = ql_cds(T, tenor, coupon, upfront=0.02)
            cds.setPricingEngine(ql_engine(engine, haz, rec, disc))
            ours = price_cds(
                T, [cds_maturity(T, tenor)], coupon, rec, ours_disc, FlatHazardCurve(h), engine, upfront=0.02
            )
            assert_same(cds, ours)


@pytest.mark.parametrize("engine", ["midpoint", "isda"])
def test_it_matches_quantlib_bootstrapped_curves(engine):
    T = DATES[0]
    ql.Settings.instance().evaluationDate = qd(T)
    model = ql_model(engine)
    ours_disc, disc = zero_curve_pair(T)
    shape = np.array([0.6, 0.85, 1.0, 1.15])
    for s_bp, rec in itertools.product(SPREADS_BP, RECOVERIES):
        quotes = s_bp * 1e-4 * shape
        helpers = [
            ql_spread_helper(float(q), m, rec, disc, model) for q, m in zip(quotes, TENORS, strict=True)
        ]
        qcurve = ql.PiecewiseFlatHazardRate(qd(T), helpers, ql.Actual365Fixed())
        qcurve.enableExtrapolation()
        try:
            nodes = qcurve.nodes()
        except RuntimeError:  # no hazard can reprice the 10y quote (1500bp level, R = 60%)
            with pytest.raises(ValueError, match="no hazard rate"):
                bootstrap_hazard_curve(T, TENORS, quotes, rec, ours_disc, engine)
            continue
        ours = bootstrap_hazard_curve(T, TENORS, quotes, rec, ours_disc, engine)
        assert [
            to_days(dt.date(d.year(), d.month(), d.dayOfMonth())) - to_days(T) for d, _ in nodes[1:]
        ] == list(ours.node_days)
        np.testing.assert_allclose([h for _, h in nodes[1:]], ours.hazards, rtol=1e-9)
        haz = ql.DefaultProbabilityTermStructureHandle(qcurve)
        for tenor, coupon in itertools.product((12, 36, 60, 84, 120), (0.01, 0.05)):
            cds = ql_cds(T, tenor, coupon)
            cds.setPricingEngine(ql_engine(engine, haz, rec, disc))
            res = price_cds(T, [cds_maturity(T, tenor)], coupon, rec, ours_disc, ours, engine)
            assert_same(cds, res)


@pytest.mark.parametrize("engine", ["midpoint", "isda"])
def test_it_matches_quantlib_conventional_spread_and_upfront(engine):
    T = DATES[0]
    ql.Settings.instance().evaluationDate = qd(T)
    model = ql_model(engine)
    disc = ql_flat_discount(T, 0.03)
    ours_disc = FlatDiscountCurve(0.03)
    for tenor, upf, coupon in itertools.product((12, 60, 120), (-0.02, 0.0, 0.05, 0.3), (0.01, 0.05)):
        cds = ql_cds(T, tenor, coupon, upfront=upf)
        q_spread = cds.conventionalSpread(0.4, disc, ql.Actual365Fixed(), model)
        ours = spread_from_upfront(T, [cds_maturity(T, tenor)], upf, coupon, 0.4, ours_disc, engine)
        assert abs(q_spread - ours[0]) < TOL_SPREAD
    for tenor, s_bp, coupon in itertools.product((12, 60, 120), SPREADS_BP, (0.01, 0.05)):
        helper = ql_spread_helper(s_bp * 1e-4, tenor, 0.4, disc, model)
        flat = ql.PiecewiseFlatHazardRate(qd(T), [helper], ql.Actual365Fixed())
        cds = ql_cds(T, tenor, coupon)
        cds.setPricingEngine(ql_engine(engine, ql.DefaultProbabilityTermStructureHandle(flat), 0.4, disc))
        ours = upfront_from_spread(T, [cds_maturity(T, tenor)], s_bp * 1e-4, coupon, 0.4, ours_disc, engine)
        assert abs(cds.fairUpfront() - ours[0]) < TOL_VALUE


def test_it_matches_quantlib_on_the_textbook_schedule():
    # 5y quarterly from today (no IMM dates), flat 3% / 2% hazard / R 40%: 118.80bp
    T = dt.date(2024, 5, 15)
    ql.Settings.instance().evaluationDate = qd(T)
    sched = ql_schedule(qd(T), qd(dt.date(2029, 5, 15)), ql.DateGeneration.Forward)
    cds = ql.CreditDefaultSwap(ql.Protection.Buyer, 1.0, 0.01, sched, ql.Following, ql.Actual360())
    haz = ql.DefaultProbabilityTermStructureHandle(
        ql.FlatHazardRate(qd(T), ql.QuoteHandle(ql.SimpleQuote(0.02)), ql.Actual365Fixed())
    )
    cds.setPricingEngine(ql.MidPointCdsEngine(haz, 0.4, ql_flat_discount(T, 0.03)))
    legs = unit_legs(
        T, periodic_schedule(T, dt.date(2029, 5, 15)), FlatDiscountCurve(0.03), FlatHazardCurve(0.02)
    )
    ours = 0.6 * legs.protection[0] / legs.annuity[0]
    assert abs(cds.fairSpread() - ours) < 1e-12
    assert round(ours * 1e4, 2) == 118.80


def test_it_documents_quantlibs_isda_protection_leg_truncation():
    """Known difference: QuantLib's IsdaCdsEngine stops the protection integral at the last curve node.

    For a 15y CDS on a curve bootstrapped to 10y, QuantLib's default leg equals
    ours integrated only to the last pillar; the premium legs agree.  We
    integrate to maturity (hazard extrapolated flat), like the mid-point engine.
    """
    T = DATES[0]
    ql.Settings.instance().evaluationDate = qd(T)
    disc = ql_flat_discount(T, 0.03)
    quotes = [0.007, 0.012, 0.015]
    helpers = [
        ql_spread_helper(q, m, 0.4, disc, ql.CreditDefaultSwap.ISDA)
        for q, m in zip(quotes, (12, 60, 120), strict=True)
    ]
    qcurve = ql.PiecewiseFlatHazardRate(qd(T), helpers, ql.Actual365Fixed())
    qcurve.enableExtrapolation()
    ours = bootstrap_hazard_curve(T, (12, 60, 120), quotes, 0.4, FlatDiscountCurve(0.03), "isda")
    cds = ql_cds(T, 180, 0.01)
    cds.setPricingEngine(ql.IsdaCdsEngine(ql.DefaultProbabilityTermStructureHandle(qcurve), 0.4, disc))
    res = price_cds(T, [cds_maturity(T, 180)], 0.01, 0.4, FlatDiscountCurve(0.03), ours, "isda")
    assert abs(-cds.couponLegNPV() - res.premium_leg[0]) < TOL_VALUE
    assert res.protection_leg[0] - cds.defaultLegNPV() > 0.04  # 0.1658 vs 0.1189 per unit notional
    r = _rel(cds_schedule(T, [cds_maturity(T, 180)]), to_days(T))
    r["mat"] = np.array([ours.node_days[-1]])
    truncated, _ = _isda(r, 0, FlatDiscountCurve(0.03), ours)
    assert abs(0.6 * truncated[0] - cds.defaultLegNPV()) < 1e-12


@pytest.mark.parametrize("engine", ["midpoint", "isda"])
def test_it_matches_quantlib_with_a_later_protection_start(engine):
    for T in DATES:
        ql.Settings.instance().evaluationDate = qd(T)
        ps = T + dt.timedelta(days=1)
        disc = ql_flat_discount(T, 0.03)
        haz = ql.DefaultProbabilityTermStructureHandle(
            ql.FlatHazardRate(qd(T), ql.QuoteHandle(ql.SimpleQuote(0.02)), ql.Actual365Fixed())
        )
        for tenor in TENORS:
            cds = ql_cds(T, tenor, 0.01, protection_start=ps)
            cds.setPricingEngine(ql_engine(engine, haz, 0.4, disc))
            ours = price_cds(
                T,
                [cds_maturity(T, tenor)],
                0.01,
                0.4,
                FlatDiscountCurve(0.03),
                FlatHazardCurve(0.02),
                engine,
                protection_start=ps,
            )
            assert_same(cds, ours)


def test_it_interpolates_curves_like_quantlib():
    T = DATES[0]
    ql.Settings.instance().evaluationDate = qd(T)
    ours_disc, disc = zero_curve_pair(T)
    disc.enableExtrapolation()
    days = np.array([0, 1, 17, 30, 200, 365, 1000, 3652, 7305, 9000])  # includes extrapolation
    ql_df = [disc.discount(qd(T + dt.timedelta(days=int(d)))) for d in days]
    np.testing.assert_allclose(ours_disc.discount(days), ql_df, rtol=1e-13)
    quotes = [0.01, 0.012, 0.015, 0.017]
    helpers = [
        ql_spread_helper(q, m, 0.4, disc, ql.CreditDefaultSwap.Midpoint)
        for q, m in zip(quotes, TENORS, strict=True)
    ]
    qcurve = ql.PiecewiseFlatHazardRate(qd(T), helpers, ql.Actual365Fixed())
    qcurve.enableExtrapolation()
    ours = bootstrap_hazard_curve(T, TENORS, quotes, 0.4, ours_disc)
    ql_s = [qcurve.survivalProbability(qd(T + dt.timedelta(days=int(d)))) for d in days]
    np.testing.assert_allclose(ours.survival(days), ql_s, rtol=1e-10)


def test_it_rebates_the_published_isda_amounts_as_quantlib_does():
    """QuantLib's ``testAccrualRebateAmounts`` contract (see test_cds_accrual_rebate.py), built as its
    ``MakeCreditDefaultSwap`` does: every published case agrees with QuantLib to the cent.

    Known difference, where we follow the ISDA model: QuantLib reaches the final-period amounts only
    because a one-coupon leg drops the Actual360(True) last-period day counter.  Seen as a seasoned
    trade whose schedule began on 20 Dec 2013 (two coupons), QuantLib rebates one more day of accrual
    (25,555.56 and 25,833.33); ISDA's accrual to a step-in date on or before maturity never includes
    the last period's extra day, and ours is the same whichever date the schedule starts from.
    """

    def ql_rebate(T: dt.date, accrual_from: dt.date | None = None) -> float:
        ql.Settings.instance().evaluationDate = qd(T)
        start = qd(accrual_from or T)
        sched = ql_schedule(start, qd(MATURITY), ql.DateGeneration.CDS)
        cds = ql.CreditDefaultSwap(
            ql.Protection.Buyer, NOTIONAL, COUPON, sched, ql.Following, ql.Actual360(), True, True, start,
            None, ql.Actual360(True), True, qd(T), 3,
        )  # fmt: skip
        return cds.accrualRebate().amount()

    for T, amount in PUBLISHED:
        assert round(ql_rebate(T), 2) == amount == round(rebate_cash(T), 2)
    seasoned = dt.date(2013, 12, 20)
    one_day = round(NOTIONAL * COUPON / 360, 2)
    for T, _ in PUBLISHED[-2:]:
        assert round(ql_rebate(T, seasoned) - rebate_cash(T, seasoned), 2) == one_day
