"""Question files parse to plain specs, and every problem names the file and the line to fix."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from learn.quizzes.cloze import cloze_blanks, render_cloze_prompt
from learn.quizzes.quizfile import QuestionSpec, load_quizzes

LESSONS = {"liquidity-ratios", "working-capital"}
OUTCOMES = {"A2.1", "A2.2"}
P = "quizzes/a/liquidity-ratios.yaml"

# In a file written by quiz(), a question's first line is line 3 (after 'lesson:' and 'questions:').
SINGLE = """
    id: a2-current-liability
    type: single
    outcomes: [A2.1]
    prompt: Which is a current liability?
    choices:
      - Cash
      - Commercial paper
      - Inventory
    answer: Commercial paper
    explanation: Commercial paper is repaid within a year.
"""
MULTIPLE = """
    id: a2-current-assets
    type: multiple
    outcomes: [A2.1]
    prompt: Which are current assets?
    choices:
      - Cash
      - Goodwill
      - Receivables
    answers:
      - Cash
      - Receivables
    explanation: Goodwill is not turned into cash within a year.
"""
NUMERIC = """
    id: a2-current-ratio-apple
    type: numeric
    outcomes: [A2.1]
    prompt: What is Apple's FY2023 current ratio?
    answer: 0.988
    tolerance: 0.01
    unit: x
    explanation: 143,566 / 145,308 = 0.988.
"""
TRUEFALSE = """
    id: a2-quick-ratio
    type: truefalse
    outcomes: [A2.2]
    prompt: The quick ratio leaves out inventory.
    answer: true
    explanation: Inventory is the least liquid current asset.
"""
CLOZE = """
    id: a2-stocks-flows
    type: cloze
    outcomes: [A2.2]
    prompt: >-
      A balance sheet is a {{c1::point|moment}} in time;
      an income statement covers a {{c2::period|span::a length of time}}.
    explanation: Stocks and flows.
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / "quizzes" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def quiz(
    tmp_path: Path, *questions: str, lesson: str = "liquidity-ratios", name: str = "a/liquidity-ratios.yaml"
) -> Path:
    lines = [f"lesson: {lesson}", "questions:"]
    for question in questions:
        first, *rest = textwrap.dedent(question).strip("\n").splitlines()
        lines += [f"  - {first}", *(f"    {line}" for line in rest)]
    return write(tmp_path, name, "\n".join(lines) + "\n")


def load(tmp_path: Path) -> tuple[list[QuestionSpec], list]:
    return load_quizzes(tmp_path / "quizzes", root=tmp_path, lessons=LESSONS, outcomes=OUTCOMES)


def problems_of(tmp_path: Path) -> list[str]:
    return [str(p) for p in load(tmp_path)[1]]


def broken(tmp_path: Path, question: str, old: str, new: str) -> list[str]:
    """Problems of a one-question file after one edit (asserting the edit happened)."""
    assert old in question
    quiz(tmp_path, question.replace(old, new))
    return problems_of(tmp_path)


def test_it_parses_one_question_of_every_type(tmp_path):
    numeric = NUMERIC.replace(
        "unit: x\n", "unit: x\n    difficulty: 3\n    hints:\n      - Current assets ÷ current liabilities.\n"
    )
    quiz(tmp_path, SINGLE, MULTIPLE, numeric, TRUEFALSE, CLOZE)
    specs, problems = load(tmp_path)
    assert problems == []
    assert [(s.id, s.type, s.line) for s in specs] == [
        ("a2-current-liability", "single", 3),
        ("a2-current-assets", "multiple", 13),
        ("a2-current-ratio-apple", "numeric", 25),
        ("a2-quick-ratio", "truefalse", 36),
        ("a2-stocks-flows", "cloze", 42),
    ]
    assert specs[2] == QuestionSpec(
        id="a2-current-ratio-apple",
        type="numeric",
        lesson="liquidity-ratios",
        outcomes=["A2.1"],
        difficulty=3,
        prompt="What is Apple's FY2023 current ratio?",
        explanation="143,566 / 145,308 = 0.988.",
        hints=["Current assets ÷ current liabilities."],
        data={"answer": 0.988, "tolerance": 0.01, "tolerance_rel": None, "unit": "x"},
        path=P,
        line=25,
    )
    assert specs[0].data == {"choices": ["Cash", "Commercial paper", "Inventory"], "answer": 1}
    assert specs[0].difficulty == 2 and specs[0].hints == []
    assert specs[1].data == {"choices": ["Cash", "Goodwill", "Receivables"], "answers": [0, 2]}
    assert specs[3].data == {"answer": True} and specs[3].outcomes == ["A2.2"]
    assert specs[4].prompt == (
        "A balance sheet is a {{c1::point|moment}} in time; an income statement covers a "
        "{{c2::period|span::a length of time}}."
    )
    assert specs[4].data == {
        "blanks": [
            {"n": 1, "accepted": ["point", "moment"], "hint": ""},
            {"n": 2, "accepted": ["period", "span"], "hint": "a length of time"},
        ]
    }
    assert all(len(s.source_hash) == 64 for s in specs)


def test_it_accepts_yaml_numbers_pyyaml_reads_as_text_and_relative_tolerances(tmp_path):
    quiz(
        tmp_path,
        NUMERIC.replace("answer: 0.988", "answer: 1.2e3")
        .replace("tolerance: 0.01", "tolerance_rel: 5e-3")
        .replace("unit: x", "unit: $m"),
    )
    [spec], problems = load(tmp_path)
    assert problems == []
    assert spec.data == {"answer": 1200.0, "tolerance": None, "tolerance_rel": 0.005, "unit": "$m"}


def test_it_reads_yml_files_in_subfolders_and_skips_hidden_ones(tmp_path):
    quiz(tmp_path, NUMERIC, name="a/deep/ratios.yml")
    quiz(tmp_path, NUMERIC, name=".drafts/ratios.yaml")
    quiz(tmp_path, NUMERIC, name="a/.scratch.yaml")
    write(tmp_path, "a/notes.md", "not a quiz\n")
    specs, problems = load(tmp_path)
    assert problems == []
    assert [(s.id, s.path) for s in specs] == [("a2-current-ratio-apple", "quizzes/a/deep/ratios.yml")]


def test_a_missing_quizzes_folder_means_no_questions_and_no_problems(tmp_path):
    assert load_quizzes(tmp_path / "nowhere", root=tmp_path, lessons=LESSONS, outcomes=OUTCOMES) == ([], [])


def test_the_source_hash_ignores_where_a_question_sits_but_not_what_it_says(tmp_path):
    quiz(tmp_path, NUMERIC)
    [before], _ = load(tmp_path)
    (tmp_path / "quizzes" / "a" / "liquidity-ratios.yaml").unlink()
    quiz(tmp_path, TRUEFALSE, NUMERIC, name="b/moved.yaml")
    [_, moved], _ = load(tmp_path)
    assert (moved.path, moved.line) != (before.path, before.line)
    assert moved.source_hash == before.source_hash
    quiz(tmp_path, TRUEFALSE, NUMERIC.replace("FY2023", "FY2024"), name="b/moved.yaml")
    [_, edited], _ = load(tmp_path)
    assert edited.source_hash != before.source_hash


def test_cloze_helpers_list_blanks_and_mark_them_in_the_markdown():
    prompt = "A {{c2::period|span::time}} and a {{c1::point}}; again {{c2::period}}."
    assert cloze_blanks(prompt) == [
        {"n": 1, "accepted": ["point"], "hint": ""},
        {"n": 2, "accepted": ["period", "span"], "hint": "time"},
    ]
    assert render_cloze_prompt(prompt) == r"A \_\_\_\_(2) and a \_\_\_\_(1); again \_\_\_\_(2)."


def test_it_reports_invalid_yaml_with_its_line(tmp_path):
    write(tmp_path, "a/liquidity-ratios.yaml", "lesson: liquidity-ratios\nquestions:\n  - id: [unclosed\n")
    [problem] = problems_of(tmp_path)
    assert problem.startswith(f"{P}:3: invalid YAML in quiz file:")  # the line of the unclosed "["


def test_it_reports_a_file_that_is_not_a_mapping_or_not_utf8(tmp_path):
    path = write(tmp_path, "a/liquidity-ratios.yaml", "- id: a\n- id: b\n")
    assert problems_of(tmp_path) == [f"{P}:1: quiz file must be a mapping of 'key: value' lines"]
    path.write_bytes(b"lesson: caf\xe9\n")
    assert problems_of(tmp_path) == [f"{P}:1: file is not valid UTF-8 (byte 11): save it as UTF-8"]


def test_it_reports_a_missing_lesson(tmp_path):
    path = quiz(tmp_path, NUMERIC)
    path.write_text(path.read_text().replace("lesson: liquidity-ratios\n", ""))
    assert problems_of(tmp_path) == [f"{P}:1: missing required key 'lesson' in quiz file"]


def test_it_reports_an_unknown_lesson_and_keeps_none_of_that_files_questions(tmp_path):
    quiz(tmp_path, NUMERIC, lesson="liquidity")
    quiz(tmp_path, TRUEFALSE, lesson="working-capital", name="b/working-capital.yaml")
    specs, problems = load(tmp_path)
    assert [str(p) for p in problems] == [
        f"{P}:1: unknown lesson 'liquidity': no lesson in content/ has that slug"
    ]
    assert [s.id for s in specs] == ["a2-quick-ratio"]


def test_it_reports_missing_or_empty_questions(tmp_path):
    write(tmp_path, "a/liquidity-ratios.yaml", "lesson: liquidity-ratios\n")
    write(tmp_path, "b/empty.yaml", "lesson: liquidity-ratios\nquestions: []\n")
    write(tmp_path, "c/typo.yaml", "lesson: liquidity-ratios\nquestion: []\n")
    assert problems_of(tmp_path) == [
        f"{P}:1: missing required key 'questions' in quiz file",
        "quizzes/b/empty.yaml:2: 'questions' is empty: add at least one question, starting '- id: ...'",
        "quizzes/c/typo.yaml:1: missing required key 'questions' in quiz file",
        "quizzes/c/typo.yaml:2: unknown key 'question' in quiz file (did you mean 'questions'?)",
    ]


def test_it_reports_a_question_that_is_not_a_mapping(tmp_path):
    write(tmp_path, "a/liquidity-ratios.yaml", "lesson: liquidity-ratios\nquestions:\n  - What is a ratio?\n")
    assert problems_of(tmp_path) == [
        f"{P}:3: each question must be a mapping: '- id: ...', then 'type:', 'prompt:' and so on"
    ]


def test_it_reports_a_duplicate_id_in_the_same_file(tmp_path):
    quiz(tmp_path, NUMERIC, NUMERIC)
    specs, problems = load(tmp_path)
    assert [str(p) for p in problems] == [
        f"{P}:11: duplicate question id 'a2-current-ratio-apple': already used by {P}:3"
    ]


def test_it_reports_a_duplicate_id_across_files_naming_the_first(tmp_path):
    quiz(tmp_path, TRUEFALSE, name="a/first.yaml")
    quiz(tmp_path, NUMERIC, TRUEFALSE.replace("answer: true", "answer: false"), name="b/second.yaml")
    specs, problems = load(tmp_path)
    assert [str(p) for p in problems] == [
        "quizzes/b/second.yaml:11: duplicate question id 'a2-quick-ratio': already used by "
        "quizzes/a/first.yaml:3"
    ]
    assert [(s.id, s.path) for s in specs] == [  # the second file's other question is fine
        ("a2-quick-ratio", "quizzes/a/first.yaml"),
        ("a2-current-ratio-apple", "quizzes/b/second.yaml"),
    ]


def test_it_reports_too_few_or_too_many_choices(tmp_path):
    assert broken(
        tmp_path, SINGLE, "  - Cash\n      - Commercial paper\n      - Inventory", "  - Commercial paper"
    ) == [f"{P}:7: a single question needs 2 to 5 choices, not 1"]
    six = "\n".join(f"      - Option {i}" for i in range(5))
    assert broken(tmp_path, SINGLE, "      - Inventory", f"      - Inventory\n{six}")[0] == (
        f"{P}:7: a single question needs 2 to 5 choices, not 8"
    )
    nine = "\n".join(f"      - Option {i}" for i in range(6))
    assert broken(
        tmp_path, MULTIPLE, "      - Receivables\n    answers", f"      - Receivables\n{nine}\n    answers"
    ) == [f"{P}:7: a multiple question needs 2 to 8 choices, not 9"]


# A one-question file, one edit, and exactly the problems it must give (each on the line to fix).
BROKEN = [
    pytest.param(
        NUMERIC,
        "tolerance: 0.01",
        "tolerence: 0.01",
        [
            f"{P}:3: a numeric question needs 'tolerance' (absolute, e.g. 0.01) or 'tolerance_rel' (a "
            f"fraction of the answer, e.g. 0.005)",
            f"{P}:8: unknown key 'tolerence' in numeric question (did you mean 'tolerance'?)",
        ],
        id="suggests_the_key_meant_by_a_typo",
    ),
    pytest.param(
        NUMERIC,
        "id: a2-current-ratio-apple\n    ",
        "",
        [f"{P}:3: missing required key 'id' in numeric question"],
        id="a_missing_malformed_or_overlong_id-1",
    ),
    pytest.param(
        NUMERIC,
        "a2-current-ratio-apple",
        "A2_current",
        [
            f"{P}:3: question id 'A2_current' must be lowercase letters, digits and hyphens, e.g. "
            f"'a2-current-ratio-apple'"
        ],
        id="a_missing_malformed_or_overlong_id-2",
    ),
    pytest.param(
        NUMERIC,
        "a2-current-ratio-apple",
        "a" * 121,
        [f"{P}:3: question id '{('a' * 121)}' is 121 characters long: keep it to 120"],
        id="a_missing_malformed_or_overlong_id-3",
    ),
    pytest.param(
        TRUEFALSE,
        "type: truefalse\n    ",
        "",
        [f"{P}:3: missing required key 'type' in question"],
        id="a_missing_or_unknown_type-1",
    ),
    pytest.param(
        NUMERIC,
        "type: numeric",
        "type: numerc",
        [f"{P}:4: unknown question type 'numerc' (did you mean 'numeric'?)"],
        id="a_missing_or_unknown_type-2",
    ),
    pytest.param(
        NUMERIC,
        "type: numeric",
        "type: essay",
        [f"{P}:4: unknown question type 'essay' (known types: single, multiple, numeric, truefalse, cloze)"],
        id="a_missing_or_unknown_type-3",
    ),
    pytest.param(
        NUMERIC,
        "prompt: What is Apple's FY2023 current ratio?\n    ",
        "",
        [f"{P}:3: missing required key 'prompt' in numeric question"],
        id="a_missing_or_empty_prompt_or_explanation-1",
    ),
    pytest.param(
        NUMERIC,
        "prompt: What is Apple's FY2023 current ratio?",
        'prompt: "  "',
        [f"{P}:6: 'prompt' is empty: write the question in Markdown"],
        id="a_missing_or_empty_prompt_or_explanation-2",
    ),
    pytest.param(
        NUMERIC,
        "explanation: 143,566 / 145,308 = 0.988.",
        "explanation:",
        [f"{P}:10: 'explanation' is empty: write why the answer is right in Markdown"],
        id="a_missing_or_empty_prompt_or_explanation-3",
    ),
    pytest.param(
        NUMERIC,
        "explanation: 143,566 / 145,308 = 0.988.",
        "explanation: ' '",
        [f"{P}:10: 'explanation' is empty: write why the answer is right in Markdown"],
        id="a_missing_or_empty_prompt_or_explanation-4",
    ),
    pytest.param(
        NUMERIC,
        "outcomes: [A2.1]\n    ",
        "",
        [f"{P}:3: missing required key 'outcomes' in numeric question"],
        id="missing_empty_unknown_and_malformed_outcomes-1",
    ),
    pytest.param(
        NUMERIC,
        "outcomes: [A2.1]",
        "outcomes: []",
        [f"{P}:5: a question needs at least one learning outcome, e.g. 'outcomes: [A2.1]'"],
        id="missing_empty_unknown_and_malformed_outcomes-2",
    ),
    pytest.param(
        NUMERIC,
        "outcomes: [A2.1]",
        "outcomes:\n      - A2.1\n      - A9.9\n      - 2.1",
        [
            f"{P}:7: unknown outcome 'A9.9': no lesson in content/ declares it",
            f"{P}:8: each outcome must be an outcome id such as 'A2.1', not 2.1",
        ],
        id="missing_empty_unknown_and_malformed_outcomes-3",
    ),
    pytest.param(
        NUMERIC,
        "unit: x",
        "unit: x\n    difficulty: 4",
        [f"{P}:10: 'difficulty' must be 1 (easy), 2 (medium) or 3 (hard), not 4"],
        id="a_difficulty_outside_1_to_3-1",
    ),
    pytest.param(
        NUMERIC,
        "unit: x",
        "unit: x\n    difficulty: hard",
        [f"{P}:10: 'difficulty' must be a whole number, not the text 'hard'"],
        id="a_difficulty_outside_1_to_3-2",
    ),
    pytest.param(
        NUMERIC,
        "unit: x",
        "unit: x\n    hints: Divide.",
        [f"{P}:10: 'hints' must be a list, not the text 'Divide.'"],
        id="hints_that_are_not_a_list_of_text-1",
    ),
    pytest.param(
        NUMERIC,
        "unit: x",
        "unit: x\n    hints:\n      - Divide.\n      - 3\n      - ''",
        [
            f"{P}:12: each hint must be Markdown text, not 3",
            f"{P}:13: each hint must be Markdown text, not an empty item",
        ],
        id="hints_that_are_not_a_list_of_text-2",
    ),
    pytest.param(
        SINGLE,
        "- Inventory",
        "- ' cash'",
        [f"{P}:10: duplicate choice 'cash': choice A on line 8 says the same"],
        id="duplicate_and_non_text_choices-1",
    ),
    pytest.param(
        SINGLE,
        "- Inventory",
        "- 1.10",
        [f'{P}:10: choice C must be text, not 1.1: put it in quotes, e.g. "1.10"'],
        id="duplicate_and_non_text_choices-2",
    ),
    pytest.param(
        SINGLE, "- Inventory", "-", [f"{P}:10: choice C is empty"], id="duplicate_and_non_text_choices-3"
    ),
    pytest.param(
        SINGLE,
        "answer: Commercial paper\n    ",
        "",
        [f"{P}:3: missing required key 'answer' in single question"],
        id="a_single_answer_missing_or_not_among_the_choices-1",
    ),
    pytest.param(
        SINGLE,
        "answer: Commercial paper",
        "answer: Commercial papers",
        [
            f"{P}:11: answer 'Commercial papers' is not one of the choices: copy one exactly (did you mean "
            f"'Commercial paper'?)"
        ],
        id="a_single_answer_missing_or_not_among_the_choices-2",
    ),
    pytest.param(
        SINGLE,
        "answer: Commercial paper",
        "answer: [Cash, Inventory]",
        [
            f"{P}:11: 'answer' must be one choice; for several correct choices use 'type: multiple' and "
            f"'answers'"
        ],
        id="a_single_answer_missing_or_not_among_the_choices-3",
    ),
    pytest.param(
        SINGLE,
        "answer: Commercial paper",
        "answer: 3",
        [f"{P}:11: 'answer' must be text, not 3: put it in quotes, e.g. \"3\""],
        id="a_single_answer_missing_or_not_among_the_choices-4",
    ),
    pytest.param(
        MULTIPLE,
        "answers:\n      - Cash\n      - Receivables\n    ",
        "answer: Cash\n    ",
        [
            f"{P}:3: missing required key 'answers' in multiple question",
            f"{P}:11: unknown key 'answer' in multiple question (did you mean 'answers'?)",
        ],
        id="multiple_answers_missing_empty_unknown_or_repeated-1",
    ),
    pytest.param(
        MULTIPLE,
        "answers:\n      - Cash\n      - Receivables\n    ",
        "answers: []\n    ",
        [f"{P}:11: 'answers' is empty: list every correct choice"],
        id="multiple_answers_missing_empty_unknown_or_repeated-2",
    ),
    pytest.param(
        MULTIPLE,
        "- Receivables\n    explanation",
        "- Recievables\n    explanation",
        [
            f"{P}:13: answer 'Recievables' is not one of the choices: copy one exactly (did you mean "
            f"'Receivables'?)"
        ],
        id="multiple_answers_missing_empty_unknown_or_repeated-3",
    ),
    pytest.param(
        MULTIPLE,
        "- Receivables\n    explanation",
        "- Cash\n    explanation",
        [f"{P}:13: answer 'Cash' is listed twice"],
        id="multiple_answers_missing_empty_unknown_or_repeated-4",
    ),
    pytest.param(
        NUMERIC,
        "answer: 0.988\n    ",
        "",
        [f"{P}:3: missing required key 'answer' in numeric question"],
        id="a_numeric_answer_missing_or_not_a_number-1",
    ),
    pytest.param(
        NUMERIC,
        "answer: 0.988",
        'answer: "1,742"',
        [f"{P}:7: unparseable number '1,742' in 'answer': write 1742 (no quotes or separators)"],
        id="a_numeric_answer_missing_or_not_a_number-2",
    ),
    pytest.param(
        NUMERIC,
        "answer: 0.988",
        "answer: 1,742",
        [f"{P}:7: unparseable number '1,742' in 'answer': write 1742 (no quotes or separators)"],
        id="a_numeric_answer_missing_or_not_a_number-3",
    ),
    pytest.param(
        NUMERIC,
        "answer: 0.988",
        "answer: 25.3%",
        [f"{P}:7: unparseable number '25.3%' in 'answer': write 25.3 and set unit: \"%\""],
        id="a_numeric_answer_missing_or_not_a_number-4",
    ),
    pytest.param(
        NUMERIC,
        "answer: 0.988",
        "answer: about one",
        [
            f"{P}:7: unparseable number 'about one' in 'answer': write a plain number such as 1742, -0.5 or "
            f"1.2e3"
        ],
        id="a_numeric_answer_missing_or_not_a_number-5",
    ),
    pytest.param(
        NUMERIC,
        "answer: 0.988",
        "answer: yes",
        [f"{P}:7: 'answer' must be a number, not the boolean True"],
        id="a_numeric_answer_missing_or_not_a_number-6",
    ),
    pytest.param(
        NUMERIC,
        "answer: 0.988",
        "answer: .inf",
        [f"{P}:7: 'answer' must be a finite number, not inf"],
        id="a_numeric_answer_missing_or_not_a_number-7",
    ),
    pytest.param(
        NUMERIC,
        "tolerance: 0.01\n    ",
        "",
        [
            f"{P}:3: a numeric question needs 'tolerance' (absolute, e.g. 0.01) or 'tolerance_rel' (a "
            f"fraction of the answer, e.g. 0.005)"
        ],
        id="tolerance_missing_doubled_or_negative-1",
    ),
    pytest.param(
        NUMERIC,
        "tolerance: 0.01",
        "tolerance: 0.01\n    tolerance_rel: 0.005",
        [f"{P}:9: give either 'tolerance' or 'tolerance_rel', not both"],
        id="tolerance_missing_doubled_or_negative-2",
    ),
    pytest.param(
        NUMERIC,
        "tolerance: 0.01",
        "tolerance: -0.01",
        [f"{P}:8: 'tolerance' must be 0 or more, not -0.01"],
        id="tolerance_missing_doubled_or_negative-3",
    ),
    pytest.param(
        NUMERIC,
        "tolerance: 0.01",
        "tolerance_rel: -5e-3",
        [f"{P}:8: 'tolerance_rel' must be 0 or more, not -5e-3"],
        id="tolerance_missing_doubled_or_negative-4",
    ),
    pytest.param(
        NUMERIC,
        "unit: x",
        "unit: bps",
        [
            f"{P}:9: unknown unit 'bps' (did you mean 'bp'?): use one of %, bp, x, $m, $bn or $, or omit "
            f"'unit' for a pure number"
        ],
        id="an_unknown_unit-1",
    ),
    pytest.param(
        NUMERIC,
        "unit: x",
        "unit: EUR",
        [f"{P}:9: unknown unit 'EUR': use one of %, bp, x, $m, $bn or $, or omit 'unit' for a pure number"],
        id="an_unknown_unit-2",
    ),
    pytest.param(
        TRUEFALSE,
        "answer: true",
        'answer: "true"',
        [f"{P}:7: 'answer' must be true or false (without quotes), not the text 'true'"],
        id="a_truefalse_answer_that_is_not_a_boolean-1",
    ),
    pytest.param(
        TRUEFALSE,
        "answer: true\n    ",
        "",
        [f"{P}:3: missing required key 'answer' in truefalse question"],
        id="a_truefalse_answer_that_is_not_a_boolean-2",
    ),
    pytest.param(
        CLOZE,
        "prompt: >-\n      A balance sheet is a {{c1::point|moment}} in time;\n      an income statement "
        "covers a {{c2::period|span::a length of time}}.",
        "prompt: A balance sheet is a point in time.",
        [f"{P}:6: a cloze prompt needs at least one deletion such as {{{{c1::answer}}}}"],
        id="a_cloze_prompt_without_deletions",
    ),
    pytest.param(
        CLOZE,
        "{{c2::period|span::a length of time}}",
        "{{c2::period||span}}",
        [
            f"{P}:8: deletion c2 has an empty accepted answer: write it after 'c2::', with text on both "
            f"sides of each '|'"
        ],
        id="cloze_deletions_on_their_own_lines-1",
    ),
    pytest.param(
        CLOZE,
        "{{c2::period|span::a length of time}}",
        "{{c1::period}}",
        [f"{P}:8: deletion number c1 is used twice (first on line 7): number them c1, c2, ..."],
        id="cloze_deletions_on_their_own_lines-2",
    ),
    pytest.param(
        CLOZE,
        "{{c2::period|span::a length of time}}",
        "{{c2:period}}",
        [
            f"{P}:8: malformed deletion "
            f"'{{{{c2:period': write {{{{c1::answer}}}}, {{{{c1::one|other}}}} or {{{{c1::answer::hint}}}}"
        ],
        id="cloze_deletions_on_their_own_lines-3",
    ),
    pytest.param(
        CLOZE,
        "explanation:",
        "answer: point\n    explanation:",
        [
            f"{P}:9: a cloze question has no 'answer': mark each answer in the prompt, e.g. "
            f"{{{{c1::current ratio}}}}"
        ],
        id="an_answer_key_on_a_cloze_question",
    ),
]


@pytest.mark.parametrize(("question", "old", "new", "expected"), BROKEN)
def test_it_reports_a_broken_question_on_the_line_to_fix(tmp_path, question, old, new, expected):
    assert broken(tmp_path, question, old, new) == expected
