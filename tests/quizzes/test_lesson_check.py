"""The end-of-lesson check: immediate feedback with the explanation, with or without JavaScript."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from learn.publishing.sync import sync_content
from learn.quizzes.models import Question

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def bank(content):
    content.valid()
    content.quiz()
    assert sync_content(content.dir, root=content.root).ok


def test_the_lesson_ends_with_its_questions(client):
    html = client.get("/lessons/first/").content.decode()
    assert "Check your understanding" in html
    assert html.count('class="card check-item"') == 3
    ids = [i for i in re.findall(r'<input id="([^"]+)"', html) if i != "site-search"]
    assert [i for i, n in Counter(ids).items() if n > 1] == []


def test_a_right_answer_gets_feedback_and_the_explanation(client):
    response = client.post("/quiz/q-numeric/check", {"response": "0.99"}, **HX)
    html = response.content.decode()
    assert html.lstrip().startswith('<div class="card check-item" id="check-q-numeric">')
    assert "Correct" in html and "143,566 / 145,308 = 0.988." in html


def test_a_wrong_answer_shows_the_correct_one(client):
    html = client.post("/quiz/q-single/check", {"response": "0"}, **HX).content.decode()
    assert "Not quite" in html and "Correct answer" in html and "B. Commercial paper" in html


def test_a_malformed_answer_asks_again_with_a_message(client):
    html = client.post("/quiz/q-numeric/check", {"response": "lots"}, **HX).content.decode()
    assert 'role="alert">Enter' in html and "Not quite" not in html


def test_it_works_without_javascript(client):
    html = client.post("/quiz/q-truefalse/check", {"response": "true"}).content.decode()
    assert "<html" in html and "Correct" in html and "The bank owes them to its customers." in html


def test_archived_questions_cannot_be_checked(client):
    Question.objects.filter(qid="q-single").update(archived=True)
    assert client.post("/quiz/q-single/check", {"response": "1"}).status_code == 404
    assert client.get("/quiz/q-numeric/check").status_code == 405
