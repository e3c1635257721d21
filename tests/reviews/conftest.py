"""Fixtures for the review tests: a two-lesson bank with every card added and one reviewed."""

from __future__ import annotations

import pytest
from django.utils import timezone

from learn.lessons.sync import sync_content
from learn.quizzes.models import Question
from learn.reviews import services
from learn.reviews.models import Card, PendingReview

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
    """Lessons first (three questions) and second (one); alice has all four cards and rated q-truefalse Easy."""
    content.valid()
    content.quiz()
    content.quiz("basics/second.yaml", QUIZ_TWO_LESSONS)
    assert sync_content(content.dir, root=content.root).ok
    now = timezone.now()
    Card.objects.add_for(alice, list(Question.objects.all()), now)
    card = Card.objects.get(user=alice, question__qid="q-truefalse")
    pending = PendingReview.objects.open_for(card, now)
    services.submit_answer(pending, "true", now)
    services.rate(alice, pending.token, 4, now)
    return now
