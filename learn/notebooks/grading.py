"""Grade a learner's answer to a notebook exercise against the value the notebook computed.

Pure Python (standard library and :mod:`learn.core.numbers` only): the site grades typed answers with it,
and the download ships a verbatim copy (with the one import pointed at a copy of numbers.py) so that
``check()`` in the learner's own Jupyter gives the same verdict and the same feedback.

Units are those of the exercise as stored: ``percent`` is stored as a fraction (-0.2543 for -25.43%),
``bp`` in basis points, ``ratio`` as a fraction or multiple, ``currency`` in the notebook's units,
``number`` as is; ``tolerance`` is absolute in that same unit. Typed text is read by
:func:`learn.core.numbers.parse_number` ("12.5%", "-0.125", "125 bp", "$62,146m"); a bare number for a
percent exercise may be the percentage (12.5) or the fraction (0.125): both are right. A number (not
text), as ``check("key", value)`` passes it, is taken in the stored unit. Wrong answers that are right
but for a classic slip (the sign, a fraction for a percentage, percent for basis points, millions for
units) say so.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any

from learn.core.numbers import TYPED_NAMES, misplaced_separator, parse_number

UNIT_NAMES = {
    "percent": "a percentage",
    "bp": "basis points",
    "ratio": "a ratio",
    "currency": "an amount of money",
    "number": "a number",
}
EXAMPLES = {
    "percent": "Enter a percentage, e.g. -25.4% (or the fraction -0.254).",
    "bp": "Enter basis points, e.g. 125, 125 bp or 1.25%.",
    "ratio": "Enter a ratio, e.g. 1.5, 1.5x or 150%.",
    "currency": "Enter an amount, e.g. 1,742,000, 1.742m or 1.742bn.",
    "number": "Enter a number, e.g. 0.99 or 1,742.",
}
# Stored unit -> {typed unit -> factor into the stored unit}; a typed unit missing here is refused.
FACTORS = {
    "percent": {None: 0.01, "%": 0.01, "bp": 1e-4, "x": 1.0},
    "bp": {None: 1.0, "bp": 1.0, "%": 100.0, "x": 1e4},
    "ratio": {None: 1.0, "x": 1.0, "%": 0.01, "bp": 1e-4},
    "currency": {None: 1.0, "m": 1e6, "bn": 1e9},
    "number": {None: 1.0, "x": 1.0, "%": 0.01, "bp": 1e-4, "m": 1e6, "bn": 1e9},
}


@dataclass(frozen=True)
class Feedback:
    correct: bool
    message: str
    parsed: float | None  # the answer in the exercise's stored unit; None if it was not read
    attempted: bool = True  # False for a blank answer: "not attempted", nothing to record


def show_value(value: float, unit: str) -> str:
    """A stored value as a learner reads it: -0.2543 percent -> "-25.43%", 125 bp -> "125 bp"."""
    if unit == "percent":
        return _digits(value * 100) + "%"
    if unit == "bp":
        return _digits(value) + " bp"
    return _digits(value)


def _digits(value: float) -> str:
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else str(value)
    if abs(value) >= 1000:
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    text = f"{value:.4g}"
    return text if "e" in text or abs(value) >= 1e-3 else f"{value:.3e}"


def grade(expected: float | None, raw: Any, unit: str, tolerance: float) -> Feedback:
    """Grade ``raw`` (typed text, or a number in the stored unit) against ``expected``. Never raises."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return Feedback(False, "Not attempted.", None, attempted=False)
    unit = unit if unit in FACTORS else "number"
    readings = _readings(raw, unit)
    if isinstance(readings, str):
        return Feedback(False, readings, None)
    value, alternatives = readings
    if expected is None or not math.isfinite(expected):
        return Feedback(
            False,
            "This exercise cannot be checked for these parameters: the notebook computed no number for it.",
            value,
        )

    def close(x: float) -> bool:
        return abs(x - expected) <= tolerance + 1e-9 * max(1.0, abs(expected))

    if close(value):
        return Feedback(True, "Correct.", value)
    for alternative, note in alternatives:
        if close(alternative):
            return Feedback(True, f"Correct ({note}).", alternative)
    answer = f"The notebook's value is {show_value(expected, unit)}"
    answer += f" (± {show_value(tolerance, unit)})." if tolerance else "."
    slip = _slip(value, expected, unit, close)
    gave = f"You gave {show_value(value, unit)}. "
    return Feedback(False, f"{slip + ' ' if slip else 'Not quite. '}{gave}{answer}", value)


def _readings(raw: Any, unit: str) -> tuple[float, list[tuple[float, str]]] | str:
    """(the answer in the stored unit, other readings that also count as right), or a message."""
    if isinstance(raw, numbers.Real) and not isinstance(raw, bool):
        value = float(raw)
        if not math.isfinite(value):
            return f"Your answer is {value}, not a number that can be checked. " + EXAMPLES[unit]
        return value, []
    if not isinstance(raw, str):
        return f"Your answer is {type(raw).__name__}, not a number. " + EXAMPLES[unit]
    parsed = parse_number(raw)
    if parsed is None or not math.isfinite(parsed.value):
        separator = misplaced_separator(raw) if len(raw) < 200 else None
        if separator:
            return (
                f"A {separator} is in the wrong place: group thousands by three (1,742) and use a point "
                "for decimals (1742.5). " + EXAMPLES[unit]
            )
        return f"That is not a number. {EXAMPLES[unit]}"
    factors = FACTORS[unit]
    if parsed.unit not in factors:
        return f"This asks for {UNIT_NAMES[unit]}, not {TYPED_NAMES[parsed.unit]}. " + EXAMPLES[unit]
    value = parsed.value * factors[parsed.unit]
    if unit == "percent" and parsed.unit is None:  # 12.5 is 12.5%, but 0.125 may be the fraction
        return value, [
            (parsed.value, f"{_digits(parsed.value)} read as the fraction {show_value(parsed.value, unit)}")
        ]
    return value, []


def _slip(value: float, expected: float, unit: str, close: Any) -> str:
    """Why a wrong answer is wrong, when it is one of the usual slips; else ""."""
    if expected != 0 and close(-value):
        return "Check the sign: the size is right, but the answer is " + (
            "negative." if expected < 0 else "positive."
        )
    checks = {
        "percent": [(100, "That looks like a fraction with a % sign: 0.125 is 12.5%.")],
        "ratio": [
            (0.01, "That looks like a percentage: this asks for a ratio, e.g. 0.125 rather than 12.5.")
        ],
        "bp": [
            (100, "That looks like a percentage: 1.25% is 125 bp."),
            (1e4, "That looks like a fraction: 0.0125 is 125 bp."),
        ],
    }.get(unit, [])
    if unit == "percent":
        checks.append((0.01, "That looks like basis points: 125 bp is 1.25%."))
    if unit in ("currency", "number"):
        checks += [
            (1e6, "That is a million times too small: are you mixing millions and units?"),
            (1e-6, "That is a million times too large: are you mixing millions and units?"),
        ]
    for factor, message in checks:
        if close(value * factor) or (expected != 0 and close(-value * factor)):
            return message
    return ""
