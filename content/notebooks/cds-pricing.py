# ---
# finfluency:
#   title: From CDS spreads to default probabilities and upfronts
#   lesson: cds-pricing
#   outcomes: [B6.3, B6.4]
#   parameters:
#     preset: {type: choice, choices: [investment grade, high yield, distressed inverted], default: investment grade, label: Spread curve}
#     recovery: {type: float, default: 0.4, min: 0.0, max: 0.9, label: Recovery rate (fraction)}
#     coupon: {type: choice, choices: ["100", "500"], default: "100", label: Standard coupon (bp)}
#   grid: [{preset: distressed inverted, coupon: "500"}]
#   exercises:
#     - key: upfront-5y
#       prompt: What upfront does the market convention give for the 5-year contract on the chosen coupon, as a percentage of notional (positive when the buyer pays)?
#       answer: upfront_5y
#       unit: percent
#       tolerance: 0.0005
#       hint: Flat hazard rate that reprices the 5-year spread, then (spread - coupon) x risky duration. Negative means the seller pays.
#     - key: hazard-5y
#       prompt: What hazard rate does the bootstrapped curve hold between the 3-year and 5-year pillars, in percent a year?
#       answer: hazard_5y
#       unit: percent
#       tolerance: 0.0005
#       hint: It is the 5-year row of the bootstrap table, not the spread divided by (1 - R).
# # ruff: noqa: E402, E501, B018, I001 - a notebook: imports per cell, bare expressions display
# ---

# %% [markdown]
# A CDS curve is a list of par spreads, one per maturity. This notebook does what a pricing library
# does with it, step by step, with the site's own CDS engine (`learn.finance`, the ISDA standard
# model, checked against QuantLib):
#
# 1. **bootstrap** a piecewise-flat [[hazard rate]] curve that reprices every quoted spread;
# 2. read **survival and default probabilities** off that curve;
# 3. turn each spread into an **upfront** for the standard coupon (100 or 500 bp);
# 4. compare the one-line **[[credit triangle]]** $\lambda \approx S / (1-R)$ with the exact price as
#    spreads grow.
#
# No market data: the three curves are illustrative shapes (an upward-sloping investment-grade name,
# a high-yield name, and a distressed name whose curve is inverted because default is feared soon).
# Trade date 7 December 2026, a flat 3% interest rate and quarterly premiums on the 20th of March,
# June, September and December, as in the lesson.

# %% tags=["parameters"]
preset = "investment grade"
recovery = 0.4
coupon = "100"

# %%
import datetime

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from finfluency import show
from finfluency.finance import cds, cds_calibration, curves, schedule

TRADE_DATE = datetime.date(2026, 12, 7)
RATE = 0.03  # flat, continuously compounded
ENGINE = "isda"
TENORS = {"6m": 6, "1y": 12, "2y": 24, "3y": 36, "5y": 60, "7y": 84, "10y": 120}
PRESETS = {  # par spreads in basis points, one per tenor
    "investment grade": [20, 28, 40, 52, 75, 92, 110],
    "high yield": [250, 290, 340, 380, 450, 490, 520],
    "distressed inverted": [2600, 2450, 2200, 2000, 1800, 1700, 1600],
}
spreads_bp = np.array(PRESETS[preset], dtype=float)
quotes = spreads_bp * 1e-4
coupon_rate = int(coupon) * 1e-4
t0 = schedule.to_days(TRADE_DATE)
discount = curves.FlatDiscountCurve(RATE)
maturities = [schedule.cds_maturity(TRADE_DATE, months) for months in TENORS.values()]

pd.DataFrame(
    {
        "maturity": [f"{schedule.from_days(m):%Y-%m-%d}" for m in maturities],
        "par spread (bp)": spreads_bp,
    },
    index=pd.Index(list(TENORS), name="tenor"),
)

# %% [markdown]
# ## 1. Bootstrap the hazard curve
#
# Tenor by tenor, the bootstrap solves for the one hazard rate on the new segment (from the previous
# pillar to this maturity) that makes the contract's par spread equal the quote, keeping the earlier
# segments fixed. The result reprices every quote exactly. Compare the segment hazard with the
# triangle's $S/(1-R)$: on a sloped curve the triangle gives an *average*, and the forward hazard
# between two pillars can be well above or below it.

# %%
try:
    curve = cds_calibration.bootstrap_hazard_curve(
        TRADE_DATE, list(TENORS.values()), quotes, recovery, discount, engine=ENGINE
    )
except (ValueError, RuntimeError) as exc:
    raise ValueError(
        f"No hazard curve reprices the {preset} spreads with a recovery of {recovery:.0%}: with so little "
        f"lost in a default, no default rate is high enough to justify spreads this wide. Lower the "
        f"recovery rate and run again. ({exc})"
    ) from None

hazards = curve.hazards
survival = curve.survival(np.array(maturities) - t0)
priced = cds.price_cds(TRADE_DATE, maturities, coupon_rate, recovery, discount, curve, ENGINE)
bootstrap = pd.DataFrame(
    {
        "par spread (bp)": spreads_bp,
        "repriced (bp)": priced.par_spread * 1e4,
        "segment hazard (%)": hazards * 100,
        "triangle S/(1-R) (%)": cds.credit_triangle_hazard(quotes, recovery) * 100,
        "survival to maturity (%)": survival * 100,
        "default by maturity (%)": (1 - survival) * 100,
    },
    index=pd.Index(list(TENORS), name="tenor"),
)
hazard_5y = float(hazards[list(TENORS).index("5y")])
print(f"Largest repricing error: {np.max(np.abs(priced.par_spread - quotes)) * 1e4:.2e} bp")
bootstrap.round(3)

# %% [markdown]
# ## 2. Survival and default probabilities
#
# Survival decays at the hazard rate: $Q(t) = e^{-\int_0^t \lambda(u)\,du}$, and the probability of
# default by $t$ is $1 - Q(t)$. These are **risk-neutral** probabilities: the ones that make the prices
# fair, premia included, so they are above what history would predict for the same name.

# %%
days = np.arange(0, maturities[-1] - t0 + 1, 7)
years = days / 365.0
q = curve.survival(days)
fig, ax = plt.subplots(figsize=(8, 3.4))
ax.plot(years, q * 100, label="survival Q(t)", color="tab:blue")
ax.plot(years, (1 - q) * 100, label="default by t, 1 - Q(t)", color="tab:red")
pillar_years = (np.array(maturities) - t0) / 365.0
ax.scatter(pillar_years, survival * 100, color="tab:blue", zorder=3, s=15)
for label, x, y in zip(TENORS, pillar_years, survival * 100, strict=True):
    ax.annotate(label, (x, y), xytext=(0, 5), textcoords="offset points", ha="center", fontsize=8)
ax.set_title(f"{preset.capitalize()} curve, recovery {recovery:.0%}: risk-neutral probabilities")
ax.set_xlabel("Years from the trade date")
ax.set_ylabel("Probability (%)")
ax.set_ylim(0, 100)
ax.legend(loc="center right")
fig.tight_layout()

# %% [markdown]
# ## 3. Upfront for the standard coupon
#
# Contracts trade on a fixed coupon (100 or 500 bp) and settle the difference upfront. The market
# convention (ISDA standard model, Markit's upfront conventions) quotes it from a **flat** hazard rate
# that reprices that tenor's spread: upfront $= (S - c) \times$ risky duration, positive when the
# buyer pays. The "on the curve" column prices the same contract on the bootstrapped curve instead;
# the two differ a little because the curve is not flat.

# %%
quoted = cds_calibration.upfront_from_spread(
    TRADE_DATE, maturities, quotes, coupon_rate, recovery, discount, ENGINE
)
flat = cds_calibration.flat_hazard_from_spread(TRADE_DATE, maturities, quotes, recovery, discount, ENGINE)
on_flat = cds.price_cds(
    TRADE_DATE, maturities, coupon_rate, recovery, discount, curves.FlatHazardCurve(flat), ENGINE
)
duration = (on_flat.risky_annuity - on_flat.rebate_annuity) / on_flat.upfront_discount
upfronts = pd.DataFrame(
    {
        "par spread (bp)": spreads_bp,
        "flat hazard (%)": flat * 100,
        "risky duration": duration,
        f"upfront, {coupon} bp coupon (%)": quoted * 100,
        "(S - c) x duration (%)": (quotes - coupon_rate) * duration * 100,
        "on the curve (%)": priced.fair_upfront * 100,
    },
    index=pd.Index(list(TENORS), name="tenor"),
)
upfront_5y = float(quoted[list(TENORS).index("5y")])
who = "the buyer pays the seller" if upfront_5y > 0 else "the seller pays the buyer"
show(f"5-year upfront on a {coupon} bp coupon: {upfront_5y:.3%} of notional ({who}).")
upfronts.round(3)

# %% [markdown]
# ## 4. Where the credit triangle breaks
#
# The triangle is fine for a quick hazard rate: it stays about 1% below the exact flat hazard at any
# spread, mostly because premiums accrue on Actual/360. What fails is a **fixed** risky duration: a
# riskier name is expected to stop paying sooner, so its duration falls, and an upfront computed with
# a low-spread duration overstates what changes hands. The left chart compares the hazard rates, the
# right one the 5-year upfronts, for flat curves at the recovery you chose.

# %%
five_year = maturities[list(TENORS).index("5y")]
top_bp = 2500 * (1 - recovery) / 0.6  # spreads up to a triangle hazard of about 42% a year
grid_bp = np.linspace(25, top_bp, 60)
grid = grid_bp * 1e-4
at_5y = np.full(grid.size, five_year)
exact_hazard = cds_calibration.flat_hazard_from_spread(TRADE_DATE, at_5y, grid, recovery, discount, ENGINE)
triangle_hazard = cds.credit_triangle_hazard(grid, recovery)
exact_upfront = cds_calibration.upfront_from_spread(
    TRADE_DATE, at_5y, grid, coupon_rate, recovery, discount, ENGINE
)
low = cds.price_cds(
    TRADE_DATE, [five_year], coupon_rate, recovery, discount, curves.FlatHazardCurve(exact_hazard[:1]), ENGINE
)
fixed_duration = float((low.risky_annuity[0] - low.rebate_annuity[0]) / low.upfront_discount)
shortcut_upfront = (grid - coupon_rate) * fixed_duration

fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6))
left.plot(grid_bp, exact_hazard * 100, label="exact (ISDA model)", color="black")
left.plot(grid_bp, triangle_hazard * 100, label="triangle S/(1-R)", color="tab:orange", linestyle="--")
left.set_title("5-year flat hazard rate")
left.set_xlabel("Par spread (bp)")
left.set_ylabel("Hazard rate (% a year)")
left.legend()
right.plot(grid_bp, exact_upfront * 100, label="exact upfront", color="black")
right.plot(
    grid_bp,
    shortcut_upfront * 100,
    label=f"(S - c) x {fixed_duration:.2f} (fixed)",
    color="tab:orange",
    linestyle="--",
)
right.axhline(0, color="grey", linewidth=0.8)
right.set_title(f"5-year upfront on a {coupon} bp coupon")
right.set_xlabel("Par spread (bp)")
right.set_ylabel("Upfront (% of notional)")
right.legend()
fig.tight_layout()

gap = (exact_hazard - triangle_hazard) / exact_hazard
print(
    f"Triangle hazard below the exact one by {gap.min():.2%} to {gap.max():.2%} of it across the chart.\n"
    f"At {grid_bp[-1]:,.0f} bp the fixed-duration shortcut gives an upfront of {shortcut_upfront[-1]:.1%} "
    f"against {exact_upfront[-1]:.1%} exact."
)

# %% [markdown]
# ## Try this
#
# - Switch to **distressed inverted**: the 6-month hazard is far above the 10-year one. The market
#   fears default soon; if the name survives the next year or two, it is expected to be safer.
# - Move the **recovery** from 40% to 20% on each curve: the investment-grade upfront hardly moves,
#   the distressed one moves by several points of notional. For distressed names, recovery drives the
#   price.
# - Switch the **coupon** to 500 bp on the high-yield curve: the upfront changes sign.
