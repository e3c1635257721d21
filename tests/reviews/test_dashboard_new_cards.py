"""With no new card available, the dashboard says why and where more come from: the next lesson to
complete, or a whole track added from its page."""

from __future__ import annotations

import pytest
from django.utils import timezone

from learn.publishing.sync import sync_content
from learn.quizzes.models import Question
from learn.reviews.dashboard import build_dashboard
from learn.reviews.models import Card, PendingReview, ReviewSettings
from learn.reviews.scheduling import Rating
from learn.reviews.services import rate, submit_answer

from .conftest import QUIZ_TWO_LESSONS

pytestmark = pytest.mark.django_db


@pytest.fixture
def first_lesson_learned(client, alice, content):
    """Lessons first (three questions) and second (one); alice completed the first and has reviewed its
    three cards, so none is new and the second lesson's question is not in her reviews."""
    content.valid()
    content.quiz()
    content.quiz("basics/second.yaml", QUIZ_TWO_LESSONS)
    assert sync_content(content.dir, root=content.root).ok
    client.force_login(alice)
    assert client.post("/lessons/first/complete").status_code in (200, 302)
    now = timezone.now()
    for card in Card.objects.filter(user=alice).select_related("question"):
        pending = PendingReview.objects.open_for(card, now)
        submit_answer(
            pending, {"single": "1", "numeric": "0.988", "truefalse": "true"}[card.question.type], now
        )
        rate(alice, pending.token, Rating.GOOD, now)
    assert Card.objects.filter(user=alice, reps=0).count() == 0
    return now


def test_it_says_where_new_cards_come_from_and_links_the_next_lesson_and_the_track(
    client, alice, first_lesson_learned
):
    board = build_dashboard(alice, timezone.now())
    assert (board.new_available, board.new_in_reviews, board.not_in_reviews) == (0, 0, 1)
    assert board.next_lesson.slug == "second" and [t.slug for t in board.tracks_to_add] == ["basics"]
    page = client.get("/dashboard/").content.decode()
    section = page.split('data-testid="new-cards-source"', 1)[1].split("</section>", 1)[0]
    assert "Where new cards come from" in section
    assert "When you mark a lesson complete, its questions join your reviews as new cards." in section
    assert "1 question is not in your reviews yet" in section
    assert '<a href="/lessons/second/">Lesson second</a>' in section
    assert '<a href="/tracks/basics/">A. Basics</a>' in section


def test_it_says_when_the_daily_limit_is_what_holds_new_cards_back(client, alice, first_lesson_learned):
    client.post("/lessons/second/complete")  # adds q-second, a new card
    ReviewSettings.objects.filter(user=alice).update(new_per_day=0)
    page = client.get("/dashboard/").content.decode()
    section = page.split('data-testid="new-cards-source"', 1)[1].split("</section>", 1)[0]
    assert "New cards are off: your daily limit is 0; 1 more is waiting in your reviews." in section
    assert 'href="/review/settings/"' in section
    assert "Where new cards come from" not in page


def test_a_learner_who_started_every_question_is_told_so_not_shown_an_empty_box(
    client, alice, first_lesson_learned
):
    client.post("/lessons/second/complete")
    now = timezone.now()
    card = Card.objects.get(user=alice, reps=0)
    pending = PendingReview.objects.open_for(card, now)
    submit_answer(pending, "1", now)
    rate(alice, pending.token, Rating.AGAIN, now)  # allowed whatever the answer: the card is started
    board = build_dashboard(alice, timezone.now())
    assert (board.new_available, board.new_in_reviews, board.not_in_reviews) == (0, 0, 0)
    client.post("/lessons/second/complete")  # as any post does, makes the learner's cached pages old
    page = client.get("/dashboard/").content.decode()
    section = page.split('data-testid="new-cards-source"', 1)[1].split("</section>", 1)[0]
    assert "Every question on the site is in your reviews and started" in section


def test_nothing_is_said_while_new_cards_are_available(client, alice, first_lesson_learned):
    client.post("/lessons/second/complete")
    assert build_dashboard(alice, timezone.now()).new_available == 1
    assert 'data-testid="new-cards-source"' not in client.get("/dashboard/").content.decode()


def test_a_learner_without_cards_is_shown_the_track_page_too(client, alice, content):
    content.valid()
    content.quiz()
    assert sync_content(content.dir, root=content.root).ok
    assert Question.objects.count() == 3
    client.force_login(alice)
    page = client.get("/dashboard/").content.decode()
    section = page.split('data-testid="nothing-due"', 1)[1].split("</section>", 1)[0]
    assert "No review cards yet" in section and '<a href="/tracks/basics/">A. Basics</a>' in section
