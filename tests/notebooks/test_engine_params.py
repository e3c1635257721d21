"""Parameter values from a form: typed, in range, and hostile text refused with a message on its field."""

from __future__ import annotations

import datetime as dt

import pytest

from learn.notebooks.params import Param, canonical_key, literal, parse_constraint, to_text, validate

PARAMS = {
    "ticker": Param("ticker", "choice", "AAPL", "Ticker", choices=("AAPL", "MSFT", "^GSPC"), free_text=True),
    "index": Param("index", "choice", "SPX", "Index", choices=("SPX", "NDX")),
    "code": Param("code", "text", "AB", "Code", pattern=r"[A-Z]{2}"),
    "start": Param(
        "start", "date", dt.date(2007, 1, 1), "From", min=dt.date(1999, 1, 1), max=dt.date(2018, 12, 31)
    ),
    "end": Param(
        "end", "date", dt.date(2009, 12, 31), "To", min=dt.date(1999, 1, 1), max=dt.date(2018, 12, 31)
    ),
    "window": Param("window", "int", 21, "Window", min=5, max=252),
    "rate": Param("rate", "float", 0.05, "Rate", min=-1.0, max=1.0),
    "log": Param("log", "bool", False, "Log returns"),
}
CONSTRAINTS = [parse_constraint("start < end")]
DEFAULTS = {name: p.default for name, p in PARAMS.items()}


def test_missing_and_blank_fields_take_their_defaults():
    assert validate(PARAMS, {}, CONSTRAINTS) == (DEFAULTS, {})
    assert validate(PARAMS, {"window": "  ", "csrfmiddlewaretoken": "x"}, CONSTRAINTS) == (DEFAULTS, {})


@pytest.mark.parametrize(
    ("name", "raw", "value"),
    [
        ("ticker", "MSFT", "MSFT"),
        ("ticker", "msft", "MSFT"),
        ("ticker", "^gspc", "^GSPC"),
        ("ticker", " ibm ", "IBM"),  # free text, upper-cased
        ("ticker", "BRK-B", "BRK-B"),
        ("index", "ndx", "NDX"),
        ("code", "XY", "XY"),
        ("start", "2008-02-29", dt.date(2008, 2, 29)),
        ("window", "252", 252),
        ("window", "+5", 5),
        ("rate", "-0.25", -0.25),
        ("rate", "1e-3", 0.001),
        ("rate", ".5", 0.5),
        ("log", "on", True),
        ("log", "False", False),
        ("window", ["10", "30"], 30),  # a field posted twice: the last wins
    ],
)
def test_it_reads_good_values(name, raw, value):
    values, errors = validate(PARAMS, {name: raw}, CONSTRAINTS)
    assert errors == {} and values[name] == value and type(values[name]) is type(value)


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("ticker", "AAPL'; import os", "'Ticker' must be a ticker of 1 to 15 letters"),
        ("ticker", "__import__('os')", "'Ticker' must be a ticker"),
        ("ticker", "A" * 16, "'Ticker' must be a ticker"),
        ("ticker", "AAPL\nMSFT", "'Ticker' must be one line of text without control characters"),
        ("ticker", "AA\x00PL", "'Ticker' must be one line of text without control characters"),
        ("ticker", "x" * 10_000, "'Ticker' is too long: at most 200 characters"),
        ("index", "DAX", "Choose 'Index' from: SPX, NDX."),
        ("code", "ABC", "'Code' is not in the expected form."),
        ("code", 'A"', "'Code' is not in the expected form."),
        ("start", "2007-02-30", "'From' must be a date written YYYY-MM-DD"),
        ("start", "1/2/2007", "'From' must be a date written YYYY-MM-DD"),
        ("start", "1990-01-01", "'From' must be at least 1999-01-01 (you gave 1990-01-01)"),
        ("window", "21.0", "'Window' must be a whole number"),
        ("window", "4", "'Window' must be at least 5 (you gave 4)"),
        ("window", "9" * 40, "'Window' must be a whole number"),
        ("window", "__import__('os').system('ls')", "'Window' must be a whole number"),
        ("rate", "1e309", "'Rate' is too large"),
        ("rate", "nan", "'Rate' must be a number written with a point"),
        ("rate", "inf", "'Rate' must be a number"),
        ("rate", "0,5", "'Rate' must be a number"),
        ("rate", "2", "'Rate' must be at most 1.0 (you gave 2)"),
        ("log", "maybe", "'Log returns' must be true or false."),
    ],
)
def test_it_refuses_bad_and_hostile_values_with_a_message_on_the_field(name, raw, message):
    values, errors = validate(PARAMS, {name: raw}, CONSTRAINTS)
    assert values == {}
    assert list(errors) == [name] and errors[name].startswith(message), errors


def test_a_broken_constraint_is_an_error_on_its_second_field():
    values, errors = validate(PARAMS, {"start": "2009-01-01", "end": "2008-01-01"}, CONSTRAINTS)
    assert values == {} and errors == {"end": "'To' must be after 'From'."}
    loose = [parse_constraint("window <= rate")]
    assert validate(PARAMS, {"window": "5", "rate": "0.5"}, loose)[1] == {
        "rate": "'Rate' must be at least 'Window'."
    }


def test_constraints_only_take_the_form_a_less_than_b():
    assert str(parse_constraint(" start<=end ")) == "start <= end"
    assert parse_constraint("start < end or 1") is None
    assert parse_constraint("__import__('os') < end") is None


def test_the_cache_key_is_stable_json_of_the_values():
    key = canonical_key(DEFAULTS)
    assert key == canonical_key(dict(reversed(list(DEFAULTS.items()))))
    assert '"start":"2007-01-01"' in key and '"log":false' in key and '"rate":0.05' in key
    assert key != canonical_key(DEFAULTS | {"window": 22})


def test_values_round_trip_through_form_text_and_become_single_literals():
    for param in PARAMS.values():
        values, errors = validate(PARAMS, {param.name: to_text(param.default)})
        assert errors == {} and values[param.name] == param.default
    assert literal("a'b\"\n") == repr("a'b\"\n") and eval(literal("a'b\"\n")) == "a'b\"\n"  # noqa: S307
    assert literal(dt.date(2007, 1, 1)) == "datetime.date(2007, 1, 1)"
