"""Logistic regression fitted by Newton-Raphson / IRLS in numpy (no sklearn).

Model: P(y = 1 | x) = 1 / (1 + exp(-(b0 + x . b))).  The maximum-likelihood
estimate solves the score equations X'(y - p) = 0; each Newton step is a
weighted least-squares solve with weights W = p (1 - p) (iteratively
reweighted least squares).  An optional L2 (ridge) penalty on the slopes
keeps separable data finite.

Sources: Hastie, Tibshirani & Friedman, The Elements of Statistical Learning
(2nd ed., 2009), s. 4.4.1 (Newton / IRLS for logistic regression); Hosmer,
Lemeshow & Sturdivant, Applied Logistic Regression (3rd ed., 2013), ch. 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike


def sigmoid(z: ArrayLike) -> np.ndarray:
    """Logistic function 1 / (1 + e^-z), evaluated without overflow.

    Source: Hastie et al. (2009), s. 4.4.
    """
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out


@dataclass(frozen=True)
class LogisticModel:
    """Fitted logistic regression: intercept, coefficients, fit diagnostics.

    Source: Hastie, Tibshirani & Friedman (2009), s. 4.4.
    """

    intercept: float
    coef: np.ndarray
    iterations: int
    log_likelihood: float

    def decision_function(self, x: ArrayLike) -> np.ndarray:
        """Linear predictor (log-odds of y = 1): b0 + x . b.  Source: Hastie et al. (2009), eq. 4.17."""
        return self.intercept + np.asarray(x, dtype=float) @ self.coef

    def predict_proba(self, x: ArrayLike) -> np.ndarray:
        """P(y = 1 | x) = sigmoid(b0 + x . b).  Source: Hastie et al. (2009), eq. 4.18."""
        return sigmoid(self.decision_function(x))


def fit_logistic(
    x: ArrayLike,
    y: ArrayLike,
    l2: float = 0.0,
    sample_weight: ArrayLike | None = None,
    tol: float = 1e-10,
    max_iter: int = 100,
) -> LogisticModel:
    """Maximum-likelihood logistic regression by Newton-Raphson (IRLS).

    beta_{new} = beta + (X' W X + l2 I*)^{-1} [X' (y - p) - l2 I* beta],
    W = diag(w_i p_i (1 - p_i)), I* = identity with 0 for the intercept.
    Stops when the largest step is below ``tol``.  Source: Hastie,
    Tibshirani & Friedman (2009), s. 4.4.1, eq. 4.26-4.28.
    """
    xa = np.asarray(x, dtype=float)
    if xa.ndim == 1:
        xa = xa[:, None]
    ya = np.asarray(y, dtype=float)
    if not np.all((ya == 0) | (ya == 1)):
        raise ValueError("y must be 0/1")
    n, k = xa.shape
    w = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=float)
    design = np.hstack([np.ones((n, 1)), xa])
    beta = np.zeros(k + 1)
    ybar = np.average(ya, weights=w)
    if 0 < ybar < 1:
        beta[0] = np.log(ybar / (1 - ybar))
    penalty = np.full(k + 1, l2)
    penalty[0] = 0.0
    it = 0
    for iteration in range(1, max_iter + 1):
        it = iteration
        p = sigmoid(design @ beta)
        grad = design.T @ (w * (ya - p)) - penalty * beta
        hess = (design * (w * p * (1 - p))[:, None]).T @ design + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        beta = beta + step
        if np.max(np.abs(step)) < tol:
            break
    else:
        raise RuntimeError("logistic regression did not converge (separable data? try l2 > 0)")
    p = np.clip(sigmoid(design @ beta), 1e-300, 1 - 1e-16)
    ll = float(np.sum(w * (ya * np.log(p) + (1 - ya) * np.log1p(-p))))
    return LogisticModel(float(beta[0]), beta[1:].copy(), it, ll)
