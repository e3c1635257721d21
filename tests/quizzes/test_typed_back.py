"""An answer that cannot be graded comes back in its field, so the learner can correct it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from learn.quizzes.models import Question
from learn.reviews.models import Card, PendingReview

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def test_the_lesson_check_keeps_an_unreadable_number(client, synced_real_content):
    qid = Question.objects.filter(type="numeric").order_by("qid").values_list("qid", flat=True).first()
    html = client.post(f"/quiz/{qid}/check", {"response": "1..2"}, headers=HTMX).content.decode()
    assert 'value="1..2"' in html


def test_the_review_screen_keeps_an_unreadable_number(client, alice, synced_real_content):
    question = Question.objects.filter(type="numeric").order_by("qid").first()
    Card.objects.add_for(alice, [question], timezone.now())
    client.force_login(alice)
    client.get("/review/")
    pending = PendingReview.objects.get(user=alice)
    html = client.post("/review/answer", {"token": pending.token, "response": "1..2"}, headers=HTMX).content.decode()
    assert 'data-stage="question"' in html and 'value="1..2"' in html


def test_the_review_screen_keeps_the_blanks_of_a_cloze(client, alice, synced_real_content):
    question = Question.objects.get(qid="a1-stock-versus-flow-cloze")
    Card.objects.add_for(alice, [question], timezone.now())
    client.force_login(alice)
    client.get("/review/")
    pending = PendingReview.objects.get(user=alice)
    # three values for two blanks cannot be graded; what was typed in the two blanks comes back
    html = client.post("/review/answer", {"token": pending.token, "response": ["a moment", "a span", "x"]},
                       headers=HTMX).content.decode()
    assert 'data-stage="question"' in html and 'value="a moment"' in html and 'value="a span"' in html
