"""Pre-fetch daily prices from Yahoo into the local store, so pages and notebooks need no network later."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from learn.market.prefetch import prefetch_tickers, progress_bar, summary


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date: use YYYY-MM-DD, e.g. 2008-01-31.") from None


class Command(BaseCommand):
    help = (
        "Fetch daily prices of each TICKER from Yahoo (yfinance) into the local store; ranges already "
        "stored are not fetched again. Exit status 1 only if no ticker could be fetched or found stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("tickers", nargs="+", metavar="TICKER", help="e.g. AAPL MSFT ^GSPC")
        parser.add_argument("--start", type=_date, help="first day, YYYY-MM-DD (default: five years ago)")
        parser.add_argument("--end", type=_date, help="last day, YYYY-MM-DD (default: today)")

    def handle(self, *args, tickers: list[str], start: dt.date | None, end: dt.date | None, **options):
        end = end or timezone.localdate()
        start = start or end.replace(year=end.year - 5, day=min(end.day, 28))
        if start > end:
            raise CommandError(f"--start {start} is after --end {end}.")

        def show(done: int, total: int, ticker: str) -> None:
            self.stderr.write(progress_bar(done, total, ticker), ending="")
            self.stderr.flush()

        outcomes = prefetch_tickers(tickers, start, end, progress=show)
        self.stderr.write("")
        for outcome in outcomes:
            line = f"{outcome.ticker[:15]:8} {outcome.message}"
            self.stdout.write(line if outcome.ok else self.style.WARNING(line))
        text = f"{start} to {end}: {summary(outcomes)}"
        if not any(outcome.ok for outcome in outcomes):
            raise CommandError(f"Nothing could be fetched. {text}", returncode=1)
        self.stdout.write(self.style.SUCCESS(text))
