"""Input forms for the calculators: numbers as people write them, strict ranges, one clear message per field.

Every calculator reads GET query parameters, so a link can preset it. A parameter that is absent takes
its default; a parameter that is present but empty or unreadable is an error shown next to its field.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from learn.finance.cds import ENGINES
from learn.finance.credit import PD_FLOOR_BASEL2, PD_FLOOR_BASEL3
from learn.finance.schedule import cds_maturity, from_days

MAX_AMOUNT = Decimal("1e15")


# A number as people type it: plain (-1234.5, 1.2e3), or with thousands grouped by one separator used
# consistently: commas (1,234,567.5), spaces (10 000 000) or underscores (1_000). Anything else with a
# separator in it is rejected rather than guessed at: "1,2,3" is not 123, and "12,5" is not 125.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_GROUPED_NUMBER = re.compile(r"[+-]?\d{1,3}(?P<sep>[, _])\d{3}(?:(?P=sep)\d{3})*(?:\.\d*)?")
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f]+")
_DIGITS_AND_SEPARATORS = re.compile(r"[+-]?[\d.]*[, _][\d., _]*")  # only digits, points and separators
_SEPARATOR_NAMES = {",": "comma", " ": "space", "_": "underscore"}


class AmountField(forms.DecimalField):
    """A number as people type it: ``10,000,000``, ``10 000 000``, ``1.2e3``, ``(214)`` for -214.

    Thousands separators must sit between groups of three digits; a field for a percentage
    (``percent=True``) also takes a trailing ``%`` (``40%``), a field for an amount refuses one.
    A text input, not ``type=number``: the browser would reject thousands separators and show its own
    range messages; the server owns both.
    """

    def __init__(self, *, label: str, what: str, lo, hi, range_message: str, example: str,
                 required: bool = True, percent: bool = False, **kwargs):
        messages = {
            "required": f"Enter the {what}.",
            "invalid": f"The {what} must be a number, e.g. {example}.",
            # validators format their message with %-params, so a literal % must be doubled
            "min_value": range_message.replace("%", "%%"),
            "max_value": range_message.replace("%", "%%"),
        }
        widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"})
        super().__init__(label=label, min_value=lo, max_value=hi, required=required,
                         error_messages=messages, widget=widget, **kwargs)
        self.what, self.example, self.percent = what, example, percent

    def to_python(self, value):
        if isinstance(value, str):
            value = self._plain_number(value)
        return super().to_python(value)

    def _plain_number(self, text: str) -> str:
        """The typed text as a plain number string (no separators, %, brackets), or a clear error."""
        text = _SPACES.sub(" ", text).strip().replace("\u2212", "-")  # U+2212: the minus of printed tables
        if not text:
            return text  # DecimalField: required, or None
        if text.endswith("%"):
            if not self.percent:
                raise ValidationError(
                    f"The {self.what} is an amount, not a percentage: remove the % sign, e.g. {self.example}.",
                    code="percent")
            text = text.removesuffix("%").rstrip()
        negative = text.startswith("(") and text.endswith(")")  # (214): an accountant's -214
        if negative:
            text = text[1:-1].strip()
        if _PLAIN_NUMBER.fullmatch(text):
            number = text
        elif grouped := _GROUPED_NUMBER.fullmatch(text):
            number = text.replace(grouped["sep"], "")
        elif _DIGITS_AND_SEPARATORS.fullmatch(text):
            separator = _SEPARATOR_NAMES[next(c for c in text if c in _SEPARATOR_NAMES)]
            shown = text if len(text) <= 24 else text[:23] + "…"
            raise ValidationError(
                f"The {self.what} “{shown}” has a misplaced {separator}: separators go only between groups of "
                f"three digits, and decimals take a point, e.g. {self.example}.", code="separator")
        else:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if negative:
            if number.startswith(("-", "+")):
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            number = "-" + number
        return number


class CalculatorForm(forms.Form):
    """Base: field ids carry a per-card prefix, and each input points at its error container.

    Messages for ``min_value``, ``max_value`` and ``invalid_choice`` are %-formatted by Django with the
    limit or the value, so a literal percent sign in them is written ``%%``.
    """

    defaults: dict[str, str] = {}

    def __init__(self, params, *, prefix_id: str):
        names = set(self.base_fields)
        data = {**self.defaults, **{k: params.get(k) for k in params if k in names}}
        super().__init__(data, auto_id=f"{prefix_id}-%s")
        for name in self.fields:
            bound = self[name]
            described = f"{bound.auto_id}-errors"
            if self.fields[name].help_text:
                described += f" {bound.auto_id}-help"
            self.fields[name].widget.attrs["aria-describedby"] = described

    def number(self, name: str) -> float:
        return float(self.cleaned_data[name])


# --------------------------------------------------------------------------- CDS


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
            raise ValidationError(f"Tenors must increase: {point.tenor} comes after {points[-1].tenor}.",
                                  code="order")
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
        error_messages={"required": f"Enter at least one point. {EXAMPLE}",
                        "max_length": "Keep the curve under 500 characters."},
        help_text="Tenor in years (5y) or months (6m), spread in basis points; separate points with commas.",
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "off", "spellcheck": "false"}),
    )
    recovery = AmountField(label="Recovery rate (%)", what="recovery rate", lo=0, hi=99, example="40", percent=True,
                           range_message="Recovery must be between 0 and 99%.")
    rate = AmountField(label="Risk-free rate (%)", what="risk-free rate", lo=-5, hi=25, example="3", percent=True,
                       range_message="The risk-free rate must be between -5% and 25%.",
                       help_text="Flat, continuously compounded.")
    coupon = forms.TypedChoiceField(label="Standard coupon", coerce=int, choices=[("100", "100bp"), ("500", "500bp")],
                                    error_messages={"invalid_choice": "Pick the 100bp or the 500bp coupon."})
    notional = AmountField(label="Notional", what="notional", lo=1, hi=1e12, example="10,000,000",
                           range_message="Notional must be between 1 and 1,000,000,000,000.")
    engine = forms.ChoiceField(
        label="Engine",
        choices=[("isda", "ISDA"), ("midpoint", "Mid-point")],
        error_messages={"invalid_choice": "Pick the ISDA or the mid-point engine."},
    )
    trade_date = forms.DateField(
        label="Trade date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter the trade date as YYYY-MM-DD, e.g. 2025-06-02.",
                        "required": "Enter the trade date."},
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
        f"The {point.tenor} tenor matures on {_date(maturity)}, only {days} day{'s' if days != 1 else ''} after "
        f"the trade date ({_date(trade)}): too short to measure default risk. Standard CDS maturities move only "
        f"on the roll dates, 20 March and 20 September, so until the next roll a contract matures its tenor "
        f"+ 3 months after the last one ({_date(last_roll)} + {months} months), and a short tenor can shrink to "
        f"a few days. Each tenor must mature at least {MIN_MATURITY.days} days after the trade date: remove "
        f"{point.tenor}, or move the trade date to the next roll, {_date(next_roll)}."
    )


def _date(day: dt.date) -> str:
    """As ``results.fmt_date`` shows dates (results imports this module, so not from there)."""
    return f"{day.day} {day:%b %Y}"


# --------------------------------------------------------------------------- Basel IRB


PD_FLOORS = {"basel3": PD_FLOOR_BASEL3, "basel2": PD_FLOOR_BASEL2}


class CreditForm(CalculatorForm):
    pd = AmountField(label="PD (%)", what="PD", lo=0, hi=100, example="1", percent=True,
                     range_message="PD must be between 0 and 100%.",
                     help_text="One-year probability of default.")
    lgd = AmountField(label="LGD (%)", what="LGD", lo=0, hi=100, example="45", percent=True,
                      range_message="LGD must be between 0 and 100%.",
                      help_text="Loss given default, as a share of EAD.")
    ead = AmountField(label="EAD", what="EAD", lo=0, hi=MAX_AMOUNT, example="1,000,000",
                      range_message="EAD must be between 0 and 1,000,000,000,000,000.",
                      help_text="Exposure at default, in any currency.")
    maturity = AmountField(label="Maturity M (years)", what="maturity", lo=1, hi=5, example="2.5",
                           range_message="Maturity must be between 1 and 5 years (the IRB floor and cap).")
    floor = forms.ChoiceField(
        label="PD floor",
        choices=[("basel3", "Basel III: 0.05%"), ("basel2", "Basel II: 0.03%")],
        error_messages={"invalid_choice": "Pick the Basel III (0.05%%) or the Basel II (0.03%%) floor."},
    )
    defaults = {"pd": "1", "lgd": "45", "ead": "1,000,000", "maturity": "2.5", "floor": "basel3"}

    @property
    def pd_floor(self) -> float:
        return PD_FLOORS[self.cleaned_data["floor"]]


# --------------------------------------------------------------------------- ratios


@dataclass(frozen=True)
class Figure:
    name: str
    label: str
    non_negative: bool = True


FIGURE_GROUPS: list[tuple[str, list[Figure]]] = [
    ("Current assets and liabilities", [
        Figure("current_assets", "Current assets"),
        Figure("current_liabilities", "Current liabilities"),
        Figure("cash", "Cash and equivalents"),
        Figure("securities", "Marketable securities (current)"),
        Figure("receivables", "Trade receivables"),
        Figure("other_receivables", "Other (non-trade) receivables"),
        Figure("inventories", "Inventories"),
    ]),
    ("Totals and debt", [
        Figure("total_assets", "Total assets"),
        Figure("total_liabilities", "Total liabilities"),
        Figure("equity", "Total equity", non_negative=False),
        Figure("short_term_debt", "Short-term debt (e.g. commercial paper)"),
        Figure("current_ltd", "Current portion of long-term debt"),
        Figure("long_term_debt", "Long-term debt (non-current)"),
    ]),
    ("Income statement", [
        Figure("revenue", "Revenue"),
        Figure("ebit", "Operating income (EBIT)", non_negative=False),
        Figure("interest", "Interest expense"),
        Figure("net_income", "Net income", non_negative=False),
    ]),
]
FIGURES = {f.name: f for _, group in FIGURE_GROUPS for f in group}


class RatiosForm(CalculatorForm):
    """A stored statement, or figures typed in; blank figures are unknown, and ratios needing them show n/a."""

    statement = forms.ChoiceField(label="Company statement", required=False,
                                  error_messages={"invalid_choice": "Pick a statement from the list."})
    loaded = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, params, *, prefix_id: str, statements):
        super().__init__(params, prefix_id=prefix_id)
        self.fields["statement"].choices = [("", "My own figures")] + [(s.key, s.title) for s in statements]

    def figures(self) -> dict[str, float | None]:
        return {name: None if self.cleaned_data[name] is None else float(self.cleaned_data[name])
                for name in FIGURES}

    def figure_groups(self):
        return [(title, [self[f.name] for f in group]) for title, group in FIGURE_GROUPS]


def _figure_field(figure: Figure) -> AmountField:
    lo = 0 if figure.non_negative else -MAX_AMOUNT
    message = (f"{figure.label} cannot be negative and must be below 1,000,000,000,000,000."
               if figure.non_negative else f"{figure.label} must be within ±1,000,000,000,000,000.")
    return AmountField(label=figure.label, what=figure.label[0].lower() + figure.label[1:], lo=lo, hi=MAX_AMOUNT,
                       example="143,566", required=False,
                       range_message=message)


for _figure in FIGURES.values():
    RatiosForm.base_fields[_figure.name] = _figure_field(_figure)
