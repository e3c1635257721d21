"""Provenance: one human line, and a JSON round trip (the notebook runner stores it in its outputs)."""

from __future__ import annotations

import datetime as dt
import json

from learn.market.api import Provenance


def test_it_round_trips_through_json():
    p = Provenance(
        kind="live",
        source="Yahoo Finance via yfinance",
        licence="Yahoo terms of use (personal use)",
        as_of=dt.date(2026, 12, 6),
        url="https://finance.yahoo.com/",
    )

    data = json.loads(json.dumps(p.to_json()))

    assert data["as_of"] == "2026-12-06" and Provenance.from_json(data) == p


def test_it_says_what_kind_of_data_and_how_old_in_one_line():
    snap = Provenance(
        "snapshot", "Quandl WIKI prices via bokeh-sampledata", "public domain", dt.date(2013, 3, 1)
    )
    live = Provenance("live", "Yahoo Finance via yfinance", "Yahoo terms", dt.date(2026, 12, 6))
    failed = Provenance(
        "snapshot",
        "S&P 500",
        "NCSA",
        dt.date(2018, 12, 31),
        note="no live data: network error (ConnectError)",
    )

    assert snap.label() == (
        "Snapshot of real data: Quandl WIKI prices via bokeh-sampledata (public domain), to 2013-03-01"
    )
    assert live.label() == "Live: Yahoo Finance via yfinance (Yahoo terms), fetched 2026-12-06"
    assert failed.label().endswith("to 2018-12-31; no live data: network error (ConnectError)")
    assert "\n" not in failed.label()
