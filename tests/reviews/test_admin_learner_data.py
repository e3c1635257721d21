"""The admin lists learners' cards, reviews, questions and exam attempts, read-only."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from learn.exams import services as exams
from learn.exams.models import ExamAttempt
from learn.quizzes.models import Question
from learn.reviews.models import Card, ReviewLog

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def admin_client(client, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.com", "admin-pass-4")
    client.force_login(root)
    return client


@pytest.fixture
def attempt(reviewed, alice):
    return exams.start_exam(
        alice, total=3, weights={"basics": 1}, seconds_per_question=90, now=T0, rng=random.Random(1)
    )


def test_it_lists_and_searches_cards_and_reviews_by_username(admin_client, reviewed, bob):
    cards = admin_client.get("/admin/reviews/card/?q=alice").content.decode()
    assert "q-truefalse" in cards and "3 cards" in cards
    assert admin_client.get("/admin/reviews/card/?q=bob").content.decode().count("q-truefalse") == 0
    logs = admin_client.get("/admin/reviews/reviewlog/?q=alice").content.decode()
    assert "q-truefalse" in logs and "1 review log" in logs
    assert admin_client.get("/admin/reviews/reviewlog/?rating__exact=4").status_code == 200
    log = ReviewLog.objects.get()
    assert admin_client.get(f"/admin/reviews/reviewlog/{log.pk}/change/").status_code == 200


def test_it_lists_questions_by_type(admin_client, reviewed):
    page = admin_client.get("/admin/quizzes/question/?type__exact=numeric").content.decode()
    assert "q-numeric" in page and "q-single" not in page
    question = Question.objects.get(qid="q-single")
    assert admin_client.get(f"/admin/quizzes/question/{question.pk}/change/").status_code == 200


def test_it_shows_an_exam_attempt_with_its_answers(admin_client, attempt):
    listing = admin_client.get("/admin/exams/examattempt/?q=alice").content.decode()
    assert "0 / 3" in listing
    detail = admin_client.get(f"/admin/exams/examattempt/{attempt.pk}/change/").content.decode()
    assert "q-single" in detail and "q-numeric" in detail and "q-truefalse" in detail
    assert 'name="_save"' not in detail


def test_nobody_can_add_change_or_delete_them(admin_client, reviewed, attempt):
    card, log = Card.objects.first(), ReviewLog.objects.get()
    question = Question.objects.get(qid="q-single")
    for url in [
        f"/admin/reviews/card/{card.pk}/",
        f"/admin/reviews/reviewlog/{log.pk}/",
        f"/admin/quizzes/question/{question.pk}/",
        f"/admin/exams/examattempt/{attempt.pk}/",
    ]:
        assert admin_client.post(url + "change/", {"reps": 99}).status_code == 403, url
        assert admin_client.post(url + "delete/", {"post": "yes"}).status_code == 403, url
    for model in ["reviews/card", "reviews/reviewlog", "quizzes/question", "exams/examattempt"]:
        assert admin_client.get(f"/admin/{model}/add/").status_code == 403, model
    assert Card.objects.filter(pk=card.pk, reps=card.reps).exists()
    assert ExamAttempt.objects.filter(pk=attempt.pk).exists()
