"""Each lesson's "Check yourself" keeps its worked answers closed until the learner asks for them."""

from __future__ import annotations

import re

import pytest

from learn.lessons.models import Lesson

pytestmark = pytest.mark.django_db


def check_yourself(html: str) -> str:
    match = re.search(
        r'<h2 id="check-yourself">Check yourself</h2>(.*?)(?:<h2|<div class="footnote"|$)', html, re.S
    )
    assert match, "no Check yourself section"
    return match.group(1)


def test_every_worked_answer_is_collapsed(synced_real_content):
    lessons = list(Lesson.objects.published())
    assert lessons
    for lesson in lessons:
        section = check_yourself(lesson.body_html)
        questions = re.findall(r"<p><strong>\d+\.</strong>", section)
        answers = re.findall(r'<details class="answer">\s*<summary>Answer</summary>', section)
        assert questions and len(answers) == len(questions), lesson.slug
        assert '<details class="answer" open' not in section
        assert not re.search(r"<p>Answer:", section), f"{lesson.slug} shows an answer in the open"


def test_the_page_shows_the_question_and_hides_its_answer(client, synced_real_content):
    html = client.get("/lessons/accounting-equation/").content.decode()
    section = check_yourself(html)
    assert "A company borrows 50 from a bank" in section
    answer = re.search(r'<details class="answer">\s*<summary>Answer</summary>(.*?)</details>', section, re.S)
    assert "Assets rise by 50 (cash)" in answer.group(1)
