"""The lesson check and the review queue are one flow: a signed-in learner's first answer to a question is
its card's first review (through the review service, with its log row), so the queue does not ask it again
as a new card; completing the lesson adds only the questions not yet answered."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from learn.publishing.sync import sync_content
from learn.reviews import services
from learn.reviews.models import Card, ReviewDay, ReviewLog

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def bank(content):
    content.valid()
    content.quiz()
    assert sync_content(content.dir, root=content.root).ok


@pytest.fixture
def learner(client, alice):
    client.force_login(alice)
    return client


@time_machine.travel(NOW, tick=False)
def test_a_right_first_answer_is_recorded_as_good_and_comes_back_in_days(learner, alice):
    html = learner.post("/quiz/q-numeric/check", {"response": "0.99"}, **HX).content.decode()
    log = ReviewLog.objects.get(user=alice)
    card = Card.objects.get(user=alice, question__qid="q-numeric")
    assert (log.rating, log.correct, log.was_new, log.answer) == (3, True, True, "0.99")
    assert card.reps == 1 and card.state == Card.State.REVIEW  # no learning step: the lesson was the learning
    assert card.due - NOW >= timedelta(days=1)
    assert "Counted as this card's first review (Good): it comes back in your" in html
    assert ReviewDay.objects.get(user=alice).new_cards == 1


@time_machine.travel(NOW, tick=False)
def test_a_wrong_first_answer_is_recorded_as_again_and_comes_back_in_minutes(learner, alice):
    html = learner.post("/quiz/q-single/check", {"response": "0"}, **HX).content.decode()
    log = ReviewLog.objects.get(user=alice)
    card = Card.objects.get(user=alice, question__qid="q-single")
    assert (log.rating, log.correct) == (1, False)
    assert card.state == Card.State.LEARNING and card.due - NOW == timedelta(minutes=1)
    assert "first review (Again): it comes back in your" in html and "in 1m." in html


@time_machine.travel(NOW, tick=False)
def test_a_second_answer_is_practice_and_records_nothing(learner, alice):
    learner.post("/quiz/q-numeric/check", {"response": "0.99"}, **HX)
    html = learner.post("/quiz/q-numeric/check", {"response": "5"}, **HX).content.decode()
    assert ReviewLog.objects.filter(user=alice).count() == 1
    assert Card.objects.get(user=alice, question__qid="q-numeric").reps == 1
    assert "Practice only: this card is already in your reviews" in html


def test_an_answer_that_cannot_be_graded_records_nothing(learner, alice):
    html = learner.post("/quiz/q-numeric/check", {"response": "abc"}, **HX).content.decode()
    assert not ReviewLog.objects.exists() and not Card.objects.exists()
    assert 'role="alert"' in html


def test_a_visitor_is_graded_and_invited_to_sign_up(client):
    html = client.post("/quiz/q-numeric/check", {"response": "0.99"}, **HX).content.decode()
    assert "Correct" in html and not Card.objects.exists() and not ReviewLog.objects.exists()
    page = client.get("/lessons/first/").content.decode()
    assert 'href="/accounts/signup/?next=/lessons/first/">Sign up</a> to have your answers count' in page


@time_machine.travel(NOW, tick=False)
def test_completing_the_lesson_adds_only_the_questions_not_answered(learner, alice):
    learner.post("/quiz/q-numeric/check", {"response": "0.99"}, **HX)
    learner.post("/lessons/first/complete", {"done": "1"})
    cards = {c.question.qid: c.reps for c in Card.objects.filter(user=alice).select_related("question")}
    assert cards == {"q-numeric": 1, "q-single": 0, "q-truefalse": 0}
    queue = services.review_queue(alice, NOW)
    assert queue.card.question.qid != "q-numeric" and (queue.learning, queue.review, queue.new) == (0, 0, 2)


@time_machine.travel(NOW, tick=False)
def test_the_first_review_from_the_lesson_can_be_undone_like_any_review(learner, alice):
    learner.post("/quiz/q-numeric/check", {"response": "0.99"}, **HX)
    card = services.undo_last(alice)
    assert card.reps == 0 and card.is_new and not ReviewLog.objects.exists()
    assert ReviewDay.objects.get(user=alice).new_cards == 0


def test_without_javascript_the_lesson_page_shows_the_recorded_review(learner, alice):
    html = learner.post("/quiz/q-truefalse/check", {"response": "true"}).content.decode()
    assert "Counted as this card's first review (Good)" in html
    assert ReviewLog.objects.filter(user=alice, question__qid="q-truefalse").exists()
