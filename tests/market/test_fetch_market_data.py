"""manage.py fetch_market_data: progress on stderr, one line per ticker and a summary on stdout."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from yfinance.exceptions import YFTickerMissingError

from learn.market.models import FetchedRange
from tests.market.fakes import yahoo_prices

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("fetch_market_data", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_prefetches_and_reports_each_ticker(yahoo):
    frames = {"AAPL": yahoo_prices("2024-01-01", [100.0 + i for i in range(23)])}

    def history(symbol, *, start, end, **kwargs):
        if symbol not in frames:
            raise YFTickerMissingError(f"${symbol}", rationale="no price data found")
        days = frames[symbol].index.tz_localize(None)
        return frames[symbol][(days >= start) & (days < end)]

    yahoo.history = history

    out, err = run("AAPL", "NOPE", "--start", "2024-01-01", "--end", "2024-01-31")

    assert "AAPL     fetched 23 rows (2024-01-01 to 2024-01-31)" in out
    assert "NOPE     no live data: Yahoo does not know NOPE, perhaps delisted (YFTickerMissingError)" in out
    assert "2024-01-01 to 2024-01-31: 1 fetched, 0 already stored, 1 failed (23 rows fetched)." in out
    assert "[############............] 1/2 NOPE" in err and "[########################] 2/2" in err
    assert FetchedRange.objects.filter(ticker="AAPL").count() == 1

    again, _ = run("AAPL", "--start", "2024-01-01", "--end", "2024-01-31")

    assert "AAPL     already stored: 23 rows, nothing fetched" in again
    assert yahoo.count("history") == 2  # AAPL once, NOPE once; the second run fetched nothing


def test_it_fails_only_when_nothing_could_be_fetched(yahoo):
    # The default fake is offline: every request is a network error.
    with pytest.raises(CommandError) as caught:
        run("AAPL", "../../etc", "--start", "2024-01-01", "--end", "2024-01-31")

    assert caught.value.returncode == 1
    assert "Nothing could be fetched. 2024-01-01 to 2024-01-31: 0 fetched, 0 already stored, 2 failed" in str(
        caught.value
    )


def test_it_prints_each_failure_reason_offline(yahoo):
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "fetch_market_data",
            "AAPL",
            "--start",
            "2024-01-01",
            "--end",
            "2024-01-05",
            stdout=out,
            stderr=io.StringIO(),
        )
    assert "AAPL     no live data: network error (DNSError)" in out.getvalue()


def test_it_refuses_bad_dates():
    with pytest.raises(CommandError, match="'2024-13-01' is not a date: use YYYY-MM-DD"):
        run("AAPL", "--start", "2024-13-01")
    with pytest.raises(CommandError, match="--start 2024-02-01 is after --end 2024-01-01"):
        run("AAPL", "--start", "2024-02-01", "--end", "2024-01-01")
