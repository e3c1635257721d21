"""Real concurrent submissions (threads with their own connections), on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from django.db import connection

from learn.publishing.sync import sync_content
from learn.quizzes.models import Question
from learn.reviews import services
from learn.reviews.models import Card, PendingReview, ReviewDay, ReviewLog

pytestmark = pytest.mark.django_db(transaction=True)
NOW = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
THREADS = 6


@pytest.fixture
def card(content, alice):
    content.valid()
    content.quiz()
    assert sync_content(content.dir, root=content.root).ok
    Card.objects.add_for(alice, list(Question.objects.filter(qid="q-truefalse")), NOW)
    return Card.objects.get(user=alice)


def race(fn, n=THREADS):
    barrier = threading.Barrier(n)

    def run(i):
        barrier.wait()
        try:
            return fn(i)
        finally:
            connection.close()

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(run, range(n)))


def test_the_same_submission_sent_at_once_records_one_review(alice, card):
    pending = PendingReview.objects.open_for(card, NOW)
    services.submit_answer(pending, "true", NOW)
    results = race(lambda i: services.rate(alice, pending.token, 3, NOW).status)
    assert results.count(services.RateStatus.RECORDED) == 1
    assert set(results) <= {services.RateStatus.RECORDED, services.RateStatus.DUPLICATE}
    assert ReviewLog.objects.count() == 1
    assert ReviewDay.objects.get(user=alice).reviews == 1
    card.refresh_from_db()
    assert card.reps == 1 and card.version == 1


def test_racing_reviews_of_one_card_apply_once(alice, card):
    tabs = [PendingReview.objects.open_for(card, NOW) for _ in range(THREADS)]
    for tab in tabs:
        services.submit_answer(tab, "true", NOW)
    results = race(lambda i: services.rate(alice, tabs[i].token, 1 + i % 4, NOW).status)
    assert results.count(services.RateStatus.RECORDED) == 1
    assert results.count(services.RateStatus.STALE) == THREADS - 1
    assert ReviewLog.objects.count() == 1
    card.refresh_from_db()
    assert card.reps == 1
    log = ReviewLog.objects.get()
    assert card.due == log.scheduled_due


def test_the_database_is_the_one_configured():
    assert connection.vendor in {"sqlite", "postgresql"}
