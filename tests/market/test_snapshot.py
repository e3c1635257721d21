"""The offline snapshot: real data, spot-checked; clear messages for what it does not hold."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import subprocess
import sys

import pytest

from learn.market import api, snapshot

pytestmark = pytest.mark.django_db

REPO = snapshot.SNAPSHOT_DIR.parents[2]


@pytest.fixture(autouse=True)
def offline(settings):
    settings.MARKET_LIVE = False


def test_it_holds_the_real_aapl_prices_of_data_sources_md():
    data = api.prices("AAPL", dt.date(2000, 3, 1), dt.date(2000, 3, 1))

    day = data.frame.loc["2000-03-01"]
    assert day["close"] == 130.31 and day["open"] == 118.56 and day["volume"] == 9_616_100
    # adj_close is the close adjusted for every later split and dividend up to the source's last update
    # (2:1 in 2000 and 2005, 7:1 in 2014: 28 shares for one, then dividends), so it is far below the
    # quote of the day; returns use it, reading a historical quote uses close.
    assert day["adj_close"] == pytest.approx(4.19, abs=0.005)
    assert day["close"] / 28 > day["adj_close"]
    assert data.provenance.kind == "snapshot" and data.provenance.licence == "public domain"
    assert data.provenance.label() == (
        "Snapshot of real data: Quandl WIKI prices via bokeh-sampledata (public domain), to 2000-03-01; "
        "live data is off (MARKET_LIVE=False)"
    )


@pytest.mark.parametrize(
    ("ticker", "rows", "first", "last"),
    [
        ("AAPL", 3270, "2000-03-01", "2013-03-01"),
        ("MSFT", 3270, "2000-03-01", "2013-03-01"),
        ("IBM", 3270, "2000-03-01", "2013-03-01"),
        ("GOOG", 2148, "2004-08-19", "2013-03-01"),
        ("^GSPC", 5031, "1999-01-04", "2018-12-31"),
        ("^IXIC", 5031, "1999-01-04", "2018-12-31"),
    ],
)
def test_it_ships_the_documented_ranges(ticker, rows, first, last):
    data = api.prices(ticker, dt.date(1990, 1, 1), dt.date(2020, 1, 1))

    assert len(data.frame) == rows
    assert (str(data.frame.index[0].date()), str(data.frame.index[-1].date())) == (first, last)
    assert data.frame.index.is_monotonic_increasing and data.frame.index.name == "date"
    assert (data.frame["low"] <= data.frame["close"]).all() and (
        data.frame["close"] <= data.frame["high"]
    ).all()
    assert "the snapshot covers" in data.provenance.note  # the request ran wider than the data


def test_it_answers_the_index_aliases():
    spx = api.prices("spx", dt.date(2008, 10, 1), dt.date(2008, 10, 31))
    gspc = api.prices("^GSPC", dt.date(2008, 10, 1), dt.date(2008, 10, 31))
    nasdaq = api.prices("NASDAQ", dt.date(2008, 10, 1), dt.date(2008, 10, 31))

    assert spx.frame.equals(gspc.frame) and "S&P 500" in spx.provenance.source
    assert "NASDAQ" in nasdaq.provenance.source
    assert (spx.frame["adj_close"] == spx.frame["close"]).all()  # a price index: nothing to adjust


def test_it_lists_what_is_available_for_an_unknown_ticker():
    with pytest.raises(api.NoData) as caught:
        api.prices("TSLA", dt.date(2008, 1, 1), dt.date(2008, 12, 31))

    message = str(caught.value)
    assert message.startswith(
        "No data for TSLA (live data is off (MARKET_LIVE=False)): it is not in the offline"
    )
    assert "AAPL 2000-03-01 to 2013-03-01" in message and "^GSPC 1999-01-04 to 2018-12-31" in message
    assert caught.value.available[:2] == ["AAPL 2000-03-01 to 2013-03-01", "MSFT 2000-03-01 to 2013-03-01"]


def test_it_gives_the_range_for_dates_outside_the_snapshot():
    with pytest.raises(api.NoData) as caught:
        api.prices("AAPL", dt.date(2015, 1, 1), dt.date(2016, 12, 31))

    assert str(caught.value).startswith(
        "The offline snapshot of AAPL covers 2000-03-01 to 2013-03-01, nothing from 2015-01-01 to 2016-12-31"
    )


def test_it_serves_moodys_yields_and_core_cpi_monthly():
    y = api.yields(dt.date(2008, 12, 15), dt.date(2008, 12, 31))  # any day of the month finds its row
    c = api.cpi(dt.date(2008, 1, 1), dt.date(2008, 12, 31))

    assert list(y.frame.columns) == ["aaa", "baa"] and len(y.frame) == 1
    assert (y.frame["baa"] - y.frame["aaa"]).iloc[0] == pytest.approx(3.38)  # Dec 2008: the crisis peak
    assert "Moody's" in y.provenance.source and y.provenance.as_of == dt.date(2008, 12, 1)
    assert list(c.frame.columns) == ["cpi"] and len(c.frame) == 12
    assert "core CPI" in c.provenance.source and "CPILFESL" in c.provenance.source
    with pytest.raises(api.NoData, match="covers 1919-01-01 to 2018-12-01"):
        api.yields(dt.date(2019, 1, 1), dt.date(2019, 12, 31))


def test_its_catalogue_matches_the_files_byte_for_byte():
    entries = {e["name"]: e for e in api.catalogue()}

    assert {"AAPL", "MSFT", "IBM", "GOOG", "^GSPC", "^IXIC", "yields", "cpi"} <= set(entries)
    assert entries["SNOW"]["kind"] == "balance_sheets" and entries["SNOW"]["last"] == "2025-01-31"
    provenance = (snapshot.SNAPSHOT_DIR / "PROVENANCE.md").read_text(encoding="utf-8")
    for entry in snapshot.catalogue():
        payload = (snapshot.SNAPSHOT_DIR / entry["file"]).read_bytes()
        assert hashlib.sha256(payload).hexdigest() == entry["sha256"], entry["file"]
        assert entry["licence"] and entry["source"] and entry["sha256"][:16] in provenance
        header = gzip.decompress(payload).split(b"\n", 1)[0].decode()
        assert header == ",".join(["date", *entry["columns"]])
    assert "python manage.py build_market_snapshot" in provenance
    assert sum(e["bytes"] for e in snapshot.catalogue()) < 600_000  # compact: it ships in the repository


def test_the_runtime_imports_neither_arch_nor_bokeh():
    code = (
        "import django, os, sys; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'learn.settings'); "
        "django.setup(); import datetime as dt; from learn.market import api; "
        "api.prices('AAPL', dt.date(2008, 1, 1), dt.date(2008, 1, 31), live=False); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'arch', 'bokeh', 'bokeh_sampledata'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
