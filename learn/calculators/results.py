"""From a valid calculator form to the figures a page shows: calls ``learn.finance``, formats numbers.

Formatting is done here, not in templates, so that the tests can state exactly which strings a learner
sees: thousands separators, and a fixed number of decimals per kind of quantity (``fmt_*``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from learn.calculators.companies import Catalogue, StoredStatement, balance_sheet, income_statement
from learn.calculators.forms import ENGINE_NAMES, FIGURES, tenor_label
from learn.finance import ratios
from learn.finance.cds import credit_triangle_spread, price_cds
from learn.finance.cds_calibration import bootstrap_hazard_curve, flat_hazard_from_spread, upfront_from_spread
from learn.finance.credit import expected_loss, irb_corporate
from learn.finance.curves import YEAR_DAYS, FlatDiscountCurve, PiecewiseHazardCurve
from learn.finance.normal import norm_cdf, norm_ppf
from learn.finance.schedule import advance_business_days, cds_maturity, cds_schedule, from_days, to_days

# --------------------------------------------------------------------------- formatting


def fmt_number(x: float, decimals: int) -> str:
    text = f"{x:,.{decimals}f}"
    return text[1:] if text.startswith("-") and not text.strip("-0.,") else text  # no "-0.00"


def fmt_pct(fraction: float, decimals: int = 2) -> str:
    return fmt_number(fraction * 100, decimals) + "%"


def fmt_money(x: float) -> str:
    """Whole units from 1,000 up, cents below, two significant digits below a cent (never "0.00")."""
    if x == 0:
        return "0"
    if abs(x) < 0.005:
        return np.format_float_positional(x, precision=2, unique=False, fractional=False, trim="-")
    return fmt_number(x, 0 if abs(x) >= 1000 else 2)


def fmt_bp(fraction: float, decimals: int = 2) -> str:
    return fmt_number(fraction * 1e4, decimals) + "bp"


def plain(x: float) -> str:
    """A figure as a form input shows it: 143,566 or 1,234.5."""
    return f"{int(x):,}" if float(x).is_integer() else f"{x:,}"


def fmt_date(day) -> str:
    d = from_days(int(day))
    return f"{d.day} {d:%b %Y}"


def fmt_input_pct(fraction: float) -> str:
    """A percentage as it was typed: 40%, 37.5%."""
    return f"{round(fraction * 100, 6):g}%"


# --------------------------------------------------------------------------- CDS


class CurveError(Exception):
    """The quotes have no non-negative hazard curve; the message says which and what to do."""


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    points: str
    area: str
    x_ticks: list[tuple[str, str]]  # (x, label)
    y_ticks: list[tuple[str, str]]  # (y, label)
    markers: list[tuple[str, str, str]]  # (x, y, title)
    left: float
    right: float
    top: float
    bottom: float
    label: str

    @property
    def x_label_y(self) -> float:
        return self.bottom + 18

    @property
    def y_label_x(self) -> float:
        return self.left - 8

    @property
    def x_title_x(self) -> str:
        return f"{(self.left + self.right) / 2:.0f}"

    @property
    def x_title_y(self) -> int:
        return self.height - 4

    @property
    def y_title_transform(self) -> str:
        return f"rotate(-90 14 {(self.top + self.bottom) / 2:.0f})"

    @property
    def y_title_y(self) -> str:
        return f"{(self.top + self.bottom) / 2:.0f}"


def survival_chart(curve: PiecewiseHazardCurve, horizon_days: int, nodes: list[tuple[str, int]]) -> Chart:
    """Survival S(t) from the trade date to the horizon, as SVG coordinates (server-drawn, no script)."""
    width, height, left, right, top, bottom = 640, 300, 66, 624, 16, 256
    days = np.linspace(0, horizon_days, 121)
    surv = curve.survival(days)
    span = horizon_days / YEAR_DAYS
    x_step = 1 if span <= 12 else 2 if span <= 24 else 5
    years = x_step * math.ceil(span / x_step - 1e-9)
    low = float(surv.min())
    step = next(s for s in (0.01, 0.02, 0.05, 0.1, 0.2) if (1 - low) / s <= 5)
    y0 = max(0.0, math.floor(low / step + 1e-9) * step)
    if y0 >= 1:
        y0 = 1 - step

    def x(d):
        return left + (right - left) * d / (years * YEAR_DAYS)

    def y(s):
        return bottom - (bottom - top) * (s - y0) / (1 - y0)

    pts = [f"{x(d):.1f},{y(s):.1f}" for d, s in zip(days, surv, strict=True)]
    area = f"{x(0):.1f},{bottom} " + " ".join(pts) + f" {x(days[-1]):.1f},{bottom}"
    x_ticks = [(f"{x(k * YEAR_DAYS):.1f}", f"{k}y") for k in range(0, years + 1, x_step)]
    n_y = round((1 - y0) / step)
    y_ticks = [(f"{y(y0 + i * step):.1f}", fmt_pct(y0 + i * step, 0)) for i in range(n_y + 1)]
    markers = []
    for name, d in nodes:
        s = float(curve.survival(np.asarray(float(d))))
        markers.append((f"{x(d):.1f}", f"{y(s):.1f}", f"{name}: survival {fmt_pct(s)}"))
    label = (f"Survival probability falls from 100% at the trade date to "
             f"{fmt_pct(float(surv[-1]))} after {fmt_number(horizon_days / YEAR_DAYS, 1)} years.")
    return Chart(width, height, " ".join(pts), area, x_ticks, y_ticks, markers, left, right, top, bottom, label)


@dataclass(frozen=True)
class HazardRow:
    tenor: str
    maturity: str
    quote: str
    hazard: str
    survival: str
    default_probability: str


@dataclass(frozen=True)
class CdsOutcome:
    rows: list[HazardRow]
    chart: Chart
    contract: dict[str, str]
    engine: str
    recovery: str
    trade_date: str
    single_period_tenors: str = ""  # e.g. "3m": tenors whose contract has one coupon period
    negative_rate_isda: bool = False  # where QuantLib's IsdaCdsEngine gives slightly different numbers


def cds_result(form) -> CdsOutcome:
    points = form.cleaned_data["spreads"]
    recovery = form.number("recovery") / 100
    coupon = form.cleaned_data["coupon"] * 1e-4
    notional = form.number("notional")
    engine = form.cleaned_data["engine"]
    trade = form.cleaned_data["trade_date"]
    t0 = int(to_days(trade))
    rate = form.number("rate") / 100
    discount = FlatDiscountCurve(rate)
    months = [p.months for p in points]
    quotes = np.array([p.spread_bp for p in points]) * 1e-4
    with np.errstate(all="ignore"):
        try:
            curve = bootstrap_hazard_curve(t0, months, quotes, recovery, discount, engine, allow_negative=True)
            _check_hazards(curve.hazards, points)
            maturities = [cds_maturity(t0, m) for m in months]
            survival = curve.survival(np.array(maturities, dtype=float) - t0)
            single_period = cds_schedule(t0, maturities).mask.sum(axis=1) == 1
            contract = _standard_contract(t0, min(60, months[-1]), coupon, recovery, notional, discount,
                                          curve, engine)
        except (ValueError, RuntimeError, ArithmeticError) as exc:
            raise CurveError(
                "No hazard curve reprices these spreads: the solver found no hazard rate for at least one "
                "tenor. Check the quotes; very large spreads with a high recovery rate, or a spread far below "
                "the one before it, have no solution."
            ) from exc
    rows = [
        HazardRow(p.tenor, fmt_date(mat), fmt_number(p.spread_bp, 2) + "bp", fmt_pct(h, 3), fmt_pct(s),
                  fmt_pct(1 - s))
        for p, mat, h, s in zip(points, maturities, curve.hazards, survival, strict=True)
    ]
    nodes = [(p.tenor, mat - t0) for p, mat in zip(points, maturities, strict=True)]
    chart = survival_chart(curve, max(maturities[-1] - t0, 365), nodes)
    single = ", ".join(p.tenor for p, one in zip(points, single_period, strict=True) if one)
    return CdsOutcome(rows, chart, contract, ENGINE_NAMES[engine], fmt_input_pct(recovery), fmt_date(t0),
                      single_period_tenors=single, negative_rate_isda=engine == "isda" and rate < 0)


def _check_hazards(hazards: np.ndarray, points) -> None:
    if not np.all(np.isfinite(hazards)):
        raise CurveError("No hazard curve reprices these spreads. Check the quotes.")
    negative = np.flatnonzero(hazards < 0)
    if negative.size:
        k = int(negative[0])
        before = f"after {points[k - 1].tenor} at {fmt_number(points[k - 1].spread_bp, 0)}bp, " if k else ""
        span = f"from {points[k - 1].tenor} to {points[k].tenor}" if k else f"up to {points[k].tenor}"
        raise CurveError(
            f"No non-negative hazard rate fits these spreads: {before}the {points[k].tenor} spread of "
            f"{fmt_number(points[k].spread_bp, 0)}bp would need a default intensity of "
            f"{fmt_pct(float(hazards[k]), 2)} {span}. Spreads that fall this steeply are not arbitrage-free; "
            "check the quotes."
        )


def is_no_upfront(upfront: float, notional: float) -> bool:
    """An upfront too small to pay: under half a currency unit and a negligible share of the notional.

    At par spread = coupon the upfront is zero up to rounding noise (~1e-17 of notional), whose sign means
    nothing. Both tests are needed: with a notional of 100, 0.4 is half a percent, a real upfront.
    """
    return abs(upfront * notional) < 0.5 and abs(upfront) < 1e-6


def _standard_contract(t0, months, coupon, recovery, notional, discount, curve, engine) -> dict[str, str]:
    maturity = cds_maturity(t0, months)
    res = price_cds(t0, [maturity], coupon, recovery, discount, curve, engine, notional)
    par = float(res.par_spread[0])
    upfront = float(res.fair_upfront[0])
    markit = float(upfront_from_spread(t0, [maturity], res.par_spread, coupon, recovery, discount, engine)[0])
    # The triangle needs one hazard rate: the flat one that reprices this contract (on a sloped curve
    # neither a segment's hazard nor the average -ln S(T)/T does; the page shows the average as well).
    flat = float(flat_hazard_from_spread(t0, [maturity], res.par_spread, recovery, discount, engine)[0])
    avg_hazard = float(-curve.log_survival(np.asarray(float(maturity - t0))) / ((maturity - t0) / YEAR_DAYS))
    triangle = float(credit_triangle_spread(flat, recovery))
    rebate = float(res.accrual_rebate[0]) / res.upfront_discount
    values = [par, upfront, markit, flat, avg_hazard, triangle, float(res.rpv01[0]), float(res.risky_annuity[0])]
    if not all(math.isfinite(v) for v in values):
        raise CurveError("The standard contract cannot be priced on this curve. Check the quotes.")
    no_upfront = is_no_upfront(upfront, notional)
    settlement = fmt_date(advance_business_days(t0, 3))
    if no_upfront:
        upfront = 0.0
        settles = ("No upfront: the par spread equals the coupon, so neither side pays the other at "
                   f"settlement on {settlement}")
    else:
        payer = "The protection buyer pays the seller" if upfront > 0 else "The protection seller pays the buyer"
        settles = f"{payer} {fmt_money(abs(upfront * notional))} at settlement on {settlement}"
    return {
        "tenor": tenor_label(months),
        "maturity": fmt_date(maturity),
        "coupon": fmt_number(coupon * 1e4, 0) + "bp",
        "notional": fmt_money(notional),
        "par_spread": fmt_bp(par),
        "upfront_pct": fmt_pct(upfront, 3),
        "upfront_cash": fmt_money(abs(upfront * notional)),
        "settles": settles,
        "no_upfront": no_upfront,
        "markit_upfront_pct": fmt_pct(markit, 3),
        "rebate_cash": fmt_money(rebate),
        "rpv01": fmt_money(float(res.rpv01[0])),
        "risky_annuity": fmt_number(float(res.risky_annuity[0]), 4),
        "flat_hazard": fmt_pct(flat, 3),
        "avg_hazard": fmt_pct(avg_hazard, 3),
        "lgd": fmt_input_pct(1 - recovery),
        "triangle": fmt_bp(triangle),
        "triangle_error": fmt_number((par - triangle) * 1e4, 2) + "bp",
    }


# --------------------------------------------------------------------------- Basel IRB


def credit_result(form) -> dict[str, str | bool]:
    pd_in = form.number("pd") / 100
    lgd = form.number("lgd") / 100
    ead = form.number("ead")
    m = form.number("maturity")
    floor = form.pd_floor
    irb = irb_corporate(pd_in, lgd, m, ead, floor)
    pd = float(irb.pd)
    r, b, k = float(irb.correlation), float(irb.maturity_b), float(irb.capital_k)
    rw, rwa = float(irb.risk_weight), float(irb.rwa)
    el = float(expected_loss(pd, lgd, ead))
    w = -math.expm1(-50 * pd) / -math.expm1(-50)
    defaulted = pd >= 1
    out: dict[str, str | bool] = {
        "pd": fmt_input_pct(pd),
        "pd_entered": fmt_input_pct(pd_in),
        "floored": pd > pd_in,
        "floor": fmt_input_pct(floor),
        "defaulted": defaulted,
        "lgd": fmt_input_pct(lgd),
        "ead": fmt_money(ead),
        "maturity": f"{round(m, 6):g}",
        "el": fmt_money(el),
        "w": fmt_number(w, 4),
        "r": fmt_number(r, 4),
        "b": fmt_number(b, 4),
        "ma": fmt_number((1 + (m - 2.5) * b) / (1 - 1.5 * b), 4),
        "k": fmt_pct(k, 3),
        "k_cash": fmt_money(k * ead),
        "risk_weight": fmt_pct(rw, 2),
        "rwa": fmt_money(rwa),
        "capital_8": fmt_money(0.08 * rwa),
        "cet1_45": fmt_money(0.045 * rwa),
        "cet1_70": fmt_money(0.07 * rwa),
    }
    if not defaulted:
        conditional = float(norm_cdf((norm_ppf(pd) + math.sqrt(r) * norm_ppf(0.999)) / math.sqrt(1 - r)))
        out["conditional_pd"] = fmt_pct(conditional, 2)
    return out


# --------------------------------------------------------------------------- ratios

DEBT = "Debt is interest-bearing only: short-term debt + current portion of long-term debt + long-term debt."
DEBT_NEEDS = ("short_term_debt", "current_ltd", "long_term_debt")


@dataclass(frozen=True)
class RatioSpec:
    section: str
    name: str
    formula: str
    shown: str  # the formula with the figures, names in braces
    definition: str
    needs: tuple[str, ...]
    compute: Callable
    kind: str  # "ratio", "times", "pct", "amount"


RATIO_SPECS = [
    RatioSpec("Liquidity", "Current ratio", "current assets / current liabilities",
              "{current_assets} / {current_liabilities}", "Ending balances.",
              ("current_assets", "current_liabilities"), lambda bs, inc: ratios.current_ratio(bs), "ratio"),
    RatioSpec("Liquidity", "Quick ratio", "(cash + marketable securities + trade receivables) / current liabilities",
              "({cash} + {securities} + {receivables}) / {current_liabilities}",
              "Trade receivables only; inventories and other current assets never count. Ending balances.",
              ("cash", "securities", "receivables", "current_liabilities"),
              lambda bs, inc: ratios.quick_ratio(bs), "ratio"),
    RatioSpec("Liquidity", "Quick ratio with other receivables",
              "(cash + marketable securities + trade and other receivables) / current liabilities",
              "({cash} + {securities} + {receivables} + {other_receivables}) / {current_liabilities}",
              "Adds non-trade receivables (Apple's vendor non-trade receivables); the CFA definition leaves this "
              "choice to the analyst.",
              ("cash", "securities", "receivables", "other_receivables", "current_liabilities"),
              lambda bs, inc: ratios.quick_ratio(bs, include_other_receivables=True), "ratio"),
    RatioSpec("Liquidity", "Cash ratio", "(cash + marketable securities) / current liabilities",
              "({cash} + {securities}) / {current_liabilities}", "Current marketable securities only.",
              ("cash", "securities", "current_liabilities"), lambda bs, inc: ratios.cash_ratio(bs), "ratio"),
    RatioSpec("Liquidity", "Working capital", "current assets − current liabilities",
              "{current_assets} − {current_liabilities}", "An amount, in the statement's units.",
              ("current_assets", "current_liabilities"), lambda bs, inc: ratios.working_capital(bs), "amount"),
    RatioSpec("Solvency", "Total debt", "short-term debt + current portion of LTD + long-term debt",
              "{short_term_debt} + {current_ltd} + {long_term_debt}",
              "Interest-bearing debt only: not accounts payable, deferred revenue or other liabilities.",
              DEBT_NEEDS, lambda bs, inc: ratios.total_debt(bs), "amount"),
    RatioSpec("Solvency", "Debt-to-equity", "total debt / total equity", "{debt} / {equity}", DEBT,
              (*DEBT_NEEDS, "equity"), lambda bs, inc: ratios.debt_to_equity(bs), "ratio"),
    RatioSpec("Solvency", "Debt-to-capital", "total debt / (total debt + total equity)",
              "{debt} / ({debt} + {equity})", DEBT, (*DEBT_NEEDS, "equity"),
              lambda bs, inc: ratios.debt_to_capital(bs), "pct"),
    RatioSpec("Solvency", "Debt-to-assets", "total debt / total assets", "{debt} / {total_assets}", DEBT,
              (*DEBT_NEEDS, "total_assets"), lambda bs, inc: ratios.debt_to_assets(bs), "pct"),
    RatioSpec("Solvency", "Equity multiplier", "total assets / total equity", "{total_assets} / {equity}",
              "Financial leverage; ending balances.", ("total_assets", "equity"),
              lambda bs, inc: ratios.equity_multiplier(bs), "ratio"),
    RatioSpec("Solvency", "Liabilities-to-equity", "total liabilities / total equity",
              "{total_liabilities} / {equity}",
              "All liabilities, not just debt; equals the equity multiplier − 1 when assets = liabilities + equity.",
              ("total_liabilities", "equity"), lambda bs, inc: ratios.liabilities_to_equity(bs), "ratio"),
    RatioSpec("Coverage", "Interest coverage", "EBIT / interest expense", "{ebit} / {interest}",
              "EBIT is reported operating income; both from the same fiscal year.", ("ebit", "interest"),
              lambda bs, inc: ratios.interest_coverage(inc), "times"),
]
DUPONT_NEEDS = ("net_income", "revenue", "total_assets", "equity")


@dataclass(frozen=True)
class RatioRow:
    name: str
    formula: str
    shown: str
    definition: str
    value: str | None  # None: n/a, with the reason
    raw: float | None
    reason: str


@dataclass
class RatioOutcome:
    statement: StoredStatement | None
    edited: list[str]
    units: str
    sections: list[tuple[str, list[RatioRow]]]
    dupont: list[dict] = field(default_factory=list)
    dupont_reason: str = ""
    identity_gap: str = ""
    equity_warning: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def canonical_query(self) -> str:
        return f"statement={self.statement.key}" if self.statement and not self.edited else ""


def _fmt_kind(value: float, kind: str) -> str:
    if kind == "pct":
        return fmt_pct(value, 1)
    if kind == "amount":
        return fmt_figure(value)
    return fmt_number(value, 2) + ("x" if kind == "times" else "")


def fmt_figure(x: float) -> str:
    return fmt_number(x, 0 if float(x).is_integer() else 2)


def _label(name: str) -> str:
    text = FIGURES[name].label
    return text[0].lower() + text[1:]


def _missing_reason(missing: list[str], statement: StoredStatement | None) -> str:
    where = f" (the stored {statement.title} statement does not have {'it' if len(missing) == 1 else 'them'})" \
        if statement else ""
    return "n/a: needs " + ", ".join(_label(n) for n in missing) + where


def ratio_result(form, catalogue: Catalogue) -> RatioOutcome:
    figures = form.figures()
    statement = catalogue.statements.get(form.cleaned_data["statement"])
    edited = []
    if statement:
        edited = [_label(n) for n, v in figures.items()
                  if (v is None) != (statement.figures[n] is None)
                  or (v is not None and abs(v - statement.figures[n]) > 1e-9)]
    bs, inc = balance_sheet(figures), income_statement(figures)
    shown: dict[str, str] = {n: fmt_figure(v) if v is not None else "?" for n, v in figures.items()}
    shown["debt"] = fmt_figure(bs.total_debt) if all(figures[n] is not None for n in DEBT_NEEDS) else "?"
    sections: dict[str, list[RatioRow]] = {}
    equity = figures["equity"]
    for spec in RATIO_SPECS:
        missing = [n for n in spec.needs if figures[n] is None]
        value = raw = None
        reason = ""
        if missing:
            reason = _missing_reason(missing, statement if not edited else None)
        elif "equity" in spec.needs and equity <= 0:
            reason = f"n/m: total equity is {_sign_word(equity)} (see the warning above)"
        else:
            try:
                raw = float(spec.compute(bs, inc))
                value = _fmt_kind(raw, spec.kind)
            except ZeroDivisionError:
                reason = "n/a: the denominator is zero"
        sections.setdefault(spec.section, []).append(
            RatioRow(spec.name, spec.formula, spec.shown.format(**shown), spec.definition, value, raw, reason))
    units = f"{statement.currency} {statement.units}" if statement else "your units"
    outcome = RatioOutcome(statement, edited, units, list(sections.items()))
    if equity is not None and equity <= 0:
        outcome.equity_warning = _equity_warning(equity)
    _add_dupont(outcome, figures, bs, inc, catalogue)
    if all(figures[n] is not None for n in ("total_assets", "total_liabilities", "equity")):
        gap = bs.identity_gaps()["assets"]
        if abs(gap) > 0.5:
            outcome.identity_gap = (
                f"Total assets ({fmt_figure(bs.total_assets)}) differ from liabilities + equity "
                f"({fmt_figure(bs.total_liabilities + bs.total_equity)}) by {fmt_figure(gap)}: check the figures."
            )
    if statement and not statement.has_current_split:
        outcome.notes.append(
            f"The stored {statement.title} balance sheet has no current/non-current split (banks do not "
            "report one), so the liquidity ratios do not apply.")
    return outcome


EQUITY_RATIOS = [spec.name for spec in RATIO_SPECS if "equity" in spec.needs]


def _sign_word(x: float) -> str:
    return "negative" if x < 0 else "zero"


def _equity_warning(equity: float) -> str:
    """Why the ratios built on equity are shown as n/m when book equity is zero or negative."""
    names = ", ".join(name.lower() for name in EQUITY_RATIOS[:-1]) + " and " + EQUITY_RATIOS[-1].lower()
    if equity < 0:
        what = (f"Total equity is negative ({fmt_figure(equity)}): the balance sheet shows more liabilities than "
                "assets. Negative book equity follows large share buybacks or dividends (common at mature, "
                "profitable companies) or accumulated losses; on its own it does not mean the company is insolvent.")
        why = ("Below zero these ratios change sign, and the smaller the deficit the larger they get, so they no "
               "longer measure leverage or return.")
    else:
        what = "Total equity is zero: on the books, the liabilities use up all the assets."
        why = "They divide by zero or, for debt-to-capital, count debt as the whole capital, which says nothing."
    return (f"{what} The ratios built on equity are not meaningful and show n/m: {names}, and the equity "
            f"multiplier and ROE in the DuPont table. {why} Debt-to-assets and interest coverage still apply.")


def _add_dupont(outcome: RatioOutcome, figures: Mapping, bs, inc, catalogue: Catalogue) -> None:
    missing = [n for n in DUPONT_NEEDS if figures[n] is None]
    if missing:
        outcome.dupont_reason = _missing_reason(missing, outcome.statement if not outcome.edited else None)
        return
    bases = [("Ending balances", None)]
    statement = outcome.statement
    prior = catalogue.statements.get(statement.prior_key) if statement and statement.prior_key else None
    if prior and all(prior.figures[n] is not None for n in ("total_assets", "equity")):
        bases.append((f"Average of {prior.label} and {statement.label} balances", prior.balance_sheet))
    for title, prior_bs in bases:
        # ROE on an equity base at or below zero, or crossing zero during the year, means nothing.
        lowest_equity = min(bs.total_equity, prior_bs.total_equity if prior_bs else bs.total_equity)
        meaningful = lowest_equity > 0
        try:
            d = ratios.dupont(inc, bs, prior_bs)
        except ZeroDivisionError:
            outcome.dupont_reason = ("n/m: total equity is zero (see the warning above)" if lowest_equity == 0
                                     else "n/a: revenue, assets or equity is zero")
            return
        outcome.dupont.append({
            "title": title,
            "basis": d.basis,
            "margin": fmt_pct(d.net_profit_margin, 1),
            "turnover": fmt_number(d.asset_turnover, 2),
            "multiplier": fmt_number(d.equity_multiplier, 2) if meaningful else "n/m",
            "roe": fmt_pct(d.roe, 1) if meaningful else "n/m",
            "roe_raw": d.roe,
            "meaningful": meaningful,
        })
