"""Market data, one API: daily prices, yield series, CPI and balance sheets, each with its provenance.

Prices answer from three sources in order:

1. the local store (``DailyBar`` / ``FetchedRange``): a ticker and date range fetched once is never
   fetched again;
2. yfinance, live, when ``settings.MARKET_LIVE`` (default True) with ``settings.MARKET_TIMEOUT``; what
   it fetches goes into the store. Every failure becomes a reason, never an exception (``live.py``);
3. the offline snapshot of real data shipped in ``learn/market/snapshot/`` (``snapshot.py``).

Balance sheets come from yfinance when live (cached a day) and from the company files
(content/companies/*.yaml, ``companies.py``) otherwise. Yields and CPI come from the snapshot, and so
does the German Credit data (``german_credit``, ``credit_data.py``), indexed by applicant, not date.

Every result carries a ``Provenance`` (live, store, snapshot or filing; source; licence; as-of date;
and, when live data was not used, why). A request nothing can answer raises ``NoData``, whose message
lists what is available. Bad input (a ticker that is not one, dates the wrong way round) raises
``NoData`` too, so callers catch one exception and show its message.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from learn.market import companies, credit_data, live, snapshot, store

log = logging.getLogger(__name__)

YAHOO = "Yahoo Finance via yfinance"
YAHOO_TERMS = "Yahoo terms of use (personal use)"
YAHOO_URL = "https://finance.yahoo.com/"
TICKER = re.compile(r"^[A-Z0-9.^=\-]{1,15}$")
LIVE_OFF = "live data is off (MARKET_LIVE=False)"
SNAPSHOT_ASKED = "published from the offline snapshot; other parameters fetch live data when it is on"
BALANCE_SHEET_CACHE_SECONDS = 24 * 3600
KIND_WORDS = {
    "live": "Live",
    "store": "Stored",
    "snapshot": "Snapshot of real data",
    "filing": "Company filing",
}


@dataclass(frozen=True)
class Provenance:
    kind: str  # "live" (fetched now), "store" (fetched earlier, kept), "snapshot" (shipped), "filing"
    source: str
    licence: str
    as_of: dt.date  # last date in the data (the fetch date for live data)
    url: str = ""
    note: str = ""  # e.g. why live data was not used: "no live data: network error (ConnectError)"

    def label(self) -> str:
        """One human line, e.g. "Snapshot of real data: Quandl WIKI prices via bokeh-sampledata
        (public domain), to 2013-03-01"."""
        when = "fetched" if self.kind == "live" else ("period end" if self.kind == "filing" else "to")
        text = f"{KIND_WORDS.get(self.kind, self.kind)}: {self.source} ({self.licence}), {when} {self.as_of}"
        return f"{text}; {self.note}" if self.note else text

    def to_json(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "source": self.source,
            "licence": self.licence,
            "as_of": self.as_of.isoformat(),
            "url": self.url,
            "note": self.note,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Provenance:
        return cls(
            kind=str(data["kind"]),
            source=str(data["source"]),
            licence=str(data.get("licence", "")),
            as_of=dt.date.fromisoformat(str(data["as_of"])),
            url=str(data.get("url", "")),
            note=str(data.get("note", "")),
        )


@dataclass(frozen=True)
class MarketData:
    frame: pd.DataFrame  # DatetimeIndex named "date", tz-naive, ascending
    provenance: Provenance


@dataclass(frozen=True)
class StatementData:
    label: str  # "FY2023"
    period_end: dt.date
    figures: dict[str, float | None]  # the keys of companies.SOURCES
    units: str = "millions"
    currency: str = "USD"
    provenance: Provenance | None = None  # always set by this module


class NoData(Exception):
    """Nothing can answer the request; ``str(exc)`` says why and lists what is available."""

    def __init__(self, message: str, available: list[str] | None = None) -> None:
        self.message = message
        self.available = list(available or [])
        super().__init__(message)

    def __str__(self) -> str:
        if not self.available:
            return self.message
        return f"{self.message} Available offline: {'; '.join(self.available)}."


# --- input --------------------------------------------------------------------------------------


def normalise_ticker(ticker: Any) -> str:
    """Upper-case symbol with index aliases resolved ("spx" -> "^GSPC"); NoData if it is not a ticker."""
    text = ticker.strip().upper() if isinstance(ticker, str) else ""
    text = snapshot.ALIASES.get(text, text)
    if not TICKER.fullmatch(text):
        shown = repr(ticker)[:24] + ("..." if len(repr(ticker)) > 24 else "")
        raise NoData(
            f"{shown} is not a ticker: use 1 to 15 letters, digits or . ^ = - (e.g. AAPL, ^GSPC).",
            snapshot.describe_available("prices"),
        )
    return text


def _date(value: Any, name: str) -> dt.date:
    if isinstance(value, dt.datetime | pd.Timestamp):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise NoData(f"{name} must be a date such as 2008-01-31, not {str(value)[:24]!r}.")


def _dates(start: Any, end: Any) -> tuple[dt.date, dt.date]:
    start, end = _date(start, "start"), _date(end, "end")
    if start > end:
        raise NoData(f"start ({start}) is after end ({end}): swap them.")
    return start, end


def _live_wanted(live_override: bool | None) -> bool:
    return bool(settings.MARKET_LIVE if live_override is None else live_override)


# --- prices -------------------------------------------------------------------------------------


def prices(ticker: str, start: dt.date, end: dt.date, *, live: bool | None = None) -> MarketData:
    """Daily open, high, low, close, adj_close and volume (floats) of ``ticker`` from start to end,
    inclusive. ``live`` overrides settings.MARKET_LIVE for this call (None: the setting)."""
    symbol = normalise_ticker(ticker)
    start, end = _dates(start, end)
    stored = _from_store(symbol, start, end)
    if stored is not None:
        return stored
    if _live_wanted(live):
        fetched, note = _fetch_into_store(symbol, start, end)
        if fetched is not None:
            return fetched
    else:
        note = SNAPSHOT_ASKED if live is False else LIVE_OFF
    return _from_snapshot(symbol, start, end, note=note)


def _yahoo(kind: str, as_of: dt.date, note: str = "") -> Provenance:
    return Provenance(kind=kind, source=YAHOO, licence=YAHOO_TERMS, as_of=as_of, url=YAHOO_URL, note=note)


def _from_store(symbol: str, start: dt.date, end: dt.date) -> MarketData | None:
    found = store.stored(symbol, start, end)
    if found is None:
        return None
    frame, fetched_at = found
    if frame.empty:
        raise NoData(f"No trading days for {symbol} between {start} and {end} (a weekend or holiday?).")
    note = f"fetched from Yahoo on {fetched_at:%Y-%m-%d}" if fetched_at else ""
    return MarketData(frame, _yahoo("store", frame.index[-1].date(), note))


def _fetch_into_store(symbol: str, start: dt.date, end: dt.date) -> tuple[MarketData | None, str]:
    fetched = store.fetch_missing(symbol, start, end)
    if fetched.frame is None:
        return None, fetched.reason
    if not fetched.rows:  # Yahoo had nothing new (a weekend beside stored days): the store answers
        return MarketData(fetched.frame, _yahoo("store", fetched.frame.index[-1].date())), ""
    return MarketData(fetched.frame, _yahoo("live", timezone.localdate())), ""


def prefetch(ticker: str, start: dt.date, end: dt.date) -> store.Fetched:
    """Fetch into the store what it lacks of [start, end] (for fetch_market_data), whatever
    MARKET_LIVE says: asking for it is the operator's explicit wish. NoData for bad input."""
    symbol = normalise_ticker(ticker)
    start, end = _dates(start, end)
    return store.fetch_missing(symbol, start, end)


def _snapshot_provenance(name: str, frame: pd.DataFrame, note: str) -> Provenance:
    entry = snapshot.entry(name) or {}
    return Provenance(
        kind="snapshot",
        source=entry.get("source", "offline snapshot"),
        licence=entry.get("licence", ""),
        as_of=frame.index[-1].date(),
        url=entry.get("url", ""),
        note=note,
    )


def _slice(name: str, what: str, kind: str, start: dt.date, end: dt.date, note: str) -> MarketData:
    frame = snapshot.frame(name)
    because = f" ({note})" if note else ""
    if frame is None:
        raise NoData(f"No data for {what}{because}: it is not in the offline snapshot.", _available(kind))
    first, last = frame.index[0].date(), frame.index[-1].date()
    part = frame.loc[pd.Timestamp(start) : pd.Timestamp(end)]
    if part.empty:
        raise NoData(
            f"The offline snapshot of {what} covers {first} to {last}, "
            f"nothing from {start} to {end}{because}.",
            _available(kind),
        )
    if start < first or end > last:
        clipped = f"the snapshot covers {first} to {last} only"
        note = f"{note}; {clipped}" if note else clipped
    return MarketData(part, _snapshot_provenance(name, part, note))


def _available(kind: str) -> list[str]:
    return snapshot.describe_available(kind)


def _from_snapshot(symbol: str, start: dt.date, end: dt.date, *, note: str) -> MarketData:
    return _slice(symbol, symbol, "prices", start, end, note)


# --- yields and CPI -----------------------------------------------------------------------------


def yields(start: dt.date, end: dt.date) -> MarketData:
    """Moody's AAA and BAA corporate yields, percent, monthly (dated the first of the month)."""
    start, end = _dates(start, end)
    return _slice("yields", "Moody's AAA/BAA yields", "yields", start.replace(day=1), end, "")


def cpi(start: dt.date, end: dt.date) -> MarketData:
    """US core CPI (CPILFESL, less food and energy), monthly index level in column ``cpi``."""
    start, end = _dates(start, end)
    return _slice("cpi", "US core CPI", "cpi", start.replace(day=1), end, "")


def german_credit() -> MarketData:
    """The UCI Statlog German Credit data (1,000 applicants, 700 good / 300 bad) from the snapshot.

    Unlike the market series, the frame is indexed by ``applicant`` (0 to 999), not by date: the 20
    attributes as text or integers and ``creditability`` ("good" or "bad"). See ``credit_data``."""
    return MarketData(
        credit_data.frame(),
        Provenance(
            kind="snapshot",
            source=credit_data.SOURCE,
            licence=credit_data.LICENCE,
            as_of=credit_data.AS_OF,
            url=credit_data.URL,
            note=credit_data.NOTE,
        ),
    )


# --- balance sheets -----------------------------------------------------------------------------


def balance_sheets(ticker: str, *, live: bool | None = None) -> list[StatementData]:
    """Annual balance sheets, newest first: Yahoo's when live, else the company files (SEC filings)."""
    symbol = normalise_ticker(ticker)
    note = SNAPSHOT_ASKED if live is False else LIVE_OFF
    if _live_wanted(live):
        key = f"market:balance-sheets:{symbol}"
        cached = cache.get(key)
        if cached:
            return cached
        statements, note = _live_balance_sheets(symbol)
        if statements:
            cache.set(key, statements, BALANCE_SHEET_CACHE_SECONDS)
            return statements
    filed = _filed_balance_sheets(symbol, note)
    if not filed:
        raise NoData(f"No balance sheets for {symbol} ({note}).", filed_companies())
    return filed


def _live_balance_sheets(symbol: str) -> tuple[list[StatementData], str]:
    result = live.fetch_balance_sheet(symbol)
    if not result.ok:
        return [], result.note
    fetched = (result.fetched_at or timezone.now()).date()
    statements = []
    for column in result.frame.columns:
        figures = live.statement_figures(result.frame[column])
        if figures["total_assets"] is None:  # Yahoo pads old years with empty columns
            continue
        period_end = pd.Timestamp(column).date()
        statements.append(
            StatementData(
                label=f"FY{period_end.year}",
                period_end=period_end,
                figures=figures,
                units="millions",
                currency=result.currency,
                provenance=_yahoo("live", fetched),
            )
        )
    statements.sort(key=lambda s: s.period_end, reverse=True)
    if not statements:
        return [], "no live data: Yahoo's balance sheet had no total assets"
    return statements, ""


def _filed_balance_sheets(symbol: str, note: str) -> list[StatementData]:
    found = [s for s in companies.load_catalogue().statements.values() if s.ticker.upper() == symbol]
    found.sort(key=lambda s: s.period_end, reverse=True)
    return [
        StatementData(
            label=s.label,
            period_end=s.period_end,
            figures=dict(s.figures),
            units=s.units,
            currency=s.currency,
            provenance=Provenance(
                kind="filing",
                source=s.source_title,
                licence="public record (SEC filing)",
                as_of=s.period_end,
                url=s.source_url,
                note=note,
            ),
        )
        for s in found
    ]


def filed_companies() -> list[str]:
    """ "AAPL FY2022 to FY2023"-style lines for every company file, for messages."""
    by_ticker: dict[str, list] = {}
    for s in companies.load_catalogue().statements.values():
        by_ticker.setdefault(s.ticker.upper() or s.company, []).append(s)
    return [
        f"{t} {min(ss, key=lambda s: s.period_end).label} to {max(ss, key=lambda s: s.period_end).label}"
        for t, ss in sorted(by_ticker.items())
    ]


def catalogue() -> list[dict]:
    """What works offline: the snapshot's series and the company files (name, kind, first, last,
    source, licence, ...)."""
    entries = snapshot.catalogue()
    by_ticker: dict[str, list] = {}
    for s in companies.load_catalogue().statements.values():
        by_ticker.setdefault(s.ticker.upper(), []).append(s)
    for ticker, statements in sorted(by_ticker.items()):
        if not ticker:
            continue
        statements.sort(key=lambda s: s.period_end)
        entries.append(
            {
                "name": ticker,
                "kind": "balance_sheets",
                "first": statements[0].period_end.isoformat(),
                "last": statements[-1].period_end.isoformat(),
                "rows": len(statements),
                "description": f"{statements[0].company} balance sheets, {statements[0].units} "
                f"{statements[0].currency}",
                "source": "company files from SEC filings (content/companies/)",
                "licence": "public record (SEC filing)",
                "url": statements[-1].source_url,
            }
        )
    return entries
