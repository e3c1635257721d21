from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learn.finance.logistic import fit_logistic, sigmoid
from learn.finance.scorecard import (
    ScoreScaling,
    attribute_points,
    build_scorecard,
    iv_strength,
    reason_codes,
    woe_bin,
    woe_iv,
)

HYP = settings(database=None, deadline=None, max_examples=60)


def test_it_computes_woe_and_iv_by_hand():
    # goods 100/200/300 (600), bads 20/20/10 (50)
    woe, contrib, iv = woe_iv([100, 200, 300], [20, 20, 10])
    # WOE = ln(%good / %bad): ln((1/6)/0.4), ln((1/3)/0.4), ln(0.5/0.2)
    np.testing.assert_allclose(woe, [-0.875469, -0.182322, 0.916291], atol=1e-6)
    np.testing.assert_allclose(contrib, [0.204276, 0.012155, 0.274887], atol=1e-6)
    assert iv == pytest.approx(0.491318, abs=1e-6)
    assert iv_strength(iv) == "strong"
    assert [iv_strength(v) for v in (0.01, 0.05, 0.2)] == ["unpredictive", "weak", "medium"]


def test_it_smooths_empty_cells():
    woe, _, iv = woe_iv([10, 0], [5, 5], smoothing=0.5)
    np.testing.assert_allclose(woe, [math.log((10.5 / 11) / (5.5 / 11)), math.log((0.5 / 11) / (5.5 / 11))])
    assert np.isfinite(iv)


def test_it_bins_a_numeric_feature():
    x = np.array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], dtype=float)
    y = np.array([1, 1, 0, 1, 0, 0, 0, 0, 0, 0])
    b = woe_bin(x, y, edges=[3, 6])
    np.testing.assert_array_equal(b.bads, [2, 1, 0])
    np.testing.assert_array_equal(b.goods, [1, 2, 4])
    assert b.bin_index([3.0, 3.5, 100.0]).tolist() == [0, 1, 2]  # right-closed bins
    assert b.transform([1.0])[0] == b.woe[0]
    q = woe_bin(x, y, n_bins=2)
    assert q.edges.tolist() == [5.5]


def test_it_fits_logistic_regression_like_the_closed_form():
    # one binary predictor: intercept = logit(p0), slope = logit(p1) - logit(p0)
    x = np.array([0] * 10 + [1] * 10, dtype=float)
    y = np.array([1] * 2 + [0] * 8 + [1] * 6 + [0] * 4)
    m = fit_logistic(x, y)
    assert m.intercept == pytest.approx(math.log(0.2 / 0.8), abs=1e-10)
    assert m.coef[0] == pytest.approx(math.log(0.6 / 0.4) - math.log(0.2 / 0.8), abs=1e-10)
    # score equations X'(y - p) = 0 on random data
    rng = np.random.default_rng(3)
    xr = rng.normal(size=(500, 3))
    yr = (rng.random(500) < sigmoid(0.5 + xr @ [1.0, -2.0, 0.0])).astype(int)
    mr = fit_logistic(xr, yr)
    resid = yr - mr.predict_proba(xr)
    assert abs(resid.sum()) < 1e-8 and np.max(np.abs(xr.T @ resid)) < 1e-8


def test_it_gives_a_single_woe_feature_a_coefficient_of_minus_one():
    # ln(bad/good) in bin j = ln(B/G) - WOE_j exactly, so b1 = -1 and b0 = ln(B/G)
    rng = np.random.default_rng(11)
    x = rng.integers(0, 4, 4000).astype(float)
    y = (rng.random(4000) < np.array([0.02, 0.05, 0.1, 0.3])[x.astype(int)]).astype(int)
    b = woe_bin(x, y, edges=[0, 1, 2])
    m = fit_logistic(b.transform(x), y)
    assert m.coef[0] == pytest.approx(-1.0, abs=1e-8)
    assert m.intercept == pytest.approx(math.log(y.sum() / (y.size - y.sum())), abs=1e-8)


def test_it_scales_points_to_odds():
    s = ScoreScaling(600, 50, 20)
    assert s.factor == pytest.approx(20 / math.log(2))
    assert s.score_from_log_odds(math.log(50)) == pytest.approx(600)
    assert s.score_from_log_odds(math.log(100)) == pytest.approx(620)


def test_it_builds_a_scorecard_whose_points_add_up_to_the_score():
    rng = np.random.default_rng(5)
    n = 5000
    x = np.column_stack([rng.normal(size=n), rng.uniform(0, 1, n), rng.normal(size=n)])
    logit = -2.5 + 1.2 * x[:, 0] - 2.0 * x[:, 1]
    y = (rng.random(n) < sigmoid(logit)).astype(int)
    sc = build_scorecard(x, y, ["debt_ratio", "utilisation", "noise"], n_bins=5)
    woe_x = np.column_stack([b.transform(x[:, i]) for i, b in enumerate(sc.binnings)])
    log_odds_good = -sc.model.decision_function(woe_x)
    np.testing.assert_allclose(sc.score(x), sc.scaling.score_from_log_odds(log_odds_good), rtol=1e-12)
    assert sc.binnings[2].iv < 0.05 < sc.binnings[0].iv
    for pts, b, coef in zip(sc.points, sc.binnings, sc.model.coef, strict=True):
        if coef < 0:  # higher WOE (safer) earns more points
            assert np.all(np.diff(pts[np.argsort(b.woe)]) >= -1e-9)
    reasons = sc.reason_codes(x[:3], top_n=2)
    assert len(reasons) == 3 and all(len(r) <= 2 for r in reasons)


def test_it_ranks_reason_codes_by_points_lost():
    pts = np.array([[30.0, 10.0, 25.0], [40.0, 50.0, 30.0]])
    max_pts = np.array([40.0, 50.0, 30.0])
    codes = reason_codes(pts, max_pts, ["age", "income", "history"], top_n=2)
    assert codes[0] == [("income", 40.0), ("age", 10.0)]
    assert codes[1] == []  # maximum on every feature: nothing to report


@HYP
@given(
    st.lists(st.integers(-300, 300), min_size=2, max_size=8, unique=True),
    st.floats(-3, -0.01),
    st.floats(-5, 5),
    st.integers(1, 10),
)
def test_it_gives_more_points_for_higher_woe(woe, coef, intercept, n):
    w = np.array(woe) / 100.0  # WOE values at least 0.01 apart
    pts = attribute_points(w, coef, intercept, n, ScoreScaling())
    order = np.argsort(w)
    assert np.all(np.diff(pts[order]) > 0)
    # and a positive coefficient reverses the ranking
    assert np.all(np.diff(attribute_points(w, -coef, intercept, n, ScoreScaling())[order]) < 0)


def test_missing_values_get_a_bin_of_their_own():
    x = np.array([1.0, 2.0, 3.0, 4.0, np.nan, np.nan, np.nan, 5.0])
    y = np.array([0, 0, 1, 0, 1, 1, 0, 0])
    b = woe_bin(x, y, edges=[2.5])
    assert b.missing and b.goods.tolist() == [2, 2, 1] and b.bads.tolist() == [0, 1, 2]
    assert b.bin_index([np.nan, 1.0, 9.0]).tolist() == [2, 0, 1]
    assert b.transform([np.nan])[0] == b.woe[2]
    complete = woe_bin(x[~np.isnan(x)], y[~np.isnan(x)], edges=[2.5])
    assert not complete.missing
    with pytest.raises(ValueError, match="no missing bin"):
        complete.bin_index([np.nan])
