"""Pure-maths finance engine for finfluency.

Everything in this package depends only on the standard library and numpy:
no Django, no scipy.  Modules are split by topic:

- ``statements`` / ``ratios``: financial-statement data and ratio analysis.
- ``returns``: return series, volatility, drawdown, VaR, beta, Sharpe.
- ``normal``: standard normal CDF / inverse CDF in numpy.
- ``credit``: expected loss, Basel IRB risk weights, Merton structural model.
- ``schedule`` / ``curves`` / ``cds`` / ``cds_calibration``: single-name CDS
  pricing (mid-point and ISDA-style integration), hazard-curve bootstrap.
- ``logistic`` / ``scorecard`` / ``explain``: WOE/IV, scorecards, reason
  codes, Shapley values and permutation importance.
- ``boosting``: a small gradient-boosted tree classifier (the model a
  scorecard is compared with in the credit-decision notebook).
- ``spreads``: the default premium (BAA minus AAA) in percent and bp.
"""

from __future__ import annotations
