"""The offline snapshot of real market data shipped in learn/market/snapshot/ (pandas only).

Each series is one small gzipped CSV built by ``python manage.py build_market_snapshot`` from PyPI
packages that ship the data (see ``learn/market/build.py`` and ``snapshot/PROVENANCE.md``).
``catalogue.json`` beside the files lists what they hold (first and last date, rows, sha256), so the
catalogue is known without reading every file. Files are read once per process.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

SNAPSHOT_DIR = Path(__file__).resolve().parent / "snapshot"
CATALOGUE_FILE = "catalogue.json"
PRICE_COLUMNS = ["open", "high", "low", "close", "adj_close", "volume"]

QUANDL = "Quandl WIKI prices via bokeh-sampledata"
QUANDL_URL = "https://web.archive.org/web/20150411011214/https://www.quandl.com/data/WIKI"
ARCH_URL = "https://github.com/bashtage/arch"


@dataclass(frozen=True)
class Series:
    name: str  # what callers ask for: a ticker ("AAPL", "^GSPC"), "yields" or "cpi"
    kind: str  # "prices" (daily), "yields" (monthly, percent), "cpi" (monthly index level)
    file: str
    description: str
    source: str
    licence: str
    url: str
    origin: str  # how the build command gets it: "bokeh:<ticker>" or "arch:<dataset>"


SERIES: dict[str, Series] = {
    s.name: s
    for s in [
        *(
            Series(
                name=ticker,
                kind="prices",
                file=f"{ticker}.csv.gz",
                description=f"{title}, daily; OHLC and volume unadjusted, adj_close split- and "
                "dividend-adjusted",
                source=QUANDL,
                licence="public domain",
                url=QUANDL_URL,
                origin=f"bokeh:{ticker}",
            )
            for ticker, title in [
                ("AAPL", "Apple Inc."),
                ("MSFT", "Microsoft Corporation"),
                ("IBM", "International Business Machines"),
                ("GOOG", "Google (Alphabet class A history, GOOGL in the source)"),
            ]
        ),
        Series(
            name="^GSPC",
            kind="prices",
            file="GSPC.csv.gz",
            description="S&P 500 index, daily levels (adj_close = close: an index pays no dividends)",
            source="S&P 500 index levels via the arch package (arch.data.sp500)",
            licence="NCSA licence of the arch package",
            url=ARCH_URL,
            origin="arch:sp500",
        ),
        Series(
            name="^IXIC",
            kind="prices",
            file="IXIC.csv.gz",
            description="NASDAQ Composite index, daily levels",
            source="NASDAQ Composite index levels via the arch package (arch.data.nasdaq)",
            licence="NCSA licence of the arch package",
            url=ARCH_URL,
            origin="arch:nasdaq",
        ),
        Series(
            name="yields",
            kind="yields",
            file="moody-yields.csv.gz",
            description="Moody's seasoned AAA and BAA corporate bond yields, percent, monthly",
            source="Moody's AAA and BAA yields via FRED, from the arch package (arch.data.default)",
            licence="NCSA licence of the arch package; Moody's retains rights in the series",
            url=ARCH_URL,
            origin="arch:default",
        ),
        Series(
            name="cpi",
            kind="cpi",
            file="core-cpi.csv.gz",
            description="US CPI less food and energy (core CPI, BLS series CPILFESL, 1982-84 = 100), "
            "monthly, seasonally adjusted",
            source="US BLS core CPI (CPILFESL) via FRED, from the arch package (arch.data.core_cpi)",
            licence="public domain, US government data",
            url=ARCH_URL,
            origin="arch:core_cpi",
        ),
    ]
}

# Names people use for the two indices; the canonical name is Yahoo's symbol, so live and store agree.
ALIASES = {
    "SPX": "^GSPC",
    "GSPC": "^GSPC",
    "SP500": "^GSPC",
    "IXIC": "^IXIC",
    "NASDAQ": "^IXIC",
    "COMP": "^IXIC",
}


@functools.cache
def _catalogue(directory: Path) -> dict[str, dict]:
    path = directory / CATALOGUE_FILE
    if not path.is_file():
        return {}
    return {entry["name"]: entry for entry in json.loads(path.read_text(encoding="utf-8"))}


def catalogue(directory: Path = SNAPSHOT_DIR) -> list[dict]:
    """What the snapshot holds: name, kind, first, last, rows, source, licence, url, description."""
    return [dict(entry) for entry in _catalogue(directory).values()]


def entry(name: str, directory: Path = SNAPSHOT_DIR) -> dict | None:
    return _catalogue(directory).get(name)


@functools.cache
def _read(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, parse_dates=["date"], index_col="date")
    return frame.astype(float).sort_index()


def frame(name: str, directory: Path = SNAPSHOT_DIR) -> pd.DataFrame | None:
    """The whole series as a DataFrame (DatetimeIndex "date", float columns), or None if not shipped."""
    series = SERIES.get(name)
    if series is None or entry(name, directory) is None:
        return None
    return _read(directory / series.file).copy()


def names(kind: str | None = None, directory: Path = SNAPSHOT_DIR) -> list[str]:
    return [e["name"] for e in _catalogue(directory).values() if kind is None or e["kind"] == kind]


def describe_available(kind: str | None = None, directory: Path = SNAPSHOT_DIR) -> list[str]:
    """One line per shipped series, e.g. "AAPL 2000-03-01 to 2013-03-01" (for error messages)."""
    return [
        f"{e['name']} {e['first']} to {e['last']}"
        for e in _catalogue(directory).values()
        if kind is None or e["kind"] == kind
    ]
