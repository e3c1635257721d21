"""QuantLib-Python set up with the conventions learn.finance.cds reproduces (shared by the tests and by
bench/bench_cds.py, so both compare against the same reference).

- evaluation date = trade date T; curves anchored at T with Actual365Fixed: FlatForward (continuous)
  or DiscountCurve (log-linear discount factors);
- schedule: Schedule(T, cdsMaturity(T, tenor, CDS2015), 3M, WeekendsOnly, Following, Unadjusted,
  DateGeneration.CDS2015); Actual360 accrual and Actual360(True) for the last period; protection start =
  trade date; rebatesAccrual=True; upfront/cash settlement T + 3 business days;
- MidPointCdsEngine and IsdaCdsEngine (Taylor, HalfDayBias, Piecewise);
- bootstrap: SpreadCdsHelper(settlementDays=0, same conventions, model Midpoint or ISDA) +
  PiecewiseFlatHazardRate.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import QuantLib as ql

from learn.finance.curves import ZeroCurve

ZERO_NODE_DAYS = np.array([30, 91, 182, 365, 730, 1095, 1826, 2557, 3652, 5479, 7305])


def qd(d: dt.date):
    return ql.Date(d.day, d.month, d.year)


def ql_flat_discount(T: dt.date, r: float):
    return ql.YieldTermStructureHandle(ql.FlatForward(qd(T), r, ql.Actual365Fixed(), ql.Continuous))


def zero_curve_pair(T: dt.date):
    """The same upward-sloping zero curve as ours (ZeroCurve) and as QuantLib's DiscountCurve."""
    nd = ZERO_NODE_DAYS
    z = 0.02 + 0.01 * np.log1p(nd / 365.0)
    dates = [qd(T)] + [qd(T + dt.timedelta(days=int(x))) for x in nd]
    dfs = [1.0] + list(np.exp(-z * nd / 365.0))
    return ZeroCurve(nd, z), ql.YieldTermStructureHandle(ql.DiscountCurve(dates, dfs, ql.Actual365Fixed()))


def ql_schedule(start, end, rule=ql.DateGeneration.CDS2015):
    """A quarterly CDS premium schedule from ``start`` to ``end`` (QuantLib dates): weekends-only calendar,
    Following, unadjusted maturity; ``rule`` CDS2015 (IMM dates), CDS, or Forward (the textbook one)."""
    return ql.Schedule(
        start, end, ql.Period(ql.Quarterly), ql.WeekendsOnly(), ql.Following, ql.Unadjusted, rule, False
    )


def ql_cds(
    T: dt.date,
    tenor_months: int,
    coupon: float,
    upfront: float | None = None,
    protection_start: dt.date | None = None,
):
    """A standard CDS bought at T (protection buyer, notional 1), running coupon, optional upfront;
    protection and accrual start at T unless ``protection_start`` is later."""
    start = qd(protection_start or T)
    mat = ql.cdsMaturity(qd(T), ql.Period(int(tenor_months), ql.Months), ql.DateGeneration.CDS2015)
    args = (ql_schedule(start, mat), ql.Following, ql.Actual360(), True, True, start)
    if upfront is None:
        return ql.CreditDefaultSwap(
            ql.Protection.Buyer, 1.0, coupon, *args, None, ql.Actual360(True), True, qd(T), 3
        )
    return ql.CreditDefaultSwap(
        ql.Protection.Buyer, 1.0, upfront, coupon, *args, ql.Date(), None, ql.Actual360(True), True, qd(T), 3
    )


def ql_engine(name: str, haz, recovery: float, disc):
    if name == "midpoint":
        return ql.MidPointCdsEngine(haz, recovery, disc)
    return ql.IsdaCdsEngine(haz, recovery, disc)


def ql_model(engine: str):
    """The helper's pricing model for our engine name."""
    return ql.CreditDefaultSwap.Midpoint if engine == "midpoint" else ql.CreditDefaultSwap.ISDA


def ql_spread_helper(quote: float, tenor_months: int, recovery: float, disc, model):
    """A par-spread quote for the bootstrap, on the conventions above."""
    return ql.SpreadCdsHelper(
        float(quote),
        ql.Period(int(tenor_months), ql.Months),
        0,
        ql.WeekendsOnly(),
        ql.Quarterly,
        ql.Following,
        ql.DateGeneration.CDS2015,
        ql.Actual360(),
        float(recovery),
        disc,
        True,
        True,
        ql.Date(),
        ql.Actual360(True),
        True,
        model,
    )
