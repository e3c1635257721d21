"""The ``finfluency:`` header of a notebook file: its keys, parameter declarations, constraints, grid,
data declarations and exercises, each value checked and its problems reported with the file line.

Pure Python, no Django. Used by :mod:`learn.notebooks.notebookfile`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from learn.core.source import Located, ProblemList, check_mapping, describe, parse_yaml

from .params import TICKER_RE, TYPES, Constraint, Param, parse_constraint, parse_value, to_text

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
OUTCOME_ID_RE = re.compile(r"^[A-Z][A-Z0-9]{0,3}[0-9]+\.[0-9]+$")
NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")  # parameter, dataset and answer names
IDENTIFIER_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
UNITS = ("ratio", "percent", "bp", "currency", "number")
REQUIRED = {"title": str, "lesson": str}
OPTIONAL = {
    "outcomes": list,
    "parameters": dict,
    "constraints": list,
    "grid": list,
    "data": dict,
    "exercises": list,
}
TYPE_KEYS = {  # keys a parameter of each type may have besides type, default and label
    "choice": {"choices", "free_text"},
    "text": {"pattern"},
    "date": {"min", "max"},
    "int": {"min", "max"},
    "float": {"min", "max"},
    "bool": set(),
}
# Dataset kinds (learn.market.api functions) and their arguments: "ticker" or "date".
DATA_KINDS = {
    "prices": {"ticker": "ticker", "start": "date", "end": "date"},
    "yields": {"start": "date", "end": "date"},
    "cpi": {"start": "date", "end": "date"},
    "balance_sheets": {"ticker": "ticker"},
    "german_credit": {},  # the UCI German Credit data: no arguments
}
EXERCISE_REQUIRED = {"key": str, "prompt": str, "answer": str, "unit": str}
EXERCISE_OPTIONAL = {"tolerance": object, "hint": str}


@dataclass(frozen=True)
class ParamRef:
    """A data argument that takes the value of a parameter."""

    name: str


@dataclass(frozen=True)
class DataSpec:
    name: str
    kind: str  # a key of DATA_KINDS
    args: dict[str, Any]  # argument -> literal (upper-case ticker, date) or ParamRef
    line: int = 1

    def arguments(self, values: dict[str, Any]) -> dict[str, Any]:
        """The arguments for these parameter values, e.g. {"ticker": "AAPL", "start": date(...)...}."""
        return {k: values[v.name] if isinstance(v, ParamRef) else v for k, v in self.args.items()}


@dataclass(frozen=True)
class Exercise:
    key: str
    prompt: str
    answer: str  # the variable the notebook computes
    unit: str  # ratio | percent | bp | currency | number
    tolerance: float
    hint: str = ""
    line: int = 1  # the line of 'answer'


@dataclass
class Header:
    title: str
    lesson: str
    outcomes: list[str]
    parameters: dict[str, Param]
    constraints: list[Constraint]
    grid: list[dict]
    data: dict[str, DataSpec]
    exercises: list[Exercise]
    lines: dict[str, int] = field(default_factory=dict)
    data_names: set[str] = field(default_factory=set)  # declared, even if a declaration is broken


def read_header(text: str, problems: ProblemList) -> Header | None:
    doc = parse_yaml(text, first_line=2, problems=problems, what="the header")
    if doc is None:
        return None
    if not isinstance(doc.value, dict) or "finfluency" not in doc.value:
        problems.add(doc.line, "the header needs a 'finfluency:' mapping (title, lesson, parameters...)")
        return None
    for key in doc.value:
        if key not in ("finfluency", "jupyter"):
            problems.add(doc.key_line(str(key)), f"unknown header key '{key}' (only 'finfluency' is read)")
    fin = doc.get("finfluency")
    data = check_mapping(fin, required=REQUIRED, optional=OPTIONAL, problems=problems, what="'finfluency'")
    if not all(k in data for k in REQUIRED):
        return None
    lines = {key: fin.key_line(key) for key in (*REQUIRED, *OPTIONAL)}
    if "lesson" in data and not SLUG_RE.match(data["lesson"]):
        problems.add(lines["lesson"], f"lesson '{data['lesson']}' must be a lesson slug, e.g. 'market-risk'")
    outcomes = []
    for item in fin.get("outcomes").items() if "outcomes" in data else []:
        if not isinstance(item.value, str) or not OUTCOME_ID_RE.match(item.value):
            problems.add(item.line, f"outcome {describe(item.value)} must be an outcome id such as 'A3.2'")
        else:
            outcomes.append(item.value)
    params = _parameters(fin.get("parameters"), problems) if "parameters" in data else {}
    constraints = _constraints(fin.get("constraints"), params, problems) if "constraints" in data else []
    return Header(
        title=data["title"],
        lesson=data["lesson"],
        outcomes=outcomes,
        parameters=params,
        constraints=constraints,
        grid=_grid(fin.get("grid"), params, constraints, problems) if "grid" in data else [],
        data=_data(fin.get("data"), params, problems) if "data" in data else {},
        exercises=_exercises(fin.get("exercises"), problems) if "exercises" in data else [],
        lines=lines,
        data_names={str(k) for k in data.get("data", {})},
    )


def _parameters(located: Located, problems: ProblemList) -> dict[str, Param]:
    params = {}
    for name in located.value:
        line = located.key_line(str(name))
        if not isinstance(name, str) or not NAME_RE.match(name):
            problems.add(line, f"parameter name {name!r} must be a lower-case Python name, e.g. 'window'")
            continue
        param = _parameter(name, located.get(name), problems)
        if param is not None:
            params[name] = param
    return params


def _parameter(name: str, item: Located, problems: ProblemList) -> Param | None:
    what = f"parameter '{name}'"
    value = item.value
    if not isinstance(value, dict):
        problems.add(item.line, f"{what} must be a mapping, e.g. {{type: int, default: 21, min: 5}}")
        return None
    kind = value.get("type")
    if kind not in TYPES:
        where = item.key_line("type") if "type" in value else item.line
        problems.add(where, f"{what} has unknown type {describe(kind)}: use one of {', '.join(TYPES)}")
        return None
    allowed = {"type", "default", "label"} | TYPE_KEYS[kind]
    ok = True
    for key in value:
        if key not in allowed:
            problems.add(item.key_line(str(key)), f"unknown key '{key}' for {what} of type {kind}")
            ok = False
    need = (
        {"default"}
        | ({"choices"} if kind == "choice" else set())
        | ({"pattern"} if kind == "text" else set())
    )
    for key in sorted(need - set(value)):
        problems.add(item.line, f"{what} needs '{key}'")
        ok = False
    if not ok:
        return None
    try:
        return _typed_param(name, kind, value, item)
    except ValueError as exc:
        problems.add(_line_of(item, str(exc)), f"{what}: {exc}")
        return None


def _line_of(item: Located, message: str) -> int:
    key = message.split("'")[1] if message.count("'") >= 2 else ""
    return item.key_line(key) if key in (item.value or {}) else item.line


def _typed_param(name: str, kind: str, value: dict, item: Located) -> Param:
    label = value.get("label", "")
    if not isinstance(label, str):
        raise ValueError("'label' must be text")
    low, high = value.get("min"), value.get("max")
    for key, bound in (("min", low), ("max", high)):
        if bound is not None and not _is_kind(bound, kind):
            raise ValueError(f"'{key}' must be {_KIND_NAMES[kind]}, not {describe(bound)}")
    if low is not None and high is not None and low > high:
        raise ValueError("'min' is greater than 'max'")
    choices: tuple[str, ...] = ()
    if kind == "choice":
        raw = value["choices"]
        if not isinstance(raw, list) or not raw or any(isinstance(c, dict | list) for c in raw):
            raise ValueError("'choices' must be a list of values, e.g. [AAPL, MSFT]")
        choices = tuple(str(c) for c in raw)
        if value.get("free_text", False) not in (True, False):
            raise ValueError("'free_text' must be true or false")
    pattern = value.get("pattern", "")
    if kind == "text":
        try:
            re.compile(pattern)
        except (re.error, TypeError) as exc:
            raise ValueError(f"'pattern' is not a regular expression ({exc})") from None
    param = Param(
        name=name,
        type=kind,
        default=None,
        label=label,
        choices=choices,
        free_text=bool(value.get("free_text", False)),
        pattern=str(pattern),
        min=float(low) if kind == "float" and low is not None else low,
        max=float(high) if kind == "float" and high is not None else high,
        line=item.line,
    )
    default = value["default"]
    if kind != "choice" and not _is_kind(default, kind):
        raise ValueError(f"'default' must be {_KIND_NAMES[kind]}, not {describe(default)}")
    if kind == "choice" and str(default) not in choices and not param.free_text:
        raise ValueError(f"'default' {default!r} is not one of the choices {list(choices)}")
    try:
        typed = parse_value(param, to_text(default))
    except ValueError as exc:
        raise ValueError(f"'default' {to_text(default)!r} is not allowed: {exc}") from None
    return Param(**{**param.__dict__, "default": typed})


_KIND_NAMES = {
    "date": "a date (YYYY-MM-DD)",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "text": "text",
    "choice": "a value",
}


def _is_kind(value: Any, kind: str) -> bool:
    if kind == "date":
        return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "float":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "bool":
        return isinstance(value, bool)
    return isinstance(value, str)


def _constraints(located: Located, params: dict[str, Param], problems: ProblemList) -> list[Constraint]:
    found = []
    for item in located.items():
        constraint = parse_constraint(item.value, item.line)
        if constraint is None:
            problems.add(item.line, f"constraint {describe(item.value)} must read 'a < b' or 'a <= b'")
            continue
        unknown = [n for n in (constraint.left, constraint.right) if n not in params]
        if unknown:
            problems.add(item.line, f"constraint '{constraint}' names unknown parameter '{unknown[0]}'")
            continue
        kinds = {params[constraint.left].type, params[constraint.right].type}
        if not kinds <= {"int", "float"} and (len(kinds) > 1 or kinds - {"date"}):
            problems.add(item.line, f"constraint '{constraint}' compares parameters that have no order")
            continue
        if not constraint.holds({n: p.default for n, p in params.items()}):
            problems.add(item.line, f"the defaults break the constraint '{constraint}'")
        found.append(constraint)
    return found


def _grid(located: Located, params: dict, constraints: list, problems: ProblemList) -> list[dict]:
    grid = []
    defaults = {n: p.default for n, p in params.items()}
    for item in located.items():
        if not isinstance(item.value, dict) or not item.value:
            problems.add(item.line, "each grid entry must map parameters to values, e.g. {ticker: AAPL}")
            continue
        values, ok = dict(defaults), True
        for name, value in item.value.items():
            if name not in params:
                problems.add(item.key_line(str(name)), f"grid entry names unknown parameter '{name}'")
                ok = False
                continue
            try:
                values[name] = parse_value(params[name], to_text(value))
            except ValueError as exc:
                problems.add(item.key_line(name), f"grid value for '{name}': {exc}")
                ok = False
        broken = [c for c in constraints if ok and not c.holds(values)]
        if broken:
            problems.add(item.line, f"grid entry breaks the constraint '{broken[0]}'")
        elif ok and values not in grid and values != defaults:
            grid.append(values)
    return grid


def _data(located: Located, params: dict[str, Param], problems: ProblemList) -> dict[str, DataSpec]:
    found = {}
    for name in located.value:
        item = located.get(name)
        line = located.key_line(str(name))
        if not isinstance(name, str) or not NAME_RE.match(name):
            problems.add(line, f"dataset name {name!r} must be a lower-case name, e.g. 'prices'")
            continue
        value = item.value
        if not isinstance(value, dict) or value.get("kind") not in DATA_KINDS:
            kinds = ", ".join(DATA_KINDS)
            problems.add(item.line, f"dataset '{name}' needs 'kind', one of {kinds}")
            continue
        kind = value["kind"]
        expected = DATA_KINDS[kind]
        args, ok = {}, True
        for arg in sorted(set(expected) - set(value)):
            problems.add(item.line, f"dataset '{name}' ({kind}) needs '{arg}'")
            ok = False
        for arg, raw in value.items():
            if arg == "kind":
                continue
            where = item.key_line(str(arg))
            if arg not in expected:
                takes = ", ".join(expected) or "it takes none"
                problems.add(where, f"unknown argument '{arg}' for a {kind} dataset ({takes})")
                ok = False
                continue
            try:
                args[arg] = _data_arg(raw, expected[arg], params)
            except ValueError as exc:
                problems.add(where, f"dataset '{name}' argument '{arg}': {exc}")
                ok = False
        if ok:
            found[name] = DataSpec(name, kind, args, item.line)
    return found


def _data_arg(raw: Any, kind: str, params: dict[str, Param]) -> Any:
    if isinstance(raw, str) and NAME_RE.match(raw):
        if raw not in params:
            known = ", ".join(params) or "none declared"
            raise ValueError(f"names unknown parameter '{raw}' (parameters: {known})")
        ptype = params[raw].type
        if (kind == "date") != (ptype == "date") or (kind == "ticker" and ptype not in ("choice", "text")):
            raise ValueError(f"parameter '{raw}' has type {ptype}, but a {kind} is needed")
        return ParamRef(raw)
    if kind == "date":
        if not _is_kind(raw, "date"):
            raise ValueError(f"must be a parameter name or a date, not {describe(raw)}")
        return raw
    if not isinstance(raw, str) or not TICKER_RE.match(raw):
        raise ValueError(f"must be a parameter name or a ticker such as AAPL, not {describe(raw)}")
    return raw.upper()


def _exercises(located: Located, problems: ProblemList) -> list[Exercise]:
    found: list[Exercise] = []
    for item in located.items():
        data = check_mapping(
            item, required=EXERCISE_REQUIRED, optional=EXERCISE_OPTIONAL, problems=problems, what="exercise"
        )
        if not all(k in data for k in EXERCISE_REQUIRED):
            continue
        ok = True
        key, answer, unit = data["key"], data["answer"], data["unit"]
        if not SLUG_RE.match(key):
            problems.add(item.key_line("key"), f"exercise key '{key}' must be a slug, e.g. 'max-drawdown'")
            ok = False
        elif any(e.key == key for e in found):
            problems.add(item.key_line("key"), f"exercise key '{key}' is used twice")
            ok = False
        if not IDENTIFIER_RE.match(answer):
            problems.add(item.key_line("answer"), f"'answer' must name a variable, not {answer!r}")
            ok = False
        if unit not in UNITS:
            problems.add(item.key_line("unit"), f"unknown unit '{unit}': use one of {', '.join(UNITS)}")
            ok = False
        tolerance = data.get("tolerance", 0)
        if not _is_kind(tolerance, "float") or tolerance < 0:
            problems.add(item.key_line("tolerance"), "'tolerance' must be a number of at least 0")
            ok = False
        if ok:
            found.append(
                Exercise(
                    key,
                    data["prompt"],
                    answer,
                    unit,
                    float(tolerance),
                    data.get("hint", ""),
                    item.key_line("answer"),
                )
            )
    return found
