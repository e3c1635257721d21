"""Benchmark: learn.finance CDS engine (vectorised numpy) vs QuantLib-Python.

Tasks, each run for the mid-point and the ISDA engine:
1. price N CDS (default 10,000) with varied flat hazard rates (from spreads
   of 20-1500bp), maturities (6M-10Y), recoveries (20/40/60%) and standard
   coupons (100/500bp) on a zero curve; compare par spread, NPV, legs and
   fair upfront with QuantLib;
2. bootstrap M hazard curves (default 1,000) from par spreads at 6M, 1Y,
   3Y, 5Y, 7Y, 10Y; compare the hazard rates.

QuantLib is set up by tests/finance/quantlib_reference.py, as in the
tests.  Each side is timed three times and its best time counts.
Tolerances checked: 0.01bp (1e-6) on spreads, 1e-6 of notional on values,
1e-8 absolute on bootstrapped hazards.  Prints the time ratio QuantLib / ours.

Run:  .venv/bin/python bench/bench_cds.py [--quick] [--seed N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import QuantLib as ql  # noqa: E402

from learn.finance.cds import price_cds  # noqa: E402
from learn.finance.cds_calibration import bootstrap_hazard_curve  # noqa: E402
from learn.finance.curves import FlatHazardCurve  # noqa: E402
from learn.finance.schedule import cds_maturity  # noqa: E402
from tests.finance.quantlib_reference import (  # noqa: E402
    qd,
    ql_cds,
    ql_engine,
    ql_model,
    ql_spread_helper,
    zero_curve_pair,
)

T = dt.date(2024, 5, 15)
TOL_SPREAD = 1e-6
TOL_VALUE = 1e-6
TOL_HAZARD = 1e-8
REPEAT = 3  # each side is timed REPEAT times; the best time counts
PRICE_TENORS = np.array([6, 12, 24, 36, 48, 60, 84, 120])
CURVE_TENORS = [6, 12, 36, 60, 84, 120]


def best_of(k: int, fn):
    """(best wall time of k calls, result of the last call)."""
    times = []
    for _ in range(k):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def bench_pricing(n: int, engine: str, rng: np.random.Generator, ours_disc, disc) -> dict:
    tenors = rng.choice(PRICE_TENORS, n)
    spreads = rng.uniform(20, 1500, n) * 1e-4
    recs = rng.choice([0.2, 0.4, 0.6], n)
    coupons = np.where(spreads > 0.03, 0.05, 0.01)
    hazards = spreads / (1 - recs)
    mats = np.array([cds_maturity(T, int(m)) for m in PRICE_TENORS])[np.searchsorted(PRICE_TENORS, tenors)]

    price_cds(
        T, mats[:10], coupons[:10], recs[:10], ours_disc, FlatHazardCurve(hazards[:10]), engine
    )  # warm-up
    t_ours, ours = best_of(
        REPEAT, lambda: price_cds(T, mats, coupons, recs, ours_disc, FlatHazardCurve(hazards), engine)
    )

    def quantlib():
        quote = ql.SimpleQuote(0.01)
        haz = ql.DefaultProbabilityTermStructureHandle(
            ql.FlatHazardRate(qd(T), ql.QuoteHandle(quote), ql.Actual365Fixed())
        )
        engines = {r: ql_engine(engine, haz, r, disc) for r in (0.2, 0.4, 0.6)}
        trades = {}
        out = np.empty((n, 5))
        for i in range(n):
            key = (int(tenors[i]), float(coupons[i]))
            if key not in trades:
                trades[key] = ql_cds(T, *key)
            cds = trades[key]
            quote.setValue(float(hazards[i]))
            cds.setPricingEngine(engines[float(recs[i])])
            out[i] = (
                cds.fairSpread(),
                cds.NPV(),
                cds.defaultLegNPV(),
                -cds.couponLegNPV(),
                cds.fairUpfront(),
            )
        return out

    t_ql, out = best_of(REPEAT, quantlib)

    diffs = {
        "par spread": np.max(np.abs(out[:, 0] - ours.par_spread)),
        "npv": np.max(np.abs(out[:, 1] - ours.npv)),
        "protection": np.max(np.abs(out[:, 2] - ours.protection_leg)),
        "premium": np.max(np.abs(out[:, 3] - ours.premium_leg)),
        "upfront": np.max(np.abs(out[:, 4] - ours.fair_upfront)),
    }
    ok = diffs["par spread"] < TOL_SPREAD and all(
        v < TOL_VALUE for k, v in diffs.items() if k != "par spread"
    )
    return {
        "task": f"price {n:,} CDS",
        "engine": engine,
        "ql": t_ql,
        "ours": t_ours,
        "diffs": diffs,
        "ok": ok,
    }


def ql_bootstrap(quotes: np.ndarray, rec: np.ndarray, disc, model) -> np.ndarray:
    hz = np.empty(quotes.shape)
    for j in range(quotes.shape[0]):
        helpers = [
            ql_spread_helper(q, t, rec[j], disc, model) for q, t in zip(quotes[j], CURVE_TENORS, strict=True)
        ]
        curve = ql.PiecewiseFlatHazardRate(qd(T), helpers, ql.Actual365Fixed())
        hz[j] = [h for _, h in curve.nodes()[1:]]
    return hz


def bench_bootstrap(m: int, engine: str, rng: np.random.Generator, ours_disc, disc) -> dict:
    level = rng.uniform(20, 1000, m) * 1e-4
    slope = rng.uniform(-0.1, 0.25, m)
    years = np.array(CURVE_TENORS) / 12.0
    quotes = level[:, None] * (1 + slope[:, None] * np.log(years)[None, :] / np.log(10))
    rec = rng.choice([0.2, 0.4], m)

    bootstrap_hazard_curve(T, CURVE_TENORS, quotes[:2], rec[:2], ours_disc, engine)  # warm-up
    t_ours, ours = best_of(
        REPEAT, lambda: bootstrap_hazard_curve(T, CURVE_TENORS, quotes, rec, ours_disc, engine)
    )
    model = ql_model(engine)
    t_ql, hz = best_of(REPEAT, lambda: ql_bootstrap(quotes, rec, disc, model))

    # repricing check on our side: every curve reprices its quotes
    mats = [cds_maturity(T, t) for t in CURVE_TENORS]
    reprice = 0.0
    for k, mat in enumerate(mats):
        res = price_cds(T, [mat] * m, 0.01, rec, ours_disc, ours, engine)
        reprice = max(reprice, float(np.max(np.abs(res.par_spread - quotes[:, k]))))
    diffs = {"hazard": float(np.max(np.abs(hz - ours.hazards))), "reprice (ours)": reprice}
    ok = diffs["hazard"] < TOL_HAZARD and reprice < TOL_SPREAD
    return {
        "task": f"bootstrap {m:,} curves",
        "engine": engine,
        "ql": t_ql,
        "ours": t_ours,
        "diffs": diffs,
        "ok": ok,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 CDS and 100 curves")
    parser.add_argument("--seed", type=int, default=20240515)
    args = parser.parse_args(argv)
    n, m = (1_000, 100) if args.quick else (10_000, 1_000)
    ql.Settings.instance().evaluationDate = qd(T)
    ours_disc, disc = zero_curve_pair(T)
    rng = np.random.default_rng(args.seed)
    rows = []
    for engine in ("midpoint", "isda"):
        rows.append(bench_pricing(n, engine, rng, ours_disc, disc))
    for engine in ("midpoint", "isda"):
        rows.append(bench_bootstrap(m, engine, rng, ours_disc, disc))
    print(f"QuantLib {ql.__version__}, numpy {np.__version__}, valuation date {T}")
    print(
        f"{'task':<24}{'engine':<10}{'QuantLib s':>12}{'ours s':>10}{'QL/ours':>10}  agree  max abs "
        f"differences"
    )
    for r in rows:
        d = ", ".join(f"{k} {v:.1e}" for k, v in r["diffs"].items())
        print(
            f"{r['task']:<24}{r['engine']:<10}{r['ql']:>12.3f}{r['ours']:>10.3f}{r['ql'] / r['ours']:>10.1f}"
            f"  {'yes' if r['ok'] else 'NO ':<5}  {d}"
        )
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
