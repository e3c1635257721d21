"""Geometry of the dashboard's two server-drawn SVG charts (pure: dates and counts in, shapes out).

Text in an SVG scales with its viewBox, so a chart squeezed onto a phone shrinks its labels below
reading size. Neither chart scales its text:

- the heatmap is drawn at its natural size (one user unit is one CSS pixel) and scrolls sideways in a
  narrow window, its weekday labels drawn apart so they stay in view;
- the forecast has no viewBox: bars are placed in percentages of the rendered width and heights in
  pixels, so its labels keep their CSS size at any width. A bar's count is written above it only from
  the window width where it fits beside its neighbours' counts; every count stays in the bar's tooltip.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

HEATMAP_DAYS = 364  # 52 full weeks
HEAT_LEVELS = (0, 1, 5, 15, 40)  # review counts that start each colour step
HEAT_WEEKS = 53  # columns: 52 weeks back from today's, aligned to Mondays, plus today's week
HEAT_CELL = 11  # px
HEAT_PITCH = 14  # px from one cell to the next
HEAT_TOP = 18  # px above the cells, for the month labels
HEAT_MONTH_GAP = 3  # columns the first month needs for its name (else the next month's would overlap)
WEEKDAYS_SHOWN = {0: "Mon", 2: "Wed", 4: "Fri"}

LABEL_PX = 12  # font size of every chart label (site.css)
DIGIT_PX = 0.64 * LABEL_PX  # the widest digits of common sans-serif fonts
LABEL_GAP_PX = 2
# Forecast count labels by tier: (CSS class suffix, px per day at the narrowest window of the tier).
# The chart is the window less its margins: 246 px wide at 320, 306 px at 380, 618 px at 700 (its
# widest is 640). site.css hides .bar-value-mid below 380 px and .bar-value-wide below 700 px.
LABEL_TIERS = (("", 8.2), ("mid", 10.2), ("wide", 20.6))
LABEL_OVERHANG_PX = 8  # a label may reach this far into the panel's padding
FORECAST_BAR_PX = 80  # the tallest bar
FORECAST_TOP = 16  # px above the tallest bar, for its count
FORECAST_AXIS_LABELS = (7, 14, 21)  # days labelled between today (first) and the last day


@dataclass
class Heatmap:
    cells: list[dict] = field(default_factory=list)  # date, count, level, x, y
    months: list[dict] = field(default_factory=list)  # x, text: above the first column of each month
    weekdays: list[dict] = field(default_factory=list)  # y, text: Mon, Wed, Fri
    total: int = 0
    cell: int = HEAT_CELL
    width: int = HEAT_WEEKS * HEAT_PITCH + 14  # room for the last column's month name
    height: int = HEAT_TOP + 7 * HEAT_PITCH

    @property
    def cells_svg(self) -> str:
        """The cells as SVG markup, each with its date and count as a tooltip ("Fri 5 Dec 2025: 3
        reviews"). Written here rather than in the template: 371 cells of seven values each were most of
        the dashboard's rendering time. Numbers and fixed English names only, so nothing to escape."""
        size = self.cell
        return "".join(
            f'<rect x="{c["x"]}" y="{c["y"]}" width="{size}" height="{size}" rx="2" '
            f'class="heat heat-{c["level"]}"><title>{_day_label(c["date"])}: {c["count"]} '
            f"review{'' if c['count'] == 1 else 's'}</title></rect>"
            for c in self.cells
        )


_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _day_label(day: date) -> str:
    """As Django's ``date:"D j M Y"`` writes it in English (and whatever the process's locale)."""
    return f"{_DAY_NAMES[day.weekday()]} {day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"


def heatmap(counts: Mapping[date, int], today: date) -> Heatmap:
    """One cell per day for 52 weeks, Monday-first columns, ending with the current week; each month
    named above the first column that starts in it (as GitHub does)."""
    start = today - timedelta(days=HEATMAP_DAYS - 1)
    start -= timedelta(days=start.weekday())
    chart = Heatmap()
    chart.weekdays = [
        {"y": HEAT_TOP + row * HEAT_PITCH + HEAT_CELL, "text": text} for row, text in WEEKDAYS_SHOWN.items()
    ]
    current = start
    while current <= today:
        count = counts.get(current, 0)
        chart.total += count
        week = (current - start).days // 7
        chart.cells.append(
            {
                "date": current,
                "count": count,
                "level": sum(1 for threshold in HEAT_LEVELS[1:] if count >= threshold),
                "x": week * HEAT_PITCH,
                "y": HEAT_TOP + current.weekday() * HEAT_PITCH,
            }
        )
        if current.weekday() == 0 and (week == 0 or current.day <= 7):  # a column starting a month
            chart.months.append({"x": week * HEAT_PITCH, "text": f"{current:%b}"})
        current += timedelta(days=1)
    if len(chart.months) > 1 and chart.months[1]["x"] < HEAT_MONTH_GAP * HEAT_PITCH:
        del chart.months[0]  # the first column's month has too few columns to name
    return chart


@dataclass
class Forecast:
    bars: list[dict] = field(default_factory=list)
    axis: list[dict] = field(default_factory=list)  # x (percent), anchor, text
    peak: int = 0
    height: int = FORECAST_TOP + FORECAST_BAR_PX + 22
    axis_y: int = FORECAST_TOP + FORECAST_BAR_PX


def forecast(series: Sequence[tuple[date, int]]) -> Forecast:
    """Bars for reviews due each day: x and width in percent of the chart's width, y in pixels.

    ``label`` says from which window width the count is written above the bar: "" (any), "mid" (from
    380 px) or "wide" (from 700 px); None: no room, only the bar's tooltip gives it.
    """
    chart = Forecast(peak=max((n for _, n in series), default=0))
    slot = 100 / len(series) if series else 0
    labels = _labels_that_fit([n for _, n in series])
    for i, (day, count) in enumerate(series):
        height = round(FORECAST_BAR_PX * count / chart.peak) if chart.peak else 0
        chart.bars.append(
            {
                "date": day,
                "count": count,
                "x": _pct(i * slot + 0.15 * slot),
                "width": _pct(0.7 * slot),
                "centre": _pct((i + 0.5) * slot),
                "y": chart.axis_y - height,
                "height": height,
                "label": labels.get(i),
            }
        )
    if series:
        chart.axis.append({"x": "0", "anchor": "start", "text": "today"})
        chart.axis += [
            {"x": _pct((i + 0.5) * slot), "anchor": "middle", "text": f"{series[i][0].day} {series[i][0]:%b}"}
            for i in FORECAST_AXIS_LABELS
            if i < len(series) - 4
        ]
        last = series[-1][0]
        chart.axis.append({"x": "100", "anchor": "end", "text": f"{last.day} {last:%b}"})
    return chart


def _labels_that_fit(counts: Sequence[int]) -> dict[int, str]:
    """Which bars get their count as a label, and from which window width: the label fits without
    touching another at the narrowest width of its tier, the largest counts first. A label placed for a
    narrower window stays placed in every wider one."""
    tiers: dict[int, str] = {}
    placed: list[tuple[int, float]] = []  # (index, half width) of the labels placed so far
    for tier, pitch in LABEL_TIERS:
        for i in sorted(
            (i for i, n in enumerate(counts) if n and i not in tiers), key=lambda i: (-counts[i], i)
        ):
            half = _half_width(counts[i])
            left, right = (i + 0.5) * pitch - half, (i + 0.5) * pitch + half
            inside = left >= -LABEL_OVERHANG_PX and right <= len(counts) * pitch + LABEL_OVERHANG_PX
            if inside and all(abs(i - j) * pitch >= half + other for j, other in placed):
                placed.append((i, half))
                tiers[i] = tier
    return tiers


def _half_width(count: int) -> float:
    return len(str(count)) * DIGIT_PX / 2 + LABEL_GAP_PX / 2


def _pct(value: float) -> str:
    """A percentage for an SVG attribute: at most three decimals, no trailing zeros."""
    return f"{value:.3f}".rstrip("0").rstrip(".")
