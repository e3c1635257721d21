"""Fakes shaped like real yfinance 1.x output (see ../shared/docs/data-sources.md).

``history(auto_adjust=False)`` has columns Open, High, Low, Close, Adj Close, Volume and a tz-aware
index named Date; ``balance_sheet`` has Yahoo's title-case row keys, period-end columns newest first,
values in currency units; offline, requests fail with curl_cffi's DNSError, an OSError.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from curl_cffi.requests.exceptions import DNSError


def yahoo_prices(start: str, closes: list[float], tz: str = "America/New_York") -> pd.DataFrame:
    """A ``Ticker.history(auto_adjust=False, actions=False)`` frame: business days from ``start``."""
    days = pd.bdate_range(start, periods=len(closes))
    index = pd.DatetimeIndex(days, name="Date").tz_localize(tz)
    close = pd.Series(closes, index=index, dtype=float)
    return pd.DataFrame(
        {
            "Open": close - 1,
            "High": close + 2,
            "Low": close - 2,
            "Close": close,
            "Adj Close": close / 2,
            "Volume": 1_000_000.0,
        },
        index=index,
    )


def yahoo_balance_sheet(columns: dict[str, dict[str, float]]) -> pd.DataFrame:
    """A ``Ticker.balance_sheet`` frame: {period end: {Yahoo key: value in units}}, newest first."""
    frame = pd.DataFrame({pd.Timestamp(day): values for day, values in columns.items()})
    return frame[sorted(frame.columns, reverse=True)]


def network_error(*args, **kwargs):
    raise DNSError("Failed to perform, curl: (6) Could not resolve host: query2.finance.yahoo.com")


class FakeTicker:
    def __init__(self, yahoo: FakeYahoo, symbol: str):
        self.yahoo = yahoo
        self.symbol = symbol

    def history(self, **kwargs):
        self.yahoo.calls.append(("history", self.symbol, kwargs))
        return self.yahoo.history(self.symbol, **kwargs)

    @property
    def balance_sheet(self):
        self.yahoo.calls.append(("balance_sheet", self.symbol, {}))
        return self.yahoo.balance_sheet(self.symbol)

    @property
    def fast_info(self):
        return self.yahoo.fast_info(self.symbol)


class FakeYahoo:
    """Stands in for yfinance; a test sets ``history`` / ``balance_sheet`` / ``fast_info`` callables."""

    def __init__(self):
        self.calls: list[tuple[str, str, dict]] = []
        self.history: Callable = network_error
        self.balance_sheet: Callable = network_error
        self.fast_info: Callable = lambda symbol: {"currency": "USD"}

    def ticker(self, symbol: str, *args, **kwargs) -> FakeTicker:
        return FakeTicker(self, symbol)

    def download(self, *args, **kwargs):
        self.calls.append(("download", str(args[:1]), kwargs))
        return pd.DataFrame()  # what download() does on any failure: an empty frame, and a log line

    def serve_prices(self, frames: dict[str, pd.DataFrame]) -> None:
        """Answer history() from whole frames, sliced to the requested [start, end) like Yahoo."""

        def history(symbol, *, start, end, **kwargs):
            frame = frames[symbol]
            days = frame.index.tz_localize(None)
            keep = (days >= pd.Timestamp(start)) & (days < pd.Timestamp(end))
            return frame[keep]

        self.history = history

    def count(self, method: str) -> int:
        return sum(1 for name, _, _ in self.calls if name == method)
