"""The index page, and calculators embedded in a lesson (?embed=1): just the card, with ids of its own."""

from __future__ import annotations

import html
import re

import pytest

CALCULATORS = ["cds", "ratios", "credit"]


def fetch(client, url: str, **headers) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_it_lists_the_three_calculators(client):
    markup = fetch(client, "/calculators/")
    for url in ("/calculators/cds/", "/calculators/ratios/", "/calculators/credit/"):
        assert f'href="{url}"' in markup
    assert markup.count('class="card calc-index-item"') == 3


@pytest.mark.parametrize("name", CALCULATORS)
def test_it_renders_each_page_with_its_card(client, name):
    markup = fetch(client, f"/calculators/{name}/")
    assert "<html" in markup
    assert f'<section class="card calc" id="{name}"' in markup
    assert f'hx-target="#{name}-result"' in markup
    assert f'id="{name}-result"' in markup
    assert 'hx-replace-url="true"' in markup
    assert '<button type="submit" class="button">Calculate</button>' in markup  # works without JavaScript
    assert " style=" not in markup


@pytest.mark.parametrize("name", CALCULATORS)
def test_it_embeds_just_the_card_targeting_its_own_result(client, name):
    markup = fetch(client, f"/calculators/{name}/?embed=1")
    assert "<html" not in markup and "site-header" not in markup
    card_id = re.search(rf'<section class="card calc" id="({name}-[a-z0-9]+)"', markup).group(1)
    assert f'hx-target="#{card_id}-result"' in markup
    assert f'<div class="calc-result" id="{card_id}-result"' in markup
    assert f'<input type="hidden" name="uid" value="{card_id.removeprefix(name + "-")}">' in markup
    assert "hx-replace-url" not in markup  # an embedded card must not rewrite the lesson's address
    assert f'href="/calculators/{name}/"' in markup  # "open on its own page"
    other = fetch(client, f"/calculators/{name}/?embed=1")
    assert card_id not in other  # two embeds of one calculator in a lesson do not share ids
    assert " style=" not in markup


def test_it_keeps_the_embedded_ids_on_refresh(client):
    markup = fetch(client, "/calculators/cds/?uid=abc123&spreads=5y+120&recovery=30", HX_Request="true")
    assert markup.lstrip().startswith('<div class="calc-result" id="cds-abc123-result"')
    assert 'id="cds-abc123-recovery-errors" hx-swap-oob="true"' in markup
    assert 'href="/calculators/cds/?spreads=5y+120&recovery=30"' in markup


def test_it_embeds_a_preset_calculator(client):
    markup = fetch(client, "/calculators/cds/?spreads=5y+120&recovery=40&embed=1")
    assert re.search(r'<textarea name="spreads"[^>]*>\s*5y 120</textarea>', markup)
    assert "5y standard contract" in markup


def test_an_embedded_ratio_card_never_rewrites_the_lesson_address(client):
    response = client.get(
        "/calculators/ratios/?uid=abc123&statement=apple-fy2023&loaded=apple-fy2023",
        headers={"HX-Request": "true"},
    )
    assert "HX-Replace-Url" not in response
    switched = client.get(
        "/calculators/ratios/?uid=abc123&statement=apple-fy2022&loaded=apple-fy2023",
        headers={"HX-Request": "true"},
    )
    assert switched["HX-Retarget"] == "#ratios-abc123"


def test_it_ignores_an_unsafe_uid(client):
    markup = fetch(client, '/calculators/credit/?uid="><script>&embed=1')
    assert "<script>" not in markup
    assert re.search(r'<section class="card calc" id="credit-[0-9a-f]{6}"', markup)


@pytest.mark.parametrize("name", CALCULATORS)
def test_it_varies_the_cache_on_the_htmx_header(client, name):
    assert "HX-Request" in client.get(f"/calculators/{name}/")["Vary"]


def test_it_refuses_other_methods(client):
    assert client.post("/calculators/cds/").status_code == 405
