"""Hazard-curve bootstrap and quote conversions for standard CDS.

- ``bootstrap_hazard_curve``: piecewise-flat hazard curve that reprices par
  spreads at several tenors, solved tenor by tenor (vectorised over many
  curves at once).  Pillar dates follow QuantLib's ``SpreadCdsHelper``:
  the Following-adjusted maturity, plus one day for the ISDA engine.
- ``flat_hazard_from_spread`` / ``upfront_from_spread``: Markit-style
  conversion of a conventional (quoted) spread into the upfront for a
  standard coupon (100bp or 500bp), via a flat hazard rate.
- ``spread_from_upfront``: the inverse (QuantLib ``conventionalSpread``):
  flat hazard such that the CDS with the given upfront has zero NPV, then
  the par spread on that flat curve.

Every solve is a safeguarded Newton iteration in numpy on
f(h) = (1-R) Prot(h) - a (Annuity(h) - Rebate) - b, which is linear in the
quote; the derivative is taken by a forward difference.  Tolerance 1e-14 on
the hazard rate; quotes that no hazard can reprice raise ValueError.

Sources: O'Kane, Modelling Single-name and Multi-name Credit Derivatives
(2008), ch. 7 (bootstrapping); ISDA CDS Standard Model and Markit, "CDS
Upfront Conventions" / "The CDS Big Bang" (2009) (conventional spread,
standard coupons 100/500bp, recovery 40%).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import ArrayLike

from .cds import DiscountCurve, UnitLegs, price_cds, unit_legs
from .curves import FlatHazardCurve, PiecewiseHazardCurve
from .schedule import CdsSchedule, DateLike, adjust_following, cds_maturity, cds_schedule, to_days


def _newton(
    f: Callable[[np.ndarray], np.ndarray], x0: np.ndarray, tol: float = 1e-14, max_iter: int = 60
) -> np.ndarray:
    """Vectorised Newton iteration with a forward-difference slope.

    No positivity constraint here: a quote that implies a negative hazard
    rate (e.g. a large negative upfront in a flat solve) gets one.  The
    bootstrap checks the sign itself (see ``NegativeHazardError``).
    """
    x = np.array(x0, dtype=float)
    for _ in range(max_iter):
        dx = 1e-7 * np.maximum(np.abs(x), 1e-4)
        both = f(np.concatenate([x, x + dx]))
        fx, fdx = both[: x.size], both[x.size :]
        with np.errstate(all="ignore"):
            step = fx * dx / (fdx - fx)
        x = x - step
        if not np.all(np.isfinite(x)):
            raise ValueError("no hazard rate reprices the quote (inconsistent or arbitrageable quotes)")
        if np.all(np.abs(step) <= tol * np.maximum(1.0, np.abs(x))):
            return x
    raise RuntimeError("CDS calibration did not converge")


class NegativeHazardError(ValueError):
    """A par-spread quote that only a negative hazard rate reprices.

    Survival would rise between two tenors: the quotes fall too steeply to
    be arbitrage-free (QuantLib's bootstrap fails on them with "root not
    bracketed").  ``tenor_index`` is the position of the first such quote,
    ``hazard`` the negative rate it needs, ``curve_index`` the curve (row)
    when several are bootstrapped at once.  Source: O'Kane (2008), ch. 7.4
    (a bootstrapped curve must keep every hazard rate non-negative).
    """

    def __init__(self, tenor_index: int, hazard: float, curve_index: int, tenor_months: int) -> None:
        self.tenor_index, self.hazard, self.curve_index = tenor_index, hazard, curve_index
        super().__init__(
            f"the {tenor_months}-month quote needs a negative hazard rate ({hazard:.4%}) on its segment "
            f"(curve {curve_index}): the spreads fall too steeply to be arbitrage-free"
        )


def _residual(legs: UnitLegs, lgd: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    clean = legs.annuity - legs.rebate * legs.upfront_discount
    return lgd * legs.protection - a * clean - b


def bootstrap_hazard_curve(
    valuation_date: DateLike,
    tenors_months: Sequence[int],
    par_spreads: ArrayLike,
    recovery: ArrayLike,
    discount: DiscountCurve,
    engine: str = "midpoint",
    rule: str = "CDS2015",
    allow_negative: bool = False,
) -> PiecewiseHazardCurve:
    """Bootstrap piecewise-flat hazard rates from par spreads (one or many curves).

    ``par_spreads`` has shape (K,) or (C, K) for C curves on the same
    tenors; ``recovery`` is a scalar or (C,).  For tenor k the hazard h_k on
    (t_{k-1}, t_k] solves par_spread_k(h_1..h_k) = quote_k, so the curve
    reprices every quote.  Source: O'Kane (2008), ch. 7.4; QuantLib ``SpreadCdsHelper``.  Nodes sit at the
    adjusted maturities (+1 day for the ISDA engine, as QuantLib's helpers do).
    Returns a ``PiecewiseHazardCurve`` with hazards of shape (C, K) (or (K,)).
    A quote that only a negative hazard reprices raises
    ``NegativeHazardError`` unless ``allow_negative`` (then survival may rise).
    """
    q = np.asarray(par_spreads, dtype=float)
    single = q.ndim == 1
    q2 = q[None, :] if single else q
    c, k_count = q2.shape
    if k_count != len(tenors_months):
        raise ValueError("one par spread per tenor")
    lgd = np.broadcast_to(1.0 - np.asarray(recovery, dtype=float), (c,))
    t0 = int(to_days(valuation_date))
    mats = [cds_maturity(t0, int(m), rule) for m in tenors_months]
    pillars = np.asarray(adjust_following(mats), dtype=np.int64) - t0 + (1 if engine == "isda" else 0)
    hazards = np.zeros((c, k_count))
    for k in range(k_count):
        sched = cds_schedule(t0, [mats[k]])
        quote = q2[:, k]

        def _f(
            x: np.ndarray, k: int = k, sched: CdsSchedule = sched, quote: np.ndarray = quote
        ) -> np.ndarray:
            n = x.size // c
            h = np.tile(hazards, (n, 1))
            h[:, k:] = x[:, None]
            curve = PiecewiseHazardCurve(pillars, h)
            legs = unit_legs(t0, sched, discount, curve, engine)
            return _residual(legs, np.tile(lgd, n), np.tile(quote, n), 0.0)

        hazards[:, k] = _newton(_f, quote / lgd)
        if not allow_negative and np.any(hazards[:, k] < 0):
            row = int(np.argmax(hazards[:, k] < 0))
            raise NegativeHazardError(k, float(hazards[row, k]), row, int(tenors_months[k]))
    return PiecewiseHazardCurve(pillars, hazards[0] if single else hazards)


def flat_hazard_from_spread(
    valuation_date: DateLike,
    maturities: ArrayLike,
    spreads: ArrayLike,
    recovery: ArrayLike,
    discount: DiscountCurve,
    engine: str = "isda",
) -> np.ndarray:
    """Flat hazard rate whose par spread equals the quoted spread (per trade).

    Solves (1-R) Prot(h) = S (Annuity(h) - Rebate).  Source: O'Kane (2008),
    ch. 7; ISDA CDS Standard Model (conventional spread -> flat curve).
    """
    return _flat_solve(valuation_date, maturities, recovery, discount, engine, spreads, 0.0, spreads)


def _flat_solve(
    valuation_date: DateLike,
    maturities: ArrayLike,
    recovery: ArrayLike,
    discount: DiscountCurve,
    engine: str,
    a: ArrayLike,
    b: ArrayLike,
    guess_spread: ArrayLike,
) -> np.ndarray:
    t0 = int(to_days(valuation_date))
    mats = np.atleast_1d(np.asarray(to_days(maturities), dtype=np.int64))
    n = mats.size
    sched = cds_schedule(t0, mats)
    lgd = np.broadcast_to(1.0 - np.asarray(recovery, dtype=float), (n,)).copy()
    a = np.broadcast_to(np.asarray(a, dtype=float), (n,)).copy()
    b = np.broadcast_to(np.asarray(b, dtype=float), (n,)).copy()

    def _f(x: np.ndarray) -> np.ndarray:
        legs = [
            unit_legs(t0, sched, discount, FlatHazardCurve(x[i * n : (i + 1) * n]), engine) for i in range(2)
        ]
        d_u = legs[0].upfront_discount
        return np.concatenate([_residual(lg, lgd, a, b * d_u) for lg in legs])

    guess = np.broadcast_to(np.asarray(guess_spread, dtype=float), (n,)) / lgd
    return _newton(_f, guess)


def upfront_from_spread(
    valuation_date: DateLike,
    maturities: ArrayLike,
    conventional_spreads: ArrayLike,
    coupon: ArrayLike = 0.01,
    recovery: ArrayLike = 0.4,
    discount: DiscountCurve | None = None,
    engine: str = "isda",
) -> np.ndarray:
    """Upfront (fraction of notional, paid by the protection buyer) for a standard coupon.

    1. flat hazard h with par spread = conventional spread S;
    2. upfront = [(1-R) Prot(h) - c (Annuity(h) - Rebate)] / D(t_settle).
    Positive when S > c.  Source: Markit, CDS Upfront Conventions (2009);
    ISDA CDS Standard Model.
    """
    if discount is None:
        raise ValueError("a discount curve is required")
    h = flat_hazard_from_spread(valuation_date, maturities, conventional_spreads, recovery, discount, engine)
    res = price_cds(valuation_date, maturities, coupon, recovery, discount, FlatHazardCurve(h), engine)
    return res.fair_upfront


def spread_from_upfront(
    valuation_date: DateLike,
    maturities: ArrayLike,
    upfronts: ArrayLike,
    coupon: ArrayLike = 0.01,
    recovery: ArrayLike = 0.4,
    discount: DiscountCurve | None = None,
    engine: str = "isda",
) -> np.ndarray:
    """Conventional spread from an upfront quote (inverse of ``upfront_from_spread``).

    Flat hazard h solving (1-R) Prot(h) - c (Annuity(h) - Rebate) -
    U D(t_settle) = 0, then S = (1-R) Prot(h) / (Annuity(h) - Rebate).
    Equivalent to QuantLib ``CreditDefaultSwap.conventionalSpread``.
    Source: Markit, CDS Upfront Conventions (2009); ISDA CDS Standard Model.
    """
    if discount is None:
        raise ValueError("a discount curve is required")
    u = np.asarray(upfronts, dtype=float)
    c = np.asarray(coupon, dtype=float)
    guess = c + u / 4.0
    h = _flat_solve(valuation_date, maturities, recovery, discount, engine, c, u, guess)
    res = price_cds(valuation_date, maturities, c, recovery, discount, FlatHazardCurve(h), engine)
    return res.par_spread
