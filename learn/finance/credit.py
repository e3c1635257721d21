"""Credit risk: expected loss, Basel IRB corporate risk weights, Merton model.

All functions broadcast over numpy arrays.  The normal CDF / inverse CDF come
from ``learn.finance.normal`` (numpy only, accurate to ~1e-15).

Sources:
- Expected loss: BCBS, "An Explanatory Note on the Basel II IRB Risk Weight
  Functions" (July 2005), section 3; CFA Institute, Credit Risk.
- IRB corporate risk weight: BCBS Basel Framework CRE31.4-31.5 (correlation,
  maturity adjustment, capital K, RWA = K x 12.5 x EAD) and CRE32 (PD floor:
  0.03% under Basel II, 0.05% under Basel III / CRE32.4).
- Merton (1974), "On the Pricing of Corporate Debt: The Risk Structure of
  Interest Rates", Journal of Finance 29(2); calibration of (V, sigma_V) from
  equity as in Crosbie & Bohn, "Modeling Default Risk" (Moody's KMV, 2003).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from .normal import norm_cdf, norm_pdf, norm_ppf

PD_FLOOR_BASEL2 = 0.0003
PD_FLOOR_BASEL3 = 0.0005
_G999 = float(norm_ppf(0.999))


def expected_loss(pd: ArrayLike, lgd: ArrayLike, ead: ArrayLike) -> np.ndarray | float:
    """Expected loss EL = PD x LGD x EAD (element-wise, broadcasting).

    PD and LGD are fractions, EAD a currency amount.  Source: BCBS, An
    Explanatory Note on the Basel II IRB Risk Weight Functions (2005), s. 3.
    """
    out = np.asarray(pd, dtype=float) * np.asarray(lgd, dtype=float) * np.asarray(ead, dtype=float)
    return float(out) if out.ndim == 0 else out


def irb_correlation_weight(pd: ArrayLike) -> np.ndarray:
    """The weight w = (1 - exp(-50 PD)) / (1 - exp(-50)) that moves the corporate asset correlation from
    0.24 (PD near 0) to 0.12 (high PD).  Source: BCBS CRE31.5."""
    return -np.expm1(-50.0 * np.asarray(pd, dtype=float)) / -np.expm1(-50.0)


def irb_correlation(pd: ArrayLike) -> np.ndarray:
    """Asset correlation for corporate exposures (no SME adjustment).

    R = 0.12 w + 0.24 (1 - w),  w = (1 - exp(-50 PD)) / (1 - exp(-50)).
    Source: BCBS CRE31.5.
    """
    w = irb_correlation_weight(pd)
    return 0.12 * w + 0.24 * (1.0 - w)


def irb_maturity_b(pd: ArrayLike) -> np.ndarray:
    """Maturity adjustment slope b = (0.11852 - 0.05478 ln PD)^2.

    Source: BCBS CRE31.5.
    """
    return (0.11852 - 0.05478 * np.log(np.asarray(pd, dtype=float))) ** 2


@dataclass(frozen=True)
class IrbResult:
    """Outputs of the IRB corporate formula (broadcast arrays).  Source: BCBS CRE31."""

    pd: np.ndarray  # floored PD actually used
    correlation_weight: np.ndarray  # w in R = 0.12 w + 0.24 (1 - w)
    correlation: np.ndarray
    maturity_b: np.ndarray
    maturity_adjustment: np.ndarray  # (1 + (M - 2.5) b) / (1 - 1.5 b)
    conditional_pd: np.ndarray  # the PD in a 1-in-1,000-year downturn, N(...); 1 for a defaulted exposure
    capital_k: np.ndarray  # K, fraction of EAD
    risk_weight: np.ndarray  # K x 12.5 (x scaling); 0.9232 means 92.32%
    rwa: np.ndarray  # risk weight x EAD


def irb_corporate(
    pd: ArrayLike,
    lgd: ArrayLike = 0.45,
    maturity: ArrayLike = 2.5,
    ead: ArrayLike = 1.0,
    pd_floor: float = PD_FLOOR_BASEL3,
    scaling: float = 1.0,
) -> IrbResult:
    """Basel IRB capital and risk weight for corporate exposures.

    K = [LGD N((1-R)^-0.5 G(PD) + (R/(1-R))^0.5 G(0.999)) - PD LGD]
        x (1 + (M - 2.5) b) / (1 - 1.5 b)
    RWA = K x 12.5 x EAD (x ``scaling``; Basel II applied 1.06, the
    Basel III framework and the BCBS illustrative tables use 1.0).
    PD is floored at ``pd_floor`` (0.0003 Basel II, 0.0005 Basel III);
    a defaulted exposure (PD = 1) gets K = 0 here (its capital is
    max(0, LGD - best-estimate EL), outside this formula).  Source: BCBS
    CRE31.4-31.5; BCBS, An Explanatory Note on the Basel II IRB Risk Weight
    Functions (2005).  With PD = 1%, LGD = 45%, M = 2.5 the risk weight is
    92.32%.
    """
    p = np.maximum(np.asarray(pd, dtype=float), pd_floor)
    lgd_a = np.asarray(lgd, dtype=float)
    m = np.asarray(maturity, dtype=float)
    w = irb_correlation_weight(p)
    r = 0.12 * w + 0.24 * (1.0 - w)
    b = irb_maturity_b(p)
    ma = (1.0 + (m - 2.5) * b) / (1.0 - 1.5 * b)
    defaulted = p >= 1.0
    p_safe = np.where(defaulted, 0.5, p)
    cond = norm_cdf((norm_ppf(p_safe) + np.sqrt(r) * _G999) / np.sqrt(1.0 - r))
    k = (lgd_a * cond - p_safe * lgd_a) * ma
    k = np.where(defaulted, 0.0, k)
    rw = k * 12.5 * scaling
    return IrbResult(
        pd=p,
        correlation_weight=w,
        correlation=r,
        maturity_b=b,
        maturity_adjustment=ma,
        conditional_pd=np.where(defaulted, 1.0, cond),
        capital_k=k,
        risk_weight=rw,
        rwa=rw * np.asarray(ead, dtype=float),
    )


MIN_TOTAL_CAPITAL_RATIO = 0.08  # of RWA: BCBS RBC20.1
MIN_CET1_RATIO = 0.045  # of RWA: BCBS RBC20.1
CAPITAL_CONSERVATION_BUFFER = 0.025  # of RWA, in CET1: BCBS RBC30.1


@dataclass(frozen=True)
class MinimumCapital:
    """Minimum capital against risk-weighted assets (broadcast arrays).  Source: BCBS RBC20, RBC30."""

    total: np.ndarray  # 8% of RWA (= K x EAD under the IRB formula)
    cet1: np.ndarray  # 4.5% of RWA
    cet1_with_buffer: np.ndarray  # (4.5% + 2.5%) of RWA


def minimum_capital(rwa: ArrayLike) -> MinimumCapital:
    """The Basel III minimums for ``rwa``: total capital 8%, CET1 4.5%, and CET1 plus the 2.5% capital
    conservation buffer, 7%.  Source: BCBS Basel Framework RBC20.1 (minimum ratios) and RBC30.1
    (conservation buffer).  For RWA of 923,168 (PD 1%, LGD 45%, M 2.5, EAD 1m): 73,853 total capital."""
    r = np.asarray(rwa, dtype=float)
    return MinimumCapital(
        total=MIN_TOTAL_CAPITAL_RATIO * r,
        cet1=MIN_CET1_RATIO * r,
        cet1_with_buffer=(MIN_CET1_RATIO + CAPITAL_CONSERVATION_BUFFER) * r,
    )


# --------------------------------------------------------------------------- Merton


def _d1_d2(v: np.ndarray, sigma: np.ndarray, debt: np.ndarray, r: np.ndarray, t: np.ndarray):
    srt = sigma * np.sqrt(t)
    d1 = (np.log(v / debt) + (r + 0.5 * sigma * sigma) * t) / srt
    return d1, d1 - srt


def merton_equity(
    asset_value: ArrayLike, asset_vol: ArrayLike, debt_face: ArrayLike, rate: ArrayLike, horizon: ArrayLike
) -> np.ndarray:
    """Equity as a European call on the firm's assets (Black-Scholes).

    E = V N(d1) - D exp(-rT) N(d2),
    d1 = [ln(V/D) + (r + sigma_V^2/2) T] / (sigma_V sqrt T), d2 = d1 - sigma_V sqrt T.
    Source: Merton (1974).
    """
    v, s, d, r, t = (np.asarray(a, dtype=float) for a in (asset_value, asset_vol, debt_face, rate, horizon))
    d1, d2 = _d1_d2(v, s, d, r, t)
    return v * norm_cdf(d1) - d * np.exp(-r * t) * norm_cdf(d2)


def merton_equity_vol(
    asset_value: ArrayLike, asset_vol: ArrayLike, debt_face: ArrayLike, rate: ArrayLike, horizon: ArrayLike
) -> np.ndarray:
    """Equity volatility implied by Ito's lemma: sigma_E = N(d1) sigma_V V / E.

    Source: Merton (1974); Crosbie & Bohn (2003), eq. for sigma_E.
    """
    v, s, d, r, t = (np.asarray(a, dtype=float) for a in (asset_value, asset_vol, debt_face, rate, horizon))
    d1, _ = _d1_d2(v, s, d, r, t)
    return norm_cdf(d1) * s * v / merton_equity(v, s, d, r, t)


@dataclass(frozen=True)
class MertonResult:
    """Calibrated Merton model: asset value/vol, distance to default, PD.  Source: Merton (1974)."""

    asset_value: np.ndarray
    asset_vol: np.ndarray
    distance_to_default: np.ndarray
    default_probability: np.ndarray
    iterations: int


def _asset_value_for_vol(e, s, d, r, t, iters: int = 200):
    """Solve E = BS call(V; sigma) for V by Newton from the upper bound E + D e^{-rT}.

    The call is increasing and convex in V, so Newton from above converges
    monotonically.
    """
    disc = d * np.exp(-r * t)
    v = e + disc
    for _ in range(iters):
        d1, d2 = _d1_d2(v, s, d, r, t)
        f = v * norm_cdf(d1) - disc * norm_cdf(d2) - e
        step = f / np.maximum(norm_cdf(d1), 1e-300)
        v = np.maximum(v - step, e)
        if np.all(np.abs(step) <= 1e-15 * v):
            break
    return v


def _merton_nested(e, se, d, r, t, iters: int = 80):
    """Robust fallback: bisection on ln sigma_V, inner Newton for V (Crosbie & Bohn)."""
    lo = np.full_like(e, np.log(1e-6))
    hi = np.full_like(e, np.log(20.0))
    for _ in range(iters):
        mid = 0.5 * (lo + hi)
        s = np.exp(mid)
        v = _asset_value_for_vol(e, s, d, r, t)
        d1, _ = _d1_d2(v, s, d, r, t)
        g = norm_cdf(d1) * s * v - se * e
        hi = np.where(g > 0, mid, hi)
        lo = np.where(g > 0, lo, mid)
    s = np.exp(0.5 * (lo + hi))
    return _asset_value_for_vol(e, s, d, r, t), s


def _merton_newton(e, se, d, r, t, v, s, tol, max_iter):
    sqt = np.sqrt(t)
    ok = np.zeros(e.shape, dtype=bool)
    it = 0
    for iteration in range(1, max_iter + 1):
        it = iteration
        d1, d2 = _d1_d2(v, s, d, r, t)
        n1, p1 = norm_cdf(d1), norm_pdf(d1)
        f1 = v * n1 - d * np.exp(-r * t) * norm_cdf(d2) - e
        f2 = n1 * s * v - se * e
        ok = (np.abs(f1) <= tol * e) & (np.abs(f2) <= tol * e)
        if np.all(ok):
            break
        j11, j12 = n1, v * p1 * sqt
        j21, j22 = s * (n1 + p1 / (s * sqt)), v * (n1 - p1 * d2)
        det = j11 * j22 - j12 * j21
        with np.errstate(all="ignore"):
            dv = np.where(ok, 0.0, (f1 * j22 - f2 * j12) / det)
            ds = np.where(ok, 0.0, (j11 * f2 - j21 * f1) / det)
        # damping keeps V > 0 and sigma > 0
        lam = np.ones_like(v)
        for _ in range(30):
            bad = ~((v - lam * dv > 0) & (s - lam * ds > 0))
            if not np.any(bad):
                break
            lam = np.where(bad, lam * 0.5, lam)
        v = np.where(np.isfinite(dv), v - lam * dv, v)
        s = np.where(np.isfinite(ds), s - lam * ds, s)
    return v, s, ok & np.isfinite(v) & np.isfinite(s), it


def merton_solve(
    equity_value: ArrayLike,
    equity_vol: ArrayLike,
    debt_face: ArrayLike,
    rate: ArrayLike,
    horizon: ArrayLike = 1.0,
    drift: ArrayLike | None = None,
    tol: float = 1e-10,
    max_iter: int = 50,
) -> MertonResult:
    """Solve (V, sigma_V) from observed equity value and volatility.

    Solves the two Merton equations
        E = V N(d1) - D e^{-rT} N(d2),   sigma_E E = N(d1) sigma_V V
    by a damped two-dimensional Newton iteration with the analytic Jacobian
    (dE/dV = N(d1), dE/dsigma = V phi(d1) sqrt T, d(N(d1) sigma V)/dV =
    sigma [N(d1) + phi(d1)/(sigma sqrt T)], d(N(d1) sigma V)/dsigma =
    V [N(d1) - phi(d1) d2]) until both residuals are below ``tol`` relative
    to E, starting from V = E + D e^{-rT}, sigma_V = sigma_E E / V.  Firms
    where Newton fails (deep out-of-the-money equity) are solved by
    bisection on sigma_V with an inner Newton solve for V, then polished by
    Newton.  Then DD = [ln(V/D) + (mu - sigma_V^2/2) T] / (sigma_V sqrt T)
    with mu = ``drift`` (default r, i.e. risk-neutral) and PD = N(-DD).
    Source: Merton (1974); Crosbie & Bohn, Modeling Default Risk (2003).
    """
    e, se, d, r, t = np.broadcast_arrays(
        *(np.asarray(a, dtype=float) for a in (equity_value, equity_vol, debt_face, rate, horizon))
    )
    e, se, d, r, t = (np.array(a, dtype=float) for a in (e, se, d, r, t))
    v0 = e + d * np.exp(-r * t)
    v, s, ok, it = _merton_newton(e, se, d, r, t, v0, se * e / v0, tol, max_iter)
    if not np.all(ok):
        vn, sn = _merton_nested(e, se, d, r, t)
        v2, s2, ok2, it2 = _merton_newton(e, se, d, r, t, vn, sn, tol, max_iter)
        v, s = np.where(ok, v, v2), np.where(ok, s, s2)
        it += it2
        if not np.all(ok | ok2):
            raise RuntimeError("Merton calibration did not converge")
    mu = r if drift is None else np.asarray(drift, dtype=float)
    dd = (np.log(v / d) + (mu - 0.5 * s * s) * t) / (s * np.sqrt(t))
    return MertonResult(v, s, dd, norm_cdf(-dd), it)


def distance_to_default(
    asset_value: ArrayLike,
    asset_vol: ArrayLike,
    debt_face: ArrayLike,
    drift: ArrayLike,
    horizon: ArrayLike = 1.0,
) -> np.ndarray:
    """Merton distance to default DD = [ln(V/D) + (mu - sigma_V^2/2) T] / (sigma_V sqrt T).

    PD = N(-DD).  Source: Merton (1974); Crosbie & Bohn (2003).
    """
    v, s, d, mu, t = (np.asarray(a, dtype=float) for a in (asset_value, asset_vol, debt_face, drift, horizon))
    return (np.log(v / d) + (mu - 0.5 * s * s) * t) / (s * np.sqrt(t))
