"""The local store of prices fetched from yfinance: what it holds, and fetching only what it lacks.

``stored`` answers a request the store covers completely; ``fetch_missing`` fetches the parts of a
request no earlier fetch covered (so a ticker and date range is fetched once), keeps them, and returns
the whole request. Both survive a database that is away or not migrated: the store is then skipped.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import pandas as pd
from django.db import DatabaseError, transaction
from django.utils import timezone

from learn.market import live
from learn.market.models import DailyBar, FetchedRange

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Fetched:
    frame: pd.DataFrame | None  # every row of the request (stored + fetched now); None if live failed
    rows: int = 0  # rows fetched now
    reason: str = ""  # "no live data: ..." when frame is None
    missing: int = 0  # how many uncovered ranges were fetched (0: the store had it all)


def stored(symbol: str, start: dt.date, end: dt.date) -> tuple[pd.DataFrame, dt.datetime | None] | None:
    """(rows, when fetched) if earlier fetches cover [start, end] completely, else None."""
    try:
        if FetchedRange.objects.gaps(symbol, start, end):
            return None
        frame = DailyBar.objects.between(symbol, start, end).frame()
        return frame, FetchedRange.objects.latest_fetch(symbol, start, end)
    except DatabaseError:  # no table yet (migrate not run) or the database is away
        log.warning("market store unavailable for %s", symbol, exc_info=True)
        return None


def fetch_missing(symbol: str, start: dt.date, end: dt.date) -> Fetched:
    """Fetch from Yahoo the parts of [start, end] not fetched before, keep them, return the request."""
    today = timezone.localdate()
    try:
        gaps = FetchedRange.objects.gaps(symbol, start, end)
        before = DailyBar.objects.between(symbol, start, end).frame()
    except DatabaseError:
        gaps, before = [(start, end)], pd.DataFrame()
    gaps = [(low, min(high, today)) for low, high in gaps if low <= today]  # no prices in the future
    if not gaps:
        if before.empty:
            return Fetched(None, reason=f"no live data: nothing to fetch for {symbol} after {today}")
        return Fetched(before)
    fetched, empty, notes = [], [], []
    for low, high in gaps:
        result = live.fetch_prices(symbol, low, high)
        if result.ok:
            fetched.append((low, high, result))
        elif result.empty:
            empty.append((low, high))
            notes.append(result.note)
        else:
            return Fetched(None, reason=result.note)
    if not fetched and before.empty:  # Yahoo answered every part with no rows, and nothing is stored
        return Fetched(None, reason=notes[0])
    _keep(symbol, fetched, empty, today)
    frame = pd.concat([part for part in [before, *(r.frame for _, _, r in fetched)] if not part.empty])
    frame = frame[~frame.index.duplicated(keep="last")].sort_index()
    return Fetched(frame, rows=sum(len(r.frame) for _, _, r in fetched), missing=len(gaps))


def _keep(symbol: str, fetched: list, empty: list, today: dt.date) -> None:
    """Store the bars and mark their ranges fetched. Today's bar may still change, so today is not
    marked; an empty answer counts as fetched only beside real rows (a weekend, not an outage)."""
    now = timezone.now()
    ranges = [(low, high, len(r.frame)) for low, high, r in fetched] + [(low, high, 0) for low, high in empty]
    try:
        with transaction.atomic():
            for low, high, result in fetched:
                DailyBar.objects.filter(ticker=symbol, date__gte=low, date__lte=high).delete()
                DailyBar.objects.bulk_create(
                    DailyBar(
                        ticker=symbol,
                        date=day.date(),
                        fetched_at=result.fetched_at or now,
                        **{k: (None if pd.isna(v) else float(v)) for k, v in row.items()},
                    )
                    for day, row in result.frame.iterrows()
                )
            for low, high, rows in ranges:
                high = min(high, today - dt.timedelta(days=1))
                if low <= high:
                    FetchedRange.objects.create(ticker=symbol, start=low, end=high, rows=rows, fetched_at=now)
    except DatabaseError:
        log.warning("could not store %s prices; they will be fetched again", symbol, exc_info=True)
