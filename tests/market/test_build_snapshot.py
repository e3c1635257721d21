"""build_market_snapshot: compact, deterministic files with their provenance."""

from __future__ import annotations

import gzip
import io
import json

import pandas as pd
import pytest
from django.core.management import call_command

from learn.market import build, snapshot


def fake_source(series: snapshot.Series) -> pd.DataFrame:
    days = pd.DatetimeIndex(pd.to_datetime(["2001-01-02", "2001-01-03"]), name="date")
    if series.kind == "prices":
        return pd.DataFrame(
            {
                "open": [10.004, 11.0],
                "high": [12.0, 12.5],
                "low": [9.5, 10.0],
                "close": [11.0049, 12.0],
                "adj_close": [1.23456789, 1.3],
                "volume": [1000.0, 2000.0],
            },
            index=days,
        )
    if series.kind == "yields":
        return pd.DataFrame({"aaa": [5.351, 5.4], "baa": [7.12, 7.2]}, index=days)
    return pd.DataFrame({"cpi": [28.5, 28.6]}, index=days)


def test_it_writes_every_series_deterministically(tmp_path):
    first = build.build(tmp_path / "a", loader=fake_source)
    second = build.build(tmp_path / "b", loader=fake_source)

    assert [e["sha256"] for e in first] == [e["sha256"] for e in second]  # gzip mtime 0: same bytes
    assert {e["file"] for e in first} == {s.file for s in snapshot.SERIES.values()}
    aapl = gzip.decompress((tmp_path / "a" / "AAPL.csv.gz").read_bytes()).decode()
    assert aapl.splitlines() == [
        "date,open,high,low,close,adj_close,volume",
        "2001-01-02,10.0,12.0,9.5,11.0,1.234568,1000",  # cents; six decimals for adjusted prices
        "2001-01-03,11.0,12.5,10.0,12.0,1.3,2000",
    ]
    index = gzip.decompress((tmp_path / "a" / "GSPC.csv.gz").read_bytes()).decode()
    assert "2001-01-02,10.0,12.0,9.5,11.0,1.23,1000" in index  # an index level is quoted in cents
    catalogue = json.loads((tmp_path / "a" / "catalogue.json").read_text())
    assert catalogue[0]["first"] == "2001-01-02" and catalogue[0]["rows"] == 2
    provenance = (tmp_path / "a" / "PROVENANCE.md").read_text()
    assert "python manage.py build_market_snapshot" in provenance and "public domain" in provenance
    assert all(e["sha256"][:16] in provenance for e in first)


def test_the_shipped_snapshot_is_what_the_packages_build(tmp_path):
    pytest.importorskip("arch")
    pytest.importorskip("bokeh_sampledata")
    out = io.StringIO()

    call_command("build_market_snapshot", "--output", str(tmp_path), stdout=out)

    rebuilt = {e["file"]: e["sha256"] for e in json.loads((tmp_path / "catalogue.json").read_text())}
    shipped = {e["file"]: e["sha256"] for e in snapshot.catalogue()}
    assert rebuilt == shipped
    assert "Wrote 8 series" in out.getvalue()
