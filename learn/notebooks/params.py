"""Notebook parameters: their declarations and the values a learner submits, checked before any run.

Pure Python, no Django. A form (GET or POST) gives text; :func:`validate` turns it into typed values or a
message per field, so nothing reaches the runner that is not a value of the declared type and range.
The runner writes the values into the parameters cell with ``repr``, which is a single Python literal for
every type here (``'AAPL'``, ``21``, ``0.05``, ``True``, ``datetime.date(2007, 1, 1)``).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

TYPES = ("choice", "text", "date", "int", "float", "bool")
TICKER_RE = re.compile(r"^[A-Za-z0-9.^=\-]{1,15}$")  # a free-text ticker (spec: choice with free_text)
MAX_TEXT = 200  # longer input is refused before any regex sees it
INT_RE = re.compile(r"^[+-]?\d{1,15}$")
FLOAT_RE = re.compile(r"^[+-]?(?:\d{1,20}(?:\.\d{0,20})?|\.\d{1,20})(?:[eE][+-]?\d{1,3})?$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TRUE_WORDS = {"true", "on", "yes", "1"}
FALSE_WORDS = {"false", "off", "no", "0"}
CONSTRAINT_RE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(<=|<)\s*([A-Za-z_][A-Za-z0-9_]*)\s*$")


@dataclass(frozen=True)
class Param:
    """One declared parameter; ``default`` is already of the type (a ``datetime.date`` for dates)."""

    name: str
    type: str
    default: Any
    label: str = ""
    choices: tuple[str, ...] = ()
    free_text: bool = False
    pattern: str = ""
    min: Any = None
    max: Any = None
    line: int = 1

    @property
    def title(self) -> str:
        return self.label or self.name


@dataclass(frozen=True)
class Constraint:
    """``left < right`` or ``left <= right`` between two parameters."""

    left: str
    op: str
    right: str
    line: int = 1

    def holds(self, values: Mapping[str, Any]) -> bool:
        a, b = values[self.left], values[self.right]
        return a < b if self.op == "<" else a <= b

    def __str__(self) -> str:
        return f"{self.left} {self.op} {self.right}"


def parse_constraint(text: str, line: int = 1) -> Constraint | None:
    m = CONSTRAINT_RE.match(text) if isinstance(text, str) else None
    return Constraint(m[1], m[2], m[3], line) if m else None


@dataclass
class _Result:
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def validate(
    params: Mapping[str, Param], raw: Mapping[str, Any], constraints: tuple | list = ()
) -> tuple[dict[str, Any], dict[str, str]]:
    """(typed values, {name: message}) for the submitted text; a missing or blank field takes its default.

    ``raw`` may be a plain dict or a QueryDict's ``.dict()``; a list value counts as its last item. Keys
    that are not parameters (a CSRF token...) are ignored. Values are only returned when there is no
    error, so a caller never runs with a half-checked set.
    """
    result = _Result()
    for name, param in params.items():
        text = raw.get(name)
        if isinstance(text, list | tuple):
            text = text[-1] if text else None
        try:
            result.values[name] = parse_value(param, text)
        except ValueError as exc:
            result.errors[name] = str(exc)
    if not result.errors:
        for constraint in constraints:
            if not constraint.holds(result.values):
                result.errors[constraint.right] = constraint_message(params, constraint)
    return (result.values if not result.errors else {}), result.errors


def constraint_message(params: Mapping[str, Param], constraint: Constraint) -> str:
    left, right = params[constraint.left], params[constraint.right]
    dates = right.type == "date"
    if constraint.op == "<":
        relation = "after" if dates else "greater than"
    else:
        relation = "on or after" if dates else "at least"
    return f"'{right.title}' must be {relation} '{left.title}'."


def parse_value(param: Param, text: Any) -> Any:
    """The typed value of one field, its default when blank; ValueError with the message to show."""
    if text is None:
        return param.default
    if not isinstance(text, str):
        text = str(text)
    if len(text) > MAX_TEXT:
        raise ValueError(f"'{param.title}' is too long: at most {MAX_TEXT} characters.")
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise ValueError(f"'{param.title}' must be one line of text without control characters.")
    text = text.strip()
    if not text:
        return param.default
    return PARSERS[param.type](param, text)


def _choice(param: Param, text: str) -> str:
    for choice in param.choices:
        if text == choice or text.upper() == str(choice).upper():
            return choice
    if param.free_text:
        if TICKER_RE.fullmatch(text):
            return text.upper()
        raise ValueError(
            f"'{param.title}' must be a ticker of 1 to 15 letters, digits or . ^ = - (e.g. AAPL or ^GSPC)."
        )
    raise ValueError(f"Choose '{param.title}' from: {', '.join(map(str, param.choices))}.")


def _text(param: Param, text: str) -> str:
    if not re.fullmatch(param.pattern, text):
        raise ValueError(f"'{param.title}' is not in the expected form.")
    return text


def _date(param: Param, text: str) -> dt.date:
    try:
        if not DATE_RE.fullmatch(text):
            raise ValueError
        value = dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{param.title}' must be a date written YYYY-MM-DD, e.g. 2007-01-31.") from None
    return _in_range(param, value, value.isoformat())


def _int(param: Param, text: str) -> int:
    if not INT_RE.fullmatch(text):
        raise ValueError(f"'{param.title}' must be a whole number, e.g. 21.")
    return _in_range(param, int(text), text)


def _float(param: Param, text: str) -> float:
    if not FLOAT_RE.fullmatch(text):
        raise ValueError(f"'{param.title}' must be a number written with a point for decimals, e.g. 0.05.")
    value = float(text) + 0.0
    if not math.isfinite(value):
        raise ValueError(f"'{param.title}' is too large.")
    return _in_range(param, value, text)


def _bool(param: Param, text: str) -> bool:
    word = text.lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(f"'{param.title}' must be true or false.")


def _in_range(param: Param, value: Any, shown: str) -> Any:
    low, high = param.min, param.max
    if low is not None and value < low:
        raise ValueError(f"'{param.title}' must be at least {to_text(low)} (you gave {shown}).")
    if high is not None and value > high:
        raise ValueError(f"'{param.title}' must be at most {to_text(high)} (you gave {shown}).")
    return value


PARSERS = {"choice": _choice, "text": _text, "date": _date, "int": _int, "float": _float, "bool": _bool}


def to_text(value: Any) -> str:
    """The text a form shows for a typed value; :func:`parse_value` reads it back to the same value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def canonical_key(values: Mapping[str, Any]) -> str:
    """Stable JSON of typed values (sorted keys, dates as ISO text): equal values give equal keys."""
    return json.dumps(
        {k: values[k] for k in sorted(values)}, default=to_text, sort_keys=True, separators=(",", ":")
    )


def literal(value: Any) -> str:
    """The Python literal the runner and the download write for a value (``datetime.date(...)``: the
    parameters cell imports ``datetime``)."""
    return repr(value)
