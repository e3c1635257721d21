"""Read quizzes/**/*.yaml into plain question specs, naming the file and line of every problem.

Pure Python, no Django import: ``check_content``, ``sync_content``, the preview and the development
auto-sync reach this through the registry of content kinds (:mod:`learn.publishing.kinds`); the answer
key of each question type is checked in :mod:`learn.quizzes.answerkeys`. Each check points at the line
an instructor has to fix, because a question file is edited by hand and a message without a line is a
hunt.

A question's ``id`` is its identity for ever (learners' cards and history hang on it), so ids are unique
across all files and ``source_hash`` ignores where the question sits: moving it to another file or
position is not an edit.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

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
from learn.quizzes.answerkeys import CHECKERS

QUESTION_TYPES = ("single", "multiple", "numeric", "truefalse", "cloze")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_ID_LENGTH = 120  # Question.qid is a SlugField(max_length=120)

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
# message: see learn.lessons.loader.LessonContent.excuse (a lesson file that could not be read).
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
