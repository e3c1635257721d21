"""Return series and risk statistics.

Conventions:

- Prices and returns are 1-D numpy arrays (lists are accepted), oldest first.
- Volatility and Sharpe use the *sample* standard deviation (ddof=1) and
  annualise by sqrt(periods_per_year) (i.i.d. square-root-of-time rule).
- Value at risk is reported as a *positive number meaning a loss*:
  VaR_a = -quantile(returns, 1 - a), with numpy's quantile ``method``
  (default "linear", Hyndman & Fan type 7) stated explicitly.
- Drawdowns are negative fractions (-0.25 = 25% below the running peak).

Sources: CFA Institute, "Portfolio Risk and Return: Part I/II" and
"Measuring and Managing Market Risk" (CFA Program curriculum); Jorion, Value
at Risk (3rd ed., 2007), ch. 5; Sharpe (1966, 1994).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike


def _prices(prices: ArrayLike) -> np.ndarray:
    p = np.asarray(prices, dtype=float)
    if p.ndim != 1 or p.size < 2:
        raise ValueError("need a 1-D series of at least two prices")
    if np.any(p <= 0):
        raise ValueError("prices must be positive")
    return p


def simple_returns(prices: ArrayLike) -> np.ndarray:
    """Simple (arithmetic) returns R_t = P_t / P_{t-1} - 1.

    Source: CFA Institute, Portfolio Risk and Return: Part I.
    """
    p = _prices(prices)
    return p[1:] / p[:-1] - 1.0


def log_returns(prices: ArrayLike) -> np.ndarray:
    """Continuously compounded returns r_t = ln(P_t / P_{t-1}) = ln(1 + R_t).

    Source: CFA Institute, Portfolio Risk and Return: Part I.
    """
    p = _prices(prices)
    return np.diff(np.log(p))


def annualized_volatility(returns: ArrayLike, periods_per_year: float = 252, ddof: int = 1) -> float:
    """Annualised volatility sigma_annual = s(returns) x sqrt(periods_per_year).

    s is the sample standard deviation (ddof=1 by default).  Use 252 for
    daily, 52 weekly, 12 monthly data.  Source: Hull, Options, Futures and
    Other Derivatives (11th ed.), ch. 15 (estimating volatility).
    """
    r = np.asarray(returns, dtype=float)
    if r.size <= ddof:
        raise ValueError("not enough returns for the requested ddof")
    return float(np.std(r, ddof=ddof) * np.sqrt(periods_per_year))


@dataclass(frozen=True)
class Drawdown:
    """Maximum drawdown of a price path (Magdon-Ismail & Atiya 2004 as source).

    ``max_drawdown`` = trough / peak - 1 (negative); ``gain_to_recover`` =
    peak / trough - 1, the rise needed to get back to the peak.  Indices
    point into the price array; dates are filled when a dates array was
    given.  ``recovery_index`` is the first index after the trough where the
    price is back at or above the peak, or None if it never recovers.
    """

    max_drawdown: float
    gain_to_recover: float
    peak_index: int
    trough_index: int
    recovery_index: int | None
    peak_date: Any = None
    trough_date: Any = None
    recovery_date: Any = None

    @property
    def recovery_periods(self) -> int | None:
        """Periods (trading days on daily data) from the trough until the price is back at the peak.

        None if the price never regained its peak.  Source: Magdon-Ismail &
        Atiya (2004); "time to recovery" as in CFA Institute, Portfolio Risk
        and Return (drawdown duration measures).
        """
        return None if self.recovery_index is None else self.recovery_index - self.trough_index


def drawdown_series(prices: ArrayLike) -> np.ndarray:
    """Drawdown at each date: DD_t = P_t / max_{s<=t} P_s - 1 (<= 0).

    Source: Magdon-Ismail & Atiya, "Maximum drawdown", Risk (2004).
    """
    p = _prices(prices)
    return p / np.maximum.accumulate(p) - 1.0


def max_drawdown(prices: ArrayLike, dates: ArrayLike | None = None) -> Drawdown:
    """Maximum drawdown MDD = min_t (P_t / max_{s<=t} P_s - 1), with dates.

    The peak is the running maximum in force at the trough (the first time
    that level was reached); recovery is the first later date with
    P_t >= peak.  Gain needed to recover = 1 / (1 + MDD) - 1.  Example: the
    S&P 500 fell from 4,796.56 (3 Jan 2022) to 3,577.03 (12 Oct 2022):
    MDD = -25.43%, gain to recover = +34.09%.  Source: Magdon-Ismail &
    Atiya (2004); CFA Institute, Portfolio Risk and Return.
    """
    p = _prices(prices)
    dd = drawdown_series(p)
    trough = int(np.argmin(dd))
    peak = int(np.argmax(p[: trough + 1]))
    mdd = float(dd[trough])
    after = np.nonzero(p[trough + 1 :] >= p[peak])[0]
    recovery = int(trough + 1 + after[0]) if (after.size and mdd < 0) else None
    d = None if dates is None else np.asarray(dates)
    if d is not None and d.shape[0] != p.shape[0]:
        raise ValueError("dates must have the same length as prices")
    return Drawdown(
        max_drawdown=mdd,
        gain_to_recover=float(p[peak] / p[trough] - 1.0),
        peak_index=peak,
        trough_index=trough,
        recovery_index=recovery,
        peak_date=None if d is None else d[peak],
        trough_date=None if d is None else d[trough],
        recovery_date=None if (d is None or recovery is None) else d[recovery],
    )


def time_to_recovery(prices: ArrayLike) -> int | None:
    """Periods from the trough of the maximum drawdown back to its peak level, or None if never.

    On daily prices this is trading days; count calendar time from the
    dates of :func:`max_drawdown` instead if needed.  Source: Magdon-Ismail
    & Atiya (2004); CFA Institute, Portfolio Risk and Return.
    """
    return max_drawdown(prices).recovery_periods


def rolling_volatility(
    returns: ArrayLike, window: int, periods_per_year: float = 252, ddof: int = 1
) -> np.ndarray:
    """Rolling annualised volatility: s(last ``window`` returns) x sqrt(periods_per_year).

    Same length as ``returns``; the first ``window - 1`` values are NaN (not
    enough history yet).  s is the sample standard deviation (ddof=1), as in
    :func:`annualized_volatility`, so the last value equals
    ``annualized_volatility(returns[-window:])``.  A window containing NaN
    gives NaN.  Source: Hull, Options, Futures and Other Derivatives (11th
    ed.), ch. 15 (estimating volatility from historical data).
    """
    r = np.asarray(returns, dtype=float)
    if r.ndim != 1:
        raise ValueError("need a 1-D series of returns")
    if not isinstance(window, int | np.integer) or window <= ddof:
        raise ValueError(f"window must be a whole number above {ddof}")
    out = np.full(r.shape, np.nan)
    if r.size >= window:
        windows = np.lib.stride_tricks.sliding_window_view(r, window)
        out[window - 1 :] = np.std(windows, axis=1, ddof=ddof) * np.sqrt(periods_per_year)
    return out


def gain_to_recover(drawdown: float) -> float:
    """Gain needed to recover a drawdown D (< 0): 1 / (1 + D) - 1.

    Source: CFA Institute, Portfolio Risk and Return: Part I.
    """
    if drawdown <= -1.0:
        raise ValueError("a drawdown of -100% or worse cannot be recovered")
    return 1.0 / (1.0 + drawdown) - 1.0


def historical_var(returns: ArrayLike, confidence: float = 0.99, method: str = "linear") -> float:
    """Historical-simulation VaR as a positive loss: VaR = -Q_{1-c}(returns).

    Q is the empirical quantile computed by ``numpy.quantile(..., method=)``;
    the default "linear" is Hyndman & Fan type 7 (Excel PERCENTILE.INC);
    "lower" gives the order statistic at or below the quantile (more
    conservative for small samples), "inverted_cdf" the textbook
    empirical-distribution quantile.  A negative result means the
    quantile is a gain.  Source: Jorion, Value at Risk (3rd ed.), ch. 5;
    CFA Institute, Measuring and Managing Market Risk.
    """
    r = np.asarray(returns, dtype=float)
    if not 0.0 < confidence < 1.0:
        raise ValueError("confidence must be in (0, 1)")
    if r.size == 0:
        raise ValueError("no returns")
    if np.isnan(r).any():
        raise ValueError(
            f"{int(np.isnan(r).sum())} return(s) are NaN: drop or fill them first (e.g. the first "
            "row of a differenced price series)"
        )
    return float(-np.quantile(r, 1.0 - confidence, method=method))


def historical_expected_shortfall(
    returns: ArrayLike, confidence: float = 0.99, method: str = "linear"
) -> float:
    """Expected shortfall (CVaR) as a positive loss: ES = -mean(r | r <= -VaR).

    Source: Acerbi & Tasche, "On the coherence of expected shortfall" (2002);
    BCBS, Minimum capital requirements for market risk (FRTB, 2019), MAR33.
    """
    r = np.asarray(returns, dtype=float)
    var = historical_var(r, confidence, method)
    tail = r[r <= -var]
    return float(-tail.mean())


def beta(asset_returns: ArrayLike, market_returns: ArrayLike) -> float:
    """CAPM beta = Cov(R_i, R_m) / Var(R_m) (both sample, ddof=1).

    Source: CFA Institute, Portfolio Risk and Return: Part II; Sharpe (1964).
    """
    a = np.asarray(asset_returns, dtype=float)
    m = np.asarray(market_returns, dtype=float)
    if a.shape != m.shape or a.ndim != 1 or a.size < 2:
        raise ValueError("need two 1-D return series of equal length >= 2")
    cov = np.cov(a, m, ddof=1)
    return float(cov[0, 1] / cov[1, 1])


def sharpe_ratio(
    returns: ArrayLike, risk_free_per_period: ArrayLike = 0.0, periods_per_year: float = 252
) -> float:
    """Annualised Sharpe ratio = mean(R - Rf) / s(R - Rf) x sqrt(periods_per_year).

    ``risk_free_per_period`` is the risk-free return for one period (scalar
    or a series aligned with ``returns``), e.g. 0.04 / 252 for 4% a year on
    daily data.  s is the sample standard deviation (ddof=1).  Source:
    Sharpe, "The Sharpe Ratio", Journal of Portfolio Management (1994).
    """
    ex = np.asarray(returns, dtype=float) - np.asarray(risk_free_per_period, dtype=float)
    sd = np.std(ex, ddof=1)
    if sd == 0:
        raise ZeroDivisionError("excess returns have zero volatility")
    return float(np.mean(ex) / sd * np.sqrt(periods_per_year))
