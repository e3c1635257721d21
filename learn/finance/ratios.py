"""Liquidity, solvency, coverage and DuPont ratios.

Conventions (stated once here and repeated in each docstring):

- "Debt" means interest-bearing debt only: short-term borrowings (e.g.
  commercial paper) + current portion of long-term debt + long-term debt.
  It is *not* total liabilities; ``liabilities_to_equity`` covers that.
- Balance-sheet ratios use ending balances.  DuPont/ROE uses ending
  balances unless a prior-period balance sheet is passed, in which case
  assets and equity are the simple average of the two year-ends.

Source: CFA Institute, "Financial Analysis Techniques" (CFA Program Level I
curriculum), ratio definitions for liquidity, solvency and DuPont analysis.
"""

from __future__ import annotations

from dataclasses import dataclass

from .statements import BalanceSheet, IncomeStatement


def _div(num: float, den: float) -> float:
    if den == 0:
        raise ZeroDivisionError("ratio denominator is zero")
    return num / den


# --------------------------------------------------------------------------- liquidity


def current_ratio(bs: BalanceSheet) -> float:
    """Current ratio = current assets / current liabilities (ending balances).

    Source: CFA Institute, Financial Analysis Techniques.
    """
    return _div(bs.total_current_assets, bs.total_current_liabilities)


def working_capital(bs: BalanceSheet) -> float:
    """Working capital = current assets - current liabilities (ending balances).

    Source: CFA Institute, Financial Analysis Techniques.
    """
    return bs.total_current_assets - bs.total_current_liabilities


def cash_ratio(bs: BalanceSheet) -> float:
    """Cash ratio = (cash + current marketable securities) / current liabilities.

    Source: CFA Institute, Financial Analysis Techniques.
    """
    return _div(bs.cash_and_equivalents + bs.marketable_securities_current, bs.total_current_liabilities)


def quick_ratio(bs: BalanceSheet, include_other_receivables: bool = False) -> float:
    """Quick ratio = (cash + current marketable securities + receivables) / current liabilities.

    Trade receivables always count; ``include_other_receivables`` adds
    non-trade receivables (e.g. Apple's vendor non-trade receivables), which
    the CFA definition leaves to the analyst.  Inventories and other current
    assets never count.  Ending balances.  Source: CFA Institute, Financial
    Analysis Techniques.
    """
    quick = bs.cash_and_equivalents + bs.marketable_securities_current + bs.receivables
    if include_other_receivables:
        quick += bs.other_receivables
    return _div(quick, bs.total_current_liabilities)


# --------------------------------------------------------------------------- solvency


def total_debt(bs: BalanceSheet) -> float:
    """Total debt = short-term debt + current portion of LTD + long-term debt.

    Interest-bearing debt only (not accounts payable, deferred revenue or
    other liabilities).  Source: CFA Institute, Financial Analysis Techniques.
    """
    return bs.total_debt


def debt_to_equity(bs: BalanceSheet) -> float:
    """Debt-to-equity = total debt / total shareholders' equity (ending).

    Debt = short-term borrowings + current portion LTD + long-term debt.
    Source: CFA Institute, Financial Analysis Techniques.
    """
    return _div(bs.total_debt, bs.total_equity)


def debt_to_capital(bs: BalanceSheet) -> float:
    """Debt-to-capital = total debt / (total debt + total equity) (ending).

    Debt = short-term borrowings + current portion LTD + long-term debt.
    Source: CFA Institute, Financial Analysis Techniques.
    """
    return _div(bs.total_debt, bs.total_debt + bs.total_equity)


def debt_to_assets(bs: BalanceSheet) -> float:
    """Debt-to-assets = total debt / total assets (ending).

    Debt = short-term borrowings + current portion LTD + long-term debt.
    Source: CFA Institute, Financial Analysis Techniques.
    """
    return _div(bs.total_debt, bs.total_assets)


def equity_multiplier(bs: BalanceSheet) -> float:
    """Financial leverage (equity multiplier) = total assets / total equity (ending).

    Source: CFA Institute, Financial Analysis Techniques.
    """
    return _div(bs.total_assets, bs.total_equity)


def liabilities_to_equity(bs: BalanceSheet) -> float:
    """Total liabilities / total equity (ending); all liabilities, not just debt.

    Equals equity multiplier - 1 when A = L + E holds.  Source: CFA
    Institute, Financial Analysis Techniques.
    """
    return _div(bs.total_liabilities, bs.total_equity)


def interest_coverage(inc: IncomeStatement) -> float:
    """Interest coverage = EBIT / interest expense (same fiscal period).

    EBIT is taken as reported operating income.  Source: CFA Institute,
    Financial Analysis Techniques.
    """
    return _div(inc.operating_income, inc.interest_expense)


# --------------------------------------------------------------------------- DuPont


@dataclass(frozen=True)
class DuPont:
    """Three-factor DuPont: ROE = margin x turnover x multiplier.  Source: CFA Institute, FAT."""

    net_profit_margin: float
    asset_turnover: float
    equity_multiplier: float
    roe: float
    basis: str  # "ending" or "average"


def dupont(inc: IncomeStatement, bs: BalanceSheet, prior: BalanceSheet | None = None) -> DuPont:
    """Three-part DuPont analysis.

    ROE = (net income / revenue) x (revenue / assets) x (assets / equity)
        = net profit margin x asset turnover x equity multiplier.

    With ``prior=None`` the balance-sheet denominators are ending balances;
    with a prior-period sheet they are averages (begin + end) / 2, and ROE is
    net income / average equity (the product of the three factors still
    equals ROE exactly).  Source: CFA Institute, Financial Analysis
    Techniques (DuPont analysis: the decomposition of ROE).
    """
    if prior is None:
        assets, equity, basis = bs.total_assets, bs.total_equity, "ending"
    else:
        assets = 0.5 * (bs.total_assets + prior.total_assets)
        equity = 0.5 * (bs.total_equity + prior.total_equity)
        basis = "average"
    margin = _div(inc.net_income, inc.revenue)
    turnover = _div(inc.revenue, assets)
    multiplier = _div(assets, equity)
    return DuPont(
        net_profit_margin=margin,
        asset_turnover=turnover,
        equity_multiplier=multiplier,
        roe=_div(inc.net_income, equity),
        basis=basis,
    )
