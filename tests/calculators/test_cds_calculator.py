"""The CDS calculator shows what learn.finance computes for the same inputs, formatted for people."""

from __future__ import annotations

import datetime as dt
import html
import re

import numpy as np
import pytest
import time_machine

from learn.finance.cds import price_cds
from learn.finance.cds_calibration import bootstrap_hazard_curve, flat_hazard_from_spread, upfront_from_spread
from learn.finance.curves import FlatDiscountCurve
from learn.finance.schedule import cds_maturity, to_days

TRADE = dt.date(2025, 6, 2)
DEFAULT_CURVE = ([12, 36, 60, 84, 120], [45, 80, 120, 140, 155])


def fetch(client, url: str, **headers) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def words(markup: str) -> str:
    """The text a reader sees: tags dropped, whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup)).replace(" ,", ",")


def between(text: str, start: str, end: str) -> str:
    i = text.index(start)
    return text[i : text.index(end, i)]


def expected(months, spreads_bp, *, recovery=0.4, rate=0.03, coupon=0.01, notional=1e7, engine="isda",
             trade=TRADE):
    disc = FlatDiscountCurve(rate)
    curve = bootstrap_hazard_curve(trade, months, np.array(spreads_bp) * 1e-4, recovery, disc, engine)
    maturity = cds_maturity(trade, min(60, months[-1]))
    res = price_cds(trade, [maturity], coupon, recovery, disc, curve, engine, notional)
    flat = flat_hazard_from_spread(trade, [maturity], res.par_spread, recovery, disc, engine)[0]
    markit = upfront_from_spread(trade, [maturity], res.par_spread, coupon, recovery, disc, engine)[0]
    days = np.array([cds_maturity(trade, m) for m in months], dtype=float) - to_days(trade)
    return curve, curve.survival(days), res, flat, markit


def test_it_renders_the_defaults_and_shows_what_learn_finance_computes(client):
    with time_machine.travel(dt.datetime(2025, 6, 2, 12, tzinfo=dt.UTC), tick=False):
        markup = fetch(client, "/calculators/cds/")
    curve, survival, res, flat, markit = expected(*DEFAULT_CURVE)
    assert "<html" in markup and 'id="cds-result"' in markup
    text = words(markup)
    for h, s in zip(curve.hazards, survival, strict=True):
        assert f"{h * 100:.3f}%" in text
        assert f"{s * 100:.2f}%" in text
        assert f"{(1 - s) * 100:.2f}%" in text
    assert f"{res.par_spread[0] * 1e4:,.2f}bp" in text
    assert f"{res.fair_upfront[0] * 100:.3f}% of notional = {res.fair_upfront[0] * 1e7:,.0f}" in text
    assert "The protection buyer pays the seller" in text
    assert f"({res.accrual_rebate[0] / res.upfront_discount:,.0f})" in text  # accrued coupon rebated at T + 3
    assert f"{markit * 100:.3f}%" in text
    assert f"{res.rpv01[0]:,.0f} per 1bp" in text
    assert f"{res.risky_annuity[0]:.4f} years" in text
    assert f"λ(1 − R) = {flat * 100:.3f}% × 60% = " in text
    assert "maturity 20 Jun 2030" in text  # 5y standard contract traded 2 Jun 2025


def test_it_names_the_conventions(client):
    text = fetch(client, "/calculators/cds/?trade_date=2025-06-02")
    for phrase in ("CDS2015 IMM", "ACT/360", "accrual on default paid", "ISDA standard model"):
        assert phrase in text
    assert "Mid-point" in between(fetch(client, "/calculators/cds/?engine=midpoint"), 'data-testid="engine"', "</li>")


def test_it_shows_a_flat_120bp_curve_with_a_two_percent_hazard_and_the_credit_triangle(client):
    text = fetch(client, "/calculators/cds/?spreads=5y+120&recovery=40&trade_date=2025-06-02")
    curve, _, res, flat, _ = expected([60], [120])
    hazard = float(curve.hazards[0])
    assert hazard == pytest.approx(0.02, abs=0.001)
    assert f"{hazard * 100:.3f}%" in between(text, "<tbody>", "</tbody>")
    triangle = words(between(text, "<dt>Credit triangle</dt>", "</dd>"))
    assert f"{flat * 0.6 * 1e4:,.2f}bp" in triangle  # λ(1 − R)
    assert "beside the exact par spread 120.00bp" in triangle
    assert f"{(res.par_spread[0] - flat * 0.6) * 1e4:.2f}bp" in triangle
    assert flat == pytest.approx(hazard, rel=1e-9)  # one quote: the flat hazard is the bootstrapped one


def test_it_uses_the_midpoint_engine_the_coupon_and_the_notional_when_asked(client):
    url = ("/calculators/cds/?spreads=1y+200,5y+400&recovery=25&rate=1.5&coupon=500&notional=2,500,000"
           "&engine=midpoint&trade_date=2024-03-19")
    text = words(fetch(client, url))
    curve, _, res, _, _ = expected([12, 60], [200, 400], recovery=0.25, rate=0.015, coupon=0.05,
                                   notional=2.5e6, engine="midpoint", trade=dt.date(2024, 3, 19))
    assert f"{res.par_spread[0] * 1e4:,.2f}bp" in text
    assert res.fair_upfront[0] < 0
    assert f"{res.fair_upfront[0] * 100:.3f}% of notional = {abs(res.fair_upfront[0]) * 2.5e6:,.0f}" in text
    assert "The protection seller pays the buyer" in text
    assert f"{res.rpv01[0]:,.0f} per 1bp" in text
    for h in curve.hazards:
        assert f"{h * 100:.3f}%" in text


def test_it_prices_the_longest_contract_when_the_curve_is_shorter_than_five_years(client):
    text = fetch(client, "/calculators/cds/?spreads=6m+30,2y+60&trade_date=2025-06-02")
    _, _, res, _, _ = expected([6, 24], [30, 60])
    assert "2y standard contract" in text
    assert f"{res.par_spread[0] * 1e4:,.2f}bp" in text


def test_it_reads_lenient_curve_text(client):
    lenient = fetch(client, "/calculators/cds/?spreads=1Y:45;+3y=80%0A5yr+120bp&trade_date=2025-06-02")
    tidy = fetch(client, "/calculators/cds/?spreads=1y+45,3y+80,5y+120&trade_date=2025-06-02")
    assert between(lenient, "<tbody>", "</tbody>") == between(tidy, "<tbody>", "</tbody>")


def test_it_draws_the_survival_curve_as_inline_svg_without_inline_styles(client):
    text = fetch(client, "/calculators/cds/?trade_date=2025-06-02")
    svg = between(text, "<svg", "</svg>")
    assert 'class="chart-line" points="' in svg
    points = re.search(r'class="chart-line" points="([^"]+)"', svg).group(1).split()
    assert len(points) > 50
    ys = [float(p.split(",")[1]) for p in points]
    assert ys == sorted(ys)  # survival only falls (SVG y grows downwards)
    for label in ("0y", "5y", "10y", "100%"):
        assert f">{label}</text>" in svg
    assert "10y: survival" in svg
    assert " style=" not in text


def test_it_returns_only_the_result_for_htmx(client):
    text = fetch(client, "/calculators/cds/?spreads=5y+120&trade_date=2025-06-02", HX_Request="true")
    assert "<html" not in text and "<form" not in text
    assert text.lstrip().startswith('<div class="calc-result" id="cds-result"')
    assert 'id="cds-recovery-errors" hx-swap-oob="true"' in text  # messages refresh beside the fields


def test_it_serves_the_full_page_for_an_htmx_history_restore(client):
    text = fetch(client, "/calculators/cds/", HX_Request="true", HX_History_Restore_Request="true")
    assert "<html" in text


def test_it_presets_the_form_from_the_query_string(client):
    text = fetch(client, "/calculators/cds/?spreads=5y+120&recovery=35&coupon=500&engine=midpoint")
    assert re.search(r'<textarea name="spreads"[^>]*>\s*5y 120</textarea>', text)
    assert 'name="recovery" value="35"' in text
    assert '<option value="500" selected>' in text
    assert '<option value="midpoint" selected>' in text
