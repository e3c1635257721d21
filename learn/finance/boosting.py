"""Gradient-boosted trees for a 0/1 target in numpy: small, exact and deterministic.

Model: the log-odds of y = 1 are F(x) = F_0 + eta x sum_t f_t(x), with F_0 = ln(ybar / (1 - ybar)) and
each f_t a regression tree of depth 1 (a stump: additive, no interactions) or depth 2 (pairwise
interactions). Each tree is fitted to the gradient g_i = p_i - y_i and hessian h_i = p_i (1 - p_i) of
the log-loss by the second-order ("Newton") rule of XGBoost:

- a leaf holding rows I has value w = -G / (H + lambda), G = sum_I g_i, H = sum_I h_i;
- a split is worth gain = G_L^2 / (H_L + lambda) + G_R^2 / (H_R + lambda) - G^2 / (H + lambda); the
  best split over every feature and candidate threshold is taken if its gain is positive and each
  side has hessian at least ``min_child_weight``.

Candidate thresholds are the mid-points between consecutive distinct values of each feature (at most
``max_bins`` - 1 of them, at quantiles, for features with more distinct values). Rows go left when
x <= threshold. Ties in gain go to the lower feature index, then the lower threshold: no randomness
anywhere, so the same data give the same model.

Monotone constraints (``monotone[j]`` = +1: F never decreases as x_j increases, all else equal; -1:
never increases; 0: free) follow XGBoost: a split on a constrained feature is kept only if its two
leaf values are in the right order, and the children's values are then bounded by the mid-point of
the two, bounds that pass down the tree, so every tree, and hence their sum, is monotone.

Sources: Friedman, "Greedy Function Approximation: A Gradient Boosting Machine", Annals of Statistics
29 (2001); Chen & Guestrin, "XGBoost: A Scalable Tree Boosting System", KDD 2016, eq. 5-7 (leaf values
and split gain); XGBoost documentation, "Monotonic Constraints" (bounds passed to the children).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from .logistic import sigmoid

LEAF = -1  # feature index of a leaf


@dataclass(frozen=True)
class BoostedTrees:
    """A fitted model: T trees stored as arrays of shape (T, nodes); node 0 is each tree's root.

    ``feature[t, n]`` is the feature a node splits on (``LEAF`` for a leaf), ``threshold`` the split
    point (x <= threshold goes to ``left``, else ``right``), ``value`` a leaf's contribution to the
    log-odds before the learning rate. Source: Friedman (2001); Chen & Guestrin (2016).
    """

    base_score: float  # F_0, the log-odds of the training mean
    learning_rate: float
    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    n_features: int
    max_depth: int

    @property
    def n_trees(self) -> int:
        return int(self.feature.shape[0])

    def _x(self, x: ArrayLike) -> np.ndarray:
        xa = np.atleast_2d(np.asarray(x, dtype=float))
        if xa.shape[1] != self.n_features:
            raise ValueError(f"x has {xa.shape[1]} feature(s); the model was fitted on {self.n_features}")
        return xa

    def tree_values(self, x: ArrayLike) -> np.ndarray:
        """Each tree's leaf value f_t(x) for each row, shape (rows, trees), before the learning rate.

        Source: Friedman (2001), regression trees as the base learners."""
        xa = self._x(x)
        rows = np.arange(xa.shape[0])[:, None]
        trees = np.arange(self.n_trees)[None, :]
        node = np.zeros((xa.shape[0], self.n_trees), dtype=int)
        for _ in range(self.max_depth):
            feat = self.feature[trees, node]
            split = feat != LEAF
            goes_left = xa[rows, np.where(split, feat, 0)] <= self.threshold[trees, node]
            child = np.where(goes_left, self.left[trees, node], self.right[trees, node])
            node = np.where(split, child, node)
        return self.value[trees, node]

    def decision_function(self, x: ArrayLike) -> np.ndarray:
        """F(x) = F_0 + eta x sum_t f_t(x), the log-odds of y = 1.  Source: Friedman (2001), alg. 5."""
        return self.base_score + self.learning_rate * self.tree_values(x).sum(axis=1)

    def predict_proba(self, x: ArrayLike) -> np.ndarray:
        """P(y = 1 | x) = sigmoid(F(x)).  Source: Friedman (2001), s. 4.5 (two-class logistic)."""
        return sigmoid(self.decision_function(x))


def log_loss(y: ArrayLike, p: ArrayLike, eps: float = 1e-15) -> float:
    """Mean negative log-likelihood -mean(y ln p + (1 - y) ln(1 - p)), p clipped to [eps, 1 - eps].

    Source: Hastie, Tibshirani & Friedman, The Elements of Statistical Learning (2009), s. 10.6.
    """
    ya = np.asarray(y, dtype=float)
    pa = np.clip(np.asarray(p, dtype=float), eps, 1 - eps)
    return float(-np.mean(ya * np.log(pa) + (1 - ya) * np.log1p(-pa)))


def _candidates(column: np.ndarray, max_bins: int) -> np.ndarray:
    """Mid-points between consecutive distinct values; quantiles of them if there are too many."""
    values = np.unique(column)
    mids = (values[:-1] + values[1:]) / 2.0
    if mids.size > max_bins - 1:
        picked = np.quantile(values, np.linspace(0, 1, max_bins + 1)[1:-1], method="nearest")
        below = np.searchsorted(values, np.unique(picked))
        below = below[below < values.size - 1]
        mids = (values[below] + values[below + 1]) / 2.0
    return mids


def _leaf(g: float, h: float, lam: float, low: float, high: float) -> float:
    return float(np.clip(-g / (h + lam), low, high))


class _Grower:
    """Grows one tree on the gradients; holds the data shared by every tree."""

    def __init__(self, bins, cuts, monotone, max_depth, lam, min_child_weight):
        self.bins, self.cuts, self.monotone = bins, cuts, monotone
        self.max_depth, self.lam, self.min_child_weight = max_depth, lam, min_child_weight
        self.size = 2 ** (max_depth + 1) - 1

    def grow(self, g: np.ndarray, h: np.ndarray) -> tuple[np.ndarray, ...]:
        feature = np.full(self.size, LEAF, dtype=int)
        threshold = np.zeros(self.size)
        left = np.zeros(self.size, dtype=int)
        right = np.zeros(self.size, dtype=int)
        value = np.zeros(self.size)
        todo = [(0, np.arange(g.size), 0, -np.inf, np.inf)]  # node, rows, depth, bounds
        used = 1
        while todo:
            node, rows, depth, low, high = todo.pop(0)
            gs, hs = float(g[rows].sum()), float(h[rows].sum())
            value[node] = _leaf(gs, hs, self.lam, low, high)
            if depth == self.max_depth:
                continue
            best = self._best_split(g[rows], h[rows], rows, gs, hs, low, high)
            if best is None:
                continue
            j, k, w_left, w_right = best
            feature[node], threshold[node] = j, self.cuts[j][k]
            left[node], right[node] = used, used + 1
            used += 2
            goes_left = self.bins[rows, j] <= k
            bounds = [(low, high), (low, high)]
            if self.monotone[j] != 0:
                mid = (w_left + w_right) / 2.0
                bounds = [(low, mid), (mid, high)] if self.monotone[j] > 0 else [(mid, high), (low, mid)]
            todo.append((left[node], rows[goes_left], depth + 1, *bounds[0]))
            todo.append((right[node], rows[~goes_left], depth + 1, *bounds[1]))
        return feature, threshold, left, right, value

    def _best_split(self, g, h, rows, gs, hs, low, high):
        lam, best, best_gain = self.lam, None, 1e-12
        parent = gs * gs / (hs + lam)
        for j, cut in enumerate(self.cuts):
            if cut.size == 0:
                continue
            b = self.bins[rows, j]
            g_left = np.cumsum(np.bincount(b, weights=g, minlength=cut.size + 1))[:-1]
            h_left = np.cumsum(np.bincount(b, weights=h, minlength=cut.size + 1))[:-1]
            g_right, h_right = gs - g_left, hs - h_left
            gain = g_left**2 / (h_left + lam) + g_right**2 / (h_right + lam) - parent
            ok = (h_left >= self.min_child_weight) & (h_right >= self.min_child_weight)
            w_left = np.clip(-g_left / (h_left + lam), low, high)
            w_right = np.clip(-g_right / (h_right + lam), low, high)
            if self.monotone[j] > 0:
                ok &= w_left <= w_right
            elif self.monotone[j] < 0:
                ok &= w_left >= w_right
            gain = np.where(ok, gain, -np.inf)
            k = int(np.argmax(gain))  # the first (lowest threshold) of equal gains
            if gain[k] > best_gain:
                best, best_gain = (j, k, float(w_left[k]), float(w_right[k])), float(gain[k])
        return best


def fit_boosted_trees(
    x: ArrayLike,
    y: ArrayLike,
    n_estimators: int = 100,
    learning_rate: float = 0.1,
    max_depth: int = 2,
    l2: float = 1.0,
    min_child_weight: float = 1.0,
    max_bins: int = 32,
    monotone: Sequence[int] | None = None,
) -> BoostedTrees:
    """Fit F(x) = F_0 + eta x sum_t f_t(x) to 0/1 targets by Newton boosting on the log-loss.

    Each round: p = sigmoid(F), g = p - y, h = p (1 - p); grow a tree of depth ``max_depth`` (1, 2 or 3)
    with leaf values -G / (H + l2) (bounded by the monotone constraints); F += eta x tree.
    Source: Friedman (2001), alg. 5; Chen & Guestrin (2016), eq. 5-7.
    """
    xa = np.asarray(x, dtype=float)
    if xa.ndim == 1:
        xa = xa[:, None]
    ya = np.asarray(y, dtype=float).ravel()
    if xa.ndim != 2 or xa.shape[0] != ya.size:
        raise ValueError(f"x has {xa.shape[0]} row(s) but y has {ya.size}: they must match")
    if not np.all((ya == 0) | (ya == 1)):
        raise ValueError("y must be 0 or 1")
    if not np.all(np.isfinite(xa)):
        raise ValueError("x has missing or infinite values: impute or drop them first")
    if not 0 < ya.mean() < 1:
        raise ValueError("y must contain both 0s and 1s")
    if max_depth not in (1, 2, 3):
        raise ValueError("max_depth must be 1 (stumps), 2 or 3")
    if n_estimators < 1 or not 0 < learning_rate <= 1 or l2 < 0 or max_bins < 2:
        raise ValueError("need n_estimators >= 1, 0 < learning_rate <= 1, l2 >= 0 and max_bins >= 2")
    k = xa.shape[1]
    mono = np.zeros(k, dtype=int) if monotone is None else np.sign(np.asarray(monotone, dtype=int))
    if mono.shape != (k,):
        raise ValueError(f"monotone needs one entry (-1, 0 or +1) per feature: {k}")
    cuts = [_candidates(xa[:, j], max_bins) for j in range(k)]
    bins = np.column_stack([np.searchsorted(cuts[j], xa[:, j], side="left") for j in range(k)])
    grower = _Grower(bins, cuts, mono, max_depth, float(l2), float(min_child_weight))
    base = float(np.log(ya.mean() / (1 - ya.mean())))
    score = np.full(ya.size, base)
    trees = []
    for _ in range(n_estimators):
        p = sigmoid(score)
        tree = grower.grow(p - ya, p * (1 - p))
        feature, _, _, _, value = tree
        trees.append(tree)
        score = score + learning_rate * _apply(tree, xa, max_depth)
        if np.all(feature == LEAF) and np.allclose(value, 0.0, atol=1e-12):
            break  # nothing left to learn
    stacked = [np.stack(part) for part in zip(*trees, strict=True)]
    return BoostedTrees(base, float(learning_rate), *stacked, n_features=k, max_depth=max_depth)


def _apply(tree: tuple[np.ndarray, ...], x: np.ndarray, max_depth: int) -> np.ndarray:
    """One tree's values on the rows of x (x <= threshold goes left)."""
    feature, threshold, left, right, value = tree
    node = np.zeros(x.shape[0], dtype=int)
    rows = np.arange(x.shape[0])
    for _ in range(max_depth):
        feat = feature[node]
        split = feat != LEAF
        goes_left = x[rows, np.where(split, feat, 0)] <= threshold[node]
        node = np.where(split, np.where(goes_left, left[node], right[node]), node)
    return value[node]
