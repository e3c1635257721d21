"""finfluency: the data, checks and finance maths of a downloaded finfluency notebook.

This folder sits beside the notebook. It needs numpy, pandas and matplotlib; yfinance is optional.

* ``load(name)`` returns a dataset (``.frame``, a pandas DataFrame, and ``.provenance``). Prices and
  balance sheets come live from Yahoo Finance (yfinance) when it is installed and online; otherwise, or
  on any failure, from ``data/<name>.csv``, the data the site used. It prints which it used. Set the
  environment variable FINFLUENCY_OFFLINE=1 to always use the files.
* ``check(key, answer)`` grades your answer against the value recorded when the notebook was
  downloaded, with the same tolerance and feedback as the site.
* ``show(obj)`` displays a value (a table, a figure, text).
* ``finfluency.finance`` holds copies of the site's finance modules.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import json
import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
NOTEBOOK_DIR = HERE.parent
OFFLINE_ENV = "FINFLUENCY_OFFLINE"
LIVE_TIMEOUT = 10  # seconds for a live fetch before the bundled file is used
LIVE_SOURCE = "Yahoo Finance via yfinance"
PRICE_COLUMNS = {"Open": "open", "High": "high", "Low": "low", "Close": "close", "Adj Close": "adj_close"}
PRICE_COLUMNS["Volume"] = "volume"
BALANCE_ROWS = {  # our figure -> Yahoo's balance sheet row (values in millions, as the bundled file)
    "total_assets": "Total Assets",
    "current_assets": "Current Assets",
    "current_liabilities": "Current Liabilities",
    "total_liabilities": "Total Liabilities Net Minority Interest",
    "equity": "Stockholders Equity",
    "cash": "Cash And Cash Equivalents",
    "inventories": "Inventory",
    "receivables": "Receivables",
    "long_term_debt": "Long Term Debt",
}

_live_used: set[str] = set()


class Provenance:
    """Where a dataset came from: ``label()`` says it in one line, ``to_json()`` gives the details."""

    def __init__(self, data: dict):
        self.data = dict(data)
        for key in ("kind", "source", "licence", "as_of", "url", "note"):
            setattr(self, key, self.data.get(key, ""))

    def label(self) -> str:
        return self.data.get("label") or f"{self.source}, to {self.as_of}"

    def to_json(self) -> dict:
        return dict(self.data)


class Dataset:
    def __init__(self, frame, provenance: Provenance):
        self.frame = frame
        self.provenance = provenance

    def __repr__(self) -> str:
        return f"<Dataset: {len(self.frame)} rows; {self.provenance.label()}>"


def _read_json(name: str) -> dict:
    return json.loads((HERE / name).read_text(encoding="utf-8"))


def load(name: str) -> Dataset:
    """The dataset ``name``: live when possible, else the bundled CSV file. Prints which."""
    datasets = _read_json("datasets.json")
    if name not in datasets:
        raise KeyError(f"no dataset {name!r}: this notebook has {', '.join(datasets) or 'none'}")
    info = datasets[name]
    if _live_allowed(info):
        try:
            frame = _with_timeout(_live_frame, info)
            _live_used.add(name)
            print(f"finfluency: '{name}' loaded live from {LIVE_SOURCE} ({_describe(info)}).")
            today = dt.date.today().isoformat()
            label = f"Live data: {LIVE_SOURCE} (Yahoo terms of use), fetched {today}"
            return Dataset(
                frame, Provenance({"kind": "live", "source": LIVE_SOURCE, "as_of": today, "label": label})
            )
        except Exception as exc:  # noqa: BLE001 - any failure means the bundled file, as promised
            print(f"finfluency: no live data for '{name}' ({type(exc).__name__}: {str(exc)[:120]}).")
    frame = _read_csv(info)
    provenance = Provenance(info.get("provenance", {}) | {"label": info.get("label", "")})
    print(f"finfluency: '{name}' loaded from {info['csv']}: {provenance.label()}.")
    return Dataset(frame, provenance)


def _live_allowed(info: dict) -> bool:
    if os.environ.get(OFFLINE_ENV, "").strip().lower() not in ("", "0", "false", "no"):
        return False
    if info.get("kind") not in ("prices", "balance_sheets") or not info.get("args", {}).get("ticker"):
        return False
    try:
        import yfinance  # noqa: F401
    except Exception:  # noqa: BLE001 - not installed or broken: the file it is
        return False
    return True


def _with_timeout(function, info: dict):
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    try:
        return pool.submit(function, info).result(timeout=LIVE_TIMEOUT + 5)
    finally:
        pool.shutdown(wait=False)


def _describe(info: dict) -> str:
    return ", ".join(f"{k} {v}" for k, v in info.get("args", {}).items())


def _live_frame(info: dict):
    import pandas as pd
    import yfinance as yf

    args = info["args"]
    if info["kind"] == "prices":
        end = dt.date.fromisoformat(args["end"]) + dt.timedelta(days=1)  # yfinance's end is exclusive
        raw = yf.download(
            args["ticker"], start=args["start"], end=end.isoformat(), auto_adjust=False, progress=False,
            timeout=LIVE_TIMEOUT, threads=False, multi_level_index=False,
        )  # fmt: skip
        if raw is None or raw.empty:
            raise ValueError("Yahoo Finance returned no prices")
        frame = raw.rename(columns=PRICE_COLUMNS)[list(PRICE_COLUMNS.values())].astype(float)
        frame.index = pd.DatetimeIndex(frame.index).tz_localize(None).normalize()
        frame.index.name = "date"
        return frame.sort_index()
    sheet = yf.Ticker(args["ticker"]).balance_sheet
    if sheet is None or sheet.empty:
        raise ValueError("Yahoo Finance returned no balance sheet")
    rows = {key: sheet.loc[row] / 1e6 for key, row in BALANCE_ROWS.items() if row in sheet.index}
    frame = pd.DataFrame(rows)
    ends = pd.DatetimeIndex(frame.index).normalize()
    # The bundled file's index: period-end dates, or labels such as FY2023 (the site's company files).
    frame.index = ends if info.get("dates") else [f"FY{end.year}" for end in ends]
    frame.index.name = info.get("index")
    columns = list(_read_csv(info).columns)
    if missing := sorted(set(columns) - set(frame.columns)):
        raise ValueError(f"Yahoo Finance has no {', '.join(missing)}")
    return frame[columns].sort_index(ascending=False)


def _read_csv(info: dict):
    import pandas as pd

    frame = pd.read_csv(NOTEBOOK_DIR / info["csv"], index_col=0, parse_dates=bool(info.get("dates")))
    frame.index.name = info.get("index")
    return frame


def check(key: str, answer) -> None:
    """Say whether ``answer`` is right for the exercise ``key`` (blank or None: not attempted)."""
    from ._grading import grade

    answers = _read_json("answers.json")
    if key not in answers:
        print(f"There is no exercise {key!r} (exercises: {', '.join(answers)}).")
        return
    info = answers[key]
    feedback = grade(info["expected"], answer, info["unit"], info["tolerance"])
    print(feedback.message)
    if feedback.attempted and not feedback.correct and info.get("hint"):
        print(f"Hint: {info['hint']}")
    if _live_used and not feedback.correct:
        print("Note: the answers were recorded with the bundled data; live data can differ slightly.")
        print(f"Set {OFFLINE_ENV}=1 and restart the kernel to use the bundled files.")


def show(value) -> None:
    """Display a value as Jupyter would (text as it is); print it when not in Jupyter."""
    if isinstance(value, str):
        print(value)
        return
    try:
        from IPython.display import display
    except ImportError:
        print(value)
        return
    display(getattr(value, "frame", value))
