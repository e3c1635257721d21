"""The calculators in real Chromium: results update in place with htmx, bad input is explained beside its
field, an embedded card works inside another page, and nothing breaks our CSP."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pytest
from playwright.sync_api import Page, expect

from learn.finance.cds_calibration import bootstrap_hazard_curve
from learn.finance.curves import FlatDiscountCurve

pytestmark = pytest.mark.django_db(transaction=True)


def hazard_text(recovery: float) -> str:
    curve = bootstrap_hazard_curve(
        dt.date(2025, 6, 2), [60], np.array([120e-4]), recovery, FlatDiscountCurve(0.03), "isda"
    )
    return f"{curve.hazards[0] * 100:.3f}%"


@pytest.fixture
def console_errors(page: Page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def test_the_cds_result_updates_in_place_and_bad_input_is_explained(live_server, page: Page, console_errors):
    page.goto(f"{live_server.url}/calculators/cds/?spreads=5y+120&trade_date=2025-06-02")
    result = page.locator("#cds-result")
    expect(result).to_contain_text(hazard_text(0.40))
    page.evaluate("window.__marker = 'same page'")

    page.get_by_label("Recovery rate (%)").fill("25")
    expect(result).to_contain_text(hazard_text(0.25))
    expect(result).to_contain_text("recovery 25%")
    assert page.evaluate("window.__marker") == "same page"
    expect(page).to_have_url(re.compile(r"[?&]recovery=25(&|$)"))

    spreads = page.get_by_label("Par spread curve (bp)")
    spreads.fill("5y 120, 3y 80")
    expect(page.locator("#cds-spreads-errors")).to_have_text("Tenors must increase: 3y comes after 5y.")
    expect(result).to_contain_text("Fix the input marked in red")
    spreads.fill("abc")
    expect(page.locator("#cds-spreads-errors")).to_have_text(
        "Could not read “abc”. Write each point as tenor and spread, e.g. '5y 120'."
    )
    expect(spreads).to_have_value("abc")  # the input being typed in is never replaced
    spreads.fill("5y 120")
    expect(page.locator("#cds-spreads-errors")).to_be_empty()
    expect(result).to_contain_text(hazard_text(0.25))
    assert page.evaluate("window.__marker") == "same page"
    assert console_errors == [], console_errors


def test_the_ratio_card_switches_statement_without_a_page_load(live_server, page: Page, console_errors):
    page.goto(f"{live_server.url}/calculators/ratios/")
    expect(page.locator("#ratios-result")).to_contain_text("29.06x")
    page.evaluate("window.__marker = 'same page'")
    page.get_by_label("Company statement").select_option(label="Apple Inc. FY2022")
    expect(page.get_by_label("Current assets", exact=True)).to_have_value("135,405")
    expect(page.locator("#ratios-result")).to_contain_text("n/a: needs interest expense")
    expect(page).to_have_url(f"{live_server.url}/calculators/ratios/?statement=apple-fy2022")
    page.get_by_label("Interest expense").fill("2,931")
    expect(page.locator("#ratios-result")).to_contain_text(f"{119_437 / 2_931:.2f}x")
    assert page.evaluate("window.__marker") == "same page"
    assert console_errors == [], console_errors


def test_an_embedded_card_updates_its_own_result(live_server, page: Page, console_errors):
    page.goto(f"{live_server.url}/calculators/")
    page.evaluate(
        "htmx.ajax('GET', '/calculators/credit/?embed=1&pd=2', {target: '#main', swap: 'beforeend'})"
    )
    card = page.locator("#main section.calc")
    expect(card.get_by_test_id("risk-weight")).to_be_visible()
    before = card.get_by_test_id("risk-weight").inner_text()
    card.get_by_label("PD (%)").fill("1")
    expect(card.get_by_test_id("risk-weight")).to_have_text("92.32%")
    assert before != "92.32%"
    expect(page).to_have_url(f"{live_server.url}/calculators/")  # the host page's address is left alone
    card.get_by_label("Maturity M (years)").fill("9")
    expect(
        card.locator(".calc-errors").filter(has_text="Maturity must be between 1 and 5 years")
    ).to_be_visible()
    assert console_errors == [], console_errors


@pytest.mark.parametrize(
    "path", ["/calculators/", "/calculators/cds/", "/calculators/ratios/", "/calculators/credit/"]
)
def test_the_pages_load_without_console_errors(live_server, page: Page, console_errors, path):
    page.goto(f"{live_server.url}{path}")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert console_errors == [], console_errors
