"""Pre-fetch prices into the store for ``manage.py fetch_market_data``: one line of outcome per ticker."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from learn.market.api import NoData, prefetch


@dataclass(frozen=True)
class Outcome:
    ticker: str
    status: str  # "fetched", "stored" (the store already had it all) or "failed"
    rows: int  # rows fetched now ("fetched") or held ("stored")
    message: str

    @property
    def ok(self) -> bool:
        return self.status != "failed"


def prefetch_tickers(
    tickers: Iterable[str],
    start: dt.date,
    end: dt.date,
    *,
    progress: Callable[[int, int, str], None] = lambda done, total, ticker: None,
) -> list[Outcome]:
    """Fetch each ticker's missing ranges; never raises for a ticker (its outcome says what went wrong)."""
    tickers = list(dict.fromkeys(tickers))  # once each, in the order given
    outcomes = []
    for done, raw in enumerate(tickers):
        ticker = raw if re.fullmatch(r"[\w.^=\-]{1,15}", raw) else repr(raw)[:17]  # safe to print
        progress(done, len(tickers), ticker)
        try:
            fetched = prefetch(raw, start, end)
        except NoData as exc:
            outcomes.append(Outcome(ticker, "failed", 0, exc.message))  # the list of what is offline: noise
            continue
        if fetched.frame is None:
            outcomes.append(Outcome(ticker, "failed", 0, fetched.reason))
        elif fetched.missing == 0:
            rows = len(fetched.frame)
            outcomes.append(Outcome(ticker, "stored", rows, f"already stored: {rows} rows, nothing fetched"))
        else:
            first, last = fetched.frame.index[0].date(), fetched.frame.index[-1].date()
            outcomes.append(
                Outcome(ticker, "fetched", fetched.rows, f"fetched {fetched.rows} rows ({first} to {last})")
            )
    progress(len(tickers), len(tickers), "")
    return outcomes


def summary(outcomes: list[Outcome]) -> str:
    counts = {status: sum(o.status == status for o in outcomes) for status in ("fetched", "stored", "failed")}
    return (
        f"{counts['fetched']} fetched, {counts['stored']} already stored, {counts['failed']} failed "
        f"({sum(o.rows for o in outcomes if o.status == 'fetched')} rows fetched)."
    )


def progress_bar(done: int, total: int, ticker: str, width: int = 24) -> str:
    filled = width * done // total if total else width
    label = f" {ticker}" if ticker else ""
    return f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}{label}"
