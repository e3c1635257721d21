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


def expected(
    months, spreads_bp, *, recovery=0.4, rate=0.03, coupon=0.01, notional=1e7, engine="isda", trade=TRADE
):
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
    assert "Mid-point" in between(
        fetch(client, "/calculators/cds/?engine=midpoint"), 'data-testid="engine"', "</li>"
    )


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
    url = (
        "/calculators/cds/?spreads=1y+200,5y+400&recovery=25&rate=1.5&coupon=500&notional=2,500,000"
        "&engine=midpoint&trade_date=2024-03-19"
    )
    text = words(fetch(client, url))
    curve, _, res, _, _ = expected(
        [12, 60],
        [200, 400],
        recovery=0.25,
        rate=0.015,
        coupon=0.05,
        notional=2.5e6,
        engine="midpoint",
        trade=dt.date(2024, 3, 19),
    )
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


@pytest.mark.parametrize(
    ("query", "sentence"),
    [
        ("spreads=5y+120&coupon=100", "The protection buyer pays the seller "),
        ("spreads=5y+60&coupon=100", "The protection seller pays the buyer "),
        ("spreads=5y+300&coupon=500&engine=midpoint", "The protection seller pays the buyer "),
    ],
)
def test_it_says_who_pays_the_upfront_and_how_much(client, query, sentence):
    markup = fetch(client, f"/calculators/cds/?{query}&trade_date=2024-05-15")
    settles = words(between(markup, 'data-testid="upfront-settles"', "</span>"))
    cash = words(between(markup, "of notional = <strong>", "</strong>")).split("=")[-1].strip(" >")
    assert f"{sentence}{cash} at settlement on 20 May 2024; the seller also rebates" in settles
    assert cash not in ("0", "0.00")


@pytest.mark.parametrize(
    "query",
    [
        "spreads=5y+100&coupon=100",  # the upfront is ~1e-17 of notional: rounding noise with a sign
        "spreads=5y+500&coupon=500&engine=midpoint",  # exactly zero
        "spreads=1y+40,5y+100&coupon=100&notional=1e12",  # the largest notional: noise must still round away
    ],
)
def test_it_says_no_upfront_when_the_par_spread_equals_the_coupon(client, query):
    markup = fetch(client, f"/calculators/cds/?{query}&trade_date=2024-05-15")
    text = words(between(markup, "<dt>Upfront", "</dd>"))
    assert (
        "0.000% of notional = 0 No upfront: the par spread equals the coupon, so neither side pays the other "
        "at settlement on 20 May 2024; the seller still rebates the coupon accrued" in text
    )
    assert "pays the buyer" not in text and "pays the seller" not in text
    assert not re.search(r"(?<![\d.])-?0\.00(?![\d%])", text)  # no stray "0.00" amount
    assert "-0" not in text


def test_it_counts_as_upfront_only_what_is_too_small_to_pay():
    from learn.calculators.cds import is_no_upfront

    assert is_no_upfront(1e-17, 1e7) and is_no_upfront(-1e-17, 1e12) and is_no_upfront(0.0, 1e7)
    assert is_no_upfront(4e-13, 1e12)  # 0.4 currency units on the largest notional
    assert not is_no_upfront(1e-7, 1e7)  # 1 unit: small but real
    assert not is_no_upfront(0.004, 100)  # 0.40 on a notional of 100 is 0.4% of it: real
    assert not is_no_upfront(-0.0046, 1)


def test_it_never_shows_a_real_upfront_as_zero_cents(client):
    markup = fetch(client, "/calculators/cds/?spreads=5y+90&notional=1&trade_date=2024-05-15")
    _, _, res, _, _ = expected([60], [90], notional=1, trade=dt.date(2024, 5, 15))
    cash = abs(res.fair_upfront[0])
    assert 0 < cash < 0.005
    settles = words(between(markup, 'data-testid="upfront-settles"', "</span>"))
    assert f"The protection seller pays the buyer {cash:.2g} at settlement" in settles


def spread_errors(markup: str) -> str:
    return words(re.search(r'id="cds-spreads-errors"[^>]*>(.*?)</div>', markup, re.S).group(1)).strip()


def test_it_refuses_a_tenor_that_matures_within_days_and_says_why(client):
    markup = fetch(client, "/calculators/cds/?spreads=3m+100,1y+120,5y+150&trade_date=2024-03-19")
    assert cds_maturity(dt.date(2024, 3, 19), 3) - to_days(dt.date(2024, 3, 19)) == 1  # CDS2015: 20 Mar 2024
    assert spread_errors(markup) == (
        "The 3m tenor matures on 20 Mar 2024, only 1 day after the trade date (19 Mar 2024): too short to "
        "measure "
        "default risk. Standard CDS maturities move only on the roll dates, 20 March and 20 September, so "
        "until "
        "the next roll a contract matures its tenor + 3 months after the last one (20 Sep 2023 + 6 months), "
        "and "
        "a short tenor can shrink to a few days. Each tenor must mature at least 30 days after the trade "
        "date: "
        "remove 3m, or move the trade date to the next roll, 20 Mar 2024."
    )
    assert "Fix the input marked in red" in markup
    assert "default intensity" not in markup  # not the misleading negative-hazard message


@pytest.mark.parametrize(("trade", "days"), [("2024-09-13", 7), ("2024-02-20", 29)])
def test_it_gives_the_actual_maturity_of_the_short_tenor(client, trade, days):
    day = dt.date.fromisoformat(trade)
    assert cds_maturity(day, 3) - to_days(day) == days
    message = spread_errors(fetch(client, f"/calculators/cds/?spreads=3m+100,5y+120&trade_date={trade}"))
    maturity = "20 Sep 2024" if day.month == 9 else "20 Mar 2024"
    assert message.startswith(f"The 3m tenor matures on {maturity}, only {days} days after the trade date")
    assert message.endswith(f"remove 3m, or move the trade date to the next roll, {maturity}.")


@pytest.mark.parametrize("trade", ["2024-02-19", "2024-03-20", "2024-01-15"])
def test_it_prices_a_3m_tenor_that_matures_30_days_or_more_after_the_trade_date(client, trade):
    markup = fetch(client, f"/calculators/cds/?spreads=3m+100,5y+120&trade_date={trade}")
    assert spread_errors(markup) == ""
    assert "Fix the input" not in markup
    assert "3m" in between(markup, "<tbody>", "</tbody>")


def conventions(markup: str) -> str:
    return words(between(markup, '<details class="calc-conventions">', "</details>"))


def test_it_notes_where_a_single_coupon_period_differs_from_quantlib(client):
    text = conventions(fetch(client, "/calculators/cds/?spreads=3m+100,5y+120&trade_date=2024-01-15"))
    assert "A contract with a single coupon period" in text
    assert "QuantLib drops that last-period day count" in text
    assert "on this curve: 3m." in text
    text = conventions(fetch(client, "/calculators/cds/?spreads=3m+100,5y+120&trade_date=2024-04-15"))
    assert "A contract with a single coupon period" in text  # the convention is always stated
    assert "on this curve" not in text  # a 3m tenor traded in April has two coupon periods


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("rate=-0.5&engine=isda", True),
        ("rate=-5%25&engine=isda", True),
        ("rate=0&engine=isda", False),
        ("rate=-0&engine=isda", False),
        ("rate=3&engine=isda", False),
        ("rate=-5&engine=midpoint", False),  # QuantLib's MidPointCdsEngine agrees at negative rates
    ],
)
def test_it_qualifies_the_quantlib_check_for_negative_rates_only(client, query, shown):
    markup = fetch(client, f"/calculators/cds/?{query}&trade_date=2025-06-02")
    text = conventions(markup)
    assert ("checked against QuantLib, except as noted below." in text) is shown
    assert ("checked against QuantLib." in text) is not shown
    assert ('data-testid="negative-rate"' in markup) is shown
    if shown:
        assert "With a negative interest rate, QuantLib's IsdaCdsEngine can differ slightly" in text
        assert "Taylor approximation" in text and "exact formula" in text


def test_it_rebates_the_accrual_without_the_maturity_day_inside_the_final_period(client):
    # a 3m contract traded 1 Aug 2025 has one coupon period, 20 Jun -> 20 Sep 2025; the buyer is rebated
    # 43 days (20 Jun to the step-in date 2 Aug) of 100bp on 10m, as the ISDA model does: the maturity
    # day belongs to the coupon paid on 20 Sep, not to the accrued rebated at settlement
    text = words(fetch(client, "/calculators/cds/?spreads=3m+50&trade_date=2025-08-01"))
    assert "maturity 20 Sep 2025" in text
    assert "rebates the coupon accrued since the last roll date (11,944)" in text  # 1e7 x 1% x 43/360
