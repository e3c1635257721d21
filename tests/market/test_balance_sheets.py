"""Live balance sheets: Yahoo's keys and units mapped to our figures (the keys of companies.SOURCES)."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from learn.market import api, companies
from tests.market.fakes import yahoo_balance_sheet

pytestmark = pytest.mark.django_db

INCOME_LINES = {"revenue", "ebit", "interest", "net_income"}

# Apple FY2023 as Yahoo reports it: US dollars, not millions; no plain "Total Liabilities".
APPLE_2023 = {
    "Total Assets": 352_583_000_000.0,
    "Current Assets": 143_566_000_000.0,
    "Current Liabilities": 145_308_000_000.0,
    "Total Liabilities Net Minority Interest": 290_437_000_000.0,
    "Stockholders Equity": 62_146_000_000.0,
    "Total Equity Gross Minority Interest": 62_146_000_000.0,
    "Cash And Cash Equivalents": 29_965_000_000.0,
    "Other Short Term Investments": 31_590_000_000.0,
    "Accounts Receivable": 29_508_000_000.0,
    "Other Receivables": 31_477_000_000.0,
    "Inventory": 6_331_000_000.0,
    "Commercial Paper": 5_985_000_000.0,
    "Other Current Borrowings": 9_822_000_000.0,
    "Long Term Debt": 95_281_000_000.0,
}


def test_it_maps_yahoo_keys_and_units_to_our_figures(yahoo):
    older = {key: value * 0.9 for key, value in APPLE_2023.items()}
    padding = dict.fromkeys(APPLE_2023, math.nan)  # Yahoo pads old years with empty columns
    sheet = yahoo_balance_sheet({"2023-09-30": APPLE_2023, "2022-09-24": older, "2019-09-28": padding})
    yahoo.balance_sheet = lambda symbol: sheet

    statements = api.balance_sheets("AAPL")

    assert [(s.label, s.period_end) for s in statements] == [
        ("FY2023", dt.date(2023, 9, 30)),
        ("FY2022", dt.date(2022, 9, 24)),
    ]
    newest = statements[0]
    assert set(newest.figures) == set(companies.SOURCES)
    filed = companies.load_catalogue().statements["apple-fy2023"].figures
    for name in [key for key in companies.SOURCES if key not in INCOME_LINES]:
        assert newest.figures[name] == pytest.approx(filed[name]), name
    assert newest.figures["revenue"] is None  # a balance sheet has no income statement lines
    assert (newest.units, newest.currency) == ("millions", "USD")
    assert newest.provenance.kind == "live" and newest.provenance.source == "Yahoo Finance via yfinance"


def test_equity_includes_minority_interest_so_the_identity_holds(yahoo):
    sheet = yahoo_balance_sheet(
        {
            "2025-01-31": {
                "Total Assets": 9_033_938_000.0,
                "Total Liabilities Net Minority Interest": 6_027_295_000.0,
                "Stockholders Equity": 2_999_929_000.0,
                "Total Equity Gross Minority Interest": 3_006_643_000.0,
            }
        }
    )
    yahoo.balance_sheet = lambda symbol: sheet

    (snow,) = api.balance_sheets("SNOW")

    f = snow.figures
    assert f["equity"] == pytest.approx(3006.643)
    assert f["total_assets"] == pytest.approx(f["total_liabilities"] + f["equity"])
    assert f["current_assets"] is None  # missing rows stay None, never 0


def test_it_reports_the_currency_yahoo_gives(yahoo):
    yahoo.balance_sheet = lambda symbol: yahoo_balance_sheet({"2024-03-31": {"Total Assets": 2e12}})
    yahoo.fast_info = lambda symbol: {"currency": "JPY"}

    (statement,) = api.balance_sheets("7203.T")

    assert statement.currency == "JPY" and statement.figures["total_assets"] == 2_000_000.0


def test_it_asks_yahoo_once_a_day(yahoo):
    yahoo.balance_sheet = lambda symbol: yahoo_balance_sheet({"2023-09-30": APPLE_2023})

    api.balance_sheets("AAPL")
    api.balance_sheets("AAPL")

    assert yahoo.count("balance_sheet") == 1


def test_offline_it_reads_the_company_files_newest_first(settings, yahoo):
    settings.MARKET_LIVE = False

    snow = api.balance_sheets("snow")

    assert yahoo.calls == []
    assert [s.label for s in snow] == ["FY2025", "FY2024", "FY2023"]
    assert snow[0].figures["total_assets"] == 9033.938 and snow[-1].figures["equity"] == 5468.615
    assert snow[0].provenance.label().startswith("Company filing: Snowflake Inc. Form 10-K")
    assert snow[0].provenance.note == "live data is off (MARKET_LIVE=False)"


def test_a_ticker_without_company_files_offline_lists_those_that_have_them(settings):
    settings.MARKET_LIVE = False

    with pytest.raises(api.NoData) as caught:
        api.balance_sheets("IBM")

    assert "No balance sheets for IBM (live data is off (MARKET_LIVE=False))." in str(caught.value)
    assert caught.value.available == [
        "AAPL FY2022 to FY2023",
        "JPM FY2023 to FY2023",
        "SNOW FY2023 to FY2025",
    ]
