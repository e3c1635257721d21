"""Grading: forgiving about how an answer is typed, strict about what it means, and never recording a slip."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from learn.core.numbers import parse_number
from learn.quizzes.grading import Grade, format_number, grade

SINGLE = {"choices": ["Cash", "Commercial paper", "Inventory"], "answer": 1}
MULTIPLE = {"choices": ["Cash", "Goodwill", "Receivables", "Patents"], "answers": [0, 2]}
CLOZE = {
    "blanks": [
        {"n": 1, "accepted": ["point", "moment"], "hint": ""},
        {"n": 2, "accepted": ["asset turnover", "turnover"], "hint": "a ratio of sales"},
    ]
}


def numeric(
    answer: float, *, tolerance: float | None = None, tolerance_rel: float | None = None, unit: str = ""
) -> dict:
    if tolerance is None and tolerance_rel is None:
        tolerance = 0.0
    return {"answer": answer, "tolerance": tolerance, "tolerance_rel": tolerance_rel, "unit": unit}


def is_right(data: dict, response: str) -> bool:
    result = grade("numeric", data, response)
    assert result.valid, result.message
    return result.correct


# --- single, multiple, true/false ------------------------------------------------------------------


def test_it_grades_a_single_choice():
    assert grade("single", SINGLE, "1") == Grade(
        True, True, "Correct.", "B. Commercial paper", "B. Commercial paper"
    )
    assert grade("single", SINGLE, "0") == Grade(
        True, False, "The answer is B. Commercial paper.", "A. Cash", "B. Commercial paper"
    )
    assert grade("single", SINGLE, " 1 ").correct
    assert grade("single", SINGLE, ["1"]).correct  # a one-item list, as some form code posts it


@pytest.mark.parametrize("response", [None, "", "3", "-1", "abc", "1.0", "B", ["0", "1"], 1])
def test_it_does_not_grade_a_malformed_single_choice(response):
    assert grade("single", SINGLE, response) == Grade(
        False, False, "Choose one of the answers A–C.", "", "B. Commercial paper"
    )


def test_it_grades_a_multiple_select_as_the_exact_set():
    assert grade("multiple", MULTIPLE, ["2", "0"]) == Grade(
        True, True, "Correct.", "A. Cash; C. Receivables", "A. Cash; C. Receivables"
    )
    assert grade("multiple", MULTIPLE, ["0", "0", "2"]).correct  # a repeated value is one selection
    missed = grade("multiple", MULTIPLE, ["0"])
    assert (missed.valid, missed.correct, missed.message) == (
        True,
        False,
        "The answers are A and C: you missed C.",
    )
    extra = grade("multiple", MULTIPLE, ["0", "1", "2", "3"])
    assert extra.message == "The answers are A and C: B and D are not correct."
    assert extra.given == "A. Cash; B. Goodwill; C. Receivables; D. Patents"
    both = grade("multiple", MULTIPLE, ["1"])
    assert both.message == "The answers are A and C: you missed A and C; B is not correct."


@pytest.mark.parametrize(
    ("response", "message"),
    [
        (None, "Select every answer that applies (at least one)."),
        ([], "Select every answer that applies (at least one)."),
        ([""], "Select every answer that applies (at least one)."),
        (["0", "4"], "Choose among the answers A–D."),
        (["abc"], "Choose among the answers A–D."),
        (["0", None], "Select every answer that applies (at least one)."),
    ],
)
def test_it_does_not_grade_a_malformed_multiple_select(response, message):
    assert grade("multiple", MULTIPLE, response) == Grade(
        False, False, message, "", "A. Cash; C. Receivables"
    )


def test_it_grades_true_or_false():
    assert grade("truefalse", {"answer": True}, "true") == Grade(True, True, "Correct.", "True", "True")
    assert grade("truefalse", {"answer": True}, " FALSE ") == Grade(
        True, False, "The answer is True.", "False", "True"
    )
    for response in (None, "", "yes", "1", ["true", "false"]):
        assert grade("truefalse", {"answer": False}, response) == Grade(
            False, False, "Choose True or False.", "", "False"
        )


# --- numeric ---------------------------------------------------------------------------------------


def test_it_grades_a_numeric_answer_with_feedback():
    data = numeric(0.988, tolerance=0.01, unit="x")
    assert grade("numeric", data, "0.99") == Grade(True, True, "Correct.", "0.99", "0.988x (±0.01)")
    assert grade("numeric", data, "0.95") == Grade(
        True, False, "The answer is 0.988x (you gave 0.95).", "0.95", "0.988x (±0.01)"
    )


def test_absolute_tolerance_is_inclusive_and_exact_beyond():
    data = numeric(0.988, tolerance=0.01)
    assert is_right(data, "0.998") and is_right(
        data, "0.978"
    )  # 0.998 - 0.988 is 0.010000000000000009 in floats
    assert not is_right(data, "0.99801") and not is_right(data, "0.97799")
    exact = numeric(62146)
    assert is_right(exact, "62,146") and not is_right(exact, "62,146.001")


def test_relative_tolerance_is_a_fraction_of_the_answer():
    data = numeric(200, tolerance_rel=0.01)
    assert is_right(data, "202") and is_right(data, "198")
    assert not is_right(data, "202.01") and not is_right(data, "197.99")
    assert grade("numeric", data, None).expected == "200 (within 1%)"


def test_negative_answers_use_the_distance_and_the_size_of_the_answer():
    data = numeric(-1742, tolerance=1)
    assert is_right(data, "(1,743)") and is_right(data, "-1,741")
    assert not is_right(data, "-1744") and not is_right(data, "1742")
    relative = numeric(-200, tolerance_rel=0.01)
    assert is_right(relative, "-202") and not is_right(relative, "-202.1")
    assert grade("numeric", data, None).expected == "−1,742 (±1)"


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("1,742", 1742),
        ("-1742", -1742),
        ("−1,742", -1742),
        ("(1,742)", -1742),
        ("+3", 3),
        ("1.2e3", 1200),
        ("1 742", 1742),
        ("1'742", 1742),
        ("1,742,000.5", 1742000.5),
        (".5", 0.5),
        ("5.", 5),
        ("– 3", -3),
    ],
)
def test_it_accepts_every_forgiving_way_of_typing_a_number(text, answer):
    assert is_right(numeric(answer), text)


@pytest.mark.parametrize(
    ("text", "answer", "unit"),
    [
        ("99%", 0.99, "x"),
        ("99%", 0.99, ""),
        ("29.1x", 29.1, "x"),
        ("29.1 times", 29.1, ""),
        ("1.2%", 120, "bp"),
        ("120 bps", 120, "bp"),
        ("120bp", 1.2, "%"),
        ("25.3 %", 25.3, "%"),
        ("$62,146m", 62146, "$m"),
        ("62,146m", 62146, "$m"),
        ("62.146bn", 62146, "$m"),
        ("$62.146bn", 62146, "$m"),
        ("USD 62,146m", 62146, "$m"),
        ("62,146 million", 62146, "$m"),
        ("62,146m", 62.146, "$bn"),
        ("1.2m", 1_200_000, "$"),
        ("$(1,742)m", -1742, "$m"),
        ("US$1,742", 1742, "$m"),
    ],
)
def test_it_converts_an_explicit_unit_into_the_questions_unit(text, answer, unit):
    assert is_right(numeric(answer, unit=unit), text)


def test_a_bare_number_is_read_in_the_questions_unit():
    assert not is_right(numeric(120, tolerance=0.5, unit="bp"), "0.012")
    assert is_right(numeric(120, unit="bp"), "120")
    assert is_right(numeric(62146, unit="$m"), "62146")


def test_a_percentage_question_also_accepts_the_fraction():
    data = numeric(25.3, tolerance=0.05, unit="%")
    assert grade("numeric", data, "0.253") == Grade(
        True, True, "Correct (0.253 = 25.3%).", "0.253", "25.3% (±0.05)"
    )
    assert is_right(data, "25.3") and is_right(data, "25.3%")
    assert not is_right(data, "0.26") and not is_right(data, "0.253%")  # an explicit % is not a fraction


def test_a_converted_answer_says_what_it_was_read_as():
    assert grade("numeric", numeric(120, unit="bp"), "1.2%").message == "Correct (1.2% = 120 bp)."
    assert (
        grade("numeric", numeric(62146, unit="$m"), "62.146bn").message
        == "Correct (USD 62.146bn = USD 62,146m)."
    )
    assert grade("numeric", numeric(62146, unit="$m"), "$62,146m").message == "Correct."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (None, "Enter a number, e.g. 0.99, 99% or 1,742."),
        ("", "Enter a number, e.g. 0.99, 99% or 1,742."),
        ("abc", "Enter a number, e.g. 0.99, 99% or 1,742."),
        ("1..2", "Enter a number, e.g. 0.99, 99% or 1,742."),
        ("1 2", "Enter one number only. Enter a number, e.g. 0.99, 99% or 1,742."),
        ("1.5 and 2", "Enter one number only. Enter a number, e.g. 0.99, 99% or 1,742."),
        (
            "0,988",
            "Use a point for decimals and commas only between thousands (1,742.5). Enter a number, "
            "e.g. 0.99, "
            "99% or 1,742.",
        ),
        (
            "1,74",
            "Use a point for decimals and commas only between thousands (1,742.5). Enter a number, "
            "e.g. 0.99, "
            "99% or 1,742.",
        ),
        ("--5", "Enter a number, e.g. 0.99, 99% or 1,742."),
        ("-(5)", "Enter a number, e.g. 0.99, 99% or 1,742."),
        ("(5", "Enter a number, e.g. 0.99, 99% or 1,742."),
        ("5%%", "Enter a number, e.g. 0.99, 99% or 1,742."),
        ("1e999", "Enter a number, e.g. 0.99, 99% or 1,742."),
        ("1" * 80, "Enter a number, e.g. 0.99, 99% or 1,742."),
        (["1", "2"], "Enter a number, e.g. 0.99, 99% or 1,742."),
    ],
)
def test_it_does_not_grade_text_that_is_not_one_number(text, message):
    result = grade("numeric", numeric(0.99), text)
    assert (result.valid, result.correct, result.message) == (False, False, message)
    assert result.expected == "0.99"


def test_the_help_names_the_kind_of_number_asked_for():
    assert (
        grade("numeric", numeric(25.3, unit="%"), "abc").message
        == "Enter a percentage, e.g. 12.5 or 12.5% (or the fraction 0.125)."
    )
    assert (
        grade("numeric", numeric(120, unit="bp"), "").message
        == "Enter basis points, e.g. 120, 120 bp or 1.2%."
    )
    assert (
        grade("numeric", numeric(62146, unit="$m"), "lots").message
        == "Enter USD millions, e.g. 1,742, $1,742m or 1.742bn."
    )


def test_a_unit_of_the_wrong_kind_is_not_graded():
    result = grade("numeric", numeric(25.3, unit="%"), "62m")
    assert (result.valid, result.message) == (
        False,
        "This question asks for a percentage, not millions. Enter a percentage, e.g. 12.5 or 12.5% (or the "
        "fraction 0.125).",
    )
    assert not grade("numeric", numeric(62146, unit="$m"), "12%").valid
    assert not grade("numeric", numeric(1742), "1.742bn").valid


# --- cloze -----------------------------------------------------------------------------------------


def test_it_grades_cloze_ignoring_case_spaces_and_a_trailing_full_stop():
    assert grade("cloze", CLOZE, ["Point.", "  Asset   TURNOVER "]) == Grade(
        True, True, "Correct.", "Point. / Asset TURNOVER", "point / asset turnover"
    )
    assert grade("cloze", CLOZE, ["moment", "turnover."]).correct  # alternatives
    assert grade("cloze", CLOZE, ["POINT", "AssetTurnover"]).correct  # spaces do not count anywhere
    assert not grade("cloze", CLOZE, ["point", "asset turn"]).correct


def test_every_blank_must_be_right():
    result = grade("cloze", CLOZE, ["point", "turnover ratio"])
    assert result == Grade(
        True,
        False,
        "Not quite: blank (2) is 'asset turnover' (you gave 'turnover ratio').",
        "point / turnover ratio",
        "point / asset turnover",
    )
    partly_empty = grade("cloze", CLOZE, ["", "turnover"])
    assert (partly_empty.valid, partly_empty.correct, partly_empty.given) == (True, False, "— / turnover")
    assert partly_empty.message == "Not quite: blank (1) is 'point'."


@pytest.mark.parametrize(
    "response", [None, [], ["point"], ["point", "turnover", "x"], ["", " "], ["point", 3], "point"]
)
def test_it_does_not_grade_a_malformed_cloze_response(response):
    assert grade("cloze", CLOZE, response) == Grade(
        False, False, "Fill in all 2 blanks.", "", "point / asset turnover"
    )


def test_a_one_blank_cloze_takes_a_plain_string():
    data = {"blanks": [{"n": 1, "accepted": ["debtor's"], "hint": ""}]}
    assert grade("cloze", data, "Debtor’s").correct
    assert grade("cloze", data, None).message == "Fill in the blank."


# --- helpers and properties ------------------------------------------------------------------------


def test_the_expected_answer_is_there_without_a_response():
    assert grade("single", SINGLE, None).expected == "B. Commercial paper"
    assert grade("numeric", numeric(62146, tolerance=5, unit="$m"), None).expected == "USD 62,146m (±5)"
    assert grade("essay", {}, "x") == Grade(
        False, False, "This question has an unknown type 'essay': please report it.", "", ""
    )


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (62146, "", "62,146"),
        (25.3, "%", "25.3%"),
        (120, "bp", "120 bp"),
        (29.1, "x", "29.1x"),
        (62146, "$m", "USD 62,146m"),
        (62.1, "$bn", "USD 62.1bn"),
        (1200, "$", "USD 1,200"),
        (-1742, "", "−1,742"),
        (-1742, "$m", "USD −1,742m"),
        (0.1 + 0.2, "", "0.3"),
        (-0.0, "%", "0%"),
        (1e-7, "", "1e-07"),
        (1234567.891, "", "1,234,567.891"),
    ],
)
def test_it_formats_numbers_for_display(value, unit, text):
    assert format_number(value, unit) == text


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("99%", (99.0, "%")),
        ("120 bps", (120.0, "bp")),
        ("1.5 basis points", (1.5, "bp")),
        ("29.1×", (29.1, "x")),
        ("$62.146BN", (62.146, "bn")),
        ("(1,742)m", (-1742.0, "m")),
        ("-0", (0.0, None)),
        ("１,７４２", (1742.0, None)),
    ],
)
def test_it_parses_a_number_and_its_unit(text, parsed):
    number = parse_number(text)
    assert (number.value, number.unit) == parsed


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "abc",
        "1..2",
        "1 2",
        "1,74",
        "0,988",
        "12,34,567",
        "1,742 000",
        ".",
        "$",
        "%",
        "e3",
        "1e",
        "--1",
    ],
)
def test_it_refuses_what_is_not_exactly_one_number(text):
    assert parse_number(text) is None


@given(st.one_of(st.none(), st.text(), st.text(alphabet="0123456789.,()-+−$%xmbnpe ", max_size=20)))
def test_numeric_grading_never_raises(text):
    for unit in ("", "%", "bp", "x", "$m", "$bn", "$"):
        result = grade("numeric", numeric(1.5, tolerance=0.1, unit=unit), text)
        assert isinstance(result, Grade)
        assert result.valid or result.message


@given(st.one_of(st.none(), st.text(), st.lists(st.one_of(st.text(), st.none(), st.integers()), max_size=4)))
def test_no_grader_raises_on_malformed_responses(response):
    for qtype, data in (
        ("single", SINGLE),
        ("multiple", MULTIPLE),
        ("truefalse", {"answer": True}),
        ("cloze", CLOZE),
    ):
        assert isinstance(grade(qtype, data, response), Grade)


@given(
    st.floats(allow_nan=False, allow_infinity=False), st.sampled_from(["", "%", "bp", "x", "$m", "$bn", "$"])
)
def test_the_formatted_answer_grades_as_correct(answer, unit):
    data = numeric(answer, unit=unit)
    result = grade("numeric", data, format_number(answer, unit))
    assert result.valid and result.correct, (answer, unit, result)
