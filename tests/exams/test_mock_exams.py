"""Timed mock exams: weighted draw, server-side clock, resume, report, and privacy."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from learn.exams import services
from learn.exams.models import ExamAnswer, ExamAttempt
from learn.publishing.sync import sync_content

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
RIGHT = {"q-single": "1", "q-numeric": "0.988", "q-truefalse": "true"}


@pytest.fixture
def bank(content):
    content.valid()
    content.quiz()
    assert sync_content(content.dir, root=content.root).ok


def test_allocate_splits_by_weight_and_respects_what_exists():
    assert services.allocate(10, {"a": 1, "b": 1}, {"a": 20, "b": 20}) == {"a": 5, "b": 5}
    assert services.allocate(9, {"a": 2, "b": 1}, {"a": 20, "b": 20}) == {"a": 6, "b": 3}
    assert services.allocate(10, {"a": 1, "b": 1}, {"a": 2, "b": 20}) == {"a": 2, "b": 8}
    assert services.allocate(10, {"a": 1, "b": 0}, {"a": 3, "b": 20}) == {"a": 3}
    assert services.allocate(5, {"a": 0}, {"a": 3}) == {}


def test_an_exam_gets_cfa_pace_by_default(alice, bank):
    attempt = services.start_exam(
        alice, total=3, weights={"basics": 1}, seconds_per_question=90, now=T0, rng=random.Random(1)
    )
    assert attempt.deadline == T0 + timedelta(seconds=270)
    assert attempt.answers.count() == 3


def test_answers_after_the_deadline_are_not_counted(alice, bank):
    attempt = services.start_exam(alice, total=3, weights={"basics": 1}, seconds_per_question=90, now=T0)
    first = attempt.answers.select_related("question").get(position=1)
    services.save_answer(attempt, 1, RIGHT[first.question.qid], T0 + timedelta(seconds=60))
    second = attempt.answers.select_related("question").get(position=2)
    with pytest.raises(services.ExamError, match="Time is up"):
        services.save_answer(attempt, 2, RIGHT[second.question.qid], T0 + timedelta(seconds=271))
    attempt.refresh_from_db()
    assert attempt.finished_at == attempt.deadline
    report = services.exam_report(attempt)
    assert (report.correct, report.answered, report.total) == (1, 1, 3)
    assert len(report.missed) == 2


def test_a_reload_resumes_the_attempt_with_saved_answers(client, alice, bank):
    client.force_login(alice)
    with time_machine.travel(T0, tick=False):
        response = client.post("/exams/", {"total": 3, "seconds_per_question": 90, "weight_basics": 1})
        attempt = ExamAttempt.objects.get(user=alice)
        assert response["Location"] == f"/exams/{attempt.pk}/"
        a = attempt.answers.select_related("question").get(position=1)
        saved = client.post(
            f"/exams/{attempt.pk}/answer/1", {"response": RIGHT[a.question.qid]}, HTTP_HX_REQUEST="true"
        )
        assert "Saved: " in saved.content.decode()
    with time_machine.travel(T0 + timedelta(seconds=100), tick=False):
        page = client.get(f"/exams/{attempt.pk}/").content.decode()
        assert "Exam in progress" in page and f'data-seconds-left="{270 - 100}"' in page
        assert "Saved:" in page


def test_the_report_scores_by_track_and_outcome_and_explains_mistakes(client, alice, bank):
    attempt = services.start_exam(alice, total=3, weights={"basics": 1}, seconds_per_question=90, now=T0)
    for a in attempt.answers.select_related("question"):
        response = RIGHT[a.question.qid] if a.question.qid != "q-single" else "0"
        services.save_answer(attempt, a.position, response, T0 + timedelta(seconds=5))
    services.finish_exam(attempt, T0 + timedelta(seconds=30))
    client.force_login(alice)
    with time_machine.travel(T0 + timedelta(seconds=31), tick=False):
        html = client.get(f"/exams/{attempt.pk}/").content.decode()
    assert '<span data-testid="exam-score">2 / 3</span>' in html
    assert "A. Basics" in html and "A1.1" in html
    assert "Commercial paper is short-term borrowing." in html  # the explanation of the miss
    assert "<strong>Correct answer:</strong> B. Commercial paper" in html
    assert 'href="/lessons/first/"' in html


def test_another_learner_cannot_see_or_answer_an_attempt(client, alice, bob, bank):
    attempt = services.start_exam(alice, total=3, weights={"basics": 1}, seconds_per_question=90, now=T0)
    client.force_login(bob)
    assert client.get(f"/exams/{attempt.pk}/").status_code == 404
    assert client.post(f"/exams/{attempt.pk}/answer/1", {"response": "1"}).status_code == 404
    assert client.post(f"/exams/{attempt.pk}/finish").status_code == 404
    assert not ExamAnswer.objects.filter(attempt=attempt, answered_at__isnull=False).exists()


def test_a_start_form_with_no_weights_says_so(client, alice, bank):
    client.force_login(alice)
    html = client.post(
        "/exams/", {"total": 3, "seconds_per_question": 90, "weight_basics": 0}
    ).content.decode()
    assert "Give at least one track a weight above 0." in html


def test_every_answer_field_on_the_exam_page_has_a_unique_id(client, alice, bank):
    import re
    from collections import Counter

    attempt = services.start_exam(alice, total=3, weights={"basics": 1}, seconds_per_question=90, now=T0)
    client.force_login(alice)
    with time_machine.travel(T0 + timedelta(seconds=5), tick=False):
        html = client.get(f"/exams/{attempt.pk}/").content.decode()
    ids = [i for i in re.findall(r"<input id=\"([^\"]+)\"", html) if i != "site-search"]
    assert len(ids) >= 3 and all(i.startswith("q") for i in ids)
    assert [i for i, n in Counter(ids).items() if n > 1] == []


def test_an_answer_saved_after_the_deadline_sends_the_browser_to_the_report(client, alice, bank):
    attempt = services.start_exam(alice, total=3, weights={"basics": 1}, seconds_per_question=90, now=T0)
    client.force_login(alice)
    with time_machine.travel(T0 + timedelta(seconds=271), tick=False):
        late = client.post(f"/exams/{attempt.pk}/answer/1", {"response": "1"}, HTTP_HX_REQUEST="true")
        assert late.status_code == 200 and late["HX-Redirect"] == f"/exams/{attempt.pk}/"
        plain = client.post(f"/exams/{attempt.pk}/answer/1", {"response": "1"})
        assert plain.status_code == 302 and plain["Location"] == f"/exams/{attempt.pk}/"
        report = client.get(f"/exams/{attempt.pk}/", follow=True).content.decode()
    assert 'data-testid="exam-score"' in report and "Time is up" in report
    assert not ExamAnswer.objects.filter(attempt=attempt, answered_at__isnull=False).exists()
