"""Read quizzes/**/*.yaml into plain question specs, naming the file and line of every problem.

Pure Python, no Django import: ``check_content``, ``sync_content`` and the development auto-sync reach
this through :func:`learn.lessons.loader.load_content`. Each check points at the line an instructor has
to fix, because a question file is edited by hand and a message without a line is a hunt.

A question's ``id`` is its identity for ever (learners' cards and history hang on it), so ids are unique
across all files and ``source_hash`` ignores where the question sits: moving it to another file or
position is not an edit.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import math
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

from learn.core.source import (
    Located,
    Problem,
    ProblemList,
    check_mapping,
    describe,
    display_path,
    parse_yaml,
    read_source,
)
from learn.quizzes.grading import parse_number

QUESTION_TYPES = ("single", "multiple", "numeric", "truefalse", "cloze")
UNITS = ("%", "bp", "x", "$m", "$bn", "$")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_ID_LENGTH = 120  # Question.qid is a SlugField(max_length=120)
PLAIN_NUMBER_RE = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")

FILE_REQUIRED = {"lesson": str, "questions": list}
EMPTY_HINTS = {  # advice for a required key written without a value
    "questions": "add at least one question, starting '- id: ...'",
    "prompt": "write the question in Markdown",
    "explanation": "write why the answer is right in Markdown",
}
COMMON_REQUIRED = {"id": str, "type": str, "outcomes": list, "prompt": str, "explanation": str}
COMMON_OPTIONAL = {"difficulty": int, "hints": list}
# `object`: the value is checked by the type's own checker, which explains mistakes in more detail.
TYPE_REQUIRED: dict[str, dict[str, type]] = {
    "single": {"choices": list, "answer": object},
    "multiple": {"choices": list, "answers": list},
    "numeric": {"answer": object},
    "truefalse": {"answer": object},
    "cloze": {},
}
# cloze accepts 'answer' here only to explain, in its own words, that cloze answers live in the prompt.
TYPE_OPTIONAL = {
    "numeric": {"tolerance": object, "tolerance_rel": object, "unit": str},
    "cloze": {"answer": object},
}
ALL_TYPE_KEYS = {
    k: v for t in QUESTION_TYPES for k, v in {**TYPE_REQUIRED[t], **TYPE_OPTIONAL.get(t, {})}.items()
}
CHOICE_LIMITS = {"single": (2, 5), "multiple": (2, 8)}

# A deletion: {{c1::answer}}, {{c1::one|other}}, {{c1::answer::hint}}. It may not contain '{{', so an
# unclosed deletion never swallows the next one; LOOSE_DELETION_RE finds what was meant as one.
DELETION_RE = re.compile(r"\{\{c([1-9][0-9]*)::((?:(?!\{\{).)*?)\}\}", re.DOTALL)
LOOSE_DELETION_RE = re.compile(r"\{\{\s*c\s*[0-9]*\s*:", re.IGNORECASE)
# What a deletion becomes in the prompt's Markdown. The underscores are escaped so Markdown never reads
# them as emphasis (``____(1)____(2)`` would turn bold); the rendered HTML holds the literal text
# ``____(N)``, the gap the learner sees; the answer field for it is labelled "Blank (N)".
BLANK_MARKDOWN = r"\_\_\_\_({n})"


@dataclass
class QuestionSpec:
    id: str
    type: str
    lesson: str
    outcomes: list[str]
    difficulty: int
    prompt: str  # Markdown source; cloze deletions still in place (see render_cloze_prompt)
    explanation: str
    hints: list[str]
    data: dict  # type-specific and JSON-serialisable; what learn.quizzes.grading.grade reads
    path: str  # display path of the file
    line: int  # line of the question's "- id:" item
    source_hash: str = ""  # computed from everything above except path/line

    def __post_init__(self) -> None:
        if not self.source_hash:
            fields = {k: v for k, v in asdict(self).items() if k not in ("path", "line", "source_hash")}
            canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
            self.source_hash = hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Deletion:
    n: int
    accepted: list[str]
    hint: str
    start: int  # offset in the prompt


def deletions(prompt: str) -> list[Deletion]:
    """Every {{cN::...}} in the prompt, in the order written (repeated numbers included)."""
    found = []
    for match in DELETION_RE.finditer(prompt):
        answers, _, hint = match.group(2).partition("::")
        found.append(
            Deletion(
                int(match.group(1)), [a.strip() for a in answers.split("|")], hint.strip(), match.start()
            )
        )
    return found


def cloze_blanks(prompt: str) -> list[dict]:
    """The blanks as stored in ``data["blanks"]``: one per deletion number (first use), sorted by number."""
    first: dict[int, Deletion] = {}
    for deletion in deletions(prompt):
        first.setdefault(deletion.n, deletion)
    return [
        {"n": d.n, "accepted": d.accepted, "hint": d.hint} for d in sorted(first.values(), key=lambda d: d.n)
    ]


def render_cloze_prompt(prompt: str) -> str:
    """The prompt's Markdown with each deletion replaced by ``\\_\\_\\_\\_(N)``, which renders as the
    literal text ``____(N)``, matching the label of the answer field for blank N."""
    return DELETION_RE.sub(lambda m: BLANK_MARKDOWN.format(n=int(m.group(1))), prompt)


def quiz_files(quizzes_dir: Path) -> list[Path]:
    """Every question file, sorted (hidden files and folders skipped): for loading and change detection."""
    if not quizzes_dir.is_dir():
        return []
    return [
        path
        for path in sorted(quizzes_dir.rglob("*"))
        if path.suffix in (".yaml", ".yml")
        and path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(quizzes_dir).parts)
    ]


# (kind, name) -> None to report an unknown lesson or outcome, "" to leave it out, or a note to add to the
# message: see learn.lessons.loader.ContentBundle.excuse (a lesson file that could not be read).
Excuse = Callable[[str, str], "str | None"]


def _no_excuse(kind: str, name: str) -> str | None:
    return None


def load_quizzes(
    quizzes_dir: Path, *, root: Path, lessons: set[str], outcomes: set[str], excuse: Excuse = _no_excuse
) -> tuple[list[QuestionSpec], list[Problem]]:
    """Read and check every question file; return the specs of the questions without problems (in file
    order) and every problem, sorted. A missing folder simply means no questions yet.

    ``excuse`` says which references to unknown lessons and outcomes not to report (or what to add), when a
    lesson file could not be read: its own problem is then the one to fix."""
    specs: list[QuestionSpec] = []
    problems: list[Problem] = []
    owners: dict[str, str] = {}  # question id -> "path:line" of its first use
    for path in quiz_files(quizzes_dir):
        found = ProblemList(display_path(path, root))
        specs += _load_file(path, found, lessons=lessons, outcomes=outcomes, owners=owners, excuse=excuse)
        problems += found
    return specs, sorted(problems)


def _load_file(
    path: Path,
    problems: ProblemList,
    *,
    lessons: set[str],
    outcomes: set[str],
    owners: dict[str, str],
    excuse: Excuse = _no_excuse,
) -> list[QuestionSpec]:
    text = read_source(path, problems)
    if text is None:
        return []
    doc = parse_yaml(text, first_line=1, problems=problems, what="quiz file")
    if doc is None:
        return []
    values = check_mapping(
        doc, required=FILE_REQUIRED, optional={}, problems=problems, what="quiz file", empty_hints=EMPTY_HINTS
    )
    lesson = values.get("lesson")
    if lesson is not None and lesson not in lessons and (note := excuse("lesson", lesson)) != "":
        problems.add(
            doc.get("lesson").line,
            f"unknown lesson '{lesson}': no lesson in content/ has that slug{note or ''}",
        )
    if values.get("questions") == []:
        problems.add(
            doc.key_line("questions"), "'questions' is empty: add at least one question, starting '- id: ...'"
        )
    file_ok = not problems
    specs = []
    for item in doc.get("questions").items() if "questions" in values else []:
        before = len(problems)
        spec = _parse_question(
            item, text, lesson or "", problems, outcomes=outcomes, owners=owners, excuse=excuse
        )
        if spec is not None and file_ok and len(problems) == before:
            specs.append(spec)
    return specs


def _parse_question(
    item: Located,
    text: str,
    lesson: str,
    problems: ProblemList,
    *,
    outcomes: set[str],
    owners: dict[str, str],
    excuse: Excuse = _no_excuse,
) -> QuestionSpec | None:
    if not isinstance(item.value, dict):
        problems.add(
            item.line, "each question must be a mapping: '- id: ...', then 'type:', 'prompt:' and so on"
        )
        return None
    qtype = item.value.get("type")
    known = qtype if qtype in QUESTION_TYPES else None
    required = {**COMMON_REQUIRED, **TYPE_REQUIRED.get(known, {})}
    optional = {**COMMON_OPTIONAL, **(TYPE_OPTIONAL.get(known, {}) if known else ALL_TYPE_KEYS)}
    values = check_mapping(
        item,
        required=required,
        optional=optional,
        problems=problems,
        what=f"{known} question" if known else "question",
        empty_hints=EMPTY_HINTS,
    )
    if isinstance(qtype, str) and not known:
        close = difflib.get_close_matches(qtype, QUESTION_TYPES, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"known types: {', '.join(QUESTION_TYPES)}"
        problems.add(item.get("type").line, f"unknown question type '{qtype}' ({hint})")
    if "id" in values:
        _check_id(values["id"], item.key_line("id"), problems, owners)
    outcome_ids = _check_outcomes(item, values, problems, outcomes, excuse)
    difficulty = values.get("difficulty", 2)
    if difficulty not in (1, 2, 3):
        problems.add(
            item.key_line("difficulty"),
            f"'difficulty' must be 1 (easy), 2 (medium) or 3 (hard), not {difficulty}",
        )
    hints = _check_hints(item, values, problems)
    data = CHECKERS[known](item, values, problems, text) if known else None
    if data is None or not all(key in values for key in required):
        return None
    return QuestionSpec(
        id=values["id"],
        type=known,
        lesson=lesson,
        outcomes=outcome_ids,
        difficulty=difficulty,
        prompt=values["prompt"].strip(),
        explanation=values["explanation"].strip(),
        hints=hints,
        data=data,
        path=problems.path,
        line=item.line,
    )


def _check_id(qid: str, line: int, problems: ProblemList, owners: dict[str, str]) -> None:
    if not ID_RE.match(qid):
        problems.add(
            line,
            f"question id '{qid}' must be lowercase letters, digits and hyphens, e.g. "
            f"'a2-current-ratio-apple'",
        )
    elif len(qid) > MAX_ID_LENGTH:
        problems.add(line, f"question id '{qid}' is {len(qid)} characters long: keep it to {MAX_ID_LENGTH}")
    if qid in owners:
        problems.add(line, f"duplicate question id '{qid}': already used by {owners[qid]}")
    else:
        owners[qid] = f"{problems.path}:{line}"


def _check_outcomes(
    item: Located, values: dict, problems: ProblemList, known: set[str], excuse: Excuse = _no_excuse
) -> list[str]:
    if "outcomes" not in values:
        return []
    if not values["outcomes"]:
        problems.add(
            item.key_line("outcomes"),
            "a question needs at least one learning outcome, e.g. 'outcomes: [A2.1]'",
        )
    found: list[str] = []
    for outcome in item.get("outcomes").items():
        if not isinstance(outcome.value, str):
            problems.add(
                outcome.line,
                f"each outcome must be an outcome id such as 'A2.1', not {describe(outcome.value)}",
            )
        elif outcome.value not in known:
            if (note := excuse("outcome", outcome.value)) != "":
                problems.add(
                    outcome.line,
                    f"unknown outcome '{outcome.value}': no lesson in content/ declares it{note or ''}",
                )
        elif outcome.value not in found:
            found.append(outcome.value)
    return found


def _check_hints(item: Located, values: dict, problems: ProblemList) -> list[str]:
    hints = []
    for hint in item.get("hints").items() if "hints" in values else []:
        if isinstance(hint.value, str) and hint.value.strip():
            hints.append(hint.value.strip())
        else:
            shown = (
                "an empty item" if hint.value is None or isinstance(hint.value, str) else describe(hint.value)
            )
            problems.add(hint.line, f"each hint must be Markdown text, not {shown}")
    return hints


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
        if parsed := parse_number(value):
            number = (
                str(int(parsed[0])) if parsed[0].is_integer() and abs(parsed[0]) < 1e15 else repr(parsed[0])
            )
            unit = {"m": "$m", "bn": "$bn"}.get(parsed[1], parsed[1])
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
