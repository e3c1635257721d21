"""Read YAML (front matter or whole files) keeping the line of every value, and check its shape.

Pure Python, no Django: the validator reports every problem as ``path:line: message``, so each value
must remember where it came from in the instructor's file.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from typing import Any

import yaml


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ProblemList(list):
    """A list of Problems bound to one file, so checks can say ``problems.add(line, message)``."""

    def __init__(self, path: str):
        super().__init__()
        self.path = path

    def add(self, line: int, message: str) -> None:
        self.append(Problem(self.path, line, message))


@dataclass
class Located:
    """A YAML value and the 1-based line it starts on in the file."""

    value: Any
    line: int
    node: yaml.Node | None = None

    def get(self, key: str) -> Located | None:
        if not isinstance(self.node, yaml.MappingNode):
            return None
        for key_node, value_node in self.node.value:
            if key_node.value == key:
                return Located(self.value.get(key), _line(value_node, self._offset), value_node)
        return None

    def key_line(self, key: str) -> int:
        if isinstance(self.node, yaml.MappingNode):
            for key_node, _ in self.node.value:
                if key_node.value == key:
                    return _line(key_node, self._offset)
        return self.line

    def items(self) -> list[Located]:
        if not isinstance(self.node, yaml.SequenceNode) or not isinstance(self.value, list):
            return []
        return [Located(v, _line(n, self._offset), n) for v, n in zip(self.value, self.node.value, strict=False)]

    @property
    def _offset(self) -> int:
        return self.line - (self.node.start_mark.line + 1) if self.node is not None else 0


def _line(node: yaml.Node, offset: int) -> int:
    return node.start_mark.line + 1 + offset


def parse_yaml(text: str, *, first_line: int, problems: ProblemList, what: str) -> Located | None:
    """Parse YAML that starts at ``first_line`` of its file; report a syntax error with its line."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        value = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        reason = exc.problem or exc.context or "syntax error"
        problems.add(line, f"invalid YAML in {what}: {reason}")
        return None
    except yaml.YAMLError as exc:  # pragma: no cover - other YAML errors carry no mark
        problems.add(first_line, f"invalid YAML in {what}: {exc}")
        return None
    if node is None:
        return Located(None, first_line, None)
    return Located(value, first_line + node.start_mark.line, node)


def split_front_matter(text: str, problems: ProblemList) -> tuple[str | None, str, int]:
    """Split ``---``-delimited front matter from the body.

    Returns (front matter text or None, body, the file line on which the body starts).
    """
    text = text.removeprefix("\ufeff")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        problems.add(1, "missing front matter: the file must start with a line '---', then YAML, then '---'")
        return None, text, 1
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    problems.add(1, "front matter is not closed: add a line '---' after the YAML")
    return None, text, 1


TYPE_NAMES = {str: "text", int: "a whole number", list: "a list", dict: "a mapping", dt.date: "a date (YYYY-MM-DD)"}


def check_mapping(
    doc: Located,
    *,
    required: dict[str, type],
    optional: dict[str, type],
    problems: ProblemList,
    what: str,
) -> dict[str, Any]:
    """Check required/optional keys and their types; return the values that passed."""
    if not isinstance(doc.value, dict):
        problems.add(doc.line, f"{what} must be a mapping of 'key: value' lines")
        return {}
    known = {**required, **optional}
    clean: dict[str, Any] = {}
    for key in required:
        if key not in doc.value or doc.value[key] in (None, ""):
            problems.add(doc.line, f"missing required key '{key}' in {what}")
    for key, value in doc.value.items():
        key_text = str(key)
        if key_text not in known:
            hint = difflib.get_close_matches(key_text, known, n=1)
            suggestion = f" (did you mean '{hint[0]}'?)" if hint else f" (known keys: {', '.join(known)})"
            problems.add(doc.key_line(key_text), f"unknown key '{key_text}' in {what}{suggestion}")
            continue
        if value is None:
            continue
        expected = known[key_text]
        if not _is_type(value, expected):
            problems.add(
                doc.key_line(key_text),
                f"'{key_text}' must be {TYPE_NAMES[expected]}, not {_describe(value)}",
            )
            continue
        clean[key_text] = value
    return clean


def _is_type(value: Any, expected: type) -> bool:
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if expected is str:
        return isinstance(value, str)
    if expected is dt.date:
        return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    return isinstance(value, expected)


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"{value!r}"
