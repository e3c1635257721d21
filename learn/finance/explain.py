"""Model explanations: Shapley values and permutation importance.

- ``linear_shapley``: exact SHAP values of a linear model with independent
  features, phi_i = w_i (x_i - E[x_i]) (Lundberg & Lee 2017, "linear SHAP").
- ``shapley_values``: exact Shapley values of any model for a few features
  by enumerating all coalitions, with the interventional value function
  v(S) = E_b[f(x_S, b_{not S})] over a background sample (Shapley 1953;
  Lundberg & Lee 2017).  Cost 2^k model calls on the background.
- ``permutation_importance``: drop in a metric when one feature column is
  shuffled (Breiman 2001; Fisher, Rudin & Dominici 2019), seeded RNG.

Sources: Lundberg & Lee, "A Unified Approach to Interpreting Model
Predictions", NeurIPS 2017; Shapley, "A value for n-person games" (1953);
Breiman, "Random Forests", Machine Learning 45 (2001); Fisher, Rudin &
Dominici, JMLR 20 (2019).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike


def linear_shapley(weights: ArrayLike, x: ArrayLike, background: ArrayLike) -> np.ndarray:
    """Exact Shapley values of f(x) = b + w . x: phi_i = w_i (x_i - E[x_i]).

    ``background`` is a data sample (rows) or a vector of feature means.
    sum_i phi_i = f(x) - E[f(X)] (local accuracy).  Source: Lundberg & Lee
    (2017), linear SHAP (independent features).
    """
    w = np.asarray(weights, dtype=float)
    bg = np.asarray(background, dtype=float)
    mean = bg.mean(axis=0) if bg.ndim == 2 else bg
    return w * (np.asarray(x, dtype=float) - mean)


def shapley_values(
    predict: Callable[[np.ndarray], np.ndarray], x: ArrayLike, background: ArrayLike
) -> np.ndarray:
    """Exact interventional Shapley values for one instance (k <= 12 features).

    phi_i = sum_{S not containing i} |S|! (k-|S|-1)! / k! [v(S + i) - v(S)],
    v(S) = mean over background rows b of f(x_S, b_rest).
    sum_i phi_i = f(x) - mean_b f(b).  Source: Shapley (1953); Lundberg &
    Lee (2017), eq. 4 with the interventional expectation.
    """
    xa = np.asarray(x, dtype=float).ravel()
    bg = np.atleast_2d(np.asarray(background, dtype=float))
    k = xa.size
    if k > 12:
        raise ValueError("exact enumeration is limited to 12 features")
    masks = np.array(list(itertools.product([False, True], repeat=k)), dtype=bool)
    value = np.empty(len(masks))
    for m_i, m in enumerate(masks):
        data = np.where(m[None, :], xa[None, :], bg)
        value[m_i] = float(np.mean(predict(data)))
    index = {tuple(m): i for i, m in enumerate(masks)}
    phi = np.zeros(k)
    fact = [math.factorial(j) for j in range(k + 1)]
    for m_i, m in enumerate(masks):
        s = int(m.sum())
        for i in range(k):
            if m[i]:
                continue
            with_i = m.copy()
            with_i[i] = True
            phi[i] += fact[s] * fact[k - s - 1] / fact[k] * (value[index[tuple(with_i)]] - value[m_i])
    return phi


def roc_auc(y: ArrayLike, score: ArrayLike) -> float:
    """Area under the ROC curve via the Mann-Whitney U statistic (ties count 1/2).

    AUC = P(score of a random positive > score of a random negative);
    Gini = 2 AUC - 1.  Source: Hanley & McNeil, Radiology 143 (1982).
    """
    ya = np.asarray(y).astype(bool)
    s = np.asarray(score, dtype=float)
    order = np.argsort(s, kind="mergesort")
    ranks = np.empty(s.size)
    sorted_s = s[order]
    # average ranks for ties
    uniq, start_idx, counts = np.unique(sorted_s, return_index=True, return_counts=True)
    avg = start_idx + (counts + 1) / 2.0
    ranks[order] = np.repeat(avg, counts)
    n_pos = ya.sum()
    n_neg = ya.size - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError("need both classes")
    return float((ranks[ya].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def permutation_importance(
    predict: Callable[[np.ndarray], np.ndarray],
    x: ArrayLike,
    y: ArrayLike,
    metric: Callable[[np.ndarray, np.ndarray], float],
    n_repeats: int = 5,
    seed: int = 0,
    greater_is_better: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """Permutation importance: mean and std of the metric drop per feature.

    importance_j = metric(y, f(X)) - metric(y, f(X with column j shuffled)),
    averaged over ``n_repeats`` shuffles from ``numpy.random.default_rng(seed)``
    (sign flipped when lower metric values are better).  Source: Breiman
    (2001); Fisher, Rudin & Dominici (2019).
    """
    xa = np.asarray(x, dtype=float)
    ya = np.asarray(y)
    rng = np.random.default_rng(seed)
    base = metric(ya, predict(xa))
    sign = 1.0 if greater_is_better else -1.0
    drops = np.zeros((xa.shape[1], n_repeats))
    for j in range(xa.shape[1]):
        for r in range(n_repeats):
            xp = xa.copy()
            xp[:, j] = xp[rng.permutation(xa.shape[0]), j]
            drops[j, r] = sign * (base - metric(ya, predict(xp)))
    return drops.mean(axis=1), drops.std(axis=1)
