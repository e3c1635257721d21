"""Duplicate keys, unclosed brackets and empty keys: each is one problem, on the line to fix."""

from __future__ import annotations

import pytest

from tests.publishing.conftest import GLOSSARY_FILE, QUIZ_FILE, SECOND


def test_a_duplicate_key_in_front_matter_is_reported_and_blames_no_other_file(content):
    content.valid()
    content.quiz()
    content.edit("basics/02-second.md", "order: 2\n", "order: 2\norder: 1\n")  # 1 is first's order
    assert content.problems() == [f"{SECOND}:6: duplicate key 'order' (first on line 5)"]


def test_a_duplicate_key_inside_an_outcome_is_reported(content):
    content.valid()
    content.edit(
        "basics/02-second.md", "    text: Do a thing.\n", "    text: Do a thing.\n    text: Another.\n"
    )
    assert content.problems() == [f"{SECOND}:10: duplicate key 'text' (first on line 9)"]


def test_a_duplicate_key_in_a_track_file_is_reported(content):
    content.valid()
    content.edit("basics/_track.md", "code: A\n", "code: A\ncode: B\n")
    assert content.problems() == ["content/basics/_track.md:5: duplicate key 'code' (first on line 4)"]


def test_a_duplicate_key_in_the_glossary_is_reported_and_no_lesson_is_blamed(content):
    content.valid()
    content.edit("glossary.yaml", "  slug: current-ratio\n", "  slug: current-ratio\n  slug: ratio\n")
    assert content.problems() == [f"{GLOSSARY_FILE}:8: duplicate key 'slug' (first on line 7)"]


def test_a_duplicate_key_in_a_quiz_file_is_reported(content):
    content.valid()
    content.quiz()
    path = content.root / "quizzes/basics/first.yaml"
    path.write_text(path.read_text().replace("    answer: 0.988\n", "    answer: 0.988\n    answer: 0.9\n"))
    assert content.problems() == [f"{QUIZ_FILE}:15: duplicate key 'answer' (first on line 14)"]


def test_an_unclosed_bracket_in_front_matter_is_reported_on_its_own_line(content):
    content.valid()
    content.edit("basics/02-second.md", "order: 2", "order: [99")
    assert content.problems() == [
        f"{SECOND}:5: invalid YAML in front matter: while parsing a flow sequence, expected ',' or ']', "
        "but got ':' on line 6"
    ]


def test_an_unclosed_bracket_in_the_glossary_is_reported_on_its_own_line(content):
    content.valid()
    content.edit("glossary.yaml", "aliases: [net working capital]", "aliases: [balance sheet equation")
    assert content.problems() == [
        f"{GLOSSARY_FILE}:3: invalid YAML in glossary: while parsing a flow sequence, expected ',' or ']', "
        "but got ':' on line 4"
    ]


def test_an_empty_quiz_explanation_is_one_problem_on_its_line(content):
    content.valid()
    for empty in ('explanation: ""', "explanation:", "explanation: '  '"):
        content.quiz(
            text=f"lesson: first\nquestions:\n  - id: q\n    type: truefalse\n    outcomes: [A1.1]\n"
            f"    prompt: P.\n    answer: true\n    {empty}\n"
        )
        assert content.problems() == [
            f"{QUIZ_FILE}:8: 'explanation' is empty: write why the answer is right in Markdown"
        ]


def test_an_absent_quiz_explanation_is_missing_on_the_questions_first_line(content):
    content.valid()
    content.quiz(
        text="lesson: first\nquestions:\n  - id: q\n    type: truefalse\n    outcomes: [A1.1]\n"
        "    prompt: P.\n    answer: true\n"
    )
    assert content.problems() == [f"{QUIZ_FILE}:3: missing required key 'explanation' in truefalse question"]


def test_empty_questions_are_one_problem_on_their_line(content):
    content.valid()
    content.quiz(text="lesson: first\nquestions:\n")
    assert content.problems() == [
        f"{QUIZ_FILE}:2: 'questions' is empty: add at least one question, starting '- id: ...'"
    ]


@pytest.mark.parametrize("empty", ["title:", 'title: ""', "title: '   '"])
def test_an_empty_front_matter_key_is_one_problem_on_its_line(content, empty):
    content.valid()
    content.edit("basics/02-second.md", "slug: second", "slug: second\n" + empty)
    content.edit("basics/02-second.md", "title: Lesson second\n", "")
    assert content.problems() == [f"{SECOND}:3: 'title' is empty in lesson front matter"]


def test_an_empty_outcome_text_is_one_problem_on_its_line(content):
    content.valid()
    content.edit("basics/02-second.md", "    text: Do a thing.", "    text:")
    assert content.problems() == [f"{SECOND}:9: 'text' is empty in outcome"]


def test_an_absent_front_matter_key_is_missing_on_the_first_line(content):
    content.valid()
    content.edit("basics/02-second.md", "title: Lesson second\n", "")
    assert content.problems() == [f"{SECOND}:2: missing required key 'title' in lesson front matter"]
