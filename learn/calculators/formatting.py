"""How calculators show numbers: thousands separators and a fixed number of decimals per kind of
quantity, done here rather than in templates so tests can state exactly which strings a learner sees."""

from __future__ import annotations

import datetime as dt

import numpy as np

from learn.finance.schedule import from_days


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


def fmt_date(day: int | dt.date) -> str:
    """A date as the calculators show it, "2 Jun 2025", from a date or a serial day number."""
    d = day if isinstance(day, dt.date) else from_days(int(day))
    return f"{d.day} {d:%b %Y}"


def fmt_input_pct(fraction: float) -> str:
    """A percentage as it was typed: 40%, 37.5%."""
    return f"{round(fraction * 100, 6):g}%"


def fmt_figure(x: float) -> str:
    return fmt_number(x, 0 if float(x).is_integer() else 2)
