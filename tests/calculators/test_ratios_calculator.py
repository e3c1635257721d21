"""The ratio calculator on the stored 10-K statements and on typed figures, checked against learn.finance."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml

from learn.finance import ratios
from learn.finance.statements import BalanceSheet, IncomeStatement

COMPANIES = Path(__file__).resolve().parents[2] / "content" / "companies"


def fetch(client, url: str, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return response, html.unescape(response.content.decode())


def words(markup: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup))


def row(markup: str, name: str) -> str:
    """The text of the table row whose header starts with ``name``."""
    match = re.search(rf'<tr>\s*<th scope="row">{re.escape(name)}<span.*?</tr>', markup, re.S)
    assert match, name
    return words(match.group(0))


def apple(label: str) -> tuple[BalanceSheet, IncomeStatement]:
    doc = yaml.safe_load((COMPANIES / "apple.yaml").read_text())
    s = next(s for s in doc["statements"] if s["label"] == label)
    b, i = s["balance_sheet"], s["income_statement"]
    ca = b["current_assets"]
    bs = BalanceSheet(
        cash_and_equivalents=ca["cash_and_cash_equivalents"],
        marketable_securities_current=ca["marketable_securities_current"],
        receivables=ca["accounts_receivable_net"],
        other_receivables=ca["vendor_non_trade_receivables"],
        inventories=ca["inventories"],
        other_current_assets=ca["other_current_assets"],
        total_current_assets=b["total_current_assets"],
        total_assets=b["total_assets"],
        total_current_liabilities=b["total_current_liabilities"],
        total_liabilities=b["total_liabilities"],
        total_equity=b["total_equity"],
        short_term_debt=b["current_liabilities"]["commercial_paper"],
        current_portion_long_term_debt=b["current_liabilities"]["term_debt_current"],
        long_term_debt=b["non_current_liabilities"]["term_debt_non_current"],
    )
    inc = IncomeStatement(
        i["net_sales"], i["operating_income"], i.get("interest_expense", 0), i["net_income"]
    )
    return bs, inc


def test_it_opens_on_apple_fy2023_with_the_headline_ratios(client):
    _, markup = fetch(client, "/calculators/ratios/")
    bs, inc = apple("FY2023")
    assert "Figures from Apple Inc. FY2023" in words(markup)
    assert ratios.current_ratio(bs) == pytest.approx(0.988, abs=5e-4)
    assert "0.99" in row(markup, "Current ratio")
    assert f'<data value="{ratios.current_ratio(bs)}">0.99</data>' in markup
    assert "= 143,566 / 145,308" in row(markup, "Current ratio")
    assert f"{ratios.debt_to_equity(bs):.2f}" == "1.79"
    assert "1.79" in row(markup, "Debt-to-equity")
    assert f"{ratios.interest_coverage(inc):.2f}x" == "29.06x"
    assert "29.06x" in row(markup, "Interest coverage")
    roe = ratios.dupont(inc, bs).roe
    assert f"{roe * 100:.1f}%" == "156.1%"
    assert f'<data value="{roe}">156.1%</data>' in markup


def test_it_shows_every_ratio_as_learn_finance_computes_it(client):
    _, markup = fetch(client, "/calculators/ratios/?statement=apple-fy2023")
    bs, inc = apple("FY2023")
    assert f"{ratios.quick_ratio(bs):.2f}" in row(markup, "Quick ratio")
    assert f"{ratios.quick_ratio(bs, include_other_receivables=True):.2f}" in row(
        markup, "Quick ratio with other receivables"
    )
    assert f"{ratios.cash_ratio(bs):.2f}" in row(markup, "Cash ratio")
    assert f"{ratios.working_capital(bs):,.0f}" in row(markup, "Working capital")
    assert f"{ratios.total_debt(bs):,.0f}" in row(markup, "Total debt")
    assert f"{ratios.debt_to_capital(bs) * 100:.1f}%" in row(markup, "Debt-to-capital")
    assert f"{ratios.debt_to_assets(bs) * 100:.1f}%" in row(markup, "Debt-to-assets")
    assert f"{ratios.equity_multiplier(bs):.2f}" in row(markup, "Equity multiplier")
    assert f"{ratios.liabilities_to_equity(bs):.2f}" in row(markup, "Liabilities-to-equity")
    dupont = words(markup[markup.index("dupont-table") :])
    d = ratios.dupont(inc, bs)
    assert f"{d.net_profit_margin * 100:.1f}%" in dupont
    assert f"{d.asset_turnover:.2f}" in dupont
    assert f"{d.equity_multiplier:.2f}" in dupont


def test_it_states_the_definitions_used(client):
    _, markup = fetch(client, "/calculators/ratios/")
    assert "Interest-bearing debt only" in row(markup, "Total debt")
    assert "ending balances" in words(markup)
    assert "current assets / current liabilities" in row(markup, "Current ratio")
    assert "EBIT is reported operating income" in row(markup, "Interest coverage")


def test_it_adds_roe_on_average_balances_when_the_prior_year_is_stored(client):
    _, markup = fetch(client, "/calculators/ratios/?statement=apple-fy2023")
    bs, inc = apple("FY2023")
    prior, _ = apple("FY2022")
    average = ratios.dupont(inc, bs, prior)
    assert average.basis == "average"
    assert "Average of FY2022 and FY2023 balances" in markup
    assert f'<data value="{average.roe}">{average.roe * 100:.1f}%</data>' in markup


def test_it_explains_a_ratio_the_stored_statement_cannot_support(client):
    _, markup = fetch(client, "/calculators/ratios/?statement=apple-fy2022")
    bs, _ = apple("FY2022")
    assert f"{ratios.current_ratio(bs):.2f}" in row(markup, "Current ratio")
    assert "n/a: needs interest expense (the stored Apple Inc. FY2022 statement does not have it)" in row(
        markup, "Interest coverage"
    )


def test_it_shows_a_bank_balance_sheet_with_totals_only(client):
    _, markup = fetch(client, "/calculators/ratios/?statement=jpmorgan-fy2023")
    text = words(markup)
    assert "no current/non-current split" in text
    assert "n/a: needs current assets, current liabilities" in row(markup, "Current ratio")
    assert f"{3_875_393 / 327_878:.2f}" in row(markup, "Equity multiplier")
    assert f"{3_547_515 / 327_878:.2f}" in row(markup, "Liabilities-to-equity")
    assert "n/a: needs short-term debt" in row(markup, "Debt-to-equity")
    assert "n/a: needs revenue" in text


def test_it_computes_typed_figures(client):
    url = (
        "/calculators/ratios/?statement=&current_assets=1,200&current_liabilities=800&cash=300"
        "&securities=100&receivables=200&inventories=400&total_assets=5000&total_liabilities=3000&equity=2000"
        "&short_term_debt=0&current_ltd=100&long_term_debt=900&revenue=4000&ebit=600&interest=(50)"
    )
    _, markup = fetch(client, url)
    assert "Interest expense cannot be negative" in markup  # (50) is -50: an accountant's negative
    _, markup = fetch(client, url.replace("(50)", "50") + "&net_income=400")
    assert "Your own figures" in words(markup)
    assert "1.50" in row(markup, "Current ratio")
    assert "0.75" in row(markup, "Quick ratio")
    assert "n/a: needs other (non-trade) receivables" in row(markup, "Quick ratio with other receivables")
    assert "0.50" in row(markup, "Debt-to-equity")
    assert "12.00x" in row(markup, "Interest coverage")
    assert '<data value="0.2">20.0%</data>' in markup  # ROE = 400 / 2000


def test_it_leaves_ratios_with_a_zero_denominator_as_na(client):
    _, markup = fetch(client, "/calculators/ratios/?statement=&current_assets=100&current_liabilities=0")
    assert "n/a: the denominator is zero" in row(markup, "Current ratio")
    assert "100" in row(markup, "Working capital")


def test_it_warns_when_assets_do_not_equal_liabilities_plus_equity(client):
    _, markup = fetch(
        client, "/calculators/ratios/?statement=&total_assets=100&total_liabilities=60&equity=30"
    )
    assert "differ from liabilities + equity (90) by 10" in words(markup)


def test_it_marks_edited_figures_of_a_stored_statement(client):
    _, markup = fetch(
        client,
        "/calculators/ratios/?statement=apple-fy2023&loaded=apple-fy2023"
        "&current_assets=150,000&current_liabilities=145,308",
    )
    assert "with your changes to:" in words(markup)
    assert "current assets" in words(markup)
    assert f"{150_000 / 145_308:.2f}" in row(markup, "Current ratio")


def test_it_redraws_the_whole_card_when_htmx_switches_the_statement(client):
    response, markup = fetch(
        client, "/calculators/ratios/?statement=apple-fy2022&loaded=apple-fy2023&cash=1", HX_Request="true"
    )
    assert response["HX-Retarget"] == "#ratios"
    assert response["HX-Reswap"] == "outerHTML"
    assert "<html" not in markup
    assert markup.lstrip().startswith('<section class="card calc" id="ratios"')
    assert 'name="cash" value="23,646"' in markup  # FY2022's figures, not the typed 1
    assert 'name="loaded" value="apple-fy2022"' in markup


def test_it_returns_only_the_result_when_htmx_edits_a_figure(client):
    response, markup = fetch(
        client,
        "/calculators/ratios/?statement=&loaded=&current_assets=3&current_liabilities=2",
        HX_Request="true",
    )
    assert "HX-Retarget" not in response
    assert "<html" not in markup and "<form" not in markup
    assert markup.lstrip().startswith('<div class="calc-result" id="ratios-result"')
    assert "1.50" in row(markup, "Current ratio")


def test_it_gives_an_unedited_stored_statement_a_short_address(client):
    response, _ = fetch(
        client, "/calculators/ratios/?statement=apple-fy2023&loaded=apple-fy2023", HX_Request="true"
    )
    assert response["HX-Replace-Url"] == "/calculators/ratios/?statement=apple-fy2023"


NEGATIVE_EQUITY = (
    "/calculators/ratios/?statement=&total_assets=500&total_liabilities=550&equity=-50"
    "&short_term_debt=0&current_ltd=20&long_term_debt=100&revenue=400&ebit=60&interest=10"
    "&net_income=30"
)
EQUITY_RATIOS = ("Debt-to-equity", "Debt-to-capital", "Equity multiplier", "Liabilities-to-equity")


def equity_warning(markup: str) -> str:
    match = re.search(r'data-testid="equity-warning">(.*?)</p>', markup, re.S)
    return words(match.group(1)) if match else ""


def dupont_rows(markup: str) -> str:
    return words(markup[markup.index("DuPont: return on equity") :])


def test_it_warns_about_negative_equity_and_marks_the_ratios_built_on_it_not_meaningful(client):
    _, markup = fetch(client, NEGATIVE_EQUITY)
    assert equity_warning(markup) == (
        "Total equity is negative (-50): the balance sheet shows more liabilities than assets. Negative book "
        "equity follows large share buybacks or dividends (common at mature, profitable companies) or "
        "accumulated losses; on its own it does not mean the company is insolvent. The ratios built "
        "on equity "
        ""
        "are not meaningful and show n/m: debt-to-equity, debt-to-capital, equity multiplier and "
        "liabilities-to-equity, and the equity multiplier and ROE in the DuPont table. Below zero these "
        "ratios "
        "change sign, and the smaller the deficit the larger they get, so they no longer measure leverage or "
        "return. Debt-to-assets and interest coverage still apply."
    )
    for name in EQUITY_RATIOS:
        assert "n/m: total equity is negative (see the warning above)" in row(markup, name)
    # what the calculator used to show without comment
    for misleading in ("-2.40", "171.4%", "-10.00", "-11.00", "-60.0%"):
        assert misleading not in words(markup)
    assert "24.0%" in row(markup, "Debt-to-assets")
    assert "6.00x" in row(markup, "Interest coverage")
    dupont = dupont_rows(markup)
    assert "7.5%" in dupont and "0.80" in dupont  # margin and turnover do not involve equity
    assert "× Equity multiplier total assets / total equity n/m" in dupont
    assert "= ROE net income / total equity n/m" in dupont


def test_it_treats_zero_equity_as_not_meaningful_too(client):
    _, markup = fetch(
        client, NEGATIVE_EQUITY.replace("total_liabilities=550&equity=-50", "total_liabilities=500&equity=0")
    )
    warning = equity_warning(markup)
    assert warning.startswith("Total equity is zero: on the books, the liabilities use up all the assets.")
    assert "They divide by zero or, for debt-to-capital, count debt as the whole capital" in warning
    for name in EQUITY_RATIOS:
        assert "n/m: total equity is zero (see the warning above)" in row(markup, name)
    assert "100.0%" not in row(markup, "Debt-to-capital")
    assert "n/m: total equity is zero (see the warning above)" in dupont_rows(markup)


def test_it_gives_no_equity_warning_for_positive_or_unknown_equity(client):
    _, markup = fetch(client, "/calculators/ratios/?statement=apple-fy2023")
    assert 'data-testid="equity-warning"' not in markup and "n/m" not in words(markup)
    _, markup = fetch(client, "/calculators/ratios/?statement=&total_assets=100&revenue=50")
    assert 'data-testid="equity-warning"' not in markup
    assert "n/a: needs short-term debt" in row(markup, "Debt-to-equity")


def test_it_marks_roe_on_average_balances_not_meaningful_when_equity_turns_negative(client):
    from urllib.parse import urlencode

    from learn.calculators.formatting import plain
    from learn.market import companies

    stored = companies.load_catalogue().statements["apple-fy2023"]
    figures = {n: plain(v) for n, v in stored.figures.items() if v is not None}
    query = urlencode({**figures, "statement": "apple-fy2023", "loaded": "apple-fy2023", "equity": "-1,000"})
    _, markup = fetch(client, f"/calculators/ratios/?{query}")
    assert "with your changes to: total equity" in words(markup)
    assert "Total equity is negative (-1,000)" in equity_warning(markup)
    dupont = dupont_rows(markup)
    assert (
        "Average of FY2022 and FY2023 balances" in dupont
    )  # (-1,000 + 50,672) / 2 is positive, but crosses zero
    assert "× Equity multiplier total assets / total equity n/m n/m" in dupont
    assert "= ROE net income / total equity n/m n/m" in dupont
