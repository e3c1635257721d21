"""Grade a learner's answer to one question: forgiving about how it is typed, strict about what it means.

Pure Python, no Django import: the lesson check, the review session and the exports all call
:func:`grade` with a question's ``type`` and ``data`` (as built by :mod:`learn.quizzes.quizfile`) and the
response as the form posts it. A malformed response (empty, ``abc``, an index out of range) is *not*
graded: ``Grade.valid`` is False and ``message`` says what to type, so a slip of the finger never lands in
a learner's review history as a wrong answer. ``grade(type, data, None).expected`` is the display form of
the correct answer, which is how the exports get it.

How typed numbers are read (instructors should know this when they set tolerances):

* a bare number is read in the question's unit (``0.012`` for a bp question means 0.012 bp);
* an explicit unit is converted: ``%``, ``bp`` and ``x`` among themselves and into a question without a
  unit (``99%`` = 0.99 = 0.99x = 9,900 bp), ``m`` and ``bn`` among the USD units (``$`` is dollars, so
  ``1.2m`` = 1,200,000); a unit of the other family (``62m`` for a % question) is not graded: the
  learner is told which kind of number is asked for;
* for a ``%`` question a bare number whose value x 100 matches is also right (the learner typed 0.253);
* the number itself is read by :func:`learn.core.numbers.parse_number`, as the calculators read theirs:
  thousands separators (``,``, space, ``'`` or ``_``) only between groups of exactly three digits, so
  ``0,988`` or ``1,74`` is refused with a hint rather than read as 988 or 174 (``1,988`` is 1988: a
  European decimal comma cannot be told apart), and ``100 200`` reads as 100,200; negatives as ``-1742``,
  ``−1,742`` or ``(1,742)``; currency marks ``$``, ``US$`` and ``USD`` carry no scale (``$62,146m`` is
  read as ``62,146m``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from learn.core.numbers import TYPED_NAMES, parse_number


@dataclass(frozen=True)
class Grade:
    valid: bool  # False: malformed response; nothing should be recorded; `message` says what to type
    correct: bool
    message: str  # for invalid: what to do; for valid: short feedback
    given: str  # the learner's answer, normalised for display
    expected: str  # the correct answer, for display


# Powers of ten of each unit, so conversions divide by exact powers instead of multiplying by 0.01.
RATIO_UNITS = {"": 0, "%": -2, "bp": -4, "x": 0}  # question units without a currency
MONEY_UNITS = {"$": 0, "$m": 6, "$bn": 9}
TYPED_UNITS = {"%": -2, "bp": -4, "x": 0, "m": 6, "bn": 9}  # the units parse_number reads

UNIT_NAMES = {
    "": "a plain number",
    "%": "a percentage",
    "bp": "basis points",
    "x": "a multiple",
    "$m": "USD millions",
    "$bn": "USD billions",
    "$": "an amount in USD",
}
EXAMPLES = {
    "": "Enter a number, e.g. 0.99, 99% or 1,742.",
    "%": "Enter a percentage, e.g. 12.5 or 12.5% (or the fraction 0.125).",
    "bp": "Enter basis points, e.g. 120, 120 bp or 1.2%.",
    "x": "Enter a multiple, e.g. 1.5, 1.5x or 150%.",
    "$m": "Enter USD millions, e.g. 1,742, $1,742m or 1.742bn.",
    "$bn": "Enter USD billions, e.g. 1.5, $1.5bn or 1,500m.",
    "$": "Enter an amount in USD, e.g. 1,742, $1,742 or 1.7m.",
}


def format_number(value: float, unit: str) -> str:
    """Display form in a question's unit: "62,146", "25.3%", "120 bp", "29.1x", "USD 62,146m".

    Ten significant digits hide float noise (0.30000000000000004 shows as 0.3); whatever this returns,
    :func:`parse_number` reads back to within the grading noise allowance.
    """
    magnitude = abs(value)
    if magnitude == 0 or not math.isfinite(value):
        text = "0" if magnitude == 0 else str(magnitude)
    elif 1e-6 <= magnitude < 1e15:
        text = f"{Decimal(f'{magnitude:.10g}'):,f}"
        text = text.rstrip("0").rstrip(".") if "." in text else text
    else:
        text = repr(magnitude)  # exact, so even the largest float survives the round trip
    sign = "\u2212" if value < 0 and text != "0" else ""
    return {
        "%": f"{sign}{text}%",
        "bp": f"{sign}{text} bp",
        "x": f"{sign}{text}x",
        "$m": f"USD {sign}{text}m",
        "$bn": f"USD {sign}{text}bn",
        "$": f"USD {sign}{text}",
    }.get(unit, f"{sign}{text}")


def grade(qtype: str, data: dict, response: str | list[str] | None) -> Grade:
    """Grade one response. ``response=None`` gives an invalid Grade whose ``expected`` is still filled."""
    grader = GRADERS.get(qtype)
    if grader is None:
        return Grade(False, False, f"This question has an unknown type '{qtype}': please report it.", "", "")
    return grader(data, response)


def _grade_single(data: dict, response: Any) -> Grade:
    choices, answer = data["choices"], data["answer"]
    expected = _label(answer, choices)
    index = _index(_one(response), len(choices))
    if index is None:
        return Grade(False, False, f"Choose one of the answers {_span(len(choices))}.", "", expected)
    if index == answer:
        return Grade(True, True, "Correct.", expected, expected)
    return Grade(True, False, f"The answer is {expected}.", _label(index, choices), expected)


def _grade_multiple(data: dict, response: Any) -> Grade:
    choices, answers = data["choices"], set(data["answers"])
    expected = "; ".join(_label(i, choices) for i in sorted(answers))
    items = [response] if isinstance(response, str) else response
    if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
        items = []
    items = [i for i in items if i.strip()]
    if not items:
        return Grade(False, False, "Select every answer that applies (at least one).", "", expected)
    chosen = {_index(i, len(choices)) for i in items}
    if None in chosen:
        return Grade(False, False, f"Choose among the answers {_span(len(choices))}.", "", expected)
    given = "; ".join(_label(i, choices) for i in sorted(chosen))
    if chosen == answers:
        return Grade(True, True, "Correct.", given, expected)
    missed, extra = sorted(answers - chosen), sorted(chosen - answers)
    parts = [f"you missed {_letters(missed)}"] if missed else []
    parts += [f"{_letters(extra)} {'is' if len(extra) == 1 else 'are'} not correct"] if extra else []
    return Grade(
        True, False, f"The answers are {_letters(sorted(answers))}: {'; '.join(parts)}.", given, expected
    )


def _grade_truefalse(data: dict, response: Any) -> Grade:
    expected = "True" if data["answer"] else "False"
    text = _one(response)
    choice = text.strip().lower() if isinstance(text, str) else ""
    if choice not in ("true", "false"):
        return Grade(False, False, "Choose True or False.", "", expected)
    given = "True" if choice == "true" else "False"
    if given == expected:
        return Grade(True, True, "Correct.", given, expected)
    return Grade(True, False, f"The answer is {expected}.", given, expected)


def _grade_numeric(data: dict, response: Any) -> Grade:
    answer, unit = float(data["answer"]), data.get("unit") or ""
    tolerance, tolerance_rel = data.get("tolerance"), data.get("tolerance_rel")
    shown = format_number(answer, unit)
    if tolerance:
        expected = f"{shown} (±{format_number(tolerance, '')})"
    elif tolerance_rel:
        expected = f"{shown} (within {format_number(tolerance_rel * 100, '%')})"
    else:
        expected = shown
    text = _one(response)
    parsed = parse_number(text)
    if parsed is None or not math.isfinite(parsed.value):
        return Grade(False, False, _number_help(text if isinstance(text, str) else "", unit), "", expected)
    value, typed = parsed.value, parsed.unit
    shown_unit = {"m": "$m", "bn": "$bn"}.get(typed, typed or "")
    given = format_number(value, shown_unit)
    converted = _convert(value, typed, unit)
    if converted is None:
        message = f"This question asks for {UNIT_NAMES.get(unit, 'a number')}, not {TYPED_NAMES[typed]}. "
        return Grade(False, False, message + EXAMPLES.get(unit, EXAMPLES[""]), given, expected)

    def close(x: float) -> bool:
        limit = tolerance if tolerance is not None else (tolerance_rel or 0.0) * abs(answer)
        return abs(x - answer) <= limit + 1e-9 * max(1.0, abs(answer))

    if close(converted):
        note = f" ({given} = {format_number(converted, unit)})" if typed and shown_unit != unit else ""
        return Grade(True, True, f"Correct{note}.", given, expected)
    if unit == "%" and typed is None and close(value * 100):  # the learner typed the fraction
        return Grade(True, True, f"Correct ({given} = {format_number(value * 100, '%')}).", given, expected)
    return Grade(True, False, f"The answer is {shown} (you gave {given}).", given, expected)


def _grade_cloze(data: dict, response: Any) -> Grade:
    blanks = data["blanks"]
    expected = " / ".join(b["accepted"][0] for b in blanks)
    items = [response] if isinstance(response, str) else response
    if (
        not isinstance(items, list | tuple)
        or not all(isinstance(i, str) for i in items)
        or not any(i.strip() for i in items)
    ):
        return Grade(False, False, _fill_in(len(blanks)), "", expected)
    if len(items) != len(blanks):
        return Grade(False, False, _fill_in(len(blanks)), "", expected)
    given = " / ".join(" ".join(i.split()) or "—" for i in items)
    wrong = [
        f"blank ({b['n']}) is '{b['accepted'][0]}'"
        + (f" (you gave '{' '.join(i.split())}')" if i.strip() else "")
        for b, i in zip(blanks, items, strict=True)
        if cloze_key(i) not in {cloze_key(a) for a in b["accepted"]}
    ]
    if not wrong:
        return Grade(True, True, "Correct.", given, expected)
    return Grade(True, False, f"Not quite: {'; '.join(wrong)}.", given, expected)


def cloze_key(text: str) -> str:
    """What a cloze answer is compared on: case, spaces (anywhere), a trailing full stop and curly
    quotes do not count (a learner typing "Point.", "debtor’s" or "AssetTurnover" is right)."""
    text = unicodedata.normalize("NFKC", text).translate(str.maketrans("‘’“”", "''\"\""))
    text = "".join(text.split()).casefold()
    return text.removesuffix(".")


GRADERS = {
    "single": _grade_single,
    "multiple": _grade_multiple,
    "numeric": _grade_numeric,
    "truefalse": _grade_truefalse,
    "cloze": _grade_cloze,
}


def _one(response: Any) -> Any:
    """One string from a response; a one-item list (a form field posted as a list) counts as its item."""
    if isinstance(response, list | tuple) and len(response) == 1:
        return response[0]
    return response


def _index(text: Any, count: int) -> int | None:
    if not isinstance(text, str) or not re.fullmatch(r"\s*\d{1,3}\s*", text):
        return None
    index = int(text)
    return index if index < count else None


def _label(index: int, choices: list[str]) -> str:
    return f"{chr(65 + index)}. {choices[index]}"


def _letters(indices: list[int]) -> str:
    letters = [chr(65 + i) for i in indices]
    return letters[0] if len(letters) == 1 else ", ".join(letters[:-1]) + " and " + letters[-1]


def _span(count: int) -> str:
    return f"A–{chr(64 + count)}"


def _fill_in(count: int) -> str:
    return "Fill in the blank." if count == 1 else f"Fill in all {count} blanks."


def _convert(value: float, typed: str | None, unit: str) -> float | None:
    """The typed value in the question's unit; None if the typed unit is of the other family."""
    if typed is None:
        return value
    family = MONEY_UNITS if unit in MONEY_UNITS else RATIO_UNITS
    if (typed in ("m", "bn")) != (family is MONEY_UNITS):
        return None
    shift = TYPED_UNITS[typed] - family.get(unit, 0)
    return value * 10**shift if shift >= 0 else value / 10**-shift


def _number_help(text: str, unit: str) -> str:
    """Why the text is not a number, when we can tell, then how to type one for this question."""
    example = EXAMPLES.get(unit, EXAMPLES[""])
    s = unicodedata.normalize("NFKC", text).strip()
    if re.search(r"\d,(?:\d{1,2}|\d{4,})(?!\d)|(?<![\d,])0,\d", s):
        return "Use a point for decimals and commas only between thousands (1,742.5). " + example
    if sum(any(c.isdigit() for c in token) for token in s.split()) > 1:
        return "Enter one number only. " + example
    return example
