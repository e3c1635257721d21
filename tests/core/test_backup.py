"""manage.py backup and restore: a database with learners' reviews backs up online and comes back whole."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from learn.core.models import ContentVersion
from learn.exams.models import ExamAnswer, ExamAttempt
from learn.exams.services import save_answer, start_exam
from learn.progress.services import check_in_lesson, complete_lesson
from learn.publishing.sync import sync_content
from learn.quizzes.models import Question
from learn.reviews.models import Card, ReviewDay, ReviewLog

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot() -> dict:
    """Every row a learner would miss, as plain values."""
    return {
        "cards": sorted(
            Card.objects.values_list("user_id", "question_id", "state", "stability", "due", "reps")
        ),
        "logs": sorted(
            ReviewLog.objects.values_list("card_id", "rating", "answer", "reviewed_at", "card_before")
        ),
        "days": sorted(ReviewDay.objects.values_list("user_id", "day", "reviews", "new_cards")),
        "attempts": sorted(ExamAttempt.objects.values_list("user_id", "started_at", "deadline", "weights")),
        "answers": sorted(ExamAnswer.objects.values_list("attempt_id", "position", "response", "correct")),
    }


def test_a_backup_restores_every_review_card_and_exam_attempt(content, alice, bob, tmp_path):
    content.valid()
    content.quiz()
    assert sync_content(content.dir, root=content.root).ok
    now = timezone.now()
    lesson = Question.objects.get(qid="q-numeric").lesson
    for user, answer in ((alice, "0.99"), (bob, "5")):
        check_in_lesson(user, Question.objects.get(qid="q-numeric"), answer, now)
        complete_lesson(user, lesson, now)
    attempt = start_exam(alice, total=2, weights={"basics": 1.0}, seconds_per_question=90, now=now)
    save_answer(attempt, 1, "1", now)
    before = snapshot()
    assert before["logs"] and before["attempts"] and before["answers"]

    path = tmp_path / "site.backup"
    call_command("backup", str(path))
    with pytest.raises(CommandError, match="exists"):
        call_command("backup", str(path))  # never overwrites
    ExamAttempt.objects.all().delete()
    ReviewLog.objects.all().delete()
    Card.objects.all().delete()
    ReviewDay.objects.all().delete()
    assert snapshot() != before

    version = ContentVersion.current()
    call_command("restore", str(path), yes=True)
    connection.close()
    assert snapshot() == before
    # The backup brought its own content version back: a new one, so no page cached before is served.
    assert ContentVersion.current() not in (0, version)


def test_restoring_something_that_is_not_a_backup_says_so(tmp_path):
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("restore", str(bogus), yes=True)
    with pytest.raises(CommandError, match="is not a file"):
        call_command("restore", str(tmp_path / "missing.backup"), yes=True)
