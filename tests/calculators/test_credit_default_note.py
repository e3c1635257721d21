"""At PD = 100% the risk weight is 0%: the page says why beside the figure, not only in a banner above."""

from __future__ import annotations

import re


def _risk_weight_figure(markup: str) -> str:
    return re.search(r"<dt>Risk weight</dt><dd>(.*?)</dd>", markup, re.S).group(1)


def test_it_explains_a_zero_risk_weight_next_to_the_figure(client):
    markup = client.get("/calculators/credit/?pd=100&lgd=45&ead=1,000,000&maturity=2.5").content.decode()
    figure = _risk_weight_figure(markup)
    assert 'data-testid="risk-weight">0.00%<' in figure
    assert "Defaulted" in figure and "provisions" in figure


def test_it_says_nothing_extra_for_a_performing_loan(client):
    figure = _risk_weight_figure(client.get("/calculators/credit/").content.decode())
    assert "risk-weight-note" not in figure
