"""Amount fields read plain numbers and correctly grouped thousands, and refuse anything they would have
to guess."""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from learn.calculators.fields import AmountField


def notional() -> AmountField:
    return AmountField(
        label="Notional",
        what="notional",
        lo=1,
        hi=1e12,
        example="10,000,000",
        range_message="Notional must be between 1 and 1,000,000,000,000.",
    )


def recovery() -> AmountField:
    return AmountField(
        label="Recovery rate (%)",
        what="recovery rate",
        lo=0,
        hi=99,
        example="40",
        percent=True,
        range_message="Recovery must be between 0 and 99%.",
    )


def rate() -> AmountField:
    return AmountField(
        label="Risk-free rate (%)",
        what="risk-free rate",
        lo=-5,
        hi=25,
        example="3",
        percent=True,
        range_message="The risk-free rate must be between -5% and 25%.",
    )


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("10000000", "10000000"),
        ("+10000000", "10000000"),
        ("12345.678", "12345.678"),
        ("1.2e7", "1.2e7"),
        ("1.2E+7", "1.2e7"),
        (" 10000000 ", "10000000"),
        ("10,000,000", "10000000"),
        ("1,234,567.5", "1234567.5"),
        ("999,999", "999999"),
        ("10 000 000", "10000000"),
        ("10\u00a0000\u00a0000", "10000000"),  # no-break spaces, as some locales and spreadsheets copy them
        ("10\u202f000", "10000"),  # narrow no-break space
        ("1_000", "1000"),
        ("1'000", "1000"),  # the Swiss grouping, as quiz answers read it too (learn.core.numbers)
        ("$10,000,000", "10000000"),  # a currency mark carries no scale
        ("USD 1,000", "1000"),
    ],
)
def test_it_reads_plain_and_correctly_grouped_numbers(typed, value):
    assert notional().clean(typed) == Decimal(value)


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("-1,234.5", "-1234.5"),
        ("\u22121,234.5", "-1234.5"),  # the minus sign of printed tables
        ("(1,234.5)", "-1234.5"),  # an accountant's negative
        ("(214)", "-214"),
        ("-2e-1", "-0.2"),
    ],
)
def test_it_reads_negative_numbers(typed, value):
    field = AmountField(
        label="Net income",
        what="net income",
        lo=-1e15,
        hi=1e15,
        example="143,566",
        range_message="Net income must be within ±1,000,000,000,000,000.",
    )
    assert field.clean(typed) == Decimal(value)


@pytest.mark.parametrize(
    "typed", ["1,2,3", "12,5", "1,000,00", "1,0000", "10,000,000,0", ",5", "1,,000", "1,000.5,0"]
)
def test_it_refuses_misplaced_commas(typed):
    with pytest.raises(ValidationError) as caught:
        notional().clean(typed)
    assert caught.value.messages == [
        f"The notional “{typed}” has a misplaced comma: separators go only between groups of three digits, "
        "and decimals take a point, e.g. 10,000,000."
    ]


@pytest.mark.parametrize(
    ("typed", "separator"), [("1 2 3", "space"), ("10 00", "space"), ("1_00", "underscore")]
)
def test_it_refuses_misplaced_spaces_and_underscores(typed, separator):
    with pytest.raises(ValidationError) as caught:
        notional().clean(typed)
    assert f"has a misplaced {separator}" in caught.value.messages[0]


def test_it_refuses_mixed_separators():
    with pytest.raises(ValidationError) as caught:
        notional().clean("1,000 000")
    assert "misplaced" in caught.value.messages[0]


@pytest.mark.parametrize("typed", ["12.5%", "12.5 %", "10,000,000%"])
def test_it_refuses_a_percent_sign_in_an_amount(typed):
    with pytest.raises(ValidationError) as caught:
        notional().clean(typed)
    assert caught.value.messages == [
        "The notional is an amount, not a percentage: remove the % sign, e.g. 10,000,000."
    ]


@pytest.mark.parametrize(
    ("typed", "value"), [("40%", "40"), ("37.5 %", "37.5"), ("40", "40"), ("0.5%", "0.5")]
)
def test_it_takes_a_percent_sign_in_a_percentage(typed, value):
    assert recovery().clean(typed) == Decimal(value)


def test_it_takes_a_negative_percentage():
    assert rate().clean("-1.5%") == Decimal("-1.5")
    assert rate().clean("(1.5)%") == Decimal("-1.5")


@pytest.mark.parametrize(
    "typed",
    ["ten", "1e", "1.2.3", "--5", "(-5)", "5-", "nan", "inf", "%", "1%%", "$100", "40bp", "0.4x", "40m"],
)
def test_it_calls_anything_else_not_a_number(typed):
    with pytest.raises(ValidationError) as caught:
        recovery().clean(typed)
    assert caught.value.messages == ["The recovery rate must be a number, e.g. 40."]


def test_it_still_checks_the_range_after_reading_the_number():
    with pytest.raises(ValidationError) as caught:
        recovery().clean("120%")
    assert caught.value.messages == ["Recovery must be between 0 and 99%."]


def fetch(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def errors(markup: str, field_id: str) -> str:
    return re.search(rf'id="{field_id}-errors"[^>]*>(.*?)</div>', markup, re.S).group(1)


@pytest.mark.parametrize(
    ("url", "field_id", "message"),
    [
        (
            "/calculators/cds/?notional=1,2,3",
            "cds-notional",
            "The notional “1,2,3” has a misplaced comma: separators go only between groups of three digits, "
            "and "
            "decimals take a point, e.g. 10,000,000.",
        ),
        (
            "/calculators/cds/?notional=12.5%25",
            "cds-notional",
            "The notional is an amount, not a percentage: remove the % sign, e.g. 10,000,000.",
        ),
        ("/calculators/cds/?recovery=37,5", "cds-recovery", "The recovery rate “37,5” has a misplaced comma"),
        (
            "/calculators/credit/?ead=5%25",
            "credit-ead",
            "The EAD is an amount, not a percentage: remove the % sign",
        ),
        (
            "/calculators/credit/?maturity=2.5%25",
            "credit-maturity",
            "The maturity is an amount, not a percentage",
        ),
        (
            "/calculators/ratios/?statement=&cash=1,2,3",
            "ratios-cash",
            "The cash and equivalents “1,2,3” has a misplaced comma",
        ),
        (
            "/calculators/ratios/?statement=&net_income=12.5%25",
            "ratios-net_income",
            "The net income is an amount, not a percentage: remove the % sign, e.g. 143,566.",
        ),
    ],
)
def test_it_shows_the_message_beside_the_field(client, url, field_id, message):
    markup = fetch(client, url)
    assert message in errors(markup, field_id)
    assert "Fix the input marked in red" in markup


def test_it_keeps_percent_signs_working_in_percentage_fields(client):
    with_signs = fetch(client, "/calculators/cds/?recovery=40%25&rate=3%25&trade_date=2025-06-02")
    without = fetch(client, "/calculators/cds/?recovery=40&rate=3&trade_date=2025-06-02")
    assert "Fix the input" not in with_signs
    assert with_signs.split("<tbody>")[1] == without.split("<tbody>")[1]
    credit = fetch(client, "/calculators/credit/?pd=1%25&lgd=45%25")
    assert 'data-testid="risk-weight">92.32%<' in credit


def test_it_computes_the_same_result_from_every_accepted_way_of_writing_a_number(client):
    def shown(notional_text: str) -> tuple[str, str]:
        markup = fetch(client, f"/calculators/cds/?notional={notional_text}&trade_date=2025-06-02")
        return (
            re.search(r"notional ([\d,]+)</span>", markup).group(1),
            re.search(r'data-testid="rpv01">([^<]*)<', markup).group(1),
        )

    assert shown("12,000,000")[0] == "12,000,000"
    assert (
        shown("12,000,000")
        == shown("12000000")
        == shown("1.2e7")
        == shown("12+000+000")
        == shown("12_000_000")
    )
