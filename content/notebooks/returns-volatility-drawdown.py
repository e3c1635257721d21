# ---
# finfluency:
#   title: Returns, volatility and drawdown through a crash
#   lesson: credit-spreads
#   outcomes: [B4.2]
#   parameters:
#     ticker: {type: choice, choices: [AAPL, MSFT, IBM, GOOG, "^GSPC", "^IXIC"], free_text: true, default: "^GSPC", label: Ticker or index}
#     start: {type: date, default: 2007-01-01, min: 1999-01-04, max: 2018-12-31, label: From}
#     end: {type: date, default: 2009-12-31, min: 1999-01-04, max: 2018-12-31, label: To}
#     window: {type: int, default: 21, min: 5, max: 252, label: Volatility window (trading days)}
#   constraints: ["start < end"]
#   grid: [{ticker: AAPL}]
#   data:
#     prices: {kind: prices, ticker: ticker, start: start, end: end}
#   exercises:
#     - key: max-drawdown
#       prompt: What is the maximum drawdown of the chosen series over the period (as a percentage)?
#       answer: max_dd
#       unit: percent
#       tolerance: 0.001
#       hint: Drawdown is measured from the running peak, not from the first price, and it is negative.
#     - key: annual-volatility
#       prompt: What is the annualised volatility of the daily simple returns over the whole period?
#       answer: vol
#       unit: percent
#       tolerance: 0.001
#       hint: Sample standard deviation of the daily returns, times the square root of 252.
# # ruff: noqa: E402, E501, B018, I001 - a notebook: imports per cell, bare expressions display
# ---

# %% [markdown]
# The credit-spreads lesson says spreads widen in recessions partly because defaults arrive exactly when
# investors' other assets are falling. This notebook measures that "other side": what a market crash
# does to prices, to day-to-day risk ([[volatility]]) and to the worst loss from a peak
# ([[maximum drawdown]]). The defaults show the S&P 500 from 2007 to 2009, with Lehman Brothers'
# failure in September 2008 in the middle.
#
# Four measures, each one a function of `learn.finance.returns`:
#
# | Measure | Formula | Reads as |
# | --- | --- | --- |
# | Simple return | $R_t = P_t / P_{t-1} - 1$ | what you made today |
# | Log return | $r_t = \ln(P_t / P_{t-1})$ | the same, but additive over days |
# | Annualised volatility | $s(R) \times \sqrt{252}$ | a typical year's spread of outcomes |
# | Drawdown | $P_t / \max_{s \le t} P_s - 1$ | how far below the best level so far |

# %% tags=["parameters"]
import datetime

ticker = "^GSPC"
start = datetime.date(2007, 1, 1)
end = datetime.date(2009, 12, 31)
window = 21

# %% [markdown]
# ## Prices
#
# We use the adjusted close (`adj_close`): the close corrected for later splits and dividends, so
# that a 2-for-1 split does not look like a 50% crash. For an index the two are the same. The caption
# under the chart says where the data came from.

# %%
import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from finfluency import load
from finfluency.finance import returns

prices = load("prices")
close = prices.frame["adj_close"].dropna()
if len(close) < window + 2:
    held = f" ({close.index[0]:%Y-%m-%d} to {close.index[-1]:%Y-%m-%d})" if len(close) else ""
    raise ValueError(
        f"{ticker} has only {len(close)} daily prices between {start} and {end}{held}: choose a longer "
        f"period (at least {window + 2} trading days for a {window}-day window)."
    )
dates = close.index
print(f"{ticker}: {len(close)} daily prices from {dates[0]:%Y-%m-%d} to {dates[-1]:%Y-%m-%d}")

fig, ax = plt.subplots(figsize=(8, 3.2))
ax.plot(dates, close.to_numpy(), color="tab:blue")
ax.set_title(f"{ticker}: adjusted close")
ax.set_xlabel("Date")
ax.set_ylabel("Price (adjusted close)")
fig.tight_layout()

# %% [markdown]
# ## Daily and log returns
#
# On a day the two differ little ($\ln(1+R) \approx R$ for small $R$); on a crash day the log
# return is the more negative one. Log returns add up over days, simple returns compound:
# the last line checks both views of the whole period give the same total.

# %%
daily = returns.simple_returns(close.to_numpy())
logs = returns.log_returns(close.to_numpy())
table = pd.DataFrame(
    {"price": close.to_numpy()[1:], "simple return": daily, "log return": logs}, index=dates[1:]
)
worst = int(np.argmin(daily))
print(
    f"Worst day: {dates[1:][worst]:%Y-%m-%d}, simple {daily[worst]:.2%}, log {logs[worst]:.2%}\n"
    f"Whole period: compounded simple returns {np.prod(1 + daily) - 1:.2%}, "
    f"exp(sum of log returns) - 1 = {math.exp(logs.sum()) - 1:.2%}"
)
table.sort_values("simple return").head(10)  # the ten worst days

# %% [markdown]
# ## Volatility: one number, then a rolling one
#
# One volatility figure for the whole period hides that risk comes in clusters. The rolling
# volatility recomputes it over the last `window` trading days, every day: watch it jump in the
# autumn of 2008, when it was several times its calm-year level.

# %%
vol = returns.annualized_volatility(daily)
rolling = returns.rolling_volatility(daily, window)
calm = np.nanmedian(rolling)
print(
    f"Annualised volatility over the period: {vol:.2%}\n"
    f"Rolling {window}-day volatility: median {calm:.2%}, highest {np.nanmax(rolling):.2%} "
    f"on {dates[1:][int(np.nanargmax(rolling))]:%Y-%m-%d}"
)

fig, ax = plt.subplots(figsize=(8, 3.2))
ax.plot(dates[1:], rolling * 100, color="tab:red", label=f"{window}-day rolling")
ax.axhline(vol * 100, color="grey", linestyle="--", label="whole period")
ax.set_title(f"{ticker}: annualised volatility of daily returns")
ax.set_xlabel("Date")
ax.set_ylabel("Volatility (% a year)")
ax.legend()
fig.tight_layout()

# %% [markdown]
# ## Drawdown and time to recovery
#
# The drawdown is the loss from the highest price seen so far. Its minimum is the maximum drawdown:
# the loss of someone who bought at the worst moment and sold at the worst moment. The gain needed
# to get back is larger than the loss ($1/(1+D) - 1$): a 50% fall needs a 100% rise.

# %%
dd = returns.drawdown_series(close.to_numpy())
worst_dd = returns.max_drawdown(close.to_numpy())
max_dd = worst_dd.max_drawdown
days_to_recover = returns.time_to_recovery(close.to_numpy())

fig, ax = plt.subplots(figsize=(8, 3.2))
ax.fill_between(dates, dd * 100, 0, color="tab:purple", alpha=0.35)
ax.plot(dates, dd * 100, color="tab:purple", linewidth=0.8)
trough = dates[worst_dd.trough_index]
ax.scatter([trough], [max_dd * 100], color="black", zorder=3)
ax.annotate(
    f"maximum drawdown {max_dd:.1%}\n{trough:%Y-%m-%d}",
    (trough, max_dd * 100),
    xytext=(10, 10),
    textcoords="offset points",
)
ax.set_title(f"{ticker}: drawdown from the running peak")
ax.set_xlabel("Date")
ax.set_ylabel("Drawdown (%)")
fig.tight_layout()

summary = pd.Series(
    {
        "peak": f"{dates[worst_dd.peak_index]:%Y-%m-%d} at {close.iloc[worst_dd.peak_index]:,.2f}",
        "trough": f"{trough:%Y-%m-%d} at {close.iloc[worst_dd.trough_index]:,.2f}",
        "maximum drawdown": f"{max_dd:.2%}",
        "gain needed to recover": f"{worst_dd.gain_to_recover:.2%}",
        "time to recovery": (
            f"{days_to_recover} trading days (back at the peak on {dates[worst_dd.recovery_index]:%Y-%m-%d})"
            if days_to_recover is not None
            else "not within the chosen period"
        ),
    },
    name=ticker,
)
summary

# %% [markdown]
# ## What to take away
#
# - A crash shows up three ways at once: a deep drawdown, a long time under water and a volatility
#   that multiplies. With the defaults, the S&P 500 had not regained its 2007 peak by the end of 2009
#   (it did in 2013: stretch `end` to see it).
# - Volatility is symmetric and drawdown is path-dependent: two series with the same volatility can
#   have very different worst losses.
# - That autumn is also when the Baa minus Aaa spread hit its widest since the 1930s (the
#   default-premium notebook shows it): credit losses are feared most when everything else is falling.
#
# Answer the exercises for your own choice of ticker and dates; the answers are what this run
# computed. In your own Jupyter, `from finfluency import check` and `check("max-drawdown", -0.5)`.
