"""Expected loss and Basel IRB capital, as learn.finance.credit computes them."""

from __future__ import annotations

import html
import math
import re

from learn.finance.credit import PD_FLOOR_BASEL2, expected_loss, irb_corporate


def fetch(client, url: str, **headers) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def words(markup: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup))


def shown(markup: str, name: str) -> str:
    return re.search(rf'data-testid="{name}">([^<]*)<', markup).group(1)


def test_it_renders_the_defaults_with_the_basel_example(client):
    markup = fetch(client, "/calculators/credit/")
    irb = irb_corporate(0.01, 0.45, 2.5, 1_000_000)
    assert shown(markup, "risk-weight") == "92.32%"
    assert shown(markup, "rwa") == f"{float(irb.rwa):,.0f}"
    assert shown(markup, "rwa").startswith("923,")
    assert shown(markup, "el") == f"{expected_loss(0.01, 0.45, 1_000_000):,.0f}" == "4,500"
    assert shown(markup, "correlation") == f"{float(irb.correlation):.4f}"
    assert shown(markup, "maturity-b") == f"{float(irb.maturity_b):.4f}"
    assert shown(markup, "capital-k") == f"{float(irb.capital_k) * 100:.3f}%"
    assert shown(markup, "capital") == f"{0.08 * float(irb.rwa):,.0f}"
    assert shown(markup, "cet1-min") == f"{0.045 * float(irb.rwa):,.0f}"
    assert shown(markup, "cet1-buffer") == f"{0.07 * float(irb.rwa):,.0f}"
    assert math.isclose(0.08 * float(irb.rwa), float(irb.capital_k) * 1_000_000)


def test_it_writes_out_the_formulas_and_the_source(client):
    text = words(fetch(client, "/calculators/credit/"))
    for formula in (
        "EL = PD × LGD × EAD",
        "b = (0.11852 − 0.05478 × ln(PD))²",
        "RWA = K × 12.5 × EAD",
        "R = 0.12 × w + 0.24 × (1 − w)",
        "G(0.999)",
    ):
        assert formula in text
    assert "CRE31" in text
    assert "= 1% × 45% × 1,000,000" in text


def test_it_takes_presets_from_the_query_string(client):
    markup = fetch(client, "/calculators/credit/?pd=2.5&lgd=40&ead=250,000&maturity=4")
    irb = irb_corporate(0.025, 0.40, 4, 250_000)
    assert shown(markup, "risk-weight") == f"{float(irb.risk_weight) * 100:.2f}%"
    assert shown(markup, "rwa") == f"{float(irb.rwa):,.0f}"
    assert shown(markup, "el") == f"{0.025 * 0.40 * 250_000:,.0f}"


def test_it_applies_the_chosen_pd_floor(client):
    markup = fetch(client, "/calculators/credit/?pd=0.01&floor=basel2")
    irb = irb_corporate(0.0001, 0.45, 2.5, 1_000_000, pd_floor=PD_FLOOR_BASEL2)
    assert float(irb.pd) == PD_FLOOR_BASEL2
    assert "PD floored at 0.03%: you entered 0.01%" in words(markup)
    assert shown(markup, "risk-weight") == f"{float(irb.risk_weight) * 100:.2f}%"
    basel3 = fetch(client, "/calculators/credit/?pd=0.01")
    assert "PD floored at 0.05%" in words(basel3)


def test_it_explains_a_defaulted_exposure(client):
    markup = fetch(client, "/calculators/credit/?pd=100")
    assert shown(markup, "risk-weight") == "0.00%"
    assert "defaulted exposure" in words(markup)


def test_it_returns_only_the_result_for_htmx(client):
    markup = fetch(client, "/calculators/credit/?pd=1", HX_Request="true")
    assert "<html" not in markup and "<form" not in markup
    assert markup.lstrip().startswith('<div class="calc-result" id="credit-result"')
    assert shown(markup, "risk-weight") == "92.32%"
