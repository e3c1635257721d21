"""The dashboard charts' geometry: month and weekday labels on the heatmap, forecast labels that never
overlap at the narrowest window they are shown in."""

from __future__ import annotations

from datetime import date, timedelta

from learn.reviews import charts

FRIDAY = date(2026, 12, 4)


def test_the_heatmap_names_each_month_above_its_first_column_and_three_weekdays():
    chart = charts.heatmap({FRIDAY: 3, FRIDAY - timedelta(days=40): 20}, FRIDAY)
    assert chart.total == 23 and len(chart.cells) == 52 * 7 + 5  # from Monday 1 December 2025
    first_monday = chart.cells[0]["date"]
    assert first_monday == date(2025, 12, 1)
    assert [m["text"] for m in chart.months] == [
        "Dec", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov"
    ]  # fmt: skip
    # Each month's label sits above the column of its first Monday: 5 January 2026 is in column 5.
    assert chart.months[1]["x"] == 5 * charts.HEAT_PITCH
    xs = [m["x"] for m in chart.months]
    assert all(b - a >= charts.HEAT_MONTH_GAP * charts.HEAT_PITCH for a, b in zip(xs, xs[1:], strict=False))
    assert all(0 <= c["x"] and c["x"] + chart.cell <= chart.width for c in chart.cells)
    assert [(w["text"], w["y"]) for w in chart.weekdays] == [
        ("Mon", charts.HEAT_TOP + charts.HEAT_CELL),
        ("Wed", charts.HEAT_TOP + 2 * charts.HEAT_PITCH + charts.HEAT_CELL),
        ("Fri", charts.HEAT_TOP + 4 * charts.HEAT_PITCH + charts.HEAT_CELL),
    ]


def test_a_first_month_too_short_to_name_gives_way_to_the_next():
    # A year back from Friday 27 November 2026 starts on Monday 24 November 2025: one column of November.
    chart = charts.heatmap({}, date(2026, 11, 27))
    assert chart.cells[0]["date"] == date(2025, 11, 24)
    assert chart.months[0] == {"x": charts.HEAT_PITCH, "text": "Dec"}
    assert [m["text"] for m in chart.months][-1] == "Nov"


def _overlaps(chart: charts.Forecast, tiers: set[str], pitch: float) -> list[tuple[int, int]]:
    shown = [(i, b["count"]) for i, b in enumerate(chart.bars) if b["label"] in tiers]
    half = {i: len(str(n)) * charts.DIGIT_PX / 2 for i, n in shown}
    return [(i, j) for i, _ in shown for j, _ in shown if i < j and (j - i) * pitch < half[i] + half[j]]


def test_forecast_counts_are_labelled_only_where_they_fit():
    today = date(2026, 12, 4)
    counts = [12, 11, 0, 1, 1, 1, 250, 3, 0, 0, 9, 10, 100, 0, 0, 2, 2, 2, 2, 2] + [0] * 9 + [5]
    chart = charts.forecast([(today + timedelta(days=i), n) for i, n in enumerate(counts)])
    assert chart.peak == 250 and [b["height"] for b in chart.bars][6] == charts.FORECAST_BAR_PX
    labels = [b["label"] for b in chart.bars]
    assert labels[6] == "" and labels[0] == ""  # the peak, and today's count, even on the narrowest phone
    assert all(label is None for n, label in zip(counts, labels, strict=True) if n == 0)
    for shown, (_, pitch) in zip([{""}, {"", "mid"}, {"", "mid", "wide"}], charts.LABEL_TIERS, strict=True):
        assert _overlaps(chart, shown, pitch) == []
    assert sum(1 for label in labels if label is not None) > sum(1 for label in labels if label == "")
    # x and width are percentages of the chart, so the labels keep their pixel size at any width.
    assert (
        chart.bars[0]["x"] == "0.5"
        and chart.bars[0]["width"] == "2.333"
        and chart.bars[29]["centre"] == "98.333"
    )
    assert [(a["x"], a["anchor"], a["text"]) for a in chart.axis] == [
        ("0", "start", "today"),
        ("25", "middle", "11 Dec"),
        ("48.333", "middle", "18 Dec"),
        ("71.667", "middle", "25 Dec"),
        ("100", "end", "2 Jan"),
    ]


def test_an_empty_forecast_draws_flat_bars():
    chart = charts.forecast([(FRIDAY + timedelta(days=i), 0) for i in range(30)])
    assert chart.peak == 0 and {b["height"] for b in chart.bars} == {0} and len(chart.axis) == 5
