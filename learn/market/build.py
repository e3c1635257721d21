"""Build the offline snapshot files from the PyPI packages that ship the data (dev only).

Needs the ``snapshot`` extra (``pip install -e '.[snapshot]'``: arch, bokeh-sampledata). Both are
imported inside :func:`load_source` only, so nothing at run time depends on them. The output is
deterministic (gzip with mtime 0, fixed rounding), so rebuilding from the same package versions gives
byte-identical files and the sha256 in PROVENANCE.md stays put.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

import pandas as pd

from learn.market.snapshot import CATALOGUE_FILE, PRICE_COLUMNS, SERIES, SNAPSHOT_DIR, Series

COMMAND = "python manage.py build_market_snapshot"
# Decimals kept per column: what the sources publish (cents for prices and index levels, basis points
# for yields, three decimals for the CPI); adj_close is a ratio-adjusted price, so six decimals keep
# AAPL's 2000 values (about 4.19) exact to the source's precision that matters.
DECIMALS = {"open": 2, "high": 2, "low": 2, "close": 2, "adj_close": 6, "aaa": 2, "baa": 2, "cpi": 3}


KEPT_SECTION = "## Credit data"  # learn/market/credit_data.py's file, extracted by hand (see its section)


def _package(name: str) -> str:
    try:
        return f"{name} {metadata.version(name)}"
    except metadata.PackageNotFoundError:
        return name


def load_source(series: Series) -> pd.DataFrame:
    """The series from its package, as a frame indexed by date with our column names."""
    package, dataset = series.origin.split(":", 1)
    if package == "bokeh":
        from bokeh_sampledata.stocks import data  # noqa: PLC0415 - dev-only dependency

        rows = data[data["ticker"] == dataset].copy()
        rows["date"] = pd.to_datetime(rows["date"])
        return rows.set_index("date")[PRICE_COLUMNS]
    if package == "arch":
        import importlib  # noqa: PLC0415

        raw = importlib.import_module(f"arch.data.{dataset}").load()
        raw.index = pd.to_datetime(raw.index)
        raw.index.name = "date"
        if series.kind == "prices":
            return raw.rename(columns=lambda c: c.lower().replace(" ", "_"))[PRICE_COLUMNS]
        if series.kind == "yields":
            return raw.rename(columns={"AAA": "aaa", "BAA": "baa"})[["aaa", "baa"]]
        if series.kind == "cpi":
            return raw.rename(columns={"CPILFESL": "cpi"})[["cpi"]]
    raise ValueError(f"unknown origin {series.origin!r} for {series.name}")


def compact_csv(frame: pd.DataFrame, *, adj_decimals: int = DECIMALS["adj_close"]) -> bytes:
    """Rounded CSV text (date first, ascending, no empty rows), gzipped deterministically."""
    frame = frame.sort_index().dropna(how="all")
    out = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        if column == "volume":
            out[column] = frame[column].round().astype("Int64")
        else:
            places = adj_decimals if column == "adj_close" else DECIMALS[column]
            out[column] = frame[column].round(places)
    text = out.to_csv(date_format="%Y-%m-%d", lineterminator="\n", float_format=None)
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def build(
    directory: Path = SNAPSHOT_DIR,
    *,
    loader: Callable[[Series], pd.DataFrame] = load_source,
    today: dt.date | None = None,
) -> list[dict]:
    """Write every series, catalogue.json and PROVENANCE.md; return the catalogue entries."""
    directory.mkdir(parents=True, exist_ok=True)
    entries = []
    for series in SERIES.values():
        frame = loader(series)
        # An index level is quoted in cents like its close; only split-adjusted stock prices need more.
        payload = compact_csv(frame, adj_decimals=2 if series.origin.startswith("arch") else 6)
        (directory / series.file).write_bytes(payload)
        package = "bokeh-sampledata" if series.origin.startswith("bokeh") else "arch"
        entries.append(
            {
                "name": series.name,
                "kind": series.kind,
                "file": series.file,
                "first": frame.index.min().date().isoformat(),
                "last": frame.index.max().date().isoformat(),
                "rows": int(len(frame)),
                "columns": list(frame.columns),
                "description": series.description,
                "source": series.source,
                "licence": series.licence,
                "url": series.url,
                "package": _package(package),
                "bytes": len(payload),
                "sha256": hashlib.sha256(payload).hexdigest(),
            }
        )
    (directory / CATALOGUE_FILE).write_text(json.dumps(entries, indent=1) + "\n", encoding="utf-8")
    path = directory / "PROVENANCE.md"
    # Sections about files this command does not build (the German Credit data) are kept as they are.
    kept = ""
    if path.exists():
        old = path.read_text(encoding="utf-8")
        kept = old[old.index(KEPT_SECTION) :] if KEPT_SECTION in old else ""
    text = provenance_markdown(entries, today=today)
    path.write_text(text.rstrip("\n") + "\n\n" + kept if kept else text, encoding="utf-8")
    return entries


LICENCE_NOTES = """\
## Licences, checked before shipping

- **Stock prices (AAPL, MSFT, IBM, GOOG)**: Quandl WIKI prices. Quandl's publisher page declared the WIKI
  data public domain and allowed copying and redistribution, commercial or not (archived:
  https://web.archive.org/web/20150411011214/https://www.quandl.com/data/WIKI). bokeh-sampledata records
  the file as "Public domain", status "source-verified", in its `licenses/datasets.json`; the package
  code is BSD-3-Clause. FB, also in that file, is left out: 196 rows are too few to teach with.
- **S&P 500 and NASDAQ Composite levels**: shipped by `arch` (Kevin Sheppard) under the NCSA licence,
  which allows redistribution with its copyright notice: "Copyright (c) 2017 Kevin Sheppard. All rights
  reserved." The package does not say where it downloaded the levels; index levels are published facts.
- **Moody's AAA and BAA yields**: shipped by `arch` (NCSA, same notice) from FRED. Moody's owns the
  series and FRED reprints it with permission; we ship the 1,200 monthly values as the teaching examples
  of arch do, with this attribution. Before any commercial redistribution of the raw file, check FRED's
  current terms for the AAA and BAA series.
- **Core CPI (CPILFESL)**: a US Bureau of Labor Statistics series (US government work, public domain),
  shipped by `arch` (NCSA, same notice). Chosen over statsmodels' macrodata (quarterly, to 2009Q3) because
  it is monthly and runs to 2018. It is core CPI (less food and energy), not headline CPI: the data
  source says so.
- Not shipped: pmdarima's MSFT (Kaggle data, licence not verified) and skfolio's S&P 500 stocks (the
  package says testing and examples only).
"""


def provenance_markdown(entries: list[dict], *, today: dt.date | None = None) -> str:
    built = (today or dt.date.today()).isoformat()
    lines = [
        "# Market data snapshot: provenance",
        "",
        "Real market data shipped with finfluency so lessons and notebooks work offline. The runtime reads",
        "these files with pandas only (`learn/market/snapshot.py`); live data comes from yfinance when",
        '`MARKET_LIVE` is on (see docs/operations.md, "Market data").',
        "",
        f"Built {built} by `{COMMAND}` (needs `pip install -e '.[snapshot]'`). The build is",
        "deterministic: the same package versions give the same bytes and the same sha256.",
        "",
        "| file | series | range | rows | source | licence | package | sha256 |",
        "| --- | --- | --- | ---: | --- | --- | --- | --- |",
    ]
    for e in entries:
        lines.append(
            f"| `{e['file']}` | {e['name']}: {e['description']} | {e['first']} to {e['last']} | "
            f"{e['rows']:,} | {e['source']} | {e['licence']} | {e['package']} | `{e['sha256'][:16]}…` |"
        )
    lines += [
        "",
        "Columns: prices `date, open, high, low, close, adj_close, volume`; yields `date, aaa, baa`",
        "(percent); CPI `date, cpi` (index level). Monthly series are dated the first of the month.",
        "",
        "What adj_close means: the close adjusted for every later split and dividend up to the source's",
        "last update (Quandl WIKI stopped in 2018). AAPL closed at 130.31 on 2000-03-01; its adj_close is",
        "about 4.19 because Apple later split 2:1 (June 2000), 2:1 (2005) and 7:1 (2014), 28 shares for",
        "one (130.31 / 28 = 4.65), and paid dividends, which take it to 4.19. Apple's 4:1 split of 2020",
        "came after the source stopped, so Yahoo's adjusted close for that day is smaller again. Use close",
        "to read a historical quote; use adj_close for returns.",
        "",
        LICENCE_NOTES,
    ]
    return "\n".join(lines)
