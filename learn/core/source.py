"""Read instructors' source files: text, YAML (front matter or whole files) keeping the line of every
value, and checks of its shape; paths shown relative to the project and content hashes.

Pure Python, no Django: every content kind (lessons, glossary, quizzes, company files) reports each
problem as ``path:line: message``, so each value must remember where it came from in the file.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import reprlib
from dataclasses import dataclass
from pathlib import Path
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


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def display_path(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` (as problems name files), or as given when it is outside ``root``."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def read_source(path: Path, problems: ProblemList) -> str | None:
    """The file's text (a byte-order mark dropped), or None with a problem if it is not UTF-8."""
    try:
        return path.read_text(encoding="utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        problems.add(1, f"file is not valid UTF-8 (byte {exc.start}): save it as UTF-8")
        return None


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
        return [
            Located(v, _line(n, self._offset), n) for v, n in zip(self.value, self.node.value, strict=False)
        ]

    @property
    def _offset(self) -> int:
        return self.line - (self.node.start_mark.line + 1) if self.node is not None else 0


def _line(node: yaml.Node, offset: int) -> int:
    return node.start_mark.line + 1 + offset


class _BadValue(Exception):
    """A scalar PyYAML cannot turn into a value (a date that does not exist, a 5,000-digit number...)."""

    def __init__(self, node: yaml.Node, message: str):
        super().__init__(message)
        self.node = node
        self.message = message


class _Loader(yaml.SafeLoader):
    """SafeLoader whose scalars raise only YAML errors or :class:`_BadValue`, which knows its node.

    PyYAML's own constructors raise ValueError for ``2026-02-30`` or an integer of more than 4,300 digits;
    a text escape such as ``"\\ud800"`` gives a string that cannot be saved or shown. Each becomes a problem
    on the value's line instead of a traceback.
    """

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            return super().construct_object(node, deep)
        try:
            value = super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except Exception as exc:  # noqa: BLE001 - e.g. "!!bool maybe" is a KeyError inside PyYAML
            raise _BadValue(node, _bad_scalar_message(node, exc)) from None
        if isinstance(value, str) and _has_surrogates(value):
            raise _BadValue(
                node,
                f"invalid text {_shorten(node.value)!r}: an escape such as \\ud800 is only half "
                "a character; write the character itself",
            )
        return value


def _shorten(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _bad_scalar_message(node: yaml.ScalarNode, exc: Exception) -> str:
    written = _shorten(str(node.value))
    if node.tag == "tag:yaml.org,2002:timestamp" and isinstance(exc, ValueError):
        reason = "time zone offset out of range" if "offset" in str(exc) else str(exc)
        return f"invalid date '{written}' ({reason})"
    digits = sum(c.isdigit() for c in str(node.value))
    if node.tag == "tag:yaml.org,2002:int" and digits > 1000:
        return f"invalid number '{written}' (it has {digits} digits)"
    return f"invalid value '{written}' for {node.tag.replace('tag:yaml.org,2002:', '!!')}"


# Errors whose context is a construct that stays open until closed (a '[' list, a quoted text...): the
# line it starts on is the one to fix, the problem is found later. A block mapping or list "starts" at
# the top of the file, so for those the problem's own line is the useful one.
_OPEN_CONSTRUCTS = ("while parsing a flow", "while scanning")
_MERGE_TAG = "tag:yaml.org,2002:merge"


def parse_yaml(text: str, *, first_line: int, problems: ProblemList, what: str) -> Located | None:
    """Parse YAML that starts at ``first_line`` of its file; report a syntax error with its line.

    Any bad input gives problems and None, never an exception: syntax errors, values PyYAML cannot build
    (e.g. ``2026-02-30``), duplicate keys in a mapping, nesting too deep to read.
    """
    try:
        loader = _Loader(text)  # checks every character is printable first
    except yaml.reader.ReaderError as exc:
        line = first_line + text.count("\n", 0, exc.position)
        problems.add(
            line, f"invalid YAML in {what}: unacceptable character {_character(exc.character)}: {exc.reason}"
        )
        return None
    try:
        node = loader.get_single_node()
        if node is None:
            return Located(None, first_line, None)
        duplicates = _duplicate_keys(node)
        for line, key, first in duplicates:
            problems.add(first_line + line, f"duplicate key '{key}' (first on line {first_line + first})")
        if duplicates:
            return None
        value = loader.construct_document(node)
    except _BadValue as exc:
        problems.add(first_line + exc.node.start_mark.line, exc.message)
        return None
    except yaml.MarkedYAMLError as exc:
        line, reason = _syntax_error(exc, first_line)
        problems.add(line, f"invalid YAML in {what}: {reason}")
        return None
    except yaml.YAMLError as exc:  # pragma: no cover - other YAML errors carry no mark
        problems.add(first_line, f"invalid YAML in {what}: {exc}")
        return None
    except RecursionError:
        problems.add(first_line + loader.line, f"invalid YAML in {what}: lists or mappings nested too deeply")
        return None
    except (ValueError, TypeError, ArithmeticError) as exc:  # e.g. "\U0011FFFF", which is no character
        problems.add(first_line + loader.line, f"invalid YAML in {what}: {exc}")
        return None
    finally:
        loader.dispose()
    return Located(value, first_line + node.start_mark.line, node)


def _character(character: int | str) -> str:
    code = character if isinstance(character, int) else ord(character)
    return f"#x{code:04x}"


def _syntax_error(exc: yaml.MarkedYAMLError, first_line: int) -> tuple[int, str]:
    """The line to report and the reason: where an unclosed construct starts, with the problem's line."""
    problem, context = exc.problem_mark, exc.context_mark
    if context is not None and exc.context and exc.context.startswith(_OPEN_CONSTRUCTS):
        reason = f"{exc.context}, {exc.problem}" if exc.problem else exc.context
        if problem is not None and problem.line != context.line:
            reason += f" on line {first_line + problem.line}"
        return first_line + context.line, reason
    mark = problem or context
    return first_line + (mark.line if mark else 0), exc.problem or exc.context or "syntax error"


def _duplicate_keys(root: yaml.Node) -> list[tuple[int, str, int]]:
    """(line, key, line of its first use) for each key repeated in a mapping, 0-based, in file order.

    PyYAML silently keeps the last value, so ``order: 3`` after ``order: 2`` would be taken without a word.
    """
    found = []
    seen: set[int] = set()
    stack = [root]
    while stack:  # not recursive: aliases can make the node graph deep or cyclic
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict[tuple[str, str], int] = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.tag != _MERGE_TAG:
                    key = (key_node.tag, key_node.value)
                    if key in first:
                        found.append((key_node.start_mark.line, _shorten(key_node.value), first[key]))
                    else:
                        first[key] = key_node.start_mark.line
                stack += [key_node, value_node]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    return sorted(found)


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


TYPE_NAMES = {
    str: "text",
    int: "a whole number",
    list: "a list",
    dict: "a mapping",
    dt.date: "a date (YYYY-MM-DD)",
}


def check_mapping(
    doc: Located,
    *,
    required: dict[str, type],
    optional: dict[str, type],
    problems: ProblemList,
    what: str,
    empty_hints: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Check required/optional keys and their types; return the values that passed.

    A required key that is absent is reported on the mapping's first line; one that is present but empty
    (no value, or blank text) once, on its own line, with ``empty_hints[key]`` as advice if given. An empty
    optional key counts as absent.
    """
    if not isinstance(doc.value, dict):
        problems.add(doc.line, f"{what} must be a mapping of 'key: value' lines")
        return {}
    known = {**required, **optional}
    clean: dict[str, Any] = {}
    for key in required:
        if key not in doc.value:
            problems.add(doc.line, f"missing required key '{key}' in {what}")
    for key, value in doc.value.items():
        key_text = str(key)
        if key_text not in known:
            hint = difflib.get_close_matches(key_text, known, n=1)
            suggestion = f" (did you mean '{hint[0]}'?)" if hint else f" (known keys: {', '.join(known)})"
            problems.add(doc.key_line(key_text), f"unknown key '{key_text}' in {what}{suggestion}")
            continue
        if is_empty(value):
            if key_text in required:
                advice = (empty_hints or {}).get(key_text)
                problems.add(
                    doc.key_line(key_text),
                    f"'{key_text}' is empty: {advice}" if advice else f"'{key_text}' is empty in {what}",
                )
            continue
        expected = known[key_text]
        if not _is_type(value, expected):
            problems.add(
                doc.key_line(key_text),
                f"'{key_text}' must be {TYPE_NAMES[expected]}, not {describe(value)}",
            )
            continue
        clean[key_text] = value
    return clean


def is_empty(value: Any) -> bool:
    """No value at all (``key:``), or text with nothing but spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def _is_type(value: Any, expected: type) -> bool:
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if expected is str:
        return isinstance(value, str)
    if expected is dt.date:
        return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    return isinstance(value, expected)


def describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return reprlib.repr(value)  # bounded: YAML aliases can nest a small file into a huge value
