"""Fixtures for the review tests: a content bank whose every question is a card, one of them reviewed."""

from __future__ import annotations

import pytest
from django.utils import timezone

from learn.publishing.sync import sync_content
from learn.quizzes.models import Question
from learn.reviews import services
from learn.reviews.models import Card, PendingReview
from learn.reviews.scheduling import Rating

QUIZ_TWO_LESSONS = """
lesson: second
questions:
  - id: q-second
    type: single
    outcomes: [A2.1]
    prompt: "Which ratio compares current assets with current liabilities? Think of **S&P** filings."
    choices: [Current ratio, Debt-to-equity]
    answer: Current ratio
    explanation: Current assets over current liabilities.
"""


@pytest.fixture
def bank(content, alice):
    """Lessons first (three questions) and second (one); alice has all four cards and rated q-truefalse
    Easy."""
    content.valid()
    content.quiz()
    content.quiz("basics/second.yaml", QUIZ_TWO_LESSONS)
    assert sync_content(content.dir, root=content.root).ok
    return add_every_card_and_review_one(alice)


@pytest.fixture
def reviewed(content, alice):
    """Lesson first's three questions; alice has all three cards and rated q-truefalse Easy."""
    content.valid()
    content.quiz()
    assert sync_content(content.dir, root=content.root).ok
    return add_every_card_and_review_one(alice)


def add_every_card_and_review_one(user):
    """Every question becomes one of ``user``'s cards; q-truefalse is answered right and rated Easy now."""
    now = timezone.now()
    Card.objects.add_for(user, Question.objects.all(), now)
    pending = PendingReview.objects.open_for(Card.objects.get(user=user, question__qid="q-truefalse"), now)
    services.submit_answer(pending, "true", now)
    services.rate(user, pending.token, Rating.EASY, now)
    return now
