"""Charts drawn on the server as SVG coordinates: no script, readable by screen readers (each chart has a
text label), printable."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from learn.calculators.formatting import fmt_number, fmt_pct
from learn.finance.curves import YEAR_DAYS, PiecewiseHazardCurve


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
    label = (
        f"Survival probability falls from 100% at the trade date to "
        f"{fmt_pct(float(surv[-1]))} after {fmt_number(horizon_days / YEAR_DAYS, 1)} years."
    )
    return Chart(
        width, height, " ".join(pts), area, x_ticks, y_ticks, markers, left, right, top, bottom, label
    )
