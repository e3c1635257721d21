"""Discount and hazard (default-intensity) curves.

Time is measured in years Actual/365 (Fixed) from the curve's reference
date, with dates given as integer day offsets from that date (``days``).
Both curve families are piecewise-constant in their instantaneous rate:

- discount curves: flat continuously-compounded rate, or zero rates at
  nodes with log-linear interpolation of discount factors (= piecewise-flat
  forwards; beyond the last node the last forward is extended);
- hazard curves: flat hazard, or piecewise-flat hazard with backward-flat
  convention (h_k applies on (t_{k-1}, t_k], the last h extends beyond the
  last node).

Curves may be *batched*: a hazard array of shape (B, K) describes B curves
on the same node dates.  When evaluating, the leading axes of ``days`` are
matched against the batch axes (``days`` of shape (B, ...) or (1, ...)).

Sources: O'Kane, Modelling Single-name and Multi-name Credit Derivatives
(2008), ch. 2-3 (survival S(t) = exp(-int_0^t h)); Hagan & West,
"Interpolation Methods for Curve Construction" (2006) (log-linear discount
interpolation = piecewise-constant forwards); ISDA CDS Standard Model
(flat-forward interpolation of both curves, Act/365F).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

YEAR_DAYS = 365.0


def _expand(param: np.ndarray, days: np.ndarray) -> np.ndarray:
    """Reshape a batch parameter (B...) so it broadcasts against days (B..., rest...)."""
    extra = days.ndim - param.ndim
    if extra < 0:
        raise ValueError("days must have at least as many axes as the curve batch")
    return param.reshape(param.shape + (1,) * extra)


def _integrated_rate(days: ArrayLike, node_days: np.ndarray, rates: np.ndarray) -> np.ndarray:
    """int_0^t r(u) du for piecewise-constant r (backward-flat on node times).

    rates[..., k] applies on (t_{k-1}, t_k] with t_{-1} = 0; rates[..., -1]
    also applies beyond the last node; times before 0 count as 0.  Computed
    as cum_{k-1} + r_k (t - t_{k-1}) with k found by binary search, so the
    cost is O(size x log K) whatever the number of nodes.
    """
    t = np.maximum(np.asarray(days, dtype=float), 0.0) / YEAR_DAYS
    nodes = np.asarray(node_days, dtype=float) / YEAR_DAYS
    prev = np.concatenate(([0.0], nodes[:-1]))
    idx = np.minimum(np.searchsorted(nodes, t, side="left"), nodes.size - 1)
    seg_int = rates[..., :-1] * (nodes[:-1] - prev[:-1])
    cum = np.concatenate((np.zeros(rates.shape[:-1] + (1,)), np.cumsum(seg_int, axis=-1)), axis=-1)
    if rates.ndim == 1:
        return cum[idx] + rates[idx] * (t - prev[idx])
    nb = rates.ndim - 1
    if t.ndim < nb:
        raise ValueError("days must have at least as many axes as the curve batch")
    batch = np.broadcast_shapes(rates.shape[:-1], t.shape[:nb])
    rest = t.shape[nb:]
    tb = np.broadcast_to(t, batch + rest).reshape(int(np.prod(batch)), -1)
    ib = np.broadcast_to(idx, batch + rest).reshape(tb.shape)
    rb = np.broadcast_to(rates, batch + rates.shape[-1:]).reshape(tb.shape[0], -1)
    cb = np.broadcast_to(cum, batch + cum.shape[-1:]).reshape(tb.shape[0], -1)
    out = np.take_along_axis(cb, ib, axis=1) + np.take_along_axis(rb, ib, axis=1) * (tb - prev[ib])
    return out.reshape(batch + rest)


class FlatDiscountCurve:
    """Flat continuously-compounded rate: D(t) = exp(-r t), t in years Act/365F.

    Source: Hull, Options, Futures and Other Derivatives (11th ed.), ch. 4.
    """

    node_days: np.ndarray = np.zeros(0, dtype=np.int64)

    def __init__(self, rate: ArrayLike) -> None:
        self.rate = np.asarray(rate, dtype=float)

    def log_discount(self, days: ArrayLike) -> np.ndarray:
        """ln D(t) = -r t (continuous compounding).  Source: Hull (11th ed.), ch. 4."""
        d = np.asarray(days, dtype=float)
        return -_expand(self.rate, d) * d / YEAR_DAYS

    def discount(self, days: ArrayLike) -> np.ndarray:
        """D(t) = exp(-r t).  Source: Hull (11th ed.), ch. 4."""
        return np.exp(self.log_discount(days))


class ZeroCurve:
    """Zero rates at node dates, log-linear interpolation of discount factors.

    D(t_k) = exp(-z_k t_k); between nodes ln D is linear in t (piecewise
    flat forward f_k = (z_k t_k - z_{k-1} t_{k-1}) / (t_k - t_{k-1})); beyond
    the last node the last forward is extended.  The reference date
    (t = 0, D = 1) is an implicit node.  Matches QuantLib
    ``DiscountCurve`` (InterpolatedDiscountCurve<LogLinear>).  Source:
    Hagan & West (2006), "raw interpolation".
    """

    def __init__(self, node_days: ArrayLike, zero_rates: ArrayLike) -> None:
        nd = np.asarray(node_days, dtype=np.int64)
        z = np.asarray(zero_rates, dtype=float)
        if nd.ndim != 1 or nd.size == 0 or np.any(np.diff(nd) <= 0) or nd[0] <= 0:
            raise ValueError("node days must be positive and strictly increasing")
        t = nd / YEAR_DAYS
        zt = z * t
        prev_zt = np.concatenate((np.zeros(z.shape[:-1] + (1,)), zt[..., :-1]), axis=-1)
        prev_t = np.concatenate(([0.0], t[:-1]))
        self.node_days = nd
        self.zero_rates = z
        self.forwards = (zt - prev_zt) / (t - prev_t)

    @classmethod
    def from_discount_factors(cls, node_days: ArrayLike, discounts: ArrayLike) -> ZeroCurve:
        """Build from discount factors: z_k = -ln D_k / t_k.  Source: Hagan & West (2006)."""
        nd = np.asarray(node_days, dtype=np.int64)
        return cls(nd, -np.log(np.asarray(discounts, dtype=float)) / (nd / YEAR_DAYS))

    def log_discount(self, days: ArrayLike) -> np.ndarray:
        """ln D(t) = -int_0^t f(u) du, f piecewise flat.  Source: Hagan & West (2006)."""
        return -_integrated_rate(days, self.node_days, self.forwards)

    def discount(self, days: ArrayLike) -> np.ndarray:
        """D(t) by log-linear interpolation of discount factors.  Source: Hagan & West (2006)."""
        return np.exp(self.log_discount(days))


class FlatHazardCurve:
    """Constant hazard rate: S(t) = exp(-h t), PD(0, t) = 1 - S(t).

    ``hazard`` may be an array (one curve per trade).  Source: O'Kane
    (2008), ch. 3.
    """

    node_days: np.ndarray = np.zeros(0, dtype=np.int64)

    def __init__(self, hazard: ArrayLike) -> None:
        self.hazard = np.asarray(hazard, dtype=float)

    def log_survival(self, days: ArrayLike) -> np.ndarray:
        """ln S(t) = -h t.  Source: O'Kane (2008), ch. 3."""
        d = np.asarray(days, dtype=float)
        return -_expand(self.hazard, d) * d / YEAR_DAYS

    def survival(self, days: ArrayLike) -> np.ndarray:
        """Survival probability S(t) = exp(-h t).  Source: O'Kane (2008), ch. 3."""
        return np.exp(self.log_survival(days))

    def default_probability(self, days: ArrayLike) -> np.ndarray:
        """Cumulative default probability 1 - S(t).  Source: O'Kane (2008), ch. 3."""
        return -np.expm1(self.log_survival(days))


class PiecewiseHazardCurve:
    """Piecewise-flat (backward-flat) hazard curve on node dates.

    S(t) = exp(-sum_k h_k * overlap((t_{k-1}, t_k], (0, t])), with the last
    hazard extended beyond the last node.  ``hazards`` has shape (..., K)
    for K nodes (leading axes = a batch of curves sharing the nodes).
    Matches QuantLib ``PiecewiseFlatHazardRate`` (HazardRate, BackwardFlat).
    Source: O'Kane (2008), ch. 7 (bootstrapping a piecewise-constant
    hazard curve).
    """

    def __init__(self, node_days: ArrayLike, hazards: ArrayLike) -> None:
        nd = np.asarray(node_days, dtype=np.int64)
        if nd.ndim != 1 or nd.size == 0 or np.any(np.diff(nd) <= 0) or nd[0] <= 0:
            raise ValueError("node days must be positive and strictly increasing")
        h = np.asarray(hazards, dtype=float)
        if h.shape[-1] != nd.size:
            raise ValueError("need one hazard per node")
        self.node_days = nd
        self.hazards = h

    def log_survival(self, days: ArrayLike) -> np.ndarray:
        """ln S(t) = -int_0^t h(u) du, h piecewise flat.  Source: O'Kane (2008), ch. 7."""
        return -_integrated_rate(days, self.node_days, self.hazards)

    def survival(self, days: ArrayLike) -> np.ndarray:
        """Survival probability S(t) = exp(-int_0^t h).  Source: O'Kane (2008), ch. 7."""
        return np.exp(self.log_survival(days))

    def default_probability(self, days: ArrayLike) -> np.ndarray:
        """Cumulative default probability 1 - S(t).  Source: O'Kane (2008), ch. 7."""
        return -np.expm1(self.log_survival(days))


def survival_probability(hazard: ArrayLike, t: ArrayLike) -> np.ndarray:
    """S(t) = exp(-h t) for a flat hazard h and time t in years.

    Source: O'Kane (2008), ch. 3.
    """
    return np.exp(-np.asarray(hazard, dtype=float) * np.asarray(t, dtype=float))


def default_probability(hazard: ArrayLike, t0: ArrayLike, t1: ArrayLike | None = None) -> np.ndarray:
    """PD over (t0, t1] for a flat hazard: S(t0) - S(t1); with one time, 1 - S(t).

    Source: O'Kane (2008), ch. 3.
    """
    h = np.asarray(hazard, dtype=float)
    if t1 is None:
        return -np.expm1(-h * np.asarray(t0, dtype=float))
    return survival_probability(h, t0) - survival_probability(h, t1)
