"""Credit scorecards: weight of evidence, information value, points, reason codes.

Conventions (Siddiqi, Credit Risk Scorecards, 2nd ed. 2017, ch. 10-11):

- Target y = 1 means *bad* (defaulted), y = 0 *good*.
- WOE_j = ln(%good_j / %bad_j) with %good_j = G_j / G and %bad_j = B_j / B:
  positive WOE = lower risk than average.
- IV = sum_j (%good_j - %bad_j) x WOE_j  (always >= 0).  Rule of thumb:
  < 0.02 unpredictive, 0.02-0.1 weak, 0.1-0.3 medium, > 0.3 strong.
- Zero cells: if any bin has no goods or no bads, ``smoothing`` (default
  0.5) is added to every bin's good and bad counts before computing WOE.
- Scaling: score = offset + factor x ln(odds), odds = good:bad,
  factor = PDO / ln 2, offset = base score - factor x ln(base odds).
  With a logistic model for ln(bad/good) = b0 + sum_i b_i WOE_i, the points
  for attribute j of feature i are
  points_ij = -(b_i WOE_ij + b0 / n) x factor + offset / n.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from .logistic import LogisticModel, fit_logistic


@dataclass(frozen=True)
class WoeBinning:
    """Bins of one numeric feature with their good/bad counts, WOE and IV.

    Source: Siddiqi, Credit Risk Scorecards (2017), ch. 10.

    Bin j covers (edges[j-1], edges[j]] with edges[-1] = -inf and
    edges[B-1] = +inf implied (``edges`` holds the B - 1 inner cut points).
    With ``missing`` set, one more bin at the end holds the missing values
    (NaN), as Siddiqi recommends: missingness often carries information.
    """

    edges: np.ndarray
    goods: np.ndarray
    bads: np.ndarray
    woe: np.ndarray
    iv_contributions: np.ndarray
    iv: float
    missing: bool = False

    def bin_index(self, x: ArrayLike) -> np.ndarray:
        """Bin number j with edges[j-1] < x <= edges[j] (right-closed); NaN goes to the missing bin.

        Raises ValueError for NaN when the binning has no missing bin.  Source: Siddiqi (2017), ch. 10.
        """
        xa = np.asarray(x, dtype=float)
        nan = np.isnan(xa)
        if nan.any() and not self.missing:
            raise ValueError(
                f"{int(nan.sum())} missing value(s) (NaN) but this binning has no missing bin: "
                "the data it was built from had none"
            )
        idx = np.searchsorted(self.edges, xa, side="left")
        return np.where(nan, self.edges.size + 1, idx) if self.missing else idx

    def transform(self, x: ArrayLike) -> np.ndarray:
        """x -> WOE_j of its bin (WOE encoding).  Source: Siddiqi (2017), ch. 10."""
        return self.woe[self.bin_index(x)]


def woe_iv(goods: ArrayLike, bads: ArrayLike, smoothing: float = 0.5) -> tuple[np.ndarray, np.ndarray, float]:
    """WOE per bin, IV contribution per bin and total IV from counts.

    WOE_j = ln((G_j/G) / (B_j/B)); IV = sum_j (G_j/G - B_j/B) WOE_j.  When a
    bin has zero goods or zero bads, ``smoothing`` is added to all counts.
    Source: Siddiqi, Credit Risk Scorecards (2017), ch. 10.
    """
    g = np.asarray(goods, dtype=float)
    b = np.asarray(bads, dtype=float)
    if np.any(g == 0) or np.any(b == 0):
        g = g + smoothing
        b = b + smoothing
    pg = g / g.sum()
    pb = b / b.sum()
    woe = np.log(pg / pb)
    contrib = (pg - pb) * woe
    return woe, contrib, float(contrib.sum())


def iv_strength(iv: float) -> str:
    """Siddiqi's rule of thumb for information value.

    < 0.02 unpredictive, < 0.1 weak, < 0.3 medium, otherwise strong.
    Source: Siddiqi, Credit Risk Scorecards (2017), ch. 10.
    """
    if iv < 0.02:
        return "unpredictive"
    if iv < 0.1:
        return "weak"
    if iv < 0.3:
        return "medium"
    return "strong"


def woe_bin(
    x: ArrayLike, y: ArrayLike, edges: ArrayLike | None = None, n_bins: int = 5, smoothing: float = 0.5
) -> WoeBinning:
    """Bin a numeric feature (quantile cut points unless ``edges`` given), then WOE/IV.

    y = 1 is bad.  Quantile edges are the unique inner quantiles of the
    non-missing x, so heavily tied data may give fewer than ``n_bins`` bins.
    Missing values (NaN) get a bin of their own, placed last.  Source:
    Siddiqi, Credit Risk Scorecards (2017), ch. 10 (fine and coarse
    classing; missing values as a separate attribute).
    """
    xa = np.asarray(x, dtype=float)
    ya = np.asarray(y, dtype=int)
    if xa.shape != ya.shape:
        raise ValueError("x and y must have the same length")
    if not np.all((ya == 0) | (ya == 1)):
        raise ValueError("y must be 0 (good) or 1 (bad)")
    nan = np.isnan(xa)
    if nan.all():
        raise ValueError("every value of x is missing")
    if edges is None:
        qs = np.quantile(xa[~nan], np.linspace(0, 1, n_bins + 1)[1:-1])
        cut = np.unique(qs)
    else:
        cut = np.unique(np.asarray(edges, dtype=float))
    missing = bool(nan.any())
    idx = np.searchsorted(cut, xa, side="left")
    nb = cut.size + 1
    if missing:
        idx = np.where(nan, nb, idx)
        nb += 1
    bads = np.bincount(idx, weights=(ya == 1), minlength=nb)
    goods = np.bincount(idx, weights=(ya == 0), minlength=nb)
    woe, contrib, iv = woe_iv(goods, bads, smoothing)
    return WoeBinning(cut, goods, bads, woe, contrib, iv, missing)


@dataclass(frozen=True)
class ScoreScaling:
    """Points scaling: score = offset + factor x ln(good:bad odds).

    Defaults: 600 points at odds 50:1, 20 points to double the odds.
    Source: Siddiqi, Credit Risk Scorecards (2017), ch. 11 (scaling).
    """

    base_score: float = 600.0
    base_odds: float = 50.0
    pdo: float = 20.0

    @property
    def factor(self) -> float:
        """factor = PDO / ln 2.  Source: Siddiqi (2017), ch. 11."""
        return self.pdo / np.log(2.0)

    @property
    def offset(self) -> float:
        """offset = base score - factor x ln(base odds).  Source: Siddiqi (2017), ch. 11."""
        return self.base_score - self.factor * np.log(self.base_odds)

    def score_from_log_odds(self, log_odds_good: ArrayLike) -> np.ndarray:
        """Score = offset + factor x ln(odds good:bad).  Source: Siddiqi (2017), ch. 11."""
        return self.offset + self.factor * np.asarray(log_odds_good, dtype=float)


def attribute_points(
    woe: ArrayLike, coef: float, intercept: float, n_features: int, scaling: ScoreScaling
) -> np.ndarray:
    """Points for attributes with the given WOE values of one feature.

    points = -(coef x WOE + intercept / n) x factor + offset / n, for a
    model of ln(bad/good).  With coef < 0 (the usual sign for WOE inputs)
    points increase with WOE.  Source: Siddiqi (2017), ch. 11.
    """
    w = np.asarray(woe, dtype=float)
    return -(coef * w + intercept / n_features) * scaling.factor + scaling.offset / n_features


@dataclass(frozen=True)
class Scorecard:
    """A fitted points scorecard: one binning and one points table per feature.

    Source: Siddiqi, Credit Risk Scorecards (2017), ch. 11.
    """

    feature_names: tuple[str, ...]
    binnings: tuple[WoeBinning, ...]
    points: tuple[np.ndarray, ...]
    model: LogisticModel
    scaling: ScoreScaling

    def points_matrix(self, x: ArrayLike) -> np.ndarray:
        """points_ij of each applicant (rows) on each feature (columns).  Source: Siddiqi (2017), ch. 11."""
        xa = np.atleast_2d(np.asarray(x, dtype=float))
        cols = [self.points[i][b.bin_index(xa[:, i])] for i, b in enumerate(self.binnings)]
        return np.column_stack(cols)

    def score(self, x: ArrayLike) -> np.ndarray:
        """Score = sum_i points_i = offset + factor x ln(odds).  Source: Siddiqi (2017), ch. 11."""
        return self.points_matrix(x).sum(axis=1)

    def reason_codes(self, x: ArrayLike, top_n: int = 3) -> list[list[tuple[str, float]]]:
        """Top-N reasons: max points - earned points per feature.  Source: Siddiqi (2017), ch. 13."""
        return reason_codes(self.points_matrix(x), [p.max() for p in self.points], self.feature_names, top_n)


def build_scorecard(
    x: ArrayLike,
    y: ArrayLike,
    feature_names: Sequence[str],
    n_bins: int = 5,
    scaling: ScoreScaling | None = None,
    l2: float = 0.0,
    edges: Sequence[ArrayLike | None] | None = None,
) -> Scorecard:
    """WOE-bin every feature, fit a logistic model on the WOE values, scale to points.

    Model: ln(bad/good) = b0 + sum_i b_i WOE_i(x_i), fitted by IRLS
    (``learn.finance.logistic``).  Points per attribute as in
    ``attribute_points``.  Source: Siddiqi, Credit Risk Scorecards (2017),
    ch. 10-11.
    """
    xa = np.asarray(x, dtype=float)
    k = xa.shape[1]
    sc = scaling or ScoreScaling()
    bins = tuple(woe_bin(xa[:, i], y, None if edges is None else edges[i], n_bins=n_bins) for i in range(k))
    woe_x = np.column_stack([b.transform(xa[:, i]) for i, b in enumerate(bins)])
    model = fit_logistic(woe_x, y, l2=l2)
    pts = tuple(attribute_points(b.woe, model.coef[i], model.intercept, k, sc) for i, b in enumerate(bins))
    return Scorecard(tuple(feature_names), bins, pts, model, sc)


def reason_codes(
    points: ArrayLike, max_points: ArrayLike, feature_names: Sequence[str], top_n: int = 3
) -> list[list[tuple[str, float]]]:
    """Adverse-action reason codes: features where the applicant lost most points.

    lost_i = max attainable points on feature i - points earned on i; the
    top-N features by lost points (ties broken by feature order, zero
    losses omitted) are returned as (name, points lost).  Source: Siddiqi
    (2017), ch. 13 ("reasons for decline", points-below-maximum method);
    US Regulation B (ECOA), 12 CFR 1002.9 (statement of specific reasons).
    """
    p = np.atleast_2d(np.asarray(points, dtype=float))
    lost = np.asarray(max_points, dtype=float)[None, :] - p
    out: list[list[tuple[str, float]]] = []
    for row in lost:
        order = np.argsort(-row, kind="stable")
        out.append([(feature_names[j], float(row[j])) for j in order[:top_n] if row[j] > 0])
    return out
