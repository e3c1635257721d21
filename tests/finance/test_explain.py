from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learn.finance.explain import linear_shapley, permutation_importance, roc_auc, shapley_values

HYP = settings(database=None, deadline=None, max_examples=30)


@HYP
@given(
    st.lists(st.floats(-5, 5), min_size=1, max_size=5),
    st.integers(0, 2**31 - 1),
)
def test_it_makes_linear_shapley_values_add_up(weights, seed):
    rng = np.random.default_rng(seed)
    w = np.array(weights)
    bg = rng.normal(size=(50, w.size))
    x = rng.normal(size=w.size)

    def f(z):
        return 0.7 + z @ w

    phi = linear_shapley(w, x, bg)
    assert phi.sum() == pytest.approx(f(x) - f(bg).mean(), abs=1e-9)
    np.testing.assert_allclose(shapley_values(f, x, bg), phi, atol=1e-9)


def test_it_computes_exact_shapley_values_for_a_nonlinear_model():
    bg = np.array([[0.0, 0.0], [1.0, 1.0]])
    x = np.array([1.0, 1.0])

    def f(z):
        return z[:, 0] * z[:, 1]

    phi = shapley_values(f, x, bg)
    assert phi.sum() == pytest.approx(f(x[None, :])[0] - f(bg).mean())
    assert phi[0] == pytest.approx(phi[1])  # symmetric features


def test_it_ranks_permutation_importance_with_a_seed():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 3))
    y = (x[:, 0] + 0.1 * rng.normal(size=400) > 0).astype(int)

    def predict(z):
        return z[:, 0] + 0.01 * z[:, 2]

    mean, std = permutation_importance(predict, x, y, roc_auc, n_repeats=5, seed=42)
    assert mean[0] > 0.3 and abs(mean[1]) < 1e-12 and mean[0] > mean[2]
    mean2, _ = permutation_importance(predict, x, y, roc_auc, n_repeats=5, seed=42)
    np.testing.assert_array_equal(mean, mean2)
    assert std.shape == (3,)


def test_it_computes_auc_with_ties():
    assert roc_auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == pytest.approx(0.75)
    assert roc_auc([0, 1], [0.5, 0.5]) == pytest.approx(0.5)
