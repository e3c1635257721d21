"""The hint under the rating buttons matches the buttons: after a wrong answer only Again is offered,
and the hint says so and gives the keys that work."""

from __future__ import annotations

import pytest
from django.utils import timezone

from learn.publishing.sync import sync_content
from learn.quizzes.models import Question
from learn.reviews.models import Card, PendingReview

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def numeric_card(client, alice, content):
    content.valid()
    content.quiz()
    assert sync_content(content.dir, root=content.root).ok
    Card.objects.add_for(alice, Question.objects.all(), timezone.now())
    client.force_login(alice)
    return Card.objects.get(user=alice, question__qid="q-numeric")


def _feedback(client, card, response: str) -> str:
    pending = PendingReview.objects.open_for(card, timezone.now())
    return client.post(
        "/review/answer", {"token": pending.token, "response": response}, **HX
    ).content.decode()


def test_after_a_wrong_answer_the_hint_says_why_only_again_is_offered(client, numeric_card):
    html = _feedback(client, numeric_card, "5")
    assert "Keys 1–4" not in html
    assert (
        '<p class="small rate-note" data-testid="rate-hint">A wrong answer can only be rated Again.'
        '<span class="muted key-hint"> Keys: 1, space or enter.</span></p>'
    ) in html


def test_after_a_right_answer_every_key_works(client, numeric_card):
    html = _feedback(client, numeric_card, "0.988")
    assert (
        '<p class="small muted key-hint" data-testid="rate-hint">Keys 1–4; space or enter = Good.</p>' in html
    )
    assert "can only be rated Again.<" not in html
