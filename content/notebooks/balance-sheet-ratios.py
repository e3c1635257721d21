# ---
# finfluency:
#   title: Balance-sheet ratios, year by year
#   lesson: liquidity-ratios
#   outcomes: [A2.1, A3.1]
#   parameters:
#     company: {type: choice, choices: [AAPL, SNOW], default: AAPL, label: Company (ticker)}
#     fiscal_year: {type: choice, choices: [latest, FY2025, FY2024, FY2023, FY2022, FY2021], default: latest, label: Fiscal year for the exercises}
#   grid: [{company: SNOW}]
#   data:
#     sheets: {kind: balance_sheets, ticker: company}
#   exercises:
#     - key: current-ratio
#       prompt: What is the current ratio in the fiscal year the notebook analyses?
#       answer: current_ratio
#       unit: ratio
#       tolerance: 0.005
#       hint: Current assets divided by current liabilities, both at the year end.
#     - key: quick-ratio
#       prompt: What is the quick ratio (trade receivables only) in the fiscal year the notebook analyses?
#       answer: quick_ratio
#       unit: ratio
#       tolerance: 0.005
#       hint: Cash + current marketable securities + trade receivables, over current liabilities. Inventories and vendor non-trade receivables stay out.
#     - key: debt-to-equity
#       prompt: What is debt-to-equity in the fiscal year the notebook analyses?
#       answer: debt_to_equity
#       unit: ratio
#       tolerance: 0.005
#       hint: Debt means interest-bearing debt (commercial paper + current and non-current term debt), not total liabilities.
# # ruff: noqa: E402, E501, B018, I001 - a notebook: imports per cell, bare expressions display
# ---

# %% [markdown]
# A ratio from one balance sheet is a single sample. This notebook loads every balance sheet we have
# for one company, computes the liquidity ratios of this lesson ([[current ratio]], [[quick ratio]],
# [[cash ratio]]) and the leverage ratios of the next one ([[debt-to-equity]], [[debt-to-capital]])
# for each year, and puts the years side by side, so you can see what moved.
#
# Pick the company and the fiscal year the exercises ask about. **AAPL** is Apple (fiscal years end in
# late September); **SNOW** is Snowflake (years end on 31 January, so FY2025 is the year to
# January 2025). JPMorgan is not offered: a bank's balance sheet has no current/non-current split, so
# none of the liquidity ratios exists for it (the bank lesson of this track explains why).

# %% tags=["parameters"]
company = "AAPL"
fiscal_year = "latest"

# %% [markdown]
# ## The figures
#
# One row per line item, one column per fiscal year, in USD millions. With live data off these come
# from the company files on this site, typed in from the 10-K filings; the caption under each table
# and chart names the source. An empty cell means the file does not have that line.

# %%
import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from finfluency import load, show
from finfluency.finance import ratios, statements

sheets = load("sheets")
figures = sheets.frame.sort_index()  # one row per fiscal year, oldest first
years = list(figures.index)
print(f"{company}: {len(years)} balance sheets ({', '.join(years)}); {sheets.provenance.label()}")

LINES = {
    "cash": "Cash and equivalents",
    "securities": "Marketable securities (current)",
    "receivables": "Trade receivables",
    "other_receivables": "Vendor non-trade receivables",
    "inventories": "Inventories",
    "current_assets": "Total current assets",
    "total_assets": "Total assets",
    "current_liabilities": "Total current liabilities",
    "short_term_debt": "Commercial paper",
    "current_ltd": "Term debt, current",
    "long_term_debt": "Term debt, non-current",
    "total_liabilities": "Total liabilities",
    "equity": "Total equity",
}
table = figures.reindex(columns=list(LINES)).T.rename(index=LINES)
table

# %% [markdown]
# ## From figures to ratios
#
# Each ratio is a function of `learn.finance.ratios` applied to a `BalanceSheet`. Two conventions
# matter, both from the lessons:
#
# - The quick ratio counts **trade** receivables only. Apple's vendor non-trade receivables are real
#   claims but not trade receivables; the "broad" quick ratio adds them, to show how much the choice
#   moves the answer.
# - **Debt** is interest-bearing debt only (commercial paper + current and non-current term debt).
#   Total liabilities also hold payables and deferred revenue; liabilities-to-equity uses them all.
#
# A ratio whose inputs are missing from the file is shown as blank rather than computed from zeros:
# Snowflake's file has totals only, so its quick, cash and debt ratios cannot be computed from it.


# %%
def figure(row, name, required):
    """The figure in USD millions; a missing optional line counts as 0, a missing required one is NaN."""
    value = row.get(name)
    if value is None or pd.isna(value):
        return math.nan if name in required else 0.0
    return float(value)


NEEDS = {  # ratio name -> (function, the lines it cannot do without)
    "Current ratio": (ratios.current_ratio, {"current_assets", "current_liabilities"}),
    "Quick ratio": (ratios.quick_ratio, {"cash", "receivables", "current_liabilities"}),
    "Quick ratio (broad)": (
        lambda bs: ratios.quick_ratio(bs, include_other_receivables=True),
        {"cash", "receivables", "other_receivables", "current_liabilities"},
    ),
    "Cash ratio": (ratios.cash_ratio, {"cash", "current_liabilities"}),
    "Debt-to-equity": (ratios.debt_to_equity, {"long_term_debt", "equity"}),
    "Debt-to-capital": (ratios.debt_to_capital, {"long_term_debt", "equity"}),
    "Liabilities-to-equity": (ratios.liabilities_to_equity, {"total_liabilities", "equity"}),
}


def ratios_of(row):
    out = {}
    for name, (function, required) in NEEDS.items():
        f = {line: figure(row, line, required) for line in LINES}
        if any(math.isnan(f[line]) for line in required):
            out[name] = math.nan
            continue
        out[name] = function(statements.BalanceSheet.from_lines(f))
    return out


by_year = pd.DataFrame({year: ratios_of(figures.loc[year]) for year in years})
by_year.round(3)

# %% [markdown]
# ## Side by side
#
# The grouped bars put each ratio's years next to each other. The dashed line at 1.0 is where a
# liquidity ratio says "liquid assets just cover what falls due this year"; for the leverage ratios it
# is where debt (or all liabilities) equals equity.

# %%
shown = by_year.dropna(how="all")
fig, ax = plt.subplots(figsize=(8, 3.8))
width = 0.8 / max(len(years), 1)
x = np.arange(len(shown.index))
for i, year in enumerate(years):
    ax.bar(x + (i - (len(years) - 1) / 2) * width, shown[year].fillna(0.0), width, label=year)
ax.axhline(1.0, color="grey", linestyle="--", linewidth=1)
ax.set_xticks(x)
ax.set_xticklabels(shown.index, rotation=20, ha="right")
ax.set_ylabel("Ratio (times)")
ax.set_xlabel("Ratio")
ax.set_title(f"{company}: liquidity and leverage ratios by fiscal year")
ax.legend(title="Fiscal year")
fig.tight_layout()
missing = by_year.index[by_year.isna().any(axis=1)]
if len(missing):
    print("Not computable from these figures (blank or zero-height bars):", ", ".join(missing))

# %% [markdown]
# ## The year the exercises ask about
#
# "latest" means the newest balance sheet loaded. If you pick a year this company has no balance sheet
# for, the notebook says so and uses the latest one instead.

# %%
if fiscal_year == "latest":
    year = years[-1]
elif fiscal_year in years:
    year = fiscal_year
else:
    year = years[-1]
    show(f"{company} has no {fiscal_year} balance sheet here (it has {', '.join(years)}): using {year}.")

chosen = by_year[year]
current_ratio = chosen["Current ratio"]
quick_ratio = chosen["Quick ratio"]
debt_to_equity = chosen["Debt-to-equity"]
working_capital = figure(figures.loc[year], "current_assets", {"current_assets"}) - figure(
    figures.loc[year], "current_liabilities", {"current_liabilities"}
)
for name, value in chosen.items():
    print(f"{year} {name:<22} {'n/a' if math.isnan(value) else f'{value:.3f}'}")
print(f"{year} working capital        {working_capital:,.0f} USD millions")
if math.isnan(quick_ratio) or math.isnan(debt_to_equity):
    print(
        f"\nThe {company} file has totals only: the quick-ratio and debt-to-equity exercises cannot be "
        "checked for it. Liabilities-to-equity above is the leverage measure its totals allow."
    )

# %% [markdown]
# ## Reading the numbers
#
# - **Apple** runs a current ratio below 1.0 in both filed years (FY2022 and FY2023), and its quick ratio moves by about
#   0.2 depending on which receivables count. As the lesson explains, that is a business model
#   (suppliers finance inventory, cash flow refills the tank), not distress.
# - **Snowflake**'s current ratio is far above 1.0 but falls year after year, while liabilities-to-equity
#   jumps between FY2024 and FY2025: liabilities almost double while equity falls by over 40%.
#   One ratio per year is a sample; the trend is the signal.
#
# **Try it:** switch the company, then answer the exercises for the year you chose. In the downloaded
# notebook, `from finfluency import check` and then `check("current-ratio", 0.99)` grades an answer.
