"""One number parser for quiz answers and calculator forms: the same text means the same number in both."""

from __future__ import annotations

from decimal import Decimal

import pytest

from learn.calculators.fields import AmountField
from learn.core.numbers import TypedNumber, misplaced_separator, parse_number
from learn.quizzes.grading import grade


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1742", TypedNumber(1742.0, None, "1742")),
        ("1,742", TypedNumber(1742.0, None, "1742")),
        ("1 742", TypedNumber(1742.0, None, "1742")),
        ("1'742", TypedNumber(1742.0, None, "1742")),
        ("1\u2019742", TypedNumber(1742.0, None, "1742")),  # a typographic apostrophe
        ("1_742", TypedNumber(1742.0, None, "1742")),
        ("10\u00a0000\u00a0000", TypedNumber(10_000_000.0, None, "10000000")),  # no-break spaces
        ("1,234,567.5", TypedNumber(1_234_567.5, None, "1234567.5")),
        ("-1,742", TypedNumber(-1742.0, None, "-1742")),
        ("\u22121,742", TypedNumber(-1742.0, None, "-1742")),  # the minus of printed tables
        ("(214)", TypedNumber(-214.0, None, "-214")),
        ("+12", TypedNumber(12.0, None, "12")),
        (".5", TypedNumber(0.5, None, "0.5")),
        ("1.2E+7", TypedNumber(12_000_000.0, None, "1.2e+7")),
        ("25.3%", TypedNumber(25.3, "%", "25.3")),
        ("(1.5)%", TypedNumber(-1.5, "%", "-1.5")),
        ("120 basis points", TypedNumber(120.0, "bp", "120")),
        ("29.1×", TypedNumber(29.1, "x", "29.1")),
        ("$62,146m", TypedNumber(62_146.0, "m", "62146", currency=True)),
        ("USD 1.5bn", TypedNumber(1.5, "bn", "1.5", currency=True)),
        ("-0", TypedNumber(0.0, None, "-0")),
        ("1e999", TypedNumber(float("inf"), None, "1e999")),
    ],
)
def test_it_reads_a_number_as_people_write_it(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", " ", "abc", "1..2", "1 2", "1,74", "0,988", "12,34,567", "1,000 000", "1,000_000", ".", "$", "%",
     "e3", "1e", "--1", "(-5)", "5-", "nan", "inf", "1%%", "$$5", "1" * 65, None, 17],
)  # fmt: skip
def test_it_refuses_what_is_not_exactly_one_number(text):
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("text", "separator"),
    [("1,2,3", "comma"), ("0,988", "comma"), ("10 00", "space"), ("1_00", "underscore"),
     ("1'00", "apostrophe"), ("(1,2)", "comma"), ("37,5%", "comma")],
)  # fmt: skip
def test_it_names_a_misplaced_separator(text, separator):
    assert misplaced_separator(text) == separator


@pytest.mark.parametrize("text", ["1,000", "abc", "1.2.3", "12%"])
def test_a_number_or_non_number_has_no_misplaced_separator(text):
    assert misplaced_separator(text) is None


@pytest.mark.parametrize("typed", ["1,000", "1 000", "1'000", "1_000"])
def test_quizzes_and_calculators_read_every_grouping_the_same(typed):
    numeric = {"answer": 1000, "tolerance": 0, "unit": "$m"}
    assert grade("numeric", numeric, typed).correct
    field = AmountField(
        label="EAD", what="EAD", lo=0, hi=10**15, example="1,000,000", range_message="Too big."
    )
    assert field.clean(typed) == Decimal("1000")


def test_a_number_too_large_for_a_float_is_not_graded_but_is_out_of_a_calculators_range():
    result = grade("numeric", {"answer": 1, "tolerance": 0}, "1e999")
    assert not result.valid and result.message == "Enter a number, e.g. 0.99, 99% or 1,742."
    field = AmountField(
        label="EAD", what="EAD", lo=0, hi=10**15, example="1,000,000", range_message="Too big."
    )
    with pytest.raises(Exception, match="Too big."):
        field.clean("1e999")
