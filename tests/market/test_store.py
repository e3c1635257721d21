"""The store: a ticker and date range fetched once from Yahoo is never fetched again."""

from __future__ import annotations

import datetime as dt

import pytest

from learn.market import api
from learn.market.models import DailyBar, FetchedRange
from tests.market.fakes import yahoo_prices

pytestmark = pytest.mark.django_db

JAN = (dt.date(2024, 1, 1), dt.date(2024, 1, 31))


def closes(n: int, first: float = 100.0) -> list[float]:
    return [first + i for i in range(n)]


def test_it_never_refetches_a_stored_range(yahoo):
    yahoo.serve_prices({"TSLA": yahoo_prices("2024-01-01", closes(60))})

    first = api.prices("TSLA", *JAN)
    again = api.prices("tsla", *JAN)
    inside = api.prices("TSLA", dt.date(2024, 1, 10), dt.date(2024, 1, 20))

    assert yahoo.count("history") == 1
    assert first.provenance.kind == "live" and first.provenance.source == "Yahoo Finance via yfinance"
    assert again.provenance.kind == "store" and inside.provenance.kind == "store"
    assert again.frame.equals(first.frame)
    assert len(first.frame) == 23  # business days in January 2024, as the fake serves them
    assert inside.frame.index[0] == dt.datetime(2024, 1, 10)
    assert again.provenance.as_of == dt.date(2024, 1, 31)
    assert again.provenance.note.startswith("fetched from Yahoo on ")


def test_it_fetches_only_the_part_the_store_lacks(yahoo):
    yahoo.serve_prices({"TSLA": yahoo_prices("2024-01-01", closes(60))})
    api.prices("TSLA", *JAN)

    both = api.prices("TSLA", dt.date(2024, 1, 15), dt.date(2024, 2, 29))

    (_, _, second), *rest = [call for call in yahoo.calls if call[0] == "history"][1:]
    assert not rest
    assert second["start"] == "2024-02-01" and second["end"] == "2024-03-01"  # Yahoo's end is exclusive
    assert second["auto_adjust"] is False and second["raise_errors"] is True
    assert both.frame.index[0] == dt.datetime(2024, 1, 15) and both.frame.index[-1] == dt.datetime(
        2024, 2, 29
    )
    assert both.frame.index.is_monotonic_increasing and not both.frame.index.has_duplicates
    assert FetchedRange.objects.gaps("TSLA", dt.date(2024, 1, 1), dt.date(2024, 2, 29)) == []


def test_it_keeps_bars_with_their_columns_as_floats(yahoo):
    yahoo.serve_prices({"TSLA": yahoo_prices("2024-01-01", closes(5))})

    data = api.prices("TSLA", dt.date(2024, 1, 1), dt.date(2024, 1, 5))

    assert list(data.frame.columns) == ["open", "high", "low", "close", "adj_close", "volume"]
    assert data.frame.index.name == "date" and data.frame.index.tz is None
    assert all(str(t) == "float64" for t in data.frame.dtypes)
    bar = DailyBar.objects.get(ticker="TSLA", date=dt.date(2024, 1, 3))
    assert (bar.close, bar.adj_close, bar.open) == (102.0, 51.0, 101.0)


def test_it_does_not_mark_today_as_fetched(yahoo, time_machine):
    time_machine.move_to(dt.datetime(2024, 1, 10, 15, tzinfo=dt.UTC))
    yahoo.serve_prices({"TSLA": yahoo_prices("2024-01-01", closes(10))})

    api.prices("TSLA", dt.date(2024, 1, 1), dt.date(2024, 1, 31))
    api.prices("TSLA", dt.date(2024, 1, 1), dt.date(2024, 1, 31))

    # Today's bar may still move and the rest of the month has not happened: asked again each time.
    assert [c[2]["start"] for c in yahoo.calls] == ["2024-01-01", "2024-01-10"]
    assert FetchedRange.objects.get().end == dt.date(2024, 1, 9)


def test_it_counts_an_empty_weekend_beside_real_rows_as_fetched(yahoo):
    yahoo.serve_prices({"TSLA": yahoo_prices("2024-01-01", closes(5))})  # Mon 1 to Fri 5 January
    api.prices("TSLA", dt.date(2024, 1, 1), dt.date(2024, 1, 5))

    api.prices("TSLA", dt.date(2024, 1, 1), dt.date(2024, 1, 7))  # adds Saturday and Sunday
    weekend = api.prices("TSLA", dt.date(2024, 1, 1), dt.date(2024, 1, 7))

    assert yahoo.count("history") == 2
    assert weekend.provenance.kind == "store" and len(weekend.frame) == 5


def test_it_answers_a_ticker_outside_the_snapshot_from_the_store_offline(yahoo, settings):
    yahoo.serve_prices({"TSLA": yahoo_prices("2024-01-01", closes(30))})
    api.prices("TSLA", *JAN)
    settings.MARKET_LIVE = False

    data = api.prices("TSLA", *JAN)

    assert data.provenance.kind == "store" and yahoo.count("history") == 1


def test_a_database_without_the_store_tables_skips_the_store(yahoo, monkeypatch):
    from django.db import OperationalError

    def broken(*args, **kwargs):
        raise OperationalError("no such table: market_fetchedrange")

    monkeypatch.setattr(FetchedRange.objects, "gaps", broken)

    data = api.prices("AAPL", dt.date(2008, 1, 2), dt.date(2008, 1, 31))

    assert data.provenance.kind == "snapshot" and "network error (DNSError)" in data.provenance.note
