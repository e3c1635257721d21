"""The local store: daily bars fetched from yfinance, and the date ranges already fetched.

A range recorded in ``FetchedRange`` is never fetched again: ``DailyBar.objects`` answers it. Ranges
are kept as fetched (they may overlap); ``FetchedRange.objects.gaps`` says which parts of a request no
stored range covers, so only those are fetched.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from django.db import models

from learn.market.snapshot import PRICE_COLUMNS


class DailyBarQuerySet(models.QuerySet):
    def between(self, ticker: str, start: dt.date, end: dt.date) -> DailyBarQuerySet:
        return self.filter(ticker=ticker, date__gte=start, date__lte=end).order_by("date")

    def frame(self) -> pd.DataFrame:
        """The bars as a DataFrame: DatetimeIndex "date" (tz-naive, ascending), float price columns."""
        rows = list(self.values_list("date", *PRICE_COLUMNS))
        frame = pd.DataFrame(rows, columns=["date", *PRICE_COLUMNS])
        frame["date"] = pd.to_datetime(frame["date"])
        return frame.set_index("date").astype(float).sort_index()


class DailyBar(models.Model):
    ticker = models.CharField(max_length=15)
    date = models.DateField()
    open = models.FloatField(null=True)
    high = models.FloatField(null=True)
    low = models.FloatField(null=True)
    close = models.FloatField()
    adj_close = models.FloatField(null=True)
    volume = models.FloatField(null=True)
    source = models.CharField(max_length=80, default="Yahoo Finance via yfinance")
    fetched_at = models.DateTimeField()

    objects = DailyBarQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ticker", "date"], name="market_bar_ticker_date")]

    def __str__(self) -> str:
        return f"{self.ticker} {self.date} close {self.close}"


class FetchedRangeQuerySet(models.QuerySet):
    def gaps(self, ticker: str, start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
        """The parts of [start, end] (inclusive) that no stored range of ``ticker`` covers, in order."""
        missing = []
        cursor = start
        overlapping = self.filter(ticker=ticker, end__gte=start, start__lte=end).order_by("start")
        for low, high in overlapping.values_list("start", "end"):
            if low > cursor:
                missing.append((cursor, min(end, low - dt.timedelta(days=1))))
            cursor = max(cursor, high + dt.timedelta(days=1))
            if cursor > end:
                return missing
        if cursor <= end:
            missing.append((cursor, end))
        return missing

    def latest_fetch(self, ticker: str, start: dt.date, end: dt.date) -> dt.datetime | None:
        found = self.filter(ticker=ticker, end__gte=start, start__lte=end).order_by("-fetched_at").first()
        return found.fetched_at if found else None


class FetchedRange(models.Model):
    """A date range of one ticker fetched from yfinance (its bars, possibly none on holidays, are stored)."""

    ticker = models.CharField(max_length=15)
    start = models.DateField()
    end = models.DateField()
    rows = models.PositiveIntegerField()
    source = models.CharField(max_length=80, default="Yahoo Finance via yfinance")
    fetched_at = models.DateTimeField()

    objects = FetchedRangeQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["ticker", "start"], name="market_range_ticker_start")]

    def __str__(self) -> str:
        return f"{self.ticker} {self.start} to {self.end} ({self.rows} rows)"
