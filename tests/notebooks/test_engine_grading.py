"""Grading exercise answers: what counts as right, and feedback that names the usual slips."""

from __future__ import annotations

import numpy as np
import pytest

from learn.notebooks.grading import grade, show_value


@pytest.mark.parametrize(
    ("expected", "raw", "unit", "tolerance", "message"),
    [
        (0.125, "12.5%", "percent", 0.0005, "Correct."),
        (0.125, "12.5", "percent", 0.0005, "Correct."),
        (0.125, "0.125", "percent", 0.0005, "Correct (0.125 read as the fraction 12.5%)."),
        (-0.2543, "-25.4%", "percent", 0.0005, "Correct."),
        (-0.2543, "(25.43%)", "percent", 0.0005, "Correct."),
        (-0.2543, "−25.43 %", "percent", 0.0005, "Correct."),
        (0.0125, "125 bp", "percent", 0.0001, "Correct."),
        (125.0, "125 bp", "bp", 0.5, "Correct."),
        (125.0, "1.25%", "bp", 0.5, "Correct."),
        (125.0, "125", "bp", 0.5, "Correct."),
        (1.5, "1.5x", "ratio", 0.01, "Correct."),
        (1.5, "150%", "ratio", 0.01, "Correct."),
        (0.125, "-0.125", "ratio", 0.001, "Check the sign"),
        (62_146e6, "62,146m", "currency", 1e6, "Correct."),
        (62_146e6, "$62.146bn", "currency", 1e6, "Correct."),
        (62_146e6, "62,146,000,000", "currency", 1e6, "Correct."),
        (1742.0, "1,742", "number", 0, "Correct."),
        (1742.0, "1742.0000000001", "number", 0, "Correct."),  # float noise is not an error
    ],
)
def test_right_answers_in_any_usual_form(expected, raw, unit, tolerance, message):
    feedback = grade(expected, raw, unit, tolerance)
    assert feedback.message.startswith(message), feedback
    assert feedback.correct is message.startswith("Correct")


@pytest.mark.parametrize(
    ("expected", "raw", "unit", "tolerance", "message"),
    [
        (
            -0.2543,
            "25.43%",
            "percent",
            0.0005,
            "Check the sign: the size is right, but the answer is negative.",
        ),
        (
            0.2543,
            "-0.2543",
            "ratio",
            0.0005,
            "Check the sign: the size is right, but the answer is positive.",
        ),
        (0.125, "0.125%", "percent", 0.0005, "That looks like a fraction with a % sign: 0.125 is 12.5%."),
        (0.125, "12.5", "ratio", 0.0005, "That looks like a percentage: this asks for a ratio"),
        (125.0, "1.25", "bp", 0.5, "That looks like a percentage: 1.25% is 125 bp."),
        (125.0, "0.0125", "bp", 0.5, "That looks like a fraction: 0.0125 is 125 bp."),
        (0.0125, "125", "percent", 0.0001, "That looks like basis points: 125 bp is 1.25%."),
        (62_146e6, "62146", "currency", 1e6, "That is a million times too small"),
        (62_146.0, "62,146,000,000", "currency", 1, "That is a million times too large"),
        (
            0.125,
            "13%",
            "percent",
            0.0005,
            "Not quite. You gave 13%. The notebook's value is 12.5% (± 0.05%).",
        ),
    ],
)
def test_wrong_answers_say_which_slip_it_looks_like(expected, raw, unit, tolerance, message):
    feedback = grade(expected, raw, unit, tolerance)
    assert not feedback.correct and feedback.attempted
    assert feedback.message.startswith(message), feedback.message
    assert "The notebook's value is" in feedback.message


@pytest.mark.parametrize(
    ("raw", "message", "attempted"),
    [
        ("", "Not attempted.", False),
        ("   ", "Not attempted.", False),
        (None, "Not attempted.", False),
        ("abc", "That is not a number. Enter a percentage, e.g. -25.4%", True),
        ("12,5", "A comma is in the wrong place: group thousands by three (1,742)", True),
        ("1 2 3 4", "A space is in the wrong place", True),
        ("12% or 13%", "That is not a number.", True),
        ("1e999", "That is not a number.", True),
        ("$5m", "This asks for a percentage, not millions.", True),
        ("x" * 10_000, "That is not a number.", True),
        (float("nan"), "Your answer is nan, not a number that can be checked.", True),
        ([0.1], "Your answer is list, not a number.", True),
    ],
)
def test_blank_and_garbage_are_not_graded_as_wrong(raw, message, attempted):
    feedback = grade(0.125, raw, "percent", 0.0005)
    assert feedback.message.startswith(message), feedback.message
    assert not feedback.correct and feedback.parsed is None and feedback.attempted is attempted


def test_a_number_passed_by_check_is_in_the_stored_unit():
    assert grade(-0.2543, -0.2543, "percent", 0.0005).correct
    assert grade(-0.2543, np.float64(-0.25431), "percent", 0.0005).correct
    assert grade(7.0, np.int64(7), "number", 0).correct
    assert not grade(-0.2543, -25.43, "percent", 0.0005).correct  # a number is not re-read as a percentage


def test_an_exercise_without_a_value_cannot_be_checked():
    feedback = grade(None, "12%", "percent", 0.0005)
    assert not feedback.correct and "cannot be checked for these parameters" in feedback.message
    assert feedback.parsed == pytest.approx(0.12)


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (-0.2543, "percent", "-25.43%"),
        (125, "bp", "125 bp"),
        (62146e6, "currency", "62,146,000,000"),
        (0, "ratio", "0"),
    ],
)
def test_values_are_shown_in_the_learners_unit(value, unit, shown):
    assert show_value(value, unit) == shown
