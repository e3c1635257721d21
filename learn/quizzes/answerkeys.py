"""The answer key of each question type (choices and answer, answers, a number with its tolerance and
unit, true or false, cloze deletions), checked with the line of every problem. Pure Python, no Django.

Each checker returns the question's ``data`` as grading reads it (:mod:`learn.quizzes.grading`), or None
when the key has a problem.
"""

from __future__ import annotations

import difflib
import math
import re

import yaml

from learn.core.numbers import parse_number
from learn.core.source import Located, ProblemList, describe
from learn.quizzes.cloze import DELETION_RE, LOOSE_DELETION_RE, cloze_blanks, deletions

UNITS = ("%", "bp", "x", "$m", "$bn", "$")
PLAIN_NUMBER_RE = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
CHOICE_LIMITS = {"single": (2, 5), "multiple": (2, 8)}


def _not_text(what: str, located: Located) -> str:
    """Why a value is not text; numbers get the quoted form to write, so '1.10' keeps its zero."""
    value = located.value
    if value is None or value == "":
        return f"{what} is empty"
    if isinstance(value, bool | int | float) and isinstance(located.node, yaml.ScalarNode):
        return f'{what} must be text, not {describe(value)}: put it in quotes, e.g. "{located.node.value}"'
    return f"{what} must be text, not {describe(value)}"


def _choices(item: Located, values: dict, problems: ProblemList, qtype: str) -> list[str]:
    """The choices written as text (stripped); answers are checked against these even if some are wrong."""
    if "choices" not in values:
        return []
    low, high = CHOICE_LIMITS[qtype]
    if not low <= len(values["choices"]) <= high:
        problems.add(
            item.key_line("choices"),
            f"a {qtype} question needs {low} to {high} choices, not {len(values['choices'])}",
        )
    choices: list[str] = []
    seen: dict[str, tuple[str, int]] = {}
    for index, choice in enumerate(item.get("choices").items()):
        letter = chr(65 + index)
        if not isinstance(choice.value, str) or not choice.value.strip():
            problems.add(choice.line, _not_text(f"choice {letter}", choice))
            continue
        text = choice.value.strip()
        key = " ".join(text.split()).casefold()
        if key in seen:
            other, line = seen[key]
            problems.add(
                choice.line, f"duplicate choice '{text}': choice {other} on line {line} says the same"
            )
        seen.setdefault(key, (letter, choice.line))
        choices.append(text)
    return choices


def _choice_index(answer: Located, choices: list[str], problems: ProblemList) -> int | None:
    text = answer.value.strip()
    if text in choices:
        return choices.index(text)
    close = difflib.get_close_matches(text, choices, n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    problems.add(answer.line, f"answer '{text}' is not one of the choices: copy one exactly{hint}")
    return None


def _check_single(item: Located, values: dict, problems: ProblemList, text: str) -> dict | None:
    choices = _choices(item, values, problems, "single")
    if "answer" not in values:
        return None
    answer = item.get("answer")
    if isinstance(answer.value, list):
        problems.add(
            answer.line,
            "'answer' must be one choice; for several correct choices use 'type: multiple' and 'answers'",
        )
        return None
    if not isinstance(answer.value, str):
        problems.add(answer.line, _not_text("'answer'", answer))
        return None
    index = _choice_index(answer, choices, problems)
    return {"choices": choices, "answer": index} if index is not None else None


def _check_multiple(item: Located, values: dict, problems: ProblemList, text: str) -> dict | None:
    choices = _choices(item, values, problems, "multiple")
    if "answers" not in values:
        return None
    if not values["answers"]:
        problems.add(item.key_line("answers"), "'answers' is empty: list every correct choice")
        return None
    indices: list[int] = []
    for answer in item.get("answers").items():
        if not isinstance(answer.value, str):
            problems.add(answer.line, _not_text("each answer", answer))
            continue
        index = _choice_index(answer, choices, problems)
        if index in indices:
            problems.add(answer.line, f"answer '{answer.value.strip()}' is listed twice")
        elif index is not None:
            indices.append(index)
    return {"choices": choices, "answers": sorted(indices)}


def _number(item: Located, key: str, problems: ProblemList) -> float | None:
    """A YAML number. Plain (unquoted) 1.2e3 counts although PyYAML reads it as text: YAML 1.2 does not."""
    located = item.get(key)
    value, line, plain = located.value, located.line, getattr(located.node, "style", "") is None
    if isinstance(value, str) and plain and PLAIN_NUMBER_RE.fullmatch(value.strip()):
        value = float(value)
    if isinstance(value, str):
        advice = "write a plain number such as 1742, -0.5 or 1.2e3"
        if (parsed := parse_number(value)) and math.isfinite(parsed.value):
            whole = parsed.value.is_integer() and abs(parsed.value) < 1e15
            number = str(int(parsed.value)) if whole else repr(parsed.value)
            unit = {"m": "$m", "bn": "$bn"}.get(parsed.unit, parsed.unit)
            advice = (
                f'write {number} and set unit: "{unit}"'
                if unit
                else f"write {number} (no quotes or separators)"
            )
        problems.add(line, f"unparseable number '{value}' in '{key}': {advice}")
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        problems.add(line, f"'{key}' must be a number, not {describe(value)}")
        return None
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        problems.add(line, f"'{key}' must be a finite number, not {value}")
        return None
    return number


def _check_numeric(item: Located, values: dict, problems: ProblemList, text: str) -> dict | None:
    answer = _number(item, "answer", problems) if "answer" in values else None
    given = [key for key in ("tolerance", "tolerance_rel") if key in values]
    tolerances = {key: _number(item, key, problems) for key in given}
    for key, tolerance in tolerances.items():
        if tolerance is not None and tolerance < 0:
            problems.add(item.key_line(key), f"'{key}' must be 0 or more, not {values[key]}")
    if not given:
        problems.add(
            item.line,
            "a numeric question needs 'tolerance' (absolute, e.g. 0.01) or 'tolerance_rel' "
            "(a fraction of the answer, e.g. 0.005)",
        )
    elif len(given) == 2:
        problems.add(
            max(item.key_line(k) for k in given), "give either 'tolerance' or 'tolerance_rel', not both"
        )
    unit = values.get("unit") or ""
    if unit and unit not in UNITS:
        close = difflib.get_close_matches(unit, UNITS, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        problems.add(
            item.key_line("unit"),
            f"unknown unit '{unit}'{hint}: use one of %, bp, x, $m, $bn or $, or omit 'unit' for a pure "
            f"number",
        )
    if answer is None:
        return None
    return {
        "answer": answer,
        "tolerance": tolerances.get("tolerance"),
        "tolerance_rel": tolerances.get("tolerance_rel"),
        "unit": unit,
    }


def _check_truefalse(item: Located, values: dict, problems: ProblemList, text: str) -> dict | None:
    if "answer" not in values:
        return None
    if not isinstance(values["answer"], bool):
        problems.add(
            item.get("answer").line,
            f"'answer' must be true or false (without quotes), not {describe(values['answer'])}",
        )
        return None
    return {"answer": values["answer"]}


def _check_cloze(item: Located, values: dict, problems: ProblemList, text: str) -> dict | None:
    if "answer" in item.value:
        problems.add(
            item.key_line("answer"),
            "a cloze question has no 'answer': mark each answer in the prompt, e.g. {{c1::current ratio}}",
        )
    if "prompt" not in values:
        return None
    prompt, located = values["prompt"], item.get("prompt")
    found = deletions(prompt)
    lines = _source_lines(located, text, DELETION_RE, len(found))
    strict = {d.start for d in found}
    loose = [m for m in LOOSE_DELETION_RE.finditer(prompt) if m.start() not in strict]
    for match, line in zip(loose, _source_lines(located, text, LOOSE_DELETION_RE, len(loose)), strict=True):
        snippet = prompt[match.start() :].split("}}")[0][:40]
        problems.add(
            line,
            f"malformed deletion '{snippet}': write {{{{c1::answer}}}}, {{{{c1::one|other}}}} or "
            f"{{{{c1::answer::hint}}}}",
        )
    if not found and not loose:
        problems.add(located.line, "a cloze prompt needs at least one deletion such as {{c1::answer}}")
    first_line: dict[int, int] = {}
    for deletion, line in zip(found, lines, strict=True):
        if "" in deletion.accepted:
            problems.add(
                line,
                f"deletion c{deletion.n} has an empty accepted answer: write it after 'c{deletion.n}::', "
                f"with text on both sides of each '|'",
            )
        if deletion.n in first_line:
            problems.add(
                line,
                f"deletion number c{deletion.n} is used twice (first on line {first_line[deletion.n]}): "
                f"number them c1, c2, ...",
            )
        first_line.setdefault(deletion.n, line)
    return {"blanks": cloze_blanks(prompt)}


def _source_lines(located: Located, text: str, pattern: re.Pattern, count: int) -> list[int]:
    """The file line of each match of ``pattern`` in a scalar, found in the scalar's source text (a folded
    ``>-`` prompt joins its lines, so the parsed value cannot tell them). Falls back to the value's line."""
    node = located.node
    if node is not None:
        raw = text[node.start_mark.index : node.end_mark.index]
        starts = [m.start() for m in pattern.finditer(raw)]
        if pattern is LOOSE_DELETION_RE:  # the loose pattern also matches every well-formed deletion
            strict = {m.start() for m in DELETION_RE.finditer(raw)}
            starts = [s for s in starts if s not in strict]
        if len(starts) == count:
            return [located.line + raw.count("\n", 0, start) for start in starts]
    return [located.line] * count


# Each checker reports its problems and returns the question's data when it can be built; a question with
# any problem is dropped by _load_file, so checkers need not track whether everything was fine.
CHECKERS = {
    "single": _check_single,
    "multiple": _check_multiple,
    "numeric": _check_numeric,
    "truefalse": _check_truefalse,
    "cloze": _check_cloze,
}
