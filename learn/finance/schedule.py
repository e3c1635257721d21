"""Standard CDS dates: IMM roll dates, maturities and premium schedules.

Dates are handled as integer day numbers (days since 1970-01-01, i.e.
``numpy.datetime64[D]`` as int64) so that schedules for many trades can be
built and priced as numpy arrays.  Conventions implemented (and checked
against QuantLib's ``Schedule`` with ``DateGeneration.CDS2015`` / ``CDS`` in
the tests):

- Roll dates are the 20th of March, June, September and December.
- Calendar: weekends only (ISDA standard model / QuantLib ``WeekendsOnly``),
  business-day convention Following.
- The first accrual date is the last roll date on or before the effective
  date, adjusted Following; if that adjusted date falls after the effective
  date the previous roll date is used instead.  All later dates except the
  maturity are adjusted Following; the maturity stays unadjusted (20th).
- Payment date of every period = its adjusted accrual end.
- Accrual: Actual/360; the last period counts the maturity day as well
  (Actual/360 "including last day"), as the ISDA standard model does: its
  last period runs to maturity + 1, so the coupon accrued to a date inside
  that period (the accrual rebate) does not include the extra day.
- Maturity (``cds_maturity``): CDS2015 rule rolls semi-annually on 20 Mar /
  20 Sep (maturities fall on 20 Jun / 20 Dec); the older CDS rule rolls
  quarterly.

Sources: ISDA, "ISDA CDS Standard Model" documentation and the 2009 "Big
Bang" / 2015 semi-annual roll protocols; O'Kane, Modelling Single-name and
Multi-name Credit Derivatives (2008), ch. 5; QuantLib ``schedule.cpp`` and
``cdsMaturity`` (behaviour reproduced, not code).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

DateLike = _dt.date | np.datetime64 | str | int

_EPOCH = _dt.date(1970, 1, 1)


def to_days(d: DateLike | ArrayLike) -> np.ndarray | int:
    """Convert date(s) to integer day numbers n = date - 1970-01-01 (days).

    Accepts ``datetime.date``, ISO strings, ``numpy.datetime64`` or ints
    (already day numbers); arrays are converted element-wise.  Source:
    numpy ``datetime64[D]`` epoch convention (serial day counts as in
    QuantLib ``Date.serialNumber`` up to a constant offset).
    """
    if isinstance(d, (int, np.integer)):
        return int(d)
    if isinstance(d, _dt.date):
        return (d - _EPOCH).days
    arr = np.asarray(d)
    if arr.dtype.kind in "iu":
        out = arr.astype(np.int64)
    else:
        out = arr.astype("datetime64[D]").astype(np.int64)
    return int(out) if out.ndim == 0 else out


def from_days(n: int | ArrayLike) -> _dt.date | np.ndarray:
    """Day number(s) back to dates: date = 1970-01-01 + n days.

    Returns ``datetime.date`` for a scalar, ``datetime64[D]`` for arrays.
    Source: numpy ``datetime64[D]`` epoch convention.
    """
    arr = np.asarray(n, dtype=np.int64)
    if arr.ndim == 0:
        return _EPOCH + _dt.timedelta(days=int(arr))
    return arr.astype("datetime64[D]")


def weekday(days: ArrayLike) -> np.ndarray:
    """Weekday of day numbers: (n + 3) mod 7, Monday = 0 ... Sunday = 6.

    1970-01-01 was a Thursday (weekday 3).  Source: proleptic Gregorian
    calendar (ISO 8601).
    """
    return (np.asarray(days, dtype=np.int64) + 3) % 7


def adjust_following(days: ArrayLike) -> np.ndarray:
    """Following business-day adjustment with a weekends-only calendar.

    Saturday -> Monday (+2), Sunday -> Monday (+1).  Source: ISDA 2006
    Definitions s. 4.12 (Following), calendar as in the ISDA CDS Standard Model.
    """
    d = np.asarray(days, dtype=np.int64)
    wd = weekday(d)
    return d + np.where(wd == 5, 2, np.where(wd == 6, 1, 0))


def advance_business_days(day: int, n: int) -> int:
    """T + n business days on a weekends-only calendar (n >= 0).

    Each step moves to the next Monday-Friday day; n = 0 adjusts Following.
    Used for the CDS cash-settlement date T + 3.  Source: ISDA CDS Standard
    Model (weekends-only calendar); QuantLib ``Calendar.advance``.
    """
    d = int(adjust_following(day)) if n == 0 else int(day)
    left = n
    while left > 0:
        d += 1
        if weekday(d) < 5:
            left -= 1
    return d


def _ymd(day: int) -> tuple[int, int, int]:
    x = _EPOCH + _dt.timedelta(days=int(day))
    return x.year, x.month, x.day


def _day(y: int, m: int, d: int) -> int:
    return (_dt.date(y, m, d) - _EPOCH).days


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + k
    return idx // 12, idx % 12 + 1


def previous_twentieth(day: int) -> int:
    """Last CDS roll date (20 Mar/Jun/Sep/Dec) on or before ``day`` (unadjusted).

    Source: ISDA 2009 Big Bang protocol (quarterly roll dates); QuantLib
    ``previousTwentieth``.
    """
    y, m, d = _ymd(day)
    if d < 20:
        y, m = _add_months(y, m, -1)
    y, m = _add_months(y, m, -(m % 3))
    return _day(y, m, 20)


def next_twentieth(day: int) -> int:
    """First CDS roll date (20 Mar/Jun/Sep/Dec) on or after ``day`` (unadjusted).

    Source: ISDA 2009 Big Bang protocol; QuantLib ``nextTwentieth``.
    """
    y, m, d = _ymd(day)
    if d > 20:
        y, m = _add_months(y, m, 1)
    if m % 3:
        y, m = _add_months(y, m, 3 - m % 3)
    return _day(y, m, 20)


def cds_maturity(trade_date: DateLike, tenor_months: int, rule: str = "CDS2015") -> int:
    """Standard CDS maturity (day number) for a trade date and tenor in months.

    anchor = previous IMM 20th on or before the trade date; under CDS2015,
    if the anchor is 20 Jun or 20 Dec it moves back 3 months (semi-annual
    roll on 20 Mar / 20 Sep).  maturity = anchor + tenor + 3 months.
    Source: ISDA 2015 semi-annual roll convention; QuantLib ``cdsMaturity``.
    """
    if rule not in ("CDS2015", "CDS"):
        raise ValueError("rule must be 'CDS2015' or 'CDS'")
    if tenor_months % 3:
        raise ValueError("tenor must be a multiple of 3 months")
    t = to_days(trade_date)
    anchor = previous_twentieth(t)
    y, m, _ = _ymd(anchor)
    if rule == "CDS2015" and m in (6, 12):
        if tenor_months == 0:
            raise ValueError("0M tenor has no CDS2015 maturity on this trade date")
        y, m = _add_months(y, m, -3)
    y, m = _add_months(y, m, tenor_months + 3)
    return _day(y, m, 20)


def imm_dates(effective: DateLike, maturity: DateLike) -> list[int]:
    """Unadjusted schedule dates for a standard CDS (QuantLib CDS/CDS2015 rule).

    First date: previous roll date on or before ``effective`` (one more
    quarter back if its Following adjustment lands after ``effective``);
    then every roll date up to ``maturity``.  A maturity that is not a roll
    date is moved to the next roll date.  Source: ISDA CDS Standard Model;
    QuantLib ``Schedule`` (CDS rules).
    """
    eff = to_days(effective)
    mat = to_days(maturity)
    prev = previous_twentieth(eff)
    dates: list[int] = []
    if int(adjust_following(prev)) > eff:
        y, m, _ = _ymd(prev)
        y, m = _add_months(y, m, -3)
        dates.append(_day(y, m, 20))
    dates.append(prev)
    nxt = next_twentieth(eff)
    if nxt != eff and nxt != prev:
        dates.append(nxt)
    while True:
        y, m, _ = _ymd(dates[-1])
        y, m = _add_months(y, m, 3)
        cand = _day(y, m, 20)
        if cand > mat:
            break
        dates.append(cand)
    if dates[-1] != mat:
        dates.append(next_twentieth(mat))
    if len(dates) < 2:
        raise ValueError("degenerate schedule: maturity not after the first accrual date")
    return dates


@dataclass(frozen=True)
class CdsSchedule:
    """Premium-leg periods for N trades, padded to P periods (day numbers).

    Source: ISDA CDS Standard Model (standard schedule and accrual).

    Arrays have shape (N, P).  ``mask`` marks real periods; padded entries
    repeat the last real period and must be ignored.  ``year_fraction`` is
    the Act/360 accrual (the last period includes the maturity day).
    ``first`` marks leg index 0 and ``last`` the final period of each trade.
    """

    accrual_start: np.ndarray
    accrual_end: np.ndarray
    payment: np.ndarray
    year_fraction: np.ndarray
    mask: np.ndarray
    first: np.ndarray
    last: np.ndarray
    maturity: np.ndarray  # (N,), unadjusted
    standard: bool = True  # post-Big-Bang IMM schedule (accrual rebate applies)
    last_day_included: bool = True  # last period accrues Act/360 + 1 day


def cds_schedule(effective: DateLike, maturities: ArrayLike) -> CdsSchedule:
    """Vectorised standard quarterly schedule for trades sharing an effective date.

    For maturity index n on the common roll grid g_0..g_K (adjusted grid a_k):
    period i < n-1 runs a_i -> a_{i+1}; the last runs a_{n-1} -> g_n
    (unadjusted) and pays on adjust(g_n).  Year fraction Act/360, last
    period + 1 day.  Source: ISDA CDS Standard Model; O'Kane (2008), ch. 5.
    """
    mats = np.atleast_1d(np.asarray(to_days(maturities), dtype=np.int64))
    grid = np.asarray(imm_dates(effective, int(mats.max())), dtype=np.int64)
    grid_adj = adjust_following(grid)
    n_per = np.searchsorted(grid, mats)  # index of maturity on the grid
    if np.any(grid[np.minimum(n_per, grid.size - 1)] != mats) or np.any(n_per < 1):
        fixed = np.array([next_twentieth(int(m)) for m in mats], dtype=np.int64)
        if np.any(fixed != mats):
            return cds_schedule(effective, fixed)
        raise ValueError("maturity precedes the first accrual date")
    p = int(n_per.max())
    i = np.arange(p)[None, :]
    n = n_per[:, None]
    idx = np.minimum(i, n - 1)
    last = idx == n - 1
    start = grid_adj[idx]
    end = np.where(last, grid[idx + 1], grid_adj[idx + 1])
    pay = grid_adj[idx + 1]
    yf = (end - start + last.astype(np.int64)) / 360.0
    return CdsSchedule(
        accrual_start=start,
        accrual_end=end,
        payment=pay,
        year_fraction=yf,
        mask=i < n,
        first=(i == 0) & (i < n),
        last=(i == n - 1),
        maturity=mats,
    )


def periodic_schedule(
    effective: DateLike, termination: DateLike, months: int = 3, include_last_day: bool = False
) -> CdsSchedule:
    """Plain (pre-2009 style) schedule for one trade: effective + k x ``months``.

    Forward generation from the effective date, dates adjusted Following
    (weekends only) except the unadjusted termination date, Act/360
    accrual (optionally counting the last day).  No accrual rebate is
    attached (``standard=False``).  Useful for textbook examples such as a
    5-year CDS starting today.  Source: O'Kane (2008), ch. 5;
    QuantLib ``Schedule`` (Forward rule).
    """
    start = to_days(effective)
    end = to_days(termination)
    y, m, d = _ymd(start)
    raw = [start]
    k = 1
    while True:
        yy, mm = _add_months(y, m, k * months)
        last_dom = (_dt.date(yy + mm // 12, mm % 12 + 1, 1) - _dt.timedelta(days=1)).day
        cand = _day(yy, mm, min(d, last_dom))
        if cand >= end:
            break
        raw.append(cand)
        k += 1
    raw.append(end)
    grid = np.asarray(raw, dtype=np.int64)
    adj = adjust_following(grid)
    n = grid.size - 1
    i = np.arange(n)
    last = i == n - 1
    acc_start = adj[:-1]
    acc_end = np.where(last, grid[1:], adj[1:])
    yf = (acc_end - acc_start + (last & include_last_day)) / 360.0
    return CdsSchedule(
        accrual_start=acc_start[None, :],
        accrual_end=acc_end[None, :],
        payment=adj[1:][None, :],
        year_fraction=yf[None, :],
        mask=np.ones((1, n), dtype=bool),
        first=(i == 0)[None, :],
        last=last[None, :],
        maturity=np.array([end], dtype=np.int64),
        standard=False,
        last_day_included=include_last_day,
    )
