"""Hostile or malformed input is refused with a clear message before any store or Yahoo lookup."""

from __future__ import annotations

import datetime as dt

import pytest

from learn.market import api

pytestmark = pytest.mark.django_db

HOSTILE = {
    "path": "../../etc/passwd",
    "long": "A" * 500,
    "nul": "AAPL\x00",
    "sql": "AAPL'; DROP TABLE market_dailybar;--",
    "space": "AA PL",
    "empty": "",
    "not a string": 42,
    "html": "<script>",
}


@pytest.mark.parametrize("ticker", HOSTILE.values(), ids=list(HOSTILE))
def test_it_rejects_what_is_not_a_ticker(yahoo, ticker):
    with pytest.raises(api.NoData) as caught:
        api.prices(ticker, dt.date(2008, 1, 1), dt.date(2008, 1, 31))

    message = str(caught.value)
    assert "is not a ticker: use 1 to 15 letters, digits or . ^ = -" in message
    assert len(message.split(" is not a ticker")[0]) <= 27  # the echo is cut short
    assert "\x00" not in message and "AAPL 2000-03-01 to 2013-03-01" in message
    assert yahoo.calls == []
    with pytest.raises(api.NoData, match="is not a ticker"):
        api.balance_sheets(ticker)


def test_it_rejects_dates_that_are_not_dates_or_the_wrong_way_round():
    with pytest.raises(api.NoData, match=r"start \(2009-01-01\) is after end \(2008-01-01\): swap them"):
        api.prices("AAPL", dt.date(2009, 1, 1), dt.date(2008, 1, 1))
    with pytest.raises(api.NoData, match="start must be a date such as 2008-01-31"):
        api.prices("AAPL", "yesterday", dt.date(2008, 1, 1))


def test_it_accepts_iso_text_and_datetimes_for_dates(settings):
    settings.MARKET_LIVE = False
    text = api.prices("AAPL", "2008-01-02", "2008-01-31")
    moment = api.prices("AAPL", dt.datetime(2008, 1, 2, 9, 30), dt.datetime(2008, 1, 31, 16))
    assert text.frame.equals(moment.frame) and len(text.frame) == 21
