"""Gradient-boosted trees (learn.finance.boosting): they learn, stumps stay additive, depth 2 finds an
interaction, monotone constraints hold, and the same data give the same model."""

from __future__ import annotations

import numpy as np
import pytest

from learn.finance.boosting import BoostedTrees, fit_boosted_trees, log_loss
from learn.finance.logistic import sigmoid


def _linear(n: int = 1500, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3))
    p = sigmoid(-0.5 + 1.5 * x[:, 0] - 1.0 * x[:, 1])  # x[:, 2] is noise
    return x, (rng.random(n) < p).astype(float)


def _xor(n: int = 2000, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, size=(n, 2))
    y = ((x[:, 0] > 0) ^ (x[:, 1] > 0)).astype(float)
    return x, np.where(rng.random(n) < 0.1, 1 - y, y)  # 10% label noise


def test_it_beats_a_constant_model_in_and_out_of_sample():
    x, y = _linear()
    model = fit_boosted_trees(x[:1000], y[:1000], n_estimators=100, learning_rate=0.1, max_depth=2)
    for xs, ys in ((x[:1000], y[:1000]), (x[1000:], y[1000:])):
        constant = log_loss(ys, np.full(ys.size, y[:1000].mean()))
        assert log_loss(ys, model.predict_proba(xs)) < constant - 0.05
    # the base score is the log-odds of the training mean
    assert model.base_score == pytest.approx(np.log(y[:1000].mean() / (1 - y[:1000].mean())))


def test_depth_two_learns_an_xor_interaction_that_stumps_cannot():
    x, y = _xor()
    constant = log_loss(y, np.full(y.size, y.mean()))
    stumps = fit_boosted_trees(x, y, n_estimators=200, max_depth=1)
    pairs = fit_boosted_trees(x, y, n_estimators=200, max_depth=2)
    assert log_loss(y, stumps.predict_proba(x)) > constant - 0.01  # additive: XOR is invisible
    assert log_loss(y, pairs.predict_proba(x)) < constant - 0.2
    corners = np.array([[0.5, 0.5], [-0.5, -0.5], [0.5, -0.5], [-0.5, 0.5]])
    p = pairs.predict_proba(corners)
    assert p[:2].max() < 0.25 and p[2:].min() > 0.65  # same signs: y = 0; opposite: y = 1


def test_stumps_are_additive_in_the_features():
    x, y = _linear()
    model = fit_boosted_trees(x, y, n_estimators=60, max_depth=1)
    a, b = np.array([[-1.0, 0.5, 0.0]]), np.array([[1.0, -0.5, 0.3]])
    mixed = np.array([[1.0, 0.5, 0.0]]), np.array([[-1.0, -0.5, 0.3]])
    f = model.decision_function
    # f(a) + f(b) == f(a1, b2..) + f(b1, a2..) for any additive model
    assert (f(a) + f(b))[0] == pytest.approx((f(mixed[0]) + f(mixed[1]))[0])


def test_predictions_are_probabilities_and_match_the_log_odds():
    x, y = _xor()
    model = fit_boosted_trees(x, y, n_estimators=50)
    far = np.array([[1e9, -1e9], [-1e9, -1e9], [0.0, 0.0]])
    for rows in (x, far):
        p = model.predict_proba(rows)
        assert p.shape == (rows.shape[0],)
        assert np.all((p > 0) & (p < 1)) and np.all(np.isfinite(p))
        assert np.allclose(np.log(p / (1 - p)), model.decision_function(rows))


def test_the_same_data_give_the_same_model():
    x, y = _linear()
    one, two = fit_boosted_trees(x, y, n_estimators=40), fit_boosted_trees(x, y, n_estimators=40)
    for name in ("feature", "threshold", "left", "right", "value"):
        assert np.array_equal(getattr(one, name), getattr(two, name)), name
    assert np.array_equal(one.decision_function(x), two.decision_function(x))


def test_monotone_constraints_hold_everywhere_even_with_interactions():
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 1, size=(1200, 2))
    wiggly = 3 * x[:, 0] - 1.5 + np.sin(10 * x[:, 0]) + (x[:, 0] > 0.5) * (x[:, 1] - 0.5) * 2
    y = (rng.random(1200) < sigmoid(wiggly)).astype(float)
    free = fit_boosted_trees(x, y, n_estimators=120, max_depth=2)
    up = fit_boosted_trees(x, y, n_estimators=120, max_depth=2, monotone=[1, 0])
    down = fit_boosted_trees(x, 1 - y, n_estimators=120, max_depth=2, monotone=[-1, 0])
    grid = np.linspace(0, 1, 301)
    free_dips = []
    for x1 in np.linspace(0, 1, 11):
        rows = np.column_stack([grid, np.full(grid.size, x1)])
        assert np.diff(up.decision_function(rows)).min() >= -1e-12
        assert np.diff(down.decision_function(rows)).max() <= 1e-12
        free_dips.append(np.diff(free.decision_function(rows)).min())
    assert min(free_dips) < -0.05  # without the constraint the sine shows through
    assert log_loss(y, up.predict_proba(x)) < log_loss(y, np.full(y.size, y.mean())) - 0.05


def test_bad_input_gets_a_clear_message():
    x, y = _linear(200)
    with pytest.raises(ValueError, match="must be 0 or 1"):
        fit_boosted_trees(x, y * 2)
    with pytest.raises(ValueError, match="missing or infinite"):
        fit_boosted_trees(np.where(x > 2, np.nan, x), y)
    with pytest.raises(ValueError, match="both 0s and 1s"):
        fit_boosted_trees(x, np.zeros(200))
    with pytest.raises(ValueError, match="one entry"):
        fit_boosted_trees(x, y, monotone=[1])
    with pytest.raises(ValueError, match=r"row\(s\) but y"):
        fit_boosted_trees(x[:10], y)
    model = fit_boosted_trees(x, y, n_estimators=5)
    assert isinstance(model, BoostedTrees) and model.n_trees == 5
    with pytest.raises(ValueError, match="fitted on 3"):
        model.predict_proba(x[:, :2])


def test_log_loss_matches_its_definition():
    y = np.array([1, 0, 1, 0])
    p = np.array([0.9, 0.2, 0.6, 0.5])
    expected = -np.mean([np.log(0.9), np.log(0.8), np.log(0.6), np.log(0.5)])
    assert log_loss(y, p) == pytest.approx(expected)
    assert np.isfinite(log_loss([1, 0], [0.0, 1.0]))  # clipped, not infinite


def test_a_constant_feature_is_never_split_on():
    x, y = _linear(400)
    x = np.column_stack([x, np.full(400, 7.0)])
    model = fit_boosted_trees(x, y, n_estimators=30)
    assert 3 not in set(model.feature.ravel())
    assert np.array_equal(model.decision_function(x), model.decision_function(x * [1, 1, 1, 0]))
