"""Single-name CDS pricing, vectorised over trades.

Two integration conventions for the default-contingent parts, named after
the QuantLib engines whose numbers they reproduce:

``"midpoint"`` (QuantLib ``MidPointCdsEngine``): default in a period is
assumed to happen at the middle day of the period, effective start + floor
((end - effective start) / 2) days.  Per period i paying on p_i:
    premium    = c * a_i * S(p_i) * D(p_i)
    AoD        = c * accrued(mid_i) * [S(s_i) - S(e_i)] * D(mid_i)
    protection = (1 - R) * [S(s_i) - S(e_i)] * D(mid_i)
with s_i the accrual start (the protection start for the first period, or
the valuation date if it falls inside the period).

``"isda"`` (ISDA CDS Standard Model; QuantLib ``IsdaCdsEngine`` with
Taylor numerical fix, half-day accrual bias and piecewise forwards):
exact integration with piecewise-constant forward rate f and hazard h
between the union of curve nodes.  On a segment with P0 Q0 at its start,
fh = ln(P0 Q0 / P1 Q1), hh = ln(Q0 / Q1):
    protection += (1 - R) hh / fh (P0 Q0 - P1 Q1)
    AoD        += c 365/360 hh / fh [(t1 - t0)((P0Q0 - P1Q1)/fh - P1Q1) + (t0 - t_s)(P0Q0 - P1Q1)]
(Taylor series when fh < 1e-4), survival read at the end of the previous
day (Q(d - 1)), protection from max(protection start, T + 1) - 1 to
maturity, premium c * a_i * D(p_i) * Q(p_i - 1), accrual clock t_s =
t(accrual start - 1) - 1/730.

Conventions matched to QuantLib 1.44 (``tests/finance/test_cds_vs_quantlib.py``,
agreement ~1e-15 of notional on legs/NPV/upfront and ~1e-15 on spreads):

- evaluation date = trade date T; curves anchored at T, Act/365F time
  (``FlatForward`` continuous, ``DiscountCurve`` log-linear,
  ``FlatHazardRate``, ``PiecewiseFlatHazardRate``);
- protection start = T by default (``protection_start`` may move it, e.g.
  T + 1; the schedule is then generated from it, as ``CdsHelper`` does);
- schedule ``DateGeneration.CDS2015`` (or CDS) via ``cdsMaturity``,
  WeekendsOnly, Following, termination Unadjusted; ``Actual360`` accrual and
  ``Actual360(True)`` for the last period; payment = adjusted accrual end;
- full first coupon paid, ``rebatesAccrual=True``: the accrual to T + 1 is
  rebated at the cash-settlement date T + 3 business days
  (``cashSettlementDays=3``), which is also the upfront date;
- ``settlesAccrual=True``, ``paysAtDefaultTime=True``, face-value claim;
  ISDA engine with ``includeSettlementDateFlows=False``, Taylor,
  HalfDayBias, Piecewise;
- par spread = protection / (risky annuity - rebate) (``fairSpread``);
  fair upfront = (protection - premium + rebate) / D(settle)
  (``fairUpfront``); rpv01 = |``couponLegBPS``|; NPV from the buyer's side.

Replicated quirk: on the day before a roll date (T + 1 = payment date) the
mid-point engine charges the whole running coupon with no rebate, so the par
spread dips (~112bp instead of ~118.8bp in the 5y example); QuantLib does
the same.  Known difference: QuantLib's ``IsdaCdsEngine`` stops the
protection-leg integral at the last curve node when the maturity lies
beyond it (15y CDS on a curve bootstrapped to 10y: default leg 0.1189 vs
0.1658 per unit notional); we integrate to maturity with the last hazard
extended, as the ISDA model and the mid-point engine do.

Sources: O'Kane, Modelling Single-name and Multi-name Credit Derivatives
(2008), ch. 6 (premium leg with accrual on default, protection leg, RPV01);
ISDA CDS Standard Model (JP Morgan CDS pricer, 2009) documentation;
QuantLib ``midpointcdsengine.cpp`` / ``isdacdsengine.cpp`` (behaviour).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import ArrayLike

from .curves import FlatHazardCurve
from .schedule import CdsSchedule, DateLike, advance_business_days, cds_schedule, to_days

ENGINES = ("midpoint", "isda")
_TAYLOR_LIMIT = 1e-4


class DiscountCurve(Protocol):
    """Anything with ``log_discount(days)`` and ``node_days`` (see ``curves``).  Source: O'Kane (2008), ch. 2."""

    node_days: np.ndarray

    def log_discount(self, days: ArrayLike) -> np.ndarray:
        """ln D(t) at day offsets from the valuation date."""
        ...


class HazardCurve(Protocol):
    """Anything with ``log_survival(days)`` and ``node_days`` (see ``curves``).  Source: O'Kane (2008), ch. 3."""

    node_days: np.ndarray

    def log_survival(self, days: ArrayLike) -> np.ndarray:
        """ln S(t) at day offsets from the valuation date."""
        ...


@dataclass(frozen=True)
class CdsResult:
    """Per-trade CDS values (protection buyer's view, amounts x notional).

    Source: O'Kane (2008), ch. 6; QuantLib ``CreditDefaultSwap`` results.

    ``risky_annuity`` is the premium-leg value per unit of spread per unit
    notional (years, accrual on default included); ``rpv01`` is the value of
    1bp of running spread (risky_annuity x 1e-4 x notional).
    """

    protection_leg: np.ndarray
    premium_leg: np.ndarray
    accrual_rebate: np.ndarray
    upfront_pv: np.ndarray
    npv: np.ndarray
    par_spread: np.ndarray
    fair_upfront: np.ndarray
    risky_annuity: np.ndarray
    rebate_annuity: np.ndarray
    rpv01: np.ndarray
    upfront_discount: float


@dataclass(frozen=True)
class UnitLegs:
    """Legs per unit notional: protection per unit LGD, annuities per unit spread.

    Source: O'Kane (2008), ch. 6.
    """

    protection: np.ndarray  # (1 - R) factored out
    annuity: np.ndarray  # premium + accrual on default, per unit coupon
    rebate: np.ndarray  # accrued-to-T+1 annuity (undiscounted, per unit coupon)
    upfront_discount: float


def _rel(sched: CdsSchedule, t0: int) -> dict[str, np.ndarray]:
    return {
        "start": sched.accrual_start - t0,
        "end": sched.accrual_end - t0,
        "pay": sched.payment - t0,
        "yf": sched.year_fraction,
        "mask": sched.mask,
        "first": sched.first,
        "last": sched.last.astype(np.int64),
        "extra": (sched.last & sched.last_day_included).astype(np.int64),
        "mat": sched.maturity - t0,
    }


def _rebate_annuity(r: dict[str, np.ndarray]) -> np.ndarray:
    """Accrued amount at T + 1 per unit coupon (QuantLib accrual rebate rule)."""
    ref = 1
    cand = r["mask"] & (r["pay"] >= ref)
    idx = np.argmax(cand, axis=1)[:, None]

    def _take(a: np.ndarray) -> np.ndarray:
        return np.take_along_axis(a, idx, axis=1)[:, 0]

    start, end, pay, last, extra, yf = (_take(r[k]) for k in ("start", "end", "pay", "last", "extra", "yf"))
    accrued = np.where(ref > start, (np.minimum(ref, end) - start + extra) / 360.0, 0.0)
    amount = np.where(ref < pay, accrued, np.where(last == 1, yf, 0.0))
    started = r["start"][:, 0] <= 0
    return np.where(started & cand.any(axis=1), amount, 0.0)


def _midpoint(r: dict[str, np.ndarray], ps: int, disc: DiscountCurve, haz: HazardCurve):
    start = np.where(r["first"], ps, r["start"])
    end, pay = r["end"], r["pay"]
    valid = r["mask"] & (pay > 0)
    eff = np.where((start <= 0) & (end >= 0), 0, start)
    mid = eff + (end - eff) // 2
    q_pay = np.exp(haz.log_survival(pay))
    pdef = np.exp(haz.log_survival(eff)) - np.exp(haz.log_survival(end))
    d_pay = np.exp(disc.log_discount(pay))
    d_mid = np.exp(disc.log_discount(mid))
    accr = np.where(
        (mid > r["start"]) & (mid <= pay), (np.minimum(mid, end) - r["start"] + r["extra"]) / 360.0, 0.0
    )
    annuity = np.where(valid, q_pay * r["yf"] * d_pay + pdef * accr * d_mid, 0.0).sum(axis=-1)
    protection = np.where(valid, pdef * d_mid, 0.0).sum(axis=-1)
    return protection, annuity


def _segments(ln_p: np.ndarray, ln_q: np.ndarray):
    pq = np.exp(ln_p + ln_q)
    hh = ln_q[..., :-1] - ln_q[..., 1:]
    fh = (ln_p[..., :-1] - ln_p[..., 1:]) + hh
    taylor = fh < _TAYLOR_LIMIT
    safe = np.where(taylor, 1.0, fh)
    return pq[..., :-1], pq[..., 1:], hh, fh, taylor, safe


def _nodes(disc: DiscountCurve, haz: HazardCurve) -> np.ndarray:
    nodes = np.union1d(np.asarray(disc.node_days, dtype=np.int64), np.asarray(haz.node_days, dtype=np.int64))
    return nodes.astype(float)


def _pick(c: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """c[b, idx[b, ...]] with the batch axis of ``c`` broadcast against idx's leading axis."""
    lead = np.broadcast_shapes(c.shape[:1], idx.shape[:1])
    cb = np.broadcast_to(c, lead + c.shape[1:])
    ib = np.broadcast_to(idx, lead + idx.shape[1:])
    return np.take_along_axis(cb, ib.reshape(lead[0], -1), axis=1).reshape(ib.shape)


def _cum(x: np.ndarray) -> np.ndarray:
    return np.concatenate((np.zeros(x.shape[:-1] + (1,)), np.cumsum(x, axis=-1)), axis=-1)


def _isda(r: dict[str, np.ndarray], ps: int, disc: DiscountCurve, haz: HazardCurve):
    """ISDA-style legs on one sorted grid shared by all trades.

    The grid is the union of E - 1, every accrual boundary (start - 1,
    payment - 1), the curve nodes and the maturities.  Splitting a segment
    where f and h are constant leaves the exact integral unchanged, so each
    trade's protection leg is a difference of cumulative sums on the grid,
    and the accrual-on-default integral of period i is
    sum_seg A + sum_seg t0 B - t_s sum_seg B over the period's segments.
    """
    start, pay, yf, mask = r["start"], r["pay"], r["yf"], r["mask"]
    ref = int(np.argmax(mask.sum(axis=1)))
    if not (np.all((start == start[ref]) | ~mask) and np.all((pay == pay[ref]) | ~mask)):
        rows = [_isda({k: v[i : i + 1] for k, v in r.items()}, ps, disc, haz) for i in range(mask.shape[0])]
        return np.concatenate([a for a, _ in rows]), np.concatenate([b for _, b in rows])
    e = max(ps, 1)
    lo = float(e - 1)
    s0 = (np.maximum(start[ref], e) - 1).astype(float)
    e0 = np.maximum((pay[ref] - 1).astype(float), s0)
    mats = r["mat"].astype(float)
    nodes = _nodes(disc, haz)
    hi = max(float(mats.max()), float(e0.max()))
    grid = np.unique(np.concatenate(([lo], s0, e0, nodes[(nodes > lo) & (nodes < hi)], mats)))
    grid = grid[grid >= lo]
    ln_p = disc.log_discount(grid[None, :])
    ln_q = haz.log_survival(grid[None, :])
    ln_p, ln_q = np.broadcast_arrays(ln_p, ln_q)
    pq0, pq1, hh, fh, taylor, safe = _segments(ln_p, ln_q)
    # protection leg
    tay = pq0 * hh * (1.0 - fh / 2 + fh**2 / 6 - fh**3 / 24 + fh**4 / 120)
    cprot = _cum(np.where(taylor, tay, hh / safe * (pq0 - pq1)))
    protection = _pick(cprot, np.searchsorted(grid, mats))
    # accrual on default, split linearly in (t0 - t_s)
    t = grid / 365.0
    t0, dt = t[:-1], np.diff(t)
    t1_ = 1.0 - fh / 2 + fh**2 / 6 - fh**3 / 24
    t2_ = 0.5 - fh / 3 + fh**2 / 8 - fh**3 / 30
    seg_a = np.where(taylor, hh * pq0 * dt * t2_, hh / safe * dt * ((pq0 - pq1) / safe - pq1))
    seg_b = np.where(taylor, hh * pq0 * t1_, hh / safe * (pq0 - pq1))
    ca, cb, ctb = _cum(seg_a), _cum(seg_b), _cum(t0 * seg_b)
    ia = np.searchsorted(grid, s0)[None, :]
    ib = np.searchsorted(grid, e0)[None, :]
    t_s = (start[ref] - 1) / 365.0 - 1.0 / 730.0
    aod = (
        (_pick(ca, ib) - _pick(ca, ia))
        + (_pick(ctb, ib) - _pick(ctb, ia))
        - t_s * (_pick(cb, ib) - _pick(cb, ia))
    )
    aod_ok = mask & (r["end"] > e)
    # premium: c a_i D(p_i) Q(p_i - 1); p_i - 1 is a grid point
    q_pay = np.exp(_pick(ln_q, ib))
    d_pay = np.exp(disc.log_discount(pay[ref][None, :].astype(float)))
    prem_ok = mask & (pay > e)
    annuity = np.where(prem_ok, yf * d_pay * q_pay, 0.0).sum(axis=-1)
    annuity = annuity + np.where(aod_ok, aod * 365.0 / 360.0, 0.0).sum(axis=-1)
    return protection, annuity


def unit_legs(
    valuation_date: DateLike,
    schedule: CdsSchedule,
    discount: DiscountCurve,
    hazard: HazardCurve,
    engine: str = "midpoint",
    protection_start: DateLike | None = None,
    upfront_date: DateLike | None = None,
    cash_settlement_days: int = 3,
) -> UnitLegs:
    """Protection leg per unit LGD and risky annuities per unit spread and notional.

    protection = int D(t) dPD(t) over the protection period; annuity =
    sum_i a_i D(p_i) S(p_i) + accrual-on-default integral (O'Kane 2008,
    eq. 6.3-6.6), with the chosen integration convention (see module
    docstring).  Curves must be anchored at ``valuation_date``.  Source:
    O'Kane (2008), ch. 6; ISDA CDS Standard Model.
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}")
    t0 = int(to_days(valuation_date))
    ps = t0 if protection_start is None else int(to_days(protection_start))
    r = _rel(schedule, t0)
    prot, ann = (_midpoint if engine == "midpoint" else _isda)(r, ps - t0, discount, hazard)
    ud = (
        advance_business_days(t0, cash_settlement_days)
        if upfront_date is None
        else int(to_days(upfront_date))
    )
    d_u = float(np.exp(discount.log_discount(np.asarray(float(ud - t0)))))
    rebate = _rebate_annuity(r) if schedule.standard else np.zeros_like(np.asarray(ann, dtype=float))
    return UnitLegs(prot, ann, rebate, d_u)


def price_cds(
    valuation_date: DateLike,
    maturities: ArrayLike,
    coupons: ArrayLike,
    recoveries: ArrayLike,
    discount: DiscountCurve,
    hazard: HazardCurve,
    engine: str = "midpoint",
    notional: ArrayLike = 1.0,
    upfront: ArrayLike = 0.0,
    protection_start: DateLike | None = None,
    upfront_date: DateLike | None = None,
) -> CdsResult:
    """Price many standard CDS at once (protection buyer's view).

    NPV = (1-R) Prot - c Annuity + c Rebate x D(t_u) - U x D(t_u), per unit
    notional, then x notional.  Par spread = (1-R) Prot / (Annuity -
    Rebate x D(t_u)); fair upfront = [(1-R) Prot - c (Annuity - Rebate x
    D(t_u))] / D(t_u).  ``maturities`` are dates (IMM 20ths, see
    ``schedule.cds_maturity``); all array arguments broadcast over trades,
    and a batched hazard curve must have one curve per trade.  Source:
    O'Kane (2008), ch. 6; ISDA CDS Standard Model; QuantLib
    ``CreditDefaultSwap`` results (fairSpread, fairUpfront, couponLegBPS).
    """
    eff = valuation_date if protection_start is None else protection_start
    sched = cds_schedule(eff, maturities)
    legs = unit_legs(valuation_date, sched, discount, hazard, engine, protection_start, upfront_date)
    lgd = 1.0 - np.asarray(recoveries, dtype=float)
    c = np.asarray(coupons, dtype=float)
    n = np.asarray(notional, dtype=float)
    d_u = legs.upfront_discount
    clean = legs.annuity - legs.rebate * d_u
    prot = lgd * legs.protection
    u = np.asarray(upfront, dtype=float)
    out = np.broadcast_arrays(
        prot * n,
        c * legs.annuity * n,
        c * legs.rebate * d_u * n,
        u * d_u * n,
        (prot - c * clean - u * d_u) * n,
        prot / clean,
        (prot - c * clean) / d_u,
        legs.annuity,
        legs.rebate * d_u,
        legs.annuity * 1e-4 * n,
    )
    return CdsResult(*(np.array(a, dtype=float) for a in out), upfront_discount=d_u)


def credit_triangle_spread(hazard: ArrayLike, recovery: ArrayLike) -> np.ndarray:
    """Credit triangle: spread ~= lambda (1 - R).

    Exact for a flat hazard with continuous premium payments and no
    accrual/discounting mismatch; see ``credit_triangle_error``.  Source:
    O'Kane (2008), ch. 6.4 ("the credit triangle").
    """
    return np.asarray(hazard, dtype=float) * (1.0 - np.asarray(recovery, dtype=float))


def credit_triangle_hazard(spread: ArrayLike, recovery: ArrayLike) -> np.ndarray:
    """Hazard implied by the credit triangle: lambda ~= S / (1 - R).

    Source: O'Kane (2008), ch. 6.4.
    """
    return np.asarray(spread, dtype=float) / (1.0 - np.asarray(recovery, dtype=float))


def credit_triangle_error(
    valuation_date: DateLike,
    maturities: ArrayLike,
    hazard: ArrayLike,
    recovery: ArrayLike,
    discount: DiscountCurve,
    engine: str = "midpoint",
) -> np.ndarray:
    """Exact par spread minus the credit-triangle spread lambda (1 - R), flat hazard.

    The gap comes from quarterly (not continuous) premiums, Act/360 vs
    Act/365 time, the discrete default-time convention and the accrual
    rebate.  Example: 5y, r = 3%, lambda = 2%, R = 40%, mid-point engine:
    par spread 118.8bp vs triangle 120bp.  Source: O'Kane (2008), ch. 6.4.
    """
    h = np.asarray(hazard, dtype=float)
    res = price_cds(valuation_date, maturities, 0.01, recovery, discount, FlatHazardCurve(h), engine)
    return res.par_spread - credit_triangle_spread(h, recovery)
