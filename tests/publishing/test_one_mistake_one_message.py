"""One mistake, one message: a broken file does not flood the files that refer to what it defines."""

from __future__ import annotations

import pytest

from tests.publishing.conftest import FIRST, GLOSSARY_FILE, HX, LESSON_HEAD, QUIZ_FILE, SECOND, THIRD


def test_a_broken_glossary_line_does_not_flood_the_lessons(content):
    content.valid()
    content.edit("glossary.yaml", "  engineer: A capacity-over-demand ratio.", "  engineer: A: capacity")
    content.lesson(
        "third", order=3, body="[[working capital]], [[current ratio]] and [[net working capital]].\n"
    )
    assert content.problems() == [
        f"{GLOSSARY_FILE}:9: invalid YAML in glossary: mapping values are not allowed here"
    ]


def test_a_glossary_entry_with_a_problem_does_not_flood_the_lessons_that_use_it(content):
    content.valid()
    content.edit("glossary.yaml", "  engineer: A capacity-over-demand ratio.\n", "")
    assert content.problems() == [f"{GLOSSARY_FILE}:6: missing required key 'engineer' in glossary entry"]


def test_a_misspelt_term_is_still_reported_when_the_glossary_is_fine(content):
    content.valid()
    content.lesson("third", order=3, body="[[workng capital]].\n")
    assert content.problems() == [
        f"{THIRD}:12: unknown glossary term 'workng capital': add it to content/glossary.yaml or fix the "
        f"spelling"
    ]


def test_an_unquoted_colon_in_a_title_gives_one_problem_not_one_per_reference(content):
    content.valid()
    content.quiz()
    content.lesson("third", order=3, prerequisites="[first]", body="See [it](lesson:first).\n")
    content.edit("basics/01-first.md", "title: Lesson first", "title: Lesson: first")
    assert content.problems() == [
        f"{FIRST}:2: invalid YAML in front matter: mapping values are not allowed here"
    ]


def test_references_the_broken_file_does_not_define_are_still_reported(content):
    content.valid()
    content.quiz()
    content.edit("basics/01-first.md", "title: Lesson first", "title: Lesson: first")
    content.lesson("third", order=3, prerequisites="[ghost]")
    path = content.root / "quizzes/basics/first.yaml"
    path.write_text(
        path.read_text().replace("outcomes: [A1.1]\n    prompt: Which", "outcomes: [A7.1]\n    prompt: Which")
    )
    assert content.problems() == [
        f"{FIRST}:2: invalid YAML in front matter: mapping values are not allowed here",
        f"{THIRD}:10: unknown prerequisite 'ghost': no lesson has that slug",
        f"{QUIZ_FILE}:5: unknown outcome 'A7.1': no lesson in content/ declares it",
    ]


def test_when_nothing_can_be_made_of_the_broken_file_the_references_name_it(content):
    content.valid()
    content.quiz(
        text="lesson: first\nquestions:\n  - id: q\n    type: truefalse\n    outcomes: [A1.1]\n"
        "    prompt: P.\n    answer: true\n    explanation: E.\n"
    )
    (content.dir / "basics/01-first.md").write_bytes(b"---\ntitle: caf\xe9\n")
    note = f" (it may be defined in {FIRST}, which could not be read)"
    assert content.problems() == [
        f"{FIRST}:1: file is not valid UTF-8 (byte 14): save it as UTF-8",
        f"{SECOND}:10: unknown prerequisite 'first': no lesson has that slug{note}",
        f"{SECOND}:14: link to a lesson that does not exist: 'lesson:first'{note}",
        f"{QUIZ_FILE}:1: unknown lesson 'first': no lesson in content/ has that slug{note}",
        f"{QUIZ_FILE}:5: unknown outcome 'A1.1': no lesson in content/ declares it{note}",
    ]


def test_a_broken_track_file_does_not_flood_its_lessons(content):
    content.valid()
    content.edit("basics/_track.md", "title: Basics", "title: Basics: the start")
    assert content.problems() == [
        "content/basics/_track.md:2: invalid YAML in front matter: mapping values are not allowed here"
    ]


@pytest.mark.django_db
def test_the_preview_is_not_flooded_by_a_broken_glossary(previewing, content):
    content.edit("glossary.yaml", "  engineer: A capacity-over-demand ratio.", "  engineer: A: capacity")
    html = previewing.post(
        "/preview/", {"source": LESSON_HEAD + "See [[working capital]].\n"}, **HX
    ).content.decode()
    assert "No problems" in html
