"""The accrual rebate against the ISDA CDS Standard Model's published amounts.

Source of the table: QuantLib test-suite/creditdefaultswap.cpp, test case ``testAccrualRebateAmounts``
(lballabio/QuantLib, commit 2a13d455), whose amounts are "taken from various test results on the ISDA
CDS model website", https://www.cdsmodel.com/cdsmodel/documentation.html.  Contract: notional
10,000,000, running coupon 100bp, maturity 20 Jun 2014, standard quarterly IMM schedule (QuantLib
``MakeCreditDefaultSwap``: DateGeneration::CDS, accrual from the trade date's previous roll date),
Act/360, the buyer rebated the coupon accrued to the step-in date T + 1.  The rebate is a cash amount,
so the curves are irrelevant: zero rates and hazard.
"""

from __future__ import annotations

import datetime as dt

import pytest

from learn.finance.cds import unit_legs
from learn.finance.curves import FlatDiscountCurve, FlatHazardCurve
from learn.finance.schedule import cds_schedule, to_days

NOTIONAL = 10_000_000
COUPON = 0.0100
MATURITY = dt.date(2014, 6, 20)

# (trade date, published accrual rebate), in QuantLib's order
PUBLISHED = [
    (dt.date(2009, 3, 18), 24166.67),  # 87 days from 22 Dec 2008 (20 Dec was a Saturday)
    (dt.date(2009, 3, 19), 0.00),  # T + 1 is the 20 Mar payment date: a new period starts
    (dt.date(2009, 3, 20), 277.78),
    (dt.date(2009, 3, 23), 1111.11),
    (dt.date(2009, 6, 19), 25555.56),  # 20 Jun 2009 is a Saturday: the period runs to Monday 22 Jun
    (dt.date(2009, 6, 20), 25833.33),
    (dt.date(2009, 6, 21), 0.00),
    (dt.date(2009, 6, 22), 277.78),
    (dt.date(2014, 6, 18), 25277.78),  # final period: 91 days, 20 Mar -> 19 Jun, no extra day
    (dt.date(2014, 6, 19), 25555.56),  # final period, T + 1 = maturity: 92 days
]


def rebate_cash(trade: dt.date, accrual_from: dt.date | None = None) -> float:
    """The accrual rebate in currency for the published contract traded on ``trade``; ``accrual_from``
    builds the schedule from an earlier date (a seasoned trade) instead of from the trade date."""
    sched = cds_schedule(accrual_from or trade, [to_days(MATURITY)])
    legs = unit_legs(trade, sched, FlatDiscountCurve(0.0), FlatHazardCurve(0.0))
    return float(legs.rebate[0]) * COUPON * NOTIONAL


@pytest.mark.parametrize(("trade", "amount"), PUBLISHED, ids=[str(t) for t, _ in PUBLISHED])
def test_it_rebates_the_published_isda_amounts(trade, amount):
    assert round(rebate_cash(trade), 2) == amount


@pytest.mark.parametrize("trade", [dt.date(2014, 6, 18), dt.date(2014, 6, 19)])
def test_the_final_period_rebate_does_not_depend_on_where_the_schedule_starts(trade):
    # the same contract seen as a seasoned trade whose schedule began on 20 Dec 2013 (two periods)
    assert round(rebate_cash(trade, dt.date(2013, 12, 20)), 2) == dict(PUBLISHED)[trade]


def test_the_maturity_day_is_still_paid_in_full_on_the_last_coupon():
    # ISDA's last period runs 20 Mar -> 20 Jun 2014 plus the maturity day: 93/360 of the coupon.  The
    # extra day is earned by holding protection through 20 Jun; it is never part of the accrued rebate.
    sched = cds_schedule(dt.date(2014, 6, 18), [to_days(MATURITY)])
    assert sched.year_fraction[0, 0] * 360 == pytest.approx(93)
