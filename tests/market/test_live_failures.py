"""Every way yfinance fails becomes "no live data: <reason>" and the snapshot (or the company files)
answers, with that reason in its provenance. Never an exception, never a 500."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from curl_cffi.requests.exceptions import ConnectionError as CurlConnectionError
from yfinance.exceptions import YFPricesMissingError, YFRateLimitError, YFTickerMissingError, YFTzMissingError

from learn.market import api, live
from learn.market.models import FetchedRange
from tests.market.fakes import yahoo_prices

pytestmark = pytest.mark.django_db

DAYS = (dt.date(2008, 1, 2), dt.date(2008, 1, 31))


def raising(exc):
    def fail(*args, **kwargs):
        raise exc

    return fail


EMPTY_HISTORY = pd.DataFrame(
    columns=["Open", "High", "Low", "Close", "Adj Close", "Volume"],
    index=pd.DatetimeIndex([], name="Date", tz="America/New_York"),
)

FAILURES = {
    "network error": (raising(CurlConnectionError("Failed to connect")), "network error (ConnectionError)"),
    "empty frame": (lambda symbol, **kw: EMPTY_HISTORY, "Yahoo returned no rows"),
    "None": (lambda symbol, **kw: None, "Yahoo returned no rows"),
    "rate limit": (raising(YFRateLimitError()), "rate-limiting requests, try again later (YFRateLimitError)"),
    "prices missing": (
        raising(YFPricesMissingError("$AAPL", debug_info="(1d 2008-01-02 -> 2008-02-01)")),
        "Yahoo has no prices for AAPL in that range (YFPricesMissingError)",
    ),
    "ticker missing": (
        raising(YFTickerMissingError("$AAPL", rationale="no price data found")),
        "Yahoo does not know AAPL, perhaps delisted (YFTickerMissingError)",
    ),
    "no time zone": (
        raising(YFTzMissingError("$AAPL")),
        "Yahoo gave no time zone for AAPL: unknown ticker or no network (YFTzMissingError)",
    ),
    "type error": (raising(TypeError("'NoneType' object is not subscriptable")), "incomplete (TypeError)"),
    "timeout": (raising(TimeoutError()), "did not answer in time (TimeoutError)"),
    "anything else": (raising(RuntimeError("boom")), "unexpected error from yfinance (RuntimeError)"),
    "no close column": (
        lambda symbol, **kw: yahoo_prices("2008-01-02", [1.0]).drop(columns=["Close"]),
        "no Close column",
    ),
}


@pytest.mark.parametrize("failure", FAILURES, ids=list(FAILURES))
def test_it_falls_back_to_the_snapshot_with_the_reason(yahoo, failure):
    yahoo.history, reason = FAILURES[failure]

    data = api.prices("AAPL", *DAYS)

    assert yahoo.count("history") == 1
    assert data.provenance.kind == "snapshot"
    assert data.provenance.source == "Quandl WIKI prices via bokeh-sampledata"
    assert data.provenance.note.startswith("no live data: ") and reason in data.provenance.note
    assert reason in data.provenance.label()
    assert data.frame.index[0] == dt.datetime(2008, 1, 2) and data.frame.index[-1] == dt.datetime(2008, 1, 31)
    assert not FetchedRange.objects.exists()  # a failure is never recorded as fetched


def test_it_gives_up_at_the_deadline(yahoo, settings, monkeypatch):
    import threading

    release = threading.Event()
    yahoo.history = lambda symbol, **kw: release.wait(5)
    monkeypatch.setattr(live, "_timeout", lambda: 0.05)
    try:
        data = api.prices("AAPL", *DAYS)
    finally:
        release.set()
    assert data.provenance.kind == "snapshot"
    assert "did not answer in time" in data.provenance.note


def test_it_calls_no_yahoo_when_live_data_is_off(yahoo, settings):
    settings.MARKET_LIVE = False

    data = api.prices("AAPL", *DAYS)

    assert yahoo.calls == []
    assert data.provenance.kind == "snapshot"
    assert data.provenance.note == "live data is off (MARKET_LIVE=False)"


def test_a_call_can_ask_for_no_live_data(yahoo):
    data = api.prices("AAPL", *DAYS, live=False)

    assert yahoo.calls == [] and data.provenance.kind == "snapshot"


def test_it_reads_download_shaped_frames_too():
    # download() gives two-level columns (Price, Ticker) unless multi_level_index=False, and an empty
    # frame when anything failed: both are handled by the same reader.
    one = yahoo_prices("2008-01-02", [10.0, 11.0])
    two_level = one.copy()
    two_level.columns = pd.MultiIndex.from_product([one.columns, ["AAPL"]], names=["Price", "Ticker"])

    frame = live.price_frame(two_level, dt.date(2008, 1, 1), dt.date(2008, 1, 31))

    assert list(frame["close"]) == [10.0, 11.0] and list(frame["adj_close"]) == [5.0, 5.5]
    with pytest.raises(Exception, match="Yahoo returned no rows"):
        live.price_frame(pd.DataFrame(), dt.date(2008, 1, 1), dt.date(2008, 1, 31))


BALANCE_SHEET_FAILURES = {
    "empty balance sheet": (
        {"balance_sheet": lambda symbol: pd.DataFrame()},
        "no live data: Yahoo returned an empty balance sheet",
    ),
    "fast_info TypeError": (
        {
            "balance_sheet": lambda symbol: pd.DataFrame({pd.Timestamp("2024-09-28"): {"Total Assets": 1e9}}),
            "fast_info": raising(TypeError("'NoneType' object is not subscriptable")),
        },
        "no live data: Yahoo's answer was incomplete (TypeError)",
    ),
    "network error": ({}, "no live data: network error (DNSError)"),
    "rate limit": ({"balance_sheet": raising(YFRateLimitError())}, "(YFRateLimitError)"),
}


@pytest.mark.parametrize("failure", BALANCE_SHEET_FAILURES, ids=list(BALANCE_SHEET_FAILURES))
def test_balance_sheets_fall_back_to_the_company_files(yahoo, failure):
    fakes, reason = BALANCE_SHEET_FAILURES[failure]
    for name, fake in fakes.items():
        setattr(yahoo, name, fake)

    statements = api.balance_sheets("AAPL")

    assert [s.label for s in statements] == ["FY2023", "FY2022"]
    newest = statements[0]
    assert newest.figures["total_assets"] == 352583 and newest.units == "millions"
    assert newest.provenance.kind == "filing" and newest.provenance.as_of == dt.date(2023, 9, 30)
    assert "Form 10-K" in newest.provenance.source and newest.provenance.url.startswith(
        "https://www.sec.gov/"
    )
    assert reason in newest.provenance.note
