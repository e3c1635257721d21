# ---
# finfluency:
#   title: A century of the default premium (Baa minus Aaa)
#   lesson: credit-spreads
#   outcomes: [B4.2]
#   parameters:
#     start: {type: date, default: 1919-01-01, min: 1919-01-01, max: 2018-12-01, label: From (month)}
#     end: {type: date, default: 2018-12-01, min: 1919-01-01, max: 2018-12-01, label: To (month)}
#     threshold: {type: float, default: 2.0, min: 0.25, max: 6.0, label: Stress threshold (percentage points)}
#     recovery: {type: float, default: 0.4, min: 0.0, max: 0.9, label: Recovery rate for the implied default intensity}
#   constraints: ["start < end"]
#   grid: [{start: 2000-01-01, end: 2012-12-01}]
#   data:
#     yields: {kind: yields, start: start, end: end}
#   exercises:
#     - key: peak-spread
#       prompt: What was the widest Baa minus Aaa spread in the window, in percentage points (e.g. 3.4%)?
#       answer: peak_spread
#       unit: percent
#       tolerance: 0.0001
#       hint: Take the monthly difference BAA - AAA, then its maximum over the window.
#     - key: peak-year
#       prompt: In which year was that widest month?
#       answer: peak_year
#       unit: number
#       tolerance: 0
#       hint: The first month with the widest spread, if several tie.
#     - key: average-spread
#       prompt: What was the average Baa minus Aaa spread over the window, in basis points?
#       answer: average_spread_bp
#       unit: bp
#       tolerance: 0.5
#       hint: The mean of the monthly spreads; 1 percentage point is 100 bp.
# # ruff: noqa: E402, E501, B018, I001 - a notebook: imports per cell, bare expressions display
# ---

# %% [markdown]
# Moody's has published the average yields of its seasoned **Aaa** (highest grade) and **Baa** (lowest
# investment grade) corporate bonds every month since 1919. Both are corporate bonds, with similar
# maturities and the same tax treatment, so the difference between them isolates one thing: what the
# market charges to hold the lowest investment grade instead of the highest. Finance calls it the
# *default premium* or *default spread* (Fama and French, 1989). Read it as the market's price of
# credit risk, quoted every month for a hundred years.
#
# The lesson splits a [[credit spread]] into expected loss plus premia for risk and for liquidity. This
# notebook lets you see the premia move: expected losses change slowly, yet the spread jumps in every
# crisis.
#
# **The data stop in December 2018.** The offline snapshot ships Moody's series as published with the
# `arch` package, to 2018-12. The spike of March 2020 (COVID-19) is therefore not here; the live data
# this site can fetch (Yahoo Finance) do not include Moody's yields either.

# %% tags=["parameters"]
import datetime

start = datetime.date(1919, 1, 1)
end = datetime.date(2018, 12, 1)
threshold = 2.0
recovery = 0.4

# %%
import matplotlib.pyplot as plt
import pandas as pd

from finfluency import load
from finfluency.finance import cds, spreads

yields = load("yields")
frame = yields.frame[["aaa", "baa"]].dropna()
if len(frame) < 2:
    raise ValueError(f"Only {len(frame)} month(s) of yields from {start} to {end}: choose a longer window.")
months = frame.index
spread = pd.Series(spreads.default_premium(frame["baa"], frame["aaa"]), index=months, name="baa_minus_aaa")
spread_bp = pd.Series(spreads.default_premium_bp(frame["baa"], frame["aaa"]), index=months)
print(f"{len(frame)} months from {months[0]:%Y-%m} to {months[-1]:%Y-%m}; {yields.provenance.label()}")
frame.assign(spread=spread).describe().round(2)

# %% [markdown]
# ## The two yields and the gap between them
#
# The top panel shows why the difference matters more than either level: both yields rose into the
# early 1980s and fell after, driven by inflation and interest rates. The bottom panel strips that out.
# The Depression, the early-1980s recessions and 2008 are marked where they fall inside your window,
# each at its widest month.

# %%
EPISODES = {  # name -> the years in which to look for its widest month
    "Great Depression": (1929, 1939),
    "1980-82 recessions": (1980, 1983),
    "2008 financial crisis": (2007, 2010),
}
peak_month = spread.idxmax()
peak_pp = float(spread.max())
peak_spread = peak_pp / 100  # percentage points as a fraction: 5.6 points is 5.6%, stored as 0.056
peak_year = peak_month.year
average_spread_bp = float(spread_bp.mean())

fig, (top, bottom) = plt.subplots(2, 1, figsize=(9, 6), sharex=True, height_ratios=[1, 1.3])
top.plot(months, frame["baa"], label="Baa", color="tab:red", linewidth=1)
top.plot(months, frame["aaa"], label="Aaa", color="tab:blue", linewidth=1)
top.set_ylabel("Yield (% a year)")
top.set_title("Moody's seasoned corporate bond yields")
top.legend(loc="upper left")

bottom.plot(months, spread, color="black", linewidth=1)
bottom.axhline(
    threshold, color="tab:orange", linestyle="--", linewidth=1, label=f"threshold {threshold:g} pts"
)
bottom.fill_between(months, spread, threshold, where=spread > threshold, color="tab:orange", alpha=0.3)
marked = []
for name, (first, last) in EPISODES.items():
    part = spread[(spread.index.year >= first) & (spread.index.year <= last)]
    if part.empty:
        continue
    when = part.idxmax()
    marked.append(
        {"episode": name, "widest month": f"{when:%Y-%m}", "spread (pts)": round(float(part.max()), 2)}
    )
    left = when.year > 2000  # label recent peaks on their left, clear of the right edge
    bottom.annotate(
        f"{name}\n{when:%b %Y}: {part.max():.2f}",
        (when, part.max()),
        xytext=(-12 if left else 12, -4),
        textcoords="offset points",
        ha="right" if left else "left",
        fontsize=8,
        arrowprops={"arrowstyle": "-", "color": "grey"},
    )
if months[-1] >= pd.Timestamp("2018-12-01"):
    bottom.axvline(months[-1], color="grey", linestyle=":", linewidth=1)
    bottom.annotate(
        "data end 2018-12:\n2020 (COVID-19)\nnot in the snapshot",
        (months[-1], peak_pp * 1.22),
        xytext=(-6, 0),
        textcoords="offset points",
        ha="right",
        va="top",
        fontsize=8,
        color="grey",
    )
bottom.set_ylim(min(0.0, float(spread.min()) * 1.1), peak_pp * 1.25)
bottom.set_ylabel("Baa - Aaa (percentage points)")
bottom.set_xlabel("Month")
bottom.set_title("The default premium: Baa minus Aaa")
bottom.legend(loc="upper center")
fig.tight_layout()

pd.DataFrame(marked) if marked else "No crisis of the list falls inside this window."

# %% [markdown]
# ## Calm and stress, decade by decade
#
# Averages hide the spikes and maxima hide how long they last. The table gives both for each decade
# in the window, and the number of months above your threshold.

# %%
decades = pd.DataFrame(
    {
        "average (bp)": spread_bp.groupby((months.year // 10) * 10).mean(),
        "widest (bp)": spread_bp.groupby((months.year // 10) * 10).max(),
        f"months above {threshold:g} pts": (spread > threshold).groupby((months.year // 10) * 10).sum(),
    }
)
decades.index = [f"{d}s" for d in decades.index]
decades.index.name = "decade"
stressed = int((spread > threshold).sum())
print(
    f"Widest month: {peak_month:%B %Y}, {peak_pp:.2f} percentage points ({peak_pp * 100:.0f} bp)\n"
    f"Average over the window: {average_spread_bp:.1f} bp\n"
    f"Months above {threshold:g} points: {stressed} of {len(spread)}"
)
decades.round(1)

# %% [markdown]
# ## What would the spread mean if it were all expected loss?
#
# The credit triangle of the lesson turns a spread into a default intensity: $\lambda \approx s / (1-R)$.
# Applied to the default premium, it gives how much more often Baa issuers would have to default than
# Aaa issuers, each year, if investors asked for nothing but their expected loss. Compare the result
# with the historical default rates of Baa issuers, which Moody's default studies put at a fraction of
# one percent a year: the gap is the credit risk premium plus the liquidity premium, and it is largest
# precisely in the crises. These are **risk-neutral** intensities: right for pricing, biased upwards as
# forecasts.

# %%
implied = pd.Series(cds.credit_triangle_hazard(spread / 100, recovery), index=months)
print(
    f"With recovery {recovery:.0%}: implied extra default intensity of Baa over Aaa, "
    f"average {implied.mean():.2%} a year, widest {implied.max():.2%} a year ({implied.idxmax():%Y-%m})"
)

fig, ax = plt.subplots(figsize=(9, 3))
ax.plot(months, implied * 100, color="tab:green", linewidth=1)
ax.set_title(f"Default intensity implied by the Baa - Aaa spread (recovery {recovery:.0%})")
ax.set_xlabel("Month")
ax.set_ylabel("Intensity (% a year)")
fig.tight_layout()

# %% [markdown]
# ## Takeaways
#
# - In quiet decades the premium sits near one percentage point; in the Depression it passed five, and
#   in December 2008 it reached its widest since the 1930s. Expected losses do not swing that fast:
#   the price of bearing credit risk does.
# - A default probability backed out of spreads jumps in a panic partly because the premium jumps. A
#   provisioning model fed with market-implied PDs overstates losses in a crisis and understates them
#   in a boom.
# - Narrow the window (for example 2000-01 to 2012-12) and answer the exercises again: the peak, its
#   year and the average all depend on the window you choose.
