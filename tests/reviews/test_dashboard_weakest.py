"""'Weakest outcomes' lists only started outcomes below the learner's target (their desired retention),
weakest first, and says what its percentage is."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from learn.reviews.dashboard import build_dashboard
from learn.reviews.models import Card, PendingReview, ReviewSettings
from learn.reviews.scheduling import Rating
from learn.reviews.services import rate, submit_answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_strong_one_weak(alice, bank):
    """A1.1: one of its three questions reviewed (recall about 33%); A2.1: its one question just
    answered right and rated Easy (recall about 100%)."""
    now = timezone.now()
    pending = PendingReview.objects.open_for(Card.objects.get(user=alice, question__qid="q-second"), now)
    submit_answer(pending, "0", now)
    rate(alice, pending.token, Rating.EASY, now)
    return now


def test_only_outcomes_below_the_target_are_weak(client, alice, one_strong_one_weak):
    board = build_dashboard(alice, timezone.now())
    recall = {m.key: m.percent for m in board.outcomes}
    assert recall["A2.1"] == 100 and recall["A1.1"] < 90
    assert board.target_percent == 90 and [m.key for m in board.weakest] == ["A1.1"]

    client.force_login(alice)
    page = client.get("/dashboard/").content.decode()
    weakest = page.split('data-testid="weakest"', 1)[1].split("</ol>", 1)[0]
    assert 'data-outcome="A1.1"' in weakest and 'data-outcome="A2.1"' not in weakest
    assert f"{recall['A1.1']}% recall, 1 of 3 questions started" in weakest
    assert "Started outcomes below your 90% target (your desired retention), weakest first." in page
    assert "mean predicted recall today over the outcome's questions" in page


def test_the_target_is_the_learners_desired_retention(client, alice, one_strong_one_weak):
    ReviewSettings.objects.filter(user=alice).update(desired_retention=0.2)
    board = build_dashboard(alice, timezone.now())
    assert board.weakest == []
    client.force_login(alice)
    page = client.get("/dashboard/").content.decode()
    assert "Every outcome you have started is at or above your 20% target" in page


def test_weakest_first(alice, bank):
    now = timezone.now()
    # q-second (A2.1's only question) was learned long ago and barely held: its recall is near 0.
    Card.objects.filter(user=alice, question__qid="q-second").update(
        reps=1, state=Card.State.REVIEW, stability=0.01, difficulty=5, last_review=now - timedelta(days=60)
    )
    board = build_dashboard(alice, now)
    recall = {m.key: m.recall for m in board.outcomes}
    assert recall["A2.1"] < recall["A1.1"] < 0.9
    assert [m.key for m in board.weakest] == ["A2.1", "A1.1"]
