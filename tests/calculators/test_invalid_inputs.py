"""Bad input gets a message beside its field and a 200, never a 500: typed mistakes and garbage query
strings."""

from __future__ import annotations

import html
import re

import pytest

CASES = [
    # (url, field id, message)
    ("/calculators/cds/?recovery=120", "cds-recovery", "Recovery must be between 0 and 99%."),
    ("/calculators/cds/?recovery=-5", "cds-recovery", "Recovery must be between 0 and 99%."),
    ("/calculators/cds/?recovery=1e999", "cds-recovery", "Recovery must be between 0 and 99%."),
    ("/calculators/cds/?recovery=", "cds-recovery", "Enter the recovery rate."),
    ("/calculators/cds/?recovery=nan", "cds-recovery", "The recovery rate must be a number, e.g. 40."),
    ("/calculators/cds/?recovery=inf", "cds-recovery", "The recovery rate must be a number, e.g. 40."),
    (
        "/calculators/cds/?spreads=abc",
        "cds-spreads",
        "Could not read “abc”. Write each point as tenor and spread, e.g. '5y 120'.",
    ),
    (
        "/calculators/cds/?spreads=5+120",
        "cds-spreads",
        "Write each point as tenor and spread, e.g. '5y 120'.",
    ),
    ("/calculators/cds/?spreads=5y", "cds-spreads", "Write each point as tenor and spread, e.g. '5y 120'."),
    (
        "/calculators/cds/?spreads=",
        "cds-spreads",
        "Enter at least one point. Write each point as tenor and spread",
    ),
    ("/calculators/cds/?spreads=,+;", "cds-spreads", "Enter at least one point."),
    ("/calculators/cds/?spreads=5y+120,3y+80", "cds-spreads", "Tenors must increase: 3y comes after 5y."),
    ("/calculators/cds/?spreads=5y+120,5y+130", "cds-spreads", "Tenor 5y appears twice."),
    (
        "/calculators/cds/?spreads=1m+40",
        "cds-spreads",
        "Tenors must be whole quarters (3m, 6m, 9m, 1y, 18m, ...): 1m is not.",
    ),
    ("/calculators/cds/?spreads=1.3y+40", "cds-spreads", "1.3y is not."),
    ("/calculators/cds/?spreads=40y+100", "cds-spreads", "Tenors go up to 30y: 40y is too long."),
    (
        "/calculators/cds/?spreads=5y+0",
        "cds-spreads",
        "Spreads must be above 0 and at most 10,000bp: 5y has 0bp.",
    ),
    ("/calculators/cds/?spreads=5y+-20", "cds-spreads", "5y has -20bp."),
    ("/calculators/cds/?spreads=5y+99999", "cds-spreads", "at most 10,000bp"),
    (
        "/calculators/cds/?spreads=" + ",".join(f"{3 * i}m+100" for i in range(1, 23)),
        "cds-spreads",
        "Use at most 20 points.",
    ),
    ("/calculators/cds/?spreads=" + "5y+120+" * 100, "cds-spreads", "Keep the curve under 500 characters."),
    (
        "/calculators/cds/?spreads=1y+500,2y+50",
        "cds-spreads",
        "No non-negative hazard rate fits these spreads: after 1y at 500bp, the 2y spread of 50bp would need "
        "a default intensity of -",
    ),
    (
        "/calculators/cds/?spreads=3m+1,30y+10000&recovery=99&coupon=500",
        "cds-spreads",
        "No hazard curve reprices these spreads",
    ),
    (
        "/calculators/cds/?spreads=3m+100,5y+120&trade_date=2024-03-19",
        "cds-spreads",
        "The 3m tenor matures on 20 Mar 2024, only 1 day after the trade date (19 Mar 2024)",
    ),
    ("/calculators/cds/?notional=1,2,3", "cds-notional", "The notional “1,2,3” has a misplaced comma"),
    ("/calculators/cds/?notional=12.5%25", "cds-notional", "The notional is an amount, not a percentage"),
    ("/calculators/cds/?rate=40", "cds-rate", "The risk-free rate must be between -5% and 25%."),
    ("/calculators/cds/?notional=0", "cds-notional", "Notional must be between 1 and 1,000,000,000,000."),
    ("/calculators/cds/?notional=1e400", "cds-notional", "Notional must be between 1 and 1,000,000,000,000."),
    (
        "/calculators/cds/?notional=ten+million",
        "cds-notional",
        "The notional must be a number, e.g. 10,000,000.",
    ),
    ("/calculators/cds/?coupon=250", "cds-coupon", "Pick the 100bp or the 500bp coupon."),
    ("/calculators/cds/?engine=monte-carlo", "cds-engine", "Pick the ISDA or the mid-point engine."),
    (
        "/calculators/cds/?trade_date=2025-13-45",
        "cds-trade_date",
        "Enter the trade date as YYYY-MM-DD, e.g. 2025-06-02.",
    ),
    (
        "/calculators/cds/?trade_date=1900-01-01",
        "cds-trade_date",
        "The trade date must be between 2000-01-01 and 2100-12-31.",
    ),
    ("/calculators/cds/?trade_date=99999-01-01", "cds-trade_date", "Enter the trade date as YYYY-MM-DD"),
    ("/calculators/credit/?pd=200", "credit-pd", "PD must be between 0 and 100%."),
    ("/calculators/credit/?pd=-1", "credit-pd", "PD must be between 0 and 100%."),
    ("/calculators/credit/?pd=", "credit-pd", "Enter the PD."),
    ("/calculators/credit/?lgd=101", "credit-lgd", "LGD must be between 0 and 100%."),
    ("/calculators/credit/?ead=9e99", "credit-ead", "EAD must be between 0 and 1,000,000,000,000,000."),
    ("/calculators/credit/?ead=lots", "credit-ead", "The EAD must be a number, e.g. 1,000,000."),
    (
        "/calculators/credit/?maturity=0.5",
        "credit-maturity",
        "Maturity must be between 1 and 5 years (the IRB floor and cap).",
    ),
    ("/calculators/credit/?maturity=30", "credit-maturity", "Maturity must be between 1 and 5 years"),
    (
        "/calculators/credit/?floor=basel4",
        "credit-floor",
        "Pick the Basel III (0.05%) or the Basel II (0.03%) floor.",
    ),
    ("/calculators/ratios/?statement=enron-fy2000", "ratios-statement", "Pick a statement from the list."),
    (
        "/calculators/ratios/?statement=&current_assets=-5",
        "ratios-current_assets",
        "Current assets cannot be negative",
    ),
    (
        "/calculators/ratios/?statement=&equity=1e99",
        "ratios-equity",
        "Total equity must be within ±1,000,000,000,000,000.",
    ),
    (
        "/calculators/ratios/?statement=&revenue=abc",
        "ratios-revenue",
        "The revenue must be a number, e.g. 143,566.",
    ),
]


def messages_for(markup: str, field_id: str) -> str:
    match = re.search(rf'<div class="calc-errors" id="{field_id}-errors"[^>]*>(.*?)</div>', markup, re.S)
    assert match, f"no error container for {field_id}"
    return html.unescape(match.group(1))


@pytest.mark.parametrize(("url", "field_id", "message"), CASES)
def test_it_shows_the_message_beside_the_field(client, url, field_id, message):
    response = client.get(url)
    assert response.status_code == 200
    markup = response.content.decode()
    assert message in messages_for(markup, field_id)
    assert f'aria-describedby="{field_id}-errors' in markup
    assert "Fix the input marked in red" in markup


@pytest.mark.parametrize(("url", "field_id", "message"), CASES)
def test_it_sends_the_message_out_of_band_to_htmx(client, url, field_id, message):
    response = client.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    markup = response.content.decode()
    assert "<html" not in markup
    assert f'id="{field_id}-errors" hx-swap-oob="true"' in markup
    assert message in messages_for(markup, field_id)


@pytest.mark.parametrize(
    "query",
    [
        "?spreads=%00%ff&recovery=%E2%82%AC",
        "?recovery=40&recovery=abc",
        "?" + "x" * 5000,
        "?embed=2&uid=",
        "?spreads=5y+120bpbp",
        "?spreads=%EF%BC%95y+120",
        "?trade_date=&engine=&coupon=",
    ],
)
@pytest.mark.parametrize("name", ["cds", "ratios", "credit"])
def test_it_never_fails_on_garbage(client, name, query):
    assert client.get(f"/calculators/{name}/{query}").status_code == 200
    assert client.get(f"/calculators/{name}/{query}", headers={"HX-Request": "true"}).status_code == 200


def test_it_clears_a_fixed_message_on_the_next_htmx_request(client):
    markup = client.get("/calculators/cds/?recovery=40", headers={"HX-Request": "true"}).content.decode()
    assert '<div class="calc-errors" id="cds-recovery-errors" hx-swap-oob="true"></div>' in markup
