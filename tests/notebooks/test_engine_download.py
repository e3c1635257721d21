"""The shipped finfluency package: live data when it can, the bundled file on any failure, same checks."""

from __future__ import annotations

import importlib
import io
import sys
import types
import zipfile

import pandas as pd
import pytest

from learn.notebooks.export import build_zip
from tests.notebooks.fixtures.fakes import fake_prices, sample_spec


@pytest.fixture
def package(tmp_path, monkeypatch):
    """The downloaded folder's ``finfluency``, imported from the extracted zip (and forgotten after)."""
    spec, data = sample_spec(), fake_prices()
    archive = build_zip(spec, spec.defaults(), {"prices": data}, variables={"max_dd": -0.25, "vol": 0.3})
    zipfile.ZipFile(io.BytesIO(archive)).extractall(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path / "returns-demo"))
    monkeypatch.delenv("FINFLUENCY_OFFLINE", raising=False)
    for name in [n for n in sys.modules if n == "finfluency" or n.startswith("finfluency.")]:
        monkeypatch.delitem(sys.modules, name)
    module = importlib.import_module("finfluency")
    yield module, data
    for name in [n for n in sys.modules if n == "finfluency" or n.startswith("finfluency.")]:
        del sys.modules[name]


def _fake_yfinance(monkeypatch, download):
    fake = types.ModuleType("yfinance")
    fake.download = download
    monkeypatch.setitem(sys.modules, "yfinance", fake)


def test_it_falls_back_to_the_bundled_file_on_any_failure(package, monkeypatch, capsys):
    finfluency, data = package

    def broken(*args, **kwargs):
        raise ConnectionError("no network in tests")

    _fake_yfinance(monkeypatch, broken)
    loaded = finfluency.load("prices")
    printed = capsys.readouterr().out
    assert "no live data for 'prices' (ConnectionError: no network in tests)" in printed
    assert (
        "'prices' loaded from data/prices.csv: Fake prices for tests (public domain), to 2020-12-31."
        in printed
    )
    pd.testing.assert_frame_equal(loaded.frame, data.frame, check_freq=False)
    assert loaded.provenance.label() == data.provenance.label()


def test_offline_mode_never_tries_yfinance(package, monkeypatch, capsys):
    finfluency, _ = package
    _fake_yfinance(monkeypatch, lambda *a, **k: pytest.fail("yfinance called while offline"))
    monkeypatch.setenv("FINFLUENCY_OFFLINE", "1")
    finfluency.load("prices")
    assert "loaded from data/prices.csv" in capsys.readouterr().out


def test_it_uses_live_prices_when_yfinance_answers(package, monkeypatch, capsys):
    finfluency, data = package
    calls = []

    def download(ticker, **kwargs):
        calls.append((ticker, kwargs["start"], kwargs["end"]))
        frame = data.frame.rename(columns={"adj_close": "Adj Close"}).rename(columns=str.title)
        frame.index = frame.index.tz_localize("America/New_York")
        return frame * 2

    _fake_yfinance(monkeypatch, download)
    loaded = finfluency.load("prices")
    assert calls == [("AAPL", "2020-01-01", "2021-01-01")]  # yfinance's end is exclusive
    assert "'prices' loaded live from Yahoo Finance via yfinance" in capsys.readouterr().out
    assert list(loaded.frame.columns) == list(data.frame.columns) and loaded.frame.index.tz is None
    assert loaded.frame["close"].iloc[0] == 2 * data.frame["close"].iloc[0]
    assert loaded.provenance.kind == "live"


def test_empty_live_data_falls_back_too(package, monkeypatch, capsys):
    finfluency, _ = package
    _fake_yfinance(monkeypatch, lambda *a, **k: pd.DataFrame())
    finfluency.load("prices")
    out = capsys.readouterr().out
    assert "ValueError: Yahoo Finance returned no prices" in out and "loaded from data/prices.csv" in out


def test_check_gives_the_sites_feedback_and_the_hint(package, capsys):
    finfluency, _ = package
    finfluency.check("max-drawdown", -0.25)
    finfluency.check("max-drawdown", "-25%")
    finfluency.check("max-drawdown", "25%")
    finfluency.check("max-drawdown", None)
    finfluency.check("nope", 1)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Correct."
    assert lines[1] == "Correct."
    assert lines[2].startswith("Check the sign: the size is right, but the answer is negative.")
    assert lines[3] == "Hint: Drawdown is measured from the running peak, not from the first price."
    assert lines[4] == "Not attempted."
    assert lines[5].startswith("There is no exercise 'nope'")


def test_an_unknown_dataset_names_the_ones_there_are(package):
    finfluency, _ = package
    with pytest.raises(KeyError, match="no dataset 'price': this notebook has prices"):
        finfluency.load("price")


def test_balance_sheets_come_live_when_every_bundled_figure_maps(tmp_path, monkeypatch, capsys):
    from learn.notebooks.notebookfile import parse_notebook
    from tests.notebooks.fixtures.fakes import FakeData, FakeProvenance

    text = (
        "# ---\n# finfluency:\n#   title: Sheets\n#   lesson: ratios\n#   data:\n"
        "#     sheets: {kind: balance_sheets, ticker: AAPL}\n# ---\n"
        '# %%\nfrom finfluency import load\n\nequity = load("sheets").frame["equity"].iloc[0]\n'
    )
    spec, problems = parse_notebook("content/notebooks/sheets.py", text)
    assert problems == []
    bundled = pd.DataFrame(
        {"total_assets": [352.0, 350.0], "equity": [62.0, 50.0]}, index=["FY2023", "FY2022"]
    )
    archive = build_zip(spec, {}, {"sheets": FakeData(bundled, FakeProvenance())}, variables={})
    zipfile.ZipFile(io.BytesIO(archive)).extractall(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path / "sheets"))
    monkeypatch.delenv("FINFLUENCY_OFFLINE", raising=False)
    for name in [n for n in sys.modules if n == "finfluency" or n.startswith("finfluency.")]:
        monkeypatch.delitem(sys.modules, name)
    finfluency = importlib.import_module("finfluency")
    try:
        sheet = pd.DataFrame(
            {pd.Timestamp("2024-09-28"): [364e9, 57e9], pd.Timestamp("2023-09-30"): [352e9, 62e9]},
            index=["Total Assets", "Stockholders Equity"],
        )
        fake = types.ModuleType("yfinance")
        fake.Ticker = lambda ticker: types.SimpleNamespace(balance_sheet=sheet)
        monkeypatch.setitem(sys.modules, "yfinance", fake)
        live = finfluency.load("sheets").frame
        assert list(live.index) == ["FY2024", "FY2023"] and live.loc["FY2024", "equity"] == 57_000.0
        assert "loaded live" in capsys.readouterr().out
        fake.Ticker = lambda ticker: types.SimpleNamespace(balance_sheet=sheet.drop("Stockholders Equity"))
        pd.testing.assert_frame_equal(finfluency.load("sheets").frame, bundled)
        assert "Yahoo Finance has no equity" in capsys.readouterr().out
    finally:
        for name in [n for n in sys.modules if n == "finfluency" or n.startswith("finfluency.")]:
            del sys.modules[name]
