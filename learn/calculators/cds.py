"""The CDS calculator: a par spread curve in, a bootstrapped hazard curve and the standard contract out
(par spread, upfront, risky PV01, the credit triangle), all computed by :mod:`learn.finance.cds`."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from learn.calculators.charts import Chart, survival_chart
from learn.calculators.fields import AmountField, CalculatorForm
from learn.calculators.formatting import fmt_bp, fmt_date, fmt_input_pct, fmt_money, fmt_number, fmt_pct
from learn.finance.cds import ENGINES, credit_triangle_spread, price_cds
from learn.finance.cds_calibration import bootstrap_hazard_curve, flat_hazard_from_spread, upfront_from_spread
from learn.finance.curves import YEAR_DAYS, FlatDiscountCurve
from learn.finance.schedule import advance_business_days, cds_maturity, cds_schedule, from_days, to_days

TITLE = "CDS calculator"
EYEBROW = "Credit derivatives"
LEDE = (
    "Bootstrap a piecewise-flat hazard curve from par spreads, then price the standard contract: par spread, "
    "upfront, risky PV01 and the credit triangle."
)
CARD_TITLE = "CDS: hazard curve and standard contract"

# --------------------------------------------------------------------------- the form


@dataclass(frozen=True)
class CurvePoint:
    months: int
    spread_bp: float

    @property
    def tenor(self) -> str:
        return tenor_label(self.months)


def tenor_label(months: int) -> str:
    return f"{months // 12}y" if months % 12 == 0 else f"{months}m"


EXAMPLE = "Write each point as tenor and spread, e.g. '5y 120'."
_SEPARATORS = re.compile(r"[\s,;|/]*")
_POINT = re.compile(
    r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>years?|yrs?|y|months?|mos?|m)(?![a-z])\s*[:=@]?\s*"
    r"(?P<spread>[-+]?\d+(?:\.\d+)?)\s*(?:bps?(?![a-z]))?",
    re.IGNORECASE,
)
MAX_POINTS = 20
MAX_SPREAD_BP = 10_000
MIN_MATURITY = dt.timedelta(days=30)  # a contract maturing sooner says nothing about default risk


def parse_spread_curve(text: str) -> list[CurvePoint]:
    """``"1y 45, 3y 80, 5y 120"`` -> points in months and bp; any separator of spaces, commas, semicolons."""
    points: list[CurvePoint] = []
    pos = 0
    while True:
        pos = _SEPARATORS.match(text, pos).end()
        if pos >= len(text):
            break
        m = _POINT.match(text, pos)
        if not m:
            bad = re.split(r"[,;\n]", text[pos:], maxsplit=1)[0].strip()[:24]
            raise ValidationError(f"Could not read “{bad}”. {EXAMPLE}", code="unreadable")
        pos = m.end()
        number, unit = Decimal(m["num"]), m["unit"].lower()
        months = number * 12 if unit.startswith("y") else number
        written = f"{m['num']}{'y' if unit.startswith('y') else 'm'}"
        if months != months.to_integral_value() or months <= 0 or months % 3:
            raise ValidationError(
                f"Tenors must be whole quarters (3m, 6m, 9m, 1y, 18m, ...): {written} is not.", code="tenor"
            )
        if months > 360:
            raise ValidationError(f"Tenors go up to 30y: {written} is too long.", code="tenor")
        spread = float(m["spread"])
        if not 0 < spread <= MAX_SPREAD_BP:
            raise ValidationError(
                f"Spreads must be above 0 and at most {MAX_SPREAD_BP:,}bp: {written} has {m['spread']}bp.",
                code="spread",
            )
        point = CurvePoint(int(months), spread)
        if points and point.months == points[-1].months:
            raise ValidationError(f"Tenor {point.tenor} appears twice.", code="order")
        if points and point.months < points[-1].months:
            raise ValidationError(
                f"Tenors must increase: {point.tenor} comes after {points[-1].tenor}.", code="order"
            )
        points.append(point)
        if len(points) > MAX_POINTS:
            raise ValidationError(f"Use at most {MAX_POINTS} points.", code="too_many")
    if not points:
        raise ValidationError(f"Enter at least one point. {EXAMPLE}", code="required")
    return points


class SpreadCurveField(forms.CharField):
    def clean(self, value):
        text = super().clean(value)
        return parse_spread_curve(text)


ENGINE_NAMES = {"isda": "ISDA standard model", "midpoint": "Mid-point"}
assert set(ENGINE_NAMES) == set(ENGINES)


class CdsForm(CalculatorForm):
    spreads = SpreadCurveField(
        label="Par spread curve (bp)",
        max_length=500,
        error_messages={
            "required": f"Enter at least one point. {EXAMPLE}",
            "max_length": "Keep the curve under 500 characters.",
        },
        help_text="Tenor in years (5y) or months (6m), spread in basis points; separate points with commas.",
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "off", "spellcheck": "false"}),
    )
    recovery = AmountField(
        label="Recovery rate (%)",
        what="recovery rate",
        lo=0,
        hi=99,
        example="40",
        percent=True,
        range_message="Recovery must be between 0 and 99%.",
    )
    rate = AmountField(
        label="Risk-free rate (%)",
        what="risk-free rate",
        lo=-5,
        hi=25,
        example="3",
        percent=True,
        range_message="The risk-free rate must be between -5% and 25%.",
        help_text="Flat, continuously compounded.",
    )
    coupon = forms.TypedChoiceField(
        label="Standard coupon",
        coerce=int,
        choices=[("100", "100bp"), ("500", "500bp")],
        error_messages={"invalid_choice": "Pick the 100bp or the 500bp coupon."},
    )
    notional = AmountField(
        label="Notional",
        what="notional",
        lo=1,
        hi=1e12,
        example="10,000,000",
        range_message="Notional must be between 1 and 1,000,000,000,000.",
    )
    engine = forms.ChoiceField(
        label="Engine",
        choices=[("isda", "ISDA"), ("midpoint", "Mid-point")],
        error_messages={"invalid_choice": "Pick the ISDA or the mid-point engine."},
    )
    trade_date = forms.DateField(
        label="Trade date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": "Enter the trade date as YYYY-MM-DD, e.g. 2025-06-02.",
            "required": "Enter the trade date.",
        },
    )

    defaults = {
        "spreads": "1y 45, 3y 80, 5y 120, 7y 140, 10y 155",
        "recovery": "40",
        "rate": "3",
        "coupon": "100",
        "notional": "10,000,000",
        "engine": "isda",
    }

    def __init__(self, params, *, prefix_id: str):
        self.defaults = {**type(self).defaults, "trade_date": timezone.localdate().isoformat()}
        super().__init__(params, prefix_id=prefix_id)

    def clean_trade_date(self):
        day = self.cleaned_data["trade_date"]
        if not dt.date(2000, 1, 1) <= day <= dt.date(2100, 12, 31):
            raise ValidationError("The trade date must be between 2000-01-01 and 2100-12-31.")
        return day

    def clean(self):
        cleaned = super().clean()
        points, trade = cleaned.get("spreads"), cleaned.get("trade_date")
        if points and trade:
            short = next((p for p in points if _maturity(trade, p.months) - trade < MIN_MATURITY), None)
            if short:
                self.add_error("spreads", _short_tenor_message(trade, short))
        return cleaned


def _maturity(trade: dt.date, months: int) -> dt.date:
    return from_days(cds_maturity(trade, months))


def _add_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month, ``months`` later (earlier if negative); used for the 20th only."""
    index = day.year * 12 + day.month - 1 + months
    return day.replace(year=index // 12, month=index % 12 + 1)


def _short_tenor_message(trade: dt.date, point: CurvePoint) -> str:
    """Why a tenor that matures within days of the trade date is refused, with its dates.

    Under the CDS2015 rule maturities move only on the 20 Mar and 20 Sep roll dates: until the next roll a
    contract matures tenor + 3 months after the last roll, so a 3m contract traded the day before a roll
    matures the next day.
    """
    maturity = _maturity(trade, point.months)
    months = point.months + 3
    last_roll = _add_months(maturity, -months)
    next_roll = _add_months(last_roll, 6)
    days = (maturity - trade).days
    return (
        f"The {point.tenor} tenor matures on {fmt_date(maturity)}, only {days} day{'s' if days != 1 else ''} "
        f"after "
        f"the trade date ({fmt_date(trade)}): too short to measure default risk. Standard CDS "
        f"maturities move "
        f"only "
        f"on the roll dates, 20 March and 20 September, so until the next roll a contract matures its tenor "
        f"+ 3 months after the last one ({fmt_date(last_roll)} + {months} months), and a short tenor can "
        f"shrink to "
        f"a few days. Each tenor must mature at least {MIN_MATURITY.days} days after the trade date: remove "
        f"{point.tenor}, or move the trade date to the next roll, {fmt_date(next_roll)}."
    )


# --------------------------------------------------------------------------- the result


class CurveError(Exception):
    """The quotes have no non-negative hazard curve; the message says which and what to do."""


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
            curve = bootstrap_hazard_curve(
                t0, months, quotes, recovery, discount, engine, allow_negative=True
            )
            _check_hazards(curve.hazards, points)
            maturities = [cds_maturity(t0, m) for m in months]
            survival = curve.survival(np.array(maturities, dtype=float) - t0)
            single_period = cds_schedule(t0, maturities).mask.sum(axis=1) == 1
            contract = _standard_contract(
                t0, min(60, months[-1]), coupon, recovery, notional, discount, curve, engine
            )
        except (ValueError, RuntimeError, ArithmeticError) as exc:
            raise CurveError(
                "No hazard curve reprices these spreads: the solver found no hazard rate for at least one "
                "tenor. Check the quotes; very large spreads with a high recovery rate, or a spread "
                "far below "
                ""
                "the one before it, have no solution."
            ) from exc
    rows = [
        HazardRow(
            p.tenor,
            fmt_date(mat),
            fmt_number(p.spread_bp, 2) + "bp",
            fmt_pct(h, 3),
            fmt_pct(s),
            fmt_pct(1 - s),
        )
        for p, mat, h, s in zip(points, maturities, curve.hazards, survival, strict=True)
    ]
    nodes = [(p.tenor, mat - t0) for p, mat in zip(points, maturities, strict=True)]
    chart = survival_chart(curve, max(maturities[-1] - t0, 365), nodes)
    single = ", ".join(p.tenor for p, one in zip(points, single_period, strict=True) if one)
    return CdsOutcome(
        rows,
        chart,
        contract,
        ENGINE_NAMES[engine],
        fmt_input_pct(recovery),
        fmt_date(t0),
        single_period_tenors=single,
        negative_rate_isda=engine == "isda" and rate < 0,
    )


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
    values = [
        par,
        upfront,
        markit,
        flat,
        avg_hazard,
        triangle,
        float(res.rpv01[0]),
        float(res.risky_annuity[0]),
    ]
    if not all(math.isfinite(v) for v in values):
        raise CurveError("The standard contract cannot be priced on this curve. Check the quotes.")
    no_upfront = is_no_upfront(upfront, notional)
    settlement = fmt_date(advance_business_days(t0, 3))
    if no_upfront:
        upfront = 0.0
        settles = (
            "No upfront: the par spread equals the coupon, so neither side pays the other at "
            f"settlement on {settlement}"
        )
    else:
        payer = (
            "The protection buyer pays the seller" if upfront > 0 else "The protection seller pays the buyer"
        )
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
