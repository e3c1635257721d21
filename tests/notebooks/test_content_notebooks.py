"""The published notebooks in content/notebooks: each parses without problems, runs on the offline snapshot
with its default parameters (and its grid) to status "ok" with charts, and its exercise answers are finite
numbers that agree with the same figures recomputed here from learn.market and learn.finance."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np
import pytest
from django.conf import settings
from django.test import override_settings

from learn.finance import cds, cds_calibration, curves, ratios, returns, schedule, spreads
from learn.market import api
from learn.market.companies import balance_sheet
from learn.notebooks import publish
from learn.notebooks.engine_calls import resolve_datasets
from learn.notebooks.notebookfile import load_notebook, parse_notebook
from learn.notebooks.runner import run_notebook

CONTENT = Path(settings.CONTENT_DIR)
FILES = publish.notebook_files(CONTENT)
SLUGS = [path.stem for path in FILES]
EXPECTED = {"balance-sheet-ratios", "returns-volatility-drawdown", "default-premium", "cds-pricing"}
EXACT = 1e-9


def _run(spec, values: dict) -> dict:
    with override_settings(MARKET_LIVE=False):
        datasets = resolve_datasets(spec, values, live=False)
    return run_notebook(spec, values, datasets)


@pytest.fixture(scope="module")
def default_runs(django_db_setup, django_db_blocker) -> dict[str, tuple]:
    """(spec, outputs) of every notebook run once with its defaults, on the snapshot; a notebook that
    cannot be loaded or run has its exception instead, so only its own tests fail."""
    found = {}
    with django_db_blocker.unblock():
        for path in FILES:
            try:
                spec = load_notebook(path)
                found[path.stem] = (spec, _run(spec, spec.defaults()))
            except Exception as exc:  # noqa: BLE001 - reported by the tests of that notebook
                found[path.stem] = exc
    return found


def _default_run(default_runs, slug: str) -> tuple:
    found = default_runs[slug]
    if isinstance(found, Exception):
        pytest.fail(f"{slug}: {type(found).__name__}: {found}")
    return found


def _outputs(run: dict, kind: str) -> list[dict]:
    return [o for cell in run["cells"] for o in cell["outputs"] if o["type"] == kind]


def _answer(default_runs, slug: str, name: str) -> float:
    return _default_run(default_runs, slug)[1]["variables"][name]


def test_the_four_notebooks_are_there():
    assert EXPECTED <= set(SLUGS)


@pytest.mark.parametrize("path", FILES, ids=SLUGS)
def test_each_notebook_parses_without_problems(path):
    spec, problems = parse_notebook(path.relative_to(CONTENT.parent), path.read_text(encoding="utf-8"))
    assert problems == []
    assert spec is not None and spec.exercises and spec.parameters_cell is not None
    assert len(spec.exercises) >= 2
    assert any(c.kind == "markdown" for c in spec.cells) and spec.code_cells


@pytest.mark.parametrize("slug", SLUGS)
def test_each_notebook_runs_on_the_snapshot_with_charts_tables_and_finite_answers(default_runs, slug):
    spec, run = _default_run(default_runs, slug)
    errors = _outputs(run, "error")
    assert run["status"] == "ok", errors
    assert run["error_cell"] is None and errors == []
    assert _outputs(run, "svg"), "no chart"
    assert _outputs(run, "table"), "no table"
    assert set(run["variables"]) == {e.answer for e in spec.exercises}
    for name, value in run["variables"].items():
        assert isinstance(value, float) and math.isfinite(value), (name, value)
    for name, provenance in run["provenance"].items():
        assert provenance["kind"] != "live", (name, provenance)  # never Yahoo in tests


@pytest.mark.django_db
@pytest.mark.parametrize("slug", SLUGS)
def test_each_grid_point_runs_too(slug):
    """What publishing precomputes: every grid point runs to "ok" on the snapshot."""
    spec = load_notebook(CONTENT / "notebooks" / f"{slug}.py")
    for key, values, errors in publish.parameter_sets(spec)[1:]:
        assert not errors and key
        run = _run(spec, values)
        assert run["status"] == "ok", (values, _outputs(run, "error"))
        assert _outputs(run, "svg")


# --------------------------------------------------------------------------- answers, recomputed


@pytest.mark.django_db
def test_balance_sheet_answers_match_the_ratio_functions_on_the_latest_filing(default_runs):
    latest = api.balance_sheets("AAPL", live=False)[0]  # newest first: the default "latest"
    sheet = balance_sheet(latest.figures)
    assert _answer(default_runs, "balance-sheet-ratios", "current_ratio") == pytest.approx(
        ratios.current_ratio(sheet), abs=EXACT
    )
    assert _answer(default_runs, "balance-sheet-ratios", "quick_ratio") == pytest.approx(
        ratios.quick_ratio(sheet), abs=EXACT
    )
    assert _answer(default_runs, "balance-sheet-ratios", "debt_to_equity") == pytest.approx(
        ratios.debt_to_equity(sheet), abs=EXACT
    )


@pytest.mark.django_db
def test_balance_sheet_says_so_when_a_file_has_totals_only():
    """Snowflake's file has no cash or debt lines: the notebook leaves those answers empty, not zero."""
    spec = load_notebook(CONTENT / "notebooks" / "balance-sheet-ratios.py")
    run = _run(spec, {**spec.defaults(), "company": "SNOW"})
    assert run["status"] == "ok"
    assert run["variables"]["quick_ratio"] is None and run["variables"]["debt_to_equity"] is None
    latest = balance_sheet(api.balance_sheets("SNOW", live=False)[0].figures)
    assert run["variables"]["current_ratio"] == pytest.approx(ratios.current_ratio(latest), abs=EXACT)
    text = " ".join(o["text"] for o in _outputs(run, "text"))
    assert "totals only" in text


@pytest.mark.django_db
def test_returns_answers_match_the_snapshot_s_and_p_2007_to_2009(default_runs):
    spec = _default_run(default_runs, "returns-volatility-drawdown")[0]
    defaults = spec.defaults()
    assert (defaults["ticker"], defaults["start"], defaults["end"]) == (
        "^GSPC",
        dt.date(2007, 1, 1),
        dt.date(2009, 12, 31),
    )
    close = api.prices("^GSPC", defaults["start"], defaults["end"], live=False).frame["adj_close"].to_numpy()
    worst = returns.max_drawdown(close).max_drawdown
    assert _answer(default_runs, "returns-volatility-drawdown", "max_dd") == pytest.approx(worst, abs=EXACT)
    assert worst < -0.5  # the 2008 crash is in the default window
    vol = returns.annualized_volatility(returns.simple_returns(close))
    assert _answer(default_runs, "returns-volatility-drawdown", "vol") == pytest.approx(vol, abs=EXACT)


@pytest.mark.django_db
def test_default_premium_answers_match_the_moodys_series(default_runs):
    spec = _default_run(default_runs, "default-premium")[0]
    defaults = spec.defaults()
    frame = api.yields(defaults["start"], defaults["end"]).frame
    spread = spreads.default_premium(frame["baa"], frame["aaa"])
    assert _answer(default_runs, "default-premium", "peak_spread") == pytest.approx(
        spread.max() / 100, abs=EXACT
    )
    assert _answer(default_runs, "default-premium", "peak_year") == frame.index[int(np.argmax(spread))].year
    assert _answer(default_runs, "default-premium", "average_spread_bp") == pytest.approx(
        spreads.default_premium_bp(frame["baa"], frame["aaa"]).mean(), abs=EXACT
    )


def test_cds_notebook_needs_no_market_data_and_its_answers_match_the_engine(default_runs):
    spec, run = _default_run(default_runs, "cds-pricing")
    assert spec.data == {} and run["provenance"] == {}
    defaults = spec.defaults()
    assert (defaults["preset"], defaults["recovery"], defaults["coupon"]) == ("investment grade", 0.4, "100")
    # The notebook's inputs for its default preset (trade date, rate and spreads), priced here directly.
    trade, tenors = dt.date(2026, 12, 7), [6, 12, 24, 36, 60, 84, 120]
    quotes = np.array([20, 28, 40, 52, 75, 92, 110]) * 1e-4
    discount = curves.FlatDiscountCurve(0.03)
    curve = cds_calibration.bootstrap_hazard_curve(trade, tenors, quotes, 0.4, discount, engine="isda")
    five = tenors.index(60)
    assert run["variables"]["hazard_5y"] == pytest.approx(curve.hazards[five], abs=EXACT)
    maturity = schedule.cds_maturity(trade, 60)
    upfront = cds_calibration.upfront_from_spread(
        trade, [maturity], quotes[five], 0.01, 0.4, discount, "isda"
    )
    assert run["variables"]["upfront_5y"] == pytest.approx(float(upfront[0]), abs=EXACT)
    assert run["variables"]["upfront_5y"] < 0  # 75 bp under a 100 bp coupon: the seller pays
    # The triangle is a close guess of the segment hazard but not the answer.
    assert cds.credit_triangle_hazard(quotes[five], 0.4) != pytest.approx(curve.hazards[five], abs=1e-4)


@pytest.mark.django_db
def test_cds_notebook_explains_an_impossible_recovery_instead_of_crashing():
    spec = load_notebook(CONTENT / "notebooks" / "cds-pricing.py")
    run = _run(spec, {**spec.defaults(), "preset": "high yield", "recovery": 0.9})
    assert run["status"] == "error"
    (error,) = _outputs(run, "error")
    assert "Lower the recovery rate" in error["evalue"]
