"""yfinance, wrapped so that every way it fails becomes a ``LiveResult`` with a reason, never an exception.

yfinance fails inconsistently (see ../shared/docs/data-sources.md): ``download()`` returns an empty frame
and only logs; ``history()`` raises a network error (an ``OSError`` subclass from curl_cffi) or, with
``raise_errors=True``, ``YFPricesMissingError`` / ``YFTickerMissingError``; ``.balance_sheet`` returns
an empty frame; ``.fast_info[...]`` raises ``TypeError``; Yahoo may answer ``YFRateLimitError``. All of
them, a hang past the deadline, and anything unexpected, come back as ``LiveResult(frame=None,
reason=...)`` so callers fall back to the snapshot and say why.

yfinance is imported on first use (it is slow to import and writes caches): ``set_tz_cache_location``
points its SQLite caches at ``settings.MARKET_CACHE_DIR`` (or a temporary folder if that is not
writable) before any request.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import logging
import math
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from django.conf import settings
from django.utils import timezone

from learn.market.snapshot import PRICE_COLUMNS

log = logging.getLogger(__name__)

YAHOO_COLUMNS = {
    "Open": "open",
    "High": "high",
    "Low": "low",
    "Close": "close",
    "Adj Close": "adj_close",
    "Volume": "volume",
}

# Our figure name (learn.market.companies.SOURCES) -> Yahoo balance-sheet rows, first present wins.
# Yahoo has no plain "Total Liabilities"; its equity including minority interest pairs with liabilities
# "net of minority interest" so that assets = liabilities + equity, as in our company files.
YAHOO_BALANCE_SHEET = {
    "current_assets": ("Current Assets",),
    "current_liabilities": ("Current Liabilities",),
    "cash": ("Cash And Cash Equivalents",),
    "securities": ("Other Short Term Investments",),
    "receivables": ("Accounts Receivable", "Receivables"),
    "other_receivables": ("Other Receivables",),
    "inventories": ("Inventory",),
    "total_assets": ("Total Assets",),
    "total_liabilities": ("Total Liabilities Net Minority Interest",),
    "equity": ("Total Equity Gross Minority Interest", "Stockholders Equity"),
    "short_term_debt": ("Commercial Paper",),
    "current_ltd": ("Other Current Borrowings", "Current Debt"),
    "long_term_debt": ("Long Term Debt",),
}


@dataclass(frozen=True)
class LiveResult:
    frame: pd.DataFrame | None  # None when there is no live data; then ``reason`` says why
    reason: str = ""
    fetched_at: dt.datetime | None = None
    currency: str = ""
    empty: bool = False  # Yahoo answered, with no rows (a holiday, or no data): not an outage

    @property
    def ok(self) -> bool:
        return self.frame is not None

    @property
    def note(self) -> str:
        return "" if self.ok else f"no live data: {self.reason}"


class _NoRows(Exception):
    pass


_lock = threading.Lock()
_cache_dir: Path | None = None


def _writable_cache_dir() -> Path:
    wanted = Path(getattr(settings, "MARKET_CACHE_DIR", "") or Path(tempfile.gettempdir()) / "finfluency-yf")
    for folder in (wanted, Path(tempfile.gettempdir()) / "finfluency-yfinance"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            probe = folder / ".write-test"
            probe.write_text("ok", encoding="utf-8")
            probe.unlink()
            return folder
        except OSError:
            continue
    return Path(tempfile.mkdtemp(prefix="finfluency-yfinance-"))


def yfinance_module():
    """yfinance, imported once, its caches moved to a folder the project owns."""
    global _cache_dir
    import yfinance as yf  # noqa: PLC0415 - slow import, only when live data is wanted

    with _lock:
        if _cache_dir is None:
            _cache_dir = _writable_cache_dir()
            yf.set_tz_cache_location(str(_cache_dir))
    return yf


def reason_for(exc: BaseException, ticker: str) -> str:
    """A short, human reason for a failed live request (the 'why' after "no live data:")."""
    name = type(exc).__name__
    kinds = {cls.__name__ for cls in type(exc).__mro__}  # yfinance's exceptions without importing it
    if isinstance(exc, TimeoutError):  # before OSError: TimeoutError is one
        return f"Yahoo did not answer in time ({name})"
    if "YFRateLimitError" in kinds:
        return "Yahoo is rate-limiting requests, try again later (YFRateLimitError)"
    if "YFTzMissingError" in kinds:  # what history() raises offline once the cookie fetch has failed
        return f"Yahoo gave no time zone for {ticker}: unknown ticker or no network ({name})"
    if "YFPricesMissingError" in kinds:
        return f"Yahoo has no prices for {ticker} in that range ({name})"
    if "YFTickerMissingError" in kinds:
        return f"Yahoo does not know {ticker}, perhaps delisted ({name})"
    if isinstance(exc, _NoRows):
        return str(exc)
    if isinstance(exc, OSError):
        return f"network error ({name})"
    if isinstance(exc, TypeError | KeyError):
        return f"Yahoo's answer was incomplete ({name})"
    if "YFException" in kinds:
        return f"Yahoo refused the request ({name})"
    return f"unexpected error from yfinance ({name})"


def _timeout() -> int:
    return int(getattr(settings, "MARKET_TIMEOUT", 10))


def _guarded(call: Callable[[], Any], ticker: str, timeout: int) -> tuple[Any, str, bool]:
    """Run ``call`` with a hard deadline: (value, "", False) or (None, reason, empty). Never raises."""
    # yfinance's own timeout covers one HTTP request; a fetch may make several (cookie, crumb, data), so
    # the deadline allows two timeouts. A call past it is abandoned, not killed: its thread finishes alone.
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="yfinance")
    try:
        future = pool.submit(call)
        return future.result(timeout=timeout * 2), "", False
    except Exception as exc:  # noqa: BLE001 - every failure becomes a reason, by design
        reason = reason_for(exc, ticker)
        if reason.startswith("unexpected"):
            log.warning("yfinance failed for %s", ticker, exc_info=exc)
        empty = isinstance(exc, _NoRows) or type(exc).__name__ == "YFPricesMissingError"
        return None, reason, empty
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def price_frame(raw: Any, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Yahoo's frame (tz-aware index, title-case columns, maybe two-level) as ours, within [start, end]."""
    if not isinstance(raw, pd.DataFrame) or raw.empty:
        raise _NoRows("Yahoo returned no rows")
    if isinstance(raw.columns, pd.MultiIndex):  # download() without multi_level_index=False
        raw = raw.copy()
        raw.columns = raw.columns.get_level_values(0)
    if "Close" not in raw.columns:
        raise _NoRows("Yahoo's answer had no Close column")
    index = pd.DatetimeIndex(raw.index)
    if index.tz is not None:  # exchange time zone: its wall-clock date is the trading day
        index = index.tz_localize(None)
    frame = raw.rename(columns=YAHOO_COLUMNS).reindex(columns=PRICE_COLUMNS)
    frame.index = index.normalize()
    frame.index.name = "date"
    frame = frame.apply(pd.to_numeric, errors="coerce").astype(float)
    frame = frame[frame["close"].notna()]
    frame = frame[~frame.index.duplicated(keep="last")].sort_index()
    frame = frame.loc[pd.Timestamp(start) : pd.Timestamp(end)]
    if frame.empty:
        raise _NoRows("Yahoo returned no rows in that range")
    return frame


def fetch_prices(ticker: str, start: dt.date, end: dt.date, *, timeout: int | None = None) -> LiveResult:
    """Daily bars from Yahoo with both Close and Adj Close (auto_adjust=False), or a reason."""
    timeout = timeout or _timeout()

    def call() -> pd.DataFrame:
        yf = yfinance_module()
        raw = yf.Ticker(ticker).history(
            start=start.isoformat(),
            end=(end + dt.timedelta(days=1)).isoformat(),  # Yahoo's end is exclusive
            interval="1d",
            auto_adjust=False,
            actions=False,
            timeout=timeout,
            raise_errors=True,
        )
        return price_frame(raw, start, end)

    frame, reason, empty = _guarded(call, ticker, timeout)
    fetched_at = timezone.now() if frame is not None else None
    return LiveResult(frame=frame, reason=reason, fetched_at=fetched_at, empty=empty)


def _figure(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) or math.isinf(number) else number / 1_000_000


def statement_figures(column: pd.Series) -> dict[str, float | None]:
    """One Yahoo balance-sheet column (values in currency units) as our figures, in millions."""
    from learn.market.companies import SOURCES  # noqa: PLC0415 - same app; keeps import order simple

    figures: dict[str, float | None] = dict.fromkeys(SOURCES)
    for name, keys in YAHOO_BALANCE_SHEET.items():
        figures[name] = next(
            (v for key in keys if key in column.index and (v := _figure(column[key])) is not None), None
        )
    return figures


def fetch_balance_sheet(ticker: str, *, timeout: int | None = None) -> LiveResult:
    """Yahoo's annual balance sheet (rows = Yahoo keys, columns = period ends, newest first) and currency."""
    timeout = timeout or _timeout()

    def call() -> tuple[pd.DataFrame, str]:
        yf = yfinance_module()
        handle = yf.Ticker(ticker)
        sheet = handle.balance_sheet
        if not isinstance(sheet, pd.DataFrame) or sheet.empty:
            raise _NoRows("Yahoo returned an empty balance sheet")
        currency = handle.fast_info["currency"]
        if not currency:
            raise _NoRows("Yahoo did not say which currency the balance sheet is in")
        return sheet, str(currency)

    value, reason, empty = _guarded(call, ticker, timeout)
    if value is None:
        return LiveResult(frame=None, reason=reason, empty=empty)
    sheet, currency = value
    return LiveResult(frame=sheet, fetched_at=timezone.now(), currency=currency)
