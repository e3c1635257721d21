"""Offline, a ticker or period the snapshot lacks gives a clear message listing what is there (issue 11)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from learn.notebooks import engine_calls
from learn.notebooks.notebookfile import load_notebook

pytestmark = pytest.mark.django_db
NOTEBOOK = Path(__file__).resolve().parents[2] / "content" / "notebooks" / "returns-volatility-drawdown.py"


@pytest.mark.parametrize(
    ("ticker", "start", "end", "says"),
    [
        ("TSLA", dt.date(2007, 1, 1), dt.date(2009, 12, 31), "TSLA"),  # not in the snapshot at all
        ("AAPL", dt.date(2015, 1, 2), dt.date(2016, 12, 30), "2013"),  # the snapshot's prices end in 2013
    ],
)
def test_the_run_says_what_the_snapshot_holds(settings, ticker, start, end, says):
    settings.MARKET_LIVE = False
    spec = load_notebook(NOTEBOOK)
    values = {**spec.defaults(), "ticker": ticker, "start": start, "end": end}
    outputs = engine_calls.run_spec(spec, values)
    assert outputs["status"] == "error"
    message = outputs["error"]
    assert message.startswith("No data for these parameters:") and says in message
    for available in ("AAPL", "MSFT", "IBM", "GOOG"):
        assert available in message, message
