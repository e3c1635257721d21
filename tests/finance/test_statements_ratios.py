"""Ratios on Apple's FY2023 10-K (USD millions, filed 2023-11-03)."""

from __future__ import annotations

import pytest

from learn.finance import ratios as r
from learn.finance.statements import BalanceSheet, IncomeStatement

APPLE_2023 = BalanceSheet(
    cash_and_equivalents=29_965,
    marketable_securities_current=31_590,
    receivables=29_508,
    other_receivables=31_477,  # vendor non-trade receivables
    inventories=6_331,
    other_current_assets=14_695,
    total_current_assets=143_566,
    total_assets=352_583,
    total_current_liabilities=145_308,
    total_liabilities=290_437,
    total_equity=62_146,
    short_term_debt=5_985,  # commercial paper
    current_portion_long_term_debt=9_822,
    long_term_debt=95_281,
)
APPLE_2023_IS = IncomeStatement(
    revenue=383_285,
    operating_income=114_301,
    interest_expense=3_933,
    net_income=96_995,
    pretax_income=113_736,
    income_tax=16_741,
)
APPLE_2022 = BalanceSheet(
    cash_and_equivalents=0,
    marketable_securities_current=0,
    receivables=0,
    inventories=0,
    other_current_assets=135_405,  # components not needed here
    total_current_assets=135_405,
    total_assets=352_755,
    total_current_liabilities=153_982,
    total_liabilities=302_083,
    total_equity=50_672,
    short_term_debt=9_982,
    current_portion_long_term_debt=11_128,
    long_term_debt=98_959,
)


def test_it_checks_the_balance_sheet_identities():
    assert APPLE_2023.check_identity(tolerance=0.5)
    assert APPLE_2023.identity_gaps() == {"assets": 0, "current_assets": 0}
    assert APPLE_2022.check_identity()
    broken = BalanceSheet(**{**APPLE_2023.__dict__, "total_equity": 62_000})
    assert not broken.check_identity()
    assert broken.identity_gaps()["assets"] == pytest.approx(146)


def test_it_checks_the_income_statement_identity():
    assert APPLE_2023_IS.check_identity()
    assert APPLE_2023_IS.identity_gaps() == {"net_income": 0}
    bad = IncomeStatement(100, 20, 2, 15, ebitda=30, depreciation_amortization=5)
    assert not bad.check_identity()
    assert IncomeStatement(100, 20, 2, 15).check_identity()  # nothing to check


def test_it_computes_apple_liquidity_ratios():
    assert r.current_ratio(APPLE_2023) == pytest.approx(0.98801, abs=5e-6)
    assert r.working_capital(APPLE_2023) == -1_742
    assert r.cash_ratio(APPLE_2023) == pytest.approx(0.42362, abs=5e-6)
    assert r.quick_ratio(APPLE_2023) == pytest.approx(0.62669, abs=5e-6)
    assert r.quick_ratio(APPLE_2023, include_other_receivables=True) == pytest.approx(0.84331, abs=5e-6)


def test_it_computes_apple_solvency_ratios():
    assert r.total_debt(APPLE_2023) == 111_088
    assert r.debt_to_equity(APPLE_2023) == pytest.approx(1.78753, abs=5e-6)
    assert r.debt_to_capital(APPLE_2023) == pytest.approx(0.64126, abs=5e-6)
    assert r.debt_to_assets(APPLE_2023) == pytest.approx(0.31507, abs=5e-6)
    # the brief's 5.67350 is off in the 5th decimal: 352,583 / 62,146 = 5.673462...
    assert r.equity_multiplier(APPLE_2023) == pytest.approx(5.67346, abs=5e-6)
    assert r.liabilities_to_equity(APPLE_2023) == pytest.approx(4.67346, abs=5e-6)
    assert r.equity_multiplier(APPLE_2023) - 1 == pytest.approx(r.liabilities_to_equity(APPLE_2023))
    assert r.interest_coverage(APPLE_2023_IS) == pytest.approx(29.062, abs=5e-4)


def test_it_decomposes_apple_roe_on_ending_balances():
    d = r.dupont(APPLE_2023_IS, APPLE_2023)
    assert d.basis == "ending"
    # the brief's 0.253065 is off: 96,995 / 383,285 = 0.2530623
    assert d.net_profit_margin == pytest.approx(0.253062, abs=5e-7)
    assert d.asset_turnover == pytest.approx(1.087077, abs=5e-7)  # 1.08708 rounded
    assert d.equity_multiplier == pytest.approx(5.673462, abs=5e-7)
    assert d.roe == pytest.approx(1.56076, abs=5e-6)
    assert d.net_profit_margin * d.asset_turnover * d.equity_multiplier == pytest.approx(d.roe, rel=1e-12)


def test_it_decomposes_apple_roe_on_average_balances():
    d = r.dupont(APPLE_2023_IS, APPLE_2023, prior=APPLE_2022)
    assert d.basis == "average"
    assert d.asset_turnover == pytest.approx(383_285 / 352_669, rel=1e-12)
    assert d.equity_multiplier == pytest.approx(352_669 / 56_409, rel=1e-12)
    assert d.roe == pytest.approx(96_995 / 56_409, rel=1e-12)
    assert d.roe == pytest.approx(1.71950, abs=5e-6)
    assert d.net_profit_margin * d.asset_turnover * d.equity_multiplier == pytest.approx(d.roe, rel=1e-12)


def test_it_refuses_a_zero_denominator():
    zero = BalanceSheet(**{**APPLE_2023.__dict__, "total_current_liabilities": 0})
    with pytest.raises(ZeroDivisionError):
        r.current_ratio(zero)
