"""References in a lesson: glossary terms found as the renderer finds them (even split over lines),
and outcome ids that match their track and lesson."""

from __future__ import annotations

import pytest

from learn.lessons.references import scan_body_references
from learn.lessons.rendering import GlossaryRef, glossary_key, render_markdown
from tests.publishing.conftest import SECOND, THIRD


def test_a_glossary_reference_split_across_lines_is_checked_on_the_line_of_its_brackets(content):
    content.valid()
    content.lesson("third", order=3, body="Intro.\n\nThe [[frobni\ncator]] matters.\n")
    assert content.problems() == [
        f"{THIRD}:14: unknown glossary term 'frobni cator': add it to content/glossary.yaml or fix the "
        f"spelling"
    ]


def test_a_known_term_split_across_lines_passes(content):
    content.valid()
    content.lesson("third", order=3, body="Intro.\n\nThe [[working\ncapital|headroom\nof a firm]] matters.\n")
    assert content.problems() == []


GLOSSARY_REFS = {
    glossary_key("working capital"): GlossaryRef("working-capital", "Working capital", "CA - CL.")
}


@pytest.mark.parametrize(
    "body",
    [
        "The [[working\ncapital]] here.",
        "The [[frobni\ncator]] here.",
        "The [[frobni\ncator|shown\ntext]] here.",
        "> Quoted [[working\n> capital]] here.",
        "> Quoted [[frobni\n> cator]] here.",
        "Escaped \\[[frobnicator]] here.",
        "Code `[[frob\nnicator]]` here.",
        "Two paragraphs [[frob\n\nnicator]] here.",
        "!!! note\n    Inside [[working\n    capital]] a box.",
        "!!! note\n    Inside [[frobni\n    cator]] a box.",
        "- item [[working\n  capital]] in a list",
        "```\n[[frobnicator]]\n```",
        "A [[working capital]] and a [[frobnicator]].",
    ],
)
def test_the_checker_and_the_renderer_agree(body):
    refs = scan_body_references(body, 1)
    unknown = [t for _, kind, t in refs if kind == "glossary" and glossary_key(t) not in GLOSSARY_REFS]
    known = [t for _, kind, t in refs if kind == "glossary" and glossary_key(t) in GLOSSARY_REFS]
    html = render_markdown(
        body, glossary=GLOSSARY_REFS, lesson_url=lambda s: None, glossary_url=lambda s: "/g/"
    ).html
    assert bool(unknown) == ("gloss-missing" in html), (refs, html)
    assert bool(known) == ('class="gloss"' in html), (refs, html)


def test_an_outcome_id_must_start_with_the_track_code_and_lesson_order(content):
    content.valid()
    content.edit("basics/02-second.md", "id: A2.1", "id: Q9.1")
    assert content.problems() == [
        f"{SECOND}:8: outcome id 'Q9.1' should start with 'A2.' (track A, lesson 2)"
    ]


def test_an_outcome_id_must_end_with_a_number_from_1(content):
    content.valid()
    content.edit("basics/02-second.md", "id: A2.1", "id: A2.0")
    assert content.problems() == [
        f"{SECOND}:8: outcome id 'A2.0' should end with a number from 1, e.g. 'A2.1'"
    ]


def test_a_longer_track_code_is_a_longer_prefix(content):
    content.track("money", code="MB", order=2, title="Money")
    content.glossary()
    content.lesson("coins", track="money", order=3, outcome="MB3.1")
    content.lesson("notes", track="money", order=4, outcome="M4.1")
    assert content.problems() == [
        "content/money/04-notes.md:8: outcome id 'M4.1' should start with 'MB4.' (track MB, lesson 4)"
    ]
